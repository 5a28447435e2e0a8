"""What follows from the report's figures: growth, shares and the gap to the year's targets.

Every function takes the figures table (``load_figures()`` when ``figures`` is None) and returns a
tidy DataFrame, one row per result, with the units kept and a ``figure_ids`` column listing the
rows of the figures table a result was computed from, so every derived number leads back to the
clauses of the report. Derived numbers are never rounded here; display rounds.

A row's ``formula`` is a list of :class:`Step` records (operation, operands with the figures they
come from, result, unit), ``caveat_codes`` and ``figure_ids`` are lists; a CSV or workbook joins
them (:func:`zhili_data.report.display.flat_table`), the report layer words them.

The package is split by question, over one pairing join (:mod:`~zhili_data.core.analysis.pairs`: the
figure of the same indicator, period and basis): :mod:`~zhili_data.core.analysis.growth`,
:mod:`~zhili_data.core.analysis.shares`, :mod:`~zhili_data.core.analysis.targets` and
:mod:`~zhili_data.core.analysis.compare` (one indicator across reports). Rows are paired by the
conventions of ``zhili_data/reports/README.md``: rows of one ``indicator_id`` measure the same
thing in another period, basis or measure; ``part_of`` names the whole's ``indicator_id``;
``share_of`` names the whole of a share.
"""

from __future__ import annotations

from zhili_data.core.analysis.compare import COMPARISON_COLUMNS, compare_reports
from zhili_data.core.analysis.growth import GROWTH_COLUMNS, LOW_BASE_PERIODS, REFERENCE_INDICATOR, growth_table
from zhili_data.core.analysis.lookups import figure_rows, theme_figures
from zhili_data.core.analysis.pairs import SAME_FIGURE, pair
from zhili_data.core.analysis.shares import POPULATION_INDICATOR, SHARE_COLUMNS, share_table, split_per_head
from zhili_data.core.analysis.steps import OPERATIONS, Operand, Step
from zhili_data.core.analysis.targets import (
    PUSHED_FORWARD_MARKERS,
    STATUSES,
    TARGET_GAP_COLUMNS,
    TARGET_READING_COLUMNS,
    VERDICTS,
    elapsed_pct,
    split_by_baseline,
    target_gap_table,
    target_readings_table,
)

__all__ = [
    "COMPARISON_COLUMNS",
    "GROWTH_COLUMNS",
    "LOW_BASE_PERIODS",
    "OPERATIONS",
    "POPULATION_INDICATOR",
    "PUSHED_FORWARD_MARKERS",
    "REFERENCE_INDICATOR",
    "SAME_FIGURE",
    "SHARE_COLUMNS",
    "STATUSES",
    "TARGET_GAP_COLUMNS",
    "TARGET_READING_COLUMNS",
    "VERDICTS",
    "Operand",
    "Step",
    "compare_reports",
    "elapsed_pct",
    "figure_rows",
    "growth_table",
    "pair",
    "share_table",
    "split_by_baseline",
    "split_per_head",
    "target_gap_table",
    "target_readings_table",
    "theme_figures",
]
