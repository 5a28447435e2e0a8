"""A derived number's computation as data: a list of steps, each an operation on numbers that name
the figures they come from, so that a reader's text is rendered from the steps, never parsed back.

The report layer writes a step as text (:func:`zhili_data.report.display.formula_text`: ``181 ÷ (1 + 17.5%)
= 154.04``); the operation says which computation a step is, so the Methods text picks its worked
examples by what they compute, not by the shape of a string.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OPERATIONS", "Operand", "Step"]

OPERATIONS = {
    "prior": "(level, growth %): the level a year earlier, level ÷ (1 + growth/100)",
    "increase": "(level, prior level): level − prior",
    "difference_pp": "(rate, other rate): rate − other rate, in percentage points",
    "ratio": "(rate, other rate): rate ÷ other rate",
    "contribution_pp": "(part, part's prior, whole's prior): the part's increase ÷ the whole's prior, in points",
    "share_of_increase": "(part, part's prior, whole, whole's prior): the part's increase ÷ the whole's, in %",
    "rest_growth": "(whole, part, whole's prior, part's prior): growth of the whole without the part, in %",
    "implied_whole": "(part, share %): part ÷ share",
    "part_from_share": "(whole, share %): whole × share",
    "share": "(part, whole): part ÷ whole, in %",
    "per_head": "(level, population): level ÷ population",
    "completion": "(actual, target): actual ÷ target, in %",
    "elapsed": "(days gone, days of the period): time elapsed, in %",
    "pace_needed": "(remaining, days left, actual, days of the actual): pace needed ÷ pace so far, in %",
    "margin": "(actual, target, time elapsed %, ± tolerance in points): actual − target × (elapsed ± tolerance)",
}
"""Operation -> its operands, in order, and what it computes."""


@dataclass(frozen=True)
class Operand:
    """One number a step computes with.

    ``figure_id`` names the figure it is (or is converted from), None for a number computed by an
    earlier step or a count of days. ``exact``: the number stands as it is (a printed figure, a
    count of days, a difference of printed figures); False for the result of a division, which is
    shown rounded.

    Examples
    --------
    >>> Operand(181.0, "gdp_2021h1_actual")
    Operand(value=181.0, figure_id='gdp_2021h1_actual', exact=True)
    """

    value: float
    figure_id: str | None = None
    exact: bool = True


@dataclass(frozen=True)
class Step:
    """One step of a computation: ``operation`` (a key of :data:`OPERATIONS`) on ``operands`` gives
    ``result``, in ``unit`` (``%``, ``pp``, ``×``, days or the printed unit of the figures).

    Examples
    --------
    >>> step = Step("prior", (Operand(181.0, "gdp_2021h1_actual"), Operand(17.5, "gdp_2021h1_actual_growth")), 154.04, "亿元")
    >>> step.figure_ids
    ('gdp_2021h1_actual', 'gdp_2021h1_actual_growth')
    """

    operation: str
    operands: tuple[Operand, ...]
    result: float
    unit: str = ""

    @property
    def figure_ids(self) -> tuple[str, ...]:
        """The figures the step computes with, in operand order."""
        return tuple(o.figure_id for o in self.operands if o.figure_id)
