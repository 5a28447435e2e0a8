"""Reading the curated CSV files (figures.csv, exclusions.csv) exactly as typed.

Every cell stays a string, nothing is coerced or dropped, and each row remembers the CSV line it
begins on, so that the loader, the validator and the coverage check name the same line. This module
imports only pandas: the loader uses it on its fast path.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

LINE_INDEX = "csv_line"
"""Name of the index of :func:`read_table` frames: the CSV line on which each row begins."""


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
