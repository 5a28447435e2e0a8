"""Growth: every year-on-year rate with its level, what the two imply, the rate against the
reference's and a part's contribution to its whole's growth."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from zhili_data.core.analysis.pairs import pair
from zhili_data.core.analysis.rows import codes_where, figures_table, plain, select, source_ids
from zhili_data.core.analysis.steps import Operand, Step
from zhili_data.core.catalog import DEFAULT_REPORT
from zhili_data.core.periods import base_period

__all__ = ["GROWTH_COLUMNS", "LOW_BASE_PERIODS", "REFERENCE_INDICATOR", "growth_table"]

REFERENCE_INDICATOR = "gdp"

# Growth of these is usually reported at comparable prices (real growth), so value / (1 + g) is not
# exactly last year's nominal value.
_COMPARABLE_PRICE_MARKERS = ("生产总值", "增加值")
# Growth of fiscal revenue and investment is usually on a comparable-scope basis (可比口径): last year's
# level restated to this year's coverage, so value / (1 + g) may not be last year's published level.
_COMPARABLE_SCOPE_MARKERS = ("财政收入", "投资", "投入")
# Firms above designated size (规上) are a set that changes every year (firms grow into it, 小升规),
# so their growth is measured on this year's set (可比口径), not against last year's published level.
_ABOVE_SCALE_MARKERS = ("规上",)
# Base periods depressed by a shock, so that growth against them is inflated (a low base).
LOW_BASE_PERIODS = {"2020H1": "covid19"}
"""Base period -> why its level is low. The first half of 2020 was hit by COVID-19 (China's GDP fell
6.8% year on year in the first quarter), so growth in the first half of 2021 is measured from a low base."""

GROWTH_COLUMNS = (
    "indicator_id",
    "indicator",
    "indicator_en",
    "theme",
    "period",
    "basis",
    "value",
    "unit",
    "qualifier",
    "growth_pct",
    "growth_qualifier",
    "base_period",
    "growth_basis",
    "prior_value",
    "increase",
    "formula",
    "value_std",
    "unit_std",
    "prior_value_std",
    "increase_std",
    "reference_id",
    "growth_minus_reference_pp",
    "growth_over_reference",
    "part_of",
    "contribution_pp",
    "share_of_whole_increase_pct",
    "rest_value",
    "rest_growth_pct",
    "caveat_codes",
    "level_figure_id",
    "growth_figure_id",
    "whole_level_figure_id",
    "whole_growth_figure_id",
    "figure_ids",
)
_SOURCES = ("level_figure_id", "growth_figure_id", "whole_level_figure_id", "whole_growth_figure_id")


def growth_table(
    figures: pd.DataFrame | None = None,
    *,
    report: str = DEFAULT_REPORT,
    indicators: Sequence[str] | None = None,
    reference: str = REFERENCE_INDICATOR,
) -> pd.DataFrame:
    """Every year-on-year growth rate, with its level and what the two imply.

    One row per ``growth`` figure, paired with the ``level`` figure of the same ``indicator_id``,
    ``period`` and ``basis`` (when the report states one). ``indicators`` keeps only those ids
    (empty or None: all); ``reference`` is the indicator the growth rates are compared with.
    The table holds no words of any language: caveats are codes, worded by
    :func:`zhili_data.report.labels.caveats` from the row's own columns.

    Columns:

    - ``indicator_id``, ``indicator``, ``indicator_en``, ``theme``, ``period``, ``basis``: as in the figures.
    - ``value``, ``unit``, ``qualifier``: the level as printed (181, 亿元, exact); NaN when only a rate is stated.
    - ``growth_pct``, ``growth_qualifier``: the year-on-year growth in percent, its hedge.
    - ``base_period``: the period the growth is measured from (2020H1 for 2021H1); code ``low_base`` when
      that period is one of ``LOW_BASE_PERIODS`` (the first half of 2020, depressed by COVID-19).
    - ``growth_basis``: ``real`` (at comparable prices: GDP, value added) or ``nominal`` (every other rate);
      code ``nominal_vs_real`` where ``growth_minus_reference_pp`` compares a nominal rate with a real one.
    - ``prior_value``: the level a year earlier implied by the growth, value / (1 + growth_pct/100), in ``unit``.
    - ``increase``: value - prior_value, in ``unit``.
    - ``formula``: how the derived numbers of the row follow from the printed ones, a list of
      :class:`~zhili_data.core.analysis.steps.Step` in the printed unit (the prior value, the increase;
      then the comparison with the reference's growth and, for a part, its contribution in
      percentage points, its share of the whole's increase and the rest's growth);
      :func:`zhili_data.report.display.formula_text` writes them (``181 ÷ (1 + 17.5%) = 154.04``).
      Empty when nothing is derived.
    - ``value_std``, ``unit_std``, ``prior_value_std``, ``increase_std``: the same in standard units (元).
    - ``reference_id``, ``growth_minus_reference_pp``, ``growth_over_reference``: growth compared with the
      reference indicator's growth of the same period (percentage points; ratio); missing on the
      reference's own rows, which are not compared with themselves.
    - ``part_of``: the whole's indicator_id when the report gives this level as a part (其中) of it.
    - ``contribution_pp``: percentage points of the whole's growth contributed by this part
      (part increase / whole prior value).
    - ``share_of_whole_increase_pct``: the part's increase as a share of the whole's increase.
    - ``rest_value``, ``rest_growth_pct``: the whole without this part, and that remainder's implied growth.
    - ``caveat_codes``: stable codes, a list; ``low_base`` takes its period from ``base_period``.
    - ``level_figure_id``, ``growth_figure_id``: the figures of the level (None when the report
      states only the rate) and of the rate; ``whole_level_figure_id``, ``whole_growth_figure_id``:
      the whole's, for a part's contribution (else None).
    - ``figure_ids``: every figure used, a list in that order (for the sources appendix).


    Parameters
    ----------
    figures : DataFrame, optional
        The figures (default: ``load_figures(report)``).
    report : str, default DEFAULT_REPORT
        The report whose figures are read when ``figures`` is None.
    indicators : sequence of str, optional
        Keep only these indicator ids (empty or None: all); an unknown id raises
        :class:`~zhili_data.exceptions.ParameterError` with close ones.
    reference : str, default "gdp"
        The indicator every growth rate is compared with.

    Returns
    -------
    DataFrame
        One row per growth figure, the columns above (:data:`GROWTH_COLUMNS`).

    Examples
    --------
    >>> growth = growth_table(indicators=["gdp"])
    >>> growth[["indicator_id", "period", "value", "growth_pct", "prior_value", "increase"]].round(2)
      indicator_id  period  value  growth_pct  prior_value  increase
    0          gdp  2021H1  181.0        17.5       154.04     26.96
    >>> growth.loc[0, "figure_ids"]
    ['gdp_2021h1_actual', 'gdp_2021h1_actual_growth']
    """
    table = figures_table(figures, report)
    rates = table[table["measure"] == "growth"]
    if rates.empty:
        return pd.DataFrame(columns=list(GROWTH_COLUMNS))
    out = _with_levels(pair(rates, table[table["measure"] == "level"], prefix="level_"))
    reference_rate = _compare_with_reference(out, reference)
    whole = _add_contributions(out, overlapping=set(table.loc[table["part_relation"] == "overlap", "indicator_id"]))
    out["formula"] = [
        _growth_steps(row, ref, w)
        for row, ref, w in zip(out.to_dict("records"), reference_rate.to_dict("records"), whole.to_dict("records"))
    ]
    out["figure_ids"] = source_ids(out, _SOURCES)
    return select(plain(out[list(GROWTH_COLUMNS)].copy()), indicators)


def _marked(names: pd.Series, markers: Sequence[str]) -> pd.Series:
    return names.astype(str).map(lambda name: any(marker in name for marker in markers))


def _with_levels(g: pd.DataFrame) -> pd.DataFrame:
    """The growth rows of rates paired with their levels (``level_`` columns), caveat codes as lists."""
    rate = g["value"].astype(float)
    value, value_std = g["level_value"].astype(float), g["level_value_std"].astype(float)
    real = _marked(g["indicator"], _COMPARABLE_PRICE_MARKERS)
    has_level = g["level_figure_id"].notna()
    out = pd.DataFrame(
        {
            **{c: g[c] for c in ("indicator_id", "indicator", "indicator_en", "theme", "period", "basis")},
            "value": value,
            "unit": g["level_unit"],
            "qualifier": g["level_qualifier"],
            "growth_pct": rate,
            "growth_qualifier": g["qualifier"],
            "base_period": g["period"].map(base_period),
            "growth_basis": np.where(real, "real", "nominal"),
            "prior_value": value / (1 + rate / 100),
            "increase": value - value / (1 + rate / 100),
            "value_std": value_std,
            "unit_std": g["level_unit_std"],
            "prior_value_std": value_std / (1 + rate / 100),
            "increase_std": value_std - value_std / (1 + rate / 100),
            "part_of": g["part_of"].where(g["part_of"].map(bool), g["level_part_of"]),
            "level_figure_id": g["level_figure_id"],
            "growth_figure_id": g["figure_id"],
        }
    )
    level_q, growth_q = g["level_qualifier"], g["qualifier"]
    out["caveat_codes"] = codes_where(
        g.index,
        ("no_level", ~has_level),
        ("implied_prior", has_level),
        ("comparable_prices", has_level & real),
        ("comparable_scope", has_level & _marked(g["indicator"], _COMPARABLE_SCOPE_MARKERS)),
        ("above_scale_scope", has_level & _marked(g["indicator"], _ABOVE_SCALE_MARKERS)),
        ("level_" + level_q.astype(str), has_level & (level_q != "exact")),
        ("growth_" + growth_q.astype(str), growth_q != "exact"),
        ("low_base", out["base_period"].isin(list(LOW_BASE_PERIODS))),
    )
    return out


def _add_codes(out: pd.DataFrame, code: str, where: pd.Series) -> None:
    out["caveat_codes"] = [codes + [code] if add else codes for codes, add in zip(out["caveat_codes"], where)]


def _compare_with_reference(out: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Growth compared with the reference indicator's of the same period and basis (in place);
    code ``nominal_vs_real`` where a nominal rate meets a real one. Returns the reference's rate
    of each row (``ref_growth_pct``, ``ref_growth_figure_id``; missing where there is none)."""
    own = ["period", "basis", "growth_pct", "growth_basis", "growth_figure_id"]
    ref = pair(
        out[["period", "basis"]],
        out.loc[out["indicator_id"] == reference, own],
        prefix="ref_",
        left_on=("period", "basis"),
    )
    rate = ref["ref_growth_pct"].astype(float)
    out["reference_id"] = np.where(rate.notna(), reference, None)
    # the reference's own row is not compared with itself (no "0 pp above GDP growth" for GDP)
    rate = rate.where(out["indicator_id"] != reference)
    out["growth_minus_reference_pp"] = out["growth_pct"] - rate
    out["growth_over_reference"] = out["growth_pct"] / rate.replace(0, np.nan)
    compared = out["growth_minus_reference_pp"].notna()
    _add_codes(out, "nominal_vs_real", compared & (out["growth_basis"] != ref["ref_growth_basis"]))
    return ref


