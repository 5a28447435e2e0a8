"""The notebooks' charts, in the house style of :mod:`zhili_data.style`.

Each function takes a table of :mod:`zhili_data.analysis` (or the figures) and returns a
matplotlib ``Figure`` built without pyplot: a notebook cell that ends with the call shows it once.
Every chart has a title, its unit on the axis and the report's citation at the bottom.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from zhili_data import labels, style
from zhili_data.analysis import VERDICTS, theme_figures
from zhili_data.catalog import DEFAULT_REPORT
from zhili_data.display import format_amount, format_percent, unit_label
from zhili_data.params import check_lang

MAX_BARS = 14


def _wrap(text: str, lang: str) -> str:
    return "\n".join(textwrap.wrap(text, 12 if lang == "zh" else 30)) or text


def _label(row: pd.Series, lang: str, *, with_period: bool = False) -> str:
    text = _wrap(labels.indicator(row, lang), lang)
    if with_period:
        text += f"\n{labels.period(str(row['period']), lang)}"
    return text


def _height(n: int, per_row: float = 0.62) -> float:
    return min(max(3.8, 1.6 + per_row * n), 16)


def _empty(title: str, *, report: str, lang: str) -> Figure:
    fig, ax = style.new_chart(title=title, height=3.5, lang=lang)
    ax.axis("off")
    ax.text(0.5, 0.5, labels.text("no_rows", lang), ha="center", va="center", color=style.MUTED, transform=ax.transAxes)
    return style.finish(fig, report=report, lang=lang)


def growth_chart(growth: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh") -> Figure:
    """Year-on-year growth of each indicator, largest first, against the GDP growth line."""
    check_lang(lang)
    title = labels.text("growth_title", lang)
    rows = growth.dropna(subset=["growth_pct"]).sort_values("growth_pct").tail(MAX_BARS)
    if rows.empty:
        return _empty(title, report=report, lang=lang)
    periods = rows["period"].nunique() > 1
    fig, ax = style.new_chart(
        title=title,
        subtitle=labels.period(str(rows["period"].iloc[0]), lang) if not periods else "",
        height=_height(len(rows)),
        lang=lang,
    )
    with style.house_style(lang):
        y = np.arange(len(rows))
        colors = [style.SECOND if isinstance(p, str) else style.ACCENT for p in rows["part_of"]]
        ax.barh(y, rows["growth_pct"], color=colors, height=0.62)
        ax.set_yticks(y, [_label(r, lang, with_period=periods) for _, r in rows.iterrows()])
        for yi, (_, r) in zip(y, rows.iterrows()):
            ax.text(
                r["growth_pct"],
                yi,
                "  " + format_percent(r["growth_pct"], r["growth_qualifier"], lang=lang),
                va="center",
                fontsize=style.BASE_SIZE - 1,
            )
        ref = growth[(growth["indicator_id"] == growth["reference_id"])]["growth_pct"]
        if len(ref):
            ax.axvline(ref.iloc[0], color=style.MUTED, linestyle="--", linewidth=1.4)
            ax.text(
                ref.iloc[0],
                len(rows) - 0.4,
                " " + labels.text("gdp_line", lang, value=format_percent(ref.iloc[0], lang=lang)),
                color=style.MUTED,
                fontsize=style.BASE_SIZE - 2,
                va="bottom",
            )
        ax.set_xlabel(labels.text("growth_axis", lang))
        ax.set_xlim(min(0, rows["growth_pct"].min() * 1.15), rows["growth_pct"].max() * 1.2)
        ax.set_ylim(-0.6, len(rows) + 0.2)
    return style.finish(fig, report=report, lang=lang)


def contribution_chart(growth: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh") -> Figure | None:
    """For each part given within a whole (其中), the whole's increase split into the part and the rest.

    None when the table has no such pair.
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
    title = labels.text(
        "contribution_title", lang, part=labels.indicator(first, lang), whole=labels.indicator(whole, lang)
    )
    fig, ax = style.new_chart(title=title, subtitle=labels.period(str(first["period"]), lang), height=4.2, lang=lang)
    with style.house_style(lang):
        part_inc, whole_inc = first["increase"], whole["increase"]
        rest_inc = whole_inc - part_inc
        ax.barh([0], [part_inc], color=style.SECOND, height=0.5, label=labels.indicator(first, lang))
        ax.barh([0], [rest_inc], left=[part_inc], color=style.ACCENT, height=0.5, label=labels.text("rest_label", lang))
        ax.text(
            part_inc / 2,
            0,
            f"{format_amount(part_inc, first['unit'], lang=lang)}\n{format_percent(first['share_of_whole_increase_pct'], lang=lang)}",
            ha="center",
            va="center",
            color="white",
            fontsize=style.BASE_SIZE - 1,
        )
        ax.text(
            whole_inc,
            0,
            "  " + format_amount(rest_inc, first["unit"], lang=lang),
            va="center",
            fontsize=style.BASE_SIZE - 1,
        )
        ax.set_yticks([0], [_label(whole, lang)])
        ax.set_xlabel(labels.text("contribution_axis", lang, unit=unit_label(first["unit"], lang)))
        ax.set_xlim(0, whole_inc * 1.25)
        ax.legend(loc="upper right", ncols=2)
        ax.set_ylim(-0.6, 0.9)
    return style.finish(fig, report=report, lang=lang)


