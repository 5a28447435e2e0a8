"""The .xlsx writer: Excel's sheet-name rules, empty cells for missing values, the same bytes each time."""

import io
import zipfile

import pandas as pd
import pytest

from zhili_data.exceptions import ParameterError
from zhili_data.spreadsheet import MAX_SHEET_NAME, sheet_name, workbook_bytes


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
