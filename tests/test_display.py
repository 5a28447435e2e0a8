"""Tables shown in notebooks: the display_data contract with the report runner, readable numbers
with units and hedges, and links from every figure id to its quote."""

from __future__ import annotations

import base64
import html
import io
import re

import pandas as pd
import pytest

from zhili_data import analysis, display, labels, prose
from zhili_data.figures import load_figures


@pytest.fixture(scope="module")
def figures():
    return load_figures()


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
    assert display.format_amount(10, "亿美元", "at_least", lang="zh") == "10亿美元以上"
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
    assert "at least 1 bn US$" in shown


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


def test_unknown_figure_id_in_a_table_is_an_error(figures):
    with pytest.raises(KeyError, match="no_such_figure"):
        display.sources_output(["gdp_2021h1_actual;no_such_figure"], figures=figures)


def test_chart_output_is_a_png(growth):
    from zhili_data import charts, style

    data, _ = display.chart_output(charts.growth_chart(growth, lang="zh"))
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    fig = charts.growth_chart(growth, lang="zh")
    # the alt text: the chart's answer, then every bar with its number
    assert data["text/plain"] == style.description(fig)
    assert data["text/plain"].startswith(fig.get_suptitle() + "。")
    assert all(number in data["text/plain"] for number in ("83.3%", "29.6%", "23.8%", "23.1%", "17.5%"))


def test_chart_output_draws_the_chart_once_with_the_pixels_savefig_would_give(growth, monkeypatch):
    import io

    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure
    from PIL import Image

    from zhili_data import charts, style

    draws = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: (draws.append(fig), original(fig, renderer))[1])
    data, _ = display.chart_output(charts.growth_chart(growth, lang="en"))
    assert len(draws) == 1
    shown = np.asarray(Image.open(io.BytesIO(base64.b64decode(data["image/png"]))))
    saved = io.BytesIO()
    with style.house_style(), matplotlib.rc_context({"savefig.bbox": "standard"}):
        charts.growth_chart(growth, lang="en").savefig(saved, format="png", dpi=style.CHART_DPI, facecolor="white")
    expected = np.asarray(Image.open(saved))
    assert len(draws) == 3  # savefig: its layout pass, then the drawing
    assert shown.shape[1] == style.FIGSIZE[0] * style.CHART_DPI  # the width the page shows it at
    assert (expected[..., 3] == 255).all() and np.array_equal(shown, expected[..., :3])


def test_show_chart_of_nothing_shows_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: calls.append(args))
    display.show_chart(None)
    assert calls == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_prose_numbers_link_to_their_figures(figures, lang):
    growth = analysis.growth_table(figures)
    shares = analysis.share_table(figures)
    gap = analysis.target_gap_table(figures)
    text = "\n".join(
        [
            prose.growth_summary(growth, lang=lang),
            prose.share_summary(shares, lang=lang),
            prose.target_summary(gap, lang=lang, tolerance=5),
            prose.headline(growth, shares, gap, lang=lang),
        ]
    )
    linked = set(re.findall(r"\]\(#src-([a-z0-9_]+)\)", text))
    assert linked and linked <= set(figures["figure_id"])
    assert "[17.5%](#src-gdp_2021h1_actual_growth)" in html.unescape(text)


def test_prose_states_the_hand_computed_numbers(figures):
    growth = analysis.growth_table(figures)
    text = html.unescape(prose.growth_summary(growth, lang="zh"))
    assert f"{181 / 1.175:.2f}亿元" in text  # implied H1 2020 GDP
    shares = analysis.share_table(figures)
    assert f"{181 / 0.451:.2f}亿元" in html.unescape(prose.share_summary(shares, lang="zh"))  # implied district GDP


