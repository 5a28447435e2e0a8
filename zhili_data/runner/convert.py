"""Executed notebook → self-contained HTML, in-process, with the project's nbconvert template.

The ``zhili`` template (``zhili_data/templates/zhili``) extends nbconvert's ``lab`` template
and drops every network reference it carries (require.js, MathJax, Mermaid, widgets), so a
report opens on a machine with no internet access. Code is hidden; images are embedded.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_NAME = "zhili"

LABELS = {
    "zh": {
        "index": "← 全部报告",
        "parameters": "参数",
        "data_version": "数据版本",
        "generated": "生成时间",
        "contents": "目录",
        "csv": "下载表格（CSV）",
    },
    "en": {
        "index": "← All reports",
        "parameters": "Parameters",
        "data_version": "Data version",
        "generated": "Generated",
        "contents": "Contents",
        "csv": "Download table (CSV)",
    },
}


class _HeadingCollector(HTMLParser):
    """Collects (level, id, text) of every h1–h6 that carries an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[dict] = []
        self._open: dict | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            ident = dict(attrs).get("id")
            self._open = {"level": int(tag[1]), "id": ident, "text": ""} if ident else None
        elif tag == "a" and self._open is not None and "anchor-link" in (dict(attrs).get("class") or ""):
            # nbconvert appends a "¶" permalink inside each heading; it is not part of the title
            self._skip_depth += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._skip_depth:
            self._skip_depth -= 1
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" and self._open is not None:
            self._open["text"] = " ".join(self._open["text"].split())
            if self._open["text"]:
                self.headings.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open is not None and not self._skip_depth:
            self._open["text"] += data


def toc_entries(rendered_html: str, *, max_level: int = 3) -> list[dict]:
    """Table-of-contents entries (level, id, text) of the headings in ``rendered_html``.

    Built from the rendered cells rather than the markdown source so that headings a
    notebook writes from code (``display(Markdown(...))``) are listed too. Levels are
    shifted so that the top heading level present becomes level 1.
    """
    collector = _HeadingCollector()
    collector.feed(rendered_html)
    headings = [h for h in collector.headings if h["level"] <= max_level]
    if not headings:
        return []
    top = min(h["level"] for h in headings)
    return [{**h, "level": h["level"] - top + 1} for h in headings]


@functools.cache
def _exporter(language_code: str):
    # Building the exporter loads and compiles the Jinja templates; a worker converts several
    # reports, so it is built once per process.
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=language_code,
    )
    exporter.register_filter("zhili_toc", toc_entries)
    return exporter


def parameters_text(parameters: dict) -> str:
    """``name=value`` pairs as a notebook would spell them (Python literals), in order."""
    return ", ".join(f"{name}={value!r}" for name, value in parameters.items())


def notebook_to_html(
    nb,
    *,
    title: str,
    parameters: dict,
    data_version: str,
    generated: str,
    lang: str = "zh",
) -> str:
    """The HTML page of an executed notebook (an ``nbformat.NotebookNode``)."""
    labels = LABELS.get(lang, LABELS["zh"])
    resources = {
        "metadata": {"name": title},
        "zhili": {
            "title": title,
            "parameters_text": parameters_text(parameters),
            "data_version": data_version,
            "generated": generated,
            "labels": labels,
        },
    }
    body, _ = _exporter("en" if lang == "en" else "zh").from_notebook_node(nb, resources=resources)
    return body


def prepare(languages=("zh", "en")) -> None:
    """Build the exporter of each language and convert an empty notebook with it, so that its
    templates are compiled and nbconvert's lazy imports done: the run calls this before forking
    its workers, which then convert their first report as fast as their last."""
    import nbformat

    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_markdown_cell("# -\n\n**-**"), nbformat.v4.new_code_cell("")]
    for lang in languages:
        notebook_to_html(empty, title="-", parameters={}, data_version="-", generated="-", lang=lang)
