"""Tables shown in notebooks: the display_data contract with the report runner, readable numbers
with units and hedges, and links from every figure id to its quote."""

from __future__ import annotations

import base64
import html
import io
import re

import pandas as pd
import pytest

from zhili_data.core import analysis, cells
from zhili_data.core.analysis import Operand, Step
from zhili_data.report import display, labels


@pytest.fixture(scope="module")
def growth(figures):
    return analysis.growth_table(figures)


@pytest.fixture(scope="module")
def gap(figures):
    return analysis.target_gap_table(figures)


def test_table_output_contract(growth):
    data, metadata = display.table_output(growth, name="growth", title="增长分析表", lang="zh")
    assert set(data) == {"text/html", "text/csv"}
    assert metadata == {"zhili": {"table": "growth", "title": "增长分析表"}}
    back = pd.read_csv(io.StringIO(data["text/csv"]))
    # the table as computed, with its caveats worded in the page's language beside their codes
    worded = list(growth.columns)
    worded.insert(worded.index("caveat_codes") + 1, "caveat")
    assert list(back.columns) == worded
    assert back["growth_pct"].tolist() == growth["growth_pct"].tolist()
    assert back["caveat"].tolist() == [labels.caveats(row, "zh") for _, row in growth.iterrows()]
    assert "低基数" in back.loc[0, "caveat"]
    # the file holds the lists joined and the steps written out, each read back to what the table holds
    assert [cells.items(c) for c in back["figure_ids"]] == growth["figure_ids"].tolist()
    assert [cells.items(c) for c in back["caveat_codes"]] == growth["caveat_codes"].tolist()
    assert back["formula"].fillna("").tolist() == [display.formula_text(steps) for steps in growth["formula"]]
    assert back.loc[0, "formula"] == "181 ÷ (1 + 17.5%) = 154.04; 181 − 154.04 = 26.96"


def test_every_operation_of_a_step_has_its_written_form():
    assert set(display.STEP_FORMS) == set(analysis.OPERATIONS)


@pytest.mark.parametrize(
    ("step", "text"),
    [
        # a printed number as printed, a computed one to two decimals, a band signed with a true minus
        (
            Step("increase", (Operand(181.0, "gdp"), Operand(154.04255, exact=False)), 26.957, "亿元"),
            "181 − 154.04 = 26.96",
        ),
        (Step("difference_pp", (Operand(8.5), Operand(17.5)), -9.0, "pp"), "8.5% − 17.5% = −9.0 pp"),
        (
            Step("margin", (Operand(15.0), Operand(20.0), Operand(49.589, exact=False), Operand(-5.0)), 5.08, "个"),
            "15 − 20 × (49.6% − 5%) = 5.08",
        ),
        (
            Step("per_head", (Operand(18100000000.0), Operand(450000.0)), 40222.2222, "元/人"),
            "18100000000 ÷ 450000 = 40222.22",
        ),
    ],
)
def test_a_step_is_written_from_its_numbers(step, text):
    assert display.step_text(step) == text


def test_show_table_publishes_one_raw_display(monkeypatch, growth):
    calls = []
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: calls.append((args, kwargs)))
    display.show_table(growth, name="growth", title="t", lang="en")
    assert len(calls) == 1
    (data,), kwargs = calls[0]
    assert kwargs["raw"] is True and kwargs["metadata"] == {"zhili": {"table": "growth", "title": "t"}}
    assert set(data) == {"text/html", "text/csv"}


@pytest.mark.parametrize("name", ["Growth", "growth table", "../x", ""])
def test_table_name_becomes_a_file_name_so_it_is_checked(growth, name):
    with pytest.raises(ValueError, match=f"name={name!r}"):
        display.table_output(growth, name=name, title="t", lang="zh")


def test_headers_follow_the_language(growth):
    # Text in the HTML is escaped character by character: compare what a browser shows.
    zh = html.unescape(display.table_html(growth, title="t", lang="zh"))
    en = html.unescape(display.table_html(growth, title="t", lang="en"))
    assert "<th>同比增长</th>" in zh and "<th>Growth y/y</th>" in en
    assert "<th>growth_pct</th>" not in zh + en


