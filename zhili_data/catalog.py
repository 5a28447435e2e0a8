"""The catalogue of reports: one folder per report under ``reports/`` of the package, or under the
folder(s) named by the environment variable ``ZHILI_REPORTS_DIR`` (``os.pathsep``-separated), which
then replace the shipped catalogue: a team keeps its own reports outside the package."""

from __future__ import annotations

import functools
import hashlib
import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_REPORT = "zhili-2021-midyear"
REPORTS_DIR_VARIABLE = "ZHILI_REPORTS_DIR"


class UnknownReportError(KeyError):
    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


@dataclass(frozen=True)
class Report:
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
        return self.source_path.read_bytes()

    def verify_source(self) -> None:
        """Raise if the shipped source is not the one recorded in report.toml."""
        actual = hashlib.sha256(self.source_bytes()).hexdigest()
        if actual != self.source_sha256:
            raise ValueError(
                f"report {self.id!r}: {self.source_path} has sha256 {actual}, "
                f"but report.toml records {self.source_sha256}; the raw source must never be edited"
            )


SHIPPED_ROOT = Path(__file__).resolve().parent / "reports"


def reports_roots() -> tuple[Path, ...]:
    """The folders the catalogue reads: ``$ZHILI_REPORTS_DIR`` (one or more, ``os.pathsep``-separated)
    when set, else the reports shipped inside the package."""
    value = os.environ.get(REPORTS_DIR_VARIABLE, "").strip()
    if not value:
        return (SHIPPED_ROOT,)
    roots = tuple(Path(part).expanduser().resolve() for part in value.split(os.pathsep) if part.strip())
    for root in roots:
        if not root.is_dir():
            raise FileNotFoundError(f"{REPORTS_DIR_VARIABLE}={value!r}: {root} is not a folder; it must hold one folder per report")
    return roots


def list_reports() -> tuple[str, ...]:
    """Ids of every report in the catalogue, sorted."""
    return tuple(sorted(_folders(reports_roots())))


@functools.cache
def _folders(roots: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in roots:
        for folder in sorted(root.iterdir()):
            if not (folder / "report.toml").is_file():
                continue
            if folder.name in found:
                raise ValueError(f"report {folder.name!r} is in both {found[folder.name]} and {folder}; a report id must be unique")
            found[folder.name] = folder
    return found


def get_report(report: str = DEFAULT_REPORT) -> Report:
    """The catalogue entry of ``report``; an unknown id raises with the allowed ids."""
    return _entry(report, reports_roots())


@functools.cache
def _entry(report: str, roots: tuple[Path, ...]) -> Report:
    folders = _folders(roots)
    if report not in folders:
        where = f" (catalogue: {os.pathsep.join(map(str, roots))})" if roots != (SHIPPED_ROOT,) else ""
        raise UnknownReportError(f"unknown report {report!r}; allowed: {', '.join(sorted(folders))}{where}")
    folder = folders[report]
    meta = tomllib.loads((folder / "report.toml").read_text(encoding="utf-8"))
    if meta.get("id") != report:
        raise ValueError(f"{folder / 'report.toml'}: id is {meta.get('id')!r}, but the folder is {report!r}")
    meta["untitled_sections"] = tuple(meta.get("untitled_sections", ()))
    return Report(folder=folder, **meta)