def share_chart(shares: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh") -> Figure:
    """Each share (stated solid, derived hatched); overlapping categories marked as not additive."""
    check_lang(lang)
    title = labels.text("share_title", lang)
    rows = shares[shares["kind"] != "per_head"].dropna(subset=["share_pct"]).iloc[::-1].tail(MAX_BARS)
    if rows.empty:
        return _empty(title, report=report, lang=lang)
    fig, ax = style.new_chart(title=title, height=_height(len(rows), 0.9), lang=lang)
    with style.house_style(lang):
        y = np.arange(len(rows))
        for yi, (_, r) in zip(y, rows.iterrows()):
            derived = bool(r["derived"])
            ax.barh(
                yi,
                r["share_pct"],
                height=0.62,
                color="white" if derived else style.ACCENT,
                edgecolor=style.ACCENT,
                hatch="//" if derived else None,
                linewidth=1.2,
            )
            note = format_percent(r["share_pct"], r["qualifier"] if not derived else None, lang=lang)
            if derived:
                note += f" ({labels.text('derived_mark', lang)})"
            if r["additive"] is False or (not pd.isna(r["additive"]) and not r["additive"]):
                note += f" · {labels.text('not_additive', lang)}"
            ax.text(r["share_pct"], yi, "  " + note, va="center", fontsize=style.BASE_SIZE - 2)
        # A share of an earlier period (kind prior_part_of) names its period beside the indicator.
        ticks = [
            f"{_wrap(labels.indicator(r, lang), lang)}"
            + (f" ({labels.period(str(r['period']), lang)})" if r["kind"] == "prior_part_of" else "")
            + f"\n/ {_wrap(labels.share_of(r, lang), lang)}"
            for _, r in rows.iterrows()
        ]
        ax.set_yticks(y, ticks, fontsize=style.BASE_SIZE - 3)
        ax.set_xlim(0, 135)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel(labels.text("share_axis", lang))
    return style.finish(fig, report=report, lang=lang)


def target_chart(
    gap: pd.DataFrame, *, report: str = DEFAULT_REPORT, lang: str = "zh", title: str | None = None
) -> Figure:
    """Completion of each target that has a baseline, coloured by status, with the time elapsed marked.

    Only a verdict (ahead, on track, behind) gets a bar; a verdict that depends on how the report is
    read is hatched and says so. A target that has not started or cannot be judged has no bar: its
    label gives the number there is (the pace needed against the pace so far). The axis fits the data.
    """
    check_lang(lang)
    title = title or labels.text("target_title", lang)
    rows = gap[(gap["status"] != "no_baseline") & (gap["measure"] == "level")].iloc[::-1].tail(MAX_BARS)
    if rows.empty:
        return _empty(title, report=report, lang=lang)
    verdicts = rows[rows["status"].isin(VERDICTS)]
    top = max([100.0, *verdicts["completion_pct"].dropna(), *verdicts["elapsed_pct"].dropna()])
    top = 25 * math.ceil(top / 25)
    fig, ax = style.new_chart(title=title, height=_height(len(rows), 1.0 if lang == "en" else 0.8), lang=lang)
    with style.house_style(lang):
        y = np.arange(len(rows))
        for yi, (_, r) in zip(y, rows.iterrows()):
            status = str(r["status"])
            contingent = not bool(r["robust"])
            if status in VERDICTS:
                color = style.STATUS_COLORS[status]
                ax.barh(
                    yi,
                    r["completion_pct"],
                    height=0.6,
                    color="white" if contingent else color,
                    edgecolor=color,
                    hatch="//" if contingent else None,
                    linewidth=1.4,
                )
                ax.plot([r["elapsed_pct"]] * 2, [yi - 0.38, yi + 0.38], color=style.INK, linewidth=2.4)
                note = f"{format_percent(r['completion_pct'], lang=lang)} · {labels.status(status, lang)}"
                x, ink = max(r["completion_pct"], r["elapsed_pct"]), style.INK  # right of the bar and of its marker
            elif status == "not_started":
                note = f"{labels.status(status, lang)} · {labels.column('pace_needed_pct', lang)} {format_percent(r['pace_needed_pct'], lang=lang)}"
                x, ink = 0, style.MUTED
            else:
                note = labels.status(status, lang)
                x, ink = 0, style.MUTED
            if contingent:
                note += labels.text("contingent_mark", lang)
            ax.text(x, yi, "  " + note, va="center", fontsize=style.BASE_SIZE - 2, color=ink)
        ticks = [
            f"{_wrap(labels.indicator(r, lang), lang)}\n{format_amount(r['actual'], r['unit'], r['actual_qualifier'], lang=lang)} / {format_amount(r['target'], r['unit'], r['target_qualifier'], lang=lang)}"
            for _, r in rows.iterrows()
        ]
        ax.set_yticks(y, ticks, fontsize=style.BASE_SIZE - 3)
        ax.set_xlim(0, top * 1.35)  # room for the labels right of the longest bar
        ax.set_xticks(list(range(0, int(top) + 1, 25)))
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.axvline(100, color=style.GRID, linewidth=1.5)
        ax.set_xlabel(labels.text("target_axis", lang))
        handles = []
        if len(verdicts):
            handles.append(Line2D([], [], color=style.INK, linewidth=2.4, label=labels.text("elapsed_marker", lang)))
        if (~rows["robust"].astype(bool) & rows["status"].isin(VERDICTS)).any():
            handles.append(
                Patch(
                    facecolor="white", edgecolor=style.MUTED, hatch="//", label=labels.text("contingent_legend", lang)
                )
            )
        if handles:
            ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(handles), frameon=False)
    return style.finish(fig, report=report, lang=lang)


