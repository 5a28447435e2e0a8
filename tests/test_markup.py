"""Text from data never becomes markup: the escaping helper, and the whole path from a hostile
figures table through prose, tables, charts and the page converter, validation bypassed."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nbformat
import pytest

from zhili_data.app import publishing_hooks
from zhili_data.core import analysis
from zhili_data.markup import escape
from zhili_data.publish.convert import CONTENT_SECURITY_POLICY, notebook_to_html
from zhili_data.report import charts, display, prose, style

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(4)>",
    "[click](javascript:alert(2))",
    "**loud** _quiet_ `code` $x^2$",
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    "line\n# heading\n<script>alert(5)</script>",
    '" onmouseover="alert(6)',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_leaves_no_markup_character(payload):
    escaped = escape(payload)
    assert not re.search(r"[<>\"'`*_\[\]()$\n]", escaped)
    assert re.sub(r"\s", " ", html.unescape(escaped)) == re.sub(r"\s", " ", payload)


def test_escape_keeps_chinese_and_plain_words():
    assert escape("地区生产总值（GDP）增长") == "地区生产总值（GDP）增长"
    assert escape("R&D") == "R&#38;D"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _hostile(figures, payload):
    """The real figures with every free-text field replaced by ``payload`` (validation bypassed)."""
    hostile = figures.copy()
    for column in ("indicator", "indicator_en", "share_of", "share_of_en"):
        had_value = hostile[column].notna()
        hostile[column] = hostile[column].astype(object)
        hostile.loc[had_value, column] = f"{column}:{payload}"
    return hostile


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("payload", PAYLOADS[:3] + PAYLOADS[5:])
def test_a_hostile_figures_table_publishes_no_live_markup(figures, payload, lang):
    hostile = _hostile(figures, payload)
    growth = analysis.growth_table(hostile)
    shares = analysis.share_table(hostile)
    gap = analysis.target_gap_table(hostile)
    markdown = [
        prose.report_intro(lang=lang, figures=hostile),
        prose.headline(growth, shares, gap, lang=lang),
        prose.growth_summary(growth, lang=lang),
        prose.share_summary(shares, lang=lang),
        prose.target_summary(gap, lang=lang, tolerance=5),
    ]
    outputs = [
        nbformat.v4.new_output("display_data", data={"text/markdown": text, "text/plain": ""}) for text in markdown
    ]
    for table, name in ((growth, "growth"), (shares, "shares"), (gap, "gap")):
        data, metadata = display.table_output(table, name=name, title=payload, lang=lang)
        outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata))
    data, _ = display.sources_output(growth, shares, gap, lang=lang, figures=hostile)
    outputs.append(nbformat.v4.new_output("display_data", data=data))
    data, _ = display.chart_output(charts.contribution_chart(growth, lang=lang))
    outputs.append(nbformat.v4.new_output("display_data", data=data))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("", outputs=outputs)]

    page = notebook_to_html(
        nb,
        title=payload,
        parameters={"lang": payload},
        data_version=payload,
        lang=lang,
        hooks=publishing_hooks(),
    )

    parsed = _tags(page)
    live = [(tag, name) for tag, attrs in parsed.tags for name in attrs if name.lower().startswith("on")]
    assert live == []
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "svg", "iframe", "object", "embed")]
    assert all(attrs.get("src", "").startswith("data:image/png;base64,") for tag, attrs in parsed.tags if tag == "img")
    links = [attrs.get("href", "") for tag, attrs in parsed.tags if tag == "a"]
    assert not [href for href in links if "javascript" in href.lower()]
    # The payload is shown to the reader as the characters typed, not dropped.
    shown = " ".join(" ".join(parsed.text).split())
    assert " ".join(f"indicator{'_en' if lang == 'en' else ''}:{payload}".split()) in shown


def test_every_report_page_carries_the_content_security_policy():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题")]
    page = notebook_to_html(nb, title="t", parameters={}, data_version="v", hooks=publishing_hooks())
    metas = [
        attrs
        for tag, attrs in _tags(page).tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert [m["content"] for m in metas] == [CONTENT_SECURITY_POLICY]
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY
    # The policy comes before any style or content it governs.
    assert page.index("Content-Security-Policy") < page.index("<style")


@pytest.mark.parametrize("where", ["markdown cell", "markdown output"])
def test_bold_text_survives_conversion(where):
    # nbconvert's embed_images re-parsed each inline tag alone: <strong>X</strong> became <strong></strong>X.
    text = "- <strong>地区生产总值</strong>：181亿元\n- <strong>GDP</strong> grew"
    nb = nbformat.v4.new_notebook()
    if where == "markdown cell":
        nb.cells = [nbformat.v4.new_markdown_cell(text)]
    else:
        nb.cells = [
            nbformat.v4.new_code_cell(
                "", outputs=[nbformat.v4.new_output("display_data", data={"text/markdown": text, "text/plain": ""})]
            )
        ]
    page = notebook_to_html(nb, title="t", parameters={}, data_version="v", hooks=publishing_hooks())
    assert "<strong>地区生产总值</strong>" in page and "<strong>GDP</strong>" in page
    assert "<strong></strong>" not in page


def test_images_beside_the_notebook_are_still_embedded(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.png").write_bytes(png)
    (tmp_path.parent / "outside.png").write_bytes(png)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            '![地图](images/map.png) <img src="images/map.png" alt="map"> ![x](../outside.png) ![y](https://example.org/a.png)'
        )
    ]
    page = notebook_to_html(nb, title="t", parameters={}, data_version="v", base_dir=tmp_path, hooks=publishing_hooks())
    sources = [attrs["src"] for tag, attrs in _tags(page).tags if tag == "img"]
    assert sum(src.startswith("data:image/png;base64,") for src in sources) == 2
    assert "../outside.png" in sources  # outside the notebook's folder: never read
    assert "https://example.org/a.png" in sources  # left alone; the page's policy blocks the fetch


def test_a_chart_has_its_description_as_alt_text_and_its_title_as_text(figures):
    growth = analysis.growth_table(figures)
    fig = charts.growth_chart(growth, lang="zh")
    data, metadata = display.chart_output(fig)
    title = style.page_texts(fig)[0]
    nb = nbformat.v4.new_notebook()
    output = nbformat.v4.new_output("display_data", data=data, metadata=metadata)
    nb.cells = [nbformat.v4.new_code_cell("", outputs=[output])]
    page = notebook_to_html(nb, title="t", parameters={}, data_version="v", hooks=publishing_hooks())
    tags = _tags(page).tags
    (alt,) = [attrs.get("alt") for tag, attrs in tags if tag == "img"]
    assert alt.startswith(title) and "83.3%" in alt and "No description" not in page
    # the title, the note and the source are the page's text, the title marked with the claim it
    # renders (a conclusion); a phone gets the narrow rendition
    claim = style.title_claim(fig)
    assert claim == "growth_fastest_by_basis"
    assert f'<span class="zhili-chart-title" data-claim="{claim}">{title}</span>' in page
    assert "来源：织里镇人民政府工作报告" in page.split("<picture>")[-1].split("</figure>")[0]
    (source,) = [attrs for tag, attrs in tags if tag == "source"]
    assert source["media"] == "(max-width: 600px)"
    assert source["srcset"] == "data:image/png;base64," + metadata["zhili"]["chart"]["narrow"]


@pytest.mark.slow
def test_a_run_with_validation_bypassed_publishes_hostile_labels_as_text(tmp_path, monkeypatch):
    """`zhili run --no-validate` on a catalogue whose labels carry markup: the notebooks run (their
    load_figures() is told to skip its check), and no page holds a live tag."""
    import csv
    import shutil
    from pathlib import Path

    from runner_support import run_quietly

    from zhili_data.core.catalog import get_report
    from zhili_data.publish.run import EXIT_OK

    copy = tmp_path / "catalogue" / get_report().id
    shutil.copytree(get_report().folder, copy)
    with (copy / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["indicator"] += "<img src=x onerror=alert(1)>"
        row["indicator_en"] += " <svg onload=alert(4)>"
    with (copy / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("ZHILI_REPORTS_DIR", str(copy.parent))
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "growth.ipynb"
    config = tmp_path / "reports.toml"
    config.write_text(
        f'[[report]]\nname = "growth"\nnotebook = "{notebook}"\ntitle = "增长"\n'
        f'[[report]]\nname = "growth-en"\nnotebook = "{notebook}"\ntitle = "增长"\ntitle_en = "Growth"\n'
        'parameters = { lang = "en" }\n',
        encoding="utf-8",
    )

    refused, log = run_quietly(config, tmp_path / "refused")
    assert refused != EXIT_OK and "markup-like text" in log
    code, log = run_quietly(config, tmp_path / "out", validate=False)
    assert code == EXIT_OK, log
    for page in sorted((tmp_path / "out").glob("*.html")):
        parsed = _tags(page.read_text(encoding="utf-8"))
        assert [(tag, name) for tag, attrs in parsed.tags for name in attrs if name.lower().startswith("on")] == [], (
            page.name
        )
        assert not [tag for tag, _ in parsed.tags if tag in ("svg", "script")], page.name
        assert [
            a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ] == [CONTENT_SECURITY_POLICY]
        if page.name not in ("index.html", "ops.html"):  # the front and ops pages show no figure
            assert "onerror=alert(1)" in " ".join(parsed.text) or "onload=alert(4)" in " ".join(parsed.text)


def test_a_screen_only_cell_is_on_the_page_but_not_in_print():
    from zhili_data.protocol import SCREEN_ONLY_TAG
    from zhili_data.publish.convert import TEMPLATES_DIR

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Methods", metadata={"tags": [SCREEN_ONLY_TAG]})]
    page = notebook_to_html(nb, title="t", parameters={}, data_version="v", hooks=publishing_hooks())
    assert f"celltag_{SCREEN_ONLY_TAG}" in page and "Methods" in page
    css = (TEMPLATES_DIR / "zhili" / "zhili.css").read_text()
    print_rules = css[css.index("@media print") :]
    hidden = print_rules[: print_rules.index("display: none !important")]
    assert f".celltag_{SCREEN_ONLY_TAG}" in hidden[hidden.rindex("}") :]
