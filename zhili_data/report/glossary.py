"""What every column of the published tables means: the figures, the excluded mentions and the
three analysis tables (growth, shares, target gap), for the sheet of the spreadsheet export that
describes them and for anyone reading a CSV without the code.

Columns of the figures table are described once, in :mod:`zhili_data.core.schema`; this module adds
the columns the analyses compute (their docstrings in :mod:`zhili_data.core.analysis` give the formulas).
"""

from __future__ import annotations

from zhili_data.core.readings import READING_FIELDS
from zhili_data.core.schema import COLUMNS

__all__ = ["ANALYSIS_COLUMNS", "EXCLUSION_COLUMNS", "describe"]

ANALYSIS_COLUMNS = {
    "growth_pct": "Year-on-year growth in percent, as printed.",
    "growth_qualifier": "Hedge of the growth rate (exact, about, nearly, at_least).",
    "base_period": "The period the growth is measured from (2020H1 for 2021H1); the first half of 2020 is a low base (COVID-19).",
    "growth_basis": "real (at comparable prices: GDP, value added) or nominal (every other rate).",
    "prior_value": "Level a year earlier implied by the growth: value / (1 + growth_pct/100), in unit.",
    "increase": "value - prior_value, in unit.",
    "prior_value_std": "prior_value in the standard unit (unit_std).",
    "increase_std": "increase in the standard unit (unit_std).",
    "reference_id": "indicator_id whose growth of the same period and basis this growth is compared with (GDP).",
    "growth_minus_reference_pp": "growth_pct minus the reference indicator's growth, in percentage points.",
    "growth_over_reference": "growth_pct divided by the reference indicator's growth.",
    "contribution_pp": "Percentage points of the whole's growth contributed by this part: part increase / whole prior value x 100.",
    "share_of_whole_increase_pct": "The part's increase as a percentage of the whole's increase.",
    "rest_value": "The whole without this part, in unit.",
    "rest_growth_pct": "Implied growth of the whole without this part, in percent.",
    "kind": "stated (a share the report gives); part_of (a level given as part of another, as a share of it); "
    "prior_part_of (the same share a year earlier, from the growth of part and whole); not_subset (a part listed under 其中 "
    "that is not contained in the whole: no share); per_head (a money level per person).",
    "derived": "True when the row is computed from the report's figures, not stated by it.",
    "share_pct": "Share in percent.",
    "change_pp": "For a part_of row: share_pct minus the same share a year earlier (the prior_part_of row), "
    "in percentage points.",
    "part_value": "The part, in part_unit (derived from the whole x share when the report gives only the share).",
    "part_unit": "Unit of part_value and implied_whole, as printed.",
    "part_unit_en": "What the part measures, in English: for a count, unit_en of the part's figure (projects); "
    "for money or an area, the English of its standard unit (yuan, mu).",
    "whole_unit_en": "What the whole measures, in English: for a count, unit_en of the whole's figure; "
    "for money or an area, the English of its standard unit.",
    "part_qualifier": "Hedge of the part (empty when the part is derived).",
    "whole_value": "The whole, in whole_unit, where the report states it.",
    "whole_unit": "Unit of whole_value, as printed.",
    "whole_qualifier": "Hedge of the whole.",
    "whole_id": "indicator_id of the whole.",
    "implied_whole": "part_value / share: the whole a stated share implies, in part_unit.",
    "per_head": "Money level divided by the population figure, in per_head_unit.",
    "per_head_unit": "Unit of per_head (元/人).",
    "overlap_group": "The whole, for two or more stated shares of one whole.",
    "additive": "False when the shares of one whole add up to more than 100% (overlapping categories); empty when the report does not say.",
    "formula": "How a derived row was computed from the printed numbers.",
    "actual_period": "Period of the actual the target is compared with.",
    "target_period": "Period of the target.",
    "actual": "The actual, in the target's unit.",
    "target": "The target, as printed.",
    "actual_qualifier": "Hedge of the actual.",
    "target_qualifier": "Hedge of the target.",
    "completion_pct": "actual / target x 100 (empty when the actual's period lies before the target's).",
    "as_of": "Day at which the time elapsed is measured.",
    "elapsed_pct": "Share of the target's period elapsed at as_of, in percent (levels only).",
    "pace_needed_pct": "Pace per day the rest of the target's period needs, as a percentage of the pace so far; 100 = keep the pace.",
    "status": "Status under the main reading: ahead, on_track, behind, not_started (the target's period has not begun), "
    "undetermined (the actual does not settle progress) or no_baseline (see zhili_data.core.analysis.target_gap_table).",
    "robust": "True when every reading of the text the report leaves open gives the same status.",
    "alternative_statuses": "The statuses under the other combinations of readings (; between combinations).",
    "main_readings": "reading_id of the main readings used (empty where nothing is open; see readings.csv).",
    "alternative_readings": "reading_id of the other combinations of readings (; between combinations, + within one).",
    "margin": "How much lower the actual could be, in unit, before an ahead or on_track status drops.",
    "actual_end": "Date the actual runs to under the main reading.",
    "actual_age_days": "as_of minus actual_end: how old the actual is on as_of, in days.",
    "remaining": "What the rest of the target's period must deliver, in the target's unit.",
    "report_age_days": "as_of minus the report's date, in days (negative when as_of falls before the report).",
    "caveat_codes": "Stable codes of the caveats of the row, ;-separated (the same in every language).",
    "caveat": "The caveats in words, in the workbook's language (from caveat_codes and the row's periods, dates and ages).",
    "level_figure_id": "figure_id of the level (empty when the report states only the rate).",
    "growth_figure_id": "figure_id of the growth rate.",
    "whole_level_figure_id": "figure_id of the whole's level, for a part's contribution to its whole's growth.",
    "whole_growth_figure_id": "figure_id of the whole's growth rate (a part's contribution; a prior-year share).",
    "part_figure_id": "figure_id of the part's level (for per-head rows, of the money level).",
    "share_figure_id": "figure_id of the stated share.",
    "whole_figure_id": "figure_id of the whole's level (for per-head rows, of the population).",
    "part_growth_figure_id": "figure_id of the part's growth rate (a prior-year share).",
    "actual_figure_id": "figure_id of the actual compared with the target (empty without one).",
    "target_figure_id": "figure_id of the target.",
    "figure_ids": "figure_id of every figure the row was computed from, ;-separated (the quotes are in the figures sheet).",
}
"""Column -> what it holds, for the columns of the analysis tables that are not figure columns."""

