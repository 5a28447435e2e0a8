""" "Did you mean …?" for a name that is not allowed: one matcher and one wording for every error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(value: object, allowed: Iterable[object], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` of ``allowed`` that look like ``value`` (none for a value that is not text)."""
    if not isinstance(value, str):
        return []
    return difflib.get_close_matches(value, [str(a) for a in allowed], n=n, cutoff=cutoff)


def did_you_mean(candidates: Iterable[str]) -> str:
    """``did you mean 'a', 'b'?``, or ``""`` when there is no candidate."""
    candidates = list(candidates)
    return f"did you mean {', '.join(map(repr, candidates))}?" if candidates else ""
