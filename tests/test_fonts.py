"""Importing zhili_data makes Chinese draw in any matplotlib, pandas or seaborn plot, as a fallback font."""

import json
import subprocess
import sys
import textwrap

import pytest

from zhili_data.report.fonts import FONT_FAMILY

PLOT = textwrap.dedent(
    """
    import json, logging, sys, warnings
    warnings.simplefilter("always")
    logged = []
    class Keep(logging.Handler):
        def emit(self, record):
            logged.append(record.getMessage())
    logging.getLogger("matplotlib").addHandler(Keep())
    {before}
    import matplotlib
    matplotlib.use("Agg")
    {setup}
    import pandas as pd
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = pd.Series([6, 4, 19], index=["领军人才", "海外工程师", "国家级人才项目"]).plot(kind="barh", title="织里镇人才引进（2021年上半年）")
        ax.figure.savefig(sys.argv[1])
        {more}
    print(json.dumps({{"warnings": [str(w.message) for w in caught], "logged": logged,
                       "family": list(matplotlib.rcParams["font.family"])}}))
    """
)


def run_plot(tmp_path, *, before="import zhili_data", setup="", more=""):
    script = PLOT.format(before=before, setup=setup, more=more)
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "plot.png")], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_without_the_package_matplotlib_misses_the_glyphs(tmp_path):
    # The control: proves the check below can fail on this machine.
    out = run_plot(tmp_path, before="")
    assert any("missing from font" in w for w in out["warnings"])


@pytest.mark.slow
def test_a_pandas_plot_with_a_chinese_title_draws_every_glyph(tmp_path):
    out = run_plot(tmp_path)
    assert out["warnings"] == [] and out["logged"] == []
    assert out["family"] == ["sans-serif", FONT_FAMILY]
    assert (tmp_path / "plot.png").stat().st_size > 5000


@pytest.mark.slow
def test_a_seaborn_plot_draws_every_glyph(tmp_path):
    out = run_plot(
        tmp_path, more="import seaborn as sns; sns.barplot(x=[1, 2], y=['人才', '投资']).figure.savefig(sys.argv[1])"
    )
    assert out["warnings"] == [] and out["logged"] == []


@pytest.mark.slow
def test_the_users_own_family_stays_first(tmp_path):
    # chosen before the font manager loads (import zhili_data first) and after (zhili_data last)
    out = run_plot(tmp_path, setup="matplotlib.rcParams['font.family'] = ['serif']")
    assert out["family"] == ["serif", FONT_FAMILY] and out["warnings"] == []
    out = run_plot(
        tmp_path,
        before="",
        setup="matplotlib.rcParams['font.family'] = ['serif']; import matplotlib.pyplot; import zhili_data",
    )
    assert out["family"] == ["serif", FONT_FAMILY] and out["warnings"] == []


def test_importing_the_package_loads_no_matplotlib():
    code = "import sys, zhili_data; print('matplotlib' in sys.modules, 'mplfonts' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]
