"""The slide deck of `zhili run --format slides` (zhili_data.publish.slides): built from the notebook's
deck output and tagged chart cells, reveal.js inlined from sphinx-revealjs, nothing loaded from outside."""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from runner_support import run_quietly, write_config

from zhili_data.publish import slides
from zhili_data.publish.run import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from zhili_data.report.deck import CHART_TAG_PREFIX, SLIDES_MIME

ROOT = Path(__file__).resolve().parents[1]


def _png() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "navy").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


SLIDES = [
    {
        "key": "title",
        "kind": "title",
        "title": "玩具简报",
        "html": '<h1>玩具简报</h1><p class="zs-keys">按键提示</p>',
        "chart": "",
    },
    {"key": "chart-bars", "kind": "chart", "title": "柱状图", "html": "", "chart": "bars", "notes": "<p>讲讲柱子</p>"},
    {"key": "chart-gone", "kind": "chart", "title": "没画的图", "html": "", "chart": "gone"},
    {
        "key": "end",
        "kind": "caveats",
        "title": "注意",
        "html": "<h2>注意</h2><p>只有三行</p>",
        "chart": "",
        "notes": "<p>说完了</p>",
    },
]


def _executed(slides_output=True) -> nbformat.NotebookNode:
    """An executed notebook as papermill leaves it: a tagged chart cell, an untagged one, the deck cell."""
    chart = nbformat.v4.new_code_cell("show_chart(bars)", metadata={"tags": [f"{CHART_TAG_PREFIX}bars"]})
    chart.outputs = [nbformat.v4.new_output("display_data", data={"image/png": _png(), "text/plain": "柱状图标题"})]
    other = nbformat.v4.new_code_cell("show_chart(other)")
    other.outputs = [nbformat.v4.new_output("display_data", data={"image/png": _png(), "text/plain": "别的图"})]
    empty = nbformat.v4.new_code_cell("show_chart(None)", metadata={"tags": [f"{CHART_TAG_PREFIX}gone"]})
    cells = [chart, other, empty]
    if slides_output:
        cell = nbformat.v4.new_code_cell("deck.show_deck(...)", metadata={"tags": ["slides-only"]})
        cell.outputs = [
            nbformat.v4.new_output("display_data", data={SLIDES_MIME: SLIDES, "text/plain": "玩具简报\n柱状图\n注意"})
        ]
        cells.append(cell)
    return nbformat.v4.new_notebook(cells=cells)


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.policy = None
        self.references = []  # (tag, attribute, value) of every src and href

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.policy = attrs["content"]
        self.references += [(tag, name, attrs[name]) for name in ("src", "href") if name in attrs]


def _parsed(page: str) -> _Meta:
    parser = _Meta()
    parser.feed(page)
    return parser


def _policy(page: str) -> str | None:
    return _parsed(page).policy


def _slide_keys(page: str) -> list[str]:
    """The slides of a deck page, in order (each slide is a section, nested once as nbconvert does)."""
    return list(dict.fromkeys(re.findall(r'data-slide="([^"]+)"', page)))


def test_deck_notebook_has_a_slide_cell_per_slide_with_the_tagged_chart():
    deck = slides.deck_notebook(_executed())
    kept = [c.metadata["slideshow"]["data"]["slide"] for c in deck.cells]
    assert kept == ["title", "chart-bars", "end"]  # the chart that was not drawn is left out, as on the page
    assert all(c.metadata["slideshow"]["slide_type"] == "slide" for c in deck.cells)
    chart = deck.cells[1].outputs
    assert chart[1]["data"]["text/plain"] == "柱状图标题" and chart[1]["data"]["image/png"] == _png()
    assert 'class="zs-chart-title">柱状图<' in chart[0]["data"]["text/html"]  # the slide's title, shown