def _add_contributions(out: pd.DataFrame, *, overlapping: set[str]) -> pd.DataFrame:
    """A part's contribution to its whole's growth (其中: industrial investment within fixed-asset
    investment), in place; parts not contained in their whole (``overlapping``) have none.
    Returns each row's whole (``w_`` columns; missing where the row is no such part)."""
    keys = ("period", "basis", "unit_std")
    own = ["indicator_id", *keys, "value_std", "prior_value_std", "increase_std", "level_figure_id", "growth_figure_id"]
    w = pair(
        out[["part_of", *keys]], out[own], prefix="w_", left_on=("part_of", *keys), right_on=("indicator_id", *keys)
    )
    part = out["part_of"].notna() & ~out["indicator_id"].isin(overlapping) & out["value_std"].notna()
    matched = part & w["w_indicator_id"].notna()
    w = w.where(matched, None)
    whole_now, whole_prior = w["w_value_std"].astype(float), w["w_prior_value_std"].astype(float)
    scale = out["value"] / out["value_std"].replace(0, np.nan)  # back to the printed unit
    rest_now, rest_prior = whole_now - out["value_std"], whole_prior - out["prior_value_std"]
    out["contribution_pp"] = 100 * out["increase_std"] / whole_prior
    out["share_of_whole_increase_pct"] = 100 * out["increase_std"] / w["w_increase_std"].astype(float)
    out["rest_value"] = rest_now * scale
    out["rest_growth_pct"] = 100 * (rest_now / rest_prior - 1)
    out["whole_level_figure_id"] = w["w_level_figure_id"]
    out["whole_growth_figure_id"] = w["w_growth_figure_id"]
    _add_codes(out, "part_contribution", matched)
    return w


