"""Coverage of the source: every numeric mention is either claimed by a curated figure or
excluded with a reason in exclusions.csv.

A mention is an Arabic number with its multiplier or percent sign (181亿, 29.6万, 100%, 2021) or a
run of Chinese numeral characters (近千名's 千, 一体化's 一). The scan is deliberately greedy and
has no stop-list: words such as 进一步 are listed in exclusions.csv with the reason ``word``, so
every decision about the text is visible in data, not hidden in code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from zhili_data.catalog import DEFAULT_REPORT, Report, get_report, list_reports
from zhili_data.schema import EXCLUSION_COLUMNS, EXCLUSION_REASONS
from zhili_data.source import CleanSource, clean_source, normalize
from zhili_data.validate import Problem, read_table, row_lines

CHINESE_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
MENTION_PATTERN = re.compile(rf"\d+(?:\.\d+)?[百千万亿]*%?|[{CHINESE_NUMERALS}]+")
CONTEXT_WIDTH = 12
NEEDS_FIGURE = ("threshold", "period", "repeat")
"""Exclusion reasons that only make sense next to a curated figure (its ``figure_id`` is required)."""
INSIDE_QUOTE = ("threshold", "period")
"""Exclusion reasons whose mention must lie inside the quote of the named figure."""

MENTION_COLUMNS = ("mention", "start", "end", "page", "section", "line", "context")
STATUSES = ("curated", "excluded", "unaccounted")


def _report_id(report: str | Report) -> str:
    return report.id if isinstance(report, Report) else report


def scan_mentions(report: str | Report = DEFAULT_REPORT) -> pd.DataFrame:
    """Every numeric mention of the clean source, in text order.

    Columns: ``mention`` (as in the clean text), ``start``/``end`` (offsets in the clean text),
    ``page``, ``section`` (heading path), ``line`` (of the raw file) and ``context`` (about
    12 characters either side, usable as the ``context`` of an exclusions.csv row).
    """
    source = clean_source(_report_id(report))
    rows = [
        {
            "mention": match.group(),
            "start": match.start(),
            "end": match.end(),
            "page": source.page_at(match.start()),
            "section": source.section_at(match.start()),
            "line": source.line_at(match.start()),
            "context": source.snippet(match.start(), match.end(), width=CONTEXT_WIDTH),
        }
        for match in MENTION_PATTERN.finditer(source.text)
    ]
    return pd.DataFrame(rows, columns=list(MENTION_COLUMNS)).astype({"start": "int64", "end": "int64", "page": "int64", "line": "int64"})


def _load(path: Path, frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is not None:
        return frame
    return read_table(path) if path.is_file() else pd.DataFrame()


def figure_spans(figures: pd.DataFrame, source: CleanSource) -> pd.DataFrame:
    """Where each figure's ``figure_text`` stands in the clean text.

    A figure is placed only when its quote occurs exactly once in the source and its
    figure_text exactly once in the quote; the validator reports the others.
    Columns: figure_id, quote_start, quote_end, start, end.
    """
    rows = []
    for figure in figures.itertuples(index=False):
        quote, text = normalize(str(figure.quote)), normalize(str(figure.figure_text))
        if not quote or not text:
            continue
        quote_at = source.find_all(quote)
        if len(quote_at) != 1 or quote.count(text) != 1:
            continue
        start = quote_at[0] + quote.index(text)
        rows.append(
            {
                "figure_id": figure.figure_id,
                "quote_start": quote_at[0],
                "quote_end": quote_at[0] + len(quote),
                "start": start,
                "end": start + len(text),
            }
        )
    return pd.DataFrame(rows, columns=["figure_id", "quote_start", "quote_end", "start", "end"])


def _exclusion_matches(exclusion, mentions: pd.DataFrame, source: CleanSource) -> list[int]:
    """Index labels of the mentions an exclusions.csv row applies to (empty when it cannot apply)."""
    mention = normalize(str(exclusion.mention))
    context = normalize(str(exclusion.context))
    same = mentions[mentions["mention"] == mention]
    if not mention or same.empty:
        return []
    if not context:
        return list(same.index)
    if mention not in context:
        return []
    matched: list[int] = []
    for at in source.find_all(context):
        inside = same[(same["start"] >= at) & (same["end"] <= at + len(context))]
        matched.extend(i for i in inside.index if i not in matched)
    return matched


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
    """
    entry = get_report(_report_id(report))
    source = clean_source(entry.id)
    figures = _load(entry.figures_path, figures)
    exclusions = _load(entry.exclusions_path, exclusions)
    table = scan_mentions(entry.id)
    table["status"] = "unaccounted"
    table["figure_id"] = ""
    table["reason"] = ""
    table["exclusion_line"] = pd.array([pd.NA] * len(table), dtype="Int64")

    if not figures.empty:
        for span in figure_spans(figures, source).itertuples(index=False):
            claimed = (table["start"] >= span.start) & (table["end"] <= span.end) & (table["status"] != "curated")
            table.loc[claimed, ["status", "figure_id"]] = ["curated", span.figure_id]

    if not exclusions.empty:
        for line, exclusion in zip(row_lines(exclusions), exclusions.itertuples(index=False)):
            matched = [i for i in _exclusion_matches(exclusion, table, source) if table.at[i, "status"] == "unaccounted"]
            for i in matched:
                table.at[i, "status"] = "excluded"
                table.at[i, "figure_id"] = str(getattr(exclusion, "figure_id", ""))
                table.at[i, "reason"] = str(exclusion.reason)
                table.at[i, "exclusion_line"] = pd.NA if line is None else line
    table["status"] = pd.Categorical(table["status"], categories=list(STATUSES))
    return table


