"""language: telling Chinese text from English and marking Chinese runs for HTML."""

import html

import pytest

from zhili_data.language import has_cjk, html_lang, is_chinese_paragraph, mark_chinese, monolingual_markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GDP reached 18.1 billion yuan", False),
        ("14.7 km², “Beautiful Fields” – 45.1%", False),  # Latin punctuation and symbols are not Chinese
        ("181亿元", True),
        ("nearly 1,000（", True),  # a full-width parenthesis is Chinese punctuation
        ("。", True),
    ],
)
def test_has_cjk(text, expected):
    assert has_cjk(text) is expected


def test_mark_chinese_wraps_each_run_and_escapes_the_rest():
    assert html.unescape(mark_chinese("The level is 'nearly' (近) & <b>")) == (
        "The level is 'nearly' (<span lang=\"zh\">近</span>) & <b>"
    )
    assert "<b>" not in mark_chinese("The level is 'nearly' (近) & <b>")
    # digits between Chinese characters stay in the run; digits before it are plain text
    assert html.unescape(mark_chinese("as of 2021年6月30日, 181亿元")) == (
        'as of 2021<span lang="zh">年6月30日</span>, 181<span lang="zh">亿元</span>'
    )
    assert mark_chinese("") == ""


def test_html_lang():
    assert html_lang("zh") == "zh" and html_lang("en") == "en"


BILINGUAL = """# 简报 · Briefing

织里镇报告的简报：主要数字和注意事项。

A briefing on the Zhili report: the headline figures and the caveats (其中 is "of which").

| 参数 · parameter | 含义 · meaning |
| --- | --- |
| `lang` | 输出语言 · language of the page |

## 来源摘录 · Source quotes
"""


def test_an_english_page_keeps_the_english_of_a_bilingual_cell():
    english = monolingual_markdown(BILINGUAL, "en")
    assert english == (
        "# Briefing\n\n"
        'A briefing on the Zhili report: the headline figures and the caveats (<span lang="zh">其中</span> is "of which").\n\n'
        "| parameter | meaning |\n| --- | --- |\n| `lang` | language of the page |\n\n"
        "## Source quotes\n"
    )


def test_a_chinese_page_keeps_the_chinese():
    chinese = monolingual_markdown(BILINGUAL, "zh")
    assert chinese == (
        "# 简报\n\n织里镇报告的简报：主要数字和注意事项。\n\n"
        "| 参数 | 含义 |\n| --- | --- |\n| `lang` | 输出语言 |\n\n"
        "## 来源摘录\n"
    )


def test_a_cell_in_one_language_or_mixing_them_passes_unchanged():
    mixed = "- <strong>地区生产总值</strong>：181亿元\n- <strong>GDP</strong> grew"
    assert monolingual_markdown(mixed, "zh") == mixed and monolingual_markdown(mixed, "en").count("GDP") == 1
    image = '![地图](images/map.png) <img src="images/map.png" alt="map">'
    assert monolingual_markdown(image, "zh") == image


def test_text_in_one_language_passes_unchanged():
    assert monolingual_markdown("## Chart\n\nA paragraph.\n", "en") == "## Chart\n\nA paragraph.\n"
    assert monolingual_markdown("## 图表\n\n一段文字。", "zh") == "## 图表\n\n一段文字。"


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        ("织里镇2021年年中政府工作报告的一页式简报（`zhili_data.list_reports()`）。", True),
        ("The contribution of a part (其中) to its whole's growth, such as industrial investment.", False),
        ("Every number", False),
    ],
)
def test_is_chinese_paragraph(text, chinese):
    assert is_chinese_paragraph(text) is chinese
