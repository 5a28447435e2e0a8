"""What a process of a run sets up for itself: it ends when its parent does, carries a name ``ps``
shows, and skips an import-time cost of jsonschema.

Each function acts on the calling process only, and only when called: importing this module (or
:mod:`zhili_data.publish`) changes nothing.
"""

from __future__ import annotations

import os
import sys

PR_SET_PDEATHSIG = 1  # prctl options (linux/prctl.h)
PR_SET_NAME = 15


def _prctl(option: int, value) -> bool:
    """Linux's prctl(2) for this process; False where it is not available or refused."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(signum: int, parent: int | None = None) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent dies (even by SIGKILL).

    Parameters
    ----------
    signum : int
        The signal this process gets when its parent dies (``signal.SIGTERM``, ``signal.SIGKILL``).
    parent : int, optional
        The pid of the process that started this one, when known. Given, a parent that died before
        the request took effect (this process was handed to another parent) is noticed; by default
        the parent at the time of the call is taken.

    Returns
    -------
    bool
        False when the parent has died already, so the request will never fire: the caller should
        end. True otherwise, also where the request is not available (not Linux).

    Examples
    --------
    >>> import signal
    >>> die_with_parent(signal.SIGTERM, parent=os.getppid())  # the test runner lives on
    True
    >>> _prctl(PR_SET_PDEATHSIG, 0)  # and this process no longer dies with it
    True
    """
    expected = os.getppid() if parent is None else parent
    _prctl(PR_SET_PDEATHSIG, signum)
    return os.getppid() == expected


def set_name(name: str) -> None:
    """The name ``ps`` and ``top`` show for this process (Linux; at most 15 bytes are kept).

    Parameters
    ----------
    name : str
        The process name.

    Returns
    -------
    None

    Examples
    --------
    >>> before = open("/proc/self/comm").read().strip()
    >>> set_name("zhili-doctest")
    >>> open("/proc/self/comm").read().strip()
    'zhili-doctest'
    >>> set_name(before)
    """
    _prctl(PR_SET_NAME, name.encode()[:15])


def skip_iri_grammar() -> None:
    """Keep jsonschema from building its IRI grammar in this process.

    jsonschema, imported by nbformat (which papermill and nbconvert import), builds a Lark grammar
    at import when the optional ``rfc3987_syntax`` package is installed: about 1.2 s of CPU in
    every process, only to check "iri" formats, which the notebook schema has none of. A ``None``
    entry in ``sys.modules`` makes that optional import fail at once, and jsonschema skips it (it
    imports it inside ``suppress(ImportError)``). Call it before nbformat is imported: the run
    does at its start, and the workers' preload. Not the kernel server: a kernel forked from it
    must be able to import the package as a plain kernel can. Nothing calls it at import.

    Returns
    -------
    None

    Examples
    --------
    >>> import sys
    >>> skip_iri_grammar()
    >>> "rfc3987_syntax" in sys.modules
    True
    """
    sys.modules.setdefault("rfc3987_syntax", None)
