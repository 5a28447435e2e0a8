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


@pytest.fixture(scope="session", autouse=True)
def validation_cache(tmp_path_factory):
    """Validation passes are remembered in a folder of the test session, not in the user's ~/.cache
    (kernels and subprocesses started by the tests inherit the variable)."""
    import os

    folder = tmp_path_factory.mktemp("validation-cache")
    previous = os.environ.get("ZHILI_CACHE_DIR")
    os.environ["ZHILI_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("ZHILI_CACHE_DIR", None)
    else:
        os.environ["ZHILI_CACHE_DIR"] = previous
