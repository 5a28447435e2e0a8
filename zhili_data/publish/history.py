"""``history.json``: the last runs that published the output folder, newest first.

Each run records when it started (with its time zone), how long it took and, per report, whether
it ran and was ok, failed, was reused unchanged or was kept as published (not selected with
``--only``). The list is carried from folder to folder and cut to :data:`MAX_RUNS`; the index page
shows it. A run that publishes nothing (refused, interrupted, up to date) leaves no record.

The file is read by schema (:data:`RUN_SCHEMA`): a damaged one (not JSON, a field of the wrong
type, nested too deep, too large) is kept beside the new history as ``history.json.bad-<time>``,
the run's log says so, and a new history starts with the run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from zhili_data.publish.statefile import INTEGER, NUMBER, ListOf, Required, StateFileError, check, read_json

HISTORY_NAME = "history.json"
MAX_RUNS = 30
STATUSES = ("ok", "failed", "reused", "kept")


RUN_SCHEMA = {
    "started": Required(str),
    "seconds": Required(NUMBER),
    "counts": Required({status: Required(INTEGER) for status in STATUSES}),
    "reports": Required(ListOf({"name": Required(str), "status": Required(STATUSES)})),
}
"""What one run of ``history.json`` holds, every field of its type."""
MAX_BYTES = 4 * 1024 * 1024  # thirty runs of a few hundred reports each


class HistoryError(StateFileError):
    """``history.json`` is damaged: the run sets it aside and starts a new one."""


def load_history(out: Path) -> list[dict]:
    """The runs recorded in ``out`` (none when there is no history.json); :class:`HistoryError` when it is damaged.

    Each run is checked against :data:`RUN_SCHEMA` and kept with those fields only."""
    try:
        runs = read_json(out / HISTORY_NAME, max_bytes=MAX_BYTES)
    except FileNotFoundError:
        return []
    except StateFileError as exc:
        raise HistoryError(str(exc)) from None
    try:
        check(runs, ListOf(RUN_SCHEMA), "history")
    except StateFileError as exc:
        raise HistoryError(str(exc)) from None
    return [{key: run[key] for key in RUN_SCHEMA} for run in runs][:MAX_RUNS]


def set_aside(out: Path, folder: Path, stamp: str) -> Path:
    """Keep a damaged ``out/history.json`` in ``folder`` as ``history.json.bad-<stamp>`` (a copy: the
    published file is never touched); returns the copy's path."""
    kept = folder / f"{HISTORY_NAME}.bad-{stamp}"
    shutil.copyfile(out / HISTORY_NAME, kept)
    return kept


def add_run(runs: list[dict], run: dict) -> list[dict]:
    """``run`` in front of ``runs``, the whole cut to the last :data:`MAX_RUNS`."""
    return [run, *runs][:MAX_RUNS]


def run_record(*, started: str, seconds: float, reports: dict[str, str]) -> dict:
    """One run: ``reports`` maps each report's name to one of :data:`STATUSES`."""
    counts = {status: sum(s == status for s in reports.values()) for status in STATUSES}
    return {
        "started": started,
        "seconds": round(seconds, 1),
        "counts": counts,
        "reports": [{"name": name, "status": status} for name, status in reports.items()],
    }


def write_history(folder: Path, runs: list[dict]) -> Path:
    path = folder / HISTORY_NAME
    path.unlink(missing_ok=True)  # a new file: never written through a link to a published one
    path.write_text(json.dumps(runs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
