"""Coverage of the source: every numeric mention is either claimed by a curated figure or
excluded with a reason in exclusions.csv.

A mention is an Arabic number with its multiplier or percent sign (181亿, 29.6万, 100%, 2021) or a
run of Chinese numeral characters (近千名's 千, 一体化's 一). The scan is deliberately greedy and
has no stop-list: words such as 进一步 are listed in exclusions.csv with the reason ``word``, so
every decision about the text is visible in data, not hidden in code.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from zhili_data.core.catalog import DEFAULT_REPORT, Report, get_report, list_reports
from zhili_data.core.curated import CuratedFileError, Problem, header_problems, read_table, row_lines
from zhili_data.core.numbers import CHINESE_NUMERALS
from zhili_data.core.schema import EXCLUSION_COLUMNS, EXCLUSION_REASONS
from zhili_data.core.source import CleanSource, clean_source, normalize

__all__ = [
    "CONTEXT_WIDTH",
    "INSIDE_QUOTE",
    "MENTION_COLUMNS",
    "MENTION_PATTERN",
    "MENTION_STATUSES",
    "NEEDS_FIGURE",
    "Mention",
    "Span",
    "coverage_problems",
    "coverage_summary",
    "coverage_table",
    "cut_mentions",
    "exclusion_problems",
    "main",
    "scan_mentions",
    "scan_text",
]

MENTION_PATTERN = re.compile(rf"\d+(?:\.\d+)?[百千万亿]*%?|[{CHINESE_NUMERALS}]+")
CONTEXT_WIDTH = 12
NEEDS_FIGURE = ("threshold", "period", "repeat")
"""Exclusion reasons that only make sense next to a curated figure (its ``figure_id`` is required)."""
INSIDE_QUOTE = ("threshold", "period")
"""Exclusion reasons whose mention must stand inside the quote of the named figure."""

MENTION_COLUMNS = ("mention", "start", "end", "page", "section", "line", "context")
MENTION_STATUSES = ("curated", "excluded", "unaccounted")
"""What became of a numeric mention of the source (not the status of a target: see analysis.STATUSES)."""


class Mention(NamedTuple):
    mention: str
    start: int
    end: int
    page: int
    section: str
    line: int
    context: str


class Span(NamedTuple):
    figure_id: str
    quote_start: int
    quote_end: int
    start: int
    end: int


def _report(report: str | Report) -> Report:
    return report if isinstance(report, Report) else get_report(report)


@functools.cache
def _scan(report_id: str) -> tuple[Mention, ...]:
    return scan_text(clean_source(report_id))


def scan_text(source: CleanSource) -> tuple[Mention, ...]:
    """Every numeric mention of a clean source, in text order: the scan behind :func:`scan_mentions`.

    It works on any :class:`~zhili_data.core.source.CleanSource`, a report of the catalogue or a text
    that is not one yet (``zhili draft``).

    Parameters
    ----------
    source : CleanSource
        The cleaned text.

    Returns
    -------
    tuple of Mention

    Examples
    --------
    >>> from zhili_data.core.source import CleanSource
    >>> [m.mention for m in scan_text(CleanSource.from_raw("上半年完成投资35.6亿元，引进近千名人才"))]
    ['35.6亿', '千']
    """
    return tuple(
        Mention(
            match.group(),
            match.start(),
            match.end(),
            source.page_at(match.start()),
            source.section_at(match.start()),
            source.line_at(match.start()),
            source.snippet(match.start(), match.end(), width=CONTEXT_WIDTH),
        )
        for match in MENTION_PATTERN.finditer(source.text)
    )


def scan_mentions(report: str | Report = DEFAULT_REPORT) -> pd.DataFrame:
    """Every numeric mention of the clean source, in text order.

    Columns: ``mention`` (as in the clean text), ``start``/``end`` (offsets in the clean text),
    ``page``, ``section`` (heading path), ``line`` (of the raw file) and ``context`` (about
    12 characters either side, usable as the ``context`` of an exclusions.csv row).

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.

    Returns
    -------
    DataFrame
        The columns :data:`MENTION_COLUMNS`.

    Examples
    --------
    >>> scan_mentions()[["mention", "page", "line", "context"]].head(2)
      mention  page  line                   context
    0    2021     1     2    政府工作报告2021年8月6日在织里镇第十八
    1       8     1     2  政府工作报告2021年8月6日在织里镇第十八届人
    """
    frame = pd.DataFrame(_scan(_report(report).id), columns=list(MENTION_COLUMNS))
    return frame.astype({"start": "int64", "end": "int64", "page": "int64", "line": "int64"})


def _load(path: Path, frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is not None:
        return frame
    return read_table(path) if path.is_file() else pd.DataFrame()


def _spans(figures: pd.DataFrame, source: CleanSource) -> list[Span]:
    # Only a figure whose quote occurs once in the source and whose figure_text occurs once in the
    # quote has a place; the validator reports the others.
    if not {"figure_id", "quote", "figure_text"} <= set(figures.columns):
        return []
    spans = []
    for figure_id, quote, text in zip(figures["figure_id"], figures["quote"], figures["figure_text"]):
        quote, text = normalize(str(quote)), normalize(str(text))
        if not quote or not text or quote.count(text) != 1:
            continue
        quote_at = source.find_all(quote)
        if len(quote_at) != 1:
            continue
        start = quote_at[0] + quote.index(text)
        spans.append(Span(str(figure_id), quote_at[0], quote_at[0] + len(quote), start, start + len(text)))
    return spans


def _claims(mentions: tuple[Mention, ...], spans: list[Span]) -> dict[int, str]:
    """Mention position -> figure_id of the figure whose figure_text holds the whole mention."""
    claims: dict[int, str] = {}
    for span in spans:
        for i, m in enumerate(mentions):
            if span.start <= m.start and m.end <= span.end:
                claims.setdefault(i, span.figure_id)
    return claims


def _matches(mention: str, context: str, mentions: tuple[Mention, ...], source: CleanSource) -> list[int]:
    """Positions of the mentions an exclusion (mention, context) applies to; empty when it cannot apply."""
    mention, context = normalize(mention), normalize(context)
    same = [i for i, m in enumerate(mentions) if m.mention == mention]
    if not mention or not same or not context:
        return same if mention else []
    if mention not in context:
        return []
    windows = [(at, at + len(context)) for at in source.find_all(context)]
    return [i for i in same if any(lo <= mentions[i].start and mentions[i].end <= hi for lo, hi in windows)]


def coverage_table(
    report: str | Report = DEFAULT_REPORT,
    figures: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each mention of :func:`scan_mentions` with its ``status``: curated, excluded or unaccounted.

    ``figures`` and ``exclusions`` default to the report's figures.csv and exclusions.csv (an absent
    file counts as empty). Added columns: ``status``; ``figure_id`` (the claiming figure, or the
    figure an exclusion names); ``reason`` (for exclusions); ``exclusion_line`` (CSV line of the
    exclusion row, when it came from a file).

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.
    figures : DataFrame, optional
        The curated figures (as read by :func:`zhili_data.core.curated.read_table`).
    exclusions : DataFrame, optional
        The exclusions.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> table = coverage_table()
    >>> table.loc[table["status"] == "curated", ["mention", "page", "figure_id"]].head(2)
       mention  page                 figure_id
    12     45万     1  population_todate_actual
    13    181亿     2         gdp_2021h1_actual
    """
    entry = _report(report)
    source = clean_source(entry.id)
    figures = _load(entry.figures_path, figures)
    exclusions = _load(entry.exclusions_path, exclusions)
    if not exclusions.empty and (header := header_problems(list(exclusions.columns), EXCLUSION_COLUMNS)):
        raise CuratedFileError(
            entry.exclusions_path,
            1,
            "; ".join(m for _, m in header) + f"; expected columns: {', '.join(EXCLUSION_COLUMNS)}",
        )
    mentions = _scan(entry.id)
    status = ["unaccounted"] * len(mentions)
    figure_ids = [""] * len(mentions)
    reasons = [""] * len(mentions)
    exclusion_lines: list[int | None] = [None] * len(mentions)
    for i, figure_id in _claims(mentions, _spans(figures, source)).items():
        status[i], figure_ids[i] = "curated", figure_id
    if not exclusions.empty:
        figure_column = exclusions["figure_id"] if "figure_id" in exclusions.columns else [""] * len(exclusions)
        for line, mention, context, reason, figure_id in zip(
            row_lines(exclusions), exclusions["mention"], exclusions["context"], exclusions["reason"], figure_column
        ):
            for i in _matches(str(mention), str(context), mentions, source):
                if status[i] == "unaccounted":
                    status[i], figure_ids[i], reasons[i], exclusion_lines[i] = (
                        "excluded",
                        str(figure_id),
                        str(reason),
                        line,
                    )
    table = scan_mentions(entry.id)
    table["status"] = pd.Categorical(status, categories=list(MENTION_STATUSES))
    table["figure_id"] = figure_ids
    table["reason"] = reasons
    table["exclusion_line"] = pd.array(exclusion_lines, dtype="Int64")
    return table