def test_numbers_carry_units_and_hedges():
    assert display.format_amount(181, "亿元", lang="zh") == "181亿元"
    assert display.format_amount(181, "亿元", lang="en") == "18.1 bn yuan"
    assert display.format_amount(179.81, "万元", lang="en") == "1.7981 m yuan"
    assert display.format_amount(1000, "名", "nearly", lang="zh") == "近1000名"
    assert display.format_amount(1000, "名", "nearly", lang="en") == "nearly 1,000 people"
    # 突破10亿美元, 100余个: "more than", never "at least"
    assert display.format_amount(10, "亿美元", "at_least", lang="zh") == "超过10亿美元"
    assert display.format_amount(100, "个", "at_least", lang="en", noun="points") == "more than 100 points"
    assert display.format_amount(9100, "万元", "about", lang="en") == "about 91 m yuan"
    assert display.format_amount(29.6, "万家次", lang="en") == "296,000 firms (counted per visit)"
    assert display.format_pp(5.6, lang="zh") == "+5.6个百分点" and display.format_pp(-2, lang="en") == "−2 pp"
    assert display.format_amount(float("nan"), "个") == ""


def test_units_are_read_by_the_figure_parser():
    # 百分点 is a unit of its own, not 百 (hundred) x 分点; 千万 stacks two multipliers (10^7)
    assert display.format_amount(3, "百分点", lang="zh") == "3百分点"
    assert display.format_amount(3, "百分点", lang="en") == "3 pp"
    assert display.unit_label("百分点", "en") == "pp"
    assert display.format_amount(5, "千万元", lang="zh") == "5千万元"
    assert display.format_amount(5, "千万元", lang="en") == "50 m yuan"
    assert display.format_amount(1.25, "千万元", "about", lang="en") == "about 12.5 m yuan"
    assert display.unit_label("千万元", "en") == "10 m yuan"
    # money whose 元 is omitted (398.44亿), per-head units and units of no figure
    assert display.format_amount(398.44, "亿", lang="en") == "39.844 bn yuan"
    assert display.format_amount(40222.2, "元/人", lang="en", digits=0) == "40,222 yuan per head"
    assert display.format_amount(2, "kg", lang="en") == "2 kg"


def test_hedged_figure_shows_its_hedge_in_the_table(figures):
    shares = analysis.share_table(figures, per_head=["market_procurement_exports"])
    shown = html.unescape(display.table_html(shares[shares["kind"] == "per_head"], title="t", lang="en"))
    assert "more than 1 bn US$" in shown


def test_every_figure_id_links_to_an_anchor_of_the_sources_appendix(growth, gap, figures):
    links = set()
    for table in (growth, gap):
        links |= set(re.findall(r'href="#(src-[a-z0-9_]+)"', display.table_html(table, title="t", lang="zh")))
    data, metadata = display.sources_output(growth, gap, lang="zh", figures=figures)
    anchors = set(re.findall(r'<tr id="(src-[a-z0-9_]+)"', data["text/html"]))
    assert links and links <= anchors
    assert metadata == {"zhili": {"table": "sources", "title": "来源摘录"}}
    sources = pd.read_csv(io.StringIO(data["text/csv"]))
    assert {"figure_id", "quote", "page", "section", "figure_text"} <= set(sources.columns)
    assert len(sources) == len(anchors) == sources["figure_id"].nunique()


def test_sources_mark_the_figure_inside_its_quote(figures):
    data, _ = display.sources_output(["gdp_2021h1_actual_growth"], lang="en", figures=figures)
    shown = html.unescape(data["text/html"])
    assert "同比增长<mark>17.5%</mark>" in shown
    assert "p. 2" in shown


def test_a_row_s_sources_are_places_in_the_report_linked_to_their_quotes(growth, figures):
    for lang, place in (("en", "p. 2, §1, ¶1"), ("zh", "第2页 第一部分 第1段")):
        shown = html.unescape(display.table_html(growth, title="t", lang=lang))
        assert f'<a href="#src-gdp_2021h1_actual">{place}</a>' in shown
        # every growth figure is in one paragraph: a row of a level and its growth links that place once
        assert shown.count(f">{place}</a>") == len(growth)
        data, _ = display.sources_output(growth, lang=lang, figures=figures)
        assert f'<a href="#src-gdp_2021h1_actual">{place}</a>' in html.unescape(data["text/html"])
    projects = display.source_links("projects_introduced_100m_plus_2021h1_actual", lang="en")
    assert ">p. 2, §1.1, ¶2</a>" in html.unescape(projects)
    assert ">第2页 第一部分第1节 第2段</a>" in html.unescape(
        display.source_links("projects_introduced_100m_plus_2021h1_actual", lang="zh")
    )


