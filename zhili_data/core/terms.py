"""The report's own terms (时间进度, 规上, 含续建, 截至目前…), curated beside figures.csv as glossary.csv.

A reader who meets 小升规 or 含续建 needs to know what it means before a number built on it can be
read right. ``glossary.csv`` in the report's folder gives each term in Chinese and English with a
plain definition in each language, an example from the report (a figure of figures.csv, whose
quote and page the glossary shows) and, where one exists, the source of the official definition.
It is not :mod:`zhili_data.report.glossary`, which describes the columns of the published tables.

Columns (every cell text, like figures.csv):

- ``term_id``: unique slug (lower-case letters, digits, ``_``); a page links to ``#term-<term_id>``.
- ``kind``: ``report`` for a term printed in the report (it must occur in the source text) or
  ``method`` for a term of the analysis (时间进度, 完成率…).
- ``term_zh``, ``term_en``: the term.
- ``definition_zh``, ``definition_en``: what it means, in plain words.
- ``figure_id``: the figure of figures.csv that is the term's example.
- ``source``: the official definition's source, ``中文出处 · English citation``, or empty where there is
  none we can name for sure.
"""

from __future__ import annotations

import re

import pandas as pd

from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.curated import Problem, read_table, row_lines
from zhili_data.core.source import source_text
from zhili_data.exceptions import ZhiliError
from zhili_data.markup import markup_problem
from zhili_data.suggest import suggestion

FILE_NAME = "glossary.csv"
TERM_COLUMNS = ("term_id", "kind", "term_zh", "term_en", "definition_zh", "definition_en", "figure_id", "source")
KINDS = {"report": "a term printed in the report", "method": "a term of the analysis"}
REQUIRED = ("term_id", "kind", "term_zh", "term_en", "definition_zh", "definition_en", "figure_id")
ANCHOR_PREFIX = "term-"
"""A term's entry on the glossary page has the id ``term-<term_id>``."""
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")

__all__ = [
    "ANCHOR_PREFIX",
    "FILE_NAME",
    "KINDS",
    "TERM_COLUMNS",
    "TermsInvalid",
    "glossary_path",
    "report_glossary",
    "term_problems",
]


