"""Shared fixtures."""

import csv
from pathlib import Path

import pytest


@pytest.fixture
def write_csv(tmp_path):
    """Write rows (dicts) to a CSV in tmp_path with the given header; returns its path."""

    def write(name: str, columns, rows) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            for row in rows:
                writer.writerow({c: row.get(c, "") for c in columns})
        return path

    return write


@pytest.fixture(scope="module")
def figures():
    """The shipped report's figures, as ``load_figures`` gives them: a fresh copy for each test module,
    which may modify it."""
    from zhili_data.core.catalog import DEFAULT_REPORT
    from zhili_data.core.figures import load_figures

    return load_figures(DEFAULT_REPORT)