def test_no_id_reaches_a_reader(growth, gap, figures):
    """Ids (snake_case) stay in the CSV; the HTML a reader sees names indicators and places."""
    snake = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
    for lang in ("zh", "en"):
        for table in (growth, gap, analysis.share_table(figures), analysis.target_readings_table(figures)):
            shown = re.sub(r'(?:href|id|class)="[^"]*"', "", display.table_html(table, title="t", lang=lang))
            shown = shown[shown.index("</style>") :]
            assert not snake.findall(shown), (lang, snake.findall(shown)[:5])
        data, _ = display.sources_output(growth, gap, lang=lang, figures=figures)
        shown = re.sub(r'(?:href|id|class)="[^"]*"', "", data["text/html"])
        assert not snake.findall(shown[shown.index("</style>") :])
        assert "gdp_2021h1_actual" in data["text/csv"]


def test_unknown_figure_id_in_a_table_is_an_error(figures):
    with pytest.raises(KeyError, match="no_such_figure"):
        display.sources_output(["gdp_2021h1_actual;no_such_figure"], figures=figures)


def test_chart_output_is_a_png(growth):
    from zhili_data.report import charts, style

    data, _ = display.chart_output(charts.growth_chart(growth, lang="zh"))
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    fig = charts.growth_chart(growth, lang="zh")
    # the alt text: the chart's answer, then every bar with its number
    assert data["text/plain"] == style.description(fig)
    assert data["text/plain"].startswith(fig.get_suptitle().replace("\n", "") + "。")
    assert all(number in data["text/plain"] for number in ("83.3%", "29.6%", "23.8%", "23.1%", "17.5%"))


def test_chart_output_draws_each_rendition_once_with_the_pixels_savefig_would_give(growth, monkeypatch):
    import io

    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure
    from PIL import Image

    from zhili_data.report import charts, style

    draws = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: (draws.append(fig), original(fig, renderer))[1])
    fig = charts.growth_chart(growth, lang="en")
    height = fig.get_size_inches()[1]
    data, metadata = display.chart_output(fig)
    assert len(draws) == 3  # the page's rendition, the slide's and the phone's, each once
    assert fig.get_size_inches().tolist() == [style.FIGSIZE[0], height]  # the notebook's figure is left as it was
    assert fig._suptitle.get_visible()
    shown = np.asarray(Image.open(io.BytesIO(base64.b64decode(data["image/png"]))))
    narrow = np.asarray(Image.open(io.BytesIO(base64.b64decode(metadata["zhili"]["chart"]["narrow"]))))
    saved = io.BytesIO()
    expected_fig = charts.growth_chart(growth, lang="en")
    with (
        style.house_style(),
        matplotlib.rc_context({"savefig.bbox": "standard"}),
        style.without_texts(expected_fig) as freed,
    ):
        expected_fig.set_size_inches(style.PAGE_WIDTH, max(height - freed, 0.8 * height))
        expected_fig.savefig(saved, format="png", dpi=style.CHART_DPI, facecolor="white")
    expected = np.asarray(Image.open(saved))
    assert len(draws) == 5  # savefig: its layout pass, then the drawing
    assert shown.shape[1] == style.PAGE_WIDTH * style.CHART_DPI  # the width the page shows it at
    assert narrow.shape[1] == style.NARROW_WIDTH * style.NARROW_DPI  # the width a phone shows it at
    assert (expected[..., 3] == 255).all() and np.array_equal(shown, expected[..., :3])


