"""The one pairing of the analysis: each row with the figure of the same indicator, period and basis.

Growth rates meet their levels, shares their parts, parts their wholes and every rate the
reference's rate by this one join (rows of one ``indicator_id`` measure the same thing in another
period, basis or measure: ``zhili_data/reports/README.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["SAME_FIGURE", "pair"]

SAME_FIGURE = ("indicator_id", "period", "basis")
"""The columns on which two rows are the same figure in another measure."""


def pair(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    prefix: str,
    left_on: Sequence[str] = SAME_FIGURE,
    right_on: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``left`` with the columns of its first matching row of ``right``, each named ``prefix`` + column.

    A left row without a match keeps its place, its paired columns missing (None; NaN for numbers); ``left``'s order
    and length are kept.

    Parameters
    ----------
    left, right : DataFrame
        The rows to pair, and the rows they are paired with.
    prefix : str
        Put before the name of every column taken from ``right`` (``level_``: ``level_value``).
    left_on : sequence of str, default SAME_FIGURE
        The key columns of ``left``.
    right_on : sequence of str, optional
        The key columns of ``right``, in the same order (default: ``left_on``).

    Returns
    -------
    DataFrame
        ``left`` (index reset) and the prefixed columns of ``right``.

    Examples
    --------
    >>> rates = pd.DataFrame({"indicator_id": ["gdp", "x"], "period": ["2021H1"] * 2, "basis": ["actual"] * 2, "value": [17.5, 3.0]})
    >>> levels = pd.DataFrame({"indicator_id": ["gdp"], "period": ["2021H1"], "basis": ["actual"], "value": [181.0]})
    >>> pair(rates, levels, prefix="level_")[["indicator_id", "value", "level_value"]]
      indicator_id  value  level_value
    0          gdp   17.5        181.0
    1            x    3.0          NaN
    """
    right_on = list(right_on if right_on is not None else left_on)
    # the first row of each key, and never a missing key (a missing key pairs with nothing)
    first = right.dropna(subset=right_on).drop_duplicates(right_on, keep="first")
    keys = {c: f"{prefix}{c}" for c in first.columns}
    paired = left.reset_index(drop=True).merge(
        first.rename(columns=keys),
        how="left",
        left_on=list(left_on),
        right_on=[keys[c] for c in right_on],
        validate="many_to_one",
    )
    for column in keys.values():  # text columns say "none" as None, as the figures do
        if not pd.api.types.is_numeric_dtype(paired[column]) and not pd.api.types.is_bool_dtype(paired[column]):
            cells = paired[column].astype(object)
            paired[column] = cells.where(cells.notna(), None)
    return paired
