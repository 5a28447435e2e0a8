"""A first draft of a new report's catalogue folder, made from its extracted text (``zhili draft``).

The draft is built on the coverage scan (:func:`zhili_data.core.coverage.scan_text`): every numeric
mention it finds becomes either a draft figure (a number followed by a unit or %, read by
:func:`zhili_data.core.numbers.parse_figure_text`) or a draft exclusion with a reason. For each figure it
guesses the period, basis, measure and part_of from the words around it and records each guess
with a confidence and the words it came from in ``draft.csv``, the review sheet.

What the text cannot tell (titles, indicator names, themes, translations, stable ids) is written
as ``TODO``; :func:`todo_problems` (run by ``zhili validate``) names each such cell by file, line
and column, so the curator's remaining work is a list. Nothing curated is ever overwritten: the
folder is written whole into a hidden sibling and moved into place, and an existing folder with
files is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zhili_data.core.coverage import Mention, scan_text
from zhili_data.core.curated import Problem, read_table, row_lines
from zhili_data.core.numbers import (
    BASE_UNITS,
    CHINESE_NUMERALS,
    MULTIPLIERS,
    PREFIX_MARKERS,
    STANDARD_OF,
    UNCOUNTED_UNITS,
    FigureTextError,
    parse_figure_text,
)
from zhili_data.core.schema import CURATED_COLUMNS, EXCLUSION_COLUMNS, TOPIC_COLUMNS
from zhili_data.core.source import CleanSource
from zhili_data.exceptions import ZhiliError
from zhili_data.paths import umask_mode

__all__ = [
    "DRAFT_COLUMNS",
    "REVIEW_FILE",
    "TODO",
    "DraftExistsError",
    "DraftFigure",
    "draft_report",
    "draft_tables",
    "todo_problems",
    "write_draft",
]

TODO = "TODO"
"""What a draft writes where the text cannot tell; :func:`todo_problems` names every cell starting with it."""

REVIEW_FILE = "draft.csv"
"""The review sheet beside the draft figures.csv: each figure's place and guesses, with confidences."""

GUESSED = ("period", "basis", "measure", "part_of")
DRAFT_COLUMNS = (
    "figure_id",
    "figure_text",
    "value",
    "unit",
    "unit_std",
    "qualifier",
    "page",
    "line",
    "section",
    "paragraph",
    "quote",
    *(f"{field}{suffix}" for field in GUESSED for suffix in ("", "_confidence", "_words")),
)
"""Columns of draft.csv: one row per draft figure."""


class DraftExistsError(ZhiliError, FileExistsError):
    """The draft's folder exists and holds files: a draft never overwrites them."""


# ------------------------------------------------------------------ reading the words around a number

_NOT_HEDGES = ("签约", "合约", "节约", "制约", "预约", "赶超", "最近", "附近", "接近")
"""Words ending in a hedge character that are no hedge (签约499户 is 499 households, not about 499)."""
_UNITS = tuple(sorted(BASE_UNITS, key=len, reverse=True))
_CLAUSE_ENDS = "，。；：！？"
_LEADING_MEASURE = (
    "比上年",
    "较上年",
    "同比增长",
    "同比下降",
    "增长",
    "增幅",
    "增速",
    "下降",
    "占",
    "其中",
    "分别",
    "成功率",
    "结案率",
)

# Words that say which period a figure covers, strongest first; {y} is the report's year. A
# running total (已, 目前) is weaker: a stated half or year around it wins.
_PERIOD_WORDS = (
    ("上半年", "{y}H1"),
    ("今年以来", "{y}H1"),
    ("下半年", "{y}H2"),
    ("全年", "{y}"),
    ("{y}年", "{y}"),
    ("五年内", "{y}-{y4}"),
    ("截至目前", "to_date"),
)
_RUNNING_TOTAL_WORDS = (("目前", "to_date"), ("已", "to_date"))
# Words of a target wherever they stand in the sentence; words that may also tell what was done
# (打造, 培育, 推进, 完成) decide nothing: the section does (the review, or the plan).
_TARGET_WORDS = ("计划", "力争", "确保", "争创", "目标", "争取", "预计")
_ACTUAL_WORDS = ("完成", "达到", "实现", "累计", "已", "引进", "新增", "开展", "发放")
_PLAN_SECTION_WORDS = ("计划", "下半年", "安排", "任务", "思路", "目标")
_GROWTH_WORDS = ("同比增长", "同比下降", "增长", "增幅", "增速", "下降")
_SHARE_WORDS = ("占比", "占")


