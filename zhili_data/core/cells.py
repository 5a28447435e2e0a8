"""Table cells that hold a list: the figure ids a result comes from (``figure_ids``), the caveat
codes of a row (``caveat_codes``), the statuses under other readings (``alternative_statuses``),
all ``;``-separated, so that a table stays flat and reads the same in a CSV.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SEPARATOR", "join", "split_codes", "split_ids"]

SEPARATOR = ";"


def join(items: Iterable[str]) -> str:
    """One cell of ``items``, in order.

    Parameters
    ----------
    items : iterable of str
        Ids or codes.

    Returns
    -------
    str

    Examples
    --------
    >>> join(["implied_prior", "low_base"])
    'implied_prior;low_base'
    """
    return SEPARATOR.join(items)


def _split(cell: object) -> list[str]:
    return [i for i in cell.split(SEPARATOR) if i] if isinstance(cell, str) else []


def split_ids(entry: object) -> list[str]:
    """The figure ids held in one ``figure_ids`` cell, in order (none for an empty or missing cell).

    Parameters
    ----------
    entry : object
        A cell of a ``figure_ids`` column: ids separated by ``;``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> split_ids("gdp_2021h1_actual;gdp_2021h1_actual_growth")
    ['gdp_2021h1_actual', 'gdp_2021h1_actual_growth']
    >>> split_ids(float("nan"))
    []
    """
    return _split(entry)


def split_codes(entry: object) -> list[str]:
    """The codes held in one ``caveat_codes`` or ``alternative_statuses`` cell, in order.

    Parameters
    ----------
    entry : object
        A cell of a ``caveat_codes`` or ``alternative_statuses`` column: codes separated by ``;``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> split_codes("low_base;nominal_vs_real")
    ['low_base', 'nominal_vs_real']
    """
    return _split(entry)
