"""Sentences that state numbers, generated from the analysis tables in Chinese or English.

Notebooks never type a number into prose: they show what these functions return (Markdown).
Every stated number links to its quote in the notebook's sources appendix
(``#src-<figure_id>``), as the tables do. Every piece of text that comes from data (labels, wholes,
units, the report's title) passes through :func:`zhili_data.markup.escape` before it enters the
Markdown, so a label can never become markup.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import pandas as pd

from zhili_data.core import periods
from zhili_data.core.analysis import VERDICTS, Step
from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.cells import items as cell_items
from zhili_data.core.checks import check_lang
from zhili_data.core.claims import (
    Claim,
    ClaimRefusedError,
    contribution_claim,
    growth_claim,
    reference_gap_claims,
    target_claim,
    verdict_count_claim,
)
from zhili_data.core.readings import load_readings
from zhili_data.language import has_cjk
from zhili_data.markup import escape
from zhili_data.report import display, labels
from zhili_data.report.display import anchor
from zhili_data.report.messages import LANGUAGES, localised, message

__all__ = [
    "CLAIM_ATTRIBUTE",
    "caveat_rows",
    "claim_caveats",
    "claim_html",
    "claim_markdown",
    "claim_text",
    "claim_title",
    "caveats_summary",
    "concerns",
    "contingency",
    "growth_summary",
    "headline",
    "methods",
    "report_intro",
    "share_summary",
    "status_counts",
    "target_summary",
]


def _link(text: str, figure_id: str | None) -> str:
    return f"[{text}](#{anchor(figure_id)})" if figure_id else text


def _name(row: pd.Series, lang: str) -> str:
    return escape(labels.indicator(row, lang))


def _whole(row: pd.Series, lang: str) -> str:
    # the whole is named inside a sentence ("is 45.1% of Wuxing District's GDP"); Chinese has no
    # capitals, so its labels come back as they are
    return escape(labels.in_sentence(labels.share_of(row, lang)))


# The formatted numbers carry the unit as curated: escaped like any other text from data.
def _amount(*args, **kwargs) -> str:
    return escape(display.format_amount(*args, **kwargs))


def _percent(*args, **kwargs) -> str:
    return escape(display.format_percent(*args, **kwargs))


def _pp(value: float, *, lang: str, signed: bool = True) -> str:
    text = display.format_pp(value, lang=lang)
    return escape(text if signed else text.lstrip("+"))


def _ratio(*args, **kwargs) -> str:
    return escape(display.format_ratio(*args, **kwargs))


def _in_sentence(name: str) -> str:
    return labels.in_sentence(name)


def report_intro(report: str = DEFAULT_REPORT, *, lang: str = "zh", figures: pd.DataFrame | None = None) -> str:
    """Which report, when, where; how many figures the dataset holds.

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
        The report's id.
    lang : {"zh", "en"}, default "zh"
        The language.
    figures : DataFrame, optional
        The figures, to count them (not counted when None).

    Returns
    -------
    str
        Markdown with inline HTML, its text escaped.

    Examples
    --------
    >>> print(report_intro(lang="en"))
    Source: <strong>Government Work Report of Zhili Town</strong> (Review of the first half of 2021 and plan for the second half)...
    """
    entry = get_report(report)
    check_lang(lang)
    text = message(
        "prose.intro_source",
        lang,
        **{part: escape(getattr(entry, localised(part, lang))) for part in ("title", "subtitle", "speaker", "venue")},
        date=labels.date(entry.delivered, lang),
    )
    if figures is not None:
        targets = int((figures["basis"] == "target").sum())
        text += message("prose.intro_count", lang, count=len(figures), targets=targets)
    return text


def growth_summary(growth: pd.DataFrame, *, lang: str = "zh") -> str:
    """One bullet per growth rate: level, growth, implied prior value and increase; then each part's contribution.

    Parameters
    ----------
    growth : DataFrame
        A :func:`zhili_data.core.analysis.growth_table`.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    str
        Markdown bullets, each number linked to its source quote (``#src-<figure_id>``).

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> print(growth_summary(growth_table(indicators=["gdp"]), lang="en"))
    - <strong>GDP</strong>: [18&#46;1 bn yuan](#src-gdp_2021h1_actual) in H1 2021, up [17&#46;5&#37;](#src-gdp_2021h1_actual_growth) year on year; this implies about 15&#46;4 bn yuan a year earlier...
    """
    check_lang(lang)
    if growth.empty:
        return labels.text("no_rows", lang)
    bullets = []
    # a growth rate against GDP's is a claim: on one price basis, or marked nominal against real
    against_reference = reference_gap_claims(growth)
    for _, r in growth.iterrows():
        level_id, growth_id = r["level_figure_id"], r["growth_figure_id"]
        name, period = _name(r, lang), labels.period(str(r["period"]), lang)
        rate = _link(_percent(r["growth_pct"], r["growth_qualifier"], lang=lang), growth_id)
        if level_id is None:
            bullets.append(message("prose.growth_only", lang, name=name, period=period, rate=rate))
            continue
        level = _link(_amount(r["value"], r["unit"], r["qualifier"], lang=lang), level_id)
        # derived: no more significant figures than the level and the rate they come from
        figures = display.input_figures(r["value"], r["growth_pct"])
        prior = _amount(r["prior_value"], r["unit"], lang=lang, significant=figures)
        increase = _amount(r["increase"], r["unit"], lang=lang, significant=figures)
        text = message(
            "prose.growth_level",
            lang,
            name=name,
            period=period,
            level=level,
            rate=rate,
            prior=prior,
            increase=increase,
        )
        claim = against_reference.get(str(r["indicator_id"]))
        if claim is not None:
            text += message("prose.claim_separator", lang) + _claimed(escape(claim_text(claim, lang)), claim)
        bullets.append(text + message("prose.full_stop", lang))
    for _, r in growth.dropna(subset=["share_of_whole_increase_pct"]).iterrows():
        wholes = growth[(growth["indicator_id"] == r["part_of"]) & (growth["period"] == r["period"])]
        if wholes.empty:  # the whole was filtered out of the table
            continue
        whole = wholes.iloc[0]
        share = _percent(r["share_of_whole_increase_pct"], lang=lang)
        pp = _pp(r["contribution_pp"], lang=lang, signed=False)
        rest = _percent(r["rest_growth_pct"], lang=lang)
        # the part's share of the increase and the rest's growth: the contribution claim's numbers
        claim = contribution_claim(growth, part=str(r["indicator_id"]))
        whole_name = _in_sentence(_name(whole, lang))
        said = message(
            "prose.part_of_growth_said",
            lang,
            whole=whole_name,
            share=share,
            pp=pp,
            whole_growth=_percent(whole["growth_pct"], lang=lang),
            rest=rest,
        )
        bullets.append(
            message(
                "prose.part_of_growth",
                lang,
                part=_name(r, lang),
                whole=whole_name,
                said=_claimed(said, claim),
            )
        )
    return "\n".join(bullets)


def _stated_share_bullet(r: pd.Series, lang: str) -> str:
    """A share the report states: with the whole it implies, or the part it implies, or alone."""
    name, whole = _name(r, lang), _whole(r, lang)
    share = _link(_percent(r["share_pct"], r["qualifier"], lang=lang), r["share_figure_id"])
    if not math.isnan(r["implied_whole"]):
        part = _link(
            _amount(r["part_value"], r["part_unit"], r["part_qualifier"], lang=lang, noun=r.get("part_unit_en")),
            r["part_figure_id"],
        )
        implied = _amount(
            r["implied_whole"],
            r["part_unit"],
            r["part_qualifier"],
            lang=lang,
            noun=r.get("part_unit_en"),
            significant=display.input_figures(r["part_value"], r["share_pct"]),
        )
        return message(
            "prose.share_implies_whole", lang, name=name, part=part, whole=whole, share=share, implied=implied
        )
    if not math.isnan(r["part_value"]):
        part = _amount(r["part_value"], r["part_unit"], lang=lang, noun=r.get("part_unit_en"))
        return message("prose.share_implies_part", lang, name=name, whole=whole, share=share, part=part)
    return message("prose.share_stated", lang, name=name, whole=whole, share=share)


def _share_bullet(r: pd.Series, lang: str) -> str | None:
    """One share in words by its kind (None for a kind said elsewhere: per head)."""
    name, whole = _name(r, lang), _whole(r, lang)
    if r["kind"] == "stated":
        return _stated_share_bullet(r, lang)
    if r["kind"] == "not_subset":
        part = _link(
            _amount(r["part_value"], r["part_unit"], r["part_qualifier"], lang=lang, noun=r.get("part_unit_en")),
            r["part_figure_id"],
        )
        total = _link(
            _amount(r["whole_value"], r["whole_unit"], r["whole_qualifier"], lang=lang, noun=r.get("whole_unit_en")),
            r["whole_figure_id"],
        )
        return message("prose.share_not_subset", lang, name=name, part=part, whole=whole, total=total)
    if r["kind"] == "part_of":
        return message("prose.share_derived", lang, name=name, whole=whole, share=_percent(r["share_pct"], lang=lang))
    if r["kind"] == "prior_part_of":
        return message(
            "prose.share_prior",
            lang,
            name=name,
            whole=whole,
            share=_percent(r["share_pct"], lang=lang),
            period=labels.period(str(r["period"]), lang),
            formula=escape(display.formula_text(r["formula"])),
        )
    return None


def _per_head_bullet(per_head: pd.DataFrame, lang: str) -> str:
    """The per-head figures, derived from one population, in one bullet."""
    items = [
        message(
            "prose.per_head_item",
            lang,
            name=_name(r, lang),
            # derived: no more significant figures than the level and the population (181亿元 ÷ 45万人)
            amount=_amount(
                r["per_head"],
                r["per_head_unit"],
                r["part_qualifier"],
                lang=lang,
                significant=display.input_figures(r["part_value"], r["whole_value"]),
            ),
        )
        for _, r in per_head.iterrows()
    ]
    pop = per_head.iloc[0]
    population = _link(_amount(pop["whole_value"], pop["whole_unit"], lang=lang), pop["whole_figure_id"])
    return message(
        "prose.per_head",
        lang,
        population=population,
        items=message("prose.clause_separator", lang).join(items),
    )


def share_summary(shares: pd.DataFrame, *, lang: str = "zh") -> str:
    """What the stated shares imply, the derived shares, the overlap warning and the per-head figures.

    Parameters
    ----------
    shares : DataFrame
        A :func:`zhili_data.core.analysis.share_table`.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    str
        Markdown bullets, each number linked to its source quote.

    Examples
    --------
    >>> from zhili_data.core.analysis import share_table
    >>> print(share_summary(share_table().head(1), lang="en"))
    - <strong>GDP</strong> of [18&#46;1 bn yuan](#src-gdp_2021h1_actual) is [45&#46;1&#37;](#src-gdp_2021h1_actual_share) of Wuxing District&#39;s GDP, which implies a whole of about 40&#46;1 bn yuan.
    """
    check_lang(lang)
    if shares.empty:
        return labels.text("no_rows", lang)
    bullets = [bullet for _, r in shares.iterrows() if (bullet := _share_bullet(r, lang)) is not None]
    groups = shares[shares["additive"].fillna(True) == False]  # noqa: E712 (nullable boolean)
    for _share_of, group in groups.groupby("share_of", sort=False):
        bullets.append(
            message(
                "prose.shares_overlap",
                lang,
                names=message("prose.list_separator", lang).join(_name(r, lang) for _, r in group.iterrows()),
                whole=_whole(group.iloc[0], lang),
                total=_percent(group["share_pct"].sum(), lang=lang),
            )
        )
    per_head = shares[shares["kind"] == "per_head"]
    if len(per_head):
        bullets.append(_per_head_bullet(per_head, lang))
    return "\n".join(bullets)


def _readings_by_id(report: str) -> dict[str, pd.Series]:
    table = load_readings(report)
    return {r["reading_id"]: r for _, r in table.iterrows()}


def _reading_text(reading: pd.Series, role: str, lang: str, *, same_start: bool = False) -> str:
    """What a reading says about the actual or the target, in words: 实绩计至2021年6月30日 / the target is for H2 2021.

    ``same_start``: the readings compared share their first day, so only the last one is named.
    """
    span = (reading["start"], reading["end"])
    if role == "target":
        code = periods.period_code(span)
        when = labels.period(code, lang) if code else f"{labels.date(span[0], lang)}—{labels.date(span[1], lang)}"
        return message("prose.reading_target", lang, when=when)
    end = labels.date(span[1], lang)
    if span[0] is None:
        text = message("prose.reading_cumulative", lang, end=end)
    elif same_start:
        text = message("prose.reading_to", lang, end=end)
    else:
        text = message("prose.reading_from_to", lang, start=labels.date(span[0], lang), end=end)
    if reading["population"] == "part":
        text += message("prose.reading_part", lang)
    return text


def _combination_text(
    ids: Sequence[str], readings: dict[str, pd.Series], actual_id: str, lang: str, versus: Sequence[str]
) -> str:
    """The readings ``ids`` in words, each compared with the reading of the same figure in ``versus``."""
    parts = []
    for i in ids:
        reading = readings[i]
        other = next(
            (readings[j] for j in versus if j in readings and readings[j]["figure_id"] == reading["figure_id"]), None
        )
        same_start = other is not None and reading["start"] is not None and reading["start"] == other["start"]
        parts.append(
            _reading_text(
                reading, "actual" if reading["figure_id"] == actual_id else "target", lang, same_start=same_start
            )
        )
    return message("prose.readings_separator", lang).join(parts)


def contingency(
    row: pd.Series, *, lang: str = "zh", report: str = DEFAULT_REPORT
) -> tuple[str, list[tuple[str, str]], bool]:
    """What a status that depends on the reading rests on, in words, for a target-gap row.

    Returns (the main reading, [(another reading, its status label), ...], whether one of those
    readings makes the actual a count of unknown start, i.e. an upper bound). Empty when the status
    is robust. Only the readings that differ from the main one are named.

    Parameters
    ----------
    row : Series
        A row of :func:`zhili_data.core.analysis.target_gap_table`.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
        The report whose readings are named.

    Returns
    -------
    (str, list of (str, str), bool)

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> gap = target_gap_table()
    >>> contingency(gap[~gap["robust"]].iloc[0], lang="en")
    ('the actual counts to 30 June 2021', [('the actual counts to 6 August 2021', 'on track')], False)
    """
    check_lang(lang)
    if bool(row["robust"]):
        return "", [], False
    readings = _readings_by_id(report)
    actual_id = row["actual_figure_id"]
    main_ids = [i for i in str(row["main_readings"]).split("+") if i]
    statuses = cell_items(row["alternative_statuses"])
    combos = [c.split("+") for c in cell_items(row["alternative_readings"])]
    changed: list[str] = []
    others = []
    upper = False
    for ids, status in zip(combos, statuses):
        if status == row["status"]:
            continue
        differing = [i for i in ids if i not in main_ids]
        changed += [i for i in differing if i not in changed]
        upper |= any(readings[i]["start"] is None and readings[i]["figure_id"] == actual_id for i in differing)
        others.append((_combination_text(differing, readings, actual_id, lang, main_ids), labels.status(status, lang)))
    changed_figures = {readings[i]["figure_id"] for i in changed}
    main = _combination_text(
        [i for i in main_ids if readings[i]["figure_id"] in changed_figures], readings, actual_id, lang, changed
    )
    return main, others, upper


def _status_label(row: pd.Series, lang: str, report: str) -> str:
    """超前 / 超前，取决于：实绩计至… / ahead if the actual counts to …"""
    status = labels.status(str(row["status"]), lang)
    main, _, _ = contingency(row, lang=lang, report=report)
    if not main:
        return status
    return message("prose.status_if", lang, status=status, reading=main)


def _alternatives_text(row: pd.Series, lang: str, report: str) -> str:
    _, others, upper = contingency(row, lang=lang, report=report)
    if not others:
        return ""
    said = [
        message("prose.alternative_next" if n else "prose.alternative_first", lang, reading=reading, status=status)
        for n, (reading, status) in enumerate(others)
    ]
    text = message("prose.clause_separator", lang).join(said) + message("prose.full_stop", lang)
    if upper and row["status"] in ("ahead", "on_track") and not math.isnan(row["margin"]):
        amount = _amount(row["margin"], row["unit"], lang=lang, noun=row.get("unit_en"))
        text += message("prose.upper_bound", lang, amount=amount, status=labels.status(str(row["status"]), lang))
    return text


def status_counts(gap: pd.DataFrame) -> dict[str, int]:
    """Counts of the targets: ``robust_<verdict>``, ``contingent_<verdict>`` and each other status.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.core.analysis.target_gap_table`.

    Returns
    -------
    dict of str to int

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> counts = status_counts(target_gap_table())
    >>> counts["robust_ahead"], counts["contingent_ahead"], counts["no_baseline"]
    (3, 1, 20)
    """
    counts = {f"{kind}_{v}": 0 for kind in ("robust", "contingent") for v in VERDICTS}
    counts |= {s: 0 for s in ("not_started", "undetermined", "no_baseline")}
    for _, r in gap.iterrows():
        status = str(r["status"])
        if status in VERDICTS:
            counts[f"{'robust' if bool(r['robust']) else 'contingent'}_{status}"] += 1
        else:
            counts[status] += 1
    return counts


def _counts_sentence(gap: pd.DataFrame, lang: str) -> str:
    c = status_counts(gap)
    compared = len(gap) - c["no_baseline"]

    def counted(statuses: Sequence[str], prefix: str = "") -> str:
        return message("prose.list_separator", lang).join(
            message("prose.status_count", lang, status=labels.status(s, lang), n=c[prefix + s]) for s in statuses
        )

    text = message(
        "prose.counts_robust", lang, total=len(gap), compared=compared, verdicts=counted(VERDICTS, "robust_")
    )
    if contingent := [v for v in VERDICTS if c["contingent_" + v]]:
        text += message("prose.counts_contingent", lang, verdicts=counted(contingent, "contingent_"))
    if others := [s for s in ("not_started", "undetermined") if c[s]]:
        text += message("prose.counts_others", lang, statuses=counted(others))
    return text + message("prose.counts_pending", lang, n=c["no_baseline"])


def target_summary(
    gap: pd.DataFrame, *, lang: str = "zh", tolerance: float | None = None, report: str = DEFAULT_REPORT
) -> str:
    """How many targets are ahead, on track or behind (robust verdicts apart from those that depend on a
    reading of the text), not started or undetermined; then one bullet per target with an actual.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.core.analysis.target_gap_table`.
    lang : {"zh", "en"}, default "zh"
        The language.
    tolerance : float, optional
        The tolerance the table was built with, to say it.
    report : str, default DEFAULT_REPORT
        The report whose readings are named.

    Returns
    -------
    str
        Markdown: the counts, then one bullet per target with an actual.

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> print(target_summary(target_gap_table(), lang="en"))
    <span data-claim="targets_robust">Of 27 targets, 7 can be compared with a result so far: robust verdicts 3 ahead, 0 on track, 0 behind; contingent on how the report is read: 1 ahead; ...
    """
    check_lang(lang)
    if gap.empty:
        return labels.text("no_rows", lang)
    lines = [_claimed(_counts_sentence(gap, lang), verdict_count_claim(gap))]
    if tolerance is not None:
        lines.append(message("prose.on_track_tolerance", lang, pp=_pp(tolerance, lang=lang, signed=False)))
    text = message("prose.sentence_gap", lang).join(lines)
    bullets = [_target_bullet(r, lang, report) for _, r in gap[gap["status"] != "no_baseline"].iterrows()]
    return text + ("\n\n" + "\n".join(bullets) if bullets else "")


def _target_bullet(r: pd.Series, lang: str, report: str) -> str:
    """One target with an actual: its status, the numbers it rests on, and what would change it."""
    numbers = {
        "actual": _link(
            _amount(r["actual"], r["unit"], r["actual_qualifier"], lang=lang, noun=r.get("unit_en")),
            r["actual_figure_id"],
        ),
        "target": _link(
            _amount(r["target"], r["unit"], r["target_qualifier"], lang=lang, noun=r.get("unit_en")),
            r["target_figure_id"],
        ),
        "actual_period": labels.period(str(r["actual_period"]), lang),
        "target_period": labels.period(str(r["target_period"]), lang),
    }
    if r["status"] == "not_started":
        body = message("prose.target_not_started", lang, **numbers, pace=_percent(r["pace_needed_pct"], lang=lang))
    elif r["status"] == "undetermined" or math.isnan(r["completion_pct"]):
        body = message("prose.target_undetermined", lang, **numbers)
    else:
        done, elapsed = _percent(r["completion_pct"], lang=lang), _percent(r["elapsed_pct"], lang=lang)
        body = message("prose.target_progress", lang, **numbers, done=done, elapsed=elapsed)
    age = r.get("actual_age_days")
    if age is not None and not pd.isna(age) and age > 0:
        body += message("prose.target_actual_age", lang, end=labels.date(r["actual_end"], lang), age=age)
    alternatives = _alternatives_text(r, lang, report)
    if alternatives:
        body += message("prose.sentence_gap", lang) + alternatives
    said = message("prose.target_said", lang, name=_name(r, lang), status=_status_label(r, lang, report), body=body)
    return "- " + _claimed(said, target_claim(r))


def caveat_rows(*tables: pd.DataFrame, lang: str = "zh", limit: int | None = None) -> list[tuple[str, list[str]]]:
    """The caveats of ``tables`` as (text, names of the rows it concerns), those concerning most rows first; plain text.

    Rows are named by their indicator (with the period where one indicator appears in several
    periods), each name once, so a reader sees which numbers a caveat is about, not a count.
    A caveat that names periods, days or ages is worded with each row's own (H1 vs H2, to date vs
    the year, an actual 92 or 55 days old: :func:`zhili_data.report.labels.caveat_fields`), so one code
    can give several lines.

    Parameters
    ----------
    *tables : DataFrame
        Analysis tables with ``caveat_codes``.
    lang : {"zh", "en"}, default "zh"
        The language.
    limit : int, optional
        At most this many caveats.

    Returns
    -------
    list of (str, list of str)

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> text, rows = caveat_rows(growth_table(indicators=["gdp"]), lang="en")[0]
    >>> text, rows
    ('The prior-year value is implied by the growth rate, not stated.', ['GDP'])
    """
    check_lang(lang)
    periods_of: dict[str, set[str]] = {}
    for table in tables:
        if "caveat_codes" in table.columns:
            for _, row in table.iterrows():
                periods_of.setdefault(labels.indicator(row, lang), set()).add(
                    str(row.get("period", row.get("target_period", "")))
                )
    concerned: dict[str, list[str]] = {}
    for table in tables:
        if "caveat_codes" not in table.columns:
            continue
        for _, row in table.iterrows():
            fields = labels.caveat_fields(row, lang)
            name = labels.indicator(row, lang)
            period = row.get("period")
            if isinstance(period, str) and len(periods_of.get(name, ())) > 1:
                name = message("prose.name_with_period", lang, name=name, period=labels.period(period, lang))
            for code in cell_items(row["caveat_codes"]):
                names = concerned.setdefault(labels.caveat(code, lang, **fields), [])
                if name not in names:
                    names.append(name)
    return sorted(concerned.items(), key=lambda item: -len(item[1]))[:limit]


def concerns(names: Sequence[str], lang: str) -> str:
    """The rows a caveat concerns, as a sentence to follow it: 涉及：地区生产总值、财政收入。 / This applies to GDP, Fiscal revenue.

    Parameters
    ----------
    names : sequence of str
        The rows' names.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> concerns(["地区生产总值", "财政收入"], "zh")
    '涉及：地区生产总值、财政收入。'
    """
    check_lang(lang)
    return message("prose.concerns", lang, names=message("prose.list_separator", lang).join(names))


def caveats_summary(
    *tables: pd.DataFrame,
    lang: str = "zh",
    limit: int | None = None,
    name_rows: bool = True,
) -> str:
    """The caveats of ``tables`` as Markdown bullets (:func:`caveat_rows`), each naming the rows it concerns;
    with ``name_rows`` False (the briefing, which must print on twelve A4 pages) each says how many, and
    the count opens to their names on screen (a closed ``<details>``: print shows the count alone).

    Parameters
    ----------
    *tables : DataFrame
        Analysis tables with ``caveat_codes``.
    lang : {"zh", "en"}, default "zh"
        The language.
    limit : int, optional
        At most this many caveats.
    name_rows : bool, default True
        Name the rows each caveat concerns (else count them, the names folded under the count).

    Returns
    -------
    str
        Markdown bullets.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> print(caveats_summary(growth_table(indicators=["gdp"]), lang="en"))
    - The prior-year value is implied by the growth rate, not stated. This applies to GDP&#46;
    ...
    """
    check_lang(lang)
    rows = caveat_rows(*tables, lang=lang, limit=limit)
    if not rows:
        return labels.text("no_rows", lang)
    if not name_rows:
        # the count, which opens to the names on screen: a closed <details> prints as its summary alone
        return "\n".join(
            f'- {text}{message("prose.sentence_gap", lang)}<details class="zhili-rows"><summary>'
            f"{(labels.text('row_1', lang) if len(names) == 1 else labels.text('rows_n', lang, n=len(names))).strip()}"
            f"</summary>{escape(concerns(names, lang))}</details>"
            for text, names in rows
        )
    return "\n".join(f"- {text}{escape(concerns(names, lang))}" for text, names in rows)


def headline(
    growth: pd.DataFrame, shares: pd.DataFrame, gap: pd.DataFrame, *, lang: str = "zh", reference: str = "gdp"
) -> str:
    """Three or four sentences for the top of the briefing.

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    lang : {"zh", "en"}, default "zh"
        The language.
    reference : str, default "gdp"
        The indicator the headline starts from.

    Returns
    -------
    str
        Markdown bullets.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> print(headline(growth_table(), share_table(), target_gap_table(), lang="en"))
    - GDP reached [18&#46;1 bn yuan](#src-gdp_2021h1_actual) in H1 2021, up [17&#46;5&#37;](#src-gdp_2021h1_actual_growth) year on year...
    """
    check_lang(lang)
    lines = []
    ref = growth[growth["indicator_id"] == reference]
    if len(ref):
        r = ref.iloc[0]
        level = _link(_amount(r["value"], r["unit"], r["qualifier"], lang=lang), r["level_figure_id"])
        rate = _link(_percent(r["growth_pct"], r["growth_qualifier"], lang=lang), r["growth_figure_id"])
        share = shares[(shares["indicator_id"] == reference) & (shares["kind"] == "stated")]
        period = labels.period(str(r["period"]), lang)
        low_base = "low_base" in cell_items(r["caveat_codes"])
        text = message("prose.headline_level", lang, name=_name(r, lang), period=period, level=level, rate=rate)
        if low_base:
            text += message("prose.headline_low_base", lang, base=labels.period(str(r["base_period"]), lang))
        if len(share):
            s = share.iloc[0]
            stated = _link(_percent(s["share_pct"], lang=lang), s["share_figure_id"])
            text += message("prose.headline_share", lang, share=stated, whole=_whole(s, lang))
        lines.append(text + message("prose.full_stop", lang))
    claim = growth_claim(growth)
    if claim is not None:
        lines.append("- " + claim_markdown(claim, lang))
    if len(gap):
        lines.append("- " + _claimed(_counts_sentence(gap, lang), verdict_count_claim(gap)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- methods


def _step(row: pd.Series, operation: str) -> Step | None:
    """The first step of a row's ``formula`` that computes ``operation`` (None if it has none)."""
    formula = row.get("formula")
    return next((step for step in formula if step.operation == operation), None) if isinstance(formula, list) else None


def _unit_words(unit: object, lang: str) -> str:
    # the unit of a worked example; an English page names counts by the row, not by a Chinese classifier
    text = display.unit_label(unit, lang)
    if not display.as_printed(lang) and has_cjk(text):
        return ""
    return escape(text)


def _code(step: Step | None) -> str:
    # a computation set as code; escaped, so that Markdown leaves its parentheses and signs alone
    return f"<code>{escape(display.step_text(step))}</code>" if step is not None else ""


def _rule(key: str, lang: str, **fields: object) -> str:
    """One bullet of the Methods text, worded by the ``[methods]`` table of the message catalogue."""
    return "- " + message(f"methods.{key}", lang, **fields)


def methods(
    growth: pd.DataFrame | None = None,
    shares: pd.DataFrame | None = None,
    gap: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
    tolerance: float | None = None,
    reference: str = "gdp",
    brief: bool = False,
) -> str:
    """How the page's derived numbers are computed, each rule shown once with the report's own numbers.

    The worked examples are the rows' ``formula`` steps (:mod:`zhili_data.core.analysis`), so the text
    shows exactly the computation the tables hold, for whatever report and parameters the page ran
    with. Pass the tables the page shows; a rule whose example rows are absent is left out.
    ``brief`` (the briefing): only the rules behind its headline numbers (prior year, a part's
    contribution, time elapsed at both days, pace needed); the detailed pages give the rest.

    Parameters
    ----------
    growth, shares, gap : DataFrame, optional
        The analysis tables whose rules are worked through (those given).
    lang : {"zh", "en"}, default "zh"
        The language.
    tolerance : float, optional
        The target-gap tolerance, to state the status bands.
    reference : str, default "gdp"
        The indicator the growth rates are compared with.
    brief : bool, default False
        Only the rules behind the briefing's headline numbers.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> print(methods(growth_table(indicators=["gdp"]), lang="en"))
    - <strong>Prior year (implied)</strong> = level ÷ (1 + growth rate); <strong>increase</strong> = level − prior year...
    """
    check_lang(lang)
    bullets: list[str] = []
    if growth is not None and len(growth):
        bullets += _growth_methods(growth, lang=lang, reference=reference, brief=brief)
    if shares is not None and len(shares):
        bullets += _share_methods(shares, lang=lang)
    if gap is not None and len(gap):
        bullets += _completion_methods(gap, lang=lang, tolerance=tolerance, brief=brief)
        bullets += _pace_methods(gap, lang=lang, brief=brief)
    if not brief:
        bullets.append(_rule("computation_column", lang))
    return "\n".join(bullets)


def _growth_methods(growth: pd.DataFrame, *, lang: str, reference: str, brief: bool) -> list[str]:
    """The rules of the growth table: the prior year, the comparison with the reference, a part's contribution."""
    bullets = []
    leveled = growth.dropna(subset=["prior_value"])
    ref = leveled[leveled["indicator_id"] == reference]
    example = ref.iloc[0] if len(ref) else (leveled.iloc[0] if len(leveled) else None)
    if example is not None:
        prior, increase = _code(_step(example, "prior")), _code(_step(example, "increase"))
        unit = _unit_words(example["unit"], lang)
        bullets.append(_rule("prior", lang, name=_name(example, lang), prior=prior, increase=increase, unit=unit))
    compared = growth[growth["growth_minus_reference_pp"].notna() & (growth["indicator_id"] != growth["reference_id"])]
    if len(compared) and not brief:
        r = compared.iloc[0]
        # a difference in points, never one rate divided by another (claims.check_same_price_basis)
        bullets.append(_rule("reference", lang, name=_name(r, lang), pp=_code(_step(r, "difference_pp"))))
    parts = growth.dropna(subset=["contribution_pp"])
    for i in range(len(parts)):
        r = parts.iloc[i]
        wholes = growth[growth["indicator_id"] == r["part_of"]]
        fields = {
            "part": _name(r, lang),
            "whole": _name(wholes.iloc[0], lang) if len(wholes) else str(r["part_of"]),
            "whole_rate": _percent(wholes.iloc[0]["growth_pct"], lang=lang) if len(wholes) else "",
            "contribution": _code(_step(r, "contribution_pp")),
            "points": _pp(r["contribution_pp"], lang=lang, signed=False),
            "share": _code(_step(r, "share_of_increase")),
            "rest": _code(_step(r, "rest_growth")),
            "rest_rate": _percent(r["rest_growth_pct"], lang=lang),
        }
        bullets.append(_rule("contribution", lang, **fields))
    return bullets


_SHARE_RULES = ("implied_whole", "part_of", "prior_part_of", "per_head")
"""The kinds of share row whose computation the Methods text works through, in order."""


def _share_methods(shares: pd.DataFrame, *, lang: str) -> list[str]:
    """The rules of the share table, each with the steps of its first row of that kind."""
    bullets = []
    computed = shares[shares["formula"].map(bool)]
    for kind in _SHARE_RULES:
        rows = (
            computed[computed["implied_whole"].notna()]
            if kind == "implied_whole"
            else computed[computed["kind"] == kind]
        )
        if len(rows):
            r = rows.iloc[0]
            steps = "; ".join(_code(step) for step in r["formula"])
            bullets.append(_rule(kind, lang, name=_name(r, lang), steps=steps))
    return bullets


def _completion_methods(gap: pd.DataFrame, *, lang: str, tolerance: float | None, brief: bool) -> list[str]:
    """The rules of completion, time elapsed (at the default day of two actuals) and the status bands."""
    scored = gap[gap["completion_pct"].notna() & gap["elapsed_pct"].notna()]
    if scored.empty:
        return []
    r = scored.iloc[0]
    day = labels.date(r["as_of"], lang)
    name = _name(r, lang)
    completion, elapsed = _code(_step(r, "completion")), _code(_step(r, "elapsed"))
    bullets = [_rule("completion", lang, name=name, completion=completion, day=day, elapsed=elapsed)]
    later = scored[scored["as_of"] != r["as_of"]]
    same_period = later[later["target_period"] == r["target_period"]]  # the same year, counted to another day
    later = same_period if len(same_period) else later
    if len(later):
        o = later.iloc[0]
        fields = {
            "name": name,
            "period": labels.period(str(r["actual_period"]), lang),
            "day": day,
            "other": _name(o, lang),
            "other_period": labels.period(str(o["actual_period"]), lang),
            "other_day": labels.date(o["as_of"], lang),
            "other_elapsed": _code(_step(o, "elapsed")),
        }
        bullets.append(_rule("as_of_default", lang, **fields))
    if not brief:
        band = _pp(tolerance, lang=lang, signed=False) if tolerance is not None else message("methods.tolerance", lang)
        bullets.append(_rule("status", lang, band=band))
    return bullets


def _pace_methods(gap: pd.DataFrame, *, lang: str, brief: bool) -> list[str]:
    """The rules of the pace needed and, on a detailed page, the margin."""
    bullets = []
    paced = gap[gap["pace_needed_pct"].notna() & gap["completion_pct"].notna()]
    if len(paced):
        r = paced.iloc[0]
        pace, pct = _code(_step(r, "pace_needed")), _percent(r["pace_needed_pct"], lang=lang)
        bullets.append(_rule("pace", lang, name=_name(r, lang), pace=pace, pct=pct))
    margined = gap[gap["margin"].notna()]
    if len(margined) and not brief:
        r = margined.iloc[0]
        noun = r.get("unit_en")
        translated = not display.as_printed(lang) and isinstance(noun, str) and noun
        unit = escape(noun) if translated else _unit_words(r["unit"], lang)
        unit = message("methods.unit", lang, unit=unit) if unit else ""
        bullets.append(_rule("margin", lang, name=_name(r, lang), margin=_code(_step(r, "margin")), unit=unit))
    return bullets


# --------------------------------------------------------------------------- claims

CLAIM_ATTRIBUTE = "data-claim"
"""The HTML attribute that marks a conclusion with the id of the claim it renders."""


def _claim_name(claim: Claim, indicator: str, lang: str) -> str:
    # a claim names its indicators in every language, in the order of LANGUAGES
    return claim.fields["names"][indicator][LANGUAGES.index(lang)]  # type: ignore[index]


def _listed(claim: Claim, ids: Sequence[str], lang: str) -> str:
    return message("prose.list_separator", lang).join(_claim_name(claim, i, lang) for i in ids)


def _claim_pair(pair: Sequence[str], lang: str) -> str:
    return pair[LANGUAGES.index(lang)]  # in the order of LANGUAGES, as a claim's names


def _ranking_text(claim: Claim, lang: str) -> str:
    """The leader of a ranking and the next, each amount as the report printed it."""
    first, second = claim.fields["ranked"][:2]  # type: ignore[index]
    amounts = claim.fields["amounts"]

    def amount(figure_id: str) -> str:
        value, unit, qualifier, noun = amounts[figure_id]  # type: ignore[index]
        return display.format_amount(value, unit, qualifier, lang=lang, noun=noun)

    def name(figure_id: str) -> str:
        return _in_sentence(_claim_name(claim, figure_id, lang))  # Chinese has no capitals: as it is

    text = message(
        "claims.ranking",
        lang,
        first=name(first),
        first_value=amount(first),
        second=name(second),
        second_value=amount(second),
    )
    return text if claim.robust else text + message("claims.ranking_hedged", lang)


def claim_text(claim: Claim, lang: str = "zh") -> str:
    """The sentence of a key message, rendered from its claim (plain text).

    Parameters
    ----------
    claim : Claim
        A claim of :mod:`zhili_data.core.claims`.
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    str

    Raises
    ------
    ClaimRefusedError
        A claim this function has no sentence for.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> from zhili_data.core.claims import contribution_claim
    >>> print(claim_text(contribution_claim(growth_table()), "en"))
    Industrial investment made up about 90% of the rise in fixed-asset investment in H1 2021; the rest of fixed-asset investment grew only 4.4% (current prices, year on year).
    """
    check_lang(lang)
    for matches, render in _CLAIM_SENTENCES:
        if matches(claim):
            return render(claim, lang)
    raise ClaimRefusedError(f"no sentence for claim {claim.claim_id}")


def _claim_period(claim: Claim, lang: str) -> str:
    period = claim.fields.get("period")
    return labels.period(str(period), lang) if period else ""


def _contribution_text(claim: Claim, lang: str) -> str:
    """A part's share of its whole's increase, and the rest's growth."""
    f = claim.fields
    return message(
        "claims.contribution",
        lang,
        part=_claim_name(claim, f["part"], lang),
        whole=_in_sentence(_claim_name(claim, f["whole"], lang)),  # Chinese has no capitals: as it is
        share=display.format_amount(f["share_pct"], "%", lang=lang, digits=0),
        rest=display.format_percent(f["rest_growth_pct"], lang=lang),
        period=_claim_period(claim, lang),
    )


def _growth_reference_text(claim: Claim, lang: str) -> str:
    """The reference indicator's level and real growth."""
    f = claim.fields
    return message(
        "claims.growth_reference",
        lang,
        name=_claim_name(claim, f["indicator"], lang),
        value=display.format_amount(f["value"], f["unit"], lang=lang),
        growth=display.format_percent(f["growth_pct"], lang=lang),
        base=labels.period(str(f["base_period"]), lang),
        period=_claim_period(claim, lang),
    )


def _targets_claim_text(claim: Claim, lang: str) -> str:
    """The targets ahead or on track under every reading, those that depend on one, those pending."""
    f = claim.fields
    contingent, pending = f["contingent"], f["pending"]
    return message(
        "claims.targets",
        lang,
        compared=f["compared"],
        robust=f["robust"],
        contingent=message("claims.targets_contingent", lang, n=len(contingent), names=_listed(claim, contingent, lang))
        if contingent
        else "",
        pending=message("claims.targets_pending", lang, n=len(pending), names=_listed(claim, pending, lang))
        if pending
        else "",
    )


def _no_actual_text(claim: Claim, lang: str) -> str:
    return message("claims.no_actual", lang, n=claim.fields["no_actual"], total=claim.fields["total"])


def _share_largest_text(claim: Claim, lang: str) -> str:
    """The largest of the shares of one whole the report states."""
    f = claim.fields
    share, qualifier = f["share"]
    return message(
        "claims.share_largest",
        lang,
        part=_claim_name(claim, f["ranked"][0], lang),
        whole=_in_sentence(_claim_pair(f["whole"], lang)),
        share=display.format_percent(share, qualifier, lang=lang),
        count=f["count"],
    )


def _reference_gap_text(claim: Claim, lang: str) -> str:
    """A growth rate's gap to the reference's, in points, marked when the price bases differ."""
    f = claim.fields
    reference = _in_sentence(_claim_name(claim, f["reference"], lang))
    return message(
        "claims.reference_gap",
        lang,
        reference=reference,
        direction=message("claims.above" if f["gap_pp"] >= 0 else "claims.below", lang),
        pp=display.format_pp(abs(f["gap_pp"]), lang=lang).lstrip("+"),
        mark=message("claims.nominal_against_real", lang, reference=reference) if f["marked"] else "",
    )


def _target_status_text(claim: Claim, lang: str) -> str:
    return labels.status(str(claim.fields["status"]), lang)


def _fastest_claim_text(claim: Claim, lang: str) -> str:
    """The fastest growth at real and at current prices (or the one basis there is)."""
    fastest, values = claim.fields["fastest"], claim.fields["growth_pct"]
    if set(fastest) != {"real", "nominal"}:
        only = next(iter(fastest))
        return message(
            "claims.fastest_one_basis",
            lang,
            top=_claim_name(claim, fastest[only], lang),
            value=display.format_percent(values[only], lang=lang),
        )
    return message(
        "claims.growth_by_basis",
        lang,
        real=_claim_name(claim, fastest["real"], lang),
        real_value=display.format_percent(values["real"], lang=lang),
        nominal=_in_sentence(_claim_name(claim, fastest["nominal"], lang)),
        nominal_value=display.format_percent(values["nominal"], lang=lang),
    )


def _is_ranking(claim: Claim) -> bool:
    return claim.rule == "like_with_like" and claim.claim_id.startswith("ranking_")


_CLAIM_SENTENCES = (
    # (which claims, their sentence), first match wins: the order matters where prefixes overlap
    (lambda c: c.claim_id.startswith("contribution_"), _contribution_text),
    (lambda c: c.claim_id.startswith("growth_") and "indicator" in c.fields, _growth_reference_text),
    (lambda c: c.claim_id == "targets_robust", _targets_claim_text),
    (lambda c: c.claim_id == "targets_no_actual", _no_actual_text),
    (_is_ranking, lambda c, lang: _ranking_text(c, lang)),
    (lambda c: c.claim_id.startswith("share_largest_"), _share_largest_text),
    (lambda c: c.claim_id.startswith("reference_gap_"), _reference_gap_text),
    (lambda c: c.claim_id.startswith("target_"), _target_status_text),
    (lambda c: c.claim_id == "growth_fastest_by_basis", _fastest_claim_text),
)


def claim_title(claim: Claim, lang: str = "zh") -> str:
    """The short form of a claim, for a chart title (the target verdicts, the growth by price basis,
    a theme's ranking, named by its theme).

    Parameters
    ----------
    claim : Claim
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> from zhili_data.core.claims import verdict_count_claim
    >>> claim_title(verdict_count_claim(target_gap_table()), "en")
    '3 of 7 targets with a result so far are ahead or on track under every reading, 1 more depending on the reading'
    """
    f = claim.fields
    if claim.claim_id.startswith("ranking_") and f.get("theme"):
        return message(
            "claims.theme_title", lang, theme=labels.theme(str(f["theme"]), lang), ranking=claim_text(claim, lang)
        )
    if claim.claim_id == "targets_robust":
        n = len(f["contingent"])
        more = message("claims.targets_title_contingent", lang, n=n) if n else ""
        return message("claims.targets_title", lang, compared=f["compared"], robust=f["robust"], contingent=more)
    return claim_text(claim, lang).rstrip("。.")


def claim_caveats(claim: Claim, lang: str = "zh") -> list[str]:
    """The caveats of a claim in words (only the claim's own).

    Parameters
    ----------
    claim : Claim
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    list of str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> from zhili_data.core.claims import reference_growth_claim
    >>> claim_caveats(reference_growth_claim(growth_table()), "en")[0][:40]
    'The base period, H1 2020, was depressed '
    """
    base = labels.period(str(claim.fields["base_period"]), lang) if claim.fields.get("base_period") else "…"
    return [labels.caveat(code, lang, base_period=base) for code in claim.caveats if code in labels.CAVEATS]


def claim_html(claim: Claim, lang: str = "zh", *, tag: str = "li", caveats: bool = True, evidence: bool = True) -> str:
    """A claim as one escaped HTML element marked with its id (:data:`CLAIM_ATTRIBUTE`): the
    sentence, links to the quotes of the figures it uses, and its caveats.

    Parameters
    ----------
    claim : Claim
    lang : {"zh", "en"}, default "zh"
    tag : str, default "li"
        The element.
    caveats : bool, default True
        Whether the caveats follow the sentence.
    evidence : bool, default True
        Whether links to the quotes of its figures follow the sentence.

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> from zhili_data.core.claims import target_follow_up_claim
    >>> print(claim_html(target_follow_up_claim(target_gap_table()), "en", caveats=False)[:60])
    <li data-claim="targets_no_actual" class="zhili-claim"><span
    """
    sentence = escape(claim_text(claim, lang))
    links = ""
    if evidence and claim.figure_ids and len(claim.figure_ids) <= 4:
        refs = " ".join(f'<a href="#{escape(anchor(i))}">{i_n + 1}</a>' for i_n, i in enumerate(claim.figure_ids))
        links = f' <span class="zhili-evidence">{message("prose.evidence", lang, refs=refs)}</span>'
    notes = ""
    if caveats:
        words = claim_caveats(claim, lang)
        if words:
            notes = f'<span class="zhili-claim-caveat">{escape(" ".join(words[:1]))}</span>'
    return (
        f'<{tag} {CLAIM_ATTRIBUTE}="{html.escape(claim.claim_id)}" class="zhili-claim">'
        f'<span class="zhili-claim-text">{sentence}</span>{links}{notes}</{tag}>'
    )


def claim_markdown(claim: Claim, lang: str = "zh") -> str:
    """A claim as one Markdown sentence marked with its id (:data:`CLAIM_ATTRIBUTE`), the quotes
    of its figures linked after it.

    Parameters
    ----------
    claim : Claim
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> print(claim_markdown(growth_claim(growth_table()), "en")[:58])
    <span data-claim="growth_fastest_by_basis">Fastest in real
    """
    end = message("prose.full_stop", lang)
    refs = " ".join(f"[{n + 1}](#{anchor(i)})" for n, i in enumerate(claim.figure_ids))
    sentence = escape(claim_text(claim, lang).rstrip("。."))
    return f'<span {CLAIM_ATTRIBUTE}="{html.escape(claim.claim_id)}">{sentence}</span>{end} {refs}'.rstrip()


def _claimed(markdown: str, claim: Claim) -> str:
    """Markdown (already escaped) marked as the rendering of ``claim``."""
    return f'<span {CLAIM_ATTRIBUTE}="{html.escape(claim.claim_id)}">{markdown}</span>'
