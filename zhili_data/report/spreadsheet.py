"""Writing tables as one .xlsx workbook (openpyxl), byte for byte the same for the same tables.

Excel is where most policy researchers read tables, so the export and every published report
also come as a workbook: one sheet per table, the header row frozen and filtered, columns sized
to their content. openpyxl stamps the time into the file (the document's created and modified
times, and each zip entry's date); they are fixed here, so the same tables give the same bytes
and an unchanged export or report does not look changed.

Cells are data, never formulas. openpyxl reads any string that starts with ``=`` as a formula (and
``#N/A`` and its like as errors), so every text is written as a string cell whatever it starts
with. A CSV file has no cell types: a spreadsheet that opens it takes text starting with
``= + - @``, a tab or a carriage return for a formula, so :func:`csv_text` writes such text with a
leading single quote (the neutralisation OWASP recommends against CSV injection); numbers,
negative ones included, are written as they are.
"""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from zhili_data.exceptions import ParameterError

__all__ = [
    "FIXED_TIME",
    "FORMULA_STARTS",
    "MAX_SHEET_NAME",
    "csv_text",
    "inert_text",
    "sheet_name",
    "workbook_bytes",
]

FIXED_TIME = "2000-01-01T00:00:00Z"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31  # Excel's limit
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a CSV field as a formula (OWASP, CSV injection)."""


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def inert_text(value):
    """``value`` as a spreadsheet shows it as text: a text starting with one of :data:`FORMULA_STARTS`
    gets a leading single quote; anything else (numbers, a number written as text such as ``-3.5``,
    empty cells) is returned as it is.

    Parameters
    ----------
    value : object
        One cell.

    Returns
    -------
    object

    Examples
    --------
    >>> print(inert_text('=HYPERLINK("http://evil.example","GDP")'), inert_text("@SUM(A1)"), inert_text("-1+1"))
    '=HYPERLINK("http://evil.example","GDP") '@SUM(A1) '-1+1
    >>> inert_text(-3.5), inert_text("-3.5"), inert_text("GDP")
    (-3.5, '-3.5', 'GDP')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index, ``\n`` line ends) whose text cells no spreadsheet reads as formulas.

    Parameters
    ----------
    frame : DataFrame
        The table; the header counts as text too.

    Returns
    -------
    str

    Examples
    --------
    >>> print(csv_text(pd.DataFrame({"indicator": ["=1+1", "GDP"], "value": [-1.5, 2.0]})), end="")
    indicator,value
    '=1+1,-1.5
    GDP,2.0
    """
    inert = frame.copy()
    inert.columns = [inert_text(str(c)) for c in frame.columns]
    for column in inert.columns:
        if inert[column].dtype == object or pd.api.types.is_string_dtype(inert[column]):
            inert[column] = inert[column].map(inert_text)
    return inert.to_csv(index=False, lineterminator="\n")


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """``name`` as an Excel sheet name: no []:*?/\\, at most 31 characters, unique among ``taken``.

    Parameters
    ----------
    name : str
        The wanted name.
    taken : set of str, optional
        Names already used in the workbook (compared ignoring case, as Excel does).

    Returns
    -------
    str

    Examples
    --------
    >>> sheet_name("a/b:c"), sheet_name("Growth", {"growth"})
    ('a-b-c', 'Growth-2')
    """
    base = _SHEET_FORBIDDEN.sub("-", str(name)).strip("'") or "sheet"
    base = base[:MAX_SHEET_NAME]
    taken = taken or set()
    candidate, n = base, 1
    while candidate.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f"-{n}"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
    return candidate


def _cell_value(value):
    # openpyxl writes pandas' NA and NaN as errors or text; an empty cell is what a reader expects.
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars
    return value


def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """The .xlsx file holding each frame of ``sheets`` (name -> frame) as a sheet, in order.

    Parameters
    ----------
    sheets : dict of str to DataFrame
        Sheet name -> frame, in order.

    Returns
    -------
    bytes
        The same bytes for the same sheets (fixed timestamps).

    Raises
    ------
    ParameterError
        No sheet.

    Examples
    --------
    >>> import io
    >>> content = workbook_bytes({"figures": pd.DataFrame({"指标": ["地区生产总值"], "value": [181.0]})})
    >>> pd.read_excel(io.BytesIO(content), sheet_name=None)["figures"]
           指标  value
    0  地区生产总值    181
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if not sheets:
        raise ParameterError("a workbook needs at least one sheet")
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        title = sheet_name(name, taken)
        taken.add(title)
        sheet = book.create_sheet(title)
        columns = [str(c) for c in frame.columns]
        sheet.append(columns)
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell_value(v) for v in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl took '=…' for a formula and '#N/A' for an error
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top")
        sheet.freeze_panes = "B2"  # the header row and the first (identifying) column stay in view
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(frame) + 1, 1)}"
        for index, column in enumerate(columns, start=1):
            lengths = [_width(column)] + [_width(v) for v in frame.iloc[:200, index - 1]]
            sheet.column_dimensions[get_column_letter(index)].width = min(max(lengths) + 2, 60)
    book.properties.creator = "zhili_data"
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable(buffer.getvalue())


def _width(value) -> float:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters are two columns wide


def _stable(data: bytes) -> bytes:
    """The same workbook with fixed document times and zip entry dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + FIXED_TIME.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
