"""Claims and the comparison rules: every rule refuses a violating claim; the key messages are
claims; every conclusion a chart draws is a claim's text; a walk of every published page (zh and
en; reports, teaching pages, PDF text, slides) finds no number-bearing conclusion that is not
marked as a claim."""

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
from zhili_data.report import labels, prose


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


def test_a_ranking_of_a_part_beside_its_whole_or_of_unlike_figures_is_refused():
    from zhili_data.core.analysis import theme_figures

    economy = theme_figures(theme="economy").set_index("figure_id", drop=False)
    # 其中3亿元以上项目12个 beside the 15 projects of ¥100 m+ it belongs to
    introduced = economy.loc[
        ["projects_introduced_100m_plus_2021h1_actual", "projects_introduced_300m_plus_2021h1_actual"]
    ]
    with pytest.raises(ClaimRefusedError, match="part_within_whole"):
        claims.ranking_claim(introduced)
    # GDP, fiscal revenue and investment: all yuan, but not one kind of thing ("X leads with …")
    money = economy.loc[["gdp_2021h1_actual", "fiscal_revenue_2021h1_actual", "fixed_asset_investment_2021h1_actual"]]
    with pytest.raises(ClaimRefusedError, match="like_with_like: the rows differ in topic"):
        claims.ranking_claim(money)
    projects = economy.loc[["projects_started_100m_plus_2021h1_actual", "projects_introduced_100m_plus_2021h1_actual"]]
    claim = claims.ranking_claim(projects, theme="economy")
    assert claim.rule == "like_with_like" and claim.robust and claim.fields["ranked"][0].startswith("projects_started")
    with pytest.raises(ClaimRefusedError, match="no figure leads"):
        claims.ranking_claim(projects.assign(value_std=23.0))
    with pytest.raises(ClaimRefusedError, match="two figures or more"):
        claims.ranking_claim(projects.head(1))


