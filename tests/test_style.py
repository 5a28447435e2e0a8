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

from zhili_data.core.catalog import get_report
from zhili_data.report import style

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


def test_the_house_style_is_seaborns_theme_with_the_project_font():
    import seaborn as sns

    rc = style.rc("en")
    for key in sns.plotting_context("notebook"):
        assert key in rc, key  # seaborn's context underlies the house sizes
    assert rc["font.family"][0] == style.FONT_FAMILY
    with matplotlib.rc_context():
        style.use("en")
        assert matplotlib.rcParams["font.family"][0] == style.FONT_FAMILY
        assert matplotlib.rcParams["xtick.major.width"] == sns.plotting_context("notebook")["xtick.major.width"]


@pytest.mark.slow
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
        from zhili_data.report import style
        for lang in ("zh", "en"):
            assert render(style.rc(lang)) == [], lang
        print("ok")
        """
    )
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
