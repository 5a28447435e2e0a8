"""The notebooks' charts, drawn with seaborn on matplotlib in the house style of :mod:`zhili_data.report.style`.

Each function takes a table of :mod:`zhili_data.core.analysis` (or the figures) and returns a
matplotlib ``Figure`` built without pyplot: a notebook cell that ends with the call shows it once.
Every chart answers one question and its title says the answer: a claim of
:mod:`zhili_data.core.claims` in the words of :func:`zhili_data.report.prose.claim_title` (the fastest growth of
each price basis, the robust count of verdicts, a theme's ranking of like with like); its unit
is on the axis, the report's citation at the bottom, and :func:`zhili_data.report.style.description`
gives its alt text: what it shows, with every number.

Only comparable quantities share an axis: the same unit, the same period and the same kind of
thing counted (``unit_en``: projects are not applications). A figure with nothing comparable beside
it is no one-bar chart: :func:`theme_groups` sends it to the table shown beside the chart.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, MaxNLocator

from zhili_data.core import claims
from zhili_data.core.analysis import VERDICTS, theme_figures
from zhili_data.core.catalog import DEFAULT_REPORT
from zhili_data.core.checks import check_lang
from zhili_data.core.numbers import MONEY_UNITS
from zhili_data.report import labels, prose, style
from zhili_data.report.display import as_printed, format_amount, format_percent, unit_label
from zhili_data.report.messages import message

__all__ = [
    "MAX_BARS",
    "StepFormatter",
    "comparable_key",
    "contribution_chart",
    "growth_chart",
    "growth_title",
    "share_chart",
    "step_decimals",
    "target_chart",
    "target_title",
    "theme_chart",
    "theme_groups",
    "theme_singles",
]

MAX_BARS = 14
TICK_STEPS = (1, 2, 2.5, 5, 10)
"""The steps an axis may take (times a power of ten); the labels get the decimals the step needs."""


# --------------------------------------------------------------------------- ticks and numbers


def step_decimals(step: float, *, most: int = 6) -> int:
    """The decimals a tick step needs to be written exactly.

    Parameters
    ----------
    step : float
        The distance between two ticks.
    most : int, default 6
        The most decimals given, for a step no finite decimal writes.

    Returns
    -------
    int
        0 for 50, 1 for 2.5, 2 for 0.25.

    Examples
    --------
    >>> step_decimals(50), step_decimals(2.5), step_decimals(0.25)
    (0, 1, 2)
    """
    step = abs(float(step))
    for decimals in range(most + 1):
        if abs(step - round(step, decimals)) <= 1e-9 * max(1.0, step):
            return decimals
    return most


class StepFormatter(Formatter):
    """Tick labels written with as many decimals as the step between ticks needs.

    A 2.5 step reads 0, 2.5, 5, 7.5 (not 0, 2, 5, 8); a step of 50 reads 0, 50, 100. English
    groups thousands (1,000), Chinese does not (1000), as the reports' own numbers do.

    Parameters
    ----------
    grouping : bool, default True
        Write thousands with a comma (English pages).

    Examples
    --------
    >>> formatter = StepFormatter()
    >>> formatter.set_locs([0, 2.5, 5, 7.5])
    >>> [formatter(x) for x in (0, 2.5, 5)]
    ['0.0', '2.5', '5.0']
    >>> formatter.set_locs([0, 500, 1000])
    >>> formatter(1000)
    '1,000'
    """

    def __init__(self, *, grouping: bool = True):
        self.grouping = grouping
        self.positions: list[float] = []

    def set_locs(self, locs) -> None:
        self.positions = sorted(float(x) for x in locs)

    def step(self) -> float:
        locs = self.positions
        gaps = [b - a for a, b in zip(locs, locs[1:]) if b - a > 0]
        return min(gaps) if gaps else 1.0

    def __call__(self, x: float, pos: int | None = None) -> str:
        decimals = step_decimals(self.step())
        text = format(float(x) + 0.0, f"{',' if self.grouping else ''}.{decimals}f")
        return text.replace("-", "\N{MINUS SIGN}")


def _value_axis(ax: Axes, lang: str, *, nbins: int = 8) -> None:
    """The value axis (x) of a horizontal bar chart: round steps, labels with the step's decimals."""
    ax.xaxis.set_major_locator(MaxNLocator(nbins=nbins, steps=list(TICK_STEPS)))
    ax.xaxis.set_major_formatter(StepFormatter(grouping=bool(message("charts.grouping", lang))))


def _width(key: str, lang: str) -> int:
    """A line width in characters from the catalogue (a Chinese character is about two letters wide)."""
    return int(message(f"charts.{key}", lang))


