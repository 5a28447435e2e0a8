"""Readings: the choices the report leaves open about a figure, curated beside figures.csv.

A report does not always say what a number covers: an H1 count written without 上半年 may run to
30 June or to the report date; a cumulative 截至目前 figure may include earlier years; a plan in
the second-half section may be for the half or for the year; a count may cover fewer firms than the
target it is set against. ``readings.csv`` in the report's folder lists, for each such figure, the
reading ``figures.csv`` follows (``main``) and every alternative, each with a note; the target-gap
analysis evaluates each target under every combination of its figures' readings.

Columns (every cell typed as text, like figures.csv):

- ``reading_id``: unique slug of the reading.
- ``figure_id``: the figure of figures.csv it reads.
- ``main``: ``true`` for the reading figures.csv follows (exactly one per figure), ``false`` for an
  alternative (at least one per figure: a figure with a main reading only leaves nothing open).
- ``period``: what the figure covers under this reading: a period code (``2021H1``, ``2021``,
  ``2021H2``, ``to_date``) or an ISO interval of days (``2021-01-01/2021-08-06``; ``..`` for an
  unknown start: ``../2021-08-06`` is a count that may include earlier years). A main reading covers
  the figure's period, or narrows an unknown start (to_date) to a known one.
- ``population``: empty (the figure counts what the figure it is paired with counts) or ``part``
  (an actual that counts only part of what its target counts, so a lower bound of it).
- ``note``: why the text leaves this open and what speaks for the reading.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.curated import read_curated, read_table, row_lines
from zhili_data.core.periods import Span, parse_span, period_bounds
from zhili_data.exceptions import ZhiliError

READING_COLUMNS = ("reading_id", "figure_id", "main", "period", "population", "note")
READING_FIELDS = {
    "reading_id": ("Reading", "Unique slug of the reading."),
    "figure_id": ("Figure", "The figure of figures.csv this reading reads."),
    "main": ("Main", "true for the reading figures.csv follows (one per figure), false for an alternative."),
    "period": (
        "Period",
        "What the figure covers under this reading: a period code (2021H1, 2021, 2021H2, to_date) or an ISO "
        "interval of days (2021-01-01/2021-08-06; ../2021-08-06 for an unknown start).",
    ),
    "population": (
        "Population",
        "Empty: the same population as the figure it is paired with; part: an actual that counts only "
        "part of what its target counts (a lower bound of it).",
    ),
    "note": ("Note", "Why the text leaves this open and what speaks for the reading."),
}
"""Title and description of each column of readings.csv (for the exported datapackage.json)."""
POPULATIONS = ("", "part")
FILE_NAME = "readings.csv"


__all__ = [
    "FILE_NAME",
    "POPULATIONS",
    "READING_COLUMNS",
    "READING_FIELDS",
    "ReadingProblem",
    "ReadingsFileError",
    "load_readings",
    "reading_problems",
    "readings_path",
]


class ReadingsFileError(ZhiliError, ValueError):
    """readings.csv cannot be used; ``zhili validate`` lists every problem in detail."""


@dataclass(frozen=True)
class ReadingProblem:
    """One thing wrong with a row of readings.csv (the validator turns it into a ``Problem``)."""

    line: int | None
    reading_id: str | None
    column: str | None
    value: str | None
    message: str


def readings_path(report: str = DEFAULT_REPORT) -> Path:
    """Where a report's readings.csv is (or would be).

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
        The report's id.

    Returns
    -------
    Path

    Examples
    --------
    >>> readings_path().name, readings_path().parent.name
    ('readings.csv', 'zhili-2021-midyear')
    """
    return get_report(report).folder / FILE_NAME


def reading_problems(readings: pd.DataFrame, figures: pd.DataFrame, *, report_date: date) -> list[ReadingProblem]:
    """Every problem of a readings table, checked against the figures it reads.

    Parameters
    ----------
    readings : DataFrame
        readings.csv as read by :func:`zhili_data.core.curated.read_table` (every cell text).
    figures : DataFrame
        The figures, with ``figure_id``, ``basis`` and ``period``.
    report_date : date
        The day the report was delivered (``to_date`` ends there).

    Returns
    -------
    list of ReadingProblem
        In file order; empty when the table is right.

    Examples
    --------
    >>> from datetime import date
    >>> from zhili_data.core.curated import read_table
    >>> from zhili_data.core.figures import load_figures
    >>> readings = read_table(readings_path())
    >>> reading_problems(readings, load_figures(), report_date=date(2021, 8, 6))
    []
    >>> readings.loc[4, "main"] = "yes"  # the row on line 4 of the file
    >>> problem = reading_problems(readings, load_figures(), report_date=date(2021, 8, 6))[0]
    >>> problem.line, problem.column, problem.value, problem.message
    (4, 'main', 'yes', 'not allowed; allowed: true (the reading figures.csv follows) or false (an alternative)')
    """
    missing = [c for c in READING_COLUMNS if c not in readings.columns]
    unknown = [c for c in readings.columns if c not in READING_COLUMNS]
    problems = [
        ReadingProblem(1, None, c, None, f"missing column; the columns are {', '.join(READING_COLUMNS)}")
        for c in missing
    ]
    problems += [
        ReadingProblem(1, None, c, None, f"unknown column; allowed: {', '.join(READING_COLUMNS)}") for c in unknown
    ]
    if missing:
        return problems
    by_figure = {str(f): (str(b), str(p)) for f, b, p in zip(figures["figure_id"], figures["basis"], figures["period"])}
    seen: dict[str, int | None] = {}
    mains: dict[str, int] = {}
    alternatives: dict[str, int] = {}
    first_line: dict[str, int | None] = {}
    for line, row in zip(row_lines(readings), readings.itertuples(index=False)):

        def problem(column: str, value: str, message: str, line=line, row=row) -> None:
            problems.append(ReadingProblem(line, row.reading_id or None, column, value, message))

        if not re.fullmatch(r"[a-z][a-z0-9_]*", row.reading_id):
            problem(
                "reading_id",
                row.reading_id,
                "not allowed; allowed: a slug of lowercase letters, digits and underscores",
            )
        elif row.reading_id in seen:
            problem(
                "reading_id",
                row.reading_id,
                f"repeats the reading_id of line {seen[row.reading_id]}; reading_id must be unique",
            )
        else:
            seen[row.reading_id] = line
        first_line.setdefault(row.figure_id, line)
        figure = by_figure.get(row.figure_id)
        if figure is None:
            problem("figure_id", row.figure_id, "names no figure_id of figures.csv")
        if row.main not in ("true", "false"):
            problem(
                "main",
                row.main,
                "not allowed; allowed: true (the reading figures.csv follows) or false (an alternative)",
            )
        else:
            counter = mains if row.main == "true" else alternatives
            counter[row.figure_id] = counter.get(row.figure_id, 0) + 1
        span: Span | None = None
        try:
            span = parse_span(row.period, report_date=report_date)
        except ValueError as error:
            problem("period", row.period, str(error))
        if row.population not in POPULATIONS:
            problem(
                "population",
                row.population,
                "not allowed; allowed: empty (the same population) or part (an actual that counts part of its target's)",
            )
        elif row.population == "part" and figure is not None and figure[0] != "actual":
            problem(
                "population",
                row.population,
                "only an actual counts part of what its target counts; leave it empty on a target",
            )
        if not row.note.strip():
            problem("note", row.note, "is required: say why the text leaves this open")
        if figure is not None and span is not None and row.main == "true":
            start, end = period_bounds(figure[1], report_date=report_date)
            if span[1] != end or (start is not None and span[0] != start):
                problem(
                    "period",
                    row.period,
                    f"a main reading covers the figure's period {figure[1]!r} (or narrows its unknown start); "
                    "an alternative is main=false",
                )
    for figure_id, line in first_line.items():
        if figure_id not in by_figure:
            continue
        if mains.get(figure_id, 0) != 1:
            problems.append(
                ReadingProblem(
                    line,
                    None,
                    "main",
                    None,
                    f"{figure_id}: {mains.get(figure_id, 0)} main readings; each figure read here has exactly one",
                )
            )
        if not alternatives.get(figure_id):
            problems.append(
                ReadingProblem(
                    line,
                    None,
                    "main",
                    None,
                    f"{figure_id}: no alternative reading; a figure with only its main reading leaves nothing open",
                )
            )
    return sorted(problems, key=lambda p: p.line or 0)


@functools.cache
def _load(report: str) -> pd.DataFrame:
    path = readings_path(report)
    columns = ["reading_id", "figure_id", "main", "period", "population", "note", "start", "end"]
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    table = read_table(path)
    figures = read_curated(get_report(report).figures_path)
    report_date = get_report(report).delivered
    problems = reading_problems(table, figures, report_date=report_date)
    if problems:
        listing = "; ".join(f"line {p.line} {p.column}={p.value!r}: {p.message}" for p in problems[:5])
        raise ReadingsFileError(
            f"{path}: {len(problems)} problem(s): {listing}; run `zhili validate` for every problem"
        )
    spans = [parse_span(p, report_date=report_date) for p in table["period"]]
    out = table.reset_index(drop=True).copy()
    out["main"] = out["main"] == "true"
    out["start"] = [s for s, _ in spans]
    out["end"] = [e for _, e in spans]
    return out[columns]


def load_readings(report: str = DEFAULT_REPORT) -> pd.DataFrame:
    """The readings of a report: what each figure the text leaves open may cover.

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
        The report's id.

    Returns
    -------
    DataFrame
        The curated columns, ``main`` as a bool, and ``start``/``end``: the days the figure covers
        under each reading (``start`` None: unknown). Empty when the report has no readings.csv.

    Raises
    ------
    ReadingsFileError
        readings.csv is not right (``zhili validate`` lists every problem).

    Examples
    --------
    >>> readings = load_readings()
    >>> readings.loc[readings["figure_id"] == "projects_started_100m_plus_2021h1_actual", ["main", "period", "end"]]
        main                 period         end
    0   True                 2021H1  2021-06-30
    1  False  2021-01-01/2021-08-06  2021-08-06
    """
    return _load(report).copy()
