"""The zhili command as a user runs it: exit codes and messages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhili_data.core.catalog import get_report

ZHILI = [sys.executable, "-m", "zhili_data.cli"]


def zhili(*args, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*ZHILI, *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.slow
def test_validate_passes_on_the_shipped_files():
    result = zhili("validate")
    assert result.returncode == 0, result.stderr
    assert "every numeric mention accounted for" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",181,亿元,", ",182,亿元,", "[gdp_2021h1_actual] value='182'"),
        ("上半年，全镇完成地区生产总值181亿元", "上半年，全镇完成地区生产总值180亿元", "[gdp_2021h1_actual]"),
        (",181,亿元,元,", ",181,亿英镑,元,", "[gdp_2021h1_actual]"),
    ],
    ids=["wrong value", "quote not in source", "unknown unit"],
)
def test_validate_names_the_broken_row(tmp_path, old, new, expected):
    text = get_report().figures_path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = tmp_path / "figures.csv"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    result = zhili("validate", "--figures", str(broken))
    assert result.returncode == 1
    assert expected in result.stderr
    assert "figures.csv:3" in result.stderr  # the CSV line of the GDP row


@pytest.mark.slow
def test_coverage_reports_every_mention_accounted_for():
    result = zhili("coverage")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 unaccounted (100.0% accounted)" in result.stdout


def test_show_prints_the_quote_and_page():
    result = zhili("show", "gdp_2021h1_actual_growth")
    assert result.returncode == 0, result.stderr
    assert "17.5" in result.stdout and "同比增长17.5%" in result.stdout and "p2" in result.stdout


def test_unknown_report_is_a_clear_usage_error():
    result = zhili("validate", "--report", "zhili-1999")
    assert result.returncode == 2
    assert "unknown report 'zhili-1999'; allowed: zhili-2021-midyear" in result.stderr


def test_export_writes_into_the_given_folder(tmp_path):
    result = zhili("export", "--out", str(tmp_path / "processed"))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in Path(tmp_path / "processed").iterdir()} == {
        "figures.csv",
        "exclusions.csv",
        "readings.csv",
        "datapackage.json",
        "figures.xlsx",
    }
