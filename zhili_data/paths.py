"""Where the project's files are, in one place (as cookiecutter-data-science's ``config.py`` keeps
them), so that every command works the same from any directory.

The package's own files sit beside its code (:data:`PACKAGE_DIR`): the page templates and the
reports shipped with it. The project's folders are those of the checkout holding the package
(``pip install -e .``, which ``make setup`` does): ``data/raw``, ``data/processed``,
``notebooks`` (with ``reports.toml``) and ``outputs``. ``ZHILI_PROJECT_DIR`` names another
project folder with the same layout (for an installed, not editable, package, or to export into
a copy); paths are looked up on each call, so the variable may change while a process runs.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR_VARIABLE = "ZHILI_PROJECT_DIR"

PACKAGE_DIR = Path(__file__).resolve().parent
"""``zhili_data/``: the package's code and the files shipped with it."""
TEMPLATES_DIR = PACKAGE_DIR / "templates"
"""The nbconvert templates of the published pages."""
SHIPPED_REPORTS_DIR = PACKAGE_DIR / "reports"
"""The reports shipped with the package, one folder each."""


def project_dir() -> Path:
    """The project folder: ``$ZHILI_PROJECT_DIR`` when set, else the checkout holding the package."""
    configured = os.environ.get(PROJECT_DIR_VARIABLE, "").strip()
    return Path(configured).resolve() if configured else PACKAGE_DIR.parent


def raw_dir() -> Path:
    """``data/raw``: the sources as extracted from their PDFs, never edited."""
    return project_dir() / "data" / "raw"


def processed_dir() -> Path:
    """``data/processed``: what ``zhili export`` writes (figures.csv, datapackage.json, figures.xlsx…)."""
    return project_dir() / "data" / "processed"


def notebooks_dir() -> Path:
    """``notebooks``: the report notebooks and ``reports.toml``."""
    return project_dir() / "notebooks"


def reports_config() -> Path:
    """``notebooks/reports.toml``: the reports ``zhili run`` publishes."""
    return notebooks_dir() / "reports.toml"


def outputs_dir() -> Path:
    """``outputs``: where ``zhili run`` publishes the reports of the project's config."""
    return project_dir() / "outputs"


def umask_mode(mode: int = 0o666) -> int:
    """``mode`` with the process's umask applied: what ``open()`` would give a new file.

    A file made by ``tempfile.mkstemp`` (mode 0600) and renamed into place keeps 0600 whatever
    the umask; chmod it to this first, so that a shared folder's files stay readable to the group.

    Parameters
    ----------
    mode : int, default 0o666
        The mode before the umask (0o777 for a folder).

    Returns
    -------
    int

    Examples
    --------
    >>> previous = os.umask(0o022)
    >>> oct(umask_mode()), oct(umask_mode(0o777))
    ('0o644', '0o755')
    >>> _ = os.umask(previous)
    """
    mask = os.umask(0)
    os.umask(mask)
    return mode & ~mask
