"""Lookups the notebooks use: the figures behind a table's rows, and the figures of one theme."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from zhili_data.core import checks
from zhili_data.core.analysis.rows import figures_table
from zhili_data.core.catalog import DEFAULT_REPORT
from zhili_data.core.cells import items
from zhili_data.core.figures import FigureNotFoundError
from zhili_data.core.schema import THEMES

__all__ = ["figure_rows", "theme_figures"]


def figure_rows(
    figure_ids: Iterable[object], figures: pd.DataFrame | None = None, *, report: str = DEFAULT_REPORT
) -> pd.DataFrame:
    """The figures named in ``figure_ids`` (single ids, or cells that hold several), in first-seen order.

    Parameters
    ----------
    figure_ids : iterable
        Cells of a ``figure_ids`` column (lists of ids, or ``;``-joined ids as in a CSV), or single ids.
    figures : DataFrame, optional
        The figures (default: ``load_figures(report)``).
    report : str, default DEFAULT_REPORT
        The report whose figures are read when ``figures`` is None.

    Returns
    -------
    DataFrame
        The figures' rows, each once.

    Examples
    --------
    >>> figure_rows([["gdp_2021h1_actual", "gdp_2021h1_actual_growth"], "gdp_2021h1_actual"])[["figure_id", "value"]]
                      figure_id  value
    0         gdp_2021h1_actual  181.0
    1  gdp_2021h1_actual_growth   17.5
    """
    table = figures_table(figures, report)
    wanted = list(dict.fromkeys(fid for entry in figure_ids for fid in items(entry)))
    known = set(table["figure_id"])
    unknown = [f for f in wanted if f not in known]
    if unknown:
        raise FigureNotFoundError(f"figure_id(s) {', '.join(unknown)} not in report {report!r}")
    return table.set_index("figure_id").loc[wanted].reset_index()


def theme_figures(
    figures: pd.DataFrame | None = None, theme: str = "economy", *, report: str = DEFAULT_REPORT
) -> pd.DataFrame:
    """The actual levels and rates of one theme: what the overview charts for it.

    Parameters
    ----------
    figures : DataFrame, optional
        The figures (default: ``load_figures(report)``).
    theme : str, default "economy"
        One of :data:`zhili_data.core.schema.THEMES`.
    report : str, default DEFAULT_REPORT
        The report whose figures are read when ``figures`` is None.

    Returns
    -------
    DataFrame
        The theme's actual levels and rates, in report order.

    Examples
    --------
    >>> theme_figures(theme="economy")[["figure_id", "value", "unit"]].head(2)
                          figure_id  value unit
    0             gdp_2021h1_actual  181.0   亿元
    1  fiscal_revenue_2021h1_actual   12.8   亿元
    """
    if theme not in THEMES:
        raise checks.ParameterError("theme", theme, "one of " + ", ".join(map(repr, THEMES)))
    table = figures_table(figures, report)
    rows = table[(table["theme"] == theme) & (table["basis"] == "actual") & table["measure"].isin(["level", "rate"])]
    return rows.reset_index(drop=True)
