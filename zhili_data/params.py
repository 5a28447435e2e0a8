"""Checking the parameters of the notebooks and of the analysis functions.

papermill injects whatever the caller passed (``-p lang klingon``); the cell after the
``parameters`` cell calls :func:`validate_parameters`, which stops the run with an error naming
the parameter, the bad value and what is allowed. The analysis functions use the same checks,
so a bad ``as_of`` is reported the same way from a notebook or from Python.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from datetime import date, datetime

from zhili_data.catalog import DEFAULT_REPORT, list_reports
from zhili_data.exceptions import ZhiliError
from zhili_data.suggest import close_matches, did_you_mean

LANGS = ("zh", "en")
NOTEBOOKS = ("overview", "growth", "share", "target_gap")

# The parameters each notebook takes (the contract with notebooks/reports.toml).
NOTEBOOK_PARAMETERS = {
    "overview": ("report", "lang", "as_of", "tolerance"),
    "growth": ("report", "lang", "indicators"),
    "share": ("report", "lang", "indicators"),
    "target_gap": ("report", "lang", "as_of", "tolerance"),
}

MAX_TOLERANCE = 100.0


class ParameterError(ZhiliError, ValueError):
    """A parameter has a value that is not allowed; the message names both and what is allowed."""

    def __init__(self, name: str, value: object, allowed: str, hint: str = "") -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        message = f"{name}={value!r} is not allowed; {name} must be {allowed}"
        if hint:
            message += f"; {hint}"
        super().__init__(message)


def check_lang(lang: object) -> str:
    if lang not in LANGS:
        raise ParameterError("lang", lang, "one of " + ", ".join(repr(x) for x in LANGS))
    return lang  # type: ignore[return-value]


def check_report(report: object) -> str:
    allowed = list_reports()
    if not isinstance(report, str) or report not in allowed:
        hint = did_you_mean(close_matches(report, allowed, n=3, cutoff=0.5))
        raise ParameterError("report", report, "one of the catalogued reports: " + ", ".join(map(repr, allowed)), hint)
    return report


def check_as_of(as_of: object) -> date | None:
    """``None`` or ``""`` (the default of each table), a ``date``, or an ISO date string."""
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
    """A number of percentage points between 0 and 100."""
    allowed = f"a number of percentage points from 0 to {MAX_TOLERANCE:g} (e.g. 5.0)"
    if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real):
        raise ParameterError("tolerance", tolerance, allowed)
    value = float(tolerance)
    if math.isnan(value) or not 0 <= value <= MAX_TOLERANCE:
        raise ParameterError("tolerance", tolerance, allowed)
    return value


def check_indicators(indicators: object, allowed: Iterable[str], *, labels: dict[str, str] | None = None) -> list[str]:
    """A list of indicator ids out of ``allowed``; empty means all.

    A comma-separated string is accepted, because ``papermill -p indicators gdp,fiscal_revenue``
    passes one. ``labels`` (id -> label) lets a user who typed a label be told its id.
    """
    allowed = list(dict.fromkeys(allowed))
    if indicators is None:
        return []
    if isinstance(indicators, str):
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


def validate_parameters(notebook: str, **parameters: object) -> dict[str, object]:
    """Check the parameters of ``notebook`` and return them normalised.

    ``as_of`` comes back as a ``date`` or ``None``, ``tolerance`` as a float and
    ``indicators`` as a list of ids that exist in the notebook's table (growth or share).
    Unknown or missing parameter names are errors too, so a typo in ``-p`` does not pass
    silently.
    """
    if notebook not in NOTEBOOK_PARAMETERS:
        raise ParameterError("notebook", notebook, "one of " + ", ".join(map(repr, NOTEBOOKS)))
    expected = NOTEBOOK_PARAMETERS[notebook]
    unknown = sorted(set(parameters) - set(expected))
    if unknown:
        raise ParameterError(
            unknown[0],
            parameters[unknown[0]],
            f"not a parameter of {notebook}; its parameters are {', '.join(expected)}",
        )
    missing = [name for name in expected if name not in parameters]
    if missing:
        raise TypeError(
            f"{notebook}: parameter(s) {', '.join(missing)} not given; its parameters are {', '.join(expected)}"
        )

    checked: dict[str, object] = {}
    checked["report"] = check_report(parameters.get("report", DEFAULT_REPORT))
    checked["lang"] = check_lang(parameters["lang"])
    if "as_of" in expected:
        checked["as_of"] = check_as_of(parameters["as_of"])
        if checked["as_of"] is not None:
            from zhili_data import analysis

            # refuses an as_of before the end of an actual the targets are compared with
            analysis.target_readings_table(report=checked["report"], as_of=checked["as_of"])
    if "tolerance" in expected:
        checked["tolerance"] = check_tolerance(parameters["tolerance"])
    if "indicators" in expected:
        from zhili_data import analysis

        table = (
            analysis.growth_table(report=checked["report"])
            if notebook == "growth"
            else analysis.share_table(report=checked["report"])
        )
        labels = dict(zip(table["indicator_id"], table["indicator"]))
        checked["indicators"] = check_indicators(parameters["indicators"], table["indicator_id"], labels=labels)
    return checked
