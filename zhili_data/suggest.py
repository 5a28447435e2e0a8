""" "Did you mean …?" for a name that is not allowed: one matcher and one wording for every error.

:func:`close_matches` finds the allowed names that look like the one given, :func:`did_you_mean`
words them, and :func:`suggestion` does both for the middle of a sentence.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["close_matches", "did_you_mean", "suggestion"]


def close_matches(value: object, allowed: Iterable[object], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The entries of ``allowed`` that look like ``value``, closest first.

    Parameters
    ----------
    value : object
        The name that is not allowed; a value that is not text matches nothing.
    allowed : iterable
        The names that are allowed.
    n : int, default 3
        At most this many matches.
    cutoff : float, default 0.6
        How alike (0 to 1, :func:`difflib.get_close_matches`) a match must be.

    Returns
    -------
    list of str

    Examples
    --------
    >>> close_matches("gpd", ["gdp", "population", "gdp_growth"])
    ['gdp']
    >>> close_matches(3, ["gdp"])
    []
    """
    if not isinstance(value, str):
        return []
    return difflib.get_close_matches(value, [str(a) for a in allowed], n=n, cutoff=cutoff)


def did_you_mean(candidates: Iterable[str]) -> str:
    """The one wording of a suggestion: ``did you mean 'a', 'b'?``.

    Parameters
    ----------
    candidates : iterable of str
        The names to suggest, most likely first.

    Returns
    -------
    str
        The question, or ``""`` when there is no candidate.

    Examples
    --------
    >>> did_you_mean(["gdp", "gdp_growth"])
    "did you mean 'gdp', 'gdp_growth'?"
    >>> did_you_mean([])
    ''
    """
    candidates = list(candidates)
    return f"did you mean {', '.join(map(repr, candidates))}?" if candidates else ""


def suggestion(value: object, allowed: Iterable[object], *, n: int = 1, cutoff: float = 0.6) -> str:
    """:func:`did_you_mean` for the names of ``allowed`` close to ``value``, as an aside in parentheses.

    Parameters
    ----------
    value : object
        The name that is not allowed.
    allowed : iterable
        The names that are allowed.
    n : int, default 1
        At most this many suggestions.
    cutoff : float, default 0.6
        How alike a suggestion must be (see :func:`close_matches`).

    Returns
    -------
    str
        ``" (did you mean 'x'?)"``, or ``""`` when no allowed name is close.

    Examples
    --------
    >>> f"unknown key 'titel'{suggestion('titel', ['title', 'notebook'])}"
    "unknown key 'titel' (did you mean 'title'?)"
    >>> suggestion("zzz", ["title"])
    ''
    """
    hint = did_you_mean(close_matches(value, allowed, n=n, cutoff=cutoff))
    return f" ({hint})" if hint else ""
