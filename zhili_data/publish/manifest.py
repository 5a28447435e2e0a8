"""``manifest.json``: what ran, with which inputs, and the hashes that decide reuse.

A report is reused — its published files carried over untouched — when its inputs hash
equals the one recorded in the published manifest. The hash covers the notebook file, the
parameters passed, every file of the ``zhili_data`` package (its code, templates and the
shipped figures and sources) and the version of every installed distribution, so a change
to any of them re-runs the report.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import sys
from pathlib import Path

from zhili_data import paths
from zhili_data.exceptions import ZhiliError
from zhili_data.publish.config import is_report_name
from zhili_data.publish.hooks import Hooks
from zhili_data.publish.records import FILE_FIELDS, ManifestEntry
from zhili_data.publish.slides import slides_name
from zhili_data.publish.statefile import (
    INTEGER,
    NUMBER,
    PATH,
    Check,
    ListOf,
    Optional,
    Required,
    StateFileError,
    check,
    read_json,
)

MANIFEST_NAME = "manifest.json"
FORMAT = 1
TEXT_FIELDS = (
    "notebook",
    "title",
    "lang",
    "group",
    "summary",
    "data_version",
    "run_at",
    "last_good_run_at",
    "inputs_sha256",
    "notebook_sha256",
    "pdf_error",
)


class ManifestError(ZhiliError, ValueError):
    """``manifest.json`` exists but cannot be trusted: unreadable, of another format, or naming
    files outside the output folder."""


PACKAGE_DIR = paths.PACKAGE_DIR


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sha256_json(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@functools.cache
def code_hash() -> str:
    """One hash over every file of the ``zhili_data`` package (byte caches excluded)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def package_versions() -> dict[str, str]:
    """Every installed distribution with its version, sorted by name, plus Python itself.

    pip records a distribution as a ``<name>-<version>.dist-info`` folder on ``sys.path``, so the
    folder names say it all; reading every distribution's metadata file instead costs 0.1 s of
    CPU in every run (and most of an unchanged run). A distribution recorded another way
    (``.egg-info``) is read from its metadata. As with :func:`importlib.metadata.distributions`,
    a later ``sys.path`` entry's copy of a name is the one recorded.
    """
    import os
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:  # a missing folder or a zip file: no distribution folders of its own
            continue
        for name in names:
            stem = name[: -len(".dist-info")]
            if name.endswith(".dist-info") and stem.count("-") == 1:
                project, version = stem.split("-")
            elif name.endswith((".dist-info", ".egg-info")):
                dist = metadata.PathDistribution(Path(entry or ".") / name)
                project, version = dist.metadata["Name"], dist.version
            else:
                continue
            if project and version:
                versions[project.lower().replace("_", "-")] = version
    return dict(sorted(versions.items()))


def report_inputs_hash(*, notebook_sha256: str, parameters: dict, kernel_name: str, data: dict | None = None) -> str:
    """``data``: :func:`catalogue_hashes`, for a catalogue outside the package (``ZHILI_REPORTS_DIR``),
    whose files the code hash does not cover."""
    return sha256_json(
        {
            "format": FORMAT,
            "notebook": notebook_sha256,
            "parameters": parameters,
            "kernel": kernel_name,
            "code": code_hash(),
            "packages": package_versions(),
            "data": data,
        }
    )


