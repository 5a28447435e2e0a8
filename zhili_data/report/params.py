"""The contract between the report notebooks and the package: which parameters each notebook
takes (``notebooks/reports.toml`` sets them), and checking them all before a kernel starts.

papermill injects whatever the caller passed (``-p lang klingon``); the cell after the
``parameters`` cell calls :func:`validate_parameters`, which stops the run with an error naming
the parameter, the bad value and what is allowed (the checks of :mod:`zhili_data.core.checks`, which
the analysis functions use too). ``zhili run`` calls it before any kernel starts.
"""

from __future__ import annotations

from zhili_data.core import analysis
from zhili_data.core.catalog import DEFAULT_REPORT
from zhili_data.core.checks import (
    ParameterError,
    check_as_of,
    check_indicators,
    check_lang,
    check_report,
    check_tolerance,
)

__all__ = ["NOTEBOOKS", "NOTEBOOK_PARAMETERS", "MissingParameterError", "ParameterError", "validate_parameters"]

NOTEBOOKS = ("overview", "growth", "share", "target_gap")

# The parameters each notebook takes (the contract with notebooks/reports.toml).
NOTEBOOK_PARAMETERS = {
    "overview": ("report", "lang", "as_of", "tolerance"),
    "growth": ("report", "lang", "indicators"),
    "share": ("report", "lang", "indicators"),
    "target_gap": ("report", "lang", "as_of", "tolerance"),
}


class MissingParameterError(ParameterError, TypeError):
    """A notebook's parameter was not given (a ``TypeError`` too, as for a function called without it)."""


def validate_parameters(notebook: str, **parameters: object) -> dict[str, object]:
    """Check the parameters of ``notebook`` and return them normalised.

    ``as_of`` comes back as a ``date`` or ``None``, ``tolerance`` as a float and
    ``indicators`` as a list of ids that exist in the notebook's table (growth or share).
    Unknown or missing parameter names are errors too, so a typo in ``-p`` does not pass
    silently.

    Parameters
    ----------
    notebook : str
        One of :data:`NOTEBOOKS`.
    **parameters
        Every parameter of the notebook (:data:`NOTEBOOK_PARAMETERS`).

    Returns
    -------
    dict

    Raises
    ------
    ParameterError
        A value, a name or the notebook not allowed; :class:`MissingParameterError` (a
        ``TypeError`` too) for a parameter not given.

    Examples
    --------
    >>> validate_parameters("growth", report="zhili-2021-midyear", lang="en", indicators="gdp")
    {'report': 'zhili-2021-midyear', 'lang': 'en', 'indicators': ['gdp']}
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
        raise MissingParameterError(
            f"{notebook}: parameter(s) {', '.join(missing)} not given; its parameters are {', '.join(expected)}"
        )

    checked: dict[str, object] = {}
    checked["report"] = check_report(parameters.get("report", DEFAULT_REPORT))
    checked["lang"] = check_lang(parameters["lang"])
    if "as_of" in expected:
        checked["as_of"] = check_as_of(parameters["as_of"])
        if checked["as_of"] is not None:
            # refuses an as_of before the end of an actual the targets are compared with
            analysis.target_readings_table(report=checked["report"], as_of=checked["as_of"])
    if "tolerance" in expected:
        checked["tolerance"] = check_tolerance(parameters["tolerance"])
    if "indicators" in expected:
        table = (
            analysis.growth_table(report=checked["report"])
            if notebook == "growth"
            else analysis.share_table(report=checked["report"])
        )
        labels = dict(zip(table["indicator_id"], table["indicator"]))
        checked["indicators"] = check_indicators(parameters["indicators"], table["indicator_id"], labels=labels)
    return checked
