"""Executed notebook → self-contained HTML, in-process, with the project's nbconvert template.

The ``zhili`` template (``zhili_data/templates/zhili``) extends nbconvert's ``lab`` template
and drops every network reference it carries (require.js, MathJax, Mermaid, widgets), so a
report opens on a machine with no internet access. Code is hidden; images are embedded.

Every page carries :data:`CONTENT_SECURITY_POLICY`: the pages use no script and load nothing but
their own inline styles and ``data:`` images, so a browser refuses anything else even if markup
ever slipped into a page. Images that markdown cells reference by a relative path are embedded by
:class:`EmbedLocalImages`, not by nbconvert's ``embed_images``, which re-parses every inline HTML
tag on its own and so turns ``<strong>X</strong>`` into ``<strong></strong>X``
(jupyter/nbconvert#2020).
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from html.parser import HTMLParser
from pathlib import Path

from zhili_data import paths
from zhili_data.language import monolingual_markdown
from zhili_data.markup import escape
from zhili_data.protocol import (
    INJECTED_PARAMETERS_TAG,
    NOTEBOOK_ONLY_TAG,
    PARAMETERS_TAG,
    SLIDES_ONLY_TAG,
)
from zhili_data.publish.hooks import Hooks

TEMPLATES_DIR = paths.TEMPLATES_DIR
TEMPLATE_NAME = "zhili"
# The cell of the defaults and the one papermill adds: the page's footer states the parameters of the run
# (a page that shows its code would otherwise show them twice).
PARAMETER_TAGS = (PARAMETERS_TAG, INJECTED_PARAMETERS_TAG)

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
"""The policy of every published page: no script, no network source of any kind; inline styles
(the page's own ``<style>`` and the ``style`` attributes of rendered outputs) and ``data:`` images
(the embedded charts) only. Links still navigate: the policy governs what a page loads."""

# A link to a page in another language is named in that language.
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}
OPS_PAGE = "ops.html"
GLOSSARY_PAGE = "glossary"
"""The report of reports.toml that is the glossary of the report's terms: the other pages link the first
use of each term to its entry there (``glossary.html#term-<term_id>``, ``glossary-en.html`` in English)."""


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


# ![alt](path "title") and <img … src="path"> in a markdown cell.
_MARKDOWN_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*)(<[^>]*>|[^\s)]+)")
_HTML_IMAGE_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def _data_url(reference: str, base: Path) -> str | None:
    """``reference`` as a ``data:`` URL when it names an image file inside ``base``, else None."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\\", reference, re.IGNORECASE):
        return None  # a URL, an absolute path or an attachment: not a file beside the notebook
    path = (base / reference).resolve()
    if not path.is_relative_to(base.resolve()) or not path.is_file():
        return None
    mime, _ = mimetypes.guess_type(path.name)
    if not mime or not mime.startswith("image/"):
        return None
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def embed_local_images(source: str, base: Path) -> str:
    """Markdown ``source`` with every image it references inside ``base`` replaced by a data URL.

    An image that is not a file inside ``base`` is left as written (the page's policy then keeps the
    browser from fetching it).
    """

    def markdown(match: re.Match) -> str:
        reference = match[2][1:-1] if match[2].startswith("<") else match[2]
        url = _data_url(reference, base)
        return match[1] + url if url else match[0]

    def html_src(match: re.Match) -> str:
        url = _data_url(match[3], base)
        return f"{match[1]}{match[2]}{url}{match[2]}" if url else match[0]

    return _HTML_IMAGE_SRC.sub(html_src, _MARKDOWN_IMAGE.sub(markdown, source))


def _embedding_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class EmbedLocalImages(Preprocessor):
        """Embeds the images markdown cells reference beside the notebook (``resources['metadata']['path']``)."""

        def preprocess_cell(self, cell, resources, index):
            base = (resources.get("metadata") or {}).get("path")
            if cell.cell_type == "markdown" and base:
                cell.source = embed_local_images(cell.source, Path(base))
            return cell, resources

    return EmbedLocalImages()


def new_exporter(exporter_class, template_name: str, language_code: str, *, show_code: bool = False):
    """An nbconvert exporter of one of the project's templates: outputs only (with ``show_code``, the
    code cells too, for a teaching notebook whose code is the content), our escaping filter.

    The pages and the slide deck are built by the same rules; each adds what is its own.
    """
    exporter = exporter_class(
        template_name=template_name,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=False,  # nbconvert#2020; EmbedLocalImages embeds instead
        language_code=language_code,
    )
    exporter.register_filter("zhili_escape", escape)
    return exporter


@functools.cache
def _exporter(language_code: str, show_code: bool = False):
    # Building the exporter loads and compiles the Jinja templates; a worker converts several
    # reports, so it is built once per process.
    from nbconvert import HTMLExporter

    exporter = new_exporter(HTMLExporter, TEMPLATE_NAME, language_code, show_code=show_code)
    exporter.register_preprocessor(_embedding_preprocessor(), enabled=True)
    exporter.register_filter("zhili_toc", toc_entries)
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={NOTEBOOK_ONLY_TAG, SLIDES_ONLY_TAG, *PARAMETER_TAGS}), enabled=True
    )
    return exporter


def css_string(text: str) -> str:
    """``text`` as the inside of a double-quoted CSS string (for the printed page footer).

    Every character that could end the string or the style element is written as a CSS escape.
    """
    return "".join(f"\\{ord(c):x} " if c in "\"\\<>&'" or ord(c) < 0x20 else c for c in text)


def parameters_text(parameters: dict) -> str:
    """``name=value`` pairs as a notebook would spell them (Python literals), in order."""
    return ", ".join(f"{name}={value!r}" for name, value in parameters.items())


def monolingual(nb, lang: str):
    """A copy of ``nb`` whose markdown cells keep only ``lang`` of their bilingual text
    (:func:`zhili_data.language.monolingual_markdown`); outputs are already in the page's language."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = monolingual_markdown(cell.source, lang)
    return nb


