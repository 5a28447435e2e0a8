"""The next report by files alone: a synthetic report folder outside the package (ZHILI_REPORTS_DIR)
is validated, covered, loaded, searched and published by `zhili run` with no code change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zhili_data
from zhili_data.core import analysis
from zhili_data.core.catalog import REPORTS_DIR_VARIABLE, get_report, list_reports

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = ROOT / "tests" / "fixtures" / "reports"
REPORT = "demo-town-2022"
NOTEBOOKS = ("overview", "growth", "share", "target_gap")


@pytest.fixture
def outside(monkeypatch):
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, str(OUTSIDE))
    return OUTSIDE / REPORT


def zhili(*args, cwd=None):
    env = {**os.environ, REPORTS_DIR_VARIABLE: str(OUTSIDE), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "zhili_data.cli", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_the_variable_replaces_the_shipped_catalogue(outside):
    assert list_reports() == (REPORT,)
    assert get_report(REPORT).folder == outside
    with pytest.raises(
        KeyError, match=f"unknown report 'zhili-2021-midyear'; allowed: {REPORT} \\(catalogue: {OUTSIDE}\\)"
    ):
        get_report("zhili-2021-midyear")


@pytest.mark.slow
def test_validated_and_covered_from_the_command_line():
    result = zhili("validate")
    assert result.returncode == 0, result.stderr
    assert f"{REPORT}: figures and exclusions valid; every numeric mention accounted for" in result.stdout
    coverage = zhili("coverage", "--report", REPORT)
    assert coverage.returncode == 0, coverage.stdout + coverage.stderr
    assert "0 unaccounted (100.0% accounted)" in coverage.stdout


def test_loaded_searched_and_analysed(outside):
    figures = zhili_data.load_figures(report=REPORT)
    assert len(figures) == 9 and set(figures["report_id"]) == {REPORT}
    assert set(figures["period"]) == {"2022H1", "2022"}
    talent = zhili_data.search("人才", report=REPORT)
    assert talent.iloc[0]["figure_id"] == "high_level_talents_2022h1_actual"
    prior = analysis.share_table(report=REPORT).query("kind == 'prior_part_of'").iloc[0]
    assert prior["period"] == "2021H1" and prior["share_pct"] == pytest.approx(100 * (18 / 1.2) / (40 / 1.1))
    gap = analysis.target_gap_table(report=REPORT).set_index("indicator_id")
    assert gap.loc["high_level_talents", "completion_pct"] == pytest.approx(100 * 35 / 60)


def test_zhili_show_searches_the_outside_report():
    result = zhili("show", "人才")
    assert result.returncode == 0, result.stderr
    assert "「引进高层次人才35名」" in result.stdout


@pytest.mark.slow
def test_published_by_zhili_run_with_the_index(tmp_path):
    config = tmp_path / "reports.toml"
    config.write_text(
        "".join(
            f'[[report]]\nname = "demo-{name}"\nnotebook = "{(ROOT / "notebooks" / f"{name}.ipynb").as_posix()}"\n'
            f'title = "示范镇 {name}"\nparameters = {{ report = "{REPORT}" }}\n\n'
            for name in NOTEBOOKS
        ),
        encoding="utf-8",
    )
    out = tmp_path / "outputs"
    result = zhili("run", "--config", str(config), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["status"]) for r in manifest["reports"]] == [(f"demo-{n}", "ok") for n in NOTEBOOKS]
    assert all(r["data_version"].startswith(f"{REPORT}@") for r in manifest["reports"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="demo-{n}.html"' in index for n in NOTEBOOKS)
    overview = (out / "demo-overview.html").read_text(encoding="utf-8")
    assert "出自示范镇人民政府工作报告，2022年7月20日" in overview  # the sources appendix
    assert "数据集共收录报告中的9个数字" in overview and "引进高层次人才" in overview
    assert (out / "tables" / "demo-share" / "demo-share-tables.xlsx").is_file()