def catalogue_hashes(hooks: Hooks) -> dict[str, dict[str, str]]:
    """sha256 of each catalogue report's figures.csv and source text, and one over all its files
    (the catalogue is the one ``hooks`` give)."""
    figures, source, folders = {}, {}, {}
    for report_id in hooks.report_ids():
        try:
            report = hooks.report(report_id)
        except Exception:  # a half-added catalogue folder: recorded as unreadable, never a traceback after the run
            figures[report_id] = source[report_id] = folders[report_id] = None
            continue
        figures[report_id] = sha256_file(report.figures_path) if report.figures_path.is_file() else None
        source[report_id] = sha256_file(report.source_path) if report.source_path.is_file() else None
        digest = hashlib.sha256()  # every curated file of the report (exclusions, topics, …) and its name
        for path in sorted(p for p in report.folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(
                path.relative_to(report.folder).as_posix().encode("utf-8")
                + b"\0"
                + hashlib.sha256(path.read_bytes()).digest()
            )
        folders[report_id] = digest.hexdigest()
    return {"figures": figures, "source": source, "folders": folders}


def data_version(report_id: str, hooks: Hooks) -> str:
    """``<report id>@<12 hex>``: a short hash of the report's figures.csv and source text."""
    report = hooks.report(report_id)
    digest = hashlib.sha256()
    for path in (report.figures_path, report.source_path):
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return f"{report_id}@{digest.hexdigest()[:12]}"


def report_files(name: str) -> list[str]:
    """What running report ``name`` may write into the output folder: its files, and the folder of its tables."""
    return [f"{name}.html", f"{name}.pdf", slides_name(name), f"{name}.ipynb", f"{name}.failed.ipynb", f"tables/{name}"]


NAME = Check(is_report_name, "a report name: lower-case letters, digits, '-' or '_'")
_ERROR = {
    "ename": Required(str),
    "evalue": Required(str),
    "cell_index": Required(Optional(INTEGER)),
    "execution_count": Required(Optional(INTEGER)),
    "cell_source": Required(str),
    "traceback": str,
}
_TABLE = {"csv": Required(PATH), "table": Required(str), "title": Required(str), "report": str}
_HEADLINE = {key: Required(str) for key in ("label", "value", "note", "href")}
ENTRY_SCHEMA = {
    "name": Required(NAME),
    **{field: Required(Optional(PATH)) for field in FILE_FIELDS if field not in ("pdf", "good_notebook")},
    "pdf": Optional(PATH),
    "good_notebook": Optional(PATH),
    "status": Required(("ok", "failed")),
    "seconds": Required(NUMBER),
    "cpu_seconds": Optional({"execution": Optional(NUMBER), "conversion": Optional(NUMBER)}),
    "reused": Required(bool),
    "error": Required(Optional(_ERROR)),
    "tables": Required(ListOf(_TABLE)),
    "headline": Required(ListOf(_HEADLINE)),
    "formats": Required(ListOf(str)),
    "parameters": Required(dict),
    "passed_parameters": Required(dict),
    **{field: Required(Optional(str)) for field in TEXT_FIELDS if field not in ("last_good_run_at", "pdf_error")},
    "last_good_run_at": Optional(str),
    "pdf_error": Optional(str),
}
_FAILED = {
    "error": Required(_ERROR),
    "good_notebook": Required(Optional(PATH)),
    "last_good_run_at": Required(Optional(str)),
}
"""What a report's entry of the manifest may hold: the fields a run uses, each of its type."""
SCHEMA = {"reports": Required(ListOf(ENTRY_SCHEMA)), "generated": str, "config": str}


def _check(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError(f"not a manifest of this version of `zhili run` (format {FORMAT})")
    try:
        check(manifest, SCHEMA, "manifest")
        for index, entry in enumerate(manifest["reports"]):
            if entry["status"] == "failed":  # the pages say why, and since when the last good version is shown
                check(entry, _FAILED, f"manifest.reports[{index}]")
    except StateFileError as exc:
        raise ManifestError(str(exc)) from None
    owners: dict[str, tuple[str, str]] = {}  # path -> (report, field)
    names: set[str] = set()
    for entry in manifest["reports"]:
        name = entry["name"]
        if name in names:
            raise ManifestError(f"report {name!r} appears twice in its 'reports' list")
        names.add(name)
        own = report_files(name)
        for field, relative in ManifestEntry.from_json(entry).named_files():
            if not any(relative == f or relative.startswith(f + "/") for f in own):
                raise ManifestError(
                    f"report {name!r}: its {field} names {relative!r}, which is none of the files a run of it "
                    f"writes ({', '.join(own)})"
                )
            owner, other = owners.setdefault(relative, (name, field))
            # A failed report's executed notebook may also be its last good one.
            shared = owner == name and {other, field} <= {"executed_notebook", "good_notebook"}
            if (owner, other) != (name, field) and not shared:
                raise ManifestError(
                    f"report {name!r}: its {field} names {relative!r}, which is the {other} of report {owner!r}; "
                    "a file belongs to one report"
                )


def load_manifest(out: Path) -> dict | None:
    """The published manifest of ``out``; None when there is none, :class:`ManifestError` when it is unusable.

    Every field a run uses is checked for its type (:data:`ENTRY_SCHEMA`), every path is a file
    inside the folder, none of the run's own files and none another report's."""
    try:
        manifest = read_json(out / MANIFEST_NAME)
    except FileNotFoundError:
        return None
    except StateFileError as exc:
        raise ManifestError(str(exc)) from None
    _check(manifest)
    return manifest


def write_manifest(folder: Path, manifest: dict) -> Path:
    path = folder / MANIFEST_NAME
    path.unlink(missing_ok=True)  # a new file: never written through a link to a published one
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