# What a term is never linked inside: fenced code, inline code, links and images, HTML tags, math.
_PROTECTED = re.compile(r"```.*?```|`[^`]*`|!?\[[^\]]*\]\([^)]*\)|<[^>]*>|\$[^$]*\$", re.DOTALL)


def link_terms(nb, terms: list[tuple[str, str]], glossary: str):
    """A copy of ``nb`` whose markdown text links the first use of each term to ``glossary#anchor``.

    Headings, code, existing links, HTML and math are left alone; an English term matches whole
    words, in any case. ``terms`` is what :attr:`Hooks.glossary_terms <zhili_data.publish.hooks.Hooks>` gives.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_markdown_cell("## 同比" + chr(10) + "同比增长，`同比`；再说同比。")
    >>> print(link_terms(nbformat.v4.new_notebook(cells=[cell]), [("同比", "term-year_on_year")], "glossary.html").cells[0].source)
    ## 同比
    [同比](glossary.html#term-year_on_year)增长，`同比`；再说同比。
    """
    import copy

    nb = copy.deepcopy(nb)
    if not terms:
        return nb
    anchors = {term.lower(): anchor for term, anchor in terms}
    pattern = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])" for t, _ in terms), re.IGNORECASE)
    linked: set[str] = set()

    def link(match: re.Match) -> str:
        anchor = anchors[match[0].lower()]
        if anchor in linked:
            return match[0]
        linked.add(anchor)
        return f"[{match[0]}]({glossary}#{anchor})"

    def text(segment: str) -> str:
        out, last = [], 0
        for protected in _PROTECTED.finditer(segment):
            out += [pattern.sub(link, segment[last : protected.start()]), protected[0]]
            last = protected.end()
        return "".join(out) + pattern.sub(link, segment[last:])

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        cell.source = "\n".join(line if line.lstrip().startswith("#") else text(line) for line in lines)
    return nb


def notebook_to_html(
    nb,
    *,
    title: str,
    parameters: dict,
    data_version: str,
    lang: str = "zh",
    base_dir: Path | None = None,
    pdf: str | None = None,
    xlsx: str | None = None,
    slides: str | None = None,
    languages: dict[str, str] | None = None,
    name: str = "",
    show_code: bool = False,
    glossary: str | None = None,
    hooks: Hooks | None,
) -> str:
    """The HTML page of an executed notebook (an ``nbformat.NotebookNode``).

    Images that markdown cells reference by a path relative to ``base_dir`` (default: the folder
    of the notebook papermill executed) are embedded. ``xlsx`` is the link to the workbook of the
    report's tables, shown in the header when there is one; ``pdf`` and ``slides`` the handout and the
    slide deck published beside the page, linked from its header. ``languages`` maps each language the
    report is published in to its page (``{"zh": "growth.html", "en": "growth-en.html"}``): the header
    links the others. ``name`` is the report's name, for the link to its row on the ops page.
    ``show_code`` shows the code cells (a teaching notebook). ``glossary`` is the page of the report's
    terms in ``lang``: the first use of each term in the page's text links to its entry there.
    ``parameters`` are the run's, which the ops page states: the page itself shows a reader no machinery,
    only the data version and the link to that row. ``hooks`` give the page's words and the glossary's
    terms; None only to compile the templates (:func:`prepare`): the page then has no words.
    """
    page_labels = hooks.page_words(lang) if hooks is not None else {}  # an unknown language is refused
    if base_dir is None:
        input_path = nb.metadata.get("papermill", {}).get("input_path")
        base_dir = Path(input_path).parent if input_path else None
    nb = monolingual(nb, lang)
    if glossary and glossary != f"{name}.html":
        nb = link_terms(nb, hooks.glossary_terms(lang, hooks.report_of(parameters)), glossary)
    resources = {
        "metadata": {"name": title, "path": str(base_dir) if base_dir is not None else ""},
        "zhili": {
            "content_security_policy": CONTENT_SECURITY_POLICY,
            "title": title,
            "title_css": css_string(title),
            "pdf": pdf,
            "slides": slides,
            "data_version": data_version,
            "xlsx": xlsx,
            "labels": page_labels,
            "alternates": [
                {
                    "lang": code,
                    "html_lang": HTML_LANG.get(code, code),
                    "href": href,
                    "label": LANGUAGE_NAMES.get(code, code),
                }
                for code, href in (languages or {}).items()
                if code != lang and href != f"{name}.html"
            ],
            "ops": OPS_PAGE + (f"#report-{name}" if name else ""),
        },
    }
    body, _ = _exporter("en" if lang == "en" else "zh", show_code).from_notebook_node(nb, resources=resources)
    return body


def prepare(hooks: Hooks | None = None, languages=("zh", "en")) -> None:
    """Build the exporter of each language and convert an empty notebook with it, so that its
    templates are compiled and nbconvert's lazy imports done: the run calls this before forking
    its workers, which then convert their first report as fast as their last."""
    import nbformat

    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_markdown_cell("# -\n\n**-**"), nbformat.v4.new_code_cell("")]
    for lang in languages:
        notebook_to_html(empty, title="-", parameters={}, data_version="-", lang=lang, hooks=hooks)
