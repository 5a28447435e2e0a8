"""Executed briefing notebook → a self-contained reveal.js slide deck, ``<name>-slides.html``.

The slides are what :func:`zhili_data.report.deck.show_deck` displayed in the notebook (one output of media
type :data:`zhili_data.protocol.SLIDES_MIME`): each becomes a cell of a small notebook marked as a slide
(Jupyter's ``slideshow`` metadata), and nbconvert's ``SlidesExporter`` renders that notebook with
the ``zhili_slides`` template. A chart slide shows the chart of the executed notebook's cell tagged
``slide-chart-<key>``, so the deck's charts are the page's, drawn once.

reveal.js comes from the ``sphinx-revealjs`` package (its ``_static/revealjs/dist``, pinned like every
dependency) and is written into the page with the deck's stylesheet: the deck loads nothing, and
its :data:`CONTENT_SECURITY_POLICY` allows only the page's own inline script and styles and
``data:`` images. Opened with ``?print-pdf`` it prints one slide per page (reveal.js's print view).
"""

from __future__ import annotations

import functools
import json
import re
from importlib import metadata
from pathlib import Path

from zhili_data.exceptions import ZhiliError
from zhili_data.markup import escape
from zhili_data.protocol import CHART, CHART_MIME, CHART_TAG_PREFIX, METADATA_KEY, SLIDES_MIME, SLIDES_ONLY_TAG
from zhili_data.publish.convert import new_exporter

TEMPLATE_NAME = "zhili_slides"
REVEAL_PACKAGE = "sphinx-revealjs"
REVEAL_DIST = "sphinx_revealjs/_static/revealjs/dist"
SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080
# On a phone held upright the slides are 960×2000 instead (same type, one tile a row): at 390×844
# they scale as 960 px wide slides would anyway, and English tiles and caveats still fit.
PORTRAIT_WIDTH, PORTRAIT_HEIGHT = 960, 2000

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""The deck's policy. Unlike the report pages it carries a script (reveal.js, inline), so inline
script is allowed; nothing else is: no source of any kind from a file or the network, no connection,
font, frame or form. The deck's text is escaped like the pages' (:func:`zhili_data.markup.escape`)."""

REVEAL_CONFIG = {
    "width": SLIDE_WIDTH,
    "height": SLIDE_HEIGHT,
    "margin": 0.04,
    "center": False,
    "hash": True,
    "controls": True,
    "progress": True,
    "slideNumber": "c/t",
    "transition": "none",
    "backgroundTransition": "none",
    # ?print-pdf: one printed page per slide, never a slide spread over two pages
    "pdfMaxPagesPerSlide": 1,
    "pdfSeparateFragments": False,
}


class SlidesError(ZhiliError):
    """The executed notebook holds no deck, or reveal.js cannot be found."""


def makes_deck(notebook: Path) -> bool:
    """Whether ``notebook`` makes a slide deck: one of its cells is tagged ``slides-only`` (the cell
    that calls :func:`zhili_data.report.deck.show_deck`); read as JSON, without running anything."""
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return False
    return any(SLIDES_ONLY_TAG in (cell.get("metadata") or {}).get("tags", []) for cell in cells)


def slides_name(report: str) -> str:
    """The file of a report's deck: ``overview`` → ``overview-slides.html``."""
    return f"{report}-slides.html"


@functools.cache
def reveal_assets() -> dict[str, str]:
    """reveal.js's script and core stylesheet from the installed ``sphinx-revealjs``, ready to inline.

    The files are found through the package's metadata, without importing it (which would import
    Sphinx). Source-map comments are removed: the deck is one file and refers to no other.
    """
    try:
        dist = Path(str(metadata.distribution(REVEAL_PACKAGE).locate_file(REVEAL_DIST)))
        script = (dist / "reveal.js").read_text(encoding="utf-8")
        style = (dist / "reveal.css").read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, OSError) as exc:
        raise SlidesError(
            f"cannot read reveal.js from the {REVEAL_PACKAGE} package ({exc}); "
            "install the pinned environment (`make setup`) or publish without slides (`--format html,pdf`)"
        ) from None
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    style = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", style)
    # An inline script ends at the first "</script": reveal.js has none, and keeps it that way.
    script = script.replace("</script", "<\\/script")
    return {"js": script, "css": style, "version": metadata.version(REVEAL_PACKAGE)}


