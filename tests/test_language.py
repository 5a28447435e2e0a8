"""language: telling Chinese text from English and marking Chinese runs for HTML."""

import pytest

from zhili_data.language import has_cjk, html_lang, mark_chinese


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
    assert mark_chinese("The level is 'nearly' (近) & <b>") == (
        'The level is &#x27;nearly&#x27; (<span lang="zh-CN">近</span>) &amp; &lt;b&gt;'
    )
    # digits between Chinese characters stay in the run; digits before it are plain text
    assert mark_chinese("as of 2021年6月30日, 181亿元") == (
        'as of 2021<span lang="zh-CN">年6月30日</span>, 181<span lang="zh-CN">亿元</span>'
    )
    assert mark_chinese("") == ""


def test_html_lang():
    assert html_lang("zh") == "zh-CN" and html_lang("en") == "en"
