"""The package's exceptions share one base class, so that a caller (the ``zhili`` command, the
report runner, a notebook) can tell bad input, which the message explains, from a bug.

Every exception the package raises on purpose derives from :class:`ZhiliError`; most also derive
from the builtin a caller would expect (``ValueError`` for a value that is not allowed, ``KeyError``
for an unknown id, ``OSError`` for a folder that cannot be published), so ``except ValueError``
keeps working. The ``zhili`` command prints a :class:`ZhiliError` as a message and exits 2; any
other exception is a bug and shows its traceback.

This module imports nothing: every other module may use it.
"""

from __future__ import annotations

__all__ = ["ParameterError", "ZhiliError"]


class ZhiliError(Exception):
    """Bad input: a curated file, report.toml or a parameter that is not allowed.

    The message names the file (and the line, row or key where the format gives one) and what is
    allowed; it is meant to be shown to the user as it is, without a traceback.

    Examples
    --------
    >>> from zhili_data.core.figures import figure
    >>> try:
    ...     figure("no-such-figure")
    ... except ZhiliError as error:
    ...     print(type(error).__name__)
    FigureNotFoundError
    """


_WHOLE_MESSAGE = object()


class ParameterError(ZhiliError, ValueError):
    """A parameter has a value that is not allowed; the message names both and what is allowed.

    Raised by the checks of a notebook's parameters (:mod:`zhili_data.report.params`), by analysis
    functions given an argument they cannot use, and by ``zhili run`` for a ``--param`` that no
    report declares.

    Parameters
    ----------
    name : str
        The parameter's name; or, given alone, the whole message.
    value : object, optional
        The value that is not allowed.
    allowed : str, optional
        What is allowed, worded to follow "must be".
    hint : str, optional
        A suggestion appended to the message (``did you mean 'gdp'?``).

    Examples
    --------
    >>> str(ParameterError("lang", "de", "one of 'zh', 'en'"))
    "lang='de' is not allowed; lang must be one of 'zh', 'en'"
    >>> str(ParameterError("--param x=1: no report in this run has a parameter 'x'"))
    "--param x=1: no report in this run has a parameter 'x'"
    """

    def __init__(self, name: str, value: object = _WHOLE_MESSAGE, allowed: str = "", hint: str = "") -> None:
        if value is _WHOLE_MESSAGE:
            self.name = self.value = self.allowed = None
            super().__init__(name)
            return
        self.name = name
        self.value = value
        self.allowed = allowed
        message = f"{name}={value!r} is not allowed; {name} must be {allowed}"
        if hint:
            message += f"; {hint}"
        super().__init__(message)
