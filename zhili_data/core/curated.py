"""Reading the curated CSV files (figures.csv, exclusions.csv) exactly as typed.

Every cell stays a string, nothing is coerced or dropped, and each row remembers the CSV line it
begins on, so that the loader, the validator and the coverage check name the same line. A file that
cannot be read as a table (not UTF-8, a broken quote, a row with too many fields, no header) raises
:class:`CuratedFileError` naming the file and the line; a :class:`Problem` is one thing wrong that
the validator (and the coverage check) report. This module imports only pandas: the loader uses it
on its fast path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zhili_data.core.schema import CURATED_COLUMNS
from zhili_data.exceptions import ZhiliError
from zhili_data.markup import bidi_problem
from zhili_data.suggest import suggestion


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


class FiguresFileError(ZhiliError, ValueError):
    """figures.csv cannot be loaded; ``zhili validate`` lists every problem in detail."""


def read_curated(path) -> pd.DataFrame:
    """figures.csv exactly as typed (see :func:`zhili_data.core.curated.read_table`), with every curated column."""
    table = read_table(path)
    missing = [c for c in CURATED_COLUMNS if c not in table.columns]
    if missing:
        raise FiguresFileError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(CURATED_COLUMNS)}")
    return table


LINE_INDEX = "csv_line"
"""Name of the index of :func:`read_table` frames: the CSV line on which each row begins."""


class CuratedFileError(ZhiliError, ValueError):
    """A curated CSV file cannot be read as a table; the message names the file and the line."""

    def __init__(self, path: Path, line: int | None, detail: str):
        self.path, self.line, self.detail = Path(path), line, detail
        super().__init__(f"{path}:{line}: {detail}" if line is not None else f"{path}: {detail}")


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise CuratedFileError(
            path,
            line,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at column {column}); "
            "save the file as UTF-8 (the encoding of every curated file)",
        ) from None


def _records(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and (first line, fields) of every non-empty record, as the csv module reads them."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_end = 0
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise CuratedFileError(path, 1, "no header; the first line names the columns")
        records = []
        previous_end = reader.line_num
        for fields in reader:
            if fields:
                records.append((previous_end + 1, fields))
            previous_end = reader.line_num
    except csv.Error as error:
        # An unclosed quote swallows the rest of the file: name the line where the row began.
        raise CuratedFileError(
            path,
            previous_end + 1,
            f"not a well-formed CSV row ({error}); quote a field that holds "
            'a comma, a quote (doubled: "") or a line break, and close every quote',
        ) from None
    return header, records


def read_table(path: Path) -> pd.DataFrame:
    """A curated CSV as strings, nothing coerced; the index is the CSV line each row begins on."""
    path = Path(path)
    try:
        text = _text(path)
    except OSError as error:
        raise CuratedFileError(path, None, f"cannot be read ({error.strerror or error})") from None
    header, records = _records(path, text)
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise CuratedFileError(
            path, 1, f"column(s) {', '.join(map(repr, duplicated))} appear more than once in the header"
        )
    for line, fields in [(1, header), *records]:
        for name, value in zip(header, fields):
            if message := bidi_problem(value):
                raise CuratedFileError(path, line, f"column {name!r}: {message}")
        if len(fields) != len(header):
            raise CuratedFileError(
                path,
                line,
                f"{len(fields)} fields, but the header names {len(header)} columns; quote a field that holds a comma",
            )
    frame = pd.DataFrame([fields for _, fields in records], columns=header, dtype=str)
    frame.index = pd.Index([line for line, _ in records], name=LINE_INDEX)
    return frame


def header_problems(
    columns: Sequence[str], expected: Sequence[str], *, derived: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """(column, message) for each unknown and each missing column of a header.

    An unknown column that looks like an expected one says so (``did you mean 'mention'?``); a
    ``derived`` column (computed by the loader) is named as such.
    """
    problems = []
    missing = [c for c in expected if c not in columns]
    for column in columns:
        if column in expected:
            continue
        if column in derived:
            problems.append((column, f"column {column!r} is derived by the loader, not typed; remove it"))
            continue
        problems.append((column, f"unknown column {column!r}{suggestion(column, missing or expected, n=3)}"))
    problems.extend((column, f"missing column {column!r}") for column in missing)
    return problems


def header_message(
    path: Path, columns: Sequence[str], expected: Sequence[str], *, derived: Sequence[str] = ()
) -> str | None:
    """One line naming every header problem of ``path`` and the expected columns, or None."""
    problems = header_problems(columns, expected, derived=derived)
    if not problems:
        return None
    return f"{Path(path).name}: {'; '.join(m for _, m in problems)}; expected columns: {', '.join(expected)}"


def row_lines(frame: pd.DataFrame) -> list[int | None]:
    """CSV line of each row when ``frame`` came from :func:`read_table`, else None for each."""
    if frame.index.name == LINE_INDEX:
        return [int(i) for i in frame.index]
    return [None] * len(frame)
