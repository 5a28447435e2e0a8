"""The catalogue of reports: one folder per report under ``reports/`` of the package, or under the
folder(s) named by the environment variable ``ZHILI_REPORTS_DIR`` (``os.pathsep``-separated), which
then replace the shipped catalogue: a team keeps its own reports outside the package.

A report folder holds ``report.toml`` (checked key by key: every key known, required and of its
type; see :data:`REPORT_FIELDS`), the source text it names, ``figures.csv`` and ``exclusions.csv``.
A folder that lacks any of them, or a report.toml that is not right, raises :class:`ReportFileError`
naming the file, the line where TOML gives one, and what is allowed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from zhili_data import paths
from zhili_data.exceptions import ZhiliError
from zhili_data.markup import markup_problem
from zhili_data.suggest import close_matches, did_you_mean, suggestion
from zhili_data.tomlfile import read_toml

DEFAULT_REPORT = "zhili-2021-midyear"
REPORTS_DIR_VARIABLE = "ZHILI_REPORTS_DIR"
REPORT_FILES = ("report.toml", "figures.csv", "exclusions.csv")
"""The files of a report folder besides the source text that report.toml names."""


__all__ = [
    "DEFAULT_REPORT",
    "OPTIONAL_FIELDS",
    "REPORT_FIELDS",
    "REPORTS_DIR_VARIABLE",
    "SHIPPED_ROOT",
    "Report",
    "ReportFileError",
    "ReportsDirNotFoundError",
    "UnknownReportError",
    "get_report",
    "list_reports",
    "read_report_toml",
    "reports_roots",
]


class UnknownReportError(ZhiliError, KeyError):
    """No report of the catalogue has the id asked for; the message lists the allowed ids."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


class ReportFileError(ZhiliError, ValueError):
    """A report folder or its report.toml is not right; the message says where and what is allowed."""


class ReportsDirNotFoundError(ZhiliError, FileNotFoundError):
    """``$ZHILI_REPORTS_DIR`` names something that is not a folder."""


@dataclass(frozen=True)
class Report:
    """A report of the catalogue: its folder, the keys of its report.toml and the paths of its files.

    Examples
    --------
    >>> report = get_report("zhili-2021-midyear")
    >>> report.title, report.delivered.isoformat(), report.figures_path.name
    ('织里镇人民政府工作报告', '2021-08-06', 'figures.csv')
    """

    id: str
    folder: Path
    title: str
    title_en: str
    subtitle: str
    subtitle_en: str
    delivered: date
    venue: str
    venue_en: str
    speaker: str
    speaker_en: str
    source_file: str
    source_sha256: str
    source_note: str
    citation: str
    citation_en: str
    untitled_sections: tuple[str, ...] = ()
    """Opening words of paragraphs that begin a part of the report without a heading line (their
    figures' section is the enclosing heading followed by these words)."""
    headings_en: tuple[tuple[str, str], ...] = ()
    """(heading as printed, its English) for the report's headings and untitled parts: an English
    page names a figure's section in English."""

    @property
    def source_path(self) -> Path:
        return self.folder / self.source_file

    @property
    def figures_path(self) -> Path:
        return self.folder / "figures.csv"

    @property
    def exclusions_path(self) -> Path:
        return self.folder / "exclusions.csv"

    @property
    def topics_path(self) -> Path:
        return self.folder / "topics.csv"

    def source_bytes(self) -> bytes:
        """The source file's bytes; :class:`ReportFileError` when it is larger than :data:`MAX_SOURCE_BYTES`."""
        size = self.source_path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise ReportFileError(
                f"report {self.id!r}: {self.source_path} is {size:,} bytes; a source text may be at most "
                f"{MAX_SOURCE_BYTES:,} bytes (a whole work report is some 50,000); give the text of one report"
            )
        return self.source_path.read_bytes()

    def verify_source(self) -> None:
        """Raise if the shipped source is not the one recorded in report.toml."""
        actual = hashlib.sha256(self.source_bytes()).hexdigest()
        if actual != self.source_sha256:
            raise ReportFileError(
                f"report {self.id!r}: {self.source_path} has sha256 {actual}, "
                f"but report.toml records {self.source_sha256}; the raw source must never be edited"
            )


SHIPPED_ROOT = paths.SHIPPED_REPORTS_DIR
MAX_SOURCE_BYTES = 2 * 1024 * 1024
"""The largest source text a report may have: reading, cleaning and validating it takes time and
memory in proportion (a 32 MB file once took 44 s and 1.2 GB), and a work report is some 50 kB."""


