"""Every table a report shows, saved as CSV and, all together, as one Excel workbook.

A notebook shows a table through a ``zhili_data`` helper that emits one ``display_data``
output carrying both ``text/html`` and ``text/csv``, with metadata
``{"zhili": {"table": "<slug>", "title": "<caption>"}}``. The runner writes the ``text/csv``
of each such output to ``tables/<report>/<slug>.csv``, and every table of the report as a sheet
of ``tables/<report>/<report>-tables.xlsx`` (with a ``contents`` sheet naming each table and a
``columns`` sheet saying what each column holds).

CSV files are written as UTF-8 with a byte-order mark: Excel, which most readers paste
these tables into, opens a BOM-less UTF-8 file as the local code page and garbles Chinese.
pandas (``encoding="utf-8-sig"``) and LibreOffice read the BOM transparently.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from zhili_data.protocol import CSV, TABLE, TABLE_MIME, TITLE, zhili_metadata
from zhili_data.publish.hooks import Hooks

CSV_ENCODING = "utf-8-sig"
_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


def _safe_slug(slug: str) -> str:
    # The slug becomes a file name: keep it to a portable alphabet and never a path.
    cleaned = _SLUG.sub("-", str(slug)).strip("-.") or "table"
    return cleaned[:80]


def table_outputs(nb):
    """``(output, zhili_metadata)`` for every output that declares a table, in notebook order."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            meta = zhili_metadata(output)
            if meta.get(TABLE) and TABLE_MIME in output.get("data", {}):
                yield output, meta


def harvest_tables(nb, folder: Path, *, report: str, link_prefix: str) -> list[dict]:
    """Write each table of ``nb`` to ``folder/<slug>.csv``; returns one record per file.

    A slug used twice in one notebook gets ``-2``, ``-3``… so no table overwrites another.
    Each output's metadata gains ``zhili.csv`` (the link from the HTML page to its file,
    ``link_prefix/<slug>.csv``); the caller renders HTML from this in-memory notebook.
    """
    records = []
    seen: dict[str, int] = {}
    for output, meta in table_outputs(nb):
        base = _safe_slug(meta[TABLE])
        seen[base] = seen.get(base, 0) + 1
        slug = base if seen[base] == 1 else f"{base}-{seen[base]}"
        text = output["data"][TABLE_MIME]
        if isinstance(text, list):  # nbformat may store multi-line strings as a list of lines
            text = "".join(text)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slug}.csv"
        path.write_text(text, encoding=CSV_ENCODING, newline="")
        meta[CSV] = f"{link_prefix}/{slug}.csv"
        records.append({"table": slug, "title": str(meta.get(TITLE, "")), "csv": meta[CSV], "report": report})
    return records


def write_workbook(records: list[dict], folder: Path, *, report: str, link_prefix: str, hooks: Hooks) -> str | None:
    """Write the tables of ``records`` (from :func:`harvest_tables`) as ``folder/<report>-tables.xlsx``.

    Returns the link to it (``link_prefix/<report>-tables.xlsx``), or None when the report has
    no table. Each table is a sheet named by its slug; numbers stay numbers. ``hooks`` write the workbook
    and say what each column holds.
    """
    import pandas as pd

    if not records:
        return None
    tables: dict[str, pd.DataFrame] = {}
    contents, columns = [], []
    taken: set[str] = {"contents", "columns"}
    for record in records:
        text = (folder / f"{record['table']}.csv").read_text(encoding=CSV_ENCODING)
        table = pd.read_csv(io.StringIO(text)) if text.strip() else pd.DataFrame()
        sheet = hooks.sheet_name(record["table"], taken)
        taken.add(sheet)
        tables[sheet] = table
        contents.append({"sheet": sheet, "title": record["title"], "rows": len(table), "csv": Path(record["csv"]).name})
        columns += [
            {"sheet": sheet, "column": str(c), "description": hooks.describe_column(str(c))} for c in table.columns
        ]
    sheets = {"contents": pd.DataFrame(contents), **tables, "columns": pd.DataFrame(columns)}
    base = _safe_slug(report)
    path = folder / f"{base}-tables.xlsx"
    path.write_bytes(hooks.workbook_bytes(sheets))
    return f"{link_prefix}/{path.name}"


def prepare(hooks: Hooks | None = None) -> None:
    """Import what writing a workbook needs (pandas, openpyxl) and, with ``hooks``, write a small one in
    memory, so that the run's workers, forked after it called this, write their first workbook as fast
    as their last."""
    import openpyxl  # noqa: F401
    import pandas as pd

    if hooks is not None:
        hooks.workbook_bytes({"table": pd.DataFrame({"name": ["-"], "value": [1.5]})})
