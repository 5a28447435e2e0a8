"""Tables a notebook shows, written as CSV files."""

from __future__ import annotations

import nbformat

from zhili_data.publish.tables import harvest_tables


def _notebook_with_tables():
    nb = nbformat.v4.new_notebook()
    table = {"text/html": "<table></table>", "text/csv": "指标,值\n国内生产总值,181\n", "text/plain": "t"}
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data=table, metadata={"zhili": {"table": "gdp", "title": "GDP"}}),
        nbformat.v4.new_output("display_data", data=table, metadata={"zhili": {"table": "gdp", "title": "again"}}),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>not a table</p>"}, metadata={}),
        nbformat.v4.new_output("display_data", data=table, metadata={"zhili": {"table": "../escape", "title": "x"}}),
    ]
    nb.cells = [cell]
    return nb


def test_tables_are_written_as_utf8_with_bom_and_never_overwrite_each_other(tmp_path):
    nb = _notebook_with_tables()
    records = harvest_tables(nb, tmp_path / "tables" / "r", report="r", link_prefix="tables/r")
    assert [r["csv"] for r in records] == ["tables/r/gdp.csv", "tables/r/gdp-2.csv", "tables/r/escape.csv"]
    raw = (tmp_path / "tables" / "r" / "gdp.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8") == "指标,值\n国内生产总值,181\n"
    assert sorted(p.name for p in (tmp_path / "tables" / "r").iterdir()) == ["escape.csv", "gdp-2.csv", "gdp.csv"]
    # the in-memory notebook now links each table to its file, for the HTML page
    assert nb.cells[0].outputs[1].metadata["zhili"]["csv"] == "tables/r/gdp-2.csv"