def reports_roots() -> tuple[Path, ...]:
    """The folders the catalogue reads.

    Returns
    -------
    tuple of Path
        The folders named by ``$ZHILI_REPORTS_DIR`` (one or more, ``os.pathsep``-separated) when it
        is set, else :data:`SHIPPED_ROOT`, the reports shipped inside the package.

    Raises
    ------
    ReportsDirNotFoundError
        ``$ZHILI_REPORTS_DIR`` names something that is not a folder.

    Examples
    --------
    >>> reports_roots() == (SHIPPED_ROOT,)  # ZHILI_REPORTS_DIR is not set
    True
    """
    value = os.environ.get(REPORTS_DIR_VARIABLE, "").strip()
    if not value:
        return (SHIPPED_ROOT,)
    roots = tuple(Path(part).expanduser().resolve() for part in value.split(os.pathsep) if part.strip())
    for root in roots:
        if not root.is_dir():
            raise ReportsDirNotFoundError(
                f"{REPORTS_DIR_VARIABLE}={value!r}: {root} is not a folder; it must hold one folder per report"
            )
    return roots


REPORT_FIELDS: dict[str, str] = {
    "id": "the folder's name",
    "title": "title of the report, in Chinese",
    "title_en": "title of the report, in English",
    "subtitle": "subtitle, in Chinese",
    "subtitle_en": "subtitle, in English",
    "delivered": "the day the report was delivered, a TOML date such as 2021-08-06 (no quotes)",
    "venue": "where it was delivered, in Chinese",
    "venue_en": "where it was delivered, in English",
    "speaker": "who delivered it, in Chinese",
    "speaker_en": "who delivered it, in English",
    "source_file": "file name of the source text in the report's folder",
    "source_sha256": "sha256 of the source text (64 hexadecimal digits)",
    "source_note": "how the source text was obtained",
    "citation": "citation line under charts, in Chinese",
    "citation_en": "citation line under charts, in English",
}
"""The required keys of report.toml; ``delivered`` is a date, every other key text."""

OPTIONAL_FIELDS: dict[str, str] = {
    "untitled_sections": "opening words of paragraphs that begin a part of the report without a heading "
    'line, an array of text such as ["今年以来，我们切实加强政府自身建设"]',
    "headings_en": "the English of each heading (and untitled part) as printed, a table of text written "
    'one heading a line: headings_en."一、上半年工作回顾" = "1. Review of H1 2021"',
}
"""Keys report.toml may hold besides :data:`REPORT_FIELDS`."""


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _toml_type(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "text",
        list: "an array",
        dict: "a table",
        date: "a date",
        datetime: "a date and time",
    }
    return names.get(type(value), type(value).__name__)


def read_report_toml(path: Path, report: str) -> dict:
    """The keys of a report.toml, checked one by one against :data:`REPORT_FIELDS`.

    Parameters
    ----------
    path : Path
        The report.toml.
    report : str
        The id of the report (its folder's name), which the ``id`` key must repeat.

    Returns
    -------
    dict
        The keys, ``delivered`` as a :class:`datetime.date`.

    Raises
    ------
    ReportFileError
        Every problem at once, one per line, each with the file and line: an unknown key (with a
        suggestion), a missing one, a value of the wrong type, an empty or marked-up text.

    Examples
    --------
    >>> meta = read_report_toml(SHIPPED_ROOT / "zhili-2021-midyear" / "report.toml", "zhili-2021-midyear")
    >>> meta["delivered"]
    datetime.date(2021, 8, 6)
    """
    meta, text = read_toml(path, ReportFileError, what="report.toml")

    def where(key: str) -> str:
        line = _key_line(text, key)
        return f"{path}:{line}" if line else str(path)

    problems = []
    known = {**REPORT_FIELDS, **OPTIONAL_FIELDS}
    for key, value in meta.items():
        if key not in known:
            hint = suggestion(key, [k for k in known if k not in meta] or known, n=3)
            problems.append(f"{where(key)}: unknown key {key!r}{hint}; allowed: {', '.join(known)}")
        elif key == "untitled_sections":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(f"{where(key)}: untitled_sections must be {OPTIONAL_FIELDS[key]}, not {value!r}")
        elif key == "headings_en":
            if not isinstance(value, dict) or not all(
                isinstance(v, str) and v.strip() and k.strip() for k, v in value.items()
            ):
                problems.append(f"{where(key)}: headings_en must be {OPTIONAL_FIELDS[key]}, not {value!r}")
        elif key == "delivered":
            if isinstance(value, str):
                problems.append(
                    f"{where(key)}: delivered = {value!r} is text; write the date as a TOML date, "
                    f"without quotes, e.g. delivered = 2021-08-06"
                )
            elif isinstance(value, datetime) or not isinstance(value, date):
                problems.append(f"{where(key)}: delivered must be a date such as 2021-08-06, not {_toml_type(value)}")
        elif not isinstance(value, str):
            problems.append(
                f"{where(key)}: {key} must be text (a quoted TOML string), not {_toml_type(value)} ({value!r})"
            )
        elif not value.strip():
            problems.append(f"{where(key)}: {key} must not be empty ({REPORT_FIELDS[key]})")
        elif key == "source_sha256" and not re.fullmatch(r"[0-9a-f]{64}", value):
            problems.append(f"{where(key)}: source_sha256 must be 64 lower-case hexadecimal digits")
        elif key == "source_file" and (Path(value).name != value or value in (".", "..")):
            problems.append(
                f"{where(key)}: source_file {value!r} must be a file name in the report's folder, not a path"
            )
        elif key == "id" and value != report:
            problems.append(f"{where(key)}: id is {value!r}, but the folder is {report!r}; they must be the same")
        elif message := markup_problem(value):
            problems.append(f"{where(key)}: {key}={value!r}: {message}")
    missing = [key for key in REPORT_FIELDS if key not in meta]
    if missing:
        problems.append(
            f"{path}: missing key(s) {', '.join(missing)}; every report.toml holds "
            + "; ".join(f"{k} ({REPORT_FIELDS[k]})" for k in missing)
        )
    if problems:
        raise ReportFileError("\n".join(problems))
    return meta


