"""One indicator across the reports of the catalogue: its level, growth and progress to target in each."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from zhili_data.core import periods
from zhili_data.core.analysis.pairs import pair
from zhili_data.core.analysis.rows import plain, source_ids
from zhili_data.core.analysis.targets import target_gap_table
from zhili_data.core.catalog import get_report, list_reports
from zhili_data.core.figures import FigureNotFoundError, load_figures

__all__ = ["COMPARISON_COLUMNS", "compare_reports"]

COMPARISON_COLUMNS = (
    "report_id",
    "delivered",
    "indicator_id",
    "indicator",
    "indicator_en",
    "period",
    "level",
    "unit",
    "qualifier",
    "level_std",
    "unit_std",
    "growth_pct",
    "growth_qualifier",
    "target",
    "target_period",
    "completion_pct",
    "comparable",
    "figure_ids",
)
"""Columns of :func:`compare_reports`."""


def compare_reports(indicator_id: str, reports: Sequence[str] | None = None) -> pd.DataFrame:
    """One indicator across the reports of the catalogue: its level, growth and progress to target in each.

    One row per report and period of an actual level of the indicator (a report that does not
    give the indicator has no row), the reports in the order they were delivered. ``growth_pct``
    is the report's growth of the same period; ``target``, ``target_period`` and
    ``completion_pct`` come from :func:`target_gap_table` of that report (the target the level is
    measured against; NaN where the report sets none). Levels are like with like only when their
    standard unit and the kind of period (half year, year, to date) agree: ``comparable`` is True
    for the rows that agree with the latest report's, so a first half is never set beside a full year.

    Parameters
    ----------
    indicator_id : str
        The indicator, as in figures.csv (gdp).
    reports : sequence of str, optional
        The reports to compare (default: every report of the catalogue).

    Returns
    -------
    DataFrame
        The columns :data:`COMPARISON_COLUMNS`; ``figure_ids`` names the level, growth and target
        figures each row comes from.

    Raises
    ------
    FigureNotFoundError
        No report of those compared gives the indicator.

    Examples
    --------
    >>> compare_reports("gdp")[["report_id", "period", "level", "unit", "growth_pct", "comparable"]]
                report_id  period  level unit  growth_pct  comparable
    0  zhili-2021-midyear  2021H1  181.0   亿元        17.5        True
    """
    chosen = list(reports) if reports is not None else list(list_reports())
    tables = [_report_rows(report, indicator_id) for report in chosen]
    tables = [t for t in tables if not t.empty]
    if not tables:
        raise FigureNotFoundError(
            f"no report of {', '.join(chosen)} gives an actual level of indicator_id {indicator_id!r}"
        )
    out = (
        pd.concat(tables, ignore_index=True).sort_values(["delivered", "period"], kind="stable").reset_index(drop=True)
    )
    latest = out.iloc[-1]
    kind = periods.parse_period(latest["period"]).kind
    out["comparable"] = [
        unit == latest["unit_std"] and periods.parse_period(p).kind == kind
        for unit, p in zip(out["unit_std"], out["period"])
    ]
    return out[list(COMPARISON_COLUMNS)]


def _report_rows(report: str, indicator_id: str) -> pd.DataFrame:
    """The rows of one report: each actual level of the indicator, paired with its growth of the
    same period and the target it is measured against (none where the report gives no level)."""
    table = load_figures(report)
    own = table[(table["indicator_id"] == indicator_id) & (table["basis"] == "actual")]
    levels = own[own["measure"] == "level"]
    if levels.empty:
        return pd.DataFrame()
    gap = target_gap_table(report=report)
    gap = gap[(gap["indicator_id"] == indicator_id) & (gap["measure"] == "level")]
    paired = pair(levels, own[own["measure"] == "growth"], prefix="growth_", left_on=("period",))
    targets = gap[["actual_figure_id", "target", "target_period", "completion_pct", "target_figure_id"]]
    paired = pair(paired, targets, prefix="target_", left_on=("figure_id",), right_on=("actual_figure_id",))
    out = pd.DataFrame(
        {
            "report_id": report,
            "delivered": get_report(report).delivered,
            "indicator_id": indicator_id,
            "indicator": paired["indicator"],
            "indicator_en": paired["indicator_en"],
            "period": paired["period"].astype(str),
            "level": paired["value"].astype(float),
            "unit": paired["unit"],
            "qualifier": paired["qualifier"],
            "level_std": paired["value_std"].astype(float),
            "unit_std": paired["unit_std"],
            "growth_pct": paired["growth_value"].astype(float),
            "growth_qualifier": paired["growth_qualifier"],
            "target": paired["target_target"].astype(float),
            "target_period": paired["target_target_period"],
            "completion_pct": paired["target_completion_pct"].astype(float),
        }
    )
    out["figure_ids"] = source_ids(paired, ("figure_id", "growth_figure_id", "target_target_figure_id"))
    return plain(out)
