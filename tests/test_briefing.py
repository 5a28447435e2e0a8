"""The briefing's first screen: tiles, targets at a glance, caveats and citation from the analysis tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from zhili_data.core import analysis
from zhili_data.report import briefing, prose

REPORT = "zhili-2021-midyear"


def tables(figures, lang):
    return (
        analysis.growth_table(figures, report=REPORT),
        analysis.share_table(figures, report=REPORT),
        analysis.target_gap_table(figures, report=REPORT),
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tiles_carry_gdp_level_growth_and_district_share(figures, lang):
    growth, shares, _ = tables(figures, lang)
    tiles = briefing.headline_tiles(growth, shares, lang=lang).set_index("key")
    assert list(briefing.headline_tiles(growth, shares, lang=lang).columns) == briefing.TILE_COLUMNS
    assert tiles.loc["level", "value"] == ("181亿元" if lang == "zh" else "18.1 bn yuan")
    assert tiles.loc["growth", "value"] == "+17.5%"
    assert tiles.loc["share", "value"] == "45.1%"
    # every tile value traces to the figure it is quoted from
    ids = set(figures["figure_id"])
    assert set(tiles["figure_id"]) <= ids
    assert tiles.loc["level", "figure_id"] == "gdp_2021h1_actual"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_tile_says_its_base_was_low(figures, lang):
    growth, shares, _ = tables(figures, lang)
    note = briefing.headline_tiles(growth, shares, lang=lang).set_index("key").loc["growth", "note"]
    assert ("新冠" in note) if lang == "zh" else ("COVID-19" in note and "low base" in note)


def test_fastest_tile_is_not_the_reference_and_is_the_fastest(figures):
    growth, shares, _ = tables(figures, "zh")
    tiles = briefing.headline_tiles(growth, shares, lang="zh").set_index("key")
    others = growth[growth["indicator_id"] != "gdp"].dropna(subset=["growth_pct"])
    top = others.sort_values("growth_pct", ascending=False).iloc[0]
    assert top["indicator"] in tiles.loc["fastest", "label"]


def test_no_reference_row_gives_no_gdp_tiles(figures):
    growth, shares, _ = tables(figures, "zh")
    tiles = briefing.headline_tiles(growth, shares, lang="zh", reference="no_such_indicator")
    assert "level" not in set(tiles["key"]) and "share" not in set(tiles["key"])


def test_glance_separates_robust_from_contingent_verdicts(figures):
    _, _, gap = tables(figures, "zh")
    glance = briefing.target_glance(gap, lang="zh").set_index("status")
    assert list(glance.index) == list(briefing.GLANCE_STATUSES)
    for verdict in analysis.VERDICTS:
        rows = gap[gap["status"] == verdict]
        assert glance.loc[verdict, "robust"] == int(rows["robust"].astype(bool).sum())
        assert glance.loc[verdict, "contingent"] == int((~rows["robust"].astype(bool)).sum())
    assert glance["robust"].sum() + glance["contingent"].sum() == int((gap["status"] != "no_baseline").sum())


def test_key_caveats_leave_out_what_the_target_line_says(figures):
    growth, shares, gap = tables(figures, "zh")
    caveats = briefing.key_caveats(growth, shares, gap, lang="zh", limit=4)
    assert 1 <= len(caveats) <= 4
    assert not any("未给出该目标的实绩" in c for c in caveats)
    assert any("低基数" in c for c in caveats)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.hrefs, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_html_links_every_number_and_cites_the_report(figures, lang):
    growth, shares, gap = tables(figures, lang)
    parsed = _Text()
    parsed.feed(briefing.summary_html(growth, shares, gap, lang=lang, report=REPORT))
    text = "".join(parsed.text)
    assert "script" not in parsed.tags
    assert ("181亿元" if lang == "zh" else "18.1 bn yuan") in text and "+17.5%" in text and "45.1%" in text
    assert "#src-gdp_2021h1_actual" in parsed.hrefs
    assert ("2021年8月6日" if lang == "zh" else "6 August 2021") in text
    assert ("目标进度" if lang == "zh" else "Targets") in text


def test_summary_html_escapes_what_it_shows(figures):
    growth, shares, gap = tables(figures, "zh")
    growth = growth.copy()
    growth.loc[growth["indicator_id"] == "gdp", "indicator"] = "<script>alert(1)</script>"
    out = briefing.summary_html(growth, shares, gap, lang="zh", report=REPORT)
    parsed = _Text()
    parsed.feed(out)
    assert "<script>" not in out and "script" not in parsed.tags
    assert "<script>alert(1)</script>" in "".join(parsed.text)


def test_summary_is_one_section_with_an_id_for_the_contents(figures):
    out = briefing.summary_html(*tables(figures, "en"), lang="en", report=REPORT)
    assert re.match(r'<section class="zhili-briefing"[^>]*>', out) and out.endswith("</section>")
    assert f'id="{briefing.SUMMARY_ID}"' in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_front_page_headlines_link_to_their_quotes(lang):
    growth = analysis.growth_table()
    shares = analysis.share_table()
    gap = analysis.target_gap_table()
    share = briefing.headline(briefing.share_tile(shares, lang=lang))
    assert [(h["value"], h["href"]) for h in share] == [("45.1%", "#src-gdp_2021h1_actual_share")]
    assert ("地区生产总值" if lang == "zh" else "GDP") in share[0]["label"]  # names what the share is of
    rise = briefing.headline(briefing.headline_tiles(growth, lang=lang), ["growth", "fastest"])
    assert [h["value"] for h in rise] == ["+17.5%", "+83.3%"]
    assert all(h["note"] for h in rise)  # the low base is said beside the number
    targets = briefing.headline(briefing.target_tile(gap, lang=lang))
    assert [(t["value"], t["href"]) for t in targets] == [("3项" if lang == "zh" else "3", "")]
    counts = prose.status_counts(gap)
    assert str(len(gap) - counts["no_baseline"]) in targets[0]["label"]
    assert str(counts["contingent_ahead"] + counts["contingent_on_track"]) in targets[0]["note"]
    # the briefing's tiles without shares: level, growth, fastest (no share tile)
    assert list(briefing.headline_tiles(growth, lang=lang)["key"]) == ["level", "growth", "fastest"]


def test_headline_keeps_the_order_of_the_keys_asked_for():
    growth, shares = analysis.growth_table(), analysis.share_table()
    tiles = briefing.headline_tiles(growth, shares, lang="zh")
    assert [h["value"] for h in briefing.headline(tiles, ["share", "level", "missing"])] == ["45.1%", "181亿元"]
