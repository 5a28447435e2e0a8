"""Reading a TOML file the package is configured by (a report's ``report.toml``, ``notebooks/reports.toml``):
one reader, so both say the same of a file that is missing, not UTF-8 or not TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

from zhili_data.exceptions import ZhiliError
from zhili_data.markup import BIDI_CONTROLS, bidi_problem

__all__ = ["read_toml"]


def read_toml(path: str | Path, error: type[ZhiliError], *, what: str, if_missing: str = "") -> tuple[dict, str]:
    """The tables of the TOML file at ``path`` and its text (for finding a key's line in messages).

    Parameters
    ----------
    path : str or Path
        The file.
    error : type
        The :class:`~zhili_data.exceptions.ZhiliError` to raise, carrying a message that names the file.
    what : str
        What the file is, for messages ("reports config").
    if_missing : str, optional
        What to do when the file does not exist, appended to that message.

    Returns
    -------
    (dict, str)
        The parsed TOML and the file's text.

    Raises
    ------
    error
        The file is missing, unreadable, not UTF-8 or not valid TOML.

    Examples
    --------
    >>> from zhili_data.core.catalog import ReportFileError, SHIPPED_ROOT
    >>> data, text = read_toml(SHIPPED_ROOT / "zhili-2021-midyear" / "report.toml", ReportFileError, what="report.toml")
    >>> data["id"]
    'zhili-2021-midyear'
    >>> read_toml("no-such.toml", ReportFileError, what="report.toml", if_missing="add it")
    Traceback (most recent call last):
    ...
    zhili_data.core.catalog.ReportFileError: no-such.toml: no such report.toml; add it
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise error(f"{path}: no such {what}" + (f"; {if_missing}" if if_missing else "")) from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    if message := bidi_problem(text):
        line = text[: next(i for i, ch in enumerate(text) if ch in BIDI_CONTROLS)].count("\n") + 1
        raise error(f"{path}:{line}: {message}")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