def _scales(key: str, lang: str) -> list[tuple[float, str]]:
    """The catalogue's scales of an axis (``1e8=亿; 1e4=万``), largest first: (divisor, prefix)."""
    steps = (step.strip().partition("=") for step in message(f"charts.{key}", lang).split(";"))
    return [(float(divisor), prefix) for divisor, _, prefix in steps if divisor]


def _name_lines(row: pd.Series, lang: str) -> int:
    """How many lines the indicator's name takes beside its bar on a page."""
    return len(textwrap.wrap(labels.indicator(row, lang), style.NAME_WIDTHS["page"][lang])) or 1


def _height(n: int, per_row: float = 0.62) -> float:
    return min(max(3.8, 1.6 + per_row * n), 16)


def _name(row: pd.Series, lang: str, *, mid: bool = False) -> str:
    """The indicator's name; ``mid``: inside a sentence (fixed-asset investment; GDP stays; Chinese,
    which has no capitals, as it is)."""
    name = labels.indicator(row, lang)
    return labels.in_sentence(name) if mid else name


def _join(items: list[str], lang: str) -> str:
    return message("prose.clause_separator", lang).join(items)


def _mark_title(fig: Figure, title: str, lang: str, *candidates: claims.Claim | None) -> None:
    """Record which claim the title renders (:func:`zhili_data.report.style.title_claim`): the one whose title it is, word for word."""
    for claim in candidates:
        if claim is not None and prose.claim_title(claim, lang) == title:
            setattr(fig, style.TITLE_CLAIM_ATTRIBUTE, claim.claim_id)


def _describe(fig: Figure, title: str, items: list[str], lang: str, extra: str = "") -> Figure:
    """Set the chart's alt text: its title, then every bar it draws with its number."""
    stop = message("charts.sentence_end", lang)
    text = f"{title}{stop}{labels.text('alt_shows', lang)}{_join(items, lang)}"
    if extra:
        text += stop + extra
    return style.describe(fig, text)


