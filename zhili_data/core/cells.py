"""Table cells that hold a list: the figure ids a result comes from (``figure_ids``), the caveat
codes of a row (``caveat_codes``), the statuses under other readings (``alternative_statuses``).

The analysis tables hold the ids and codes as Python lists; a CSV or a workbook holds them
``;``-joined (:func:`join`), so that a file stays flat. :func:`items` reads either.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SEPARATOR", "items", "join"]

SEPARATOR = ";"


def join(items: Iterable[str]) -> str:
    """One flat cell of ``items``, in order, as a CSV holds it.

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


def items(cell: object) -> list[str]:
    """The ids or codes held in one cell, in order: a list or tuple as it is, a ``;``-joined string
    (a CSV's cell, or one id) split, nothing for an empty or missing cell.

    Parameters
    ----------
    cell : object
        A cell of a ``figure_ids``, ``caveat_codes`` or ``alternative_statuses`` column.

    Returns
    -------
    list of str

    Examples
    --------
    >>> items(["gdp_2021h1_actual", "gdp_2021h1_actual_growth"])
    ['gdp_2021h1_actual', 'gdp_2021h1_actual_growth']
    >>> items("low_base;nominal_vs_real")
    ['low_base', 'nominal_vs_real']
    >>> items(float("nan"))
    []
    """
    if isinstance(cell, (list, tuple)):
        return [str(i) for i in cell if i]
    return [i for i in cell.split(SEPARATOR) if i] if isinstance(cell, str) else []