def coverage_summary(table: pd.DataFrame) -> pd.Series:
    """Counts per status, the total and the percentage accounted for (curated + excluded)."""
    counts = table["status"].value_counts().reindex(list(STATUSES), fill_value=0)
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


def _figure_quotes(figures: pd.DataFrame, source: CleanSource) -> dict[str, tuple[int, int]]:
    return {span.figure_id: (span.quote_start, span.quote_end) for span in figure_spans(figures, source).itertuples(index=False)}


def exclusion_problems(
    report: str | Report = DEFAULT_REPORT,
    figures: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
    *,
    exclusions_path: Path | None = None,
) -> list[Problem]:
    """Problems of exclusions.csv: columns, reasons, figure_ids, contexts and stale rows."""
    entry = get_report(_report_id(report))
    source = clean_source(entry.id)
    path = exclusions_path or entry.exclusions_path
    if exclusions is None:
        if not path.is_file():
            return [Problem(path, None, None, None, None, "file is missing; list every numeric mention that is not a figure here")]
        exclusions = read_table(path)
    figures = _load(entry.figures_path, figures)
    problems: list[Problem] = []
    missing = [c for c in EXCLUSION_COLUMNS if c not in exclusions.columns]
    unknown = [c for c in exclusions.columns if c not in EXCLUSION_COLUMNS]
    if missing or unknown:
        problems.append(
            Problem(path, 1, None, None, ", ".join(missing + unknown) or None,
                    f"header has missing columns {missing} and unknown columns {unknown}; allowed: {', '.join(EXCLUSION_COLUMNS)}")
        )
        return problems

    figure_ids = set(figures["figure_id"]) if "figure_id" in figures.columns else set()
    quotes = _figure_quotes(figures, source) if not figures.empty else {}
    table = coverage_table(entry.id, figures=figures, exclusions=pd.DataFrame(columns=list(EXCLUSION_COLUMNS)))
    seen: dict[tuple[str, str], int] = {}
    for line, row in zip(row_lines(exclusions), exclusions.itertuples(index=False)):
        mention, context, reason, figure_id = (normalize(str(v)) for v in (row.mention, row.context, row.reason, row.figure_id))

        def problem(column: str, value: str, message: str) -> None:
            problems.append(Problem(path, line, figure_id or None, column, value, message))

        key = (mention, context)
        if key in seen:
            problem("context", row.context, f"repeats the exclusion of {mention!r} on line {seen[key]}; keep one row")
        seen[key] = line
        if reason not in EXCLUSION_REASONS:
            problem("reason", row.reason, f"unknown reason; allowed: {', '.join(EXCLUSION_REASONS)}")
        if reason in NEEDS_FIGURE and not figure_id:
            problem("figure_id", row.figure_id, f"reason {reason!r} needs the figure_id of the curated figure it belongs to")
        if figure_id and figure_id not in figure_ids:
            problem("figure_id", row.figure_id, "names no figure of figures.csv")
        if not mention:
            problem("mention", row.mention, "is empty; copy the mention as the coverage scan prints it")
            continue
        if not MENTION_PATTERN.fullmatch(mention):
            problem("mention", row.mention, "is not a numeric mention as the scan finds them (an Arabic number with 百千万亿 or %, or a run of Chinese numerals)")
            continue
        if context:
            if mention not in context:
                problem("context", row.context, f"does not contain the mention {mention!r}")
                continue
            if source.find(context) is None:
                problem("context", row.context, "is not in the source (it must be copied verbatim up to whitespace)")
                continue
        matched = _exclusion_matches(row, table, source)
        if not matched:
            found = ", ".join(sorted(set(_mentions_in_context(table, source, context)))) or "none"
            problem("mention", row.mention, f"stale: matches no mention of the source (mentions found in the context: {found})")
            continue
        open_ = [i for i in matched if table.at[i, "status"] != "curated"]
        if not open_:
            problem("mention", row.mention, "stale: every mention it matches is already claimed by a figure_text")
            continue
        if reason in INSIDE_QUOTE and figure_id in quotes:
            q_start, q_end = quotes[figure_id]
            if not any(q_start <= table.at[i, "start"] and table.at[i, "end"] <= q_end for i in open_):
                problem("figure_id", row.figure_id, f"reason {reason!r}: the mention must stand inside the quote of {figure_id}")
    return problems