def test_speaker_notes_are_an_aside_of_their_own_slide():
    page = slides.notebook_to_slides(_executed(), title="玩具", lang="zh")
    sections = re.findall(r'<section[^>]*data-slide="([^"]+)"[^>]*>(.*?)</section>', page, re.S)
    notes = {key: re.findall(r'<aside class="notes">(.*?)</aside>', body, re.S) for key, body in sections}
    assert notes == {"title": [], "chart-bars": ["<p>讲讲柱子</p>"], "end": ["<p>说完了</p>"]}


def test_a_notebook_without_a_deck_is_refused_with_what_to_add():
    with pytest.raises(slides.SlidesError, match=r"zhili_data\.report\.deck\.show_deck"):
        slides.deck_notebook(_executed(slides_output=False))


def test_reveal_js_is_read_from_the_pinned_sphinx_revealjs_without_source_maps():
    assets = slides.reveal_assets()
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["publish"]
    assert f"sphinx-revealjs=={assets['version']}" in pins
    assert assets["js"].lstrip().startswith("/*!\n * reveal.js 5.")
    assert "Reveal" in assets["js"] and ".reveal" in assets["css"]
    for text in (assets["js"], assets["css"]):
        assert "sourceMappingURL" not in text and "</script" not in text


def test_deck_page_is_one_file_that_loads_nothing():
    page = slides.notebook_to_slides(_executed(), title="玩具 <简报>", lang="zh")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh">' in page
    policy = _policy(page)
    assert policy == slides.CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'unsafe-inline'"
    assert directives["img-src"] == "data:" and directives["style-src"] == "'unsafe-inline'"
    # nothing refers to another file: no <link>, no script or image by address, no @import
    assert "<link" not in page and "@import" not in page
    assert not re.search(r"<script[^>]*\bsrc=", page)
    references = _parsed(page).references
    assert references and all(value.startswith("data:") for _, _, value in references), references
    assert _slide_keys(page) == ["title", "chart-bars", "end"]
    assert re.search(r"<title>玩具 &(#60|lt);简报&(#62|gt);</title>", page) and "<简报>" not in page
    assert 'alt="柱状图标题"' in page
    config = json.loads(re.search(r"var config = (\{.*?\});", page)[1])
    assert (config["width"], config["height"], config["pdfMaxPagesPerSlide"]) == (1920, 1080, 1)
    assert '<html lang="en">' in slides.notebook_to_slides(_executed(), title="Toy", lang="en")


def test_only_the_briefing_notebook_makes_a_deck():
    assert slides.makes_deck(ROOT / "notebooks" / "overview.ipynb")
    assert not slides.makes_deck(ROOT / "notebooks" / "growth.ipynb")
    assert slides.slides_name("overview-en") == "overview-en-slides.html"


