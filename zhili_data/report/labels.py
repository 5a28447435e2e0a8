"""Every word the notebooks and charts show, in Chinese and English.

Data tables keep stable codes (``ahead``, ``2021H1``, ``at_least``); this module turns them into
words for a reader. A missing translation is an error, not a silent fallback, so the tests catch
a label added in one language only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as _date

from zhili_data.core.cells import items as cell_items
from zhili_data.core.checks import check_lang
from zhili_data.core.periods import parse_period
from zhili_data.exceptions import ZhiliError

__all__ = [
    "CAVEATS",
    "COLUMNS",
    "OVERVIEW_THEMES",
    "PAGE",
    "PERIODS",
    "QUALIFIERS",
    "SHARE_KINDS",
    "STATUSES",
    "TEXT",
    "THEMES",
    "UnknownCodeError",
    "caveat",
    "caveat_fields",
    "caveats",
    "column",
    "date",
    "in_sentence",
    "indicator",
    "page",
    "period",
    "qualifier",
    "share_kind",
    "share_of",
    "span",
    "status",
    "text",
    "theme",
    "with_caveats",
]

PERIODS = {
    "to_date": ("截至报告日", "to the report date"),
    "unstated": ("未说明期限", "no period stated"),
}

STATUSES = {
    "ahead": ("超前", "ahead"),
    "on_track": ("符合进度", "on track"),
    "behind": ("滞后", "behind"),
    "not_started": ("目标时期尚无实绩", "no count for its period yet"),
    "undetermined": ("无法判断", "undetermined"),
    "no_baseline": ("暂无实绩", "no actual yet"),
}

QUALIFIERS = {
    "exact": ("", ""),
    "about": ("约", "about"),
    "nearly": ("近", "nearly"),
    # 余, 多, 超, 突破 (and 以上): "more than", as the quotes' translations say
    "at_least": ("超过", "more than"),
}


THEMES = {
    "context": ("基本情况", "Context"),
    "economy": ("经济发展", "Economy"),
    "urban_rural": ("城乡发展", "Urban and rural development"),
    "livelihood": ("民生福祉", "Livelihoods"),
    "governance": ("政府建设与治理", "Government and governance"),
}

OVERVIEW_THEMES = ("economy", "urban_rural", "livelihood", "governance")
"""The themes the overview charts, one chart each (``context`` holds only the population)."""

SHARE_KINDS = {
    "stated": ("报告所列", "stated"),
    "part_of": ("推算（部分占整体）", "derived (part of whole)"),
    "prior_part_of": ("推算（上年同期，部分占整体）", "derived (a year earlier, part of whole)"),
    "per_head": ("推算（人均）", "derived (per head)"),
    "not_subset": ("非子集，不计占比", "not a subset: no share"),
}

CAVEATS = {
    "implied_prior": (
        "上年同期值由增速倒推，报告未直接列出。",
        "The prior-year value is implied by the growth rate, not stated.",
    ),
    "comparable_prices": (
        "增速通常按可比价计算，倒推值仅近似上年现价。",
        "Growth is usually at comparable prices, so the implied prior value only approximates last year's nominal value.",
    ),
    "no_level": ("报告只列出增速，未列出总量。", "The report states only the rate, not the level."),
    "level_about": ("总量为约数（约）。", "The level is approximate ('about')."),
    "level_nearly": ("总量为“近”数，实际略低。", "The level is hedged 'nearly': the true value is slightly lower."),
    "level_at_least": ("总量为下限（余、以上、超、突破）。", "The level is a lower bound ('more than', 'over')."),
    "growth_about": ("增速为约数。", "The growth rate is approximate."),
    "growth_nearly": ("增速为“近”数。", "The growth rate is hedged 'nearly'."),
    "growth_at_least": ("增速为下限。", "The growth rate is a lower bound."),
    "low_base": (
        "基期{base_period}受新冠疫情冲击偏低，同比增速因此偏高（低基数）。",
        "The base period, {base_period}, was depressed by COVID-19, so the year-on-year rate is inflated (a low base).",
    ),
    "comparable_scope": (
        "财政收入和投资增速通常按可比口径计算，由增速倒推的上年值未必等于上年公布数。",
        "Growth of fiscal revenue and investment is usually measured on a comparable-scope basis: the implied prior value may differ from last year's published level.",
    ),
    "above_scale_scope": (
        "规上企业的范围每年变化（小升规企业进入），增速按可比口径（本年企业范围）计算，不等于与上年公布数相比。",
        "The set of firms above designated size changes every year (firms grow into it): growth is on a comparable scope, not against last year's published level.",
    ),
    "nominal_vs_real": (
        "名义增速与GDP实际增速（可比价）相比，差值包含价格变动。",
        "A nominal growth rate is compared with real GDP growth (at comparable prices): the difference includes price changes.",
    ),
    "not_subset": (
        "报告以“其中”列出，但该数字包含整体以外的部分（如含续建），不是整体的子集，不计算占比。",
        "Given as 'of which', but it counts things outside the whole (such as continuing projects begun in earlier years): not a subset, so no share is computed.",
    ),
    "part_contribution": (
        "部分与整体按同一口径、同一时期计算贡献。",
        "The contribution assumes the part and the whole share one basis and period.",
    ),
    "implied_whole": ("整体由部分除以占比推算。", "The whole is implied by dividing the part by its share."),
    "part_derived": ("部分数值由整体乘以占比推算。", "The part's value is derived as the whole times the share."),
    "share_about": ("占比为约数。", "The share is approximate."),
    "share_nearly": ("占比为“近”数。", "The share is hedged 'nearly'."),
    "share_at_least": ("占比为下限。", "The share is a lower bound."),
    "derived_share": (
        "占比由报告所列部分与整体推算，报告未直接列出。",
        "Derived from the part and the whole the report states; the report does not state this share.",
    ),
    "part_about": ("所用数值为约数。", "The value used is approximate."),
    "part_nearly": ("所用数值为“近”数。", "The value used is hedged 'nearly'."),
    "part_at_least": ("所用数值为下限，结果亦为下限。", "The value used is a lower bound, so is the result."),
    "whole_about": ("整体为约数。", "The whole is approximate."),
    "whole_nearly": ("整体为“近”数。", "The whole is hedged 'nearly'."),
    "whole_at_least": ("整体为下限，占比为上限。", "The whole is a lower bound, so the share is an upper bound."),
    "per_head": (
        "人均按报告所称全镇人民群众人数计算，非统计部门公布的常住人口。",
        "Per head of the number of people the report addresses, not an official resident count.",
    ),
    "half_year_flow": ("为半年数值，非全年。", "A half-year flow, not a full year."),
    "overlapping": (
        "各类别相互交叉，合计超过100%，不可相加。",
        "The categories overlap (they sum to more than 100%): do not add them.",
    ),
    "maybe_overlapping": (
        "报告未说明各类别是否互斥，相加需谨慎。",
        "The report does not say the categories are exclusive: add with care.",
    ),
    "no_actual": (
        "报告未给出该目标的实绩，待年终跟进。",
        "The report gives no actual for this target: follow up at year end.",
    ),
    "other_unit": (
        "该指标另有不同单位或口径的实绩，不可直接比较。",
        "An actual of this indicator exists in another unit or measure and is not comparable.",
    ),
    "rate_direct": (
        "比率类目标直接比较实绩与目标，不按时间进度。",
        "A rate is compared with its target directly, not against time elapsed.",
    ),
    "not_started": (
        "{target_period}在计算日尚未开始：所需进度与已有进度之比只是一个数字，不是判断。",
        "{target_period} had not begun on the as-of day: the pace it needs against the pace so far is a number, not a verdict.",
    ),
    "disjoint_periods": (
        "实绩为{actual_period}，不计入{target_period}目标；该时期已经开始，报告未给出其中的进展，无法判断。",
        "The actual ({actual_period}) does not count toward the {target_period} target; that period has begun and the report says nothing of it, so no verdict.",
    ),
    "stock_before_period": (
        "实绩为截至报告日的累计数，起点不详，可能大部分早于{target_period}：只是目标时期内完成数的上限，无法判断进度。",
        "The actual is a count to the report date of unknown start, possibly mostly before {target_period}: only an upper bound of what was done in the target's period, so no verdict.",
    ),
    "partial_period": (
        "实绩所计时期早于{target_period}开始，其中属于目标时期的部分不详：实绩只是上限。",
        "The actual starts before {target_period}; how much of it falls in the target's period is unknown: it is only an upper bound.",
    ),
    "part_population": (
        "实绩只覆盖目标口径的一部分，是下限。",
        "The actual counts only part of what the target counts: a lower bound.",
    ),
    "pushed_forward": (
        "持续推进：这是正在推进的项目清单，不是尚待完成的数量。",
        "Pushed forward: the number names a list of projects being advanced, not a count still to complete.",
    ),
    "contingent": (
        "状态取决于对报告的读法：另一种读法给出不同结论（见各读法下的结果）。",
        "The status depends on how the report is read: another reading gives another status (see the status under each reading).",
    ),
    "to_date_cumulative": (
        "实绩为截至报告日的累计数，可能包含往年，目标为{target_period}。",
        "The actual is cumulative to the report date and may include earlier years; the target is for {target_period}.",
    ),
    "actual_age": (
        "实绩截至{actual_end}，比计算日早{actual_age_days}天：其后的进展未计入。",
        "The actual runs to {actual_end}, {actual_age_days} days before the as-of day: progress since then is not counted.",
    ),
    "report_age": (
        "计算日比报告日晚{report_age_days}天，报告之后的进展未知。",
        "The as-of day is {report_age_days} days after the report: progress since then is unknown.",
    ),
    "no_period": ("目标未说明期限，无法按时间进度判断。", "The target names no period, so no pace can be judged."),
    "multi_year": (
        "目标跨多年，时间进度按整个期间计算。",
        "A multi-year target: time elapsed is measured over the whole span.",
    ),
    "target_met": ("目标已完成。", "The target is already met."),
    "actual_about": ("实绩为约数。", "The actual is approximate ('about')."),
    "actual_nearly": (
        "实绩为“近”数，完成率略有高估。",
        "The actual is hedged 'nearly': completion is slightly overstated.",
    ),
    "actual_at_least": ("实绩为下限，完成率至少如此。", "The actual is a lower bound: completion is at least this."),
    "target_about": ("目标为约数。", "The target is approximate."),
    "target_nearly": ("目标为“近”数。", "The target is hedged 'nearly'."),
    "target_at_least": ("目标为下限（“以上”“突破”）。", "The target is a floor ('or more', 'more than')."),
    "unit_converted": ("实绩已换算为目标的单位。", "The actual is converted to the target's unit."),
}

COLUMNS = {
    "indicator_id": ("指标代码", "Indicator id"),
    "indicator": ("指标", "Indicator"),
    "indicator_en": ("指标", "Indicator"),
    "theme": ("主题", "Theme"),
    "period": ("时期", "Period"),
    "basis": ("口径", "Basis"),
    "measure": ("类型", "Measure"),
    "value": ("数值", "Value"),
    "growth_pct": ("同比增长", "Growth y/y"),
    "base_period": ("基期", "Base period"),
    "prior_value": ("上年同期（推算）", "Prior year (implied)"),
    "increase": ("增量（推算）", "Increase (implied)"),
    "growth_minus_reference_pp": ("高于GDP增速（百分点）", "vs GDP growth (pp)"),
    "growth_over_reference": ("为GDP增速的倍数", "× GDP growth"),
    "contribution_pp": ("拉动整体增长（百分点）", "Contribution to whole (pp)"),
    "share_of_whole_increase_pct": ("占整体增量", "Share of whole's increase"),
    "rest_value": ("其余部分（推算）", "The rest (implied)"),
    "rest_growth_pct": ("其余部分增速（推算）", "Growth of the rest (implied)"),
    "kind": ("类别", "Kind"),
    "derived": ("推算", "Derived"),
    "share_pct": ("占比", "Share"),
    "change_pp": ("比上年变化（百分点）", "Change on a year earlier (pp)"),
    "share_of": ("占……的比重", "Share of"),
    "part_value": ("部分数值", "Part"),
    "whole_value": ("整体数值", "Whole"),
    "implied_whole": ("推算整体", "Implied whole"),
    "per_head": ("人均", "Per head"),
    "additive": ("可相加", "Additive"),
    "actual_period": ("实绩时期", "Actual period"),
    "target_period": ("目标时期", "Target period"),
    "actual": ("实绩", "Actual"),
    "target": ("目标", "Target"),
    "completion_pct": ("完成率", "Completion"),
    "as_of": ("计算日", "As of"),
    "elapsed_pct": ("时间进度", "Time elapsed"),
    "pace_needed_pct": ("所需进度/已有进度", "Pace needed, as % of pace so far"),
    "status": ("状态", "Status"),
    "robust": ("不取决于读法", "Robust"),
    "alternative_statuses": ("其他读法下的状态", "Status under other readings"),
    "margin": ("余量", "Margin"),
    "actual_end": ("实绩截至", "Actual to"),
    "actual_age_days": ("实绩距计算日（天）", "Actual's age (days)"),
    "readings": ("读法", "Readings"),
    "main": ("主读法", "Main"),
    "actual_span": ("实绩所计日期", "Actual covers"),
    "population": ("口径", "Population"),
    "bound": ("界", "Bound"),
    "remaining": ("尚需完成", "Remaining"),
    "formula": ("算式", "Computation"),
    "caveat": ("说明", "Caveat"),
    "figure_ids": ("来源", "Sources"),
    "figure_id": ("来源编号", "Figure id"),
    "place": ("出处", "Place in the report"),
    "on_demand": ("出处与算式", "Sources and computation"),
    "quote": ("原文摘录", "Quote, in English and as printed"),
    "page": ("页码", "Page"),
    "section": ("章节", "Section of the report"),
    "figure_text": ("原文数字", "As printed"),
    "qualifier": ("限定", "Hedge"),
}

TEXT = {
    "sources_heading": ("来源摘录", "Source quotes"),
    "sources_intro": (
        "下表列出本页每个数字所依据的报告原文（出自{title}，{date}）。表格每行的出处链接到此处。",
        "Each number on this page comes from the report clauses below ({title}, {date}). Each table row's sources link here.",
    ),
    "place": ("第{page}页 {section} 第{paragraph}段", "p. {page}, §{section}, ¶{paragraph}"),
    "computation": ("算式", "How it is computed"),
    "derived_mark": ("推算", "derived"),
    "not_additive": ("不可相加", "not additive"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "page_n": ("第{page}页", "p. {page}"),
    "rows_n": ("（{n}项）", " (applies to {n} table rows)"),
    "row_1": ("（1项）", " (applies to 1 table row)"),
    "no_rows": ("（无数据）", "(no rows)"),
    "growth_title": ("主要指标同比增长", "Year-on-year growth of the main indicators"),
    "growth_table_title": ("增长分析表", "Growth table"),
    "growth_axis": ("同比增长（%）", "Growth year on year (%)"),
    "gdp_line": ("GDP增速 {value}", "GDP growth {value}"),
    "contribution_title": ("{part}对{whole}增长的贡献", "Contribution of {part} to the growth of {whole}"),
    "contribution_axis": ("增量（{unit}）", "Increase ({unit})"),
    "rest_label": ("其余部分", "The rest"),
    "share_title": ("报告所列及推算占比", "Shares stated and derived"),
    "share_table_title": ("占比分析表", "Share table"),
    "per_head_table_title": ("人均数值（推算）", "Per-head figures (derived)"),
    "share_axis": ("占比（%）", "Share (%)"),
    "target_title": ("目标完成进度", "Progress toward the targets"),
    "target_table_title": ("目标差距表", "Target-gap table"),
    "target_register_title": ("待跟进目标（暂无实绩）", "Targets to follow up (no actual yet)"),
    "target_axis": ("完成率（%）", "Completion (%)"),
    "elapsed_marker": ("时间进度", "time elapsed"),
    "nominal_mark": ("（名义）", " (nominal)"),
    "contingent_mark": ("（取决于读法）", " (depends on the reading)"),
    "contingent_legend": ("结论取决于对报告的读法", "verdict depends on how the report is read"),
    "target_readings_title": ("各读法下的结果", "Status under each reading"),
    "population_part": ("只覆盖目标口径的一部分", "part of what the target counts"),
    "bound_upper": ("实绩为上限", "actual is an upper bound"),
    "bound_lower": ("实绩为下限", "actual is a lower bound"),
    "bound_both": ("上限（时期）与下限（口径）并存", "upper bound (period) and lower bound (population)"),
    "main_reading": ("主读法", "main"),
    "other_reading": ("其他读法", "alternative"),
    "theme_chart_title": ("{theme}：目标完成进度", "{theme}: progress toward targets"),
    "theme_levels_title": ("{theme}：主要数字", "{theme}: key figures"),
    "theme_singles_note": (
        "另有{n}个数字没有可比的数字同图，列于图下表中",
        "{n} figures with nothing comparable to chart beside them are in the table below",
    ),
    "theme_singles_title": (
        "{theme}：其余数字（各自单位或时期，不宜同图比较）",
        "{theme}: the other figures (each in its own unit or period, not comparable on one axis)",
    ),
    "pace_needed_note": ("所需进度为已有进度的{pct}", "needs {pct} of the pace so far"),
    "no_count_yet": (
        "{target_period}尚无实绩（需达{actual_period}进度的{pct}）",
        "no {target_period} count yet (needs {pct} of the {actual_period} pace)",
    ),
    "target_apart": ("目标{target}；实绩{actual}（{period}）", "target {target}; actual {actual} ({period})"),
    "alt_shows": ("图表显示：", "The chart shows: "),
    "alt_line": ("虚线为{label}", "The dashed line marks {label}"),
    "headline_table_title": ("主要数字", "Headline figures"),
    "caveats_heading": ("主要说明", "Main caveats"),
    "any_actual_period": ("实绩时期", "the actual's period"),
    "any_target_period": ("目标时期", "the target's period"),
    "key_messages_heading": ("核心结论", "Key messages"),
    "basis_real": ("可比价", "real"),
    "basis_nominal": ("现价", "nominal"),
    "basis_note": (
        "实心柱：按可比价格（实际）增长；斜线柱：按现价（名义）增长；两种口径不宜直接比较",
        "Solid bars: real growth (comparable prices); hatched bars: nominal growth (current prices); the two are not comparable",
    ),
}


class UnknownCodeError(ZhiliError, KeyError):
    """A code (status, caveat, period…) that has no label; the message lists the known ones."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