def test_a_ranking_that_a_hedge_can_turn_is_not_robust_and_says_so():
    from zhili_data.core.analysis import theme_figures

    rows = theme_figures(theme="urban_rural")
    land = rows[rows["indicator_id"].isin(["land_requisitioned_leased", "land_reserved"])]
    close = land.assign(value_std=[100.0, 95.0], value=[100.0, 95.0], qualifier=["nearly", "at_least"])
    claim = claims.ranking_claim(close)
    assert not claim.robust and "level_nearly" in claim.caveats
    assert prose.claim_text(claim, "en").endswith("the order may not hold)")
    assert "先后未必如此" in prose.claim_text(claim, "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_theme_chart_titles_its_ranking_claim_and_states_no_leader_for_a_tie(lang):
    from zhili_data.core.figures import load_figures
    from zhili_data.report import charts, labels, style

    figures = load_figures()
    groups, _ = charts.theme_groups(figures, "urban_rural")
    claim = claims.ranking_claim(groups[0], theme="urban_rural")
    fig = charts.theme_chart(figures, "urban_rural", lang=lang)
    assert _title(fig, lang) == prose.claim_title(claim, lang)
    # the two land figures made equal: no figure leads, the title names the theme only
    tied = figures.copy()
    tied.loc[tied["figure_id"].isin(groups[0]["figure_id"]), ["value", "value_std"]] = 548.0
    fig = charts.theme_chart(tied, "urban_rural", lang=lang)
    assert _title(fig, lang) == labels.text("theme_levels_title", lang, theme=labels.theme("urban_rural", lang))
    assert not CONCLUSION.search(style.description(fig).split(labels.text("alt_shows", lang))[0])


def test_the_largest_share_is_claimed_only_among_shares_of_one_whole():
    shares = analysis.share_table()
    stated = shares[shares["kind"] == "stated"]
    # 45.1% of the district's GDP is not ranked against 66% of above-scale industry
    with pytest.raises(ClaimRefusedError, match="like_with_like: the rows differ in share_of"):
        claims.share_ranking_claim(stated)
    with pytest.raises(ClaimRefusedError, match="only shares the report states"):
        claims.share_ranking_claim(shares[shares["share_pct"].notna() & (shares["share_of"] == "社会固定资产投资")])
    claim = claims.largest_share_claim(shares)
    assert claim.fields["ranked"][0] == "high_tech_industries_va_2021h1_actual_share" and claim.fields["count"] == 3
    assert "overlapping" in claim.caveats  # the three shares of industry overlap
    assert claims.largest_share_claim(stated.head(1)) is None  # one share per whole: nothing is "the largest"
    assert prose.claim_text(claim, "en").startswith("Value added of high-tech industries is 66% of value added")


def test_a_growth_rate_against_gdp_is_on_one_price_basis_or_marked(tables):
    growth = tables[0]
    pair = growth[growth["indicator_id"].isin(["gdp", "fiscal_revenue"])]
    with pytest.raises(ClaimRefusedError, match="nominal and real"):
        claims.check_same_price_basis(pair)  # unmarked: refused
    claims.check_same_price_basis(pair, marked=True)
    nominal = claims.reference_gap_claim(growth, "fiscal_revenue")
    assert nominal.fields["marked"] and nominal.caveats == ("nominal_vs_real",)
    assert nominal.fields["gap_pp"] == pytest.approx(5.6)
    assert (
        prose.claim_text(nominal, "en") == "5.6 pp above GDP growth (nominal against real GDP growth: prices included)"
    )
    real = claims.reference_gap_claim(growth, "industrial_va_above_scale")
    assert not real.fields["marked"] and real.caveats == () and "nominal" not in prose.claim_text(real, "en")
    with pytest.raises(ClaimRefusedError, match="no reference growth"):
        claims.reference_gap_claim(growth[growth["indicator_id"] != "gdp"], "fiscal_revenue")
    # the summary states each difference as its claim, marked with its id
    summary = prose.growth_summary(growth, lang="en")
    for indicator, claim in claims.reference_gap_claims(growth).items():
        assert f'<span data-claim="reference_gap_{indicator}">' in summary
        assert claim.rule == "same_price_basis"


# --------------------------------------------------------------------------- the claims walk

CONCLUSION = re.compile(
    r"fastest|leads with|times as|largest|made up|accounts for|highest|lowest|smallest"
    r"|\bahead\b|\bbehind\b|\bon track\b|(?:above|below) [\w ]{0,30}growth"
    r"|超前|滞后|符合进度|最快|最多(?!\s*\d)|最高|最低(?!生活)|最大|最少|倍|贡献了|领先|增速比(?!较)"
)
"""Words of a conclusion: a comparison, a ranking, a verdict or a count of them (最多 before a
number is "at most", a limit; 最低生活保障 is the minimum living allowance)."""
DEFINITION = re.compile(
    r"视为|算作|is on track when|counts? as on track|ahead when|为超前|status \(ahead|is ahead, below"
    # the verdicts a reader chooses from, listed: a vocabulary, not a verdict
    r"|ahead, on track,? (?:or )?behind|超前、符合进度(?:、|或|还是)滞后"
)
"""A sentence that defines the verdicts (the tolerance) or lists them concludes nothing."""
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "div", "section", "blockquote", "figcaption", "pre"}
SKIPPED = {"style", "script", "title", "head"}
CODE = {"pre", "code"}
VOID = {"img", "br", "meta", "link", "input", "hr", "col", "source", "wbr"}


