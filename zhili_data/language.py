"""Which script a text is written in, and marking its Chinese for HTML.

An English page may hold Chinese only where it must (the original of a quote, a Chinese name or
term); those passages carry ``lang="zh-CN"`` so that screen readers, fonts and hyphenation treat them
as Chinese, and so that a test can check that nothing else on the page is Chinese. This module
imports nothing of the package: it sits at the bottom.
"""

from __future__ import annotations

import html
import re

CJK_CHARACTERS = (
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3000-\u303f"  # CJK symbols and punctuation (、。「」《》)
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf"  # CJK unified ideographs, extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # full-width forms (，：（）％)
)
"""Character ranges counted as Chinese (ideographs and the punctuation written with them)."""

CJK = re.compile(f"[{CJK_CHARACTERS}]")
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+(?:[ 0-9.%]*[{CJK_CHARACTERS}]+)*")
"""A run of Chinese, with the digits, spaces and points between its characters (年6月30日, 亿元)."""

LANG_ZH = "zh-CN"
LANG_EN = "en"


def has_cjk(text: object) -> bool:
    """True if ``text`` holds any Chinese character or full-width punctuation."""
    return CJK.search(str(text)) is not None


def html_lang(lang: str) -> str:
    """The value of ``<html lang>`` for a page in ``lang`` (``zh`` or ``en``)."""
    return LANG_ZH if lang == "zh" else LANG_EN


def zh_span(escaped_html: str) -> str:
    """Already-escaped HTML wrapped as Chinese: ``<span lang="zh-CN">…</span>``."""
    return f'<span lang="{LANG_ZH}">{escaped_html}</span>'


def mark_chinese(text: object) -> str:
    """``text`` escaped for HTML, each run of Chinese in it wrapped in ``<span lang="zh-CN">``.

    For English text that names a Chinese term, such as "The level is 'nearly' (近)".

    >>> mark_chinese("nearly (近)")
    'nearly (<span lang="zh-CN">近</span>)'
    """
    text = str(text)
    parts, last = [], 0
    for match in CJK_RUN.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        parts.append(zh_span(html.escape(match[0])))
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)
