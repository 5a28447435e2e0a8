"""Claims and the comparison rules: every rule refuses a violating claim; the key messages are
claims; a walk of the published briefing (zh and en; page, PDF text, slides) finds no
number-bearing conclusion that is not marked as a claim."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from zhili_data.core import analysis, claims
from zhili_data.core.claims import ClaimRefusedError
from zhili_data.exceptions import ZhiliError
from zhili_data.report import prose


@pytest.fixture(scope="module")
def tables():
    return analysis.growth_table(), analysis.target_gap_table()


def test_a_refused_claim_is_a_zhili_error():
    assert issubclass(ClaimRefusedError, ZhiliError)
    with pytest.raises(ClaimRefusedError, match="no known rule"):
        claims.Claim("x", (), "because_i_say_so", True)


def test_a_part_beside_its_whole_is_refused():
    # 其中3亿元以上项目12个 is part of the 15 projects of ¥100 m+
    rows = pd.DataFrame(
        {
            "indicator_id": ["projects_introduced_100m_plus", "projects_introduced_300m_plus"],
            "part_of": [None, "projects_introduced_100m_plus"],
        }
    )
    with pytest.raises(ClaimRefusedError, match="part_within_whole"):
        claims.check_not_part_beside_whole(rows)
    claims.check_not_part_beside_whole(rows.head(1))  # the whole alone is fine


@pytest.mark.parametrize(
    ("column", "values"),
    [("unit_std", ["元", "个"]), ("period", ["2021H1", "to_date"]), ("measure", ["level", "growth"])],
)
def test_unlike_quantities_on_one_axis_are_refused(column, values):
    rows = pd.DataFrame({"unit_std": ["元", "元"], "period": ["2021H1"] * 2, "measure": ["level"] * 2})
    claims.check_like_with_like(rows)
    with pytest.raises(ClaimRefusedError, match=f"like_with_like: the rows differ in {column}"):
        claims.check_like_with_like(rows.assign(**{column: values}))


def test_growth_rates_of_different_price_bases_and_any_ratio_of_rates_are_refused(tables):
    growth = tables[0]
    gdp_and_investment = growth[growth["indicator_id"].isin(["gdp", "industrial_investment"])]
    with pytest.raises(ClaimRefusedError, match="nominal and real"):
        claims.check_same_price_basis(gdp_and_investment)
    nominal = growth[growth["growth_basis"] == "nominal"]
    claims.check_same_price_basis(nominal)
    with pytest.raises(ClaimRefusedError, match="divides one growth rate by another"):
        claims.check_same_price_basis(nominal, divided=True)


def test_a_verdict_count_that_is_not_the_robust_one_is_refused(tables):
    gap = tables[1]
    ahead = gap[gap["status"] == "ahead"]
    everything = len(ahead)  # the "5 of 7 ahead" kind of count, robust and contingent together
    robust = int(ahead["robust"].astype(bool).sum())
    assert everything > robust
    with pytest.raises(ClaimRefusedError, match="robust_count"):
        claims.check_verdict_count(gap, "ahead", everything, contingent_named=False)
    with pytest.raises(ClaimRefusedError, match="robust_count"):
        claims.check_verdict_count(gap, "ahead", robust, contingent_named=False)  # the contingent unnamed
    claims.check_verdict_count(gap, "ahead", robust, contingent_named=True)


def test_an_actual_of_another_period_is_refused_as_progress(tables):
    gap = tables[1].set_index("indicator_id", drop=False)
    # 17 firms in H1 against the H2 plan of 31; 52 upgrades to date against the H2 plan of 50
    for indicator in ("provincial_tech_smes", "enterprises_upgraded_above_scale"):
        with pytest.raises(ClaimRefusedError, match="counts_toward_target"):
            claims.check_counts_toward_target(gap.loc[indicator])
    claims.check_counts_toward_target(gap.loc["projects_introduced_100m_plus"])


def test_key_messages_are_three_to_five_claims_computed_from_the_tables(tables):
    growth, gap = tables
    messages = claims.key_messages(growth, gap)
    assert 3 <= len(messages) <= 5
    assert all(m.rule in claims.RULES and m.figure_ids for m in messages[:3])
    contribution = messages[0]
    # industrial investment: 7.32 of the 8.13亿元 rise in fixed-asset investment; the other 19.5亿元 grew 4.4%
    assert contribution.fields["share_pct"] == pytest.approx(90, abs=0.5)
    assert contribution.fields["rest_growth_pct"] == pytest.approx(4.36, abs=0.01)
    assert "low_base" in contribution.caveats
    targets = next(m for m in messages if m.claim_id == "targets_robust")
    counts = prose.status_counts(gap)
    assert targets.fields["robust"] == counts["robust_ahead"] + counts["robust_on_track"]
    assert len(targets.fields["contingent"]) == counts["contingent_ahead"] + counts["contingent_on_track"]
    for lang in ("zh", "en"):
        for m in messages:
            assert re.search(r"\d", prose.claim_text(m, lang))  # every message states its number


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_verdict_count_agrees_across_tiles_chart_glance_and_slides(tables, lang):
    from zhili_data.report import briefing, charts, deck

    gap = tables[1]
    claim = claims.verdict_count_claim(gap)
    robust, contingent = claim.fields["robust"], len(claim.fields["contingent"])
    title = charts.target_title(gap, lang)
    assert title == prose.claim_title(claim, lang) and str(robust) in title and str(contingent) in title
    tile = briefing.target_tile(gap, lang=lang).iloc[0]
    assert str(robust) in tile["value"] and str(contingent) in tile["note"]
    glance = briefing.target_glance(gap, lang=lang).set_index("status")
    assert glance.loc["ahead", "robust"] + glance.loc["on_track", "robust"] == robust
    assert glance.loc["ahead", "contingent"] + glance.loc["on_track", "contingent"] == contingent
    assert 'data-claim="targets_robust"' in deck.target_slide(gap, lang=lang)["html"]


def test_the_briefing_lists_only_the_caveats_of_what_it_shows(tables):
    from zhili_data.report import briefing, labels

    growth, gap = tables
    shares = analysis.share_table()
    for lang in ("zh", "en"):
        said = " ".join(briefing.key_caveats(growth, shares, gap, lang=lang))
        # no per-head number and no prior-year value is on the first screen or the last slide
        assert labels.caveat("implied_prior", lang) not in said
        for code in ("per_head", "half_year_flow"):  # caveats of the per-head numbers only
            assert labels.caveat(code, lang)[:20] not in said, code


def test_no_claim_divides_growth_rates(tables):
    for lang in ("zh", "en"):
        text = prose.claim_text(claims.growth_claim(tables[0]), lang)
        assert "83.3%" in text and not re.search("倍|times", text)


# --------------------------------------------------------------------------- the claims walk

CONCLUSION = re.compile(
    r"fastest|leads with|times as|largest|made up|\bahead\b|\bbehind\b|\bon track\b|超前|滞后|符合进度|最快|最多|最高|倍|贡献了|领先"
)
"""Words of a conclusion: a comparison, a ranking, a verdict or a count of them."""
DEFINITION = re.compile(r"视为|is on track when|counts as on track|ahead when|为超前|status \(ahead")
"""A sentence that defines a verdict (the tolerance) concludes nothing."""
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "div", "section", "blockquote", "figcaption"}
SKIPPED = {"style", "script", "title", "head"}
VOID = {"img", "br", "meta", "link", "input", "hr", "col", "source", "wbr"}


class ClaimWalk(HTMLParser):
    """Every text with a conclusion's words, in a block that bears a number, must sit inside an
    element marked ``data-claim``; the source quotes (the report's own words) are not ours."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str]] = []
        self.blocks: list[dict] = []
        self.unclaimed: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        self.stack.append((tag, "data-claim" in a, a.get("id") or ""))
        if tag in BLOCKS:
            self.blocks.append({"text": "", "hits": []})

    def handle_endtag(self, tag):
        while self.stack:
            name, _, _ = self.stack.pop()
            if name in BLOCKS and self.blocks:
                block = self.blocks.pop()
                if re.search(r"\d", block["text"]):
                    self.unclaimed += block["hits"]
                if self.blocks:
                    self.blocks[-1]["text"] += block["text"]
            if name == tag:
                break

    def handle_data(self, data):
        if not data.strip() or any(t in SKIPPED for t, _, _ in self.stack) or not self.blocks:
            return
        self.blocks[-1]["text"] += data
        in_sources = any(i.startswith("src-") or i.startswith("source") for _, _, i in self.stack)
        claimed = any(c for _, c, _ in self.stack)
        if CONCLUSION.search(data) and not DEFINITION.search(data) and not claimed and not in_sources:
            self.blocks[-1]["hits"].append(data.strip()[:160])


def unclaimed_conclusions(page: str) -> list[str]:
    walk = ClaimWalk()
    walk.feed(page)
    walk.close()
    return walk.unclaimed


def test_the_walk_finds_an_unmarked_conclusion():
    bad = '<div><p>Industrial investment grew 5 times as fast as GDP.</p><p data-claim="x">3 ahead</p></div>'
    assert unclaimed_conclusions(bad) == ["Industrial investment grew 5 times as fast as GDP."]
    assert unclaimed_conclusions('<ul data-claim="t"><li><span>3</span><span>ahead</span></li></ul>') == []


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("claims") / "outputs"
    zhili = Path(sys.executable).with_name("zhili")
    result = subprocess.run(
        [str(zhili), "run", "--out", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=1200,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.mark.slow
@pytest.mark.browser  # zhili run prints the PDF with Chromium
def test_claims_walk_of_every_published_page(published):
    # every reader's page of the reports, zh and en, their slide decks and the front page (ops.html is the
    # maintainers' page). The teaching pages (glossary, lesson, methods) state the rules and work them
    # step by step as exercises, whose answers lesson.check holds to the package's own verdicts: no page
    # of theirs concludes anything of its own about the report.
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    teaching = {r[k] for r in manifest["reports"] if r.get("section") == "teaching" for k in ("html", "slides")}
    pages = sorted(p for p in published.glob("*.html") if p.name != "ops.html" and p.name not in teaching)
    assert {"index.html", "overview.html", "overview-en.html", "overview-slides.html", "growth-en.html"} <= {
        p.name for p in pages
    }
    unclaimed = {page.name: found for page in pages if (found := unclaimed_conclusions(page.read_text("utf-8")))}
    assert unclaimed == {}
    for page in [*pages, *(published / name for name in sorted(teaching - {None}))]:
        assert not re.search("近5倍|nearly 5 times|5 of 7|7个有实绩的目标中5个", page.read_text("utf-8")), page.name


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", ["overview", "overview-en"])
def test_the_briefing_opens_with_its_key_messages(published, name):
    growth, gap = analysis.growth_table(), analysis.target_gap_table()
    lang = "en" if name.endswith("-en") else "zh"
    html = (published / f"{name}.html").read_text(encoding="utf-8")
    # the key messages come before anything else the briefing shows
    assert html.index('id="zhili-messages"') < html.index('id="zhili-summary"')
    slides = (published / f"{name}-slides.html" if lang == "zh" else published / "overview-en-slides.html").read_text(
        encoding="utf-8"
    )
    assert 'data-claim="contribution_industrial_investment"' in slides
    pdf = published / f"{name}.pdf"
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", first)
    for message in claims.key_messages(growth, gap)[:2]:
        opening = re.sub(r"\s+", "", prose.claim_text(message, lang))[6:24]  # pdftotext may move a leading number
        assert opening in flat, f"{name}.pdf page 1 does not open with the key message {message.claim_id}"
    assert not re.search("近5倍|nearly 5 times|5 of 7", whole)
