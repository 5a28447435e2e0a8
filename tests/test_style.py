"""The house chart style: Chinese renders with the project's own font, in both languages, with
the title, the unit and the source line on every chart."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from zhili_data import analysis, charts, labels, style
from zhili_data.catalog import get_report
from zhili_data.figures import load_figures

GLYPH = "missing from font"


def render(fig: Figure) -> list[str]:
    """Draw ``fig`` to PNG; return every warning and log record about missing glyphs."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught, style.house_style():
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
    finally:
        logger.removeHandler(handler)
    return [m for m in [str(w.message) for w in caught] + records if GLYPH in m]


def test_font_is_the_file_shipped_by_mplfonts():
    path = style.font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in path.parts and path.is_file()


def test_registered_family_resolves_to_the_project_file_not_a_system_font():
    family = style.register_font()
    assert style.register_font() == family  # idempotent
    assert sum(e.name == family for e in font_manager.fontManager.ttflist) == 1
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(found).resolve() == style.font_path()


def test_the_font_has_the_glyphs_we_draw():
    font = font_manager.get_font(str(style.font_path()))
    for char in "织里镇地区生产总值同比增长亿元（）：−%":
        assert font.get_char_index(ord(char)), char


def test_a_plain_chart_would_warn_so_the_check_can_fail():
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.add_subplot().set_title("织里镇")
    assert render(fig), "without the house font a CJK title must produce a missing-glyph warning"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_house_chart_renders_without_missing_glyphs(lang):
    fig, ax = style.new_chart(title="地区生产总值 同比增长 −5%", subtitle="2021年上半年", lang=lang)
    ax.barh(["财政收入", "Fixed-asset investment"], [-3.5, 29.6])
    ax.set_xlabel("同比增长（%）")
    style.finish(fig, lang=lang)
    assert render(fig) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_line_is_the_catalogue_citation(lang):
    fig, _ = style.new_chart(title="t", lang=lang)
    style.finish(fig, lang=lang)
    report = get_report()
    expected = report.citation if lang == "zh" else report.citation_en
    assert fig.get_supxlabel() == expected
    assert fig.get_suptitle() == "t"


def test_projector_sizes():
    rc = style.rc("zh")
    assert rc["font.size"] >= 14 and rc["axes.titlesize"] >= 18
    assert rc["figure.figsize"][0] >= 10
    assert rc["font.family"][0] == style.FONT_FAMILY


def test_minus_sign_is_in_the_font_or_replaced():
    rc = style.rc("zh")
    font = font_manager.get_font(str(style.font_path()))
    assert (not rc["axes.unicode_minus"]) or font.get_char_index(0x2212)


@pytest.fixture(scope="module")
def tables():
    figures = load_figures()
    return {
        lang: (
            analysis.growth_table(figures),
            analysis.share_table(figures),
            analysis.target_gap_table(figures),
            figures,
        )
        for lang in ("zh", "en")
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_notebook_chart_renders_cleanly_with_title_unit_and_source(tables, lang):
    growth, shares, gap, figures = tables[lang]
    made = [
        charts.growth_chart(growth, lang=lang),
        charts.contribution_chart(growth, lang=lang),
        charts.share_chart(shares, lang=lang),
        charts.target_chart(gap, lang=lang),
        *(charts.theme_chart(figures, theme, lang=lang) for theme in analysis.OVERVIEW_THEMES),
    ]
    citation = get_report().citation if lang == "zh" else get_report().citation_en
    for fig in made:
        assert fig is not None
        assert fig.get_suptitle(), "every chart has a title"
        assert fig.get_supxlabel().startswith(citation)
        assert any(ax.get_xlabel() or ax.get_title(loc="left") for ax in fig.axes), "every chart names its unit"
        assert render(fig) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_chart_draws_verdicts_only_and_fits_its_axis(tables, lang):
    gap = tables[lang][2]
    fig = charts.target_chart(gap, lang=lang)
    ax = fig.axes[0]
    shown = gap[(gap["status"] != "no_baseline") & (gap["measure"] == "level")]
    verdicts = shown[shown["status"].isin(analysis.VERDICTS)]
    bars = [p for p in ax.patches if p.get_width() > 0]
    # one bar per verdict, none for the plan not started or the undetermined pair
    assert sorted(round(b.get_width(), 6) for b in bars) == sorted(round(v, 6) for v in verdicts["completion_pct"])
    assert "not_started" in set(shown["status"]) and "undetermined" in set(shown["status"])
    # contingent verdicts are hatched, robust ones solid
    hatched = sorted(round(b.get_width(), 6) for b in bars if b.get_hatch())
    assert hatched == sorted(round(v, 6) for v in verdicts.loc[~verdicts["robust"], "completion_pct"])
    # the ticks end at the largest value rounded up to 25 (75% here), no 150% axis for a plan without a bar
    assert max(ax.get_xticks()) == 100 and ax.get_xlim()[1] < 150
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "179.4%" in texts and labels.text("contingent_mark", lang).strip() in texts
    assert render(fig) == []


def test_contribution_chart_needs_a_part_and_its_whole(tables):
    growth = tables["zh"][0]
    assert charts.contribution_chart(growth[growth["indicator_id"] == "industrial_investment"]) is None


def test_no_cjk_system_font_needed(tmp_path):
    """On a machine whose only fonts are matplotlib's own, the house style still renders Chinese."""
    script = textwrap.dedent(
        """
        import io, warnings
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager as fm
        original = fm.findSystemFonts
        # matplotlib's bundled fonts only: no system font directory is scanned
        fm.findSystemFonts = lambda fontpaths=None, fontext="ttf": original(fontpaths, fontext) if fontpaths else []
        fm.fontManager = fm.FontManager()
        fm.findfont = fm.fontManager.findfont
        assert not [e for e in fm.fontManager.ttflist if "CJK" in e.name]
        from matplotlib.figure import Figure

        def render(rc):
            with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context(rc):
                warnings.simplefilter("always")
                fig = Figure()
                ax = fig.add_subplot()
                ax.set_title("地区生产总值 −5")
                ax.barh(["财政收入"], [1])
                fig.savefig(io.BytesIO(), format="png")
            return [str(w.message) for w in caught if "missing from font" in str(w.message)]

        assert render({}), "control: Chinese must be missing without the project font"
        from zhili_data import style
        for lang in ("zh", "en"):
            assert render(style.rc(lang)) == [], lang
        print("ok")
        """
    )
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
