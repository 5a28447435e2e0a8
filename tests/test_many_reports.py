"""Two reports in one catalogue: the shipped report and the synthetic second report of the fixtures
(tests/fixtures/reports/demo-town-2022), loaded together, compared indicator by indicator, and
grouped by town and period on the front page."""

from __future__ import annotations

import math
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import zhili_data
from zhili_data.app import publishing_hooks
from zhili_data.core import analysis
from zhili_data.core.catalog import REPORTS_DIR_VARIABLE, SHIPPED_ROOT, list_reports
from zhili_data.core.checks import ParameterError
from zhili_data.core.figures import FigureNotFoundError
from zhili_data.publish.index import catalogue_sections, render_index, report_groups

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "fixtures" / "reports"
SHIPPED, DEMO = "zhili-2021-midyear", "demo-town-2022"


@pytest.fixture
def two_reports(monkeypatch):
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, os.pathsep.join([str(SHIPPED_ROOT), str(SECOND)]))
    assert list_reports() == (DEMO, SHIPPED)


def test_load_figures_returns_every_report_of_the_catalogue(two_reports):
    figures = zhili_data.load_figures()
    counts = figures["report_id"].value_counts()
    assert counts[SHIPPED] == 91 and counts[DEMO] == 9 and len(figures) == 100
    assert list(figures.index) == list(range(100))
    # the vocabulary columns stay categoricals holding the categories of both reports
    assert figures["report_id"].dtype == "category" and set(figures["period"].cat.categories) >= {"2021H1", "2022H1"}
    assert figures.groupby("report_id", observed=True)["figure_id"].apply(lambda ids: ids.is_unique).all()
    one = zhili_data.load_figures(report=DEMO)
    assert set(one["report_id"]) == {DEMO} and len(one) == 9


def test_the_default_with_the_shipped_catalogue_is_its_one_report():
    assert list_reports() == (SHIPPED,)
    assert zhili_data.load_figures().equals(zhili_data.load_figures(report=SHIPPED))


def test_an_analysis_refuses_rows_of_two_reports(two_reports):
    with pytest.raises(ParameterError, match="rows of 2 reports.*compare_reports"):
        analysis.share_table(zhili_data.load_figures())


def test_compare_one_indicator_across_reports(two_reports):
    gdp = analysis.compare_reports("gdp").set_index("report_id")
    assert list(gdp.index) == [SHIPPED, DEMO]  # in the order delivered
    assert list(gdp.columns) == [c for c in analysis.COMPARISON_COLUMNS if c != "report_id"]
    zhili, demo = gdp.loc[SHIPPED], gdp.loc[DEMO]
    assert (zhili["level"], zhili["unit"], zhili["period"], zhili["growth_pct"]) == (181.0, "亿元", "2021H1", 17.5)
    assert (demo["level"], demo["growth_pct"], demo["target"], demo["target_period"]) == (120.0, 8.5, 250.0, "2022")
    assert demo["completion_pct"] == pytest.approx(100 * 120 / 250)
    assert math.isnan(zhili["target"]) and math.isnan(zhili["completion_pct"])  # no GDP target in the shipped report
    assert gdp["comparable"].all()  # both first halves, both in yuan
    assert demo["figure_ids"] == ["gdp_2022h1_actual", "gdp_2022h1_actual_growth", "gdp_2022_target"]
    talents = analysis.compare_reports("high_level_talents")
    assert list(talents["report_id"]) == [DEMO]  # the shipped report does not give it
    with pytest.raises(FigureNotFoundError, match="no report of .* gives an actual level of indicator_id 'gpd'"):
        analysis.compare_reports("gpd")


def test_a_first_half_is_not_comparable_with_a_running_total(two_reports):
    table = analysis.compare_reports("fixed_asset_investment")
    assert table["comparable"].all()
    mixed = analysis.compare_reports("population", reports=[SHIPPED])
    assert mixed.iloc[0]["period"] == "to_date" and mixed["comparable"].all()


def manifest_of(reports: dict[str, list[str]]) -> dict:
    """A run's manifest with a Chinese and an English page of each notebook of each report."""
    entries = []
    for report, notebooks in reports.items():
        for notebook in notebooks:
            for lang in ("zh", "en"):
                name = f"{report}-{notebook}"
                entries.append(
                    {
                        "name": name if lang == "zh" else f"{name}-en",
                        "group": name,
                        "lang": lang,
                        "title": f"{notebook} {report} {lang}",
                        "summary": "",
                        "html": f"{name}-{lang}.html",
                        "status": "ok",
                        "parameters": {"report": report, "lang": lang},
                        "headline": [],
                    }
                )
    return {"reports": entries}


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "h4", "h5"):
            self._open = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data.strip())