def _axis_scale(unit: str, largest: float, lang: str) -> tuple[float, str]:
    """Divide money axes into 亿元/万元 (bn/m yuan) so ticks stay short; other units stay as they are."""
    if unit not in ("元", "美元"):
        return 1.0, unit_label(unit, lang)
    steps = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, "bn "), (1e6, "m "))
    for scale, prefix in steps:
        if largest >= scale:
            return scale, f"{prefix}{unit}" if lang == "zh" else f"{prefix}{unit_label(unit, lang)}"
    return 1.0, unit_label(unit, lang)


def theme_chart(
    figures: pd.DataFrame | None, theme: str, *, report: str = DEFAULT_REPORT, lang: str = "zh", max_panels: int = 4
) -> Figure:
    """The theme's actual figures as small multiples, one panel per unit (largest groups first),
    so that no axis mixes units. Hedged figures carry their hedge in the label."""
    check_lang(lang)
    title = labels.text("theme_levels_title", lang, theme=labels.theme(theme, lang))
    rows = theme_figures(figures, theme, report=report)
    if rows.empty:
        return _empty(title, report=report, lang=lang)
    groups = rows.groupby(rows["unit_std"].astype(str), sort=False)
    ordered = sorted(groups, key=lambda item: -len(item[1]))[:max_panels]
    sizes = [min(len(g), 8) for _, g in ordered]
    # Room for the tallest tick label of each panel (wrapped name, plus the period when periods mix).
    lines = [
        max(_wrap(labels.indicator(r, lang), lang).count("\n") + 1 for _, r in g.iterrows())
        + (g["period"].nunique() > 1)
        for _, g in ordered
    ]
    rows_height = [size * (0.22 + 0.2 * n) for size, n in zip(sizes, lines)]
    height = min(max(4.0, 1.6 + sum(rows_height) + 0.7 * len(sizes)), 22)
    with style.house_style(lang):
        fig = Figure(figsize=(style.FIGSIZE[0], height), layout="constrained")
        fig.suptitle(title, x=0.01, ha="left", fontsize=style.BASE_SIZE + 5, color=style.INK)
        axes = fig.subplots(len(ordered), 1, squeeze=False, height_ratios=[h + 0.5 for h in rows_height])[:, 0]
        for ax, ((unit, group), size) in zip(axes, zip(ordered, sizes)):
            group = group.sort_values("value_std").tail(size)
            scale, axis_unit = _axis_scale(unit, group["value_std"].max(), lang)
            mixed = group["period"].nunique() > 1
            y = np.arange(len(group))
            ax.barh(y, group["value_std"] / scale, color=style.ACCENT, height=0.6)
            ticks = [
                _wrap(labels.indicator(r, lang), lang)
                + (f"\n({labels.period(str(r['period']), lang)})" if mixed else "")
                for _, r in group.iterrows()
            ]
            ax.set_yticks(y, ticks, fontsize=style.BASE_SIZE - 3)
            for yi, (_, r) in zip(y, group.iterrows()):
                ax.text(
                    r["value_std"] / scale,
                    yi,
                    "  " + format_amount(r["value"], r["unit"], r["qualifier"], lang=lang),
                    va="center",
                    fontsize=style.BASE_SIZE - 3,
                )
            ax.set_xlim(0, group["value_std"].max() / scale * 1.35)
            subtitle = axis_unit if mixed else f"{axis_unit} · {labels.period(str(group['period'].iloc[0]), lang)}"
            ax.set_title(subtitle, loc="left", fontsize=style.BASE_SIZE - 2, color=style.MUTED)
            ax.tick_params(axis="x", labelsize=style.BASE_SIZE - 4)
            ax.xaxis.set_major_formatter(
                StrMethodFormatter("{x:,.0f}" if group["value_std"].max() / scale >= 10 else "{x:,.1f}")
            )
    return style.finish(fig, report=report, lang=lang)