def _slides_output(nb) -> list[dict]:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if SLIDES_MIME in output.get("data", {}):
                return list(output["data"][SLIDES_MIME])
    raise SlidesError(
        "the notebook shows no slide deck: a cell of it must call zhili_data.report.deck.show_deck(...) "
        "to publish it with --format slides"
    )


def _chart_outputs(nb) -> dict[str, dict]:
    """The first chart (``image/png`` output) of each cell tagged ``slide-chart-<key>``, by key."""
    charts = {}
    for cell in nb.cells:
        keys = [
            t[len(CHART_TAG_PREFIX) :]
            for t in cell.get("metadata", {}).get("tags", [])
            if t.startswith(CHART_TAG_PREFIX)
        ]
        image = next((o for o in cell.get("outputs", []) if CHART_MIME in o.get("data", {})), None)
        for key in keys:
            if image is not None:
                charts[key] = image
    return charts


def deck_notebook(nb):
    """A notebook of one cell per slide (``slideshow`` metadata ``slide``), built from the executed
    notebook ``nb``: the slides its :func:`zhili_data.report.deck.show_deck` output lists, each chart slide
    with the chart of its tagged cell. A chart slide whose cell drew no chart is left out, as the
    page leaves that chart out."""
    import nbformat

    slides = _slides_output(nb)
    charts = _chart_outputs(nb)
    cells = []
    for slide in slides:
        outputs = []
        if slide.get("kind") == "chart":
            chart = charts.get(slide.get("chart", ""))
            if chart is None:
                continue
            # The chart's message (the page's text above it; the chart no longer draws it) is the slide's title.
            texts = chart.get("metadata", {}).get(METADATA_KEY, {}).get(CHART, {})
            title, claim = texts.get("title") or slide["title"], texts.get("claim", "")
            marked = f' data-claim="{escape(claim)}"' if claim else ""  # a conclusion carries its claim's id
            outputs.append(
                nbformat.v4.new_output(
                    "display_data", data={"text/html": f'<h2 class="zs-chart-title"{marked}>{escape(title)}</h2>'}
                )
            )
            outputs.append(
                nbformat.v4.new_output(
                    "display_data",
                    data={CHART_MIME: chart["data"][CHART_MIME], "text/plain": chart["data"].get("text/plain", "")},
                    metadata=chart.get("metadata", {}),  # its slide and phone renditions, its note and source
                )
            )
        else:
            outputs.append(nbformat.v4.new_output("display_data", data={"text/html": slide["html"]}))
        if isinstance(slide.get("notes"), str) and slide["notes"]:
            # reveal.js's speaker notes: hidden on the slide and in print, shown in the speaker view
            outputs.append(
                nbformat.v4.new_output(
                    "display_data", data={"text/html": f'<aside class="notes">{slide["notes"]}</aside>'}
                )
            )
        cell = nbformat.v4.new_code_cell("", outputs=outputs)
        cell.id = f"slide-{len(cells) + 1}"  # from its place, not random: the same deck gives the same bytes
        cell.metadata["slideshow"] = {
            "slide_type": "slide",
            "data": {"slide": slide["key"], "kind": slide.get("kind", "")},
        }
        cells.append(cell)
    if not cells:
        raise SlidesError("the notebook's slide deck has no slide")
    deck = nbformat.v4.new_notebook(cells=cells)
    deck.metadata.update({k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")})
    return deck


@functools.cache
def _exporter(language_code: str):
    from nbconvert import SlidesExporter

    return new_exporter(SlidesExporter, TEMPLATE_NAME, language_code)


def notebook_to_slides(nb, *, title: str, lang: str = "zh") -> str:
    """The deck of an executed notebook (an ``nbformat.NotebookNode``) as one self-contained HTML page."""
    assets = reveal_assets()
    resources = {
        "metadata": {"name": title},
        "zhili": {
            "content_security_policy": CONTENT_SECURITY_POLICY,
            "title": title,
            "lang": "en" if lang == "en" else "zh",
            "reveal_js": assets["js"],
            "reveal_css": assets["css"],
            "reveal_config": json.dumps(REVEAL_CONFIG, sort_keys=True),
            "portrait": (PORTRAIT_WIDTH, PORTRAIT_HEIGHT),
        },
    }
    body, _ = _exporter("en" if lang == "en" else "zh").from_notebook_node(deck_notebook(nb), resources=resources)
    return body
