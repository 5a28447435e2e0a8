"""The catalogue of reports shipped inside the package: one folder per report under ``reports/``."""

from __future__ import annotations

import functools
import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_REPORT = "zhili-2021-midyear"


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

    @property
    def source_path(self) -> Path:
        return self.folder / self.source_file

    @property
    def figures_path(self) -> Path:
        return self.folder / "figures.csv"

    @property
    def exclusions_path(self) -> Path:
        return self.folder / "exclusions.csv"

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


def _reports_root() -> Path:
    return Path(__file__).resolve().parent / "reports"


@functools.cache
def list_reports() -> tuple[str, ...]:
    """Ids of every report in the catalogue, sorted."""
    return tuple(sorted(p.name for p in _reports_root().iterdir() if (p / "report.toml").is_file()))


@functools.cache
def get_report(report: str = DEFAULT_REPORT) -> Report:
    """The catalogue entry of ``report``; an unknown id raises with the allowed ids."""
    if report not in list_reports():
        raise UnknownReportError(f"unknown report {report!r}; allowed: {', '.join(list_reports())}")
    folder = _reports_root() / report
    meta = tomllib.loads((folder / "report.toml").read_text(encoding="utf-8"))
    if meta.get("id") != report:
        raise ValueError(f"{folder / 'report.toml'}: id is {meta.get('id')!r}, but the folder is {report!r}")
    return Report(folder=folder, **meta)