def _barh(ax: Axes, values, colors, *, height: float = 0.6) -> list:
    """Horizontal bars with seaborn, one per value in the given order (first on top); returns the bars."""
    keys = [f"bar{i}" for i in range(len(values))]
    sns.barplot(
        x=[float(v) for v in values],
        y=keys,
        hue=keys,
        palette=dict(zip(keys, colors)),
        legend=False,
        orient="h",
        width=height,
        errorbar=None,
        saturation=1,
        ax=ax,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    return sorted(ax.patches, key=lambda bar: bar.get_y())


def _empty(title: str, *, report: str, lang: str) -> Figure:
    fig, ax = style.new_chart(title=title, height=3.5, lang=lang)
    ax.axis("off")
    ax.text(0.5, 0.5, labels.text("no_rows", lang), ha="center", va="center", color=style.MUTED, transform=ax.transAxes)
    style.describe(fig, f"{title}: {labels.text('no_rows', lang)}")
    return style.finish(fig, report=report, lang=lang)


# --------------------------------------------------------------------------- growth


def growth_title(growth: pd.DataFrame, lang: str) -> str:
    """The growth chart's answer: the fastest growth of each price basis, never one rate divided by another
    (:func:`zhili_data.core.claims.growth_claim`).

    Parameters
    ----------
    growth : pandas.DataFrame
        A table of :func:`zhili_data.core.analysis.growth_table`.
    lang : {"zh", "en"}
        The language of the title.

    Returns
    -------
    str
        The title, computed from the table.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth_title(growth_table(), "zh")
    '按可比价格规上工业增加值增长最快（23.8%），按现价工业性投入增长最快（83.3%）：两种口径不宜直接相比'
    """
    claim = claims.growth_claim(growth)
    if claim is None:
        return labels.text("growth_title", lang)
    return prose.claim_title(claim, lang)


def _basis(row: pd.Series, lang: str) -> str:
    return labels.text("basis_real" if row["growth_basis"] == "real" else "basis_nominal", lang)


def growth_chart(growth: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh") -> Figure:
    """Year-on-year growth of each indicator, largest first, against the GDP growth line.

    Parameters
    ----------
    growth : pandas.DataFrame
        A table of :func:`zhili_data.core.analysis.growth_table`; rows without a growth rate are left out.
    report : str
        The report the citation at the bottom names.
    lang : {"zh", "en"}
        The language of the title, labels and alt text.

    Returns
    -------
    matplotlib.figure.Figure
        The chart, titled with :func:`growth_title`; :func:`zhili_data.report.style.description` gives its alt text.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> from zhili_data.report.style import description
    >>> fig = growth_chart(growth_table(), lang="en")
    >>> description(fig).startswith("Fastest in real terms")
    True
    """
    check_lang(lang)
    rows = growth.dropna(subset=["growth_pct"]).sort_values("growth_pct", ascending=False).head(MAX_BARS)
    if rows.empty:
        return _empty(labels.text("growth_title", lang), report=report, lang=lang)
    title = growth_title(growth, lang)
    periods = rows["period"].nunique() > 1
    fig, ax = style.new_chart(
        title=title,
        subtitle=labels.period(str(rows["period"].iloc[0]), lang) if not periods else "",
        height=_height(len(rows)),
        lang=lang,
    )
    _mark_title(fig, title, lang, claims.growth_claim(growth))
    with style.house_style(lang):
        # the price basis, marked on every bar: real (comparable prices) solid, nominal hatched
        bars = _barh(ax, rows["growth_pct"], [style.ACCENT] * len(rows), height=0.62)
        for bar, basis in zip(bars, rows["growth_basis"]):
            if basis != "real":
                bar.set_facecolor("white")
                bar.set_hatch("//")
                bar.set_edgecolor(style.ACCENT)
        names = [
            [labels.indicator(r, lang), labels.period(str(r["period"]), lang) if periods else ""]
            for _, r in rows.iterrows()
        ]
        style.bar_names(ax, names, lang)
        items = []
        for yi, (_, r) in enumerate(rows.iterrows()):
            text = format_percent(r["growth_pct"], r["growth_qualifier"], lang=lang)
            ax.text(r["growth_pct"], yi, f"  {text} · {_basis(r, lang)}", va="center", fontsize=style.BASE_SIZE - 1)
            items.append(f"{labels.indicator(r, lang)} {text} ({_basis(r, lang)})")
        extra = labels.text("basis_note", lang)
        ref = growth[(growth["indicator_id"] == growth["reference_id"])]["growth_pct"].dropna()
        if len(ref):
            line = labels.text("gdp_line", lang, value=format_percent(ref.iloc[0], lang=lang)) + message(
                "charts.real_prices", lang
            )
            ax.axvline(ref.iloc[0], color=style.MUTED, linestyle="--", linewidth=1.4)
            ax.text(ref.iloc[0], -0.55, " " + line, color=style.MUTED, fontsize=style.BASE_SIZE - 2, va="bottom")
            extra += message("charts.sentence_end", lang) + labels.text("alt_line", lang, label=line)
        ax.set_xlabel(labels.text("growth_axis", lang))
        ax.set_xlim(min(0, rows["growth_pct"].min() * 1.15), rows["growth_pct"].max() * 1.2)
        ax.set_ylim(len(rows) - 0.4, -0.8)
        _value_axis(ax, lang)
        ax.grid(True, axis="x")
    _describe(fig, title, items, lang, extra)
    # what solid and hatched bars mean: under the chart, and a page's text
    return style.finish(fig, report=report, lang=lang, note=labels.text("basis_note", lang))


def contribution_chart(growth: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh") -> Figure | None:
    """For each part given within a whole (其中), the whole's increase split into the part and the rest.

    Parameters
    ----------
    growth : pandas.DataFrame
        A table of :func:`zhili_data.core.analysis.growth_table`.
    report : str
        The report the citation at the bottom names.
    lang : {"zh", "en"}
        The language of the chart.

    Returns
    -------
    matplotlib.figure.Figure or None
        The chart, or None when the table has no part given within its whole.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> contribution_chart(growth_table()) is not None
    True
    >>> contribution_chart(growth_table().head(0)) is None
    True
    """
    check_lang(lang)
    parts = growth.dropna(subset=["share_of_whole_increase_pct"])
    if parts.empty:
        return None
    first = parts.iloc[0]
    wholes = growth[(growth["indicator_id"] == first["part_of"]) & (growth["period"] == first["period"])]
    if wholes.empty:  # the whole was filtered out of the table
        return None
    whole = wholes.iloc[0]
    part_name = labels.indicator(first, lang)
    pct = format_percent(first["share_of_whole_increase_pct"], lang=lang)
    # the title is the claim's sentence, as in the key messages
    claim = claims.contribution_claim(growth, part=first["indicator_id"])
    title = prose.claim_title(claim, lang)
    fig, ax = style.new_chart(title=title, subtitle=labels.period(str(first["period"]), lang), height=4.2, lang=lang)
    _mark_title(fig, title, lang, claim)
    with style.house_style(lang):
        # one number format: the axis and both labels in the same scaled unit (7.32亿元 / 732 m yuan)
        scale, axis_unit = _axis_scale(str(first["unit_std"]), whole["increase_std"], lang)
        part_inc, whole_inc = first["increase_std"] / scale, whole["increase_std"] / scale
        rest_inc = whole_inc - part_inc
        ax.barh([0], [part_inc], color=style.SECOND, height=0.5, label=part_name)
        ax.barh([0], [rest_inc], left=[part_inc], color=style.ACCENT, height=0.5, label=labels.text("rest_label", lang))
        number = "{:,.2f}" if whole_inc < 10 else "{:,.0f}"
        joiner = message("charts.unit_gap", lang)
        part_text = number.format(part_inc) + joiner + axis_unit
        rest_text = number.format(rest_inc) + joiner + axis_unit
        ax.text(
            part_inc / 2,
            0,
            f"{part_text}\n{pct}",
            ha="center",
            va="center",
            color="white",
            fontsize=style.BASE_SIZE - 1,
        )
        ax.text(whole_inc, 0, "  " + rest_text, va="center", fontsize=style.BASE_SIZE - 1)
        style.bar_names(ax, [labels.indicator(whole, lang)], lang)
        ax.set_xlabel(labels.text("contribution_axis", lang, unit=axis_unit))
        ax.set_xlim(0, whole_inc * 1.25)
        _value_axis(ax, lang)
        fig.legend(loc="outside upper left", ncols=2)
        ax.set_ylim(-0.6, 0.6)
    items = [f"{part_name} {part_text} ({pct})", f"{labels.text('rest_label', lang)} {rest_text}"]
    _describe(fig, title, items, lang)
    return style.finish(fig, report=report, lang=lang)


# --------------------------------------------------------------------------- shares


def share_chart(shares: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh") -> Figure:
    """Each share (stated solid, derived hatched); overlapping categories marked as not additive.

    Parameters
    ----------
    shares : pandas.DataFrame
        A table of :func:`zhili_data.core.analysis.share_table`; per-head rows are left out.
    report : str
        The report the citation at the bottom names.
    lang : {"zh", "en"}
        The language of the chart.

    Returns
    -------
    matplotlib.figure.Figure
        The chart, titled with the largest of the stated shares of one whole
        (:func:`zhili_data.core.claims.largest_share_claim`), or plainly when no whole has two.

    Examples
    --------
    >>> from zhili_data.core.analysis import share_table
    >>> from zhili_data.report.style import description
    >>> "45.1%" in description(share_chart(share_table(), lang="en"))
    True
    """
    check_lang(lang)
    rows = shares[shares["kind"] != "per_head"].dropna(subset=["share_pct"]).head(MAX_BARS)
    if rows.empty:
        return _empty(labels.text("share_title", lang), report=report, lang=lang)
    # "the largest share" only among shares of one whole (claims.largest_share_claim), else no leader
    largest = claims.largest_share_claim(rows)
    title = labels.text("share_title", lang) if largest is None else prose.claim_title(largest, lang)
    fig, ax = style.new_chart(title=title, height=_height(len(rows), 0.9), lang=lang)
    _mark_title(fig, title, lang, largest)
    items = []
    with style.house_style(lang):
        bars = _barh(ax, rows["share_pct"], [style.ACCENT] * len(rows), height=0.62)
        for yi, (bar, (_, r)) in enumerate(zip(bars, rows.iterrows())):
            derived = bool(r["derived"])
            if derived:
                bar.set_facecolor("white")
                bar.set_hatch("//")
            bar.set_edgecolor(style.ACCENT)
            bar.set_linewidth(1.2)
            note = format_percent(r["share_pct"], r["qualifier"] if not derived else None, lang=lang)
            if derived:
                note += f" ({labels.text('derived_mark', lang)})"
            if r["additive"] is False or (not pd.isna(r["additive"]) and not r["additive"]):
                note += f" · {labels.text('not_additive', lang)}"
            ax.text(r["share_pct"], yi, "  " + note, va="center", fontsize=style.BASE_SIZE - 2)
            items.append(f"{labels.indicator(r, lang)} / {labels.share_of(r, lang)} {note}")
        # A share of an earlier period (kind prior_part_of) names its period beside the indicator.
        names = [
            [
                labels.indicator(r, lang)
                + (f" ({labels.period(str(r['period']), lang)})" if r["kind"] == "prior_part_of" else ""),
                f"/ {labels.share_of(r, lang)}",
            ]
            for _, r in rows.iterrows()
        ]
        style.bar_names(ax, names, lang, fontsize=style.BASE_SIZE - 3)
        ax.set_xlim(0, 135)  # room for the notes right of a 100% bar
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.xaxis.set_major_formatter(StepFormatter(grouping=bool(message("charts.grouping", lang))))
        ax.set_xlabel(labels.text("share_axis", lang))
        ax.grid(True, axis="x")
    _describe(fig, title, items, lang)
    return style.finish(fig, report=report, lang=lang)


# --------------------------------------------------------------------------- targets


def target_title(gap: pd.DataFrame, lang: str) -> str:
    """The target chart's answer: how many targets with an actual are ahead or on track however the
    report is read, the contingent ones named apart (:func:`zhili_data.core.claims.verdict_count_claim`).

    Parameters
    ----------
    gap : pandas.DataFrame
        A table of :func:`zhili_data.core.analysis.target_gap_table`.
    lang : {"zh", "en"}
        The language of the title.

    Returns
    -------
    str
        The title, counted from the table.

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> target_title(target_gap_table(), "zh")
    '7个有实绩的目标中3个无论怎样读都超前或符合进度，另1个取决于读法'
    """
    if (gap["status"] == "no_baseline").all():
        return labels.text("target_title", lang)
    return prose.claim_title(claims.verdict_count_claim(gap), lang)


def _actual_over_target(row: pd.Series, lang: str) -> str:
    """15个 / 20个; in English a count names what it counts once, after the target: 15 / 20 projects.

    An actual that does not count toward the target's period (no verdict) is not written as
    progress: the target comes first and the actual names its own period."""
    noun = row.get("unit_en")
    counted = not as_printed(lang) and isinstance(noun, str) and noun
    actual = format_amount(row["actual"], None if counted else row["unit"], row["actual_qualifier"], lang=lang)
    target = format_amount(row["target"], row["unit"], row["target_qualifier"], lang=lang, noun=noun)
    if str(row["status"]) not in VERDICTS:
        actual = format_amount(row["actual"], row["unit"], row["actual_qualifier"], lang=lang, noun=noun)
        return labels.text(
            "target_apart", lang, target=target, actual=actual, period=labels.period(str(row["actual_period"]), lang)
        )
    return f"{actual} / {target}"


def target_chart(
    gap: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh", title: str | None = None
) -> Figure:
    """Completion of each target that has a baseline, coloured by status, with the time elapsed marked.

    Only a verdict (ahead, on track, behind) gets a bar; a verdict that depends on how the report is
    read is hatched and says so. A target that has not started or cannot be judged has no bar: its
    label gives the number there is (the pace needed against the pace so far). The axis fits the
    whole target: it ends at 100% (or the largest completion, rounded up to 25).

    Parameters
    ----------
    gap : pandas.DataFrame
        A table of :func:`zhili_data.core.analysis.target_gap_table`.
    report : str
        The report the citation at the bottom names.
    lang : {"zh", "en"}
        The language of the chart.
    title : str, optional
        A title of the caller's; by default :func:`target_title`.

    Returns
    -------
    matplotlib.figure.Figure
        The chart.

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> fig = target_chart(target_gap_table())
    >>> float(max(fig.axes[0].get_xticks()))  # the axis reaches the whole target, 100%
    100.0
    """
    check_lang(lang)
    rows = gap[(gap["status"] != "no_baseline") & (gap["measure"] == "level")].head(MAX_BARS)
    if rows.empty:
        return _empty(title or labels.text("target_title", lang), report=report, lang=lang)
    title = title or target_title(gap, lang)
    verdicts = rows[rows["status"].isin(VERDICTS)]
    for _, r in verdicts.iterrows():
        claims.check_counts_toward_target(r)
    # progress is read against the whole target: the axis always reaches 100%
    top = max([100.0, *verdicts["completion_pct"].dropna(), *verdicts["elapsed_pct"].dropna()])
    top = 25 * math.ceil(top / 25)
    fig, ax = style.new_chart(title=title, height=_height(len(rows), 0.8), lang=lang)
    _mark_title(fig, title, lang, claims.verdict_count_claim(gap))
    items = []
    with style.house_style(lang):
        widths = [r["completion_pct"] if r["status"] in VERDICTS else 0.0 for _, r in rows.iterrows()]
        colors = [style.STATUS_COLORS.get(str(s), style.MUTED) for s in rows["status"]]
        bars = _barh(ax, widths, colors, height=0.6)
        for yi, (bar, (_, r)) in enumerate(zip(bars, rows.iterrows())):
            if r["status"] in VERDICTS:
                _verdict_bar(ax, bar, yi, r)
            note, said, x, ink = _target_note(r, lang)
            # a little right of the bar, on white: the 100% line passes behind the note, not through it
            text = ax.annotate(note, (x, yi), xytext=(6, 0), textcoords="offset points", va="center", color=ink)
            text.set(fontsize=style.BASE_SIZE - 2, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0})
            items.append(f"{labels.indicator(r, lang)} {_actual_over_target(r, lang)}: {said}")
        names = [[labels.indicator(r, lang), _actual_over_target(r, lang)] for _, r in rows.iterrows()]
        style.bar_names(ax, names, lang, fontsize=style.BASE_SIZE - 3)
        ax.set_xlim(0, top * 1.3)  # room right of the 100% mark for the notes
        ax.set_xticks(list(range(0, int(top) + 1, 25)))
        ax.xaxis.set_major_formatter(StepFormatter(grouping=bool(message("charts.grouping", lang))))
        ax.set_ylim(len(rows) - 0.4, -0.6)
        ax.axvline(100, color=style.INK, linewidth=1.0)
        ax.set_xlabel(labels.text("target_axis", lang))
        ax.grid(True, axis="x")
        _target_legend(fig, rows, lang)
    _describe(fig, title, items, lang)
    return style.finish(fig, report=report, lang=lang)


def _verdict_bar(ax: Axes, bar, yi: int, row: pd.Series) -> None:
    """A verdict's bar in its status colour, hatched when the verdict depends on how the report is
    read, with the time elapsed marked across it."""
    bar.set_edgecolor(style.STATUS_COLORS[str(row["status"])])
    bar.set_linewidth(1.4)
    if not bool(row["robust"]):
        bar.set_facecolor("white")
        bar.set_hatch("//")
    ax.plot([row["elapsed_pct"]] * 2, [yi - 0.33, yi + 0.33], color=style.INK, linewidth=2.4)


def _target_note(row: pd.Series, lang: str) -> tuple[str, str, float, str]:
    """(the note beside a target's bar, what the alt text says of it, where the note starts, its colour)."""
    status = str(row["status"])
    if status in VERDICTS:
        note = f"{format_percent(row['completion_pct'], lang=lang)} · {labels.status(status, lang)}"
        said = f"{note} ({labels.text('elapsed_marker', lang)} {format_percent(row['elapsed_pct'], lang=lang)})"
        x, ink = max(row["completion_pct"], row["elapsed_pct"]), style.INK  # right of the bar and of its marker
    elif status == "not_started":
        # no H2 count yet (needs 179% of the H1 pace): the periods named, not "not started"
        note = said = labels.text(
            "no_count_yet",
            lang,
            target_period=labels.period(str(row["target_period"]), lang),
            pct=format_amount(row["pace_needed_pct"], "%", lang=lang, digits=0),
            actual_period=labels.period(str(row["actual_period"]), lang),
        )
        x, ink = 0.0, style.MUTED
    else:
        note = said = labels.status(status, lang)
        x, ink = 0.0, style.MUTED
    mark = "" if bool(row["robust"]) else labels.text("contingent_mark", lang)
    # that the verdict depends on the reading: a line of its own, so the note stays short beside its bar
    return note + ("\n" + mark.strip() if mark else ""), said + mark, x, ink


def _target_legend(fig: Figure, rows: pd.DataFrame, lang: str) -> None:
    """What the marker and the hatching mean, above the chart (a figure's legend: every rendition keeps it whole)."""
    handles = []
    if rows["status"].isin(VERDICTS).any():
        handles.append(Line2D([], [], color=style.INK, linewidth=2.4, label=labels.text("elapsed_marker", lang)))
    if (~rows["robust"].astype(bool) & rows["status"].isin(VERDICTS)).any():
        label = labels.text("contingent_legend", lang)
        handles.append(Patch(facecolor="white", edgecolor=style.MUTED, hatch="//", label=label))
    if handles:
        fig.legend(handles=handles, loc="outside upper left", ncols=len(handles), frameon=False)


# --------------------------------------------------------------------------- themes


def _axis_scale(unit: str, largest: float, lang: str) -> tuple[float, str]:
    """Divide money axes into 亿元/万元 (bn/m yuan) so ticks stay short; other units stay as they are."""
    if unit not in MONEY_UNITS:
        return 1.0, unit_label(unit, lang)
    for scale, prefix in _scales("money_scales", lang):
        if largest >= scale:
            return scale, f"{prefix}{message('charts.unit_gap', lang)}{unit_label(unit, lang)}"
    return 1.0, unit_label(unit, lang)


def _noun(row: pd.Series) -> str:
    value = row.get("unit_en")
    return "" if value is None or pd.isna(value) else str(value)


def comparable_key(row: pd.Series) -> tuple:
    """Figures with the same key may share an axis: same unit, kind of thing counted (its noun and
    topics), measure, period and basis (:func:`zhili_data.core.claims.check_rankable`).

    A to-date figure is a running total or a state from a start the report does not give (exports
    since the pilot began, the area of a zone), so it shares an axis with nothing; money of unlike
    topics (output, public revenue, investment) is not ranked either.

    Parameters
    ----------
    row : pandas.Series
        A row of the figures (or of :func:`zhili_data.core.analysis.theme_figures`).

    Returns
    -------
    tuple
        The key; a to-date figure gets one no other row shares.

    Examples
    --------
    >>> from zhili_data.core.analysis import theme_figures
    >>> rows = theme_figures(theme="economy").set_index("figure_id", drop=False)
    >>> comparable_key(rows.loc["gdp_2021h1_actual"]) == comparable_key(rows.loc["fiscal_revenue_2021h1_actual"])
    False
    """
    if str(row["period"]) == "to_date":
        return ("alone", str(row["figure_id"]))
    topic = claims.topic_key(row.get("topics"))
    return (str(row["unit_std"]), _noun(row), topic, str(row["measure"]), str(row["period"]), str(row["basis"]))


def theme_groups(
    figures: pd.DataFrame | None, theme: str, *, report: str = DEFAULT_REPORT
) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """The theme's figures split into what a chart compares and what stands alone.

    Returns the groups of two or more comparable figures (:func:`comparable_key`), largest group
    first and each largest value first, and the figures with nothing comparable, in the report's
    order: the overview shows these in a table beside the chart. Together they hold every row of
    :func:`zhili_data.core.analysis.theme_figures`.

    Parameters
    ----------
    figures : pandas.DataFrame or None
        The figures; None loads the report's.
    theme : str
        One of :data:`zhili_data.core.schema.THEMES`.
    report : str
        The report whose figures are loaded when ``figures`` is None.

    Returns
    -------
    tuple of (list of pandas.DataFrame, pandas.DataFrame)
        The chart's groups and the figures that stand alone.

    Examples
    --------
    >>> from zhili_data.core.analysis import theme_figures
    >>> groups, singles = theme_groups(None, "economy")
    >>> sum(len(g) for g in groups) + len(singles) == len(theme_figures(theme="economy"))
    True
    """
    rows = theme_figures(figures, theme, report=report)
    keys = [comparable_key(r) for _, r in rows.iterrows()]
    # a part (其中) or an overlapping count (含续建) is never drawn as a peer of the figure it
    # belongs to: it stands apart, in the table, where its label says what it is part of
    ids = set(rows["indicator_id"].astype(str))
    keys = [
        ("part", str(r["figure_id"])) if isinstance(r["part_of"], str) and r["part_of"] in ids else k
        for k, (_, r) in zip(keys, rows.iterrows())
    ]
    sizes = pd.Series(keys).value_counts()
    grouped = [k for k in dict.fromkeys(keys) if sizes[k] > 1]
    groups = [rows[[k == key for k in keys]].sort_values("value_std", ascending=False) for key in grouped]
    for group in groups:  # the rules the grouping keeps, checked: a violation is a bug here
        claims.check_rankable(group)
    groups.sort(key=len, reverse=True)
    alone = rows[[sizes[k] == 1 for k in keys]].reset_index(drop=True)
    return groups, alone


def theme_singles(figures: pd.DataFrame | None, theme: str, *, report: str = DEFAULT_REPORT) -> pd.DataFrame:
    """The theme's figures with nothing comparable to chart beside them (see :func:`theme_groups`).

    Parameters
    ----------
    figures : pandas.DataFrame or None
        The figures; None loads the report's.
    theme : str
        One of :data:`zhili_data.core.schema.THEMES`.
    report : str
        The report whose figures are loaded when ``figures`` is None.

    Returns
    -------
    pandas.DataFrame
        The rows the overview shows in the table beside the theme's chart.

    Examples
    --------
    >>> singles = theme_singles(None, "governance")
    >>> len(singles) > 0
    True
    """
    return theme_groups(figures, theme, report=report)[1]


def _panel_texts(group: pd.DataFrame, lang: str) -> tuple[float, str, list[str]]:
    """(scale, axis unit, one label per row) of a panel: one number format for all its bars."""
    unit = str(group["unit_std"].iloc[0])
    noun = _noun(group.iloc[0])
    largest = group["value_std"].max()
    counts = _scales("count_scales", lang)  # a language that scales counts too (1.2万人), largest first
    if unit in MONEY_UNITS:
        scale, axis_unit = _axis_scale(unit, largest, lang)
    elif counts and unit != "%":
        scale, prefix = next(((s, p) for s, p in counts if largest >= s), (1.0, ""))
        axis_unit = prefix + unit
    else:
        scale, axis_unit = 1.0, noun or unit_label(unit, lang)
    gap = "" if unit == "%" else message("charts.unit_gap", lang)
    texts = []
    for value, qualifier in zip(group["value_std"] / scale, group["qualifier"]):
        # every bar in the panel's unit and scale, each with the digits the report printed
        number = format(value, f"{message('charts.grouping', lang)}.{step_decimals(value, most=4)}f")
        body = f"{number}{gap}{axis_unit}"
        hedged = not pd.isna(qualifier) and qualifier != "exact"
        texts.append(
            message("display.hedged", lang, hedge=labels.qualifier(str(qualifier), lang), amount=body)
            if hedged
            else body
        )
    return scale, axis_unit, texts


def _panel_claim(group: pd.DataFrame, theme: str) -> claims.Claim | None:
    """The panel's ranking (:func:`zhili_data.core.claims.ranking_claim`), named by the theme when it is
    the chart's title; None when no figure leads (a tie)."""
    try:
        return claims.ranking_claim(group, theme=theme)
    except claims.ClaimRefusedError:
        return None


def theme_chart(
    figures: pd.DataFrame | None, theme: str, *, report: str = DEFAULT_REPORT, lang: str = "zh"
) -> Figure | None:
    """The theme's comparable figures as small multiples, one panel per group of :func:`theme_groups`
    (same unit, kind and period), each headed by its ranking (:func:`zhili_data.core.claims.ranking_claim`;
    the first panel's, named by the theme, is the chart's title) or, when no figure leads, its unit
    and period alone. The figures with nothing
    comparable are not drawn: the chart's note says how many, and :func:`theme_singles` lists them
    for the table beside it.

    Parameters
    ----------
    figures : pandas.DataFrame or None
        The figures; None loads the report's.
    theme : str
        One of :data:`zhili_data.core.schema.THEMES`.
    report : str
        The report the figures and the citation come from.
    lang : {"zh", "en"}
        The language of the chart.

    Returns
    -------
    matplotlib.figure.Figure or None
        The chart, or None when no two figures of the theme are comparable.

    Examples
    --------
    >>> fig = theme_chart(None, "economy", lang="en")
    >>> len(fig.axes) >= 2
    True
    >>> theme_chart(None, "governance") is None
    True
    """
    check_lang(lang)
    groups, alone = theme_groups(figures, theme, report=report)
    if not groups:
        return None
    theme_name = labels.theme(theme, lang)
    panels = []
    ranked = [_panel_claim(group, "" if i else theme) for i, group in enumerate(groups)]
    for group, claim in zip(groups, ranked):
        scale, axis_unit, texts = _panel_texts(group, lang)
        panels.append((group, scale, axis_unit, texts, prose.claim_title(claim, lang) if claim else ""))
    title = panels[0][4] or labels.text("theme_levels_title", lang, theme=theme_name)
    lines = [max(_name_lines(r, lang) for _, r in g.iterrows()) for g in groups]
    rows_height = [len(g) * (0.16 + 0.18 * n) for g, n in zip(groups, lines)]
    height = min(max(4.0, 1.2 + sum(rows_height) + 0.9 * len(groups)), 24)
    items = []
    with style.house_style(lang):
        fig = Figure(figsize=(style.FIGSIZE[0], height), layout="constrained")
        style.title_figure(fig, title, lang)
        axes = fig.subplots(len(groups), 1, squeeze=False, height_ratios=[h + 0.6 for h in rows_height])[:, 0]
        for ax, (group, scale, axis_unit, texts, headline) in zip(axes, panels):
            _barh(ax, group["value_std"] / scale, [style.ACCENT] * len(group), height=0.6)
            style.bar_names(ax, [labels.indicator(r, lang) for _, r in group.iterrows()], lang)
            ax.tick_params(axis="y", labelsize=style.BASE_SIZE - 3)
            for yi, (value, text) in enumerate(zip(group["value_std"] / scale, texts)):
                ax.text(value, yi, "  " + text, va="center", fontsize=style.BASE_SIZE - 3)
            ax.set_xlim(0, group["value_std"].max() / scale * 1.3)
            period = labels.period(str(group["period"].iloc[0]), lang)
            # the first panel's message is the chart's title already
            said = (
                ""
                if ax is axes[0] or not headline
                else textwrap.fill(headline, _width("panel_title_width", lang)) + "\n"
            )
            ax.set_title(
                f"{said}{axis_unit} · {period}",
                loc="left",
                fontsize=style.BASE_SIZE - 2,
                color=style.MUTED,
                pad=8,
            )
            ax.tick_params(axis="x", labelsize=style.BASE_SIZE - 3)
            ax.grid(True, axis="x")
            _value_axis(ax, lang)
            items.append(
                f"{axis_unit}, {period}: "
                + message("charts.panel_separator", lang).join(
                    f"{labels.indicator(r, lang)} {t}" for (_, r), t in zip(group.iterrows(), texts)
                )
            )
    _mark_title(fig, title, lang, ranked[0])
    note = labels.text("theme_singles_note", lang, n=len(alone)) if len(alone) else ""
    _describe(fig, title, items, lang, note)
    return style.finish(fig, report=report, lang=lang, note=note)
