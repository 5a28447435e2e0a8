"""Validation of a report's curated tables: figures.csv against the schema and the source,
exclusions.csv and the coverage of the source.

Every problem names the file, the CSV line and figure_id of the row, the column, the bad value and
what is allowed, so that a curator can fix it without reading this code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from zhili_data.core.catalog import DEFAULT_REPORT, Report, get_report
from zhili_data.core.coverage import coverage_problems
from zhili_data.core.curated import CuratedFileError, Problem, header_problems, read_table, row_lines
from zhili_data.core.draft import todo_problems
from zhili_data.core.numbers import (
    MULTIPLIERS,
    UNCOUNTED_UNITS,
    FigureTextError,
    ParsedFigure,
    UnknownUnitError,
    parse_figure_text,
    split_unit,
    standard_unit,
    to_decimal,
)
from zhili_data.core.readings import FILE_NAME as READINGS_FILE
from zhili_data.core.readings import reading_problems
from zhili_data.core.schema import COLUMNS, CURATED_COLUMNS, FREE_TEXT_COLUMNS, PERCENT_MEASURES, Column
from zhili_data.core.source import CleanSource, clean_source, normalize, source_text
from zhili_data.core.terms import FILE_NAME as TERMS_FILE
from zhili_data.core.terms import term_problems
from zhili_data.core.topics import topic_problems
from zhili_data.exceptions import ZhiliError
from zhili_data.language import has_cjk
from zhili_data.markup import markup_problem

__all__ = [
    "UNCOUNTED_UNITS",
    "FiguresInvalid",
    "Problem",
    "check_report",
    "figures_schema",
    "validate_figures",
    "validate_report",
]


class FiguresInvalid(ZhiliError, ValueError):
    """The curated tables of a report have problems; ``problems`` lists every one of them."""

    def __init__(self, report_id: str, problems: list[Problem]):
        self.report_id = report_id
        self.problems = list(problems)
        listing = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"report {report_id!r}: {len(self.problems)} problem(s) in the curated figures:\n{listing}")


# ---------------------------------------------------------------- the table's shape (pandera)


def _is_number(value: str) -> bool:
    try:
        to_decimal(value)
    except ValueError:
        return False
    return True


def _checks(column: Column) -> list[pa.Check]:
    """Element-wise checks of one column; their names say what is allowed (shown in problems)."""
    optional = not column.required
    checks = []
    if column.required:
        checks.append(pa.Check(lambda v: v.strip() != "", element_wise=True, name="required: must not be empty"))
    if column.type == "number":
        checks.append(
            pa.Check(
                lambda v, o=optional: (o and v == "") or _is_number(v),
                element_wise=True,
                name="a number as printed, such as 181, 29.6 or 1000",
            )
        )
    if column.type == "integer":
        checks.append(
            pa.Check(
                lambda v, o=optional: (o and v == "") or re.fullmatch(r"-?\d+", v) is not None,
                element_wise=True,
                name="a whole number",
            )
        )
    if column.enum:
        checks.append(
            pa.Check(
                lambda v, e=column.enum, o=optional: (o and v == "") or v in e,
                element_wise=True,
                name=f"one of: {', '.join(column.enum)}",
            )
        )
    if column.pattern:
        checks.append(
            pa.Check(
                lambda v, p=re.compile(column.pattern), o=optional: (o and v == "") or p.fullmatch(v) is not None,
                element_wise=True,
                name=f"a value matching {column.pattern}",
            )
        )
    return checks


def figures_schema() -> pa.DataFrameSchema:
    """The pandera schema of figures.csv as read by :func:`read_table` (strings), built from ``schema.COLUMNS``.

    Only the curated columns belong in the file; the derived ones (section, page, value_std) are
    computed by the loader, so the schema is strict about column names.

    Returns
    -------
    pandera.DataFrameSchema

    Examples
    --------
    >>> schema = figures_schema()
    >>> schema.strict, list(schema.columns)[:3]
    (True, ['report_id', 'figure_id', 'indicator_id'])
    """
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(
                str, checks=_checks(c), nullable=False, required=True, title=c.title, description=c.description
            )
            for c in COLUMNS
            if not c.derived
        },
        strict=True,
        ordered=False,
        name="figures.csv",
    )


def _schema_problems(figures: pd.DataFrame, path: Path) -> list[Problem]:
    try:
        figures_schema().validate(figures, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    lines = dict(zip(figures.index, row_lines(figures)))
    ids = dict(zip(figures.index, figures["figure_id"])) if "figure_id" in figures.columns else {}
    problems = []
    for case in cases.itertuples(index=False):
        check = str(case.check)
        if check in ("column_in_schema", "column_in_dataframe"):
            continue  # the header's problems are named by _header_problems, with a "did you mean"
        elif case.index is None or pd.isna(case.index):
            problems.append(Problem(path, None, None, case.column, str(case.failure_case), f"fails {check}"))
        else:
            message = (
                "is required: it must not be empty"
                if check.startswith("required")
                else f"not allowed; allowed: {check}"
            )
            problems.append(
                Problem(
                    path,
                    lines.get(case.index),
                    ids.get(case.index) or None,
                    case.column,
                    str(case.failure_case),
                    message,
                )
            )
    return problems


def _header_problems(figures: pd.DataFrame, path: Path) -> list[Problem]:
    derived = [c.name for c in COLUMNS if c.derived]
    expected = f"; expected columns: {', '.join(CURATED_COLUMNS)}"
    return [
        Problem(path, 1, None, column, None, message + expected)
        for column, message in header_problems(list(figures.columns), CURATED_COLUMNS, derived=derived)
    ]


# ---------------------------------------------------------------- free text


def _free_text_problems(figures: pd.DataFrame, path: Path) -> list[Problem]:
    problems = []
    ids = figures["figure_id"] if "figure_id" in figures.columns else [None] * len(figures)
    for column in FREE_TEXT_COLUMNS:
        if column not in figures.columns:
            continue
        for line, figure_id, value in zip(row_lines(figures), ids, figures[column]):
            if message := markup_problem(value):
                problems.append(Problem(path, line, figure_id or None, column, value, message))
    return problems


# ---------------------------------------------------------------- each row against the source


def _quote_problem(quote: str, source: CleanSource) -> str | None:
    count = source.count(quote)
    if count == 1:
        return None
    if count > 1:
        return f"occurs {count} times in the source; lengthen it until it occurs once"
    needle = normalize(quote)
    # Say how far the quote matches, to point at the mistyped character.
    low, high = 0, len(needle)
    while low < high:
        mid = (low + high + 1) // 2
        if needle[:mid] in source.text:
            low = mid
        else:
            high = mid - 1
    hint = f"; its first {low} characters match, then {needle[low : low + 6]!r} differs" if low else ""
    return f"is not in the source (compared without whitespace){hint}; copy it verbatim from the report"


def _unit_en_problem(unit_std: str, unit_en: str) -> str | None:
    """Why ``unit_en`` does not fit a figure in ``unit_std`` (a count needs its noun), or None."""
    unit_en = unit_en.strip()
    if unit_std in UNCOUNTED_UNITS:
        if unit_en:
            return f"must be empty for a figure in {unit_std} (a measure, not a count); allowed: empty"
        return None
    if not unit_en:
        return (
            f"required for a count ({unit_std}); allowed: what is counted as an English plural noun "
            "(projects, firms, people, households, cases)"
        )
    if not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", unit_en):
        return "must be lowercase English words (a plural noun such as projects or parking spaces)"
    return None


def _row_problems(figures: pd.DataFrame, report: Report, path: Path) -> list[Problem]:
    source = clean_source(report.id)
    problems: list[Problem] = []
    indicator_ids = set(figures["indicator_id"])
    first_line: dict[str, int | None] = {}
    for line, row in zip(row_lines(figures), figures.itertuples(index=False)):
        figure_id = row.figure_id or None

        def problem(column: str, value: str, message: str, line=line, figure_id=figure_id) -> None:
            problems.append(Problem(path, line, figure_id, column, value, message))

        if row.report_id != report.id:
            problem("report_id", row.report_id, f"must be {report.id!r}, the report whose folder holds this file")
        if row.figure_id in first_line:
            where = first_line[row.figure_id]
            problem("figure_id", row.figure_id, f"repeats the figure_id of line {where}; figure_id must be unique")
        else:
            first_line[row.figure_id] = line

        quote, text = normalize(row.quote), normalize(row.figure_text)
        if quote and (message := _quote_problem(quote, source)):
            problem("quote", row.quote, message)
        if text and quote:
            occurrences = quote.count(text)
            if occurrences == 0:
                problem(
                    "figure_text", row.figure_text, "is not inside the quote; copy the figure as printed in the quote"
                )
            elif occurrences > 1:
                problem(
                    "figure_text",
                    row.figure_text,
                    f"occurs {occurrences} times in the quote; shorten the quote so the figure is unambiguous",
                )

        if has_cjk(row.quote_en):
            problem(
                "quote_en",
                row.quote_en,
                "holds Chinese characters or full-width punctuation; allowed: an English translation "
                "of the quote with no Chinese character or full-width punctuation (pages show the Chinese original beside it)",
            )

        if message := _unit_en_problem(row.unit_std, row.unit_en):
            problem("unit_en", row.unit_en, message)

        parsed = None
        if text:
            try:
                parsed = parse_figure_text(row.figure_text)
            except FigureTextError as error:
                problem("figure_text", row.figure_text, str(error))
        if row.quote_en.strip() and (message := _translation_problem(row.quote, row.quote_en, parsed)):
            problem("quote_en", row.quote_en, message)
        unit_known = True
        try:
            split_unit(row.unit)
        except UnknownUnitError as error:
            unit_known = False
            problem("unit", row.unit, str(error))
        if parsed is not None:
            if _is_number(row.value) and to_decimal(row.value) != parsed.number:
                problem(
                    "value",
                    row.value,
                    f"figure_text {row.figure_text!r} reads {parsed.number}; value must be the number as printed",
                )
            if row.unit != parsed.unit:
                problem(
                    "unit",
                    row.unit,
                    f"figure_text {row.figure_text!r} reads unit {parsed.unit!r}; unit must be the unit as printed, multiplier included",
                )
            if row.qualifier != parsed.qualifier:
                problem(
                    "qualifier",
                    row.qualifier,
                    f"figure_text {row.figure_text!r} reads {parsed.qualifier!r} (约 about; 近 nearly; 余, 多, 以上, 超, 超过, 突破 at_least; otherwise exact)",
                )
        if unit_known and row.unit_std:
            try:
                standard_unit(row.unit, row.unit_std)
            except ValueError as error:
                problem("unit_std", row.unit_std, str(error))

        if row.measure in PERCENT_MEASURES and row.unit != "%":
            problem("unit", row.unit, f"a {row.measure} is a percentage; allowed: %")
        if row.unit == "%" and row.measure == "level":
            problem("measure", row.measure, f"a percentage is not a level; allowed: {', '.join(PERCENT_MEASURES)}")
        if row.measure == "share":
            for column in ("share_of", "share_of_en"):
                if not getattr(row, column).strip():
                    problem(
                        column,
                        getattr(row, column),
                        "a share must name its whole (in Chinese in share_of, in English in share_of_en)",
                    )
        else:
            for column in ("share_of", "share_of_en"):
                if getattr(row, column).strip():
                    problem(column, getattr(row, column), f"only a share names a whole; measure is {row.measure!r}")
        if row.part_relation and not row.part_of:
            problem(
                "part_relation",
                row.part_relation,
                "only a part names its relation to the whole; set part_of or leave part_relation empty",
            )
        if row.part_of:
            if row.part_of == row.indicator_id:
                problem(
                    "part_of",
                    row.part_of,
                    "names the row's own indicator; it must name the whole this figure is part of",
                )
            elif row.part_of not in indicator_ids:
                problem(
                    "part_of",
                    row.part_of,
                    "names no indicator_id of this file; allowed: an indicator_id of another row",
                )
    return problems


# ---------------------------------------------------------------- the translation's numbers

# An Arabic number of the quote with its multiplier: 181亿 is 18,100,000,000, 45万 is 450,000.
_QUOTE_NUMBER = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)([{''.join(MULTIPLIERS)}]*)")
_ENGLISH_SCALES = {"hundred": 100, "thousand": 1_000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE = rf"(?:[\s-]+({'|'.join(_ENGLISH_SCALES)})\b)?"
_ENGLISH_NUMBER = re.compile(rf"(?<![\w.,])(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?{_SCALE}", re.IGNORECASE)
_ENGLISH_WORDS = {
    w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_ENGLISH_WORD = re.compile(rf"\b({'|'.join(_ENGLISH_WORDS)})\b{_SCALE}", re.IGNORECASE)


def _quote_numbers(quote: str) -> list[tuple[str, Decimal]]:
    found = []
    for match in _QUOTE_NUMBER.finditer(quote):
        multiplier = 1
        for character in match[2]:
            multiplier *= MULTIPLIERS[character]
        found.append((match[0], Decimal(match[1]) * multiplier))
    return found


def _english_numbers(text: str) -> list[tuple[str, Decimal]]:
    """The numbers of an English text with their scale words: ``18.1 billion``, ``450,000``, ``seven``."""
    found = []
    for match in _ENGLISH_NUMBER.finditer(text):
        number = Decimal(match[1].replace(",", "") + (match[2] or ""))
        found.append((match[0], number * _ENGLISH_SCALES.get((match[3] or "").lower(), 1)))
    for match in _ENGLISH_WORD.finditer(text):
        number = Decimal(_ENGLISH_WORDS[match[1].lower()])
        found.append((match[0], number * _ENGLISH_SCALES.get((match[2] or "").lower(), 1)))
    return found


def _translation_problem(quote: str, quote_en: str, figure: ParsedFigure | None) -> str | None:
    """Why ``quote_en`` does not carry every number of ``quote`` (converted by its unit), or None.

    Every Arabic number of the quote, times its multiplier (万, 亿), must stand in the translation,
    in digits (with its scale word: 18.1 billion) or, up to twelve, in words; so must the row's own
    figure, which may be in Chinese numerals (近千名: 1,000)."""
    wanted = _quote_numbers(quote)
    if figure is not None:
        wanted.append((figure.text, figure.number * figure.multiplier))
    translated = _english_numbers(quote_en)
    values = {value for _, value in translated}
    missing = {}
    for text, value in wanted:
        if value not in values:
            missing.setdefault(value, text)
    if not missing:
        return None
    shown = ", ".join(f"{text} ({value.normalize():,f})" for value, text in missing.items())
    found = ", ".join(f"{text} ({value.normalize():,f})" for text, value in translated) or "none"
    return (
        f"the quote's {shown} {'is' if len(missing) == 1 else 'are'} not in the translation, whose numbers are: {found}; "
        "translate every number of the quote, converted by its unit (181亿元: 18.1 billion yuan; 45万: 450,000)"
    )


# ---------------------------------------------------------------- entry points


def validate_figures(
    figures: pd.DataFrame, report: str | Report = DEFAULT_REPORT, *, path: Path | None = None
) -> list[Problem]:
    """Problems of a figures table read by :func:`read_table`: its schema, then each row against the source.

    The coverage of the source is not checked here; :func:`validate_report` adds it.

    Parameters
    ----------
    figures : DataFrame
        figures.csv as read by :func:`zhili_data.core.curated.read_table`.
    report : str or Report, default DEFAULT_REPORT
        The report.
    path : Path, optional
        The file the problems name (default: the report's figures.csv).

    Returns
    -------
    list of Problem
        Sorted by line; empty when the table is right.

    Examples
    --------
    >>> from zhili_data.core.catalog import get_report
    >>> from zhili_data.core.curated import read_table
    >>> figures = read_table(get_report().figures_path)
    >>> validate_figures(figures)
    []
    >>> figures.loc[3, "value"] = "182"
    >>> print(validate_figures(figures)[0])
    figures.csv:3 [gdp_2021h1_actual] value='182': figure_text '181亿元' reads 181; value must be the number as printed
    """
    entry = report if isinstance(report, Report) else get_report(report)
    path = Path(path) if path is not None else entry.figures_path
    problems = _header_problems(figures, path) + _schema_problems(figures, path) + _free_text_problems(figures, path)
    if all(c in figures.columns for c in CURATED_COLUMNS):
        problems.extend(_row_problems(figures, entry, path))
    return sorted(problems, key=lambda p: p.line or 0)


def validate_report(
    report: str | Report = DEFAULT_REPORT,
    *,
    figures_path: Path | None = None,
    exclusions_path: Path | None = None,
) -> list[Problem]:
    """Every problem of a report's figures.csv, exclusions.csv, topics.csv, readings.csv and glossary.csv, coverage of the source included.

    The paths default to the report's own files; pass others to validate a copy.

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.
    figures_path, exclusions_path : Path, optional
        Copies to validate instead of the report's own files.

    Returns
    -------
    list of Problem
        Empty when every file is right and every numeric mention is accounted for.

    Examples
    --------
    >>> validate_report()
    []
    """
    entry = report if isinstance(report, Report) else get_report(report)
    figures_path = Path(figures_path) if figures_path is not None else entry.figures_path
    exclusions_path = Path(exclusions_path) if exclusions_path is not None else entry.exclusions_path
    entry.verify_source()
    if not figures_path.is_file():
        return [
            Problem(figures_path, None, None, None, None, "file is missing; every report needs its curated figures.csv")
        ]
    try:
        figures = read_table(figures_path)
    except CuratedFileError as error:
        return [Problem(error.path, error.line, None, None, None, error.detail)]
    problems = validate_figures(figures, entry, path=figures_path)
    if not all(c in figures.columns for c in ("figure_id", "quote", "figure_text")):
        return problems
    try:
        exclusions = read_table(exclusions_path) if exclusions_path.is_file() else None
    except CuratedFileError as error:
        return problems + [Problem(error.path, error.line, None, None, None, error.detail)]
    problems.extend(
        coverage_problems(entry, figures, exclusions, figures_path=figures_path, exclusions_path=exclusions_path)
    )
    problems.extend(
        Problem(entry.topics_path, *problem)
        for problem in topic_problems(entry.topics_path, list(figures["figure_id"]))
    )
    problems.extend(todo_problems(entry.folder))  # what a draft (zhili draft) left for the curator
    readings_file = entry.folder / READINGS_FILE
    if readings_file.is_file():
        problems.extend(
            Problem(readings_file, p.line, p.reading_id, p.column, p.value, p.message)
            for p in reading_problems(read_table(readings_file), figures, report_date=entry.delivered)
        )
    terms_file = entry.folder / TERMS_FILE
    if terms_file.is_file():
        try:
            problems.extend(term_problems(read_table(terms_file), figures, source_text(entry), path=terms_file))
        except CuratedFileError as error:
            problems.append(Problem(error.path, error.line, None, None, None, error.detail))
    return problems


def check_report(
    report: str | Report = DEFAULT_REPORT,
    *,
    figures_path: Path | None = None,
    exclusions_path: Path | None = None,
) -> None:
    """Raise :class:`FiguresInvalid`, listing every problem, unless :func:`validate_report` finds none.

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.
    figures_path, exclusions_path : Path, optional
        Copies to validate instead of the report's own files.

    Returns
    -------
    None

    Raises
    ------
    FiguresInvalid
        With every problem.

    Examples
    --------
    >>> check_report()  # the shipped report is valid: nothing is raised
    """
    problems = validate_report(report, figures_path=figures_path, exclusions_path=exclusions_path)
    if problems:
        entry_id = report.id if isinstance(report, Report) else report
        raise FiguresInvalid(entry_id, problems)