def _deck_notebook(project: Path) -> str:
    """A notebook in ``project`` that shows a chart and a deck, as the briefing does."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell('lang = "zh"', metadata={"tags": ["parameters"]})
    chart = nbformat.v4.new_code_cell(
        "from IPython.display import display\n"
        f"display({{'image/png': {_png()!r}, 'text/plain': '柱状图标题'}}, raw=True)",
        metadata={"tags": [f"{CHART_TAG_PREFIX}bars"]},
    )
    shown = nbformat.v4.new_code_cell(
        f"display({{{SLIDES_MIME!r}: {SLIDES!r}, 'text/plain': 'deck'}}, raw=True)", metadata={"tags": ["slides-only"]}
    )
    nb.cells = [parameters, chart, shown]
    nbformat.write(nb, project / "notebooks" / "deck.ipynb")
    return "deck.ipynb"


@pytest.mark.slow
def test_run_publishes_the_deck_beside_the_page_and_links_it(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "plain"}])
    notebook = _deck_notebook(tmp_path)
    config = write_config(tmp_path, [{"name": "brief", "notebook": notebook, "formats": ["html", "slides"]}])
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][0]
    assert (entry["slides"], entry["formats"]) == ("brief-slides.html", ["html", "slides"])
    deck = (out / "brief-slides.html").read_text(encoding="utf-8")
    assert _slide_keys(deck) == ["title", "chart-bars", "end"] and "只有三行" in deck
    page = (out / "brief.html").read_text(encoding="utf-8")
    assert 'href="brief-slides.html"' in page and SLIDES_MIME not in page and "只有三行" not in page

    # --format html: re-run without a deck, and the old deck is gone with it
    code, log = run_quietly(config, out, formats=("html",))
    assert code == EXIT_OK, log
    assert not (out / "brief-slides.html").exists()


@pytest.mark.slow
def test_format_slides_gives_decks_where_a_notebook_makes_one(tmp_path):
    out = tmp_path / "outputs"
    write_config(tmp_path, [{"name": "plain"}])
    notebook = _deck_notebook(tmp_path)
    config = write_config(tmp_path, [{"name": "plain"}, {"name": "brief", "notebook": notebook}])
    code, log = run_quietly(config, out, formats=("html", "slides"))
    assert code == EXIT_OK, log
    plain, brief = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert plain["formats"] == ["html"] and plain.get("slides") is None
    assert brief["formats"] == ["html", "slides"] and (out / "brief-slides.html").is_file()


def test_reports_toml_asking_a_deck_of_a_notebook_that_makes_none_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("zhili_data.publish.run.execute_reports", lambda *a, **k: pytest.fail("a report was executed"))
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy", "formats": ["html", "slides"]}])
    code, log = run_quietly(config, out)
    assert code == EXIT_BAD_INPUT
    assert "report 'toy'" in log and "makes no slide deck" in log and "Traceback" not in log
    assert not out.exists()


@pytest.mark.browser
def test_a_deck_printed_with_ctrl_p_gives_one_slide_per_page(tmp_path):
    """Without ?print-pdf (a plain Ctrl+P): the deck's print stylesheet lays every slide on a page of its own."""
    from playwright.sync_api import sync_playwright

    from zhili_data.publish.pdf import CHROMIUM_ARGS, find_chromium

    page_html = slides.notebook_to_slides(_executed(), title="玩具", lang="zh")
    deck = tmp_path / "deck.html"
    deck.write_text(page_html, encoding="utf-8")
    printed = tmp_path / "deck.pdf"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(deck.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(path=str(printed), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    pages = len(re.findall(rb"/Type\s*/Page(?![s])", printed.read_bytes()))
    assert pages == len(_slide_keys(page_html)) == 3
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout
    assert "只有三行" in text
    # neither the speaker notes nor the keyboard hint (for the screen only) are printed
    assert "讲讲柱子" not in text and "说完了" not in text and "按键提示" not in text


@pytest.mark.browser
def test_a_kept_deck_and_handout_say_they_are_out_of_date_after_a_failed_run(tmp_path):
    import subprocess

    out = tmp_path / "outputs"
    write_config(tmp_path, [{"name": "plain"}])
    notebook = _deck_notebook(tmp_path)
    config = write_config(tmp_path, [{"name": "brief", "notebook": notebook, "formats": ["html", "pdf", "slides"]}])
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    good_deck = (out / "brief-slides.html").read_text(encoding="utf-8")
    assert 'class="zhili-stale"' not in good_deck

    nb = nbformat.read(tmp_path / "notebooks" / notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('the data went away')"))
    nbformat.write(nb, tmp_path / "notebooks" / notebook)
    code, log = run_quietly(config, out)
    assert code == EXIT_FAILED, log
    deck = (out / "brief-slides.html").read_text(encoding="utf-8")
    assert deck.count('class="zhili-stale"') == 1 and "此页不是最新的" in deck
    assert deck.replace(re.search(r"<!--zhili:stale-->.*?<!--/zhili:stale-->", deck, re.S).group(0), "") == (
        good_deck.replace("<!--zhili:stale--><!--/zhili:stale-->", "")
    )
    text = subprocess.run(["pdftotext", str(out / "brief.pdf"), "-"], capture_output=True, check=True).stdout
    assert "此页不是最新的" in text.decode("utf-8")
