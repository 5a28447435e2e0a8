"""One report in a worker: the record it returns and the error record a failure leaves in the manifest."""

from __future__ import annotations

import nbformat
from papermill.exceptions import PapermillExecutionError

from zhili_data.publish.execute import _error_of, _Limits, error_record, report_record

ERROR_FIELDS = ["ename", "evalue", "cell_index", "execution_count", "cell_source", "traceback"]


def test_a_report_record_starts_empty_and_a_dead_workers_record_says_why():
    record = report_record("growth")
    assert (record["name"], record["status"], record["seconds"], record["error"]) == ("growth", "ok", 0.0, None)
    # nothing produced yet: every file it may publish is named as absent
    assert {"tables", "xlsx", "html", "executed_notebook"} <= set(record)
    assert all(not record[key] for key in set(record) - {"name", "status"})
    died = error_record("WorkerDied", "the worker process running it died")
    record = report_record("growth", status="failed", error=died)
    assert record["status"] == "failed" and record["error"]["ename"] == "WorkerDied"
    assert list(died) == ERROR_FIELDS and died["cell_index"] is None and died["traceback"] == ""


def test_a_cell_error_names_its_cell_and_drops_terminal_colours():
    error = PapermillExecutionError(
        cell_index=3,
        exec_count=4,
        source="1/0",
        ename="ZeroDivisionError",
        evalue="division by zero",
        traceback=["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"],
    )
    record = _error_of(error)
    assert list(record) == ERROR_FIELDS
    assert (record["cell_index"], record["execution_count"], record["cell_source"]) == (3, 4, "1/0")
    assert record["traceback"] == "ZeroDivisionError: division by zero"


def test_any_other_failure_keeps_its_python_traceback():
    try:
        {}["missing"]
    except KeyError as exc:
        record = _error_of(exc)
    assert record["ename"] == "KeyError" and record["cell_index"] is None
    assert record["traceback"].startswith("Traceback (most recent call last)")


def test_a_time_limit_names_the_cell_that_ran_too_long():
    limits = _Limits(cell_timeout=10, report_timeout=None)
    cell = nbformat.v4.new_code_cell("import time; time.sleep(60)", execution_count=2)
    limits._cell(cell, 5)
    assert limits(cell) == 10
    record = limits.error()
    assert record["ename"] == "CellTimeout" and "longer than 10 s" in record["evalue"]
    assert (record["cell_index"], record["execution_count"], record["cell_source"]) == (5, 2, cell.source)
    whole = _Limits(cell_timeout=None, report_timeout=15)
    whole(cell)
    assert whole.error()["ename"] == "ReportTimeout" and "limit of 15 s" in whole.error()["evalue"]
