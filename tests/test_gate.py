"""The data gate: load_figures() uses nothing `zhili validate` rejects; a pass is remembered per
sha256 of the inputs, a failure never."""

from __future__ import annotations

import shutil

import pytest

from zhili_data.core import gate
from zhili_data.core.catalog import get_report
from zhili_data.core.validate import FiguresInvalid

REPORT = get_report().id


@pytest.fixture
def catalogue(tmp_path, monkeypatch):
    """A copy of the shipped report in a catalogue of its own, with a cache folder of its own."""
    folder = tmp_path / "reports" / REPORT
    shutil.copytree(get_report().folder, folder)
    monkeypatch.setenv("ZHILI_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv(gate.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.delenv(gate.SKIP_VARIABLE, raising=False)
    return folder


def _count_validations(monkeypatch) -> list[str]:
    import zhili_data.core.validate as validate

    calls = []
    real = validate.check_report
    monkeypatch.setattr(validate, "check_report", lambda report, **kw: (calls.append(report), real(report, **kw))[1])
    return calls


def test_a_pass_is_remembered_until_a_byte_changes(catalogue, monkeypatch):
    calls = _count_validations(monkeypatch)
    gate.require_valid(REPORT)
    gate.require_valid(REPORT)
    assert calls == [REPORT]
    assert len(list((catalogue.parent.parent / "cache").glob("valid-*"))) == 1
    figures = catalogue / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",181,亿元,", ",182,亿元,", 1), encoding="utf-8")
    with pytest.raises(FiguresInvalid, match=r"figures.csv:3 \[gdp_2021h1_actual\] value='182'"):
        gate.require_valid(REPORT)
    with pytest.raises(FiguresInvalid):  # a failure is never remembered
        gate.require_valid(REPORT)
    assert calls == [REPORT] * 3


def test_every_file_of_the_folder_and_the_code_count(catalogue):
    before = gate.inputs_digest(REPORT)
    (catalogue / "exclusions.csv").write_text(
        (catalogue / "exclusions.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert gate.inputs_digest(REPORT) != before


def test_skipping_is_explicit(catalogue, monkeypatch):
    figures = catalogue / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",181,亿元,", ",182,亿元,", 1), encoding="utf-8")
    monkeypatch.setenv(gate.SKIP_VARIABLE, "1")
    gate.require_valid(REPORT)  # no error: the expert asked for it


def test_an_unwritable_cache_only_costs_time(catalogue, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(gate.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    calls = _count_validations(monkeypatch)
    gate.require_valid(REPORT)
    gate.require_valid(REPORT)
    assert calls == [REPORT, REPORT]


def test_no_home_folder_only_costs_time(catalogue, monkeypatch):
    from pathlib import Path

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(gate.CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    calls = _count_validations(monkeypatch)
    gate.require_valid(REPORT)
    assert calls == [REPORT]