class TermsInvalid(ZhiliError, ValueError):
    """glossary.csv has problems; ``problems`` lists each with its file, line, term and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        listing = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the report's glossary:\n{listing}")


def glossary_path(report: str = DEFAULT_REPORT):
    """Where a report's glossary.csv is (or would be).

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
        The report's id.

    Returns
    -------
    Path

    Examples
    --------
    >>> glossary_path().name, glossary_path().parent.name
    ('glossary.csv', 'zhili-2021-midyear')
    """
    return get_report(report).folder / FILE_NAME


def term_problems(terms: pd.DataFrame, figures: pd.DataFrame, source: str, *, path=FILE_NAME) -> list[Problem]:
    """Every problem of a glossary table, checked against the report's figures and source text.

    Parameters
    ----------
    terms : DataFrame
        glossary.csv as read by :func:`zhili_data.core.curated.read_table` (every cell text).
    figures : DataFrame
        The report's figures, with ``figure_id``.
    source : str
        The report's text (a ``report`` term must occur in it, line breaks and spaces aside).
    path : str or Path, default "glossary.csv"
        The file named in each problem.

    Returns
    -------
    list of Problem
        In file order; empty when the table is right.

    Examples
    --------
    >>> from zhili_data.core.curated import read_table
    >>> from zhili_data.core.figures import load_figures
    >>> from zhili_data.core.source import source_text
    >>> terms = read_table(glossary_path())
    >>> term_problems(terms, load_figures(), source_text())
    []
    >>> terms.loc[2, "figure_id"] = "gdp_2021"  # the row on line 2 of the file
    >>> print(term_problems(terms, load_figures(), source_text())[0])
    glossary.csv:2 [time_elapsed] figure_id='gdp_2021': no such figure in figures.csv (did you mean 'gdp_2021h1_actual'?)
    """
    problems = [
        Problem(path, 1, None, c, None, f"missing column; the columns are {', '.join(TERM_COLUMNS)}")
        for c in TERM_COLUMNS
        if c not in terms.columns
    ]
    problems += [
        Problem(
            path, 1, None, c, None, f"unknown column{suggestion(c, TERM_COLUMNS)}; allowed: {', '.join(TERM_COLUMNS)}"
        )
        for c in terms.columns
        if c not in TERM_COLUMNS
    ]
    if problems:
        return problems
    figure_ids = set(figures["figure_id"].astype(str))
    text = re.sub(r"\s+", "", source)
    seen: dict[str, int] = {}
    for line, (_, row) in zip(row_lines(terms), terms.iterrows(), strict=True):
        term_id = str(row["term_id"]).strip() or None

        def problem(column: str, message: str, line=line, term_id=term_id, row=row) -> None:
            problems.append(Problem(path, line, term_id, column, str(row[column]), message))

        for column in REQUIRED:
            if not str(row[column]).strip():
                problem(column, "is empty; every term needs it")
        for column in TERM_COLUMNS:
            if message := markup_problem(str(row[column])):
                problem(column, message)
        if term_id and not _SLUG.match(term_id):
            problem("term_id", "must be lower-case letters, digits and '_' (it names the term's anchor on the pages)")
        if term_id in seen:
            problem("term_id", f"used twice (first on line {seen[term_id]}); each term needs its own id")
        elif term_id:
            seen[term_id] = line
        for column in ("term_zh", "term_en"):
            others = terms[column].str.strip()
            if str(row[column]).strip() and (others == str(row[column]).strip()).sum() > 1:
                problem(column, "the same term is listed twice; keep one entry")
        if row["kind"] not in KINDS:
            problem("kind", "not allowed; allowed: " + ", ".join(f"{k} ({v})" for k, v in KINDS.items()))
        elif row["kind"] == "report" and str(row["term_zh"]).strip() and row["term_zh"] not in text:
            problem("term_zh", "does not occur in the report's text; a term of the analysis has kind 'method'")
        if str(row["figure_id"]).strip() and row["figure_id"] not in figure_ids:
            problem("figure_id", f"no such figure in figures.csv{suggestion(row['figure_id'], sorted(figure_ids))}")
    return problems


def report_glossary(report: str = DEFAULT_REPORT) -> pd.DataFrame:
    """The report's terms, each with its definitions, its example (the figure's quote and page) and source.

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
        The report's id.

    Returns
    -------
    DataFrame
        One row per term in file order: the columns of glossary.csv (:data:`TERM_COLUMNS`), then
        ``quote`` and ``quote_en`` of the example figure and ``anchor`` (``term-<term_id>``).

    Raises
    ------
    TermsInvalid
        When glossary.csv has a problem (each named with file, line, term and column).

    Examples
    --------
    >>> glossary = report_glossary()
    >>> glossary.set_index("term_zh").loc["小升规", ["term_en", "figure_id", "anchor"]].tolist()
    ['small-to-above-scale upgrade', 'enterprises_upgraded_above_scale_todate_actual', 'term-small_to_above_scale']
    >>> glossary.set_index("term_id").loc["including_continuing", "quote"]
    '其中500万元以上（含续建）重点项目52个'
    """
    entry = get_report(report)
    path = entry.folder / FILE_NAME
    terms = read_table(path)
    figures = read_table(entry.figures_path)  # as curated: the loader's checks are zhili validate's
    problems = term_problems(terms, figures, source_text(report), path=path)
    if problems:
        raise TermsInvalid(problems)
    examples = figures[["figure_id", "quote", "quote_en"]].drop_duplicates("figure_id")
    glossary = terms.reset_index(drop=True).merge(examples, on="figure_id", how="left")
    glossary["anchor"] = ANCHOR_PREFIX + glossary["term_id"]
    return glossary
