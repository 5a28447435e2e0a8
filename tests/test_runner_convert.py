"""An executed notebook to its offline page: table of contents, notebook-only cells, footer, CSS."""

from __future__ import annotations

import nbformat
from runner_support import external_resources

from zhili_data.publish.convert import toc_entries


def test_toc_lists_headings_with_ids_without_the_permalink_sign():
    html = (
        '<h2 id="a">增长 <em>Growth</em><a class="anchor-link" href="#a">¶</a></h2>'
        '<h3 id="b">细节</h3><h2>no id, cannot be linked</h2><h4 id="c">too deep</h4>'
    )
    assert toc_entries(html) == [
        {"level": 1, "id": "a", "text": "增长 Growth"},
        {"level": 2, "id": "b", "text": "细节"},
    ]


def test_page_leaves_out_notebook_only_cells_and_the_run_s_machinery():
    from zhili_data.app import publishing_hooks
    from zhili_data.publish.convert import notebook_to_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 参数说明 only-for-the-notebook", metadata={"tags": ["notebook-only"]}),
        nbformat.v4.new_markdown_cell("## 要点\n\nshown-on-the-page"),
    ]
    page = notebook_to_html(
        nb,
        title='标题 "</style>',
        parameters={"lang": "zh"},
        data_version="v-123",
        lang="zh",
        hooks=publishing_hooks(),
    )
    assert "only-for-the-notebook" not in page and "shown-on-the-page" in page
    # the parameters are the ops page's: the reader's footer is one line, the data version and where to look
    assert "lang='zh'" not in page and "lang=&#39;zh&#39;" not in page
    footer = page[page.index('<footer class="zhili-footer">') : page.index("</footer>")]
    assert footer.count("<p") == 1 and "v-123" in footer and 'href="ops.html"' in footer
    header = page[page.index('<header class="zhili-header">') : page.index("</header>")]
    assert "v-123" not in header
    # the printed page footer carries the title as a CSS string that cannot end the style element
    style = page[page.index("@page { @bottom-left") :]
    assert style.index("</style>") > style.index("}")
    assert '"</style>' not in page[: page.index("</style>")]


def test_css_string_escapes_quotes_backslashes_and_markup():
    from zhili_data.publish.convert import css_string

    assert css_string("织里镇 2021") == "织里镇 2021"
    assert css_string('a"b\\c<d>') == "a\\22 b\\5c c\\3c d\\3e "


def test_resource_scanner_catches_what_a_browser_would_fetch():
    assert external_resources('<a href="https://example.org">link</a><img src="data:image/png;base64,AA==">') == []
    assert external_resources("<style>/* https://example.org */ body { color: red }</style>") == []
    bad = [
        '<script src="https://cdn.example.org/require.js"></script>',
        '<link rel="stylesheet" href="//fonts.example.org/x.css">',
        '<img src="http://example.org/x.png">',
        "<style>@import 'x.css';</style>",
        "<style>body { background: url(https://example.org/bg.png) }</style>",
        '<div style="background: url(//example.org/bg.png)"></div>',
        '<script>import("https://cdn.example.org/mermaid.mjs")</script>',
    ]
    for html in bad:
        assert external_resources(html), html