PAGE = {
    # the frame of a published page (header, footer, links), filled in by the report runner's template
    "index": ("← 全部报告", "← All reports"),
    "data_version": ("数据版本", "Data version"),
    "contents": ("目录", "Contents"),
    "csv": ("下载表格（CSV）", "Download table (CSV)"),
    "pdf": ("打印版（PDF，A4）", "Printable handout (PDF, A4)"),
    "slides": ("幻灯片（投影用）", "Slides (for a projector)"),
    "xlsx": ("全部表格（Excel）", "All tables (Excel)"),
    "tables": ("表格", "Tables"),
    "ops": ("运行详情：参数与数据版本", "Run details: parameters and data version"),
    "language": ("语言", "Language"),
    "site": ("站内导航", "Site navigation"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if check_lang(lang) == "zh" else pair[1]


def _lookup(table: dict[str, tuple[str, str]], what: str, key: object, lang: str) -> str:
    try:
        pair = table[key]  # type: ignore[index]
    except KeyError:
        raise UnknownCodeError(f"no {what} label for {key!r}; known: {', '.join(table)}") from None
    return _pick(pair, lang)


def text(key: str, lang: str, **fields: object) -> str:
    """A UI string in ``lang`` with ``{fields}`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`TEXT`.
    lang : {"zh", "en"}
        The language.
    **fields
        The values its ``{placeholders}`` take.

    Returns
    -------
    str

    Raises
    ------
    UnknownCodeError
        No such key.

    Examples
    --------
    >>> text("sources_heading", "zh"), text("sources_heading", "en")
    ('来源摘录', 'Source quotes')
    """
    return _lookup(TEXT, "text", key, lang).format(**fields)


def page(lang: str) -> dict[str, str]:
    """The words of a published page's frame (:data:`PAGE`), for the report runner's page template.

    Parameters
    ----------
    lang : {"zh", "en"}
        The page's language; any other is refused (:class:`~zhili_data.exceptions.ParameterError`).

    Returns
    -------
    dict of str to str
        Key (``index``, ``parameters``, ``csv``…) -> its words in ``lang``.

    Examples
    --------
    >>> page("zh")["index"], page("en")["index"]
    ('← 全部报告', '← All reports')
    """
    return {key: _pick(pair, lang) for key, pair in PAGE.items()}


def column(name: str, lang: str) -> str:
    """Header of a table column; unknown columns keep their name.

    Parameters
    ----------
    name : str
        The column's name.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> column("growth_pct", "zh"), column("growth_pct", "en"), column("no_such_column", "en")
    ('同比增长', 'Growth y/y', 'no_such_column')
    """
    return _pick(COLUMNS[name], lang) if name in COLUMNS else name


def caveat(code: str, lang: str, **fields: str) -> str:
    """The words of one caveat code, its ``{fields}`` filled in (``…`` for a field not given).

    Parameters
    ----------
    code : str
        A key of :data:`CAVEATS`.
    lang : {"zh", "en"}
        The language.
    **fields
        The words its ``{placeholders}`` take (see :func:`caveat_fields`).

    Returns
    -------
    str

    Raises
    ------
    UnknownCodeError
        No such code.

    Examples
    --------
    >>> caveat("implied_prior", "en")
    'The prior-year value is implied by the growth rate, not stated.'
    """
    return _lookup(CAVEATS, "caveat", code, lang).format_map(_Defaults(fields))


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def caveat_fields(row, lang: str) -> dict[str, str]:
    """The words a row's caveats name, from the row's own columns: its periods (``base_period``,
    ``actual_period``, ``target_period``), the day its actual runs to (``actual_end``) and the ages
    in days (``actual_age_days``, ``report_age_days``) of an analysis table row.

    Parameters
    ----------
    row : mapping
        A row of an analysis table.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> caveat_fields(growth_table(indicators=["gdp"]).iloc[0], "en")["base_period"]
    'H1 2020'
    """
    fields = {}
    for key in ("actual_period", "target_period"):
        value = row.get(key)
        fields[key] = period(value, lang) if isinstance(value, str) and value else text(f"any_{key}", lang)
    if isinstance(row.get("base_period"), str) and row["base_period"]:
        fields["base_period"] = period(row["base_period"], lang)
    if isinstance(row.get("actual_end"), _date):
        fields["actual_end"] = date(row["actual_end"], lang)
    for key in ("actual_age_days", "report_age_days"):
        value = row.get(key)
        if _given(value):
            fields[key] = str(int(value))
    return fields


def _given(value: object) -> bool:
    # a number, not None, NaN or pandas' NA (whose comparison raises); labels does not import pandas
    try:
        return value is not None and not (value != value)
    except TypeError:
        return False


def caveats(row, lang: str, *, codes: Iterable[str] | None = None) -> str:
    """The caveats of an analysis table row in words, one sentence each (``codes``: only these).

    The analysis tables hold caveats as codes (``caveat_codes``, ``;``-separated) with the
    parameters they need as columns of the row (:func:`caveat_fields`), so one table serves every
    language; this is where the words are chosen.

    Parameters
    ----------
    row : mapping
        A row of an analysis table, with ``caveat_codes``.
    lang : {"zh", "en"}
        The language.
    codes : iterable of str, optional
        Only these codes, in the row's order.

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> caveats(growth_table(indicators=["gdp"]).iloc[0], "en", codes=["low_base"])
    'The base period, H1 2020, was depressed by COVID-19, so the year-on-year rate is inflated (a low base).'
    """
    wanted = cell_items(row.get("caveat_codes"))
    if codes is not None:
        wanted = [c for c in wanted if c in set(codes)]
    fields = caveat_fields(row, lang)
    return " ".join(caveat(code, lang, **fields) for code in wanted)


def with_caveats(table, lang: str):
    """``table`` with a ``caveat`` column (:func:`caveats` of each row in ``lang``) after its
    ``caveat_codes``; a table without caveat codes, or with its caveats already worded, as it is.

    Parameters
    ----------
    table : DataFrame
        An analysis table.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    DataFrame
        A copy; the table itself is not changed.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> worded = with_caveats(growth_table(indicators=["gdp"]), "zh")
    >>> worded.loc[0, "caveat"].split(" ")[0]
    '上年同期值由增速倒推，报告未直接列出。'
    """
    if "caveat_codes" not in table.columns or "caveat" in table.columns:
        return table
    worded = table.copy()
    worded.insert(
        list(table.columns).index("caveat_codes") + 1,
        "caveat",
        [caveats(row, lang) for _, row in table.iterrows()],
    )
    return worded


def date(day, lang: str) -> str:
    """A day as a reader writes it: 2021年6月30日 / 30 June 2021.

    Parameters
    ----------
    day : date or str
        The day (an ISO date string too).
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> from datetime import date as day
    >>> date(day(2021, 6, 30), "zh"), date(day(2021, 6, 30), "en")
    ('2021年6月30日', '30 June 2021')
    """
    if check_lang(lang) == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def span(text: str, lang: str) -> str:
    """An ISO interval of days as a reader writes it: 2021-01-01/2021-06-30 -> 2021年1月1日至6月30日 /
    1 January to 30 June 2021; ../2021-08-06 -> 截至2021年8月6日（起点不详） / to 6 August 2021 (start unknown).

    Parameters
    ----------
    text : str
        An ISO interval of days.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> span("2021-01-01/2021-06-30", "zh"), span("../2021-08-06", "en")
    ('2021年1月1日至6月30日', 'to 6 August 2021 (start unknown)')
    """
    zh = check_lang(lang) == "zh"
    start_text, _, end_text = str(text).partition("/")
    end = _date.fromisoformat(end_text)
    if start_text == "..":
        return f"截至{date(end, lang)}（起点不详）" if zh else f"to {date(end, lang)} (start unknown)"
    start = _date.fromisoformat(start_text)
    if start.year == end.year:
        return (
            f"{date(start, lang)}至{end.month}月{end.day}日"
            if zh
            else f"{start.day} {start.strftime('%B')} to {date(end, lang)}"
        )
    return f"{date(start, lang)}至{date(end, lang)}" if zh else f"{date(start, lang)} to {date(end, lang)}"


def status(code: str, lang: str) -> str:
    """The label of a target status.

    Parameters
    ----------
    code : str
        A status of :data:`STATUSES`.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> status("ahead", "zh"), status("ahead", "en")
    ('超前', 'ahead')
    """
    return _lookup(STATUSES, "status", code, lang)


def qualifier(code: str, lang: str) -> str:
    """The label of a hedge (exact, about, nearly, at_least).

    Parameters
    ----------
    code : str
        A hedge of :data:`QUALIFIERS`.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> qualifier("nearly", "zh")
    '近'
    """
    return _lookup(QUALIFIERS, "qualifier", code, lang)


def theme(code: str, lang: str) -> str:
    """The label of a theme.

    Parameters
    ----------
    code : str
        A theme of :data:`THEMES`.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> theme("economy", "en")
    'Economy'
    """
    return _lookup(THEMES, "theme", code, lang)


def share_kind(code: str, lang: str) -> str:
    """The label of a kind of share row.

    Parameters
    ----------
    code : str
        A kind of :data:`SHARE_KINDS`.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> share_kind("stated", "en")
    'stated'
    """
    return _lookup(SHARE_KINDS, "share kind", code, lang)


def period(code: str, lang: str) -> str:
    """2021H1 -> 2021年上半年 / H1 2021; 2021 -> 2021年全年 / full year 2021; 2021-2025 -> 2021—2025年 / 2021–2025.

    Parameters
    ----------
    code : str
        A period code.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Raises
    ------
    UnknownCodeError
        No period code.

    Examples
    --------
    >>> period("2021H1", "zh"), period("2021H1", "en"), period("2021-2025", "en")
    ('2021年上半年', 'H1 2021', '2021–2025')
    """
    zh = check_lang(lang) == "zh"
    if code in PERIODS:
        return _pick(PERIODS[code], lang)
    try:
        p = parse_period(code)
    except ValueError as error:
        raise UnknownCodeError(f"no period label for {code!r}: {error}") from None
    if p.kind == "half":
        return f"{p.first}年{'上' if p.half == 1 else '下'}半年" if zh else f"H{p.half} {p.first}"
    if p.kind == "year":
        return f"{p.first}年全年" if zh else f"full year {p.first}"
    return f"{p.first}—{p.last}年" if zh else f"{p.first}–{p.last}"


def indicator(row, lang: str) -> str:
    """The indicator label of a row (a mapping with ``indicator`` and ``indicator_en``).

    Parameters
    ----------
    row : mapping
        With ``indicator`` and ``indicator_en``.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> indicator({"indicator": "地区生产总值", "indicator_en": "GDP"}, "en")
    'GDP'
    """
    return str(row["indicator"] if check_lang(lang) == "zh" else row["indicator_en"])


def share_of(row, lang: str) -> str:
    """The whole a share is of, in ``lang``.

    Parameters
    ----------
    row : mapping
        With ``share_of`` and ``share_of_en``.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        Empty when the row names no whole.

    Examples
    --------
    >>> share_of({"share_of": "全区", "share_of_en": "the district"}, "en")
    'the district'
    """
    value = row["share_of"] if check_lang(lang) == "zh" else row["share_of_en"]
    return "" if value is None or value != value else str(value)


def in_sentence(name: str) -> str:
    """An English label inside a sentence: "Industrial investment" -> "industrial investment".

    Acronyms (GDP) and names whose second word is capitalised (Wuxing District's GDP) keep their
    capitals.

    Parameters
    ----------
    name : str
        An English label, capitalised as at the start of a sentence.

    Returns
    -------
    str
        The label as written inside a sentence.

    Examples
    --------
    >>> in_sentence("Fixed-asset investment")
    'fixed-asset investment'
    >>> in_sentence("Wuxing District's GDP"), in_sentence("GDP")
    ("Wuxing District's GDP", 'GDP')
    """
    words = name.split()
    if name[1:2].isupper() or (len(words) > 1 and words[1][:1].isupper()):
        return name
    return name[:1].lower() + name[1:]
