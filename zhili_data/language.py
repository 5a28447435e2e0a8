"""Which script a text is written in, and marking its Chinese for HTML.

An English page may hold Chinese only where it must (the original of a quote, a Chinese name or
term); those passages carry ``lang="zh"`` so that screen readers, fonts and hyphenation treat them
as Chinese, and so that a test can check that nothing else on the page is Chinese. This module
imports only :mod:`zhili_data.markup`, which imports nothing of the package.
"""

from __future__ import annotations

import re

from zhili_data.markup import escape

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

LANG_ZH = "zh"
LANG_EN = "en"
LANGS = (LANG_ZH, LANG_EN)
"""The languages a report is published in."""


def has_cjk(text: object) -> bool:
    """True if ``text`` holds any Chinese character or full-width punctuation."""
    return CJK.search(str(text)) is not None


def html_lang(lang: str) -> str:
    """The value of ``<html lang>`` for a page in ``lang`` (``zh`` or ``en``)."""
    return LANG_ZH if lang == "zh" else LANG_EN


def zh_span(escaped_html: str) -> str:
    """Already-escaped HTML wrapped as Chinese: ``<span lang="zh">…</span>``."""
    return f'<span lang="{LANG_ZH}">{escaped_html}</span>'


def mark_chinese(text: object) -> str:
    """``text`` escaped for HTML, each run of Chinese in it wrapped in ``<span lang="zh">``.

    For English text that names a Chinese term, such as "The level is 'nearly' (近)".

    >>> mark_chinese("nearly 近")
    'nearly <span lang="zh">近</span>'
    """
    text = str(text)
    parts, last = [], 0
    for match in CJK_RUN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(zh_span(escape(match[0])))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


# ---------------------------------------------------------------- bilingual markdown

BILINGUAL_SEPARATOR = " · "
"""Between the Chinese and the English of a heading or a table cell: ``## 要点 · Headlines``."""


def is_chinese_paragraph(text: str) -> bool:
    """True if ``text`` is written in Chinese (English with a Chinese term or two is English).

    A Chinese word is one or two characters and an English one about five letters, so a paragraph
    with at least one Chinese character for every three Latin letters is Chinese.
    """
    # markup, code and link targets are no words of either language
    words = re.sub(r"<[^>]*>|`[^`]*`|\]\([^)]*\)", " ", text)
    chinese = len(CJK.findall(words))
    latin = len(re.findall(r"[A-Za-z]", words))
    return chinese > 0 and chinese * 3 >= latin


def _side(text: str, lang: str) -> str:
    if BILINGUAL_SEPARATOR not in text:
        return text
    chinese, _, english = text.partition(BILINGUAL_SEPARATOR)
    # the heading marks and a table cell's padding stay around the side kept
    before = re.match(r"\s*#*\s*", chinese)[0]
    after = re.search(r"\s*$", english)[0]
    return before + (chinese[len(before) :].rstrip() if lang == "zh" else english.strip()) + after


def _mark_markdown_chinese(line: str) -> str:
    """Wrap Chinese runs of a Markdown line in ``<span lang="zh">``, except inside code spans."""
    pieces = re.split(r"(`[^`]*`)", line)
    return "".join(p if p.startswith("`") else CJK_RUN.sub(lambda m: zh_span(m[0]), p) for p in pieces)


def monolingual_markdown(source: str, lang: str) -> str:
    """A bilingual Markdown cell as a page in ``lang`` shows it.

    The notebooks are written for readers of both languages: a heading or table cell holds
    ``中文 · English``, and every paragraph is written once in each language. A published page
    keeps one side of each heading and table cell and, in a cell holding paragraphs of both
    languages, the paragraphs in its language; on an English
    page the Chinese terms an English paragraph names (其中, 截至目前) are marked ``lang="zh"``.
    """
    blocks = re.split(r"(\n[ \t]*\n)", source)
    prose = [b for b in blocks if b.strip() and not b.lstrip().startswith(("#", "|"))]
    # Paragraphs are chosen only in a cell written in both languages; a cell in one language (or a
    # paragraph mixing them) is shown as written.
    bilingual = len({is_chinese_paragraph(b) for b in prose}) == 2
    kept: list[str] = []
    for block in blocks:
        if not block.strip():
            kept.append(block)
            continue
        lines = block.split("\n")
        if lines[0].lstrip().startswith(("#", "|")):
            lines = [
                "|".join(_side(cell, lang) for cell in line.split("|"))
                if line.lstrip().startswith("|")
                else _side(line, lang)
                for line in lines
            ]
        elif bilingual and is_chinese_paragraph(block) != (lang == "zh"):
            kept.append("")
            continue
        if lang != "zh":
            lines = [_mark_markdown_chinese(line) for line in lines]
        kept.append("\n".join(lines))
    # dropped paragraphs leave their blank lines behind: fold runs of them into one
    return re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", "".join(kept)).strip("\n") + ("\n" if source.endswith("\n") else "")