EXCLUSION_COLUMNS = {
    "mention": "A numeric mention of the source, as the coverage scan finds it.",
    "context": "Snippet of the source around the mention (empty: every occurrence of the mention).",
    "reason": "Why the mention is not a figure (see zhili_data.core.schema.EXCLUSION_REASONS).",
    "figure_id": "The curated figure a threshold, period or repeat belongs to.",
    "note": "Curator's remark.",
}


def describe(column: str, *, table: str = "") -> str:
    """What a column of a published table holds, in one English sentence.

    Parameters
    ----------
    column : str
        The column's name.
    table : str, optional
        The table it belongs to, where a name means something else there (``exclusions``,
        ``readings``).

    Returns
    -------
    str
        From the schema of the figures, else from :data:`ANALYSIS_COLUMNS`; a pointer to the
        analysis docstrings for a column neither describes.

    Examples
    --------
    >>> describe("growth_pct")
    'Year-on-year growth in percent, as printed.'
    >>> describe("reason", table="exclusions")
    'Why the mention is not a figure (see zhili_data.core.schema.EXCLUSION_REASONS).'
    """
    if table == "exclusions" and column in EXCLUSION_COLUMNS:
        return EXCLUSION_COLUMNS[column]
    if table == "readings":
        if column in READING_FIELDS:
            return READING_FIELDS[column][1]
    if column == "report_id":
        return "Report the row belongs to."
    if column in ANALYSIS_COLUMNS:
        return ANALYSIS_COLUMNS[column]
    for entry in COLUMNS:
        if entry.name == column:
            return entry.description
    return "See the docstring of the zhili_data.core.analysis function that builds this table."
