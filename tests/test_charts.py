"""The charts: drawn through seaborn, each titled with its answer computed from the data, only
comparable quantities on one axis, every theme figure in a chart or the table beside it, tick
labels that match their step, and alt text that says what the chart shows with its numbers."""

from __future__ import annotations

import logging
import re
import warnings

import pandas as pd
import pytest
import seaborn as sns
from matplotlib.figure import Figure

from zhili_data.core import analysis
from zhili_data.core.catalog import get_report
from zhili_data.core.figures import load_figures
from zhili_data.report import charts, display, labels, prose, style


def render(fig: Figure) -> list[str]:
    """Draw ``fig`` as the pages do; return every warning and log record about missing glyphs."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            display.chart_output(fig)
    finally:
        logger.removeHandler(handler)
    return [m for m in [str(w.message) for w in caught] + records if "missing from font" in m]


@pytest.fixture(scope="module")
def tables():
    figures = load_figures()
    return {
        lang: (
            analysis.growth_table(figures),
            analysis.share_table(figures),
            analysis.target_gap_table(figures),
            figures,
        )
        for lang in ("zh", "en")
    }


def made(tables, lang):
    growth, shares, gap, figures = tables[lang]
    return {
        "growth": charts.growth_chart(growth, lang=lang),
        "contribution": charts.contribution_chart(growth, lang=lang),
        "share": charts.share_chart(shares, lang=lang),
        "target": charts.target_chart(gap, lang=lang),
        **{theme: charts.theme_chart(figures, theme, lang=lang) for theme in labels.OVERVIEW_THEMES},
    }


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_cleanly_with_title_unit_source_and_alt_text(tables, lang):
    citation = get_report().citation if lang == "zh" else get_report().citation_en
    drawn = {name: fig for name, fig in made(tables, lang).items() if fig is not None}
    # governance has two figures of different kinds: nothing to compare, so no chart (a table instead)
    assert set(drawn) == {"growth", "contribution", "share", "target", "economy", "urban_rural", "livelihood"}
    for name, fig in drawn.items():
        assert fig.get_suptitle(), name
        assert fig.get_supxlabel().startswith(citation), name
        assert any(ax.get_xlabel() or ax.get_title(loc="left") for ax in fig.axes), f"{name} names its unit"
        alt, title = style.description(fig), fig.get_suptitle().replace("\n", "" if lang == "zh" else " ")
        assert alt.startswith(title) and len(alt) > len(title) + 20, name
        assert "No description" not in alt
        assert render(fig) == [], name


def test_charts_are_drawn_through_seaborn(tables, monkeypatch):
    calls = []
    real = sns.barplot

    def counting(*args, **kwargs):
        calls.append(kwargs.get("orient"))
        return real(*args, **kwargs)

    monkeypatch.setattr(charts.sns, "barplot", counting)
    drawn = made(tables, "en")
    bars = sum(len(fig.axes) for name, fig in drawn.items() if fig is not None and name != "contribution")
    assert len(calls) >= bars - 1 and set(calls) == {"h"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_say_the_answer_computed_from_the_data(tables, lang):
    growth, _, gap, _ = tables[lang]
    title = charts.growth_title(growth, lang)
    # the fastest of each price basis, side by side, never one rate divided by another
    assert "83.3%" in title and "23.8%" in title
    assert not re.search("倍|times", title)
    slower = growth.copy()
    slower.loc[slower["indicator_id"] == "industrial_investment", "growth_pct"] = 25.0
    assert "29.6%" in charts.growth_title(slower, lang) and "83.3%" not in charts.growth_title(slower, lang)
    # the verdict count is the robust one, the contingent one named apart
    target = charts.target_title(gap, lang)
    counts = prose.status_counts(gap)
    robust = counts["robust_ahead"] + counts["robust_on_track"]
    assert target.startswith(f"7个有实绩的目标中{robust}个" if lang == "zh" else f"{robust} of 7")
    assert ("另1个取决于读法" if lang == "zh" else "1 more depending on the reading") in target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_chart_draws_verdicts_only_and_fits_its_axis(tables, lang):
    gap = tables[lang][2]
    fig = charts.target_chart(gap, lang=lang)
    ax = fig.axes[0]
    shown = gap[(gap["status"] != "no_baseline") & (gap["measure"] == "level")]
    verdicts = shown[shown["status"].isin(analysis.VERDICTS)]
    bars = [p for p in ax.patches if p.get_width() > 0]
    # one bar per verdict, none for the plan not started or the undetermined pair
    assert sorted(round(b.get_width(), 6) for b in bars) == sorted(round(v, 6) for v in verdicts["completion_pct"])
    assert "not_started" in set(shown["status"]) and "undetermined" in set(shown["status"])
    hatched = sorted(round(b.get_width(), 6) for b in bars if b.get_hatch())
    assert hatched == sorted(round(v, 6) for v in verdicts.loc[~verdicts["robust"], "completion_pct"])
    # the axis reaches the whole target (100%) although the largest completion is 75%
    assert verdicts["completion_pct"].max() == 75
    assert max(ax.get_xticks()) == 100 and ax.get_xlim()[1] >= 100
    assert any(list(line.get_xdata()) == [100, 100] for line in ax.lines)  # the 100% mark
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "179%" in texts and labels.text("contingent_mark", lang).strip() in texts
    # the plan for H2 had no count yet on 30 June: said so, with the pace it needs, never "not started"
    assert (
        "2021年下半年尚无实绩（需达2021年上半年进度的179%）"
        if lang == "zh"
        else "no H2 2021 count yet (needs 179% of the H1 2021 pace)"
    ) in texts
    assert "not started" not in texts and "尚未开始" not in texts
    # an actual that does not count toward the target's period is not written as progress
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    tech = next(t for t in ticks if "31" in t)  # the H2 plan of 31 provincial tech SMEs
    assert "/" not in tech.splitlines()[-1] and ("2021年上半年" if lang == "zh" else "H1 2021") in tech


def test_contribution_chart_needs_a_part_and_its_whole(tables):
    growth = tables["zh"][0]
    assert charts.contribution_chart(growth[growth["indicator_id"] == "industrial_investment"]) is None


@pytest.mark.parametrize(
    ("locs", "expected"),
    [
        ([0, 2.5, 5, 7.5, 10], ["0.0", "2.5", "5.0", "7.5", "10.0"]),
        ([0, 5, 10, 15], ["0", "5", "10", "15"]),
        ([0, 0.25, 0.5], ["0.00", "0.25", "0.50"]),
        ([0, 500, 1000, 1500], ["0", "500", "1,000", "1,500"]),
        ([-10, 0, 10], ["\N{MINUS SIGN}10", "0", "10"]),
    ],
)
def test_tick_labels_carry_the_decimals_their_step_needs(locs, expected):
    formatter = charts.StepFormatter(grouping=True)
    assert formatter.format_ticks(locs) == expected


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_drawn_axis_labels_its_ticks_at_their_step(tables, lang):
    for name, fig in made(tables, lang).items():
        if fig is None:
            continue
        display.chart_output(fig)  # ticks are labelled when the chart is drawn
        for ax in fig.axes:
            pairs = list(zip(ax.get_xticks(), (t.get_text() for t in ax.get_xticklabels())))
            ticks = [t for t, _ in pairs]
            decimals = charts.step_decimals(min(b - a for a, b in zip(ticks, ticks[1:])))
            for tick, text in pairs:
                number = float(text.replace(",", "").replace("\N{MINUS SIGN}", "-"))
                assert number == pytest.approx(tick), (name, pairs)
                assert len(text.partition(".")[2]) == decimals, (name, pairs)


def test_theme_panels_rank_only_like_with_like_and_never_a_part_beside_its_whole(tables):
    figures = tables["zh"][3]
    panels = {
        theme: [set(g["indicator_id"]) for g in charts.theme_groups(figures, theme)[0]]
        for theme in labels.OVERVIEW_THEMES
    }
    drawn = {i for groups in panels.values() for g in groups for i in g}
    # 其中3亿元以上项目12个 is a part of the 15 projects of ¥100 m+; 52 key projects (含续建) overlap the 126 started
    assert "projects_introduced_100m_plus" in drawn and "projects_introduced_300m_plus" not in drawn
    assert "key_projects_5m_plus" not in drawn
    # output, public revenue and investment are unlike money; zone areas to date; bike points and traffic points
    assert not any({"gdp", "fiscal_revenue"} <= g or {"gdp", "fixed_asset_investment"} <= g for g in panels["economy"])
    assert "zhidong_platform_area" not in drawn and "market_procurement_pilot_area" not in drawn
    assert not any({"shared_bike_points", "traffic_points_improved"} <= g for g in panels["urban_rural"])


@pytest.mark.parametrize("theme", labels.OVERVIEW_THEMES)
def test_every_theme_figure_is_in_the_chart_or_the_table_beside_it(tables, theme):
    figures = tables["zh"][3]
    groups, alone = charts.theme_groups(figures, theme)
    drawn = [i for g in groups for i in g["figure_id"]]
    everything = list(analysis.theme_figures(figures, theme)["figure_id"])
    assert sorted(drawn + list(alone["figure_id"])) == sorted(everything)
    assert not set(drawn) & set(alone["figure_id"])
    fig = charts.theme_chart(figures, theme, lang="zh")
    alt = style.description(fig) if fig is not None else ""
    for _, row in pd.concat(groups).iterrows() if groups else []:
        assert labels.indicator(row, "zh") in alt
    if len(alone) and fig is not None:
        assert f"另有{len(alone)}个数字" in alt and f"另有{len(alone)}个数字" in fig.get_supxlabel()


def test_the_dropped_figures_of_old_are_all_shown(tables):
    figures = tables["zh"][3]
    shown = set()
    for theme in labels.OVERVIEW_THEMES:
        groups, alone = charts.theme_groups(figures, theme)
        shown |= {i for g in groups for i in g["figure_id"]} | set(alone["figure_id"])
    for figure_id in (
        "market_procurement_exports_todate_actual_usd",
        "demolition_agreements_2021h1_actual",
        "disputes_mediated_2021h1_actual",
        "dispute_mediation_success_rate_2021h1_actual_rate",
        "smart_city_case_closure_rate_2021h1_actual_rate",
    ):
        assert figure_id in shown


@pytest.mark.parametrize("theme", labels.OVERVIEW_THEMES)
def test_no_axis_mixes_units_periods_or_kinds(tables, theme):
    figures = tables["zh"][3]
    groups, alone = charts.theme_groups(figures, theme)
    for group in groups:
        assert len(group) >= 2, "a lone value is a table row, not a one-bar chart"
        assert group["unit_std"].nunique() == 1 and group["period"].nunique() == 1
        assert group["measure"].nunique() == 1 and group["unit_en"].fillna("").nunique() == 1
        # a running total to date (exports, loans, assets) is compared with nothing
        assert not ((group["period"] == "to_date") & group["unit_std"].isin(["元", "美元", "个", "家", "名"])).any()
    fig = charts.theme_chart(figures, theme, lang="en")
    if fig is not None:
        assert len([ax for ax in fig.axes if ax.patches]) == len(groups)


def test_money_panels_use_one_number_format(tables):
    fig = charts.theme_chart(tables["en"][3], "livelihood", lang="en")
    texts = [t.get_text().strip() for ax in fig.axes for t in ax.texts]
    assert texts == ["1.7981 m yuan", "0.6594 m yuan", "0.3042 m yuan"]


def test_english_counts_name_what_they_count(tables):
    fig = charts.theme_chart(tables["en"][3], "economy", lang="en")
    texts = [t.get_text().strip() for ax in fig.axes for t in ax.texts]
    assert "23 projects" in texts and "22 applications" in texts
    assert not any("(个)" in t or "items" in t for t in texts)


@pytest.mark.parametrize(("lang", "unit"), [("zh", "亿元"), ("en", "m yuan")])
def test_the_contribution_chart_writes_its_axis_and_labels_in_one_unit(tables, lang, unit):
    fig = charts.contribution_chart(tables[lang][0], lang=lang)
    ax = fig.axes[0]
    assert unit in ax.get_xlabel()
    texts = [t.get_text().strip() for t in ax.texts]
    assert all(unit in t for t in texts) and len(texts) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_titles_wrap_inside_the_chart(tables, lang):
    fig = charts.share_chart(tables[lang][1], lang=lang)
    assert lang == "zh" or "\n" in fig.get_suptitle()  # the English message is longer than a line
    assert all(len(line) <= (45 if lang == "zh" else 90) for line in fig.get_suptitle().splitlines())
