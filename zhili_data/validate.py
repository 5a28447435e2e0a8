"""Validation of a report's curated tables: figures.csv and exclusions.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LINE_INDEX = "csv_line"
"""Name of the index of :func:`read_table` frames: the CSV line on which each row begins."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a curated table (or a mention of the source nobody accounted for)."""

    file: Path
    line: int | None
    figure_id: str | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"{Path(self.file).name}:{self.line}" if self.line is not None else Path(self.file).name
        parts = [where]
        if self.figure_id:
            parts.append(f"[{self.figure_id}]")
        if self.column:
            parts.append(f"{self.column}={self.value!r}" if self.value is not None else self.column)
        return " ".join(parts) + ": " + self.message


def read_table(path: Path) -> pd.DataFrame:
    """A curated CSV as strings, nothing coerced; the index is the CSV line each row begins on."""
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # A quoted field may span lines, so the line of a row is read off the csv module, not counted.
    starts = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        previous_end = reader.line_num
        for record in reader:
            if record:
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    if len(starts) != len(frame):
        starts = list(range(2, len(frame) + 2))
    frame.index = pd.Index(starts, name=LINE_INDEX)
    return frame


def row_lines(frame: pd.DataFrame) -> list[int | None]:
    """CSV line of each row when ``frame`` came from :func:`read_table`, else None for each."""
    if frame.index.name == LINE_INDEX:
        return [int(i) for i in frame.index]
    return [None] * len(frame)