class ClaimWalk(HTMLParser):
    """Every text with a conclusion's words, in a block that bears a number, must sit inside an
    element marked ``data-claim``; the source quotes (the report's own words) are not ours.

    ``teaching``: a teaching page (glossary, lesson, methods) shows its pandas: the code and what
    it prints work an exercise step by step, and its answers are held to the package's own
    verdicts (lesson.check; the methods notebook asserts each result equals zhili_data's), so
    code (``pre``, ``code``) on a teaching page is not walked; its prose is."""

    def __init__(self, *, teaching: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.teaching = teaching
        self.stack: list[tuple[str, bool, str]] = []
        self.blocks: list[dict] = []
        self.unclaimed: list[str] = []
        self.text: list[str] = []

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
        if not data.strip() or any(t in SKIPPED for t, _, _ in self.stack):
            return
        self.text.append(data)
        if not self.blocks:
            return
        self.blocks[-1]["text"] += data
        in_sources = any(i.startswith("src-") or i.startswith("source") for _, _, i in self.stack)
        in_code = self.teaching and any(t in CODE for t, _, _ in self.stack)
        claimed = any(c for _, c, _ in self.stack)
        if CONCLUSION.search(data) and not DEFINITION.search(data) and not (claimed or in_sources or in_code):
            self.blocks[-1]["hits"].append(data.strip()[:160])


def _walk(page: str, *, teaching: bool = False) -> ClaimWalk:
    walk = ClaimWalk(teaching=teaching)
    walk.feed(page)
    walk.close()
    return walk


def unclaimed_conclusions(page: str, *, teaching: bool = False) -> list[str]:
    return _walk(page, teaching=teaching).unclaimed


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unvetted_in_print(printed: str, page: str) -> list[str]:
    """The lines of a PDF's text whose conclusion words (with the characters around them on the
    line) are not text of the page it printed: the page's text is what the walk vets, so a
    printed conclusion must be one of its."""
    shown = _flat("".join(_walk(page).text))
    found = []
    for line in printed.splitlines():
        for m in CONCLUSION.finditer(line):
            window = _flat(line[max(0, m.start() - 6) : m.end() + 6])
            if window not in shown and not DEFINITION.search(line):
                found.append(line.strip())
    return found


def unlicensed_chart_text(drawn: list[str], rendered: list[str]) -> list[str]:
    """The strings a chart draws whose conclusion words are outside every rendered claim's text."""
    # a claim's sentence as drawn: wrapped onto lines anywhere (a title, a panel's heading)
    patterns = [
        re.compile(r"\s*".join(map(re.escape, sentence)))
        for sentence in sorted({_flat(r) for r in rendered if r}, key=len, reverse=True)
    ]
    found = []
    for text in drawn:
        rest = text
        for pattern in patterns:
            rest = pattern.sub(" ", rest)
        if CONCLUSION.search(rest) and not DEFINITION.search(text):
            found.append(text)
    return found


def test_the_walk_finds_an_unmarked_conclusion():
    bad = '<div><p>Industrial investment grew 5 times as fast as GDP.</p><p data-claim="x">3 ahead</p></div>'
    assert unclaimed_conclusions(bad) == ["Industrial investment grew 5 times as fast as GDP."]
    assert unclaimed_conclusions('<ul data-claim="t"><li><span>3</span><span>ahead</span></li></ul>') == []
    assert unclaimed_conclusions("<p>Fiscal revenue: 5.6 pp above GDP growth.</p>") != []
    assert unclaimed_conclusions("<p>保留最近 1 次发布的运行（最多 30 次）</p>") == []  # at most 30: a limit


def test_the_walk_of_a_teaching_page_skips_its_code_but_not_its_prose():
    code = '<div><pre>answer = "ahead"  # 75% − 49.6% = +25.4 pp &gt; 5</pre></div>'
    assert unclaimed_conclusions(code) != []  # on a report's page, code is walked as any text
    assert unclaimed_conclusions(code, teaching=True) == []
    prose_ = "<p>13 of 20 projects: the target is ahead.</p>"
    assert unclaimed_conclusions(prose_, teaching=True) == ["13 of 20 projects: the target is ahead."]
    # the verdicts listed for a reader to choose from, or defined, conclude nothing
    assert unclaimed_conclusions("<p>(3) compare it with time elapsed and say ahead, on track or behind.</p>") == []
    assert unclaimed_conclusions("<p>（超前、符合进度、滞后、尚未开始或无法判断）5</p>") == []


def test_printed_text_is_held_to_the_text_of_its_page():
    page = '<p data-claim="x">3 of 7 targets are ahead or on track under every reading</p>'
    assert unvetted_in_print("3 of 7 targets are ahead or\non track under every reading", page) == []
    assert unvetted_in_print("5 of 7 targets are ahead of time elapsed", page) == [
        "5 of 7 targets are ahead of time elapsed"
    ]


def _title(fig, lang: str) -> str:
    """A chart's title, the first sentence of its alt text (style.description)."""
    from zhili_data.report import labels, style

    return style.description(fig).split(labels.text("alt_shows", lang))[0].rstrip("。. ")


def _drawn(fig) -> list[str]:
    """Every string a chart draws: title, subtitles, notes, axis labels, tick labels, bar notes, legends."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def _all_claims(figures: pd.DataFrame) -> list[claims.Claim]:
    from zhili_data.report import charts

    growth, gap, shares = (
        analysis.growth_table(figures),
        analysis.target_gap_table(figures),
        analysis.share_table(figures),
    )
    found = [
        *claims.key_messages(growth, gap),
        claims.growth_claim(growth),
        claims.verdict_count_claim(gap),
        claims.largest_share_claim(shares),
        *claims.reference_gap_claims(growth).values(),
        *(
            claims.contribution_claim(growth, part=p)
            for p in growth.dropna(subset=["share_of_whole_increase_pct"])["indicator_id"]
        ),
        *(claims.target_claim(r) for _, r in gap[gap["status"] != "no_baseline"].iterrows()),
    ]
    for theme in labels.OVERVIEW_THEMES:
        for i, group in enumerate(charts.theme_groups(figures, theme)[0]):
            found.append(claims.ranking_claim(group, theme="" if i else theme))
    return [c for c in found if c is not None]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_conclusion_a_chart_draws_is_a_claim(lang):
    # the text drawn in or next to a chart image (titles, panel headings, notes, bar notes) is read
    # by no walk of the page's HTML: the strings the chart functions draw are checked here
    from zhili_data.core.figures import load_figures
    from zhili_data.report import charts, style

    figures = load_figures()
    growth, gap, shares = (
        analysis.growth_table(figures),
        analysis.target_gap_table(figures),
        analysis.share_table(figures),
    )
    every = _all_claims(figures)
    rendered = [prose.claim_text(c, lang) for c in every] + [prose.claim_title(c, lang) for c in every]
    titles = {prose.claim_title(c, lang) for c in every}
    by_id = {c.claim_id: c for c in every}
    drawn = {
        "growth": charts.growth_chart(growth, lang=lang),
        "contribution": charts.contribution_chart(growth, lang=lang),
        "share": charts.share_chart(shares, lang=lang),
        "target": charts.target_chart(gap, lang=lang),
        **{theme: charts.theme_chart(figures, theme, lang=lang) for theme in labels.OVERVIEW_THEMES},
    }
    for name, fig in drawn.items():
        if fig is None:
            continue
        title = _title(fig, lang)
        # a title that states a conclusion is a claim's rendered text, word for word, and the chart
        # names that claim, for the page to mark the title with it
        assert not CONCLUSION.search(title) or title in titles, (name, title)
        if CONCLUSION.search(title):
            assert prose.claim_title(by_id[style.title_claim(fig)], lang) == title, name
        assert unlicensed_chart_text(_drawn(fig), rendered) == [], name
    # and the check finds what no claim licenses
    assert unlicensed_chart_text(["Industrial investment grew\nnearly 5 times as fast as GDP"], rendered) != []


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
    # every page the run publishes, zh and en: the reports, their slide decks and printed handouts,
    # the teaching pages (glossary, lesson, methods: their code is not walked, see ClaimWalk), the
    # front page and the run details
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    teaching = {r[k] for r in manifest["reports"] if r.get("section") == "teaching" for k in ("html", "slides")}
    pages = sorted(published.glob("*.html"))
    assert {
        "index.html",
        "ops.html",
        "overview.html",
        "overview-en.html",
        "overview-slides.html",
        "growth-en.html",
    } <= {p.name for p in pages}
    assert {
        "glossary.html",
        "lesson-en.html",
        "lesson-student.html",
        "methods-en.html",
        "lesson-slides.html",
    } <= teaching
    unclaimed = {
        page.name: found
        for page in pages
        if (found := unclaimed_conclusions(page.read_text("utf-8"), teaching=page.name in teaching))
    }
    assert unclaimed == {}
    for page in pages:
        assert not re.search("近5倍|nearly 5 times|5 of 7|7个有实绩的目标中5个", page.read_text("utf-8")), page.name
    # every printed handout states only conclusions of the page it prints
    printed = [r for r in manifest["reports"] if r.get("pdf")]
    assert {r["pdf"] for r in printed} >= {"overview.pdf", "overview-en.pdf", "lesson.pdf", "lesson-student-en.pdf"}
    for report in printed:
        text = subprocess.run(
            ["pdftotext", str(published / report["pdf"]), "-"], capture_output=True, text=True, check=True
        ).stdout
        page = (published / report["html"]).read_text(encoding="utf-8")
        assert unvetted_in_print(text, page) == [], report["pdf"]


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
