"""The briefing's slides (zhili_data.deck): one slide per headline number, theme and target chart, in order."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from zhili_data import analysis, deck
from zhili_data.figures import load_figures


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


def test_deck_is_title_messages_headlines_growth_chart_themes_targets_chart_caveats(tables):
    slides = deck.deck_slides(*tables)
    assert list(slides.columns) == deck.SLIDE_COLUMNS
    assert slides["kind"].tolist() == [
        "title",
        "messages",
        *["headline"] * 4,
        "chart",
        *["theme"] * len(analysis.OVERVIEW_THEMES),
        "targets",
        "chart",
        "caveats",
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


def test_theme_slide_shows_six_numbers_and_says_how_many_more(tables):
    figures = tables[3]
    slides = deck.deck_slides(*tables).set_index("key")
    economy = slides.loc["theme-economy", "html"]
    rows = analysis.theme_figures(figures, "economy")
    assert economy.count('class="zs-tile"') == deck.THEME_TILES
    assert f"另有{len(rows) - deck.THEME_TILES}项数字见完整报告" in economy
    governance = slides.loc["theme-governance", "html"]
    assert governance.count('class="zs-tile"') == len(analysis.theme_figures(figures, "governance")) < deck.THEME_TILES
    assert "另有" not in governance


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
    figures.loc[figures["figure_id"] == "fiscal_revenue_2021h1_actual", "indicator"] = "<b>财政</b>"
    slides = deck.deck_slides(growth, shares, gap, figures)
    markup = "".join(slides["html"])
    assert "<b>" not in markup and "&#60;b&#62;财政" in markup


def test_show_deck_displays_the_slides_as_one_output(tables, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw=False: shown.append(data))
    deck.show_deck(*tables, lang="en")
    (data,) = shown
    slides = pd.DataFrame(data[deck.SLIDES_MIME])
    assert slides["key"].tolist() == deck.deck_slides(*tables, lang="en")["key"].tolist()
    assert data["text/plain"].splitlines()[0] == "Government Work Report of Zhili Town: briefing"
