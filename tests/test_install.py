"""`pip install .` without extras gives the core: the figures and the analyses work, and none of the
report, publishing or Lab layers' packages come with it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run in the clean environment, away from the checkout (its folder must not shadow the installed package).
CORE_PROBE = """
import importlib.util, json, sys
import zhili_data
from zhili_data.core import analysis
figures = zhili_data.load_figures()
tables = {
    "growth": analysis.growth_table(figures),
    "shares": analysis.share_table(figures),
    "target_gap": analysis.target_gap_table(figures),
}
gdp = tables["growth"].set_index("indicator_id").loc["gdp"]
print(json.dumps({
    "package": zhili_data.__file__,
    "figures": len(figures),
    "rows": {name: len(table) for name, table in tables.items()},
    "gdp_growth_pct": float(gdp["growth_pct"]),
    "importable": {
        name: importlib.util.find_spec(name) is not None
        for name in ("matplotlib", "seaborn", "playwright", "jupyterlab", "sphinx_revealjs", "papermill", "IPython")
    },
    "loaded": sorted(name for name in ("matplotlib", "IPython") if name in sys.modules),
}))
"""


def _run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.slow
def test_pip_install_without_extras_loads_the_figures_and_the_analyses_and_nothing_else(tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "PIP_REQUIRE_VIRTUALENV"}}
    # The lock pins every version the project was tested with; pip's cache makes a second run quick.
    _run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + ["--constraint", str(ROOT / "requirements.lock"), str(ROOT)],
        env=env,
        cwd=tmp_path,
    )
    result = _run([str(python), "-c", CORE_PROBE], env=env, cwd=tmp_path)
    probe = json.loads(result.stdout)

    assert Path(probe["package"]).is_relative_to(venv)
    assert probe["figures"] > 80
    assert all(rows > 0 for rows in probe["rows"].values()), probe["rows"]
    assert probe["gdp_growth_pct"] == 17.5
    assert probe["importable"] == {
        "matplotlib": False,
        "seaborn": False,
        "playwright": False,
        "jupyterlab": False,
        "sphinx_revealjs": False,
        "papermill": False,
        "IPython": False,
    }
    assert probe["loaded"] == []

    # The command's data sub-commands are the core's too.
    shown = _run([str(venv / "bin" / "zhili"), "show", "gdp"], env=env, cwd=tmp_path)
    assert "181" in shown.stdout
