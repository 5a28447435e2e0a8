"""Project paths: one module says where everything is, and every command works from any directory."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhili_data import paths

ROOT = Path(__file__).resolve().parents[1]
ZHILI = [sys.executable, "-m", "zhili_data.cli"]


def zhili(*args, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != paths.PROJECT_DIR_VARIABLE}
    environment |= {"PYTHONIOENCODING": "utf-8", **env}
    return subprocess.run([*ZHILI, *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=600)


def test_the_project_folders_are_those_of_the_checkout(monkeypatch):
    monkeypatch.delenv(paths.PROJECT_DIR_VARIABLE, raising=False)
    assert paths.project_dir() == ROOT
    assert paths.processed_dir() == ROOT / "data" / "processed"
    assert paths.reports_config() == ROOT / "notebooks" / "reports.toml" and paths.reports_config().is_file()
    assert paths.outputs_dir() == ROOT / "outputs"
    assert any(paths.raw_dir().glob("*.txt"))
    assert (paths.TEMPLATES_DIR / "zhili").is_dir() and any(paths.SHIPPED_REPORTS_DIR.glob("*/report.toml"))


def test_an_other_project_folder_is_named_by_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.PROJECT_DIR_VARIABLE, str(tmp_path))
    assert paths.processed_dir() == tmp_path / "data" / "processed"
    assert paths.reports_config() == tmp_path / "notebooks" / "reports.toml"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A directory outside the checkout holding a decoy notebooks/reports.toml that no command may read."""
    cwd = tmp_path / "elsewhere"
    (cwd / "notebooks").mkdir(parents=True)
    (cwd / "notebooks" / "reports.toml").write_text("this is not TOML [", encoding="utf-8")
    return cwd


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


@pytest.mark.slow
def test_the_data_commands_work_from_any_directory(elsewhere):
    before = _files(elsewhere)
    assert zhili("validate", cwd=elsewhere).returncode == 0
    coverage = zhili("coverage", cwd=elsewhere)
    assert coverage.returncode == 0, coverage.stderr
    shown = zhili("show", "gdp", cwd=elsewhere)
    assert shown.returncode == 0 and "181" in shown.stdout
    assert _files(elsewhere) == before  # nothing written where the command was started


@pytest.mark.slow
def test_export_writes_into_the_project_not_the_current_directory(elsewhere, tmp_path):
    project = tmp_path / "project"
    result = zhili("export", cwd=elsewhere, ZHILI_PROJECT_DIR=str(project))
    assert result.returncode == 0, result.stderr
    assert (project / "data" / "processed" / "figures.csv").is_file()
    assert (project / "data" / "processed" / "datapackage.json").is_file()
    assert not (elsewhere / "data").exists()
    # without the variable the default is the checkout's data/processed, whatever the directory
    help_text = zhili("export", "--help", cwd=elsewhere).stdout
    assert "data/processed of the project" in help_text


@pytest.mark.slow
def test_zhili_run_uses_the_project_config_from_any_directory(elsewhere, tmp_path):
    out = tmp_path / "published"
    result = zhili("run", "--only", "growth", "--format", "html", "--out", str(out), "--quiet", cwd=elsewhere)
    assert result.returncode == 0, result.stderr  # the decoy config in elsewhere/notebooks is not read
    assert (out / "growth.html").is_file()
    assert not (elsewhere / "outputs").exists()
