"""What the tests and the package's doctests (``--doctest-modules`` on zhili_data) share."""

import os

import pytest

# `python -m zhili_data.publish` runs the command: importing it is no test.
collect_ignore = ["zhili_data/publish/__main__.py"]


@pytest.fixture(scope="session", autouse=True)
def validation_cache(tmp_path_factory):
    """Validation passes are remembered in a folder of the test session, not in the user's ~/.cache
    (kernels and subprocesses started by the tests inherit the variable)."""
    folder = tmp_path_factory.mktemp("validation-cache")
    previous = os.environ.get("ZHILI_CACHE_DIR")
    os.environ["ZHILI_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("ZHILI_CACHE_DIR", None)
    else:
        os.environ["ZHILI_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    """The names every example may use without importing them: pandas as pd, and the package."""
    import pandas as pd

    import zhili_data

    doctest_namespace.update(pd=pd, zhili_data=zhili_data)
