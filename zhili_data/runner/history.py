"""``history.json``: the last runs that published the output folder, newest first.

Each run records when it started (with its time zone), how long it took and, per report, whether
it ran and was ok, failed, was reused unchanged or was kept as published (not selected with
``--only``). The list is carried from folder to folder and cut to :data:`MAX_RUNS`; the index page
shows it. A run that publishes nothing (refused, interrupted, up to date) leaves no record.
"""

from __future__ import annotations

import json
from pathlib import Path

HISTORY_NAME = "history.json"
MAX_RUNS = 30
STATUSES = ("ok", "failed", "reused", "kept")


def read_history(out: Path) -> list[dict]:
    """The runs recorded in ``out``; an empty list when there are none or the file is damaged."""
    try:
        runs = json.loads((out / HISTORY_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(runs, list):
        return []
    return [
        r
        for r in runs
        if isinstance(r, dict) and isinstance(r.get("started"), str) and isinstance(r.get("reports"), list)
    ]


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
    path.write_text(json.dumps(runs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