@dataclass(frozen=True)
class Guess:
    """A guessed value of a column, how sure the guess is (0 to 1) and the words it came from."""

    value: str
    confidence: float
    words: str


@dataclass(frozen=True)
class DraftFigure:
    """A numeric mention read as a figure: its text as printed and where it stands."""

    mention: Mention
    figure_text: str
    start: int
    end: int
    value: str
    unit: str
    unit_std: str
    qualifier: str


def _report_year(source: CleanSource) -> int | None:
    years = re.findall(r"(20\d\d)年", source.text)
    return int(years[0]) if years else None


def _read_figure(source: CleanSource, mention: Mention) -> DraftFigure | None:
    """The mention as a figure (number, hedge, unit), or None when no unit or % follows it."""
    text = source.text
    end = mention.end
    after = text[end:]
    infix = next((m for m in ("余", "多") if after.startswith(m)), "")
    rest = after[len(infix) :]
    multiplier = re.match(rf"[{''.join(MULTIPLIERS)}]*", rest)[0] if not mention.mention.endswith("%") else ""
    rest = rest[len(multiplier) :]
    unit = "" if mention.mention.endswith("%") else next((u for u in _UNITS if rest.startswith(u)), "")
    end += len(infix) + len(multiplier) + len(unit)
    if text.startswith("以上", end) and (end + 2 >= len(text) or text[end + 2] in _CLAUSE_ENDS):
        end += 2
    if mention.mention == "一":
        return None  # a lone 一 with a measure word is a word (一次办, 一批), not a count of one
    if not unit and not mention.mention.endswith("%"):
        # A number with 万/亿 and no unit after it is money whose 元 is omitted (398.44亿).
        if not (re.fullmatch(r"\d+(?:\.\d+)?[万亿]+", mention.mention) and not multiplier and not infix):
            return None
        if end < len(text) and text[end] not in _CLAUSE_ENDS:
            return None
    start = mention.start
    hedge = next((h for h in PREFIX_MARKERS if text.startswith(h, start - len(h))), "")
    if hedge and text[max(0, start - len(hedge) - 1) : start] in _NOT_HEDGES:
        hedge = ""
    for candidate_start in (start - len(hedge), start) if hedge else (start,):
        try:
            parsed = parse_figure_text(text[candidate_start:end])
        except FigureTextError:
            continue
        unit_std = STANDARD_OF.get(parsed.base_unit, parsed.base_unit) or "元"  # 398.44亿: money, 元 omitted
        return DraftFigure(
            mention,
            text[candidate_start:end],
            candidate_start,
            end,
            format(parsed.number.normalize(), "f"),
            parsed.unit,
            unit_std,
            parsed.qualifier,
        )
    return None


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding text[start:end]: between the nearest clause marks (，。；：！？) around it."""
    left = max(text.rfind(mark, 0, start) for mark in _CLAUSE_ENDS) + 1
    ends = [e for e in (text.find(mark, end) for mark in _CLAUSE_ENDS) if e >= 0]
    right = min(ends) if ends else len(text)
    return left, right


def _quote(source: CleanSource, figure: DraftFigure) -> str:
    """The shortest self-contained clause stating the figure, unique in the source.

    A clause that opens with what only qualifies a figure before it (同比增长17.5%, 占全区45.1%,
    其中…) takes the clause before it too, so that the quote names what is measured."""
    text = source.text
    left, right = _clause(text, figure.start, figure.end)
    paragraph_start = source.paragraph_span(figure.start)[0]  # a quote never reaches into a heading
    left = own_left = max(left, paragraph_start)
    clause = text[left:right]
    while left > 0 and (clause.startswith(_LEADING_MEASURE) or len(clause) - len(figure.figure_text) < 3):
        if text[left - 1] in "。；！？":
            break
        left = max(max(text.rfind(mark, 0, left - 1) for mark in _CLAUSE_ENDS) + 1, paragraph_start)
        clause = text[left:right]
    if clause.count(figure.figure_text) > 1:  # the clause before repeats the figure's text: keep its own
        left, clause = own_left, text[own_left:right]
    while source.count(clause) > 1:
        if left > paragraph_start:
            left = max(max(text.rfind(mark, 0, left - 1) for mark in _CLAUSE_ENDS) + 1, paragraph_start)
        elif right < len(text):
            right = min([e for e in (text.find(m, right + 1) for m in _CLAUSE_ENDS) if e >= 0] or [len(text)])
        else:
            break
        clause = text[left:right]
    return clause


def _sentence_before(text: str, start: int) -> str:
    """The sentence up to ``start`` (from the last 。；！？)."""
    return text[max(text.rfind(mark, 0, start) for mark in "。；！？") + 1 : start]


def _guess_period(quote: str, before: str, paragraph: str, section: str, year: int | None, basis: str) -> Guess:
    """The period from the words around the figure: a half, year or span stated in the quote, the
    sentence or the paragraph before it; else a running total (已, 目前) in the quote or sentence;
    else the half or year the section names."""
    # A year the section names (一、2021年工作回顾) is the year its figures speak of.
    year = int(named[1]) if (named := re.search(r"(20\d\d)年", section)) else year
    y = str(year) if year else TODO
    y4 = str(year + 4) if year else TODO
    around = ((quote, 0.9, "quote"), (before, 0.7, "sentence"), (paragraph, 0.6, "paragraph"))
    searches = (
        (_PERIOD_WORDS, around),
        (_RUNNING_TOTAL_WORDS, around[:2]),
        (_PERIOD_WORDS, ((section, 0.5, "section"),)),
    )
    for words_list, places in searches:
        for place, confidence, where in places:
            if (stated := re.search(r"(20\d\d)年", place)) and "以来" not in place[stated.end() : stated.end() + 3]:
                return Guess(stated[1], confidence, f"{stated[0]} ({where})")
            for words, code in words_list:
                words = words.format(y=y)
                if words in place:
                    return Guess(code.format(y=y, y4=y4), confidence, f"{words} ({where})")
    if basis == "target":
        return Guess(f"{y}H2", 0.3, "a target with no period word: the rest of the year assumed")
    return Guess(f"{y}H1", 0.3, "no period word: the review's half year assumed")


def _guess_basis(quote: str, before: str, section: str) -> Guess:
    """Target when a target word stands in the quote or its sentence, or the section is the plan;
    else actual."""
    for place, confidence, where in ((quote, 0.8, "quote"), (before, 0.7, "sentence")):
        if word := next((w for w in _TARGET_WORDS if w in place), None):
            return Guess("target", confidence, f"{word} ({where})")
    if word := next((w for w in _PLAN_SECTION_WORDS if w in section), None):
        return Guess("target", 0.6, f"{word} (section {section.split(' › ')[0]})")
    for place, confidence, where in ((quote, 0.7, "quote"), (before, 0.6, "sentence")):
        if word := next((w for w in _ACTUAL_WORDS if w in place), None):
            return Guess("actual", confidence, f"{word} ({where})")
    return Guess("actual", 0.4, "no target word (计划, 力争, 确保…) in a review")


def _guess_measure(text: str, figure: DraftFigure) -> Guess:
    lead = text[max(0, figure.start - 8) : figure.start]
    if figure.unit != "%":
        return Guess("level", 0.9, figure.unit or "a number")
    if word := next((w for w in _GROWTH_WORDS if lead.endswith(w) or w in lead[-5:]), None):
        return Guess("growth", 0.9, word)
    if word := next((w for w in _SHARE_WORDS if w in lead), None):
        return Guess("share", 0.8, word)
    return Guess("rate", 0.5, "a percentage without 增长 or 占")


def _share_of(quote: str, figure_text: str) -> str:
    match = re.search(
        rf"占(?:比)?([^，。；%\d]{{1,12}}?)(?:的)?(?:比重|份额)?(?:达到|达|为)?{re.escape(figure_text)}", quote
    )
    return match[1] if match and match[1] else TODO


# ------------------------------------------------------------------ exclusions

_DATE_AFTER = re.compile(r"^(?:年|月|日|号)")


def _exclusion_reason(text: str, mention: Mention, figure: DraftFigure | None) -> tuple[str, str, bool]:
    """(reason, the words it came from, sure) for a mention that states no quantity."""
    start, end, m = mention.start, mention.end, mention.mention
    before, after = text[max(0, start - 4) : start], text[end : end + 4]
    inside_quotes = text.rfind("“", 0, start) > text.rfind("”", 0, start)
    if before.endswith("第") or after.startswith(("期", "届", "号", "批")):
        return "ordinal", before[-1:] + m + after[:1], True
    if re.fullmatch(r"(?:19|20)\d\d", m) and after.startswith("年"):
        return "date", f"{m}年", True
    if after.startswith("月") or (after.startswith(("日", "号")) and (before.endswith(("月", "-", "—")))):
        return "date", f"{m}{after[:1]}", True
    chinese = not m[0].isdigit()
    if (chinese and after.startswith(("是", "、"))) or (before.endswith("（") and after.startswith("）")):
        return "list_marker", before[-1:] + m + after[:1], True
    if re.fullmatch(r"\d{1,2}", m) and after.startswith(".") and not after[1:2].isdigit():
        return "list_marker", f"{m}.", True
    if before.endswith("以下") or after.startswith("个方面"):
        return "structure", before[-2:] + m + after[:3], True
    if figure is not None and text.startswith("以上", figure.end):
        return "threshold", figure.figure_text + "以上", True
    if after.startswith("年内"):
        return "period", f"{m}年内", True
    if after.startswith(("级", "小时", "周岁")):
        return "descriptor", m + after[:2], False
    if after.startswith("周年") or re.match(r"^[A-Za-z]", after) or (figure is None and re.fullmatch(r"\d+\.\d+", m)):
        return "name", m + after[:2], False
    if before.endswith("超") and re.fullmatch(rf"[{CHINESE_NUMERALS}]+", m):
        return "threshold", f"超{m}", False
    if inside_quotes:
        return "slogan", "inside “…”", False
    return "word", before[-1:] + m + after[:1], False


def _context(source: CleanSource, mention: Mention) -> str:
    """The shortest snippet around the mention that occurs once in the source."""
    for width in (2, 4, 6, 8, 12, 20):
        context = source.snippet(mention.start, mention.end, width=width)
        if source.count(context) == 1:
            return context
    return source.snippet(mention.start, mention.end, width=30)


# ------------------------------------------------------------------ the draft tables


def draft_tables(source: CleanSource, report_id: str) -> dict[str, pd.DataFrame]:
    """The draft figures, exclusions, topics and review sheet of a cleaned source text.

    Parameters
    ----------
    source : CleanSource
        The report's text, cleaned (:meth:`CleanSource.from_raw`).
    report_id : str
        The id the draft's rows carry.

    Returns
    -------
    dict of DataFrame
        ``figures`` (the columns of figures.csv), ``exclusions`` (of exclusions.csv), ``topics``
        (of topics.csv) and ``review`` (:data:`DRAFT_COLUMNS`).

    Examples
    --------
    >>> text = "上半年工作回顾\\n上半年，全镇完成地区生产总值181亿元，同比增长17.5%。\\n"
    >>> tables = draft_tables(CleanSource.from_raw(text), "trial")
    >>> tables["figures"][["figure_text", "value", "unit", "period", "measure"]]
      figure_text value unit period measure
    0      181亿元   181   亿元   TODOH1   level
    1       17.5%  17.5    %   TODOH1  growth
    """
    text = source.text
    year = _report_year(source)
    mentions = scan_text(source)
    figures: list[dict] = []
    review: list[dict] = []
    exclusions: list[dict] = []
    claimed_until = -1
    repeats: dict[int, str] = {}
    last_in_sentence: dict[int, dict] = {}
    for mention in mentions:
        if mention.start < claimed_until:
            continue  # inside the figure_text of the figure before (a Chinese numeral unit, 百分点)
        figure = _read_figure(source, mention)
        reason = _exclusion_reason(text, mention, figure)
        if figure is None and reason[0] == "word" and re.fullmatch(r"\d+(?:\.\d+)?[万亿]+", mention.mention):
            # 45万 again, without its unit: the figure said once more (增强45万织里群众的认同感)
            earlier = next((f for f in figures if f["_mention"] == mention.mention), None)
            if earlier is not None:
                reason = ("repeat", f"{mention.mention} as in {earlier['figure_text']}", False)
                repeats[mention.start] = earlier["figure_id"]
        if figure is not None and reason[0] not in ("date", "ordinal", "list_marker", "structure", "threshold"):
            if reason[0] in ("period", "descriptor", "name") or (
                reason[0] == "slogan" and not re.match(r"\d", mention.mention)
            ):
                figure = None
        if figure is None or reason[0] in ("date", "ordinal", "list_marker", "structure", "threshold"):
            exclusions.append({"mention": mention, "reason": reason, "figure": figure})
            continue
        claimed_until = figure.end
        number = len(figures) + 1
        figure_id = f"todo_p{mention.page}_{number:03d}"
        quote = _quote(source, figure)
        quote_at = text.find(quote) if quote in text else figure.start
        before = text[
            max(source.paragraph_span(figure.start)[0], quote_at - len(_sentence_before(text, quote_at))) : quote_at
        ]
        basis = _guess_basis(quote, before, mention.section)
        paragraph = text[source.paragraph_span(figure.start)[0] : quote_at]
        period = _guess_period(quote, before, paragraph, mention.section, year, basis.value)
        measure = _guess_measure(text, figure)
        sentence_start = max(text.rfind(mark, 0, figure.start) for mark in "。；！？") + 1
        clause_start = _clause(text, figure.start, figure.end)[0]
        clause = text[clause_start : figure.start]
        before_in_clause = [f for f in figures if f["_start"] >= clause_start and f["_sentence"] == sentence_start]
        if measure.value == "rate" and before_in_clause and before_in_clause[-1]["measure"] == "share":
            measure = Guess("share", 0.6, f"listed after the share {before_in_clause[-1]['figure_text']}")
        part_of = Guess("", 0.0, "")
        previous = last_in_sentence.get(sentence_start)
        level = next((f for f in reversed(figures) if f["measure"] == "level" and f["figure_text"] in quote), None)
        if "其中" in clause and previous is not None and measure.value == "level":
            part_of = Guess(previous["indicator_id"], 0.7, "其中")
        elif measure.value != "level" and level is not None and level["part_of"]:
            part_of = Guess(level["part_of"], 0.6, f"其中 (as {level['figure_text']})")
        row = {
            "report_id": report_id,
            "figure_id": figure_id,
            "indicator_id": figure_id if measure.value == "level" or level is None else level["indicator_id"],
            "indicator": TODO,
            "indicator_en": TODO,
            "theme": TODO,
            "period": period.value,
            "basis": basis.value,
            "measure": measure.value,
            "value": figure.value,
            "unit": figure.unit,
            "unit_std": figure.unit_std,
            "unit_en": "" if figure.unit_std in UNCOUNTED_UNITS else TODO,
            "qualifier": figure.qualifier,
            "share_of": _share_of(quote, figure.figure_text) if measure.value == "share" else "",
            "share_of_en": TODO if measure.value == "share" else "",
            "part_of": part_of.value,
            "part_relation": "",
            "figure_text": figure.figure_text,
            "quote": quote,
            "quote_en": "",
            "note": f"{TODO}: check the guesses of {REVIEW_FILE} (period {period.value}, basis {basis.value}, "
            f"measure {measure.value}{', part of ' + part_of.value if part_of.value else ''})",
        }
        if measure.value == "level":
            last_in_sentence[sentence_start] = row
        figures.append({**row, "_start": figure.start, "_sentence": sentence_start, "_mention": mention.mention})
        review.append(
            {
                "figure_id": figure_id,
                "figure_text": figure.figure_text,
                "value": figure.value,
                "unit": figure.unit,
                "unit_std": figure.unit_std,
                "qualifier": figure.qualifier,
                "page": source.page_at(figure.start),
                "line": source.line_at(figure.start),
                "section": mention.section,
                "paragraph": source.paragraph_at(figure.start),
                "quote": quote,
                **{
                    f"{field}{suffix}": getattr(guess, attribute)
                    for field, guess in (
                        ("period", period),
                        ("basis", basis),
                        ("measure", measure),
                        ("part_of", part_of),
                    )
                    for suffix, attribute in (("", "value"), ("_confidence", "confidence"), ("_words", "words"))
                },
            }
        )
    figure_rows = pd.DataFrame(figures, columns=list(CURATED_COLUMNS))
    exclusion_rows = _exclusion_rows(source, exclusions, figures, repeats)
    return {
        "figures": figure_rows,
        "exclusions": exclusion_rows,
        "topics": pd.DataFrame({"figure_id": figure_rows["figure_id"], "topics": TODO}, columns=list(TOPIC_COLUMNS)),
        "review": pd.DataFrame(review, columns=list(DRAFT_COLUMNS)),
    }


def _exclusion_rows(
    source: CleanSource, exclusions: list[dict], figures: list[dict], repeats: dict[int, str]
) -> pd.DataFrame:
    rows = []
    seen = set()
    for item in exclusions:
        mention, (reason, words, sure) = item["mention"], item["reason"]
        figure_id = repeats.get(mention.start, "")
        if reason in ("threshold", "period"):
            figure_id = next(
                (
                    f["figure_id"]
                    for f in figures
                    if mention.mention in f["quote"]
                    and source.find(f["quote"]) is not None
                    and source.find(f["quote"]) <= mention.start < source.find(f["quote"]) + len(f["quote"])
                ),
                "",
            )
            if not figure_id:
                reason, sure = "descriptor", False
        context = _context(source, mention)
        if (mention.mention, context) in seen:
            continue
        seen.add((mention.mention, context))
        note = f"drafted from {words}" if sure else f"{TODO}: check the reason (guessed from {words})"
        rows.append(
            {"mention": mention.mention, "context": context, "reason": reason, "figure_id": figure_id, "note": note}
        )
    return pd.DataFrame(rows, columns=list(EXCLUSION_COLUMNS))


# ------------------------------------------------------------------ the folder


def _report_toml(report_id: str, source_name: str, raw: bytes, source: CleanSource) -> str:
    delivered = re.search(r"(20\d\d)年(\d{1,2})月(\d{1,2})日", source.text)
    date_line = (
        f"delivered = {int(delivered[1]):04d}-{int(delivered[2]):02d}-{int(delivered[3]):02d}  "
        f"# {TODO}: guessed from the first date of the text ({delivered[0]}); check it"
        if delivered
        else f"delivered = 2000-01-01  # {TODO}: no date found in the text; the day the report was delivered"
    )
    todo = {
        "title": "title of the report, in Chinese",
        "title_en": "title of the report, in English",
        "subtitle": "subtitle, in Chinese",
        "subtitle_en": "subtitle, in English",
    }
    lines = [
        f"# Drafted by `zhili draft` from {source_name}: {source.pages} page(s), "
        f"{len(source.text)} characters of text.",
        f"# Every {TODO} is named by `zhili validate`; replace it with what the report says.",
        f'id = "{report_id}"',
        *(f'{key} = "{TODO}: {what}"' for key, what in todo.items()),
        date_line,
        *(
            f'{key} = "{TODO}: {what}"'
            for key, what in {
                "venue": "where it was delivered, in Chinese",
                "venue_en": "where it was delivered, in English",
                "speaker": "who delivered it, in Chinese",
                "speaker_en": "who delivered it, in English",
            }.items()
        ),
        f'source_file = "{source_name}"',
        f'source_sha256 = "{hashlib.sha256(raw).hexdigest()}"',
        f'source_note = "{TODO}: how the source text was obtained (e.g. extracted from the report\'s PDF)"',
        f'citation = "{TODO}: citation line under charts, in Chinese"',
        f'citation_en = "{TODO}: citation line under charts, in English"',
    ]
    return "\n".join(lines) + "\n"


def _refuse_existing(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DraftExistsError(
            f"{folder} exists and is not an empty folder; a draft never overwrites curated files: "
            "give another folder (--out) or move this one away"
        )


def draft_report(source_path: Path | str, report_id: str | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """The draft tables and report.toml text of a source text file.

    Parameters
    ----------
    source_path : Path or str
        The extracted text of the report (UTF-8; a line starting with a space begins a page).
    report_id : str, optional
        The id of the new report (default: the file's name without ``.txt``).

    Returns
    -------
    tuple
        (the tables of :func:`draft_tables`, the text of report.toml)

    Raises
    ------
    ZhiliError
        The file cannot be read as UTF-8 text.

    Examples
    --------
    >>> from zhili_data.core.catalog import get_report
    >>> tables, toml = draft_report(get_report().source_path, "trial")
    >>> len(tables["figures"]) > 80, toml.splitlines()[2]
    (True, 'id = "trial"')
    """
    path = Path(source_path)
    report_id = report_id or path.stem
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ZhiliError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    source = CleanSource.from_raw(text, report_id=report_id)
    return draft_tables(source, report_id), _report_toml(report_id, path.name, raw, source)


def write_draft(source_path: Path | str, folder: Path | str, report_id: str | None = None) -> list[Path]:
    """Write a draft catalogue folder for a report's source text; never overwrite anything.

    The folder receives report.toml, a byte-for-byte copy of the source, figures.csv,
    exclusions.csv, topics.csv and the review sheet :data:`REVIEW_FILE`. It is written whole in a
    hidden sibling folder and moved into place, so an interrupted draft leaves nothing half-written.

    Parameters
    ----------
    source_path : Path or str
        The extracted text of the report.
    folder : Path or str
        The new report folder (its name is the report id unless ``report_id`` is given); it must
        not exist, or be empty.
    report_id : str, optional
        The id of the report (default: the folder's name).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    DraftExistsError
        The folder exists and holds files.

    Examples
    --------
    >>> import tempfile
    >>> from zhili_data.core.catalog import get_report
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_draft(get_report().source_path, Path(tmp) / "trial")
    ...     sorted(p.name for p in written)[:3]
    ['draft.csv', 'exclusions.csv', 'figures.csv']
    """
    source_path, folder = Path(source_path), Path(folder)
    report_id = report_id or folder.name
    _refuse_existing(folder)
    tables, toml = draft_report(source_path, report_id)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.draft-", dir=folder.parent))
    try:
        os.chmod(staging, umask_mode(0o777))
        (staging / "report.toml").write_text(toml, encoding="utf-8")
        shutil.copyfile(source_path, staging / source_path.name)
        for name, table in (
            ("figures.csv", tables["figures"]),
            ("exclusions.csv", tables["exclusions"]),
            ("topics.csv", tables["topics"]),
            (REVIEW_FILE, tables["review"]),
        ):
            table.to_csv(staging / name, index=False, lineterminator="\n")
        _refuse_existing(folder)  # checked again: nothing may have appeared meanwhile
        if folder.exists():
            folder.rmdir()  # empty, checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(folder.iterdir())


# ------------------------------------------------------------------ what is left to do


def todo_problems(folder: Path) -> list[Problem]:
    """Every cell a draft left open (starting with ``TODO``), by file, line and column.

    Looks in report.toml (any line holding TODO: its key is the column), figures.csv,
    exclusions.csv and topics.csv.

    Parameters
    ----------
    folder : Path
        A report folder.

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> from zhili_data.core.catalog import get_report
    >>> todo_problems(get_report().folder)  # the shipped report has nothing left open
    []
    """
    folder = Path(folder)
    problems: list[Problem] = []
    toml = folder / "report.toml"
    if toml.is_file():
        for number, line in enumerate(toml.read_text(encoding="utf-8").splitlines(), start=1):
            key, equals, value = line.partition("=")
            if equals and TODO in value and not line.lstrip().startswith("#"):
                problems.append(
                    Problem(toml, number, None, key.strip(), value.strip(), "left open by the draft; fill it in")
                )
    for name in ("figures.csv", "exclusions.csv", "topics.csv"):
        path = folder / name
        if not path.is_file():
            continue
        table = read_table(path)
        ids = table["figure_id"] if "figure_id" in table.columns else [""] * len(table)
        for line, figure_id, (_, row) in zip(row_lines(table), ids, table.iterrows()):
            for column, value in row.items():
                if isinstance(value, str) and value[: len(TODO)].upper() == TODO:
                    problems.append(
                        Problem(path, line, figure_id or None, str(column), value, "left open by the draft; fill it in")
                    )
    return problems