def _missing_files(folder: Path, meta: dict | None) -> list[str]:
    names = list(REPORT_FILES) + ([meta["source_file"]] if meta else [])
    return [name for name in names if not (folder / name).is_file()]


def list_reports() -> tuple[str, ...]:
    """The ids of every report in the catalogue.

    Returns
    -------
    tuple of str
        Sorted; one per report folder of :func:`reports_roots` (a half-added folder is listed, so
        that :func:`get_report` can say what it lacks).

    Examples
    --------
    >>> list_reports()
    ('zhili-2021-midyear',)
    """
    return tuple(sorted(_folders(reports_roots())))


def _is_report_folder(folder: Path) -> bool:
    """A folder with any file of a report: a half-added one is listed, so that it is named, not skipped."""
    return (
        folder.is_dir() and not folder.name.startswith((".", "_")) and any((folder / f).is_file() for f in REPORT_FILES)
    )


@functools.cache
def _folders(roots: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in roots:
        for folder in sorted(root.iterdir()):
            if not _is_report_folder(folder):
                continue
            if folder.name in found:
                raise ReportFileError(
                    f"report {folder.name!r} is in both {found[folder.name]} and {folder}; a report id must be unique"
                )
            found[folder.name] = folder
    return found


def get_report(report: str = DEFAULT_REPORT) -> Report:
    """The catalogue entry of one report, its report.toml checked.

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
        The id of the report.

    Returns
    -------
    Report

    Raises
    ------
    UnknownReportError
        No such report; the message suggests close ids and lists the allowed ones.
    ReportFileError
        The folder lacks a file or its report.toml is not right.

    Examples
    --------
    >>> get_report().speaker
    '陈勇杰（织里镇人民政府镇长）'
    >>> get_report("zhili-2021")
    Traceback (most recent call last):
    ...
    zhili_data.core.catalog.UnknownReportError: unknown report 'zhili-2021'; did you mean 'zhili-2021-midyear'? allowed: ...
    """
    return _entry(report, reports_roots())


@functools.cache
def _entry(report: str, roots: tuple[Path, ...]) -> Report:
    folders = _folders(roots)
    if report not in folders:
        where = f" (catalogue: {os.pathsep.join(map(str, roots))})" if roots != (SHIPPED_ROOT,) else ""
        hint = did_you_mean(close_matches(report, sorted(folders)))
        raise UnknownReportError(
            f"unknown report {report!r}; "
            + (f"{hint} " if hint else "")
            + f"allowed: {', '.join(sorted(folders))}{where}"
        )
    folder = folders[report]
    _check_links(folder, next(root for root in roots if folder.parent == root))
    if not (folder / "report.toml").is_file():
        raise _incomplete(folder, None)
    meta = read_report_toml(folder / "report.toml", report)
    if _missing_files(folder, meta):
        raise _incomplete(folder, meta)
    meta["untitled_sections"] = tuple(meta.get("untitled_sections", ()))
    meta["headings_en"] = tuple(meta.get("headings_en", {}).items())
    return Report(folder=folder, **meta)


def _check_links(folder: Path, root: Path) -> None:
    """Refuse a report folder, or an entry of it, that is a symbolic link leading out of the catalogue
    folder: the curated files and the source are read from the report's own folder only."""
    inside = folder.resolve()
    if not inside.is_relative_to(root.resolve()):
        raise ReportFileError(
            f"{folder}: is a symbolic link to {inside}, outside the catalogue folder {root}; "
            "copy the report folder into the catalogue instead"
        )
    for entry in sorted(folder.rglob("*")):
        if entry.is_symlink() and not entry.resolve().is_relative_to(inside):
            raise ReportFileError(
                f"{entry}: is a symbolic link to {entry.resolve()}, outside the report folder {folder}; "
                "a report folder holds its own files: copy the file in instead"
            )


def _incomplete(folder: Path, meta: dict | None) -> ReportFileError:
    missing = _missing_files(folder, meta)
    return ReportFileError(
        f"{folder}: the report folder is incomplete: {', '.join(missing)} missing; a report folder holds "
        "report.toml, the source text its source_file names, figures.csv and exclusions.csv "
        "(see zhili_data/reports/README.md)"
    )
