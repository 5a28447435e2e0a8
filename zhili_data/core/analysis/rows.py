"""What every analysis table starts from and ends with: the checked figures, the chosen
indicators, the figure ids of each row and its caveat codes, as lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from zhili_data.core import checks
from zhili_data.core.figures import load_figures
from zhili_data.core.schema import COLUMN_NAMES

__all__ = ["codes_where", "count_nouns", "figures_table", "hedge_codes", "plain", "select", "source_ids"]

_TEXT_COLUMNS = (
    "indicator_id",
    "period",
    "basis",
    "measure",
    "unit",
    "unit_std",
    "qualifier",
    "part_of",
    "part_relation",
    "share_of",
    "share_of_en",
    "theme",
)


def figures_table(figures: pd.DataFrame | None, report: str) -> pd.DataFrame:
    """The figures of one report, checked, their text columns None where empty.

    Parameters
    ----------
    figures : DataFrame or None
        The figures (None: ``load_figures(report)``).
    report : str
        The report.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> len(figures_table(None, "zhili-2021-midyear")) > 50
    True
    """
    checks.check_report(report)
    if figures is None:
        figures = load_figures(report)
    if "report_id" in figures.columns and figures["report_id"].nunique() > 1:
        raise checks.ParameterError(
            f"figures: rows of {figures['report_id'].nunique()} reports ({', '.join(map(str, figures['report_id'].unique()))}); "
            "pass one report's rows (load_figures(report=...)); compare_reports compares an indicator across reports"
        )
    missing = [c for c in COLUMN_NAMES if c not in figures.columns]
    if missing:
        raise checks.ParameterError(
            f"figures: missing column(s) {', '.join(missing)}; pass the table returned by load_figures()"
        )
    table = figures.copy()
    for name in _TEXT_COLUMNS:
        table[name] = table[name].astype(object).where(table[name].notna(), None)
    return table.reset_index(drop=True)


def select(table: pd.DataFrame, indicators: Iterable[str] | None, *, labels_by_id: bool = True) -> pd.DataFrame:
    """The rows of ``indicators`` (empty or None: all); an unknown id raises with close ones.

    Parameters
    ----------
    table : DataFrame
        An analysis table.
    indicators : iterable of str or None
        The indicator ids to keep.
    labels_by_id : bool, default True
        Accept an indicator's label for its id.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> select(pd.DataFrame({"indicator_id": ["gdp", "x"], "indicator": ["GDP", "X"]}), ["gdp"])
      indicator_id indicator
    0          gdp       GDP
    """
    if not indicators:
        return table.reset_index(drop=True)
    wanted = checks.check_indicators(
        list(indicators),
        table["indicator_id"],
        labels=dict(zip(table["indicator_id"], table["indicator"])) if labels_by_id else None,
    )
    return table[table["indicator_id"].isin(wanted)].reset_index(drop=True)


def source_ids(table: pd.DataFrame, columns: Sequence[str]) -> list[list[str]]:
    """Per row, the figure ids of ``columns`` that are set, in the order of ``columns``.

    Parameters
    ----------
    table : DataFrame
    columns : sequence of str
        The columns naming one figure each (None when unused).

    Returns
    -------
    list of list of str

    Examples
    --------
    >>> source_ids(pd.DataFrame({"a": ["x", None], "b": ["y", "z"]}), ["a", "b"])
    [['x', 'y'], ['z']]
    """
    return [[str(i) for i in row if isinstance(i, str) and i] for row in zip(*(table[c] for c in columns))]


def codes_where(index: pd.Index, *conditions: tuple[str | pd.Series, pd.Series | np.ndarray]) -> list[list[str]]:
    """Per row, the codes whose condition holds, in the order the conditions are given.

    Parameters
    ----------
    index : Index
        The rows.
    *conditions : (code, mask)
        ``code`` is one code or a Series of codes (one per row: ``level_`` + the row's qualifier);
        ``mask`` says, per row, whether it applies.

    Returns
    -------
    list of list of str

    Examples
    --------
    >>> rows = pd.RangeIndex(2)
    >>> codes_where(rows, ("implied_prior", pd.Series([True, False])), ("low_base", np.array([True, True])))
    [['implied_prior', 'low_base'], ['low_base']]
    """
    codes: list[list[str]] = [[] for _ in range(len(index))]
    for code, mask in conditions:
        names = list(code) if isinstance(code, pd.Series) else [code] * len(index)
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            codes[i].append(names[i])
    return codes


def hedge_codes(*roles: tuple[str, dict]) -> list[str]:
    """``<role>_<qualifier>`` for each (role, figure) that is hedged, each code once.

    Parameters
    ----------
    *roles : (str, mapping)
        A role (part, whole, growth, actual, target) and the figure playing it.

    Returns
    -------
    list of str

    Examples
    --------
    >>> hedge_codes(("part", {"qualifier": "at_least"}), ("whole", {"qualifier": "exact"}))
    ['part_at_least']
    """
    codes: list[str] = []
    for role, figure in roles:
        code = f"{role}_{figure['qualifier']}"
        if figure["qualifier"] != "exact" and code not in codes:
            codes.append(code)
    return codes


def count_nouns(table: pd.DataFrame, figure_ids: Iterable[object]) -> list:
    """The English count noun (``unit_en``) of each figure id; None for a measure or no figure.

    Parameters
    ----------
    table : DataFrame
        The figures.
    figure_ids : iterable
        Figure ids (or None).

    Returns
    -------
    list

    Examples
    --------
    >>> count_nouns(figures_table(None, "zhili-2021-midyear"), ["gdp_2021h1_actual", None])
    [None, None]
    """
    nouns = dict(zip(table["figure_id"], table["unit_en"].astype(object).where(table["unit_en"].notna(), None)))
    return [nouns.get(i) for i in figure_ids]


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its text columns as plain Python values (missing: None), not the figures'
    categorical or string dtypes, so that a cell compares and tests as text does.

    Parameters
    ----------
    table : DataFrame

    Returns
    -------
    DataFrame
        The same table (changed in place).

    Examples
    --------
    >>> plain(pd.DataFrame({"unit": pd.Categorical(["亿元", None])}))["unit"].tolist()
    ['亿元', nan]
    """
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(table[column]):
            cells = table[column].astype(object)
            table[column] = pd.Series(list(cells.where(cells.notna(), None)), index=table.index)
    return table
