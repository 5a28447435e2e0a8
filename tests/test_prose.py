"""Generated prose: every number linked to its figure and hand-computed numbers stated, caveats and
contingent verdicts worded, the methods worked through with the report's own numbers, and Markdown
that renders without stray markup."""

from __future__ import annotations

import html
import re

import pytest

from zhili_data.core import analysis
from zhili_data.report import prose


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
    # derived numbers carry no more significant figures than 181 and 17.5% (three)
    assert "上年同期约154亿元" in text and "154.04" not in text  # implied H1 2020 GDP
    shares = analysis.share_table(figures)
    implied = html.unescape(prose.share_summary(shares, lang="zh"))
    assert "约为401亿元" in implied and "401.33" not in implied  # 181 ÷ 45.1%: 400.9…401.8亿
    english = html.unescape(prose.share_summary(shares, lang="en"))
    assert "40.1 bn yuan" in english and "40.133" not in english
    # per head: 181亿元 ÷ 45万人, two significant figures as the population has
    assert "GDP 40,000 yuan per head" in english and "40,222" not in english
    assert "地区生产总值40000元/人" in implied and "40222" not in implied


def test_prose_words_the_growth_caveats(figures):
    growth_zh, growth_en = analysis.growth_table(figures), analysis.growth_table(figures)
    shares, gap = analysis.share_table(figures), analysis.target_gap_table(figures)
    assert "基期2020年上半年受新冠疫情冲击偏低" in html.unescape(prose.headline(growth_zh, shares, gap, lang="zh"))
    assert "depressed by COVID-19" in html.unescape(
        prose.headline(growth_en, analysis.share_table(figures), gap, lang="en")
    )
    zh = html.unescape(prose.growth_summary(growth_zh, lang="zh"))
    # fiscal revenue 23.1 - 17.5 = 5.6 pp above GDP growth, nominal against real
    assert "增速比地区生产总值增速高5.6个百分点（名义增速对地区生产总值实际增速，含价格因素）" in zh
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
    # the main reading: 65亿元 is the pilot's milestone since it began (the yuan value of US$1 bn),
    # an upper bound of the 2021 exports; only this year's exports alone would be ahead
    assert "（无法判断，取决于：实绩为截至2021年8月6日的累计数（可能含往年））" in exports
    assert "若实绩计为2021年1月1日至2021年8月6日：超前" in exports
    exports_en = next(line for line in en.splitlines() if "market_procurement_exports" in line)
    assert "– undetermined if the actual is cumulative" in exports_en
    introduced = next(line for line in zh.splitlines() if "projects_introduced_100m_plus" in line)
    assert "（超前）" in introduced and "取决于" not in introduced
    tech = next(line for line in zh.splitlines() if "provincial_tech_smes" in line)
    assert "目标时期尚无实绩" in tech and "179.4%" in tech and "不是判断" in tech
    # the headline counts robust verdicts apart from contingent ones
    assert (
        "不取决于读法的结论为超前3项、符合进度0项、滞后0项；取决于对报告读法的结论为超前1项；目标时期尚无实绩1项、无法判断2项；其余20项暂无实绩"
        in zh
    )
    assert (
        "robust verdicts 3 ahead, 0 on track, 0 behind; contingent on how the report is read: 1 ahead; 1 no count for its period yet, 2 undetermined"
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
    assert counts["robust_ahead"] == 3 and counts["contingent_ahead"] == 1
    assert counts["not_started"] == 1 and counts["undetermined"] == 2 and counts["no_baseline"] == 20
    assert sum(counts.values()) == 27


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


def test_caveats_name_the_rows_they_concern(figures):
    growth, shares = analysis.growth_table(figures), analysis.share_table(figures)
    lines = prose.caveats_summary(growth, shares, lang="zh").splitlines()
    low_base = next(line for line in lines if "低基数" in line)
    assert low_base.endswith(
        "（低基数）。涉及：地区生产总值、财政收入、规上工业增加值、社会固定资产投资、工业性投入（2021年上半年）。"
    )
    assert not re.search(r"（\d+项）", "\n".join(lines))
    en = html.unescape(prose.caveats_summary(analysis.share_table(figures), lang="en"))  # names are escaped
    assert "This applies to Industrial investment (H1 2021), Industrial investment (H1 2020)" in en
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


def test_the_briefing_counts_the_rows_of_a_caveat_and_names_them_on_request(figures):
    growth = analysis.growth_table(figures)
    counted = html.unescape(prose.caveats_summary(growth, lang="zh", name_rows=False))
    # GDP, revenue, value added, FAI, industrial investment: the count prints, the names open on screen
    bullet = next(line for line in counted.splitlines() if "（低基数）。" in line)
    summary, names = re.fullmatch(r".*<details[^>]*><summary>(.*?)</summary>(.*?)</details>", bullet).groups()
    assert summary == "（5项）" and names.startswith("涉及：地区生产总值、财政收入")