def coverage_summary(table: pd.DataFrame) -> pd.Series:
    """Counts per status, the total and the percentage accounted for (curated + excluded).

    Parameters
    ----------
    table : DataFrame
        A :func:`coverage_table`.

    Returns
    -------
    Series
        ``mentions``, ``curated``, ``excluded``, ``unaccounted`` and ``accounted_pct``.

    Examples
    --------
    >>> coverage_summary(coverage_table()).to_dict()
    {'mentions': 217, 'curated': 91, 'excluded': 126, 'unaccounted': 0, 'accounted_pct': 100.0}
    """
    counts = table["status"].value_counts().reindex(list(MENTION_STATUSES), fill_value=0)
    total = int(counts.sum())
    accounted = int(counts["curated"] + counts["excluded"])
    return pd.Series(
        {
            "mentions": total,
            "curated": int(counts["curated"]),
            "excluded": int(counts["excluded"]),
            "unaccounted": int(counts["unaccounted"]),
            "accounted_pct": round(100.0 * accounted / total, 1) if total else 100.0,
        },
        dtype=object,
    )


def exclusion_problems(
    report: str | Report = DEFAULT_REPORT,
    figures: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
    *,
    exclusions_path: Path | None = None,
) -> list[Problem]:
    """Problems of exclusions.csv: header, reasons, figure_ids, contexts, repeated and stale rows.

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.
    figures : DataFrame, optional
        The curated figures.
    exclusions : DataFrame, optional
        The exclusions (default: the report's exclusions.csv).
    exclusions_path : Path, optional
        The file the problems name.

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> exclusion_problems()
    []
    >>> wrong = pd.DataFrame([{"mention": "2021", "context": "没有这段", "reason": "date", "figure_id": "", "note": ""}])
    >>> [str(problem) for problem in exclusion_problems(exclusions=wrong)]
    ["exclusions.csv context='没有这段': does not contain the mention '2021'"]
    """
    entry = _report(report)
    source = clean_source(entry.id)
    path = Path(exclusions_path) if exclusions_path is not None else entry.exclusions_path
    if exclusions is None:
        if not path.is_file():
            return [
                Problem(
                    path,
                    None,
                    None,
                    None,
                    None,
                    "file is missing; list every numeric mention that is not a figure here",
                )
            ]
        exclusions = read_table(path)
    figures = _load(entry.figures_path, figures)
    header = header_problems(list(exclusions.columns), EXCLUSION_COLUMNS)
    if header:
        expected = f"; expected columns: {', '.join(EXCLUSION_COLUMNS)}"
        return [Problem(path, 1, None, column, None, message + expected) for column, message in header]

    mentions = _scan(entry.id)
    spans = _spans(figures, source)
    claims = _claims(mentions, spans)
    quotes = {span.figure_id: (span.quote_start, span.quote_end) for span in spans}
    known_figures = set(figures["figure_id"]) if "figure_id" in figures.columns else set()
    texts = (
        {str(f): normalize(str(t)) for f, t in zip(figures["figure_id"], figures["figure_text"])}
        if {"figure_id", "figure_text"} <= set(figures.columns)
        else {}
    )
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int | None] = {}
    for line, row in zip(row_lines(exclusions), exclusions.itertuples(index=False)):
        mention, context, reason, figure_id = (
            normalize(str(v)) for v in (row.mention, row.context, row.reason, row.figure_id)
        )

        def problem(column: str, value: str, message: str, line=line, figure_id=figure_id) -> None:
            problems.append(Problem(path, line, figure_id or None, column, value, message))

        if (mention, context) in seen:
            problem(
                "context",
                row.context,
                f"repeats the exclusion of {mention!r} on line {seen[mention, context]}; keep one row",
            )
        seen[mention, context] = line
        if reason not in EXCLUSION_REASONS:
            problem("reason", row.reason, f"unknown reason; allowed: {', '.join(EXCLUSION_REASONS)}")
        if reason in NEEDS_FIGURE and not figure_id:
            problem(
                "figure_id", row.figure_id, f"reason {reason!r} needs the figure_id of the curated figure it belongs to"
            )
        if figure_id and figure_id not in known_figures:
            problem("figure_id", row.figure_id, "names no figure of figures.csv")
        if not MENTION_PATTERN.fullmatch(mention):
            problem(
                "mention",
                row.mention,
                "is not a numeric mention as the scan finds them (an Arabic number with 百千万亿 or %, or a whole run of Chinese numerals)",
            )
            continue
        if context:
            if mention not in context:
                problem("context", row.context, f"does not contain the mention {mention!r}")
                continue
            if source.find(context) is None:
                problem("context", row.context, "is not in the source (copy it verbatim, whitespace aside)")
                continue
        matched = _matches(mention, context, mentions, source)
        if not matched:
            found = ", ".join(dict.fromkeys(_mentions_in(context, mentions, source))) or "none"
            problem("mention", row.mention, f"stale: matches no mention of the source (the scan finds there: {found})")
            continue
        open_ = [i for i in matched if i not in claims]
        if not open_:
            problem("mention", row.mention, f"stale: already claimed by the figure_text of {claims[matched[0]]}")
            continue
        if reason == "repeat" and figure_id in texts and mention not in texts[figure_id]:
            problem(
                "figure_id",
                row.figure_id,
                f"reason 'repeat': the figure_text {texts[figure_id]!r} of {figure_id} does not hold {mention!r}",
            )
        if reason in INSIDE_QUOTE and figure_id in quotes:
            low, high = quotes[figure_id]
            if not any(low <= mentions[i].start and mentions[i].end <= high for i in open_):
                problem(
                    "figure_id",
                    row.figure_id,
                    f"reason {reason!r}: the mention must stand inside the quote of {figure_id}",
                )
    return problems