def test_prose_words_the_growth_caveats(figures):
    growth_zh, growth_en = analysis.growth_table(figures), analysis.growth_table(figures)
    shares, gap = analysis.share_table(figures), analysis.target_gap_table(figures)
    assert "基期2020年上半年受新冠疫情冲击偏低" in html.unescape(prose.headline(growth_zh, shares, gap, lang="zh"))
    assert "depressed by COVID-19" in html.unescape(
        prose.headline(growth_en, analysis.share_table(figures), gap, lang="en")
    )
    zh = html.unescape(prose.growth_summary(growth_zh, lang="zh"))
    # fiscal revenue 23.1 - 17.5 = 5.6 pp above GDP growth, nominal against real
    assert "增速比GDP高5.6个百分点（名义增速对GDP实际增速，含价格因素）" in zh
    assert "nominal against real GDP growth" in html.unescape(prose.growth_summary(growth_en, lang="en"))
    caveats = html.unescape(prose.caveats_summary(growth_zh, lang="zh"))
    assert "基期2020年上半年受新冠疫情冲击偏低" in caveats and "可比口径" in caveats


def test_contingent_verdicts_are_worded_as_such(figures):
    zh = html.unescape(prose.target_summary(analysis.target_gap_table(figures), lang="zh"))
    en = html.unescape(prose.target_summary(analysis.target_gap_table(figures), lang="en"))
    completed_zh = next(line for line in zh.splitlines() if "projects_completed_100m_plus" in line)
    assert (
        "（超前，取决于：实绩计至2021年6月30日）" in completed_zh and "若实绩计至2021年8月6日：符合进度" in completed_zh
    )
    completed_en = next(line for line in en.splitlines() if "projects_completed_100m_plus" in line)
    assert (
        "</strong> – ahead if the actual counts to 30 June 2021:" in completed_en
        and "If instead the actual counts to 6 August 2021: on track." in completed_en
    )
    exports = next(line for line in zh.splitlines() if "market_procurement_exports" in line)
    # 65 - 100 x (218/365 + 5%) = 0.274: rounded 0.27亿元
    assert "取决于：实绩计为2021年1月1日至2021年8月6日" in exports and "超过0.27亿元，即不再超前" in exports
    assert "27 m yuan" in next(line for line in en.splitlines() if "market_procurement_exports" in line)
    introduced = next(line for line in zh.splitlines() if "projects_introduced_100m_plus" in line)
    assert "（超前）" in introduced and "取决于" not in introduced
    tech = next(line for line in zh.splitlines() if "provincial_tech_smes" in line)
    assert "尚未开始" in tech and "179.4%" in tech and "不是判断" in tech
    # the headline counts robust verdicts apart from contingent ones
    assert (
        "不取决于读法的结论为超前3项、符合进度0项、滞后0项；取决于对报告读法的结论为超前2项；尚未开始1项、无法判断1项；其余20项暂无实绩"
        in zh
    )
    assert (
        "robust verdicts 3 ahead, 0 on track, 0 behind; contingent on how the report is read: 2 ahead; 1 not started, 1 undetermined"
        in en
    )


def test_caveats_summary_says_how_old_the_actuals_are(figures):
    gap = analysis.target_gap_table(figures, as_of="2021-09-30")
    text = prose.caveats_summary(gap, lang="zh")
    # 30 June to 30 September: 92 days; 6 August (the report) to 30 September: 55 days
    assert "实绩截至2021年6月30日，比计算日早92天" in text and "实绩截至2021年8月6日，比计算日早55天" in text
    assert "计算日比报告日晚55天" in text and "…" not in text
    summary = prose.target_summary(gap, lang="zh")
    assert "（实绩截至2021年6月30日，比计算日早92天，其后进展未计入）" in summary


def test_status_counts(figures):
    counts = prose.status_counts(analysis.target_gap_table(figures))
    assert counts["robust_ahead"] == 3 and counts["contingent_ahead"] == 2
    assert counts["not_started"] == 1 and counts["undetermined"] == 1 and counts["no_baseline"] == 20
    assert sum(counts.values()) == 27


def test_status_cells_mark_contingent_verdicts(gap):
    compared, _ = analysis.split_by_baseline(gap)
    shown = html.unescape(display.table_html(compared, title="t", lang="en"))
    assert shown.count('class="status status-ahead contingent"') == 2
    assert shown.count('class="status status-ahead"') == 3
    assert "status-not_started" in shown and "status-undetermined" in shown
    assert "(depends on the reading)" in shown


