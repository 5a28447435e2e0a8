"""Exporting the figures as CSV with a Frictionless Data Package descriptor, and as a workbook.

The descriptor is built from ``zhili_data.core.schema``, the same column definitions the loader
and the validator use, so ``datapackage.json`` can never describe a column differently.
``figures.xlsx`` holds the same figures and exclusions, the three analysis tables (growth,
shares, target gap) and a ``columns`` sheet describing every column of every sheet.
The output is deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from zhili_data import paths
from zhili_data.core import analysis
from zhili_data.core.catalog import get_report, list_reports
from zhili_data.core.curated import read_table
from zhili_data.core.figures import load_figures
from zhili_data.core.readings import READING_COLUMNS, READING_FIELDS, readings_path
from zhili_data.core.schema import COLUMNS, EXCLUSION_COLUMNS, EXCLUSION_REASONS
from zhili_data.exceptions import ZhiliError
from zhili_data.report import labels
from zhili_data.report.display import flat_table
from zhili_data.report.glossary import describe
from zhili_data.report.spreadsheet import csv_text, workbook_bytes
from zhili_data.version import CITATION_FILE, CODE_LICENSE, DATA_LICENSE, DATA_LICENSE_URL, __version__

__all__ = [
    "ExportError",
    "datapackage",
    "exclusions_csv",
    "export",
    "figures_csv",
    "readings_csv",
    "workbook_sheets",
]


class ExportError(ZhiliError, OSError):
    """The export folder cannot be made or written; the files already there are unchanged."""


_EXCLUSION_FIELDS = {
    "mention": ("Mention", "A numeric mention of the source, as the coverage scan finds it."),
    "context": ("Context", "Snippet of the source around the mention (empty: every occurrence of the mention)."),
    "reason": (
        "Reason",
        "Why the mention is not a figure: " + "; ".join(f"{k}: {v}" for k, v in EXCLUSION_REASONS.items()),
    ),
    "figure_id": ("Figure", "The curated figure a threshold, period or repeat belongs to."),
    "note": ("Note", "Curator's remark."),
}


def _field(column) -> dict:
    field = {"name": column.name, "type": column.type, "title": column.title, "description": column.description}
    constraints = {"required": column.required}
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = column.pattern
    field["constraints"] = constraints
    if column.derived:
        field["description"] += f" ({column.origin})"
    return field


def _number(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.15g}"


def figures_csv(reports: list[str]) -> str:
    """The figures of the reports as one CSV text, numbers written in full (at most 15 digits).

    Parameters
    ----------
    reports : list of str
        The reports' ids, in the order their rows are written.

    Returns
    -------
    str
        The CSV with the columns of :data:`zhili_data.core.schema.COLUMNS`, one line per figure.

    Examples
    --------
    >>> lines = figures_csv(["zhili-2021-midyear"]).splitlines()
    >>> lines[0].split(",")[:4], len(lines)
    (['report_id', 'figure_id', 'indicator_id', 'indicator'], 92)
    """
    table = pd.concat([load_figures(r) for r in reports], ignore_index=True)
    for column in COLUMNS:
        if column.type == "number":
            table[column.name] = table[column.name].map(_number)
    return csv_text(table)


def exclusions_csv(reports: list[str]) -> str:
    """The exclusions of the reports (numeric mentions that are no figure) as one CSV text.

    Parameters
    ----------
    reports : list of str
        The reports' ids.

    Returns
    -------
    str
        exclusions.csv of each report as curated, with a ``report_id`` column in front.

    Examples
    --------
    >>> exclusions_csv(["zhili-2021-midyear"]).splitlines()[:2]
    ['report_id,mention,context,reason,figure_id,note', 'zhili-2021-midyear,2021,2021年8月6日,date,,date of the session']
    """
    tables = []
    for report in reports:
        table = read_table(get_report(report).exclusions_path).reset_index(drop=True)
        table.insert(0, "report_id", report)
        tables.append(table)
    return csv_text(pd.concat(tables, ignore_index=True)[["report_id", *EXCLUSION_COLUMNS]])


def readings_csv(reports: list[str]) -> str:
    """The readings of the reports (what a figure may cover) as one CSV text.

    Parameters
    ----------
    reports : list of str
        The reports' ids; a report without readings.csv adds no row.

    Returns
    -------
    str
        readings.csv of each report exactly as curated, with a ``report_id`` column in front.

    Examples
    --------
    >>> readings_csv(["zhili-2021-midyear"]).splitlines()[0]
    'report_id,reading_id,figure_id,main,period,population,note'
    """
    tables = []
    for report in reports:
        path = readings_path(report)
        if path.is_file():
            table = read_table(path).reset_index(drop=True)
            table.insert(0, "report_id", report)
            tables.append(table)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["report_id", *READING_COLUMNS])
    return csv_text(table[["report_id", *READING_COLUMNS]])


def _per_report(build, reports: list[str]) -> pd.DataFrame:
    tables = []
    for report in reports:
        table = build(report).reset_index(drop=True)
        table.insert(0, "report_id", report)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def workbook_sheets(reports: list[str], *, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The sheets of figures.xlsx, as frames.

    Parameters
    ----------
    reports : list of str
        The reports' ids.
    lang : {"zh", "en"}, default "zh"
        The language the caveats of the analysis tables are worded in.

    Returns
    -------
    dict of str to DataFrame
        figures, exclusions, readings, growth, shares, target_gap, and columns (every column of
        every sheet, with its title and description).

    Examples
    --------
    >>> list(workbook_sheets(["zhili-2021-midyear"]))
    ['figures', 'exclusions', 'readings', 'growth', 'shares', 'target_gap', 'columns']
    """
    figures = pd.concat([load_figures(r) for r in reports], ignore_index=True)
    exclusions = _per_report(lambda r: read_table(get_report(r).exclusions_path)[list(EXCLUSION_COLUMNS)], reports)
    readings = pd.read_csv(io.StringIO(readings_csv(reports)), dtype=str, keep_default_na=False)
    sheets = {
        "figures": figures,
        "exclusions": exclusions,
        "readings": readings,
        # the analysis tables hold caveat codes; the workbook words them too, in ``lang``, and writes
        # their computations out and joins their lists of codes and ids (flat_table)
        "growth": _per_report(
            lambda r: flat_table(labels.with_caveats(analysis.growth_table(report=r), lang)), reports
        ),
        "shares": _per_report(lambda r: flat_table(labels.with_caveats(analysis.share_table(report=r), lang)), reports),
        "target_gap": _per_report(
            lambda r: flat_table(labels.with_caveats(analysis.target_gap_table(report=r), lang)), reports
        ),
    }
    titles = {c.name: c.title for c in COLUMNS}
    rows = []
    for sheet, table in sheets.items():
        for column in table.columns:
            title_zh = labels.column(column, "zh")
            rows.append(
                {
                    "sheet": sheet,
                    "column": column,
                    "title": titles.get(column) or labels.column(column, "en"),
                    "title_zh": "" if title_zh == column else title_zh,
                    "description": describe(column, table=sheet),
                }
            )
    sheets["columns"] = pd.DataFrame(rows)
    return sheets


