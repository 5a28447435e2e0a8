"""notebooks/explore.ipynb: the research workflow (load, search, filter, pivot, chart, export) runs
cleanly with papermill, draws its chart without a missing glyph and writes a readable workbook."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_stored_without_outputs_and_thin():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert [c.metadata.get("tags") for c in nb.cells if c.metadata.get("tags")] == [["parameters"]]
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            for node in ast.walk(ast.parse(cell.source)):
                assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)), cell.source
    for cell in nb.cells:
        # a cell ending in a matplotlib setter would print its return value (Text(0, 0.5, ''))
        body = ast.parse(cell.source).body if cell.cell_type == "code" else []
        last = body[-1] if body else None
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
            called = last.value.func
            if isinstance(called, ast.Attribute) and called.attr.startswith("set_"):
                assert cell.source.split("#")[0].rstrip().endswith(";"), cell.source
    intro = nb.cells[0].source
    for parameter in ("report", "query", "topic", "export_dir"):
        assert f"`{parameter}`" in intro
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    for step in ("Load", "Search", "Filter", "Pivot", "Chart", "Export"):
        assert any(step in h for h in headings), step


@pytest.mark.slow
def test_runs_and_exports_the_search(tmp_path):
    out = tmp_path / "explore.ipynb"
    nb = papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"export_dir": str(tmp_path / "exports"), "query": "海外 工程师"},
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
        kernel_name="python3",
    )
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    streams = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "Glyph" not in streams and "findfont" not in streams, streams
    assert not [o for o in outputs if o.get("output_type") == "error"]
    printed = [o["data"]["text/plain"] for o in outputs if "text/plain" in o.get("data", {})]
    assert not [text for text in printed if text.startswith("Text(")], printed
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "引进申报海外工程师4名" in html
    assert any("image/png" in o.get("data", {}) for o in outputs), "no chart"
    exported = pd.read_excel(tmp_path / "exports" / "search-海外 工程师.xlsx")
    assert exported.iloc[0]["figure_id"] == "overseas_engineers_2021h1_actual"
