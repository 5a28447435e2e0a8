"""The package's exceptions share one base class, so that a caller (the ``zhili`` command, the
report runner, a notebook) can tell bad input, which the message explains, from a bug.

This module imports nothing: every other module may use it.
"""

from __future__ import annotations


class ZhiliError(Exception):
    """Bad input: a curated file, report.toml or a parameter that is not allowed.

    The message names the file (and the line, row or key where the format gives one) and what is
    allowed; it is meant to be shown to the user as it is, without a traceback.
    """