def test_the_front_page_groups_reports_by_town_and_period(two_reports):
    manifest = manifest_of({SHIPPED: ["briefing", "growth"], DEMO: ["briefing"]})
    sections = catalogue_sections(report_groups(manifest), publishing_hooks())
    assert [s["town"] for s in sections] == ["示范镇", "织里镇"]
    assert [s["town_en"] for s in sections] == ["Demo Town", "Zhili Town"]
    zhili = sections[1]["reports"][0]
    assert zhili["label"] == "2021年8月6日 · 2021年上半年工作回顾和下半年工作计划"
    assert zhili["label_en"].startswith("6 August 2021 · Review of the first half of 2021")
    assert [g["name"] for g in zhili["groups"]] == [f"{SHIPPED}-briefing", f"{SHIPPED}-growth"]

    outline = Outline()
    outline.feed(render_index(manifest, hooks=publishing_hooks()))
    headings = outline.headings
    assert ("h3", "织里镇") in headings and ("h3", "示范镇") in headings and ("h3", "Zhili Town") in headings
    zh = headings[: headings.index(("h2", "Reports in English"))]
    # town (h3) > report and its period (h4) > its pages (h5), towns in the order of their names
    assert [tag for tag, _ in zh[2:]] == ["h3", "h4", "h5", "h3", "h4", "h5", "h5"]
    assert zh[3][1].startswith("2022年7月20日")
    page = render_index(manifest, hooks=publishing_hooks())
    assert 'href="#zh-town-2">织里镇</a>\n（1份报告）' in page and 'href="#en-town-1">Demo Town</a>\n(1 report)' in page


def test_a_town_s_reports_are_newest_first(tmp_path, monkeypatch):
    # an earlier report of the same town: a copy of the demo report delivered a year before
    earlier = tmp_path / "demo-town-2021"
    shutil.copytree(SECOND / DEMO, earlier)
    toml = (earlier / "report.toml").read_text(encoding="utf-8")
    toml = toml.replace(f'id = "{DEMO}"', 'id = "demo-town-2021"').replace(
        "delivered = 2022-07-20", "delivered = 2021-07-20"
    )
    (earlier / "report.toml").write_text(toml, encoding="utf-8")
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, os.pathsep.join([str(SECOND), str(tmp_path)]))
    sections = catalogue_sections(
        report_groups(manifest_of({"demo-town-2021": ["briefing"], DEMO: ["briefing"]})), publishing_hooks()
    )
    assert [s["town"] for s in sections] == ["示范镇"]
    assert [r["id"] for r in sections[0]["reports"]] == [DEMO, "demo-town-2021"]


def test_one_report_keeps_the_plain_front_page():
    manifest = manifest_of({SHIPPED: ["briefing", "growth"]})
    assert catalogue_sections(report_groups(manifest), publishing_hooks()) == []
    page = render_index(manifest, hooks=publishing_hooks())
    assert 'nav class="towns"' not in page and "<h5" not in page
    assert "织里镇2021年上半年政府工作报告：数据分析" in page


@pytest.mark.browser
def test_the_grouped_front_page_passes_the_audit_at_every_size(two_reports, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from browser_support import launch_chromium, tofu_problems
    from playwright.sync_api import sync_playwright

    index = tmp_path / "index.html"
    index.write_text(
        render_index(manifest_of({SHIPPED: ["briefing", "growth"], DEMO: ["briefing"]}), hooks=publishing_hooks()),
        "utf-8",
    )
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    problems = {}
    with sync_playwright() as driver:
        browser = launch_chromium(driver)
        try:
            for media, width, height in [("screen", 1920, 1080), ("screen", 390, 844), ("print", 794, 1123)]:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.emulate_media(media=media)
                page.goto(index.as_uri(), wait_until="load")
                violations = Axe().run(page, options=options).response["violations"]
                found = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                    found.append("the page scrolls sideways")
                found += tofu_problems(page)
                if found:
                    problems[f"{media} {width}×{height}"] = found
                context.close()
        finally:
            browser.close()
    assert not problems, problems