def _growth_steps(row: dict, ref: dict, whole: dict) -> list[Step]:
    """The steps from the printed level and rate to a growth row's derived numbers, in the printed unit."""
    steps = []
    rate = Operand(row["growth_pct"], row["growth_figure_id"])
    level = Operand(row["value"], row["level_figure_id"])
    prior = Operand(row["prior_value"], exact=False)
    if not np.isnan(row["prior_value"]):
        steps.append(Step("prior", (level, rate), row["prior_value"], row["unit"]))
        steps.append(Step("increase", (level, prior), row["increase"], row["unit"]))
    if not np.isnan(row["growth_minus_reference_pp"]) and row["indicator_id"] != row["reference_id"]:
        other = Operand(float(ref["ref_growth_pct"]), ref["ref_growth_figure_id"])
        steps.append(Step("difference_pp", (rate, other), row["growth_minus_reference_pp"], "pp"))
        if not np.isnan(row["growth_over_reference"]):
            steps.append(Step("ratio", (rate, other), row["growth_over_reference"], "×"))
    if not np.isnan(row["contribution_pp"]):
        scale = row["value"] / row["value_std"]  # the whole in the part's printed unit
        whole_now = Operand(float(whole["w_value_std"]) * scale, row["whole_level_figure_id"])
        whole_prior = Operand(float(whole["w_prior_value_std"]) * scale, exact=False)
        steps.append(Step("contribution_pp", (level, prior, whole_prior), row["contribution_pp"], "pp"))
        steps.append(
            Step("share_of_increase", (level, prior, whole_now, whole_prior), row["share_of_whole_increase_pct"], "%")
        )
        steps.append(Step("rest_growth", (whole_now, level, whole_prior, prior), row["rest_growth_pct"], "%"))
    return steps
