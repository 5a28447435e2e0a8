"""The data gate: a report's curated figures are used only once ``zhili validate`` passes them.

:func:`require_valid` runs the checks of ``zhili validate`` (schema, each row against the source,
free text, exclusions and coverage) and raises :class:`zhili_data.core.validate.FiguresInvalid`, listing
every problem by file, line, figure and column, when any fails. ``load_figures()`` calls it before
anything is read, and so does ``zhili run`` before any kernel starts.

Validation costs about a second (pandera and the coverage scan), far beyond the loader's budget,
and every report runs in a fresh kernel. So a pass is remembered: a stamp file named after the
sha256 of every input of the verdict (each file of the report's folder and the package's own code)
in :func:`cache_dir`. Changing a byte of figures.csv, report.toml or the validator validates again;
a failure is never remembered. The stamp is only an optimisation: if the folder cannot be written,
every call validates.

``ZHILI_SKIP_VALIDATION=1`` turns the loader's gate off, for an expert who wants to see what invalid
data would give (``zhili run --no-validate`` sets it for the notebooks it runs). Nothing else does.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from zhili_data import paths
from zhili_data.core.catalog import get_report
from zhili_data.protocol import SKIP_VALIDATION_VARIABLE

__all__ = [
    "CACHE_DIR_VARIABLE",
    "SKIP_VARIABLE",
    "cache_dir",
    "inputs_digest",
    "require_valid",
    "skipped",
]

CACHE_DIR_VARIABLE = "ZHILI_CACHE_DIR"
SKIP_VARIABLE = SKIP_VALIDATION_VARIABLE


def cache_dir() -> Path:
    """Where passes are remembered: ``$ZHILI_CACHE_DIR``, else ``$XDG_CACHE_HOME/zhili_data``, else ``~/.cache/zhili_data``.

    Returns
    -------
    Path

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"ZHILI_CACHE_DIR": "/tmp/zhili-cache"}):
    ...     cache_dir().as_posix()
    '/tmp/zhili-cache'
    """
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhili_data"


def inputs_digest(report: str) -> str:
    """sha256 over every file of the report's folder and every module of the package, names included.

    Parameters
    ----------
    report : str
        The report's id.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> len(inputs_digest("zhili-2021-midyear"))
    64
    """
    digest = hashlib.sha256()
    folder = get_report(report).folder
    for path in sorted(p for p in folder.iterdir() if p.is_file()) + sorted(paths.PACKAGE_DIR.glob("*.py")):
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def skipped() -> bool:
    """Whether ``$ZHILI_SKIP_VALIDATION`` asks to skip the check (1, true or yes).

    Returns
    -------
    bool

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {SKIP_VARIABLE: "1"}):
    ...     skipped()
    True
    """
    return os.environ.get(SKIP_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def require_valid(report: str, *, skippable: bool = True) -> None:
    """Raise ``FiguresInvalid`` (every problem listed) unless the report's curated files pass ``zhili validate``.

    ``skippable=False`` (the data gate of ``zhili run``, which has its own ``--no-validate``)
    validates even when ``ZHILI_SKIP_VALIDATION`` is set.

    Parameters
    ----------
    report : str
        The report's id.
    skippable : bool, default True
        Whether ``$ZHILI_SKIP_VALIDATION`` may skip the check.

    Returns
    -------
    None

    Raises
    ------
    FiguresInvalid
        With every problem.

    Examples
    --------
    >>> require_valid("zhili-2021-midyear")  # valid: nothing is raised, and the pass is remembered
    """
    if skippable and skipped():
        return
    try:
        stamp = cache_dir() / f"valid-{report}-{inputs_digest(report)}"
    except (OSError, RuntimeError):  # no home folder, say: validate every time
        stamp = None
    if stamp is not None and stamp.is_file():
        return
    from zhili_data.core.validate import check_report

    check_report(report)
    if stamp is not None:
        _remember(stamp)


def _remember(stamp: Path) -> None:
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=stamp.parent, prefix=".stamp-")
        os.close(handle)
        os.replace(temporary, stamp)
    except OSError:
        pass  # an unwritable cache only costs time
