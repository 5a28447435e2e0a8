"""Checking the arguments of the analysis functions and the parameters of the notebooks.

Each check returns the value normalised or raises :class:`ParameterError`, whose message names
the parameter, the bad value and what is allowed, so a bad ``as_of`` is reported the same way from
a notebook, from Python or from ``zhili run``. The notebooks' own contract (which parameters
each takes) is :mod:`zhili_data.report.params`, above the analyses it runs.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Iterable
from datetime import date, datetime

from zhili_data.core.catalog import list_reports
from zhili_data.exceptions import ParameterError
from zhili_data.language import LANGS
from zhili_data.suggest import close_matches, did_you_mean

__all__ = [
    "LANGS",
    "MAX_TOLERANCE",
    "ParameterError",
    "check_as_of",
    "check_indicators",
    "check_lang",
    "check_report",
    "check_tolerance",
]

MAX_TOLERANCE = 100.0


def check_lang(lang: object) -> str:
    """The language of a report's words, checked.

    Parameters
    ----------
    lang : object
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        Any other value.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("de")
    Traceback (most recent call last):
    ...
    zhili_data.exceptions.ParameterError: lang='de' is not allowed; lang must be one of 'zh', 'en'
    """
    if lang not in LANGS:
        raise ParameterError("lang", lang, "one of " + ", ".join(repr(x) for x in LANGS))
    return lang  # type: ignore[return-value]


def check_report(report: object) -> str:
    """A report id of the catalogue, checked.

    Parameters
    ----------
    report : object
        The id.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        Not a catalogued id; the message suggests close ones.

    Examples
    --------
    >>> check_report("zhili-2021-midyear")
    'zhili-2021-midyear'
    """
    allowed = list_reports()
    if not isinstance(report, str) or report not in allowed:
        hint = did_you_mean(close_matches(report, allowed, n=3, cutoff=0.5))
        raise ParameterError("report", report, "one of the catalogued reports: " + ", ".join(map(repr, allowed)), hint)
    return report


def check_as_of(as_of: object) -> date | None:
    """The day a target-gap table measures time at, checked.

    Parameters
    ----------
    as_of : object
        ``None`` or ``""`` (the default of each table), a ``date``, or an ISO date string.

    Returns
    -------
    date or None

    Raises
    ------
    ParameterError
        Anything else, or a date that does not exist.

    Examples
    --------
    >>> check_as_of("2021-06-30"), check_as_of("")
    (datetime.date(2021, 6, 30), None)
    """
    if as_of is None or (isinstance(as_of, str) and as_of.strip() == ""):
        return None
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    if isinstance(as_of, str):
        try:
            return date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    raise ParameterError("as_of", as_of, 'an ISO date "YYYY-MM-DD" (e.g. "2021-06-30"), or "" for the default')


def check_tolerance(tolerance: object) -> float:
    """The tolerance of the target-gap status bands, checked.

    Parameters
    ----------
    tolerance : object
        A number of percentage points from 0 to 100 (not a bool, not NaN).

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        Anything else.

    Examples
    --------
    >>> check_tolerance(5)
    5.0
    """
    allowed = f"a number of percentage points from 0 to {MAX_TOLERANCE:g} (e.g. 5.0)"
    if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real):
        raise ParameterError("tolerance", tolerance, allowed)
    value = float(tolerance)
    if math.isnan(value) or not 0 <= value <= MAX_TOLERANCE:
        raise ParameterError("tolerance", tolerance, allowed)
    return value


def check_indicators(indicators: object, allowed: Iterable[str], *, labels: dict[str, str] | None = None) -> list[str]:
    """A list of indicator ids out of ``allowed``; empty means all.

    A comma-separated string or a JSON list as text is accepted, because papermill passes
    ``-p indicators gdp,fiscal_revenue`` and ``-p indicators '["gdp","fiscal_revenue"]'`` as text.

    Parameters
    ----------
    indicators : object
        A list of ids, a comma-separated string, a JSON list as text, or None.
    allowed : iterable of str
        The ids that exist.
    labels : dict of str to str, optional
        id -> label, so that a user who typed a label is told its id.

    Returns
    -------
    list of str

    Raises
    ------
    ParameterError
        Not a list of text, or an id not allowed (with close ids).

    Examples
    --------
    >>> check_indicators("gdp, fiscal_revenue", ["gdp", "fiscal_revenue", "population"])
    ['gdp', 'fiscal_revenue']
    >>> check_indicators('["gdp", "fiscal_revenue"]', ["gdp", "fiscal_revenue", "population"])
    ['gdp', 'fiscal_revenue']
    >>> check_indicators(["gpd"], ["gdp", "population"])
    Traceback (most recent call last):
    ...
    zhili_data.exceptions.ParameterError: indicators='gpd' is not allowed; ...; did you mean 'gdp'?
    """
    allowed = list(dict.fromkeys(allowed))
    if indicators is None:
        return []
    if isinstance(indicators, str) and indicators.strip().startswith("["):
        # papermill -p indicators '["gdp","fiscal_revenue"]' passes the JSON list as text
        try:
            indicators = json.loads(indicators)
        except json.JSONDecodeError as error:
            raise ParameterError("indicators", indicators, f"a JSON list of indicator ids ({error})") from None
    elif isinstance(indicators, str):
        indicators = [part.strip() for part in indicators.split(",") if part.strip()]
    if not isinstance(indicators, (list, tuple)) or not all(isinstance(i, str) for i in indicators):
        raise ParameterError("indicators", indicators, "a list of indicator ids (strings); [] means all")
    for indicator in indicators:
        if indicator in allowed:
            continue
        by_label = [i for i, label in (labels or {}).items() if label == indicator and i in allowed]
        hint = did_you_mean(by_label or close_matches(indicator, allowed, n=5, cutoff=0.4))
        raise ParameterError(
            "indicators",
            indicator,
            "a list of ids out of: " + ", ".join(allowed),
            hint,
        )
    return list(indicators)
