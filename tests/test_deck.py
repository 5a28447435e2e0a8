"""The briefing's slides (zhili_data.report.deck): key messages, one slide per headline number, the areas, the targets,
the caveats and a closing summary, in order, each with speaker notes; links to the handout, front page and other deck."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from zhili_data.core import analysis
from zhili_data.core.figures import load_figures
from zhili_data.report import deck, labels


@pytest.fixture(scope="module")
def tables():
    figures = load_figures()
    return (
        analysis.growth_table(figures),
        analysis.share_table(figures),
        analysis.target_gap_table(figures),
        figures,
    )


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _hrefs(markup: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', markup)]


def test_deck_is_title_messages_headlines_growth_chart_areas_targets_chart_caveats_closing(tables):
    slides = deck.deck_slides(*tables)
    assert list(slides.columns) == deck.SLIDE_COLUMNS
    assert slides["kind"].tolist() == [
        "title",
        "messages",
        *["headline"] * 4,
        "chart",
        "theme",
        "targets",
        "chart",
        "caveats",
        "closing",
    ]
    assert slides["key"].is_unique
    charts = slides[slides["kind"] == "chart"]
    assert charts["chart"].tolist() == ["growth", "targets"] and (charts["html"] == "").all()
    assert (slides.loc[slides["kind"] != "chart", "chart"] == "").all()
    assert slides["title"].str.len().gt(0).all()


def test_headline_slides_carry_the_number_its_caveat_and_its_quote_with_page(tables):
    slides = deck.deck_slides(*tables).set_index("key")
    level, growth, share = (_text(slides.loc[f"headline-{k}", "html"]) for k in ("level", "growth", "share"))
    assert "181亿元" in level and "第2页" in level and "全镇完成地区生产总值181亿元" in level
    assert "+17.5%" in growth and "新冠" in growth  # the low-base caveat stays with the growth rate
    assert "45.1%" in share
    english = deck.deck_slides(*tables[:3], tables[3], lang="en").set_index("key")
    assert "18.1 bn yuan" in _text(english.loc["headline-level", "html"])
    assert "page 2" in _text(english.loc["headline-level", "html"])


def test_areas_slide_shows_each_themes_first_number_and_links_the_handout_for_the_rest(tables):
    figures = tables[3]
    slides = deck.deck_slides(*tables).set_index("key")
    areas = slides.loc["themes", "html"]
    counts = [len(analysis.theme_figures(figures, theme)) for theme in labels.OVERVIEW_THEMES]
    assert areas.count('class="zs-tile"') == len(labels.OVERVIEW_THEMES)
    assert "181亿元" in _text(areas)
    assert f"另有{sum(counts) - len(counts)}项数字见讲义" in _text(areas) and _hrefs(areas) == ["overview.pdf"]
    english = deck.deck_slides(*tables, lang="en").set_index("key")
    assert _hrefs(english.loc["themes", "html"]) == ["overview-en.pdf"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_has_speaker_notes_with_what_to_say(tables, lang):
    slides = deck.deck_slides(*tables, lang=lang)
    say = "要说的：" if lang == "zh" else "Say: "
    empty = slides.loc[~slides["notes"].map(lambda n: say in _text(n)), "key"].tolist()
    assert not empty, f"slides without notes: {empty}"


def test_notes_give_the_evidence_with_its_place_in_the_report_and_the_caveats(tables):
    slides = deck.deck_slides(*tables, lang="en").set_index("key")
    messages = _text(slides.loc["messages", "notes"])
    # each key message's sentence, its figures with value, place and quote, and its caveat
    assert "GDP was 18.1 bn yuan in H1 2021" in messages
    assert (
        "GDP: 18.1 bn yuan (p. 2, §1, ¶1) “In the first half of the year, the town's GDP reached 18.1 billion yuan”"
        in messages
    )
    assert "Read with care: " in messages and "low base" in messages
    growth = _text(slides.loc["headline-growth", "notes"])
    assert "Evidence: " in growth and "p. 2" in growth and "COVID" in growth
    assert "Evidence: " in _text(slides.loc["chart-growth", "notes"])
    chinese = _text(deck.deck_slides(*tables).set_index("key").loc["messages", "notes"])
    assert "依据：" in chinese and "第2页" in chinese and "全镇完成地区生产总值181亿元" in chinese


def test_title_and_closing_link_the_handout_front_page_and_other_language(tables):
    for lang, links in [
        ("zh", ["overview.pdf", "index.html", "overview-en-slides.html"]),
        ("en", ["overview-en.pdf", "index.html", "overview-slides.html"]),
    ]:
        slides = deck.deck_slides(*tables, lang=lang).set_index("key")
        for key in ("title", "closing"):
            assert _hrefs(slides.loc[key, "html"]) == links, (lang, key)
    assert deck.deck_links("zh", name="brief") == {
        "handout": "brief.pdf",
        "front": "index.html",
        "other_lang": "brief-en-slides.html",
    }


def test_closing_slide_restates_every_key_message(tables):
    growth, _, gap, _ = tables
    slides = deck.deck_slides(*tables, lang="en").set_index("key")
    closing = _text(slides.loc["closing", "html"])
    messages = deck.claims.key_messages(growth, gap)
    assert slides.loc["closing", "title"] == "What the report tells us"
    assert len(messages) == 4 and all(deck.prose.claim_text(m, "en") in closing for m in messages)


def test_target_and_caveat_slides_say_what_the_first_screen_says(tables):
    slides = deck.deck_slides(*tables).set_index("key")
    targets = _text(slides.loc["targets", "html"])
    assert "27项目标中7项有实绩可比" in targets and "超前" in targets
    caveats = slides.loc["caveats", "html"]
    assert caveats.count("<li>") == 4 and "出处" in caveats


def test_every_text_from_data_is_escaped(tables):
    growth, shares, gap, figures = tables
    figures = figures.copy()
    figures["indicator"] = figures["indicator"].astype(str)
    figures.loc[figures["figure_id"] == "gdp_2021h1_actual", "indicator"] = "<b>财政</b>"
    slides = deck.deck_slides(growth, shares, gap, figures)
    markup = "".join(slides["html"]) + "".join(slides["notes"])
    assert "<b>" not in markup and "&#60;b&#62;财政" in markup


def test_show_deck_displays_the_slides_as_one_output(tables, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw=False: shown.append(data))
    deck.show_deck(*tables, lang="en")
    (data,) = shown
    slides = pd.DataFrame(data[deck.SLIDES_MIME])
    assert slides["key"].tolist() == deck.deck_slides(*tables, lang="en")["key"].tolist()
    assert data["text/plain"].splitlines()[0] == "Government Work Report of Zhili Town: briefing"