def _mentions_in_context(table: pd.DataFrame, source: CleanSource, context: str) -> list[str]:
    if not context:
        return []
    found: list[str] = []
    for at in source.find_all(context):
        inside = table[(table["start"] < at + len(context)) & (table["end"] > at)]
        found.extend(inside["mention"])
    return found


def cut_mentions(report: str | Report = DEFAULT_REPORT, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Figures whose figure_text cuts through a mention (5个 inside 15个): each such pair."""
    entry = get_report(_report_id(report))
    source = clean_source(entry.id)
    figures = _load(entry.figures_path, figures)
    mentions = scan_mentions(entry.id)
    rows = []
    if figures.empty:
        return pd.DataFrame(columns=["figure_id", "mention", "start", "end"])
    for span in figure_spans(figures, source).itertuples(index=False):
        overlapping = mentions[(mentions["start"] < span.end) & (mentions["end"] > span.start)]
        partial = overlapping[(overlapping["start"] < span.start) | (overlapping["end"] > span.end)]
        rows.extend({"figure_id": span.figure_id, "mention": m.mention, "start": m.start, "end": m.end} for m in partial.itertuples())
    return pd.DataFrame(rows, columns=["figure_id", "mention", "start", "end"])


def coverage_problems(
    report: str | Report = DEFAULT_REPORT,
    figures: pd.DataFrame | None = None,
    exclusions: pd.DataFrame | None = None,
    *,
    figures_path: Path | None = None,
    exclusions_path: Path | None = None,
) -> list[Problem]:
    """Every unaccounted mention, every figure_text cutting a number and every exclusions.csv problem."""
    entry = get_report(_report_id(report))
    figures_path = figures_path or entry.figures_path
    exclusions_path = exclusions_path or entry.exclusions_path
    if figures is None:
        figures = read_table(figures_path) if figures_path.is_file() else pd.DataFrame()
    if exclusions is None and exclusions_path.is_file():
        exclusions = read_table(exclusions_path)
    problems = exclusion_problems(entry.id, figures, exclusions, exclusions_path=exclusions_path)
    lines = dict(zip(figures["figure_id"], row_lines(figures))) if "figure_id" in figures.columns else {}
    for cut in cut_mentions(entry.id, figures).itertuples(index=False):
        problems.append(
            Problem(figures_path, lines.get(cut.figure_id), cut.figure_id, "figure_text", cut.mention,
                    "figure_text cuts through this number of the source; it must hold the whole number")
        )
    table = coverage_table(entry.id, figures=figures, exclusions=exclusions if exclusions is not None else pd.DataFrame())
    for mention in table[table["status"] == "unaccounted"].itertuples(index=False):
        problems.append(
            Problem(entry.source_path, mention.line, None, "mention", mention.mention,
                    f"unaccounted mention on page {mention.page} (…{mention.context}…): claim it with a figure_text "
                    f"in figures.csv or list it in exclusions.csv with a reason")
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """List the unaccounted mentions and the exclusions.csv problems; exit 1 if there are any."""
    parser = argparse.ArgumentParser(prog="zhili coverage", description=main.__doc__)
    parser.add_argument("--report", default=DEFAULT_REPORT, choices=list_reports(), help="report id (default: %(default)s)")
    parser.add_argument("--all", action="store_true", help="list every mention with its status, not only the unaccounted")
    parser.add_argument("--csv", action="store_true",
                        help="print unaccounted mentions as exclusions.csv rows (mention,context,reason,figure_id,note) to fill in")
    args = parser.parse_args(argv)

    entry = get_report(args.report)
    table = coverage_table(entry.id)
    problems = coverage_problems(entry.id)
    shown = table if args.all else table[table["status"] == "unaccounted"]
    out = sys.stdout
    if args.csv:
        pd.DataFrame({"mention": shown["mention"], "context": shown["context"], "reason": "", "figure_id": "", "note": ""}).to_csv(out, index=False)
        return 1 if problems else 0
    for m in shown.itertuples(index=False):
        out.write(f"{m.status:<11} p{m.page:<2} l{m.line:<4} {m.mention:<8} …{m.context}…  {m.reason} {m.figure_id}\n".replace("  \n", "\n"))
    for p in problems:
        if p.column != "mention" or not str(p.file).endswith(".txt"):
            out.write(f"{p}\n")
    summary = coverage_summary(table)
    out.write(
        f"{entry.id}: {summary['mentions']} mentions, {summary['curated']} curated, {summary['excluded']} excluded, "
        f"{summary['unaccounted']} unaccounted ({summary['accounted_pct']}% accounted); "
        f"{sum(1 for p in problems if not str(p.file).endswith('.txt'))} exclusion/figure_text problems\n"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