_REPORT_FIELD = {
    "name": "report_id",
    "type": "string",
    "title": "Report",
    "description": "Report the row belongs to.",
    "constraints": {"required": True},
}
"""The field that opens every resource: the report a row belongs to."""


def _package_source(report: str) -> dict:
    """A report's source text as a data package lists it, with its sha256."""
    entry = get_report(report)
    return {
        "title": f"{entry.title}（{entry.delivered.isoformat()}）",
        "path": f"data/raw/{entry.source_file}",
        "sha256": entry.source_sha256,
        "description": f"{entry.title_en}, {entry.venue_en}, {entry.delivered.isoformat()}. {entry.source_note}",
    }


def _exclusion_fields() -> list[dict]:
    """The fields of exclusions.csv (after the report), the reason one of :data:`EXCLUSION_REASONS`."""
    fields = []
    for name, (title, description) in _EXCLUSION_FIELDS.items():
        field = {"name": name, "type": "string", "title": title, "description": description}
        if name == "reason":
            field["constraints"] = {"required": True, "enum": list(EXCLUSION_REASONS)}
        fields.append(field)
    return fields


def _reading_fields() -> list[dict]:
    """The fields of readings.csv (after the report), all required but the population."""
    return [
        {
            "name": name,
            "type": "string",
            "title": title,
            "description": description,
            "constraints": {"required": name not in ("population",)},
        }
        for name, (title, description) in READING_FIELDS.items()
    ]


