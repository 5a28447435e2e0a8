"""The banner of a page kept from an earlier run.

When a report fails, ``zhili run`` publishes its last good page again; that page then says at its
top that it is out of date, since when, and where the operators' page tells why. The banner goes
into the slot the report template leaves in the page header (``<!--zhili:stale-->…<!--/zhili:stale-->``),
so a page kept twice carries one banner, naming the latest failed run. A report that runs ok again
gets a freshly rendered page, whose slot is empty.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

SLOT_START, SLOT_END = "<!--zhili:stale-->", "<!--/zhili:stale-->"
_SLOT = re.compile(re.escape(SLOT_START) + r".*?" + re.escape(SLOT_END), re.DOTALL)
TEXT = {
    "zh": (
        "<strong>此页不是最新的。</strong>{failed}的运行未能更新本报告，下面是{good}成功运行时的结果。"
        '<a href="{ops}">运行状态页</a>说明原因。'
    ),
    "en": (
        "<strong>This page is out of date.</strong> The run of {failed} could not update this report; "
        'what follows is from the good run of {good}. <a href="{ops}">The run status page</a> says why.'
    ),
}


def _when(timestamp: str) -> str:
    """``2021-09-30T08:00:05+08:00`` → ``2021-09-30 08:00``: to the minute, as a reader reads a time."""
    return str(timestamp).replace("T", " ")[:16]


def banner(*, lang: str, failed_at: str, last_good_at: str, ops_href: str) -> str:
    """The banner's HTML, escaped, in ``lang`` (Chinese for any language without a text of its own)."""
    # Written straight into the page's HTML (never through Markdown): HTML escaping is what it needs.
    text = TEXT.get(lang, TEXT["zh"]).format(
        failed=html.escape(_when(failed_at)), good=html.escape(_when(last_good_at)), ops=html.escape(ops_href)
    )
    return f'<div class="zhili-stale" role="note">{text}</div>'


def mark_stale(html: str, banner_html: str) -> str:
    """``html`` with ``banner_html`` in its stale slot (replacing any banner there); unchanged without a slot."""
    return _SLOT.sub(lambda _: SLOT_START + banner_html + SLOT_END, html, count=1)


def write_stale(path: Path, banner_html: str) -> bool:
    """Put ``banner_html`` into the page at ``path``; False when the page has no slot (made before it existed).

    ``path`` is in the folder being built and may be a hard link to the published page: it is
    replaced by a new file, never written through, so the published page stays as it is.
    """
    page = path.read_text(encoding="utf-8")
    marked = mark_stale(page, banner_html)
    if SLOT_START not in page:
        return False
    fresh = path.with_name(path.name + ".stale-tmp")
    fresh.write_text(marked, encoding="utf-8")
    os.replace(fresh, path)
    return True
