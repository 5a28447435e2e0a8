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
from pathlib import Path, PurePosixPath

from zhili_data import paths
from zhili_data.catalog import get_report, list_reports
from zhili_data.exceptions import ZhiliError

MANIFEST_NAME = "manifest.json"
FORMAT = 1
FILE_FIELDS = ("html", "executed_notebook", "good_notebook")


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


def catalogue_hashes() -> dict[str, dict[str, str]]:
    """sha256 of each catalogue report's figures.csv and source text, and one over all its files."""
    figures, source, folders = {}, {}, {}
    for report_id in list_reports():
        try:
            report = get_report(report_id)
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


def data_version(report_id: str) -> str:
    """``<report id>@<12 hex>``: a short hash of the report's figures.csv and source text."""
    report = get_report(report_id)
    digest = hashlib.sha256()
    for path in (report.figures_path, report.source_path):
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return f"{report_id}@{digest.hexdigest()[:12]}"


def is_inside(relative) -> bool:
    """Whether ``relative`` is a plain path inside the output folder (no ``..``, not absolute)."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
        return False
    path = PurePosixPath(relative)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def _check(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError(f"not a manifest of this version of `zhili run` (format {FORMAT})")
    reports = manifest.get("reports")
    if not isinstance(reports, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) for r in reports
    ):
        raise ManifestError("its 'reports' list is damaged")
    for entry in reports:
        files = [entry.get(f) for f in FILE_FIELDS if entry.get(f) is not None]
        tables = entry.get("tables", [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise ManifestError(f"report {entry['name']!r}: its 'tables' list is damaged")
        files += [t.get("csv") for t in tables]
        for relative in files:
            if not is_inside(relative):
                raise ManifestError(
                    f"report {entry['name']!r} names {relative!r}, which is not a file inside the folder"
                )


def load_manifest(out: Path) -> dict | None:
    """The published manifest of ``out``; None when there is none, :class:`ManifestError` when it is unusable."""
    path = out / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise ManifestError(f"not JSON ({exc})") from None
    _check(manifest)
    return manifest


def read_manifest(out: Path) -> dict | None:
    """The published manifest, or None when there is none usable (then nothing is reused)."""
    try:
        return load_manifest(out)
    except ManifestError:
        return None


def write_manifest(folder: Path, manifest: dict) -> Path:
    path = folder / MANIFEST_NAME
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
