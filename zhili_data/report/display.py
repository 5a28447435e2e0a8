"""Showing analysis tables in notebooks: readable HTML for people, CSV for machines, and a link
from every number to the clause of the report it comes from.

:func:`show_table` publishes one ``display_data`` output whose data holds ``text/html`` (localized
headers, numbers formatted with their units and hedges, figure ids linking to the sources
appendix) and ``text/csv`` (the table exactly as computed), with the metadata
``{"zhili": {"table": name, "title": title}}`` by which the report runner saves each table as a
CSV file. :func:`show_sources` publishes that appendix: one anchored row per figure id with the
quote, its page and its section.
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Iterable, Sequence

import pandas as pd

from zhili_data.core.analysis import figure_rows
from zhili_data.core.analysis.steps import Operand, Step
from zhili_data.core.catalog import DEFAULT_REPORT, get_report, list_reports
from zhili_data.core.cells import SEPARATOR
from zhili_data.core.cells import items as cell_items
from zhili_data.core.checks import check_lang
from zhili_data.core.figures import load_figures
from zhili_data.core.numbers import MEASURE_UNITS_EN, MONEY_UNITS, UnknownUnitError, split_unit
from zhili_data.core.source import SECTION_SEPARATOR, Place, clean_source
from zhili_data.exceptions import ParameterError
from zhili_data.language import LANG_ZH, zh_span
from zhili_data.markup import escape
from zhili_data.protocol import CHART, CHART_MIME, METADATA_KEY, TABLE, TABLE_MIME, TITLE
from zhili_data.report import labels
from zhili_data.report.messages import localised, message
from zhili_data.report.spreadsheet import csv_text

__all__ = [
    "ANCHOR_PREFIX",
    "CSS",
    "SOURCES_TABLE",
    "anchor",
    "as_printed",
    "chart_output",
    "count_noun",
    "flat_table",
    "formula_text",
    "format_amount",
    "format_number",
    "input_figures",
    "format_percent",
    "format_pp",
    "format_ratio",
    "place_label",
    "figure_place",
    "section_label",
    "show_chart",
    "show_sources",
    "show_table",
    "source_links",
    "step_text",
    "sources_html",
    "sources_output",
    "sources_table",
    "table_html",
    "table_output",
    "unit_label",
    "visible_columns",
]

ANCHOR_PREFIX = "src-"
SOURCES_TABLE = "sources"

# value column -> (unit column, qualifier column)
VALUE_COLUMNS = {
    "value": ("unit", "qualifier"),
    "prior_value": ("unit", None),
    "increase": ("unit", None),
    "rest_value": ("unit", None),
    "part_value": ("part_unit", "part_qualifier"),
    "whole_value": ("whole_unit", "whole_qualifier"),
    "implied_whole": ("part_unit", "part_qualifier"),
    "per_head": ("per_head_unit", "part_qualifier"),
    "actual": ("unit", "actual_qualifier"),
    "target": ("unit", "target_qualifier"),
    "remaining": ("unit", None),
    "margin": ("unit", None),
}
PERCENT_QUALIFIERS = {"growth_pct": "growth_qualifier", "share_pct": "qualifier"}
# Computed, not printed: shown rounded.
DERIVED_VALUES = {"prior_value", "increase", "rest_value", "implied_whole", "per_head"}
DERIVED_INPUTS = {
    "prior_value": ("value", "growth_pct"),
    "increase": ("value", "growth_pct"),
    "rest_value": ("value", "rest_growth_pct"),
    "implied_whole": ("part_value", "share_pct"),
    "per_head": ("part_value", "whole_value"),
}
"""A derived column -> the printed columns it comes from: it is shown with no more significant
figures than they have (:func:`input_figures`); CSV and xlsx keep every digit."""
PRIOR_VALUE_SOURCES = {
    "part_value": ("part_figure_id", "part_growth_figure_id"),
    "whole_value": ("whole_figure_id", "whole_growth_figure_id"),
}
"""A value of a year earlier (a share table's ``prior_*`` rows) -> the columns naming the printed level and
growth it is implied from: it is shown with no more significant figures than they have."""
PERIOD_COLUMNS = {"period", "actual_period", "target_period", "base_period"}
HIDDEN = {
    "growth_over_reference",  # one growth rate divided by another: no reader's page shows it (the CSV keeps it)
    "indicator_en",
    "indicator_id",
    "theme",
    "basis",
    "measure",
    "unit",
    "part_unit",
    "whole_unit",
    "per_head_unit",
    "qualifier",
    "growth_qualifier",
    "actual_qualifier",
    "target_qualifier",
    "part_qualifier",
    "whole_qualifier",
    "value_std",
    "unit_std",
    "unit_en",  # said by the value it counts (23 projects)
    "part_unit_en",
    "whole_unit_en",
    "prior_value_std",
    "increase_std",
    "reference_id",
    "part_of",
    "whole_id",
    "overlap_group",
    "share_of_en",
    "caveat_codes",
    "report_id",
    "note",
    "section",
    "page",
    "quote",
    "quote_en",
    "figure_text",
    "paragraph",
    "topics",
    "derived",  # the kind column already says stated or derived
    "growth_basis",  # said in words by the caveat nominal_vs_real
    "main_readings",
    "alternative_readings",
    "actual_end",
    "target_span",  # codes; the prose and the readings table say them in words
    "robust",  # the status cell marks a verdict that depends on the reading
    # the sources one by one: the figure_ids column links them all
    "level_figure_id",
    "growth_figure_id",
    "whole_level_figure_id",
    "whole_growth_figure_id",
    "part_figure_id",
    "share_figure_id",
    "whole_figure_id",
    "part_growth_figure_id",
    "actual_figure_id",
    "target_figure_id",
    "report_age_days",  # a parameter of the caveat report_age, which says it in words
    "readings",  # reading ids: the period, span and population columns say each reading in words
}
# Shown on demand, in a row's last cell: where its figures stand in the report (links to their quotes)
# and, behind a details element, how its numbers were computed. The CSV keeps the ids and the steps.
ON_DEMAND = ("formula", "figure_ids")

UNITS_EN = {
    **MEASURE_UNITS_EN,
    "人": "people",
    "名": "people",
    "户": "households",
    "纵": "north–south roads",
    "横": "east–west roads",
    "件": "cases",
    "家次": "firms (counted per visit)",
    "处": "sites",
    "套": "sets",
    "次": "times",
    "人次": "people (counted per occasion)",
    "个": "",
    "家": "",
    "座": "",
    "条": "",
    "所": "",
    "项": "",
    "%": "%",
    "百分点": "pp",
    "元/人": "yuan per head",
    "美元/人": "US$ per head",
}
COUNTS_EN = {
    # counts whose number reads best bare beside the indicator's name ("15" projects introduced);
    # an axis still says what it counts
    "个": "items (projects, platforms, points…)",
    "家": "firms and institutions",
    "座": "buildings",
    "条": "roads and streets",
    "所": "institutions",
    "项": "items",
}

# Selectors carry two classes (.zhili-table, .zt): JupyterLab's table rules
# (:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td) would otherwise right-align every cell.
# A table is as wide as its column at most: cells wrap, and a row's sources and computation share its
# last cell, the computation behind a closed details element. A table still wider than a tablet's screen
# scrolls sideways inside its box with its first column (the indicator) kept in view, so the sticky cells
# need opaque backgrounds and the rows are striped here. On a phone each row is a card, a list of its
# cells each under its column's name (data-label): nothing to swipe.
CSS = """
<style>
.zhili-table{margin:0.6em 0 1.4em 0;overflow-x:auto;font-size:14px;line-height:1.45}
.zhili-table table.zt{border-collapse:collapse;width:100%;table-layout:auto}
.zhili-table caption{caption-side:top;text-align:left;font-weight:600;font-size:16px;padding:0 0 0.4em 0}
.zhili-table table.zt th{background:#eef2f5;color:#1f2933;text-align:left;padding:6px 8px;border-bottom:2px solid #9aa5b1;vertical-align:bottom;font-size:13px;line-height:1.3}
.zhili-table table.zt td{text-align:left;padding:5px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
.zhili-table table.zt td.num{text-align:right;font-variant-numeric:tabular-nums}
.zhili-table table.zt td.label{width:10em;font-weight:600}
.zhili-table table.zt td.caveat{color:#52606d;font-size:12.5px;width:22em}
.zhili-table table.zt td.quote{width:45%}
.zhili-table table.zt td.more{width:9em;font-size:12.5px}
.zhili-table .places a{white-space:nowrap}
.zhili-table span.places{display:block}
.zhili-table details.computation summary{cursor:pointer;color:#3e4c59;text-decoration:underline dotted}
.zhili-table .formula span{display:block;font-variant-numeric:tabular-nums}
.zhili-table .quote-zh{display:inline-block;margin-top:0.25em;color:#52606d}
.zhili-table code{color:#3e4c59;font-size:11.5px}
.zhili-table mark{background:#fff3bf;padding:0 1px}
.zhili-table .derived{color:#7c5cbf;font-size:12px;margin-left:4px}
.zhili-table .status{display:inline-block;padding:1px 8px;border-radius:9px;color:#fff;font-size:12.5px;white-space:nowrap}
.zhili-table .status-ahead{background:#2d7a48}.zhili-table .status-on_track{background:#1b6ca8}
.zhili-table .status-behind{background:#c0392b}.zhili-table .status-no_baseline{background:#616e7c}
.zhili-table .status-not_started{background:#52606d}.zhili-table .status-undetermined{background:#7b5ea7}
.zhili-table .status.contingent{background:#fff;border:1.5px dashed currentColor}
.zhili-table .status-ahead.contingent{color:#2d7a48}.zhili-table .status-on_track.contingent{color:#1b6ca8}
.zhili-table .status-behind.contingent{color:#c0392b}.zhili-table .status-not_started.contingent{color:#52606d}
.zhili-table .status-undetermined.contingent{color:#7b5ea7}
.zhili-table .contingent-note{color:#52606d;font-size:12px}
.zhili-table table.zt tbody tr td{background:#fff}
.zhili-table table.zt tbody tr:nth-child(odd) td{background:#f6f8fa}
.zhili-table table.zt th:first-child,.zhili-table table.zt td:first-child{position:sticky;left:0;z-index:1;box-shadow:1px 0 0 #d9dee3}
.zhili-table table.zt tbody tr:target td{background:#fff8db}
@media print,(max-width:700px){.zhili-table table.zt th:first-child,.zhili-table table.zt td:first-child{position:static;box-shadow:none}}
@media print{.zhili-table details.computation{display:none}}
@media screen and (max-width:700px){
.zhili-table table.zt,.zhili-table table.zt tbody,.zhili-table table.zt tr,.zhili-table table.zt td,.zhili-table caption{display:block}
.zhili-table table.zt thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.zhili-table table.zt tr{border:1px solid #d9dee3;border-radius:4px;margin:0 0 0.7em;padding:0.2em 0}
.zhili-table table.zt tbody tr td,.zhili-table table.zt tbody tr:nth-child(odd) td{background:transparent}
.zhili-table table.zt td,.zhili-table table.zt td.num,.zhili-table table.zt td.caveat,.zhili-table table.zt td.quote,.zhili-table table.zt td.label,.zhili-table table.zt td.more{text-align:left;white-space:normal;width:auto;min-width:0;max-width:none;border:0;padding:2px 10px}
.zhili-table table.zt td::before{content:attr(data-label);display:block;font-size:12.5px;font-weight:400;color:#52606d}
.zhili-table table.zt td:first-child{font-size:15px;padding-top:4px}
.zhili-table table.zt td:first-child::before{content:none}
.zhili-table table.zt td:empty{display:none}
}
</style>
"""


# --------------------------------------------------------------------------- formatting


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_number(value: float, *, digits: int = 2, grouping: bool = True) -> str:
    """181 -> 181, 12.8 -> 12.8, 154.0426 -> 154.04, 40222.2 -> 40,222 (at most ``digits`` decimals;
    Chinese text writes 9100 and 40222 without separators: ``grouping=False``).

    Parameters
    ----------
    value : float
    digits : int, default 2
        At most this many decimals; trailing zeros are dropped.
    grouping : bool, default True
        Thousands separators.

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(154.0426), format_number(40222.2), format_number(40222.2, grouping=False)
    ('154.04', '40,222', '40222')
    """
    sep = "," if grouping else ""
    if abs(value) >= 1000:
        return f"{value:{sep}.0f}"
    text = f"{value:{sep}.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def input_figures(*printed: object) -> int:
    """The significant figures a result may carry: the fewest of the printed numbers it comes from.

    A printed number's figures are its digits from the first non-zero one (181 -> 3, 0.451 -> 3,
    179.81 -> 5, 17.5 -> 3); a whole number's trailing zeros count (a count of 100 is exact).

    Parameters
    ----------
    *printed : float
        The inputs, as printed (missing ones are skipped).

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> input_figures(181, 45.1), input_figures(179.81), input_figures(0.451, 17.5, float("nan"))
    (3, 5, 3)
    """
    counts = []
    for number in printed:
        if _missing(number):
            continue
        text = f"{abs(float(number)):.10f}".rstrip("0").rstrip(".")
        digits = text.replace(".", "").lstrip("0")
        counts.append(max(len(digits), 1))
    return min(counts) if counts else 1


def _decimals(value: float, significant: int) -> int:
    """Decimals that show ``value`` with ``significant`` figures (none past the units for large values)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(significant - 1 - math.floor(math.log10(abs(value))), 0)


def _round_significant(value: float, significant: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, significant - 1 - math.floor(math.log10(abs(value))))


def _split_unit(unit: str) -> tuple[int, str]:
    """(multiplier, base) of a printed unit, read by :func:`zhili_data.core.numbers.split_unit`: 亿元 -> (10^8, 元);
    千万元 -> (10^7, 元); 百分点 -> (1, 百分点); 元/人 -> (1, 元/人); 398.44亿, whose 元 is omitted -> (10^8, 元).
    A unit the parser does not know (not one of a figure's) is shown as it is."""
    numerator, slash, denominator = unit.partition("/")
    try:
        parsed = split_unit(numerator)
    except UnknownUnitError:
        return 1, unit
    base = parsed.base or ("元" if parsed.multiplier != 1 else "")
    return parsed.multiplier, base + slash + denominator


def _multiplier_words(multiplier: int) -> str:
    # an English axis names the printed multiplier: 亿元 -> "100 m yuan", 万人 -> "10,000 people"
    return {1: "", 100: "hundred ", 1_000: "thousand ", 10**7: "10 m ", 10**8: "100 m "}.get(
        multiplier, f"{multiplier:,} "
    )


def count_noun(noun: str, amount: float) -> str:
    """The curated plural noun (``unit_en``) in the number of ``amount``: 1 firm, 2 firms.

    Parameters
    ----------
    noun : str
        The plural noun.
    amount : float

    Returns
    -------
    str

    Examples
    --------
    >>> count_noun("firms", 1), count_noun("firms", 2)
    ('firm', 'firms')
    """
    if abs(amount) != 1:
        return noun
    head, _, last = noun.rpartition(" ")
    singular = {"people": "person"}.get(last) or (
        last[:-3] + "y"
        if last.endswith("ies")
        else last[:-1]
        if last.endswith("s") and not last.endswith("ss")
        else last
    )
    return f"{head} {singular}" if head else singular


def format_amount(
    value: float,
    unit: str | None,
    qualifier: str | None = None,
    *,
    lang: str = "zh",
    digits: int = 2,
    noun: str | None = None,
    significant: int | None = None,
) -> str:
    """A value with its unit and hedge: 约9100万元 / about 91 m yuan; 近1000名 / nearly 1,000 designers.

    ``noun`` is the figure's curated English count noun (``unit_en``: 23 projects, 499 households);
    without it an English count is written with the measure word's usual English.

    Parameters
    ----------
    value : float
        The number as printed.
    unit : str or None
        The unit as printed (亿元, 名, %).
    qualifier : str, optional
        The hedge (exact, about, nearly, at_least).
    lang : {"zh", "en"}, default "zh"
        The language.
    digits : int, default 2
        At most this many decimals.
    noun : str, optional
        The English count noun.
    significant : int, optional
        For a derived value: the significant figures of its inputs (:func:`input_figures`); it is
        shown with no more, in whatever unit it is written (401.33亿元 from 181 and 45.1% ->
        401亿元 / 40.1 bn yuan). Overrides ``digits``.

    Returns
    -------
    str
        Empty for a missing value.

    Examples
    --------
    >>> format_amount(181, "亿元"), format_amount(181, "亿元", lang="en")
    ('181亿元', '18.1 bn yuan')
    >>> format_amount(1000, "名", "nearly"), format_amount(1000, "名", "nearly", lang="en", noun="designers")
    ('近1000名', 'nearly 1,000 designers')
    """
    if _missing(value):
        return ""
    unit = "" if _missing(unit) else str(unit)
    if as_printed(lang):
        body = _printed_amount(value, unit, digits=digits, significant=significant)
    else:
        body = _translated_amount(value, unit, digits=digits, noun=noun, significant=significant)
    if _missing(qualifier) or qualifier == "exact":
        return body
    return message("display.hedged", lang, hedge=labels.qualifier(str(qualifier), lang), amount=body)


def as_printed(lang: str) -> bool:
    """Whether a page in ``lang`` shows the report's units, headings and quotes as printed (the language
    the reports are written in) rather than translated (the catalogue's ``language.as_printed``).

    Parameters
    ----------
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    bool

    Examples
    --------
    >>> as_printed("zh"), as_printed("en")
    (True, False)
    """
    return message("language.as_printed", check_lang(lang)) == "yes"


def _printed_amount(value: float, unit: str, *, digits: int, significant: int | None) -> str:
    """An amount in the unit the report prints it in: 181亿元."""
    if significant is not None:
        digits = _decimals(value, significant)
        value = _round_significant(value, significant)
    return f"{format_number(value, digits=digits, grouping=False)}{unit}"


def _translated_amount(value: float, unit: str, *, digits: int, noun: object, significant: int | None) -> str:
    """An amount in English units and scales: 18.1 bn yuan, 1,000 designers."""
    multiplier, base = _split_unit(unit)
    amount = value * multiplier
    base_en = count_noun(str(noun), amount) if not _missing(noun) and noun else UNITS_EN.get(base, base)
    if base.split("/")[0] in MONEY_UNITS and abs(amount) >= 1e6:
        scale, word = (1e9, "bn") if abs(amount) >= 1e9 else (1e6, "m")
        # keep the precision of the printed unit: 179.81万元 -> 1.7981 m yuan
        shift = round(math.log10(scale / multiplier))
        shown = max(digits + shift, 0) if significant is None else _decimals(amount / scale, significant)
        scaled = amount / scale if significant is None else _round_significant(amount / scale, significant)
        return f"{format_number(scaled, digits=shown)} {word} {base_en}"
    if significant is not None:
        digits = _decimals(amount, significant)
        amount = _round_significant(amount, significant)
    return f"{format_number(amount, digits=digits)}" + ("%" if base_en == "%" else (f" {base_en}" if base_en else ""))


def unit_label(unit: str | None, lang: str) -> str:
    """A unit for an axis: 亿元 / "100 m yuan"; 家 / "number of firms and institutions".

    Parameters
    ----------
    unit : str or None
        The unit as printed.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> unit_label("亿元", "en"), unit_label("亿元", "zh")
    ('100 m yuan', '亿元')
    """
    unit = "" if _missing(unit) else str(unit)
    if as_printed(lang):
        return unit
    multiplier, base = _split_unit(unit)
    base_en = UNITS_EN.get(base, base) or f"number of {COUNTS_EN[base]}"  # 个 and 家 are both counts: keep them apart
    return f"{_multiplier_words(multiplier)}{base_en}"


def format_percent(value: float, qualifier: str | None = None, *, lang: str = "zh") -> str:
    """A percentage with its hedge: 17.5% / about 17.5%.

    Parameters
    ----------
    value : float
        Percent.
    qualifier : str, optional
        The hedge.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> format_percent(17.5), format_percent(17.5, "about", lang="en")
    ('17.5%', 'about 17.5%')
    """
    return format_amount(value, "%", qualifier, lang=lang, digits=1)


def format_pp(value: float, *, lang: str = "zh") -> str:
    """A difference in percentage points, signed: +2.5个百分点 / +2.5 pp.

    Parameters
    ----------
    value : float
        Percentage points.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    str
        Signed; empty for a missing value.

    Examples
    --------
    >>> format_pp(2.54), format_pp(-1.0, lang="en")
    ('+2.5个百分点', '−1 pp')
    """
    if _missing(value):
        return ""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    number = format_number(abs(value), digits=1)
    return message("display.pp", check_lang(lang), sign=sign, number=number)


def format_ratio(value: float, *, lang: str = "zh") -> str:
    """A ratio: 1.50倍 / 1.50×.

    Parameters
    ----------
    value : float
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> format_ratio(1.5), format_ratio(1.5, lang="en")
    ('1.50倍', '1.50×')
    """
    if _missing(value):
        return ""
    return message("display.ratio", check_lang(lang), ratio=f"{value:.2f}")


def anchor(figure_id: str) -> str:
    """The HTML id of a figure's entry in the sources appendix.

    Parameters
    ----------
    figure_id : str

    Returns
    -------
    str

    Examples
    --------
    >>> anchor("gdp_2021h1_actual")
    'src-gdp_2021h1_actual'
    """
    return ANCHOR_PREFIX + re.sub(r"[^a-z0-9_]", "_", str(figure_id).lower())


@functools.cache
def _figure_places(report: str) -> dict[str, tuple[int, Place | None]]:
    """figure id -> (its page, the :class:`~zhili_data.core.source.Place` of its quote) for every figure of ``report``."""
    figures = load_figures(report)
    source = clean_source(report)
    places = {}
    for figure_id, quote, page in zip(figures["figure_id"], figures["quote"], figures["page"]):
        at = source.find(str(quote))
        places[str(figure_id)] = (int(page), None if at is None else source.place_at(at))
    return places


def figure_place(figure_id: str, lang: str, report: str = DEFAULT_REPORT) -> str:
    """Where a figure stands in the report (:func:`place_label`), found from its id.

    Parameters
    ----------
    figure_id : str
        A figure of ``report``.
    lang : {"zh", "en"}
        The language.
    report : str, default DEFAULT_REPORT

    Returns
    -------
    str
        The place; ``""`` for an id the report does not have.

    Examples
    --------
    >>> figure_place("gdp_2021h1_actual", "en")
    'p. 2, §1, ¶1'
    """
    found = _figure_places(report).get(str(figure_id))
    return "" if found is None else place_label(*found, lang)


def place_label(page: int, place: Place | None, lang: str) -> str:
    """Where a figure stands in the report, as a reader finds it in print: p. 2, §1.1, ¶2 / 第2页 第一部分第1节 第2段.

    The page is the figure's own (curated); the part, section and paragraph are those of its quote.

    Parameters
    ----------
    page : int
        The page of the report.
    place : Place or None
        The place of the quote (:meth:`zhili_data.core.source.CleanSource.place_at`); None: the page alone.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.source import Place
    >>> place_label(2, Place(page=2, sections=(1, 1), paragraph=2), "en")
    'p. 2, §1.1, ¶2'
    >>> place_label(2, Place(page=2, sections=(1, 1), paragraph=2), "zh")
    '第2页 第一部分第1节 第2段'
    """
    if place is None or not place.sections:
        return labels.text("page_n", check_lang(lang), page=page)
    first = place.sections[0]
    numerals = message("display.part_numerals", check_lang(lang)).split()
    part = message("display.part", lang, numeral=numerals[first - 1] if 1 <= first <= len(numerals) else str(first))
    section = part + "".join(message("display.section", lang, n=n) for n in place.sections[1:])
    return labels.text("place", lang, page=page, section=section, paragraph=place.paragraph)


def section_label(section: str, lang: str, *, report: str = DEFAULT_REPORT) -> str:
    """The section of the report a figure comes from, as HTML in ``lang``: on an English page each heading
    in the English the report's catalogue entry gives it (``headings_en``), else as printed, marked Chinese.

    Parameters
    ----------
    section : str
        The figure's section, headings joined by " › ".
    lang : {"zh", "en"}
        The language.
    report : str, default DEFAULT_REPORT
        The report whose headings these are.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> import html
    >>> html.unescape(section_label("一、上半年工作回顾 › （一）经济发展稳中有进", "en"))
    '1. Review of H1 2021 › (1) Steady progress in the economy'
    """
    if as_printed(lang):
        return escape(section)
    english = dict(get_report(report).headings_en)
    return SECTION_SEPARATOR.join(
        escape(english[heading]) if heading in english else zh_span(escape(heading))
        for heading in section.split(SECTION_SEPARATOR)
    )


def source_links(figure_ids: str, *, lang: str, report: str = DEFAULT_REPORT) -> str:
    """A ``figure_ids`` cell as the places of its figures in the report, each linked to its entry in the
    sources appendix (one link for figures of the same place).

    Parameters
    ----------
    figure_ids : str
        A ``figure_ids`` cell.
    lang : {"zh", "en"}
        The language.
    report : str, default DEFAULT_REPORT
        The report the figures come from.

    Returns
    -------
    str
        HTML links to the sources appendix, one a line.

    Raises
    ------
    FigureNotFoundError
        An id that is no figure of ``report``.

    Examples
    --------
    >>> import html
    >>> print(html.unescape(source_links("gdp_2021h1_actual;gdp_2021h1_actual_growth", lang="en")))
    <a href="#src-gdp_2021h1_actual">p. 2, §1, ¶1</a>
    """
    places = _figure_places(report)
    unknown = [i for i in cell_items(figure_ids) if i not in places]
    if unknown:
        figure_rows(unknown, report=report)  # raises, naming the ids and the report
    links: dict[str, str] = {}
    for figure_id in cell_items(figure_ids):
        label = place_label(*places[figure_id], lang)
        links.setdefault(label, f'<a href="#{anchor(figure_id)}">{escape(label)}</a>')
    return "<br>".join(links.values())


# --------------------------------------------------------------------------- tables


def _table_report(df: pd.DataFrame, report: str | None) -> str:
    """The report a table's figures come from: ``report`` if given, else the table's ``report_id``, else
    the one report of the catalogue that holds every figure id of the table."""
    if report is not None:
        return report
    if "report_id" in df.columns and df["report_id"].notna().any():
        return str(df["report_id"].dropna().iloc[0])
    columns = [c for c in ("figure_ids", "figure_id") if c in df.columns]
    ids = {i for c in columns for cell in df[c] if not _missing(cell) for i in cell_items(cell)}
    if not ids:
        return DEFAULT_REPORT
    holders = [r for r in list_reports() if ids <= set(_figure_places(r))]
    if len(holders) != 1:
        found = ", ".join(holders) if holders else "none of the catalogue's reports"
        raise ParameterError(
            f"the table's figures ({', '.join(sorted(ids)[:3])}…) are figures of {found}; pass report= to say which"
        )
    return holders[0]


@functools.lru_cache(maxsize=8)
def _printed_values(report: str) -> dict[str, float]:
    """figure_id -> the value the report prints, for the figures a derived value comes from."""
    figures = load_figures(report)
    return dict(zip(figures["figure_id"], figures["value"], strict=True))


def _report_of(row: pd.Series) -> str:
    return DEFAULT_REPORT if "report_id" not in row.index or _missing(row["report_id"]) else str(row["report_id"])


def _on_demand_cell(row: pd.Series, columns: Sequence[str], lang: str) -> str:
    """A row's sources, as places in the report linked to their quotes, and its computation in a closed
    details element: there when a reader asks for them, out of the row's height otherwise."""
    parts = []
    if "figure_ids" in columns and not _missing(row["figure_ids"]):
        parts.append(
            f'<span class="places">{source_links(row["figure_ids"], lang=lang, report=_report_of(row))}</span>'
        )
    if "formula" in columns and not _missing(row["formula"]):
        steps, _ = _cell("formula", row, lang)
        parts.append(
            f'<details class="computation"><summary>{escape(labels.text("computation", lang))}</summary>'
            f'<span class="formula">{steps}</span></details>'
        )
    return "".join(parts)


def _cell(column: str, row: pd.Series, lang: str) -> tuple[str, str]:
    """(html, css class) of one cell."""
    value = row[column]
    # Every cell is text from data or a formatted number (whose unit is data): each one is escaped.
    if column == "indicator":
        return escape(labels.indicator(row, lang)), "label"
    if column == "figure_ids":
        return ("" if _missing(value) else source_links(value, lang=lang, report=_report_of(row))), "places"
    if column == "figure_id":
        return source_links(value, lang=lang, report=_report_of(row)), "places"
    if _missing(value):
        return "", "num" if column in VALUE_COLUMNS or column.endswith(("_pct", "_pp")) else ""
    if column in VALUE_COLUMNS:
        return _value_cell(column, row, lang), "num"
    if column.endswith("_pct"):
        return escape(format_percent(float(value), row.get(PERCENT_QUALIFIERS.get(column, ""), None), lang=lang)), "num"
    if column.endswith("_pp"):
        text = format_pp(float(value), lang=lang)
        if column == "growth_minus_reference_pp" and "nominal_vs_real" in cell_items(row.get("caveat_codes")):
            text += labels.text("nominal_mark", lang)  # a nominal rate against real GDP growth
        return escape(text), "num"
    if column == "growth_over_reference":
        return escape(format_ratio(float(value), lang=lang)), "num"
    if column in PERIOD_COLUMNS:
        return escape(labels.period(str(value), lang)), ""
    return _word_cell(column, row, lang)


def _value_cell(column: str, row: pd.Series, lang: str) -> str:
    """A value with its unit and hedge, no more precise than the figures it comes from (escaped HTML)."""
    value = row[column]
    unit_column, qualifier_column = VALUE_COLUMNS[column]
    unit = row.get(unit_column)
    qualifier = row.get(qualifier_column) if qualifier_column else None
    digits = 2 if column not in DERIVED_VALUES else (0 if column == "per_head" else 2)
    if (
        "measure" in row.index
        and row["measure"] in ("growth", "share", "rate")
        and column in ("actual", "target", "remaining")
    ):
        return escape(format_percent(float(value), qualifier, lang=lang))
    noun = row.get(f"{unit_column}_en")  # the count noun beside its unit: unit_en, part_unit_en…
    inputs = [row.get(c) for c in DERIVED_INPUTS.get(column, ()) if c in row.index]
    if str(row.get("kind", "")).startswith("prior") and column in PRIOR_VALUE_SOURCES:
        printed = _printed_values(_report_of(row))
        inputs = [printed.get(row.get(c)) for c in PRIOR_VALUE_SOURCES[column] if c in row.index]
    significant = input_figures(*inputs) if inputs else None
    return escape(
        format_amount(float(value), unit, qualifier, lang=lang, digits=digits, noun=noun, significant=significant)
    )


def _word_cell(column: str, row: pd.Series, lang: str) -> tuple[str, str]:
    """(html, css class) of a cell said in words: a status, a reading, a kind of share, a formula…"""
    value = row[column]
    if column == "status":
        contingent = "robust" in row.index and not _missing(row["robust"]) and not bool(row["robust"])
        badge = f'<span class="status status-{escape(str(value))}{" contingent" if contingent else ""}">{escape(labels.status(str(value), lang))}</span>'
        if contingent:
            badge += f'<br><span class="contingent-note">{escape(labels.text("contingent_mark", lang).strip())}</span>'
        return badge, ""
    if column == "actual_span":
        return escape(labels.span(str(value), lang)), ""
    if column == "robust":
        return escape(labels.text("yes" if bool(value) else "no", lang)), ""
    if column == "alternative_statuses":
        statuses = list(dict.fromkeys(cell_items(value)))
        return escape(message("prose.list_separator", lang).join(labels.status(s, lang) for s in statuses)), ""
    if column in ("population", "bound"):
        return escape(labels.text(f"{column}_{value}", lang) if value else ""), ""
    if column == "main":
        return escape(labels.text("main_reading" if bool(value) else "other_reading", lang)), ""
    if column == "kind":
        return escape(labels.share_kind(str(value), lang)), ""
    if column == "derived":
        return (f'<span class="derived">{escape(labels.text("derived_mark", lang))}</span>' if bool(value) else ""), ""
    if column == "additive":
        return escape(labels.text("yes" if bool(value) else "not_additive", lang)), ""
    if column == "share_of":
        return escape(labels.share_of(row, lang)), ""
    if column == "caveat":
        return escape(str(value)), "caveat"
    if column == "formula":
        # one step per line: each step reads on its own, as a hand computation would be written
        steps = [step_text(step) for step in value] if _is_list(value) else str(value).split("; ")
        return "".join(f"<span>{escape(step)}</span>" for step in steps if step), "formula"
    if column == "as_of":
        return escape(pd.Timestamp(value).date().isoformat()), "num"
    if column == "page":
        return escape(str(value)), "num"
    return escape(str(value)), ""


def visible_columns(df: pd.DataFrame, columns: Sequence[str] | None = None) -> list[str]:
    """The columns shown: ``columns`` if given, else every column not hidden and not empty.

    Parameters
    ----------
    df : DataFrame
    columns : sequence of str, optional
        The columns to show, in order; each must be in ``df``.

    Returns
    -------
    list of str

    Raises
    ------
    ParameterError
        A column not in ``df``.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> visible_columns(growth)[:4]
    ['indicator', 'period', 'value', 'growth_pct']
    """
    if columns is not None:
        unknown = [c for c in columns if c not in df.columns]
        if unknown:
            raise ParameterError("columns", unknown, f"columns of the table: {', '.join(df.columns)}")
        return list(columns)
    shown = []
    for c in df.columns:
        if c in HIDDEN:
            continue
        if c == "indicator" or c == "figure_ids":
            shown.append(c)
        elif c == "actual_age_days" and (df[c].fillna(0) == 0).all():
            continue  # every actual is as recent as the day it is measured at: nothing to say
        elif not df[c].map(_missing).all():
            shown.append(c)
    return shown


def _scroll_region(title: str) -> str:
    """Attributes of a table's box, which scrolls sideways when the table is wider than the screen:
    a keyboard reaches it (and scrolls it with the arrow keys) and a screen reader names it by the table's title."""
    return f'role="region" tabindex="0" aria-label="{escape(title)}"'


def table_html(
    df: pd.DataFrame,
    *,
    title: str,
    lang: str,
    columns: Sequence[str] | None = None,
    anchors: bool = False,
    report: str | None = None,
) -> str:
    """The HTML of a table, its caveats worded in ``lang`` (:func:`zhili_data.report.labels.with_caveats`);
    with ``anchors`` each row gets the id of its ``figure_id``.

    Parameters
    ----------
    df : DataFrame
        An analysis table (or any frame).
    title : str
        The caption.
    lang : {"zh", "en"}
        The language of headers, labels and caveats.
    columns : sequence of str, optional
        The columns to show (default: :func:`visible_columns`).
    anchors : bool, default False
        Give each row the anchor of its figure (the sources appendix).
    report : str, optional
        The report the figures come from, for their places (default: the table's ``report_id``, else the
        one report of the catalogue holding every figure id of the table).

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> "<caption>GDP</caption>" in table_html(growth, title="GDP", lang="en")
    True
    """
    check_lang(lang)
    df = labels.with_caveats(df, lang)
    visible = visible_columns(df, columns)
    if "report_id" not in df.columns:  # the places of the row's figures are in this report
        df = df.assign(report_id=_table_report(df, report))
    shown = [c for c in visible if c not in ON_DEMAND]
    on_demand = [c for c in ON_DEMAND if c in visible]
    # the last cell's header names what it holds: sources, the computation, or both
    last = {2: "on_demand", 1: on_demand[0] if on_demand else "", 0: ""}[len(on_demand)]
    headers = [labels.column(c, lang) for c in shown] + ([labels.column(last, lang)] if on_demand else [])
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for _, row in df.iterrows():
        cells = [_cell(c, row, lang) for c in shown]
        if on_demand:
            cells.append((_on_demand_cell(row, on_demand, lang), "more"))
        # data-label: on a phone each row is a card whose cells name themselves (zhili.css)
        tds = [
            f'<td{f" class={chr(34)}{css}{chr(34)}" if css else ""} data-label="{escape(header)}">{content}</td>'
            for (content, css), header in zip(cells, headers)
        ]
        row_id = f' id="{anchor(row["figure_id"])}"' if anchors else ""
        body.append(f"<tr{row_id}>{''.join(tds)}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{max(len(headers), 1)}">{escape(labels.text("no_rows", lang))}</td></tr>')
    return (
        f'{CSS}<div class="zhili-table" {_scroll_region(title)}><table class="zt"><caption>{escape(title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


# --------------------------------------------------------------------------- computations as text

# How each operation of zhili_data.core.analysis.steps is written, its operands numbered in order and its
# result ``r``. A number without a format is written as it stands when exact (181, never 1.81e+02)
# and to two decimals when computed; ``pp`` writes percentage points, ``sign``/``abs`` a signed band.
STEP_FORMS = {
    "prior": "{0} ÷ (1 + {1}%) = {r:.2f}",
    "increase": "{0} − {1} = {r:.2f}",
    "difference_pp": "{0}% − {1}% = {r:pp}",
    "ratio": "{0}% ÷ {1}% = {r:.2f}×",
    "contribution_pp": "({0} − {1}) ÷ {2} = {r:pp}",
    "share_of_increase": "({0} − {1}) ÷ ({2} − {3}) = {r:.1f}%",
    "rest_growth": "({0} − {1}) ÷ ({2} − {3}) − 1 = {r:.1f}%",
    "implied_whole": "{0} ÷ {1}% = {r:.2f}",
    "part_from_share": "{0} × {1}% = {r:.2f}",
    "share": "{0} ÷ {1} = {r:.1f}%",
    "per_head": "{0} ÷ {1} = {r:exact}",
    "completion": "{0} ÷ {1} = {r:.1f}%",
    "elapsed": "{0} ÷ {1} = {r:.1f}%",
    "pace_needed": "({0}/{1}) ÷ ({2}/{3}) = {r:.1f}%",
    "margin": "{0} − {1} × ({2:.1f}% {3:sign} {3:abs}%) = {r:.2f}",
}
"""Operation -> how a step of it is written (the same in every language)."""


def _exact(value: float) -> str:
    # a number as it stands: whole numbers in full (18100000000, never 1.81e+10), others to two decimals
    return f"{value:.0f}" if value == round(value) else f"{value:.2f}".rstrip("0").rstrip(".")


class _StepFormatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        number = value.value if isinstance(value, Operand) else value
        if format_spec == "exact" or (not format_spec and (not isinstance(value, Operand) or value.exact)):
            return _exact(float(number))
        if not format_spec:
            return f"{number:.2f}"
        if format_spec == "pp":  # percentage points, with a true minus sign as the steps' own subtractions have
            return f"{number:.1f} pp".replace("-", "−")
        if format_spec == "sign":
            return "−" if math.copysign(1, number) < 0 else "+"
        if format_spec == "abs":
            return _exact(abs(number))
        return format(number, format_spec)


def step_text(step: Step) -> str:
    """One step of a computation, written out with its numbers.

    Parameters
    ----------
    step : Step
        A step of a ``formula`` (:mod:`zhili_data.core.analysis.steps`).

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> step_text(growth_table(indicators=["gdp"]).loc[0, "formula"][0])
    '181 ÷ (1 + 17.5%) = 154.04'
    """
    return _StepFormatter().format(STEP_FORMS[step.operation], *step.operands, r=step.result)


def formula_text(steps: object) -> str:
    """A ``formula`` cell as one line of text, its steps ``; ``-separated (as a CSV holds it).

    Parameters
    ----------
    steps : list of Step, or str
        A cell of a ``formula`` column (text, as read back from a CSV, stays as it is).

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> formula_text(growth_table(indicators=["gdp"]).loc[0, "formula"])
    '181 ÷ (1 + 17.5%) = 154.04; 181 − 154.04 = 26.96'
    """
    if isinstance(steps, str):
        return steps
    return "; ".join(step_text(step) for step in steps or ())


def _is_list(cell: object) -> bool:
    return isinstance(cell, (list, tuple))


def flat_table(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as a file holds it: each ``formula`` written out, each list of ids or codes ``;``-joined.

    Parameters
    ----------
    df : DataFrame
        A table of the analysis (or any table).

    Returns
    -------
    DataFrame
        A copy whose cells are numbers and text.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> flat = flat_table(growth_table(indicators=["gdp"]))
    >>> flat.loc[0, "figure_ids"], flat.loc[0, "caveat_codes"]
    ('gdp_2021h1_actual;gdp_2021h1_actual_growth', 'implied_prior;comparable_prices;low_base')
    """
    flat = df.copy()
    for column in flat.columns:
        cells = flat[column]
        if cells.dtype != object:
            continue
        if column == "formula":
            flat[column] = [formula_text(c) if _is_list(c) else c for c in cells]
        elif any(_is_list(c) for c in cells):
            flat[column] = [SEPARATOR.join(map(str, c)) if _is_list(c) else c for c in cells]
    return flat


def _csv(df: pd.DataFrame) -> str:
    return csv_text(flat_table(df))


def table_output(
    df: pd.DataFrame,
    *,
    name: str,
    title: str,
    lang: str,
    columns: Sequence[str] | None = None,
    anchors: bool = False,
    report: str | None = None,
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(data, metadata) of the display_data output of a table.

    Parameters
    ----------
    df : DataFrame
    name : str
        The table's file name (lowercase letters, digits and underscores).
    title : str
    lang : {"zh", "en"}
    columns : sequence of str, optional
    anchors : bool, default False
    report : str, optional
        The report the figures come from (see :func:`table_html`).

    Returns
    -------
    (dict, dict)
        ``text/html`` and ``text/csv`` data; metadata naming the table for the runner.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> data, metadata = table_output(growth, name="growth", title="GDP", lang="en")
    >>> sorted(data), metadata
    (['text/csv', 'text/html'], {'zhili': {'table': 'growth', 'title': 'GDP'}})
    """
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ParameterError(
            f"name={name!r} is not allowed; a table name is lowercase letters, digits and underscores (it becomes a file name)"
        )
    df = labels.with_caveats(df, check_lang(lang))  # the CSV carries the caveats in the page's language too
    html = table_html(df, title=title, lang=lang, columns=columns, anchors=anchors, report=report)
    data = {"text/html": html, TABLE_MIME: _csv(df)}
    return data, {METADATA_KEY: {TABLE: name, TITLE: title}}


def show_table(
    df: pd.DataFrame,
    *,
    name: str,
    title: str,
    lang: str,
    columns: Sequence[str] | None = None,
    report: str | None = None,
) -> None:
    """Display ``df`` as a readable table (and as CSV for the report runner).

    Parameters
    ----------
    df : DataFrame
    name : str
        The table's file name.
    title : str
    lang : {"zh", "en"}
    columns : sequence of str, optional
    report : str, optional
        The report the figures come from (see :func:`table_html`).

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> show_table(growth, name="growth", title="GDP", lang="en")  # outside a notebook: the raw output
    {'text/html': ...'text/csv': ...}
    """
    from IPython.display import display

    data, metadata = table_output(df, name=name, title=title, lang=lang, columns=columns, report=report)
    display(data, raw=True, metadata=metadata)


# --------------------------------------------------------------------------- sources appendix


def _id_entries(tables: Iterable[pd.DataFrame | Iterable[str]]) -> list[str]:
    """Every figure id cell of ``tables``; figure_rows splits and de-duplicates them."""
    entries: list[str] = []
    for table in tables:
        if isinstance(table, pd.DataFrame):
            entries.extend(table["figure_ids"] if "figure_ids" in table.columns else table["figure_id"])
        else:
            entries.extend(table)
    return entries


def _quote_html(quote: str, figure_text: str) -> str:
    quote, figure_text = str(quote), str(figure_text)
    at = quote.find(figure_text) if figure_text else -1
    if at < 0:
        return escape(quote)
    return escape(quote[:at]) + f"<mark>{escape(figure_text)}</mark>" + escape(quote[at + len(figure_text) :])


def _quote_cell(row: pd.Series, lang: str) -> str:
    """The quote with its figure highlighted; on an English page, its translation first and the
    original, marked as Chinese, below it."""
    original = _quote_html(row["quote"], row["figure_text"])
    if as_printed(lang):
        return original
    return f'<span class="quote-en">{escape(row[localised("quote", lang)])}</span><br><span class="quote-zh" lang="{LANG_ZH}">{original}</span>'


SOURCE_COLUMNS = (
    "figure_id",
    "indicator",
    "indicator_en",
    "period",
    "basis",
    "measure",
    "value",
    "unit",
    "qualifier",
    "figure_text",
    "quote",
    "quote_en",
    "page",
    "section",
)


def sources_table(
    *tables: pd.DataFrame | Iterable[str], report: str = DEFAULT_REPORT, figures: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The figures behind every ``figure_ids`` entry of ``tables`` (tables or lists of ids), in first-seen order.

    Parameters
    ----------
    *tables : DataFrame or iterable of str
        Tables with ``figure_ids``, or lists of ids.
    report : str, default DEFAULT_REPORT
    figures : DataFrame, optional

    Returns
    -------
    DataFrame
        The figures' rows.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> sources_table(growth)[["figure_id", "page"]]
                      figure_id  page
    0         gdp_2021h1_actual     2
    1  gdp_2021h1_actual_growth     2
    """
    rows = figure_rows(_id_entries(tables), figures, report=report)
    return rows[list(SOURCE_COLUMNS)].reset_index(drop=True)


def sources_html(sources: pd.DataFrame, *, report: str, lang: str) -> str:
    """The HTML of the sources appendix: each figure with its quote, page and section, under its anchor.

    Parameters
    ----------
    sources : DataFrame
        A :func:`sources_table`.
    report : str
    lang : {"zh", "en"}

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> html = sources_html(sources_table(growth), report="zhili-2021-midyear", lang="en")
    >>> 'id="src-gdp_2021h1_actual"' in html
    True
    """
    entry = get_report(report)
    title = labels.text("sources_heading", lang)
    intro = labels.text(
        "sources_intro",
        lang,
        title=getattr(entry, localised("title", lang)),
        date=labels.date(entry.delivered, lang),
    )
    columns = ("place", "indicator", "period", "quote", "section")
    names = {c: escape(labels.column(c, lang)) for c in columns}
    places = _figure_places(report)
    rows = []
    for _, r in sources.iterrows():
        figure_id = str(r["figure_id"])
        page, place = places.get(figure_id, (int(r["page"]), None))
        rows.append(
            f'<tr id="{anchor(figure_id)}"><td class="places" data-label="{names["place"]}">'
            f'<a href="#{anchor(figure_id)}">{escape(place_label(page, place, lang))}</a></td>'
            f'<td class="label" data-label="{names["indicator"]}">{escape(labels.indicator(r, lang))}</td>'
            f'<td data-label="{names["period"]}">{escape(labels.period(str(r["period"]), lang))}</td>'
            f'<td class="quote" data-label="{names["quote"]}">{_quote_cell(r, lang)}</td>'
            f'<td data-label="{names["section"]}">{section_label(str(r["section"]), lang, report=report)}</td></tr>'
        )
    head = "".join(f"<th>{names[c]}</th>" for c in columns)
    return (
        f'{CSS}<div class="zhili-table zhili-sources" {_scroll_region(title)}><p>{escape(intro)}</p>'
        f'<table class="zt"><caption>{escape(title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def sources_output(
    *tables: pd.DataFrame | Iterable[str],
    report: str = DEFAULT_REPORT,
    lang: str = "zh",
    figures: pd.DataFrame | None = None,
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(data, metadata) of the display_data output of the sources appendix.

    Parameters
    ----------
    *tables : DataFrame or iterable of str
    report : str, default DEFAULT_REPORT
    lang : {"zh", "en"}, default "zh"
        The language.
    figures : DataFrame, optional

    Returns
    -------
    (dict, dict)

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> data, metadata = sources_output(growth, lang="en")
    >>> metadata
    {'zhili': {'table': 'sources', 'title': 'Source quotes'}}
    """
    check_lang(lang)
    sources = sources_table(*tables, report=report, figures=figures)
    title = labels.text("sources_heading", lang)
    data = {"text/html": sources_html(sources, report=report, lang=lang), TABLE_MIME: _csv(sources)}
    return data, {METADATA_KEY: {TABLE: SOURCES_TABLE, TITLE: title}}


def show_sources(
    *tables: pd.DataFrame | Iterable[str],
    report: str = DEFAULT_REPORT,
    lang: str = "zh",
    figures: pd.DataFrame | None = None,
) -> None:
    """Display the appendix of source quotes for every figure id in ``tables``; table links point here.

    Parameters
    ----------
    *tables : DataFrame or iterable of str
    report : str, default DEFAULT_REPORT
    lang : {"zh", "en"}, default "zh"
        The language.
    figures : DataFrame, optional

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth = growth_table(indicators=["gdp"])
    >>> show_sources(growth, lang="en")  # outside a notebook: the raw output
    {'text/html': ...}
    """
    from IPython.display import display

    data, metadata = sources_output(*tables, report=report, lang=lang, figures=figures)
    display(data, raw=True, metadata=metadata)


# --------------------------------------------------------------------------- charts


def _drawn_facts(fig, canvas) -> dict[str, float]:
    """What a rendition just drawn shows, in its own pixels: its smallest text (``text_px``) and the
    legend entries drawn wholly inside it (``legend``), for the pages' and the tests' checks."""
    from matplotlib.text import Text

    renderer = canvas.get_renderer()
    shown = [
        text
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip() and text.get_figure(root=True) is fig
    ]
    sizes = [text.get_fontsize() * fig.dpi / 72 for text in shown]
    width, height = canvas.get_width_height()
    inside = 0
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        for text in legend.get_texts() if legend is not None else []:
            box = text.get_window_extent(renderer)
            inside += int(box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1)
    return {"text_px": round(min(sizes, default=0.0), 1), "legend": inside}


def _render(fig, dpi: int) -> dict:
    """``fig`` drawn once at ``dpi`` on white: ``png`` (base64, without the alpha channel) and what it
    shows (:func:`_drawn_facts`)."""
    import base64
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from zhili_data.report.style import house_style

    canvas = FigureCanvasAgg(fig)
    shown_dpi, facecolor = fig.dpi, fig.get_facecolor()
    # house_style: tick labels are made while drawing, so they are drawn in the house font
    with house_style():
        fig.set_dpi(dpi)
        fig.set_facecolor("white")
        try:
            canvas.draw()  # runs the layout engine, then draws: one pass
            image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
            facts = _drawn_facts(fig, canvas)
        finally:
            fig.set_dpi(shown_dpi)
            fig.set_facecolor(facecolor)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", dpi=(dpi, dpi))
    return {"png": base64.b64encode(buffer.getvalue()).decode("ascii"), **facts}


def chart_output(fig, *, dpi: int | None = None) -> tuple[dict[str, str], dict]:
    """(data, metadata) of a chart as an ``image/png`` display output, independent of any
    matplotlib backend (papermill kernels have no pyplot and so no inline formatter).

    A page shows the chart's title, subtitle and source line as HTML text
    (:func:`zhili_data.report.style.page_texts`, in the metadata), so the PNGs are drawn without them
    (:func:`zhili_data.report.style.without_texts`). The plot is drawn three times, each for the width it is
    shown at: ``image/png`` :data:`zhili_data.report.style.PAGE_WIDTH` inches wide at
    :data:`zhili_data.report.style.CHART_DPI`, for a wide page and print; a narrow rendition
    (:data:`zhili_data.report.style.NARROW_WIDTH` inches, taller; :func:`zhili_data.report.style.narrow_layout`), the
    page's choice on a phone; and a slide's (:func:`zhili_data.report.style.slide_size`,
    :func:`zhili_data.report.style.slide_layout`). Each is drawn once: the constrained layout already keeps
    every label inside the figure, so neither a "tight" bounding box nor ``savefig``'s own layout pass
    is needed. The pixels are those of ``fig.savefig(format="png", dpi=dpi, facecolor="white")``; the
    PNG holds them without the alpha channel, which is opaque everywhere on the white background (a
    smaller file, encoded faster). ``text/plain`` is the chart's description
    (:func:`zhili_data.report.style.description`): the page makes it the image's alt text.

    Parameters
    ----------
    fig : Figure
    dpi : int, optional
        Resolution of ``image/png`` (default: the house style's).

    Returns
    -------
    (dict, dict)
        ``image/png`` (base64) and ``text/plain`` data; metadata ``{"zhili": {"chart": {...}}}`` with
        the ``title``, ``subtitle``, ``caption``, the ``narrow`` and ``slide`` PNGs (base64) and, for
        each rendition (``wide``, ``narrow``, ``slide``), its smallest text in its own pixels and the
        legend entries it draws whole (``drawn``).

    Examples
    --------
    >>> import matplotlib.figure
    >>> data, metadata = chart_output(matplotlib.figure.Figure(figsize=(4, 3)))
    >>> sorted(data)
    ['image/png', 'text/plain']
    >>> sorted(metadata["zhili"]["chart"])
    ['caption', 'claim', 'drawn', 'narrow', 'slide', 'subtitle', 'title']
    """
    from zhili_data.report.style import (
        CHART_DPI,
        NARROW_DPI,
        NARROW_WIDTH,
        PAGE_WIDTH,
        SLIDE_DPI,
        description,
        narrow_layout,
        page_texts,
        slide_layout,
        slide_size,
        title_claim,
        without_texts,
    )

    title, subtitle, caption = page_texts(fig)
    width, height = fig.get_size_inches()
    drawn = {}
    with without_texts(fig) as freed:
        try:
            # the page's rendition: the texts' room given back, to a fifth of the height at most
            fig.set_size_inches(PAGE_WIDTH, max(height - freed, 0.8 * height), forward=False)
            drawn["wide"] = _render(fig, dpi or CHART_DPI)
            with slide_layout(fig):
                fig.set_size_inches(*slide_size(title, caption), forward=False)
                drawn["slide"] = _render(fig, SLIDE_DPI)
            # A phone's rendition: the bars' names above the bars, as tall as its rows then need.
            with narrow_layout(fig) as narrow_height:
                fig.set_size_inches(NARROW_WIDTH, narrow_height, forward=False)
                drawn["narrow"] = _render(fig, NARROW_DPI)
        finally:
            fig.set_size_inches(width, height, forward=False)
    # the title is the page's text now: it carries the id of the claim it renders, as every conclusion does
    chart = {"title": title, "subtitle": subtitle, "caption": caption, "claim": title_claim(fig)}
    chart |= {name: drawn[name].pop("png") for name in ("narrow", "slide")}
    chart["drawn"] = drawn
    return {CHART_MIME: drawn["wide"].pop("png"), "text/plain": description(fig)}, {METADATA_KEY: {CHART: chart}}


def show_chart(fig) -> None:
    """Display a chart made by :mod:`zhili_data.report.charts` as a PNG; ``None`` (no chart to draw) shows nothing.

    Parameters
    ----------
    fig : Figure or None

    Returns
    -------
    None

    Examples
    --------
    >>> show_chart(None)  # no chart to draw: nothing is shown
    """
    if fig is None:
        return
    from IPython.display import display

    data, metadata = chart_output(fig)
    display(data, raw=True, metadata=metadata)
