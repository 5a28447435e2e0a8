"""The catalogue of reports: where it is read from, report.toml checked key by key, unknown ids named."""

import os
from pathlib import Path

import pytest

import zhili_data
from zhili_data.core.catalog import (
    REPORTS_DIR_VARIABLE,
    SHIPPED_ROOT,
    ReportFileError,
    ReportsDirNotFoundError,
    UnknownReportError,
    get_report,
    list_reports,
    read_report_toml,
)

OUTSIDE = Path(__file__).resolve().parent / "fixtures" / "reports"
REPORT = "demo-town-2022"


def test_unknown_report_lists_the_allowed_ones():
    with pytest.raises(KeyError, match=r"unknown report 'zhili-1999'; allowed: zhili-2021-midyear"):
        zhili_data.load_figures(report="zhili-1999")


def test_data_ships_inside_the_package():
    report = get_report()
    package_root = get_report().folder.parents[1]
    assert package_root.name == "zhili_data"
    assert report.figures_path.is_file() and report.source_path.is_file() and report.exclusions_path.is_file()


def test_several_folders_and_their_mistakes(monkeypatch, tmp_path):
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, os.pathsep.join([str(OUTSIDE), str(SHIPPED_ROOT)]))
    assert list_reports() == (REPORT, "zhili-2021-midyear")
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, os.pathsep.join([str(OUTSIDE), str(OUTSIDE)]))
    with pytest.raises(ValueError, match=f"report '{REPORT}' is in both"):
        list_reports()
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=f"{REPORTS_DIR_VARIABLE}=.*missing is not a folder"):
        list_reports()


def test_a_missing_reports_dir_is_a_zhili_error(monkeypatch, tmp_path):
    monkeypatch.setenv(REPORTS_DIR_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(ReportsDirNotFoundError):
        list_reports()


def _toml(tmp_path, text):
    path = tmp_path / "report.toml"
    shipped = (SHIPPED_ROOT / "zhili-2021-midyear" / "report.toml").read_text(encoding="utf-8")
    path.write_text(shipped + text, encoding="utf-8")
    return path


def test_report_toml_names_each_problem_with_its_line(tmp_path):
    path = _toml(tmp_path, 'titel = "x"\n')
    line = path.read_text(encoding="utf-8").count("\n")
    with pytest.raises(ReportFileError) as caught:
        read_report_toml(path, "zhili-2021-midyear")
    assert str(caught.value) == (
        f"{path}:{line}: unknown key 'titel' (did you mean 'title', 'title_en', 'subtitle'?); allowed: "
        + ", ".join(list(zhili_data.core.catalog.REPORT_FIELDS) + list(zhili_data.core.catalog.OPTIONAL_FIELDS))
    )


def test_report_toml_id_must_be_the_folder(tmp_path):
    with pytest.raises(ReportFileError, match="id is 'zhili-2021-midyear', but the folder is 'elsewhere'"):
        read_report_toml(_toml(tmp_path, ""), "elsewhere")


def test_unknown_report_suggests_a_close_id():
    with pytest.raises(UnknownReportError, match="did you mean 'zhili-2021-midyear'"):
        get_report("zhili-2021-midyr")


def test_every_heading_a_figure_comes_from_has_its_english():
    from zhili_data.core.figures import load_figures
    from zhili_data.core.source import SECTION_SEPARATOR

    english = dict(get_report("zhili-2021-midyear").headings_en)
    headings = {h for section in load_figures()["section"] for h in section.split(SECTION_SEPARATOR)}
    assert headings and headings <= set(english)


def test_headings_en_must_be_a_table_of_text(tmp_path):
    path = _toml(tmp_path, 'headings_en."二、其他" = 1\n')
    with pytest.raises(ReportFileError, match="headings_en must be the English of each heading"):
        read_report_toml(path, "zhili-2021-midyear")
