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
characters (Chinese text and punctuation) are left alone. This module imports nothing of the
package: it sits at the bottom.
"""

from __future__ import annotations

import re

_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape(value: object) -> str:
    """``value`` as text that HTML (element content or a quoted attribute) and Markdown show verbatim.

    >>> escape("<img src=x onerror=alert(1)>")
    '&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;'
    >>> escape("工业增加值")
    '工业增加值'
    """
    text = _CONTROL.sub(" ", str(value))
    return _ASCII_PUNCTUATION.sub(lambda match: f"&#{ord(match[0])};", text)