def _resource(
    name: str, text: str, title: str, description: str, fields: list[dict], primary_key: list[str] | None
) -> dict:
    """One CSV of the package: its schema, bytes and hash."""
    schema = {"fields": fields, "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = primary_key
    return {
        "name": name,
        "path": f"{name}.csv",
        "title": title,
        "description": description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(text.encode("utf-8")),
        "hash": "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "schema": schema,
    }


def datapackage(reports: list[str], files: dict[str, str]) -> dict:
    """The Frictionless Data Package descriptor (datapackage.json) of an export.

    Parameters
    ----------
    reports : list of str
        The reports' ids; each source text is listed with its sha256.
    files : dict of str to str
        The CSV texts by resource name (figures, exclusions, readings): each resource records its
        bytes and hash.

    Returns
    -------
    dict
        The descriptor, its fields built from :mod:`zhili_data.core.schema`.

    Examples
    --------
    >>> reports = ["zhili-2021-midyear"]
    >>> files = {"figures": figures_csv(reports), "exclusions": exclusions_csv(reports), "readings": readings_csv(reports)}
    >>> package = datapackage(reports, files)
    >>> package["profile"], [resource["name"] for resource in package["resources"]]
    ('tabular-data-package', ['figures', 'exclusions', 'readings'])
    """

    def resource(name: str, title: str, description: str, fields: list[dict], primary_key: list[str] | None) -> dict:
        return _resource(name, files[name], title, description, fields, primary_key)

    return {
        "profile": "tabular-data-package",
        "name": "zhili-report-figures",
        "title": "织里镇政府工作报告数据 / Figures of the Zhili town government work reports",
        "description": "Every quantitative statement of the reports, one row each, traced to its clause (quote, page, section) "
        "with unit, period, basis and hedge; and every other numeric mention of the source with the reason it is not a figure.",
        "version": __version__,
        "licenses": [
            {"name": DATA_LICENSE, "title": "Creative Commons Attribution 4.0 International", "path": DATA_LICENSE_URL}
        ],
        "x-code-license": CODE_LICENSE,
        "x-citation": f"{CITATION_FILE} at the root of the project: how to cite this dataset",
        "sources": [_package_source(report) for report in reports],
        "resources": [
            resource(
                "figures",
                "Figures",
                "One row per quantitative statement.",
                [_field(c) for c in COLUMNS],
                ["report_id", "figure_id"],
            ),
            resource(
                "exclusions",
                "Excluded mentions",
                "Numeric mentions of the source that are not figures, with the reason.",
                [_REPORT_FIELD, *_exclusion_fields()],
                None,
            ),
            resource(
                "readings",
                "Readings",
                "Where the report leaves a choice open about a figure (its cut-off, its start, the period of a plan, "
                "the population counted): the reading figures.csv follows and each alternative, with a note.",
                [_REPORT_FIELD, *_reading_fields()],
                ["report_id", "reading_id"],
            ),
        ],
        "x-produced-by": f"zhili_data {__version__} (zhili export)",
    }


def _write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` through a temporary file and a rename."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise ExportError(f"{path}: cannot write into {path.parent}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, paths.umask_mode())  # mkstemp makes it 0600; an export is read by others
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(
            f"{path}: cannot write it: {error.strerror or error}; the previous file is unchanged"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(out: str | Path | None = None, *, reports: list[str] | None = None) -> list[Path]:
    """Write figures.csv, exclusions.csv, readings.csv, datapackage.json and figures.xlsx into a folder.

    Every file is built in memory first and replaced atomically, so a failure leaves the
    previous export whole. The output is deterministic: the same inputs give the same bytes.

    Parameters
    ----------
    out : str or Path, optional
        The folder, made if missing; default: ``data/processed`` of the project
        (:func:`zhili_data.paths.processed_dir`), wherever the command runs.
    reports : list of str, optional
        The reports' ids; default: every report of the catalogue.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ExportError
        The folder cannot be made or a file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in export(folder)]
    ['figures.csv', 'exclusions.csv', 'readings.csv', 'datapackage.json', 'figures.xlsx']
    """
    out = paths.processed_dir() if out is None else out
    reports = list(reports or list_reports())
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"{out}: cannot make the export folder: {error.strerror or error}") from None
    files = {"figures": figures_csv(reports), "exclusions": exclusions_csv(reports), "readings": readings_csv(reports)}
    descriptor = json.dumps(datapackage(reports, files), ensure_ascii=False, indent=2) + "\n"
    workbook = workbook_bytes(workbook_sheets(reports))
    written = []
    for name, text in [*((f"{k}.csv", v) for k, v in files.items()), ("datapackage.json", descriptor)]:
        _write_atomic(out / name, text)
        written.append(out / name)
    _write_atomic(out / "figures.xlsx", workbook)
    written.append(out / "figures.xlsx")
    return written