def test_spans_and_nominal_growth_in_tables(figures):
    from zhili_data import labels

    assert labels.span("2021-01-01/2021-06-30", "zh") == "2021年1月1日至6月30日"
    assert labels.span("../2021-08-06", "en") == "to 6 August 2021 (start unknown)"
    growth = analysis.growth_table(figures)
    shown = html.unescape(
        display.table_html(growth, title="t", lang="zh", columns=["indicator", "growth_minus_reference_pp"])
    )
    assert "+5.6个百分点（名义）" in shown and "+6.3个百分点<" in shown  # value added is real, like GDP


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_52_key_projects_of_126_are_not_worded_as_a_share(figures, lang):
    text = html.unescape(prose.share_summary(analysis.share_table(figures), lang=lang))
    line = next(line for line in text.splitlines() if "key_projects_5m_plus" in line)
    assert "52" in line and "126" in line and f"{100 * 52 / 126:.1f}" not in text
    assert ("不计算占比" if lang == "zh" else "no share is computed") in line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_prose_renders_without_stray_markup(figures, lang):
    # CommonMark will not close ** next to CJK punctuation (（…）**约): emphasis must be real HTML.
    from nbconvert.filters.markdown import markdown2html_mistune

    growth = analysis.growth_table(figures)
    shares = analysis.share_table(figures)
    gap = analysis.target_gap_table(figures)
    texts = [
        prose.report_intro(lang=lang, figures=figures),
        prose.growth_summary(growth, lang=lang),
        prose.share_summary(shares, lang=lang),
        prose.target_summary(gap, lang=lang),
        prose.caveats_summary(growth, shares, gap, lang=lang),
        prose.headline(growth, shares, gap, lang=lang),
    ]
    for text in texts:
        rendered = markdown2html_mistune(text)
        assert "**" not in rendered and "__" not in re.sub(r'href="[^"]*"', "", rendered), rendered
        assert "<strong>" in rendered or "<li>" in rendered or "<p>" in rendered


def test_english_sources_show_the_translation_beside_the_original_marked_chinese(figures):
    data, _ = display.sources_output(["gdp_2021h1_actual_share"], lang="en", figures=figures)
    page = html.unescape(data["text/html"])
    english = "the town's GDP reached 18.1 billion yuan, up 17.5% year on year, 45.1% of the district's (Wuxing District's) total"
    assert f'<span class="quote-en">{english}</span><br><span class="quote-zh" lang="zh">' in page
    assert '<td><span lang="zh">一、上半年工作回顾</span></td>' in page  # the report's own heading, marked Chinese
    assert "quote_en" in pd.read_csv(io.StringIO(data["text/csv"])).columns
    chinese, _ = display.sources_output(["gdp_2021h1_actual_share"], lang="zh", figures=figures)
    assert "quote-en" not in chinese["text/html"] and "Wuxing" not in chinese["text/html"]


def test_formula_cells_show_one_step_per_line(figures):
    growth = analysis.growth_table(figures)
    html_text = html.unescape(display.table_html(growth, title="t", lang="zh"))  # the steps are escaped like any text
    assert "<th>算式</th>" in html_text
    assert (
        '<td class="formula"><span>181 ÷ (1 + 17.5%) = 154.04</span><span>181 − 154.04 = 26.96</span></td>' in html_text
    )
    gap = analysis.target_gap_table(figures)
    assert "<span>181 ÷ 365 = 49.6%</span>" in html.unescape(display.table_html(gap, title="t", lang="en"))


def test_caveats_name_the_rows_they_concern(figures):
    growth, shares = analysis.growth_table(figures), analysis.share_table(figures)
    lines = prose.caveats_summary(growth, shares, lang="zh").splitlines()
    low_base = next(line for line in lines if "低基数" in line)
    assert low_base.endswith(
        "（低基数）。涉及：地区生产总值、财政收入、规上工业增加值、社会固定资产投资、工业性投入（2021年上半年）。"
    )
    assert not re.search(r"（\d+项）", "\n".join(lines))
    en = html.unescape(prose.caveats_summary(analysis.share_table(figures), lang="en"))  # names are escaped
    assert "Concerns: Industrial investment (H1 2021), Industrial investment (H1 2020)" in en
    assert not re.search(r"\(\d+ rows?\)", en)