def _mentions_in(context: str, mentions: tuple[Mention, ...], source: CleanSource) -> list[str]:
    windows = [(at, at + len(context)) for at in source.find_all(context)] if context else []
    return [m.mention for m in mentions if any(m.start < hi and m.end > lo for lo, hi in windows)]


def cut_mentions(report: str | Report = DEFAULT_REPORT, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Figures whose figure_text cuts through a mention (5个 inside 15个), one row per such pair.

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.
    figures : DataFrame, optional
        The curated figures.

    Returns
    -------
    DataFrame
        One row per figure and the mention its figure_text cuts; empty when none does.

    Examples
    --------
    >>> cut_mentions().empty
    True
    """
    entry = _report(report)
    figures = _load(entry.figures_path, figures)
    mentions = _scan(entry.id)
    rows = [
        (span.figure_id, m.mention, m.start, m.end)
        for span in _spans(figures, clean_source(entry.id))
        for m in mentions
        if m.start < span.end and m.end > span.start and (m.start < span.start or m.end > span.end)
    ]
    return pd.DataFrame(rows, columns=["figure_id", "mention", "start", "end"])


def coverage_problems(
    report: str | Report = DEFAULT_REPORT,
    figures: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
    *,
    figures_path: Path | None = None,
    exclusions_path: Path | None = None,
) -> list[Problem]:
    """Every exclusions.csv problem, every figure_text cutting a number and every unaccounted mention.

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report.
    figures, exclusions : DataFrame, optional
        The curated tables (default: the report's files).
    figures_path, exclusions_path : Path, optional
        The files the problems name.

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> coverage_problems()
    []
    """
    entry = _report(report)
    figures_path = Path(figures_path) if figures_path is not None else entry.figures_path
    exclusions_path = Path(exclusions_path) if exclusions_path is not None else entry.exclusions_path
    figures = _load(figures_path, figures)
    if exclusions is None and exclusions_path.is_file():
        exclusions = read_table(exclusions_path)
    problems = exclusion_problems(entry, figures, exclusions, exclusions_path=exclusions_path)
    if exclusions is not None and header_problems(list(exclusions.columns), EXCLUSION_COLUMNS):
        return problems  # the header is named; the rows cannot be read without it
    lines = dict(zip(figures["figure_id"], row_lines(figures))) if "figure_id" in figures.columns else {}
    for cut in cut_mentions(entry, figures).itertuples(index=False):
        problems.append(
            Problem(
                figures_path,
                lines.get(cut.figure_id),
                cut.figure_id,
                "figure_text",
                cut.mention,
                "figure_text cuts through this number of the source; it must hold the whole number",
            )
        )
    table = coverage_table(entry, figures=figures, exclusions=exclusions if exclusions is not None else pd.DataFrame())
    for m in table[table["status"] == "unaccounted"].itertuples(index=False):
        problems.append(
            Problem(
                entry.source_path,
                m.line,
                None,
                "mention",
                m.mention,
                f"unaccounted mention on page {m.page} (…{m.context}…): claim it with a figure_text "
                f"in figures.csv or list it in exclusions.csv with a reason",
            )
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """List the unaccounted mentions and the problems of exclusions.csv; exit 1 if there are any.

    Parameters
    ----------
    argv : list of str, optional
        The command line after ``zhili coverage`` (default: ``sys.argv``).

    Returns
    -------
    int
        The exit code.

    Examples
    --------
    >>> main(["--report", "zhili-2021-midyear"])
    zhili-2021-midyear: 217 mentions, 91 curated, 126 excluded, 0 unaccounted (100.0% accounted); 0 problem(s) in exclusions.csv or figure texts
    0
    """
    parser = argparse.ArgumentParser(prog="zhili coverage", description=main.__doc__.splitlines()[0])
    parser.add_argument(
        "--report", default=DEFAULT_REPORT, choices=list_reports(), help="report id (default: %(default)s)"
    )
    parser.add_argument(
        "--all", action="store_true", help="list every mention with its status, not only the unaccounted"
    )
    parser.add_argument(
        "--csv",
        action="store_true",
        help="print the listed mentions as exclusions.csv rows (mention,context,reason,figure_id,note) to fill in",
    )
    args = parser.parse_args(argv)

    entry = get_report(args.report)
    table = coverage_table(entry)
    problems = coverage_problems(entry)
    shown = table if args.all else table[table["status"] == "unaccounted"]
    out = sys.stdout
    if args.csv:
        template = pd.DataFrame({"mention": shown["mention"], "context": shown["context"]}).reindex(
            columns=list(EXCLUSION_COLUMNS), fill_value=""
        )
        template.to_csv(out, index=False)
        return 1 if problems else 0
    for m in shown.itertuples(index=False):
        detail = f"  {m.reason} {m.figure_id}".rstrip() if m.status != "unaccounted" else ""
        out.write(f"{m.status:<11} p{m.page:<2} l{m.line:<4} {m.mention:<8} …{m.context}…{detail}\n")
    table_problems = [p for p in problems if p.file != entry.source_path]
    for p in table_problems:
        out.write(f"{p}\n")
    summary = coverage_summary(table)
    out.write(
        f"{entry.id}: {summary['mentions']} mentions, {summary['curated']} curated, {summary['excluded']} excluded, "
        f"{summary['unaccounted']} unaccounted ({summary['accounted_pct']}% accounted); "
        f"{len(table_problems)} problem(s) in exclusions.csv or figure texts\n"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