def test_a_chart_s_title_subtitle_and_source_are_text_not_pixels(growth):
    from zhili_data.report import charts

    fig = charts.growth_chart(growth, lang="en")
    _, metadata = display.chart_output(fig)
    chart = metadata["zhili"]["chart"]
    assert chart["title"] == charts.growth_title(growth, "en")
    assert "\n" not in chart["title"]  # the page wraps it, not the chart
    assert chart["caption"] == (
        "Solid bars: real growth (comparable prices); hatched bars: nominal growth (current prices); "
        "the two are not comparable. Source: Government Work Report of Zhili Town, 6 August 2021"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rendition_keeps_the_legend_whole_and_its_text_legible(lang):
    """A legend the page's chart draws is drawn whole in the phone's and the slide's renditions too;
    the smallest text of each, shown at its width, is at least 12 CSS px on a phone (a 320 px column),
    24 px on a slide at 1920×1080 (1766 px wide) and 8 pt printed in an A4 column (7 in)."""
    from zhili_data.core import analysis
    from zhili_data.report import charts, style

    growth = analysis.growth_table()
    figures = [
        charts.contribution_chart(growth, lang=lang),
        charts.target_chart(analysis.target_gap_table(), lang=lang),
        charts.growth_chart(growth, lang=lang),
    ]
    for fig in figures:
        data, metadata = display.chart_output(fig)
        chart = metadata["zhili"]["chart"]
        drawn = chart["drawn"]
        assert (
            drawn["narrow"]["legend"]
            == drawn["slide"]["legend"]
            == drawn["wide"]["legend"]
            == len([text for legend in fig.legends for text in legend.get_texts()])
        )
        widths = {name: _png_width(chart[name]) for name in ("narrow", "slide")} | {
            "wide": _png_width(data["image/png"])
        }
        assert drawn["narrow"]["text_px"] * 320 / widths["narrow"] >= 12
        assert drawn["slide"]["text_px"] * 1766 / widths["slide"] >= 24
        assert drawn["wide"]["text_px"] / style.CHART_DPI * 72 * 7 / style.PAGE_WIDTH >= 8
    assert drawn["wide"]["legend"] == 0 and [len(f.legends) for f in figures[:2]] == [1, 1]


def _png_width(encoded: str) -> int:
    import base64
    import io

    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(encoded))).size[0]


def test_show_chart_of_nothing_shows_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: calls.append(args))
    display.show_chart(None)
    assert calls == []


def test_status_cells_mark_contingent_verdicts(gap):
    compared, _ = analysis.split_by_baseline(gap)
    shown = html.unescape(display.table_html(compared, title="t", lang="en"))
    assert shown.count('class="status status-ahead contingent"') == 1
    assert shown.count('class="status status-ahead"') == 3
    assert "status-not_started" in shown and "status-undetermined" in shown
    assert "(depends on the reading)" in shown


def test_spans_and_nominal_growth_in_tables(figures):
    from zhili_data.report import labels

    assert labels.span("2021-01-01/2021-06-30", "zh") == "2021年1月1日至6月30日"
    assert labels.span("../2021-08-06", "en") == "to 6 August 2021 (start unknown)"
    growth = analysis.growth_table(figures)
    shown = html.unescape(
        display.table_html(growth, title="t", lang="zh", columns=["indicator", "growth_minus_reference_pp"])
    )
    assert "+5.6个百分点（名义）" in shown and "+6.3个百分点<" in shown  # value added is real, like GDP


def test_english_sources_show_the_translation_beside_the_original_marked_chinese(figures):
    data, _ = display.sources_output(["gdp_2021h1_actual_share"], lang="en", figures=figures)
    page = html.unescape(data["text/html"])
    english = "the town's GDP reached 18.1 billion yuan, up 17.5% year on year, 45.1% of the district's (Wuxing District's) total"
    assert f'<span class="quote-en">{english}</span><br><span class="quote-zh" lang="zh">' in page
    # the section in the page's language, from the report's own headings_en
    assert '<td data-label="Section of the report">1. Review of H1 2021</td>' in page
    assert "一、上半年工作回顾</td>" in chinese_section(figures)
    assert "quote_en" in pd.read_csv(io.StringIO(data["text/csv"])).columns
    chinese, _ = display.sources_output(["gdp_2021h1_actual_share"], lang="zh", figures=figures)
    assert "quote-en" not in chinese["text/html"] and "Wuxing" not in chinese["text/html"]


def chinese_section(figures):
    data, _ = display.sources_output(["gdp_2021h1_actual_share"], lang="zh", figures=figures)
    return data["text/html"]