def test_methods_show_each_rule_with_the_report_s_numbers(figures):
    growth = analysis.growth_table(figures)
    zh = html.unescape(prose.methods(growth=growth, lang="zh"))  # numbers are escaped like all text
    # 181 / 1.175 = 154.04; (16.1 - 16.1/1.833) / (35.6/1.296) = 26.6 points; the rest 19.5 / 18.69 - 1 = 4.4%
    assert "<code>181 ÷ (1 + 17.5%) = 154.04</code>" in zh
    assert "<code>(16.1 − 8.78) ÷ 27.47 = 26.6 pp</code>" in zh and "有26.6个百分点来自工业性投入" in zh
    assert "<code>(35.6 − 16.1) ÷ (27.47 − 8.78) − 1 = 4.4%</code>" in zh and "其余部分只增长4.4%" in zh
    gap = analysis.target_gap_table(figures)
    en = html.unescape(prose.methods(gap=gap, lang="en", tolerance=5.0))
    # 1 January to 30 June: 181 of 365 days; to 6 August: 218 days; (5/184) / (15/181) = 32.8%
    assert "<code>181 ÷ 365 = 49.6%</code>" in en and "<code>218 ÷ 365 = 59.7%</code>" in en and "6 August 2021" in en
    assert "<code>(5/184) ÷ (15/181) = 32.8%</code>" in en and "<code>15 − 20 × (49.6% + 5%) = 4.08</code>" in en
    assert "5 pp" in en
    shares = analysis.share_table(figures)
    assert "<code>181 ÷ 45.1% = 401.33</code>" in html.unescape(prose.methods(shares=shares, lang="zh"))


def test_methods_follow_the_as_of_day(figures):
    gap = analysis.target_gap_table(figures, as_of="2021-09-30")
    text = html.unescape(prose.methods(gap=gap, lang="zh", tolerance=5.0))
    # 1 January to 30 September 2021: 273 days
    assert "<code>273 ÷ 365 = 74.8%</code>" in text and "181 ÷ 365" not in text


def test_methods_render_as_markdown_without_stray_markup(figures):
    from nbconvert.filters.markdown import markdown2html_mistune

    growth, shares = analysis.growth_table(figures), analysis.share_table(figures)
    gap = analysis.target_gap_table(figures)
    rendered = markdown2html_mistune(prose.methods(growth, shares, gap, lang="en", tolerance=5.0))
    assert "<code>181 ÷ (1 + 17.5%) = 154.04</code>" in html.unescape(rendered)
    assert "**" not in rendered and "`" not in rendered


def test_english_methods_hold_no_chinese(figures):
    growth, shares = analysis.growth_table(figures), analysis.share_table(figures)
    gap = analysis.target_gap_table(figures)
    text = html.unescape(prose.methods(growth, shares, gap, lang="en", tolerance=5.0))
    assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(r".{20}[\u4e00-\u9fff]+.{5}", text)


def test_the_briefing_s_methods_keep_the_rules_behind_its_headlines(figures):
    growth, gap = analysis.growth_table(figures), analysis.target_gap_table(figures)
    brief = html.unescape(prose.methods(growth, gap=gap, lang="zh", tolerance=5.0, brief=True))
    full = html.unescape(prose.methods(growth, gap=gap, lang="zh", tolerance=5.0))
    for step in (
        "181 ÷ (1 + 17.5%) = 154.04",
        "(16.1 − 8.78) ÷ 27.47 = 26.6 pp",
        "− 1 = 4.4%",
        "181 ÷ 365 = 49.6%",
        "218 ÷ 365 = 59.7%",
        "(5/184) ÷ (15/181) = 32.8%",
    ):
        assert step in brief and step in full
    assert "余量" in full and "余量" not in brief and len(brief) < len(full)


def test_the_briefing_counts_the_rows_of_a_caveat_instead_of_naming_them(figures):
    growth = analysis.growth_table(figures)
    counted = prose.caveats_summary(growth, lang="zh", name_rows=False)
    assert (
        "（低基数）。（5项）" in counted and "涉及" not in counted
    )  # GDP, revenue, value added, FAI, industrial investment