def test_formula_cells_show_one_step_per_line_on_demand(figures):
    growth = analysis.growth_table(figures)
    html_text = html.unescape(display.table_html(growth, title="t", lang="zh"))  # the steps are escaped like any text
    assert "<th>出处与算式</th>" in html_text and "<th>算式</th>" not in html_text
    # closed: the row is as tall as its figures, the computation opens on demand
    assert (
        '<details class="computation"><summary>算式</summary><span class="formula">'
        "<span>181 ÷ (1 + 17.5%) = 154.04</span><span>181 − 154.04 = 26.96</span></span></details>" in html_text
    )
    gap = analysis.target_gap_table(figures)
    assert "<span>181 ÷ 365 = 49.6%</span>" in html.unescape(display.table_html(gap, title="t", lang="en"))


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "noun", "expected"),
    [
        (23, "个", None, "projects", "23 projects"),
        (1, "家", None, "centres", "1 centre"),
        (1, "个", None, "communities", "1 community"),
        (1000, "名", "nearly", "designers", "nearly 1,000 designers"),
        (29.6, "万家次", None, "inspection visits", "296,000 inspection visits"),
        (15, "个", None, None, "15"),
    ],
)
def test_english_counts_say_what_they_count(value, unit, qualifier, noun, expected):
    assert display.format_amount(value, unit, qualifier, lang="en", noun=noun) == expected
    assert display.format_amount(value, unit, qualifier, lang="zh", noun=noun).endswith(unit)


def test_a_table_s_counts_carry_their_noun_on_english_pages(figures):
    gap = analysis.target_gap_table(figures)
    html_en = display.table_html(gap, title="t", lang="en")
    assert "20 projects" in html_en and "50 firms" in html_en and "(个)" not in html_en
    shares = analysis.share_table(figures)
    assert "12 projects" in display.table_html(shares, title="t", lang="en")


def test_derived_values_carry_no_more_figures_than_their_inputs_and_csv_keeps_them_all(figures):
    growth = analysis.growth_table(figures)
    shown = html.unescape(display.table_html(growth, title="t", lang="en"))
    # 181 ÷ (1 + 17.5%) = 154.04亿: three figures in, three out
    assert "15.4 bn yuan" in shown and "15.404 bn" not in shown
    assert "2.75 bn yuan" in shown and "2.747 bn" not in shown  # fixed-asset investment a year earlier
    shares = analysis.share_table(figures)
    shown = html.unescape(display.table_html(shares, title="t", lang="zh"))
    assert "401亿元" in shown and "401.33亿元" not in shown.split("181 ÷")[0]  # the formula keeps its working digits
    data, _ = display.table_output(growth, name="growth", title="t", lang="en")
    assert "154.04255" in data["text/csv"]  # the machine-readable table keeps full precision
    assert display.input_figures(181, 17.5) == 3 and display.input_figures(179.81) == 5


def test_a_table_s_places_come_from_the_report_it_names(growth):
    from zhili_data.exceptions import ParameterError, ZhiliError

    shown = html.unescape(display.table_html(growth, title="t", lang="en", report="zhili-2021-midyear"))
    assert ">p. 2, §1, ¶1</a>" in shown
    with pytest.raises(ZhiliError, match="no-such-report"):
        display.table_html(growth, title="t", lang="en", report="no-such-report")
    # without report=, the one report of the catalogue that holds the table's figures; none: a clear error
    lost = pd.DataFrame({"indicator": ["x"], "figure_ids": ["no_such_figure"]})
    with pytest.raises(ParameterError, match="none of the catalogue's reports; pass report="):
        display.table_html(lost, title="t", lang="en")


def test_a_share_table_s_values_of_a_year_earlier_carry_the_figures_of_what_they_are_implied_from(figures):
    # 35.6亿 ÷ (1 + 29.6%) = 27.469…亿: a level and a growth of three figures each give three figures
    shares = analysis.share_table(figures)
    prior = shares[shares["kind"].str.startswith("prior")]
    assert len(prior) and prior["whole_value"].round(3).tolist() == [27.469]
    shown = html.unescape(display.table_html(prior, title="t", lang="en"))
    assert "2.75 bn yuan" in shown and "2.747 bn" not in shown
    shown = html.unescape(display.table_html(prior, title="t", lang="zh"))
    assert "27.5亿元" in shown and "8.78亿元" in shown
    data, _ = display.table_output(prior, name="shares", title="t", lang="en")
    assert "27.469" in data["text/csv"]  # the machine-readable table keeps every digit
