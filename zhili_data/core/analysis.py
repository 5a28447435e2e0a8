"""What follows from the report's figures: growth, shares and the gap to the year's targets.

Every function takes the figures table (``load_figures()`` when ``figures`` is None) and returns a
tidy DataFrame, one row per result, with the units kept and a ``figure_ids`` column naming the
rows of the figures table a result was computed from (``;``-separated), so every derived number
leads back to the clauses of the report. Derived numbers are never rounded here; display rounds.

Rows are paired by the conventions of ``zhili_data/reports/README.md``: rows of one
``indicator_id`` measure the same thing in another period, basis or measure; ``part_of`` names
the whole's ``indicator_id``; ``share_of`` names the whole of a share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from zhili_data.core import checks, periods
from zhili_data.core.catalog import DEFAULT_REPORT, get_report, list_reports
from zhili_data.core.cells import SEPARATOR as FIGURE_ID_SEPARATOR
from zhili_data.core.cells import join as _join
from zhili_data.core.cells import split_ids
from zhili_data.core.figures import FigureNotFoundError, load_figures
from zhili_data.core.numbers import MEASURE_UNITS_EN, MONEY_UNITS, split_unit
from zhili_data.core.periods import base_period, period_bounds
from zhili_data.core.readings import load_readings
from zhili_data.core.schema import COLUMN_NAMES, THEMES

__all__ = [
    "FIGURE_ID_SEPARATOR",
    "GROWTH_COLUMNS",
    "LOW_BASE_PERIODS",
    "OVERVIEW_THEMES",
    "POPULATION_INDICATOR",
    "REFERENCE_INDICATOR",
    "SHARE_COLUMNS",
    "STATUSES",
    "TARGET_GAP_COLUMNS",
    "TARGET_READING_COLUMNS",
    "COMPARISON_COLUMNS",
    "VERDICTS",
    "compare_reports",
    "elapsed_pct",
    "figure_rows",
    "growth_table",
    "share_table",
    "split_by_baseline",
    "split_per_head",
    "target_gap_table",
    "target_readings_table",
    "theme_figures",
]

STATUSES = ("ahead", "on_track", "behind", "not_started", "undetermined", "no_baseline")
REFERENCE_INDICATOR = "gdp"
POPULATION_INDICATOR = "population"

# Growth of these is usually reported at comparable prices (real growth), so value / (1 + g) is not
# exactly last year's nominal value.
_COMPARABLE_PRICE_MARKERS = ("生产总值", "增加值")
# Growth of fiscal revenue and investment is usually on a comparable-scope basis (可比口径): last year's
# level restated to this year's coverage, so value / (1 + g) may not be last year's published level.
_COMPARABLE_SCOPE_MARKERS = ("财政收入", "投资", "投入")
# Firms above designated size (规上) are a set that changes every year (firms grow into it, 小升规),
# so their growth is measured on this year's set (可比口径), not against last year's published level.
_ABOVE_SCALE_MARKERS = ("规上",)
PUSHED_FORWARD_MARKERS = ("持续推进",)
"""Words of a plan that keeps pushing a list forward (持续推进…等15个新开工公路项目): its number
names the list, not what is left to do."""
# Base periods depressed by a shock, so that growth against them is inflated (a low base).
LOW_BASE_PERIODS = {"2020H1": "covid19"}
"""Base period -> why its level is low. The first half of 2020 was hit by COVID-19 (China's GDP fell
6.8% year on year in the first quarter), so growth in the first half of 2021 is measured from a low base."""


# --------------------------------------------------------------------------- inputs


def _figures(figures: pd.DataFrame | None, report: str) -> pd.DataFrame:
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
    for name in (
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
    ):
        table[name] = table[name].astype(object).where(table[name].notna(), None)
    return table.reset_index(drop=True)


def _ids(*ids: object) -> str:
    return FIGURE_ID_SEPARATOR.join(str(i) for i in ids if isinstance(i, str) and i)


def _select(table: pd.DataFrame, indicators: Iterable[str] | None, *, labels_by_id: bool = True) -> pd.DataFrame:
    if not indicators:
        return table.reset_index(drop=True)
    wanted = checks.check_indicators(
        list(indicators),
        table["indicator_id"],
        labels=dict(zip(table["indicator_id"], table["indicator"])) if labels_by_id else None,
    )
    return table[table["indicator_id"].isin(wanted)].reset_index(drop=True)


# --------------------------------------------------------------------------- periods


def elapsed_pct(period: str, as_of: date, *, report_date: date) -> float:
    """Share of ``period`` elapsed at the end of day ``as_of``, in percent (0 to 100; NaN for ``to_date``).

    Parameters
    ----------
    period : str
        A period code (2021H1, 2021, 2021-2025, to_date).
    as_of : date
        The day, counted in full.
    report_date : date
        The day the report was delivered (where ``to_date`` ends).

    Returns
    -------
    float

    Examples
    --------
    >>> from datetime import date
    >>> round(elapsed_pct("2021", date(2021, 6, 30), report_date=date(2021, 8, 6)), 1)
    49.6
    """
    return periods.elapsed_share(period_bounds(period, report_date=report_date), as_of)


# --------------------------------------------------------------------------- growth


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
    - ``formula``: how the derived numbers of the row follow from the printed ones (shown beside
      them), one step per ``; ``-separated item, in the printed unit (``181 ÷ (1 + 17.5%) = 154.04;
      181 − 154.04 = 26.96``; then the comparison with the reference's growth and, for a part, its
      contribution in percentage points, its share of the whole's increase and the rest's growth).
      Empty when nothing is derived.
    - ``value_std``, ``unit_std``, ``prior_value_std``, ``increase_std``: the same in standard units (元).
    - ``reference_id``, ``growth_minus_reference_pp``, ``growth_over_reference``: growth compared with the
      reference indicator's growth of the same period (percentage points; ratio).
    - ``part_of``: the whole's indicator_id when the report gives this level as a part (其中) of it.
    - ``contribution_pp``: percentage points of the whole's growth contributed by this part
      (part increase / whole prior value).
    - ``share_of_whole_increase_pct``: the part's increase as a share of the whole's increase.
    - ``rest_value``, ``rest_growth_pct``: the whole without this part, and that remainder's implied growth.
    - ``caveat_codes``: stable codes (``;``-separated, :func:`zhili_data.core.cells.split_codes`); ``low_base`` takes its
      period from ``base_period``.
    - ``level_figure_id``, ``growth_figure_id``: the figures of the level (None when the report
      states only the rate) and of the rate; ``whole_level_figure_id``, ``whole_growth_figure_id``:
      the whole's, for a part's contribution (else None).
    - ``figure_ids``: every figure used, ``;``-separated in that order (for the sources appendix).


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
    """
    table = _figures(figures, report)
    out = pd.DataFrame(
        [_growth_row(g, _level_of(table, g)) for _, g in table[table["measure"] == "growth"].iterrows()],
        columns=list(GROWTH_COLUMNS),
    )
    if out.empty:
        return out
    _compare_with_reference(out, reference)
    _add_contributions(out, overlapping=set(table.loc[table["part_relation"] == "overlap", "indicator_id"]))
    out["formula"] = [_growth_formula(r, out) for _, r in out.iterrows()]
    out["caveat_codes"] = [_join(codes) for codes in out["caveat_codes"]]
    out["figure_ids"] = [
        _ids(
            *(r[c] for c in ("level_figure_id", "growth_figure_id", "whole_level_figure_id", "whole_growth_figure_id"))
        )
        for _, r in out.iterrows()
    ]
    return _select(out, indicators)


def _level_of(table: pd.DataFrame, g: pd.Series) -> pd.Series | None:
    """The level figure of a rate or share figure: same indicator, period and basis."""
    match = table[
        (table["measure"] == "level")
        & (table["indicator_id"] == g["indicator_id"])
        & (table["period"] == g["period"])
        & (table["basis"] == g["basis"])
    ]
    return match.iloc[0] if len(match) else None


def _growth_row(g: pd.Series, level: pd.Series | None) -> dict:
    """A growth-table row of one growth figure and its level (if any), with its caveat codes as a list."""
    rate = float(g["value"])
    real = any(marker in str(g["indicator"]) for marker in _COMPARABLE_PRICE_MARKERS)
    row = {
        "indicator_id": g["indicator_id"],
        "indicator": g["indicator"],
        "indicator_en": g["indicator_en"],
        "theme": g["theme"],
        "period": g["period"],
        "basis": g["basis"],
        "growth_pct": rate,
        "growth_qualifier": g["qualifier"],
        "base_period": base_period(g["period"]),
        "growth_basis": "real" if real else "nominal",
        "part_of": g["part_of"] if g["part_of"] else (level["part_of"] if level is not None else None),
        "growth_figure_id": g["figure_id"],
        "level_figure_id": None,
        "whole_level_figure_id": None,
        "whole_growth_figure_id": None,
    }
    codes = []
    if level is None:
        row |= {"value": np.nan, "unit": None, "qualifier": None, "prior_value": np.nan, "increase": np.nan}
        row |= {"value_std": np.nan, "unit_std": None, "prior_value_std": np.nan, "increase_std": np.nan}
        codes.append("no_level")
    else:
        value, value_std = float(level["value"]), float(level["value_std"])
        prior, prior_std = value / (1 + rate / 100), value_std / (1 + rate / 100)
        row |= {
            "value": value,
            "unit": level["unit"],
            "qualifier": level["qualifier"],
            "prior_value": prior,
            "increase": value - prior,
            "value_std": value_std,
            "unit_std": level["unit_std"],
            "prior_value_std": prior_std,
            "increase_std": value_std - prior_std,
            "level_figure_id": level["figure_id"],
        }
        codes.append("implied_prior")
        if real:
            codes.append("comparable_prices")
        if any(marker in str(g["indicator"]) for marker in _COMPARABLE_SCOPE_MARKERS):
            codes.append("comparable_scope")
        if any(marker in str(g["indicator"]) for marker in _ABOVE_SCALE_MARKERS):
            codes.append("above_scale_scope")
        if level["qualifier"] != "exact":
            codes.append(f"level_{level['qualifier']}")
    if g["qualifier"] != "exact":
        codes.append(f"growth_{g['qualifier']}")
    if row["base_period"] in LOW_BASE_PERIODS:
        codes.append("low_base")
    row["caveat_codes"] = codes
    return row


def _compare_with_reference(out: pd.DataFrame, reference: str) -> None:
    """Growth compared with the reference indicator's of the same period and basis (in place);
    code ``nominal_vs_real`` where a nominal rate meets a real one."""
    ref_rows = out[out["indicator_id"] == reference].set_index(["period", "basis"])
    ref_rows = ref_rows[~ref_rows.index.duplicated()]
    ref_rate = [ref_rows["growth_pct"].get((p, b), np.nan) for p, b in zip(out["period"], out["basis"])]
    out["reference_id"] = [reference if not np.isnan(r) else None for r in ref_rate]
    out["growth_minus_reference_pp"] = out["growth_pct"] - ref_rate
    out["growth_over_reference"] = out["growth_pct"] / pd.Series(ref_rate, dtype=float).replace(0, np.nan)
    for i, r in out.iterrows():
        compared = r["indicator_id"] != reference and not np.isnan(r["growth_minus_reference_pp"])
        if compared and r["growth_basis"] != ref_rows["growth_basis"].get((r["period"], r["basis"])):
            out.at[i, "caveat_codes"] = r["caveat_codes"] + ["nominal_vs_real"]


def _add_contributions(out: pd.DataFrame, *, overlapping: set[str]) -> None:
    """A part's contribution to its whole's growth (其中: industrial investment within fixed-asset
    investment), in place; parts not contained in their whole (``overlapping``) have none."""
    for column in ("contribution_pp", "share_of_whole_increase_pct", "rest_value", "rest_growth_pct"):
        out[column] = np.nan
    for i, part in out[out["part_of"].notna() & ~out["indicator_id"].isin(overlapping)].iterrows():
        whole = out[
            (out["indicator_id"] == part["part_of"])
            & (out["period"] == part["period"])
            & (out["basis"] == part["basis"])
            & (out["unit_std"] == part["unit_std"])
        ]
        if whole.empty or np.isnan(part["value_std"]):
            continue
        w = whole.iloc[0]
        scale = part["value"] / part["value_std"] if part["value_std"] else np.nan  # back to the printed unit
        rest_now, rest_prior = w["value_std"] - part["value_std"], w["prior_value_std"] - part["prior_value_std"]
        out.at[i, "contribution_pp"] = 100 * part["increase_std"] / w["prior_value_std"]
        out.at[i, "share_of_whole_increase_pct"] = 100 * part["increase_std"] / w["increase_std"]
        out.at[i, "rest_value"] = rest_now * scale
        out.at[i, "rest_growth_pct"] = 100 * (rest_now / rest_prior - 1)
        out.at[i, "whole_level_figure_id"] = w["level_figure_id"]
        out.at[i, "whole_growth_figure_id"] = w["growth_figure_id"]
        out.at[i, "caveat_codes"] = part["caveat_codes"] + ["part_contribution"]


def _growth_formula(row: pd.Series, growth: pd.DataFrame) -> str:
    """The steps from the printed level and rate to a growth row's derived numbers, in the printed unit."""
    steps = []
    rate = _num(row["growth_pct"])
    if not np.isnan(row["prior_value"]):
        value = _num(row["value"])
        steps.append(f"{value} ÷ (1 + {rate}%) = {row['prior_value']:.2f}")
        steps.append(f"{value} − {row['prior_value']:.2f} = {row['increase']:.2f}")
    if not np.isnan(row["growth_minus_reference_pp"]) and row["indicator_id"] != row["reference_id"]:
        ref = _num(row["growth_pct"] - row["growth_minus_reference_pp"])
        steps.append(f"{rate}% − {ref}% = {_pp(row['growth_minus_reference_pp'])}")
        if not np.isnan(row["growth_over_reference"]):
            steps.append(f"{rate}% ÷ {ref}% = {row['growth_over_reference']:.2f}×")
    if not np.isnan(row["contribution_pp"]):
        whole = growth[
            (growth["indicator_id"] == row["part_of"])
            & (growth["period"] == row["period"])
            & (growth["basis"] == row["basis"])
        ].iloc[0]
        scale = row["value"] / row["value_std"]  # the whole in the part's printed unit
        w_now, w_prior = whole["value_std"] * scale, whole["prior_value_std"] * scale
        part_increase = f"({_num(row['value'])} − {row['prior_value']:.2f})"
        steps.append(f"{part_increase} ÷ {w_prior:.2f} = {_pp(row['contribution_pp'])}")
        steps.append(f"{part_increase} ÷ ({_num(w_now)} − {w_prior:.2f}) = {row['share_of_whole_increase_pct']:.1f}%")
        steps.append(
            f"({_num(w_now)} − {_num(row['value'])}) ÷ ({w_prior:.2f} − {row['prior_value']:.2f}) − 1 = {row['rest_growth_pct']:.1f}%"
        )
    return "; ".join(steps)


# --------------------------------------------------------------------------- shares


SHARE_COLUMNS = (
    "indicator_id",
    "indicator",
    "indicator_en",
    "theme",
    "period",
    "basis",
    "kind",
    "derived",
    "share_pct",
    "change_pp",
    "share_of",
    "share_of_en",
    "qualifier",
    "part_value",
    "part_unit",
    "part_unit_en",
    "part_qualifier",
    "whole_value",
    "whole_unit",
    "whole_unit_en",
    "whole_qualifier",
    "whole_id",
    "implied_whole",
    "per_head",
    "per_head_unit",
    "overlap_group",
    "additive",
    "formula",
    "caveat_codes",
    "part_figure_id",
    "share_figure_id",
    "whole_figure_id",
    "part_growth_figure_id",
    "whole_growth_figure_id",
    "figure_ids",
)
_SHARE_SOURCES = (
    "part_figure_id",
    "part_growth_figure_id",
    "share_figure_id",
    "whole_figure_id",
    "whole_growth_figure_id",
)
"""The source columns of a share row, in the order ``figure_ids`` lists them."""


def _whole_level(table: pd.DataFrame, share: pd.Series) -> pd.Series | None:
    """The level figure that is the whole of a share: by ``part_of``, else by its label."""
    levels = table[
        (table["measure"] == "level") & (table["period"] == share["period"]) & (table["basis"] == share["basis"])
    ]
    if share["part_of"]:
        found = levels[levels["indicator_id"] == share["part_of"]]
    else:
        found = levels[levels["indicator"].astype(str) == str(share["share_of"])]
    return found.iloc[0] if len(found) else None


def _num(value: float) -> str:
    # How a formula shows a number: whole numbers in full (18100000000, never 1.81e+10), others to two decimals.
    return f"{value:.0f}" if value == round(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def _pp(value: float) -> str:
    # percentage points in a formula, with a true minus sign as the formula's own subtractions have
    return f"{value:.1f} pp".replace("-", "−")


def share_table(
    figures: pd.DataFrame | None = None,
    *,
    report: str = DEFAULT_REPORT,
    indicators: Sequence[str] | None = None,
    population: str = POPULATION_INDICATOR,
    per_head: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every share the report states, the shares it makes possible, and per-head figures.

    Five kinds of row (``kind``):

    - ``stated``: a ``share`` figure. ``part_value`` is the level of the same indicator, period and
      basis when the report states it (else ``share_pct`` x the whole, when the whole is known:
      marked by the code ``part_derived``); ``implied_whole`` = part_value / share (181亿元 at 45.1%
      implies a district GDP of about 401亿元).
    - ``part_of`` (derived): a level the report gives as part of another (其中), as a share of that
      whole (industrial investment 16.1 of fixed-asset investment 35.6 = 45.2%).
    - ``prior_part_of`` (derived): the same share a year earlier (``period`` 2020H1), where the report
      gives the growth of both part and whole: each prior level is level / (1 + growth), and the share
      is their ratio (16.1 ÷ 1.833 = 8.78 of 35.6 ÷ 1.296 = 27.47: 32.0%).
    - ``not_subset``: a level given under 其中 that is not contained in its whole (``part_relation``
      ``overlap`` in the figures: 52 key projects 含续建 against 126 projects started); part and whole
      are shown, ``share_pct`` is NaN: it is no share.
    - ``per_head`` (derived): a money level divided by the population figure (``population``,
      the 45万 of the report). ``per_head`` lists the indicator ids to divide; default: every
      actual first-half money level of the economy theme that is not itself part of another.

    Columns: ``indicator_id``, ``indicator``, ``indicator_en``, ``theme``, ``period``, ``basis``,
    ``kind``, ``derived`` (bool), ``share_pct`` (percent), ``share_of``/``share_of_en`` (the whole),
    ``qualifier`` (hedge of the share or, for derived rows, of the part), ``part_value``/``part_unit``/
    ``part_qualifier`` (the part and its hedge; no hedge when the part is derived from the whole),
    ``whole_value``/``whole_unit``/``whole_qualifier``/``whole_id`` (the whole where the report states it),
    ``implied_whole`` (in ``part_unit``), ``per_head``/``per_head_unit`` (e.g. 元/人),
    ``overlap_group`` (the whole, for two or more stated shares of one whole), ``additive``
    (False when such shares sum to more than 100%: the categories overlap; NA when the report
    does not say), ``formula`` (how a derived number was computed, from the printed numbers: the
    implied whole or derived part of a stated share, ``181 ÷ 45.1% = 401.33``; empty when nothing
    is derived), ``caveat_codes`` (stable codes, ``;``-separated; worded by
    :func:`zhili_data.report.labels.caveats`), the sources ``part_figure_id`` (the part's level; for
    ``per_head``, the money level), ``share_figure_id`` (a stated share), ``whole_figure_id`` (the
    whole's level; for ``per_head``, the population), ``part_growth_figure_id`` and
    ``whole_growth_figure_id`` (the rates a ``prior_part_of`` row is taken back by), each None when
    unused, and ``figure_ids`` (all of them, ``;``-separated).


    Parameters
    ----------
    figures : DataFrame, optional
        The figures (default: ``load_figures(report)``).
    report : str, default DEFAULT_REPORT
        The report whose figures are read when ``figures`` is None.
    indicators : sequence of str, optional
        Keep only these indicator ids (empty or None: all).
    population : str, default "population"
        The indicator the per-head rows divide by.
    per_head : sequence of str, optional
        The indicator ids to divide by the population (default: see above).

    Returns
    -------
    DataFrame
        One row per share, the columns above (:data:`SHARE_COLUMNS`).

    Examples
    --------
    >>> share_table()[["indicator_id", "share_pct", "kind"]].head(2)
                           indicator_id  share_pct    kind
    0                               gdp       45.1  stated
    1  strategic_emerging_industries_va       62.5  stated
    """
    table = _figures(figures, report)
    levels = table[table["measure"] == "level"]
    rows = [_stated_share_row(table, s) for _, s in table[table["measure"] == "share"].iterrows()]
    stated = {(r["indicator_id"], r["period"], r["basis"]) for r in rows}
    rows += _part_of_rows(table, levels, skip=stated)
    rows += _per_head_rows(levels, population, per_head)
    out = pd.DataFrame(rows, columns=list(SHARE_COLUMNS))
    out["derived"] = out["derived"].astype(bool)
    out["formula"] = out["formula"].fillna("")
    _mark_overlaps(out)
    out["caveat_codes"] = [_join(codes) for codes in out["caveat_codes"]]
    out["figure_ids"] = [_ids(*(r[c] for c in _SHARE_SOURCES)) for _, r in out.iterrows()]
    out["part_unit_en"] = _units_en(table, out["part_figure_id"], out["part_unit"])
    out["whole_unit_en"] = _units_en(table, out["whole_figure_id"], out["whole_unit"])
    _add_share_changes(out)
    return _select(out, indicators)


def _add_share_changes(out: pd.DataFrame) -> None:
    """``change_pp`` of a ``part_of`` row: its share minus the same share a year earlier (the
    ``prior_part_of`` row of the same part and whole), in percentage points; NaN elsewhere."""
    prior = out[out["kind"] == "prior_part_of"].set_index(["indicator_id", "whole_id", "basis"])["share_pct"]
    out["change_pp"] = [
        float(row.share_pct) - float(prior.loc[(row.indicator_id, row.whole_id, row.basis)])
        if row.kind == "part_of" and (row.indicator_id, row.whole_id, row.basis) in prior.index
        else np.nan
        for row in out.itertuples(index=False)
    ]
    out["change_pp"] = out["change_pp"].astype("float64")


def _count_nouns(table: pd.DataFrame, figure_ids: pd.Series) -> list:
    """The English count noun (``unit_en``) of each figure id; None for a measure or no figure."""
    nouns = dict(zip(table["figure_id"], table["unit_en"].astype(object).where(table["unit_en"].notna(), None)))
    return [nouns.get(i) for i in figure_ids]


def _units_en(table: pd.DataFrame, figure_ids: pd.Series, units: pd.Series) -> list:
    """The English of what each figure measures: its count noun (``unit_en``: projects) for a count,
    the English of its standard unit (yuan, mu) for a measure, also for a part derived from its whole
    (no figure, only its printed unit); None for a percentage or nothing."""
    nouns = _count_nouns(table, table["figure_id"])
    english = {
        f: noun or MEASURE_UNITS_EN.get(str(unit_std))
        for f, noun, unit_std in zip(table["figure_id"], nouns, table["unit_std"])
    }

    def of_unit(unit: object) -> str | None:
        if not isinstance(unit, str) or not unit:
            return None
        split = split_unit(unit)
        return MEASURE_UNITS_EN.get(split.base or ("元" if split.multiplier != 1 else ""))

    return [english.get(i) if isinstance(i, str) else of_unit(u) for i, u in zip(figure_ids, units)]


def _stated_share_row(table: pd.DataFrame, s: pd.Series) -> dict:
    """The ``stated`` row of a share figure: its part (stated or derived from the whole) and its whole."""
    codes = []
    part = _level_of(table, s)
    whole = _whole_level(table, s)
    share = float(s["value"])
    row = {
        "indicator_id": s["indicator_id"],
        "indicator": s["indicator"],
        "indicator_en": s["indicator_en"],
        "theme": s["theme"],
        "period": s["period"],
        "basis": s["basis"],
        "kind": "stated",
        "derived": False,
        "share_pct": share,
        "share_of": s["share_of"],
        "share_of_en": s["share_of_en"],
        "qualifier": s["qualifier"],
        "part_value": np.nan,
        "part_unit": None,
        "part_qualifier": None,
        "whole_value": np.nan,
        "whole_unit": None,
        "whole_qualifier": None,
        "whole_id": None,
        "implied_whole": np.nan,
        "per_head": np.nan,
        "per_head_unit": None,
        **dict.fromkeys(_SHARE_SOURCES),
        "share_figure_id": s["figure_id"],
    }
    if part is not None:
        row |= {"part_value": float(part["value"]), "part_unit": part["unit"], "part_qualifier": part["qualifier"]}
        row["part_figure_id"] = part["figure_id"]
        if share:
            row["implied_whole"] = float(part["value"]) / (share / 100)
            row["formula"] = f"{_num(float(part['value']))} ÷ {_num(share)}% = {row['implied_whole']:.2f}"
            codes.append("implied_whole")
    if whole is not None:
        row |= {
            "whole_value": float(whole["value"]),
            "whole_unit": whole["unit"],
            "whole_qualifier": whole["qualifier"],
            "whole_id": whole["indicator_id"],
            "whole_figure_id": whole["figure_id"],
        }
        if part is None:
            row |= {"part_value": float(whole["value"]) * share / 100, "part_unit": whole["unit"]}
            row["formula"] = f"{_num(float(whole['value']))} × {_num(share)}% = {row['part_value']:.2f}"
            codes.append("part_derived")
    if s["qualifier"] != "exact":
        codes.append(f"share_{s['qualifier']}")
    row["caveat_codes"] = codes
    return row


def _part_of_rows(table: pd.DataFrame, levels: pd.DataFrame, *, skip: set[tuple]) -> list[dict]:
    """The ``part_of`` (and ``prior_part_of``) or ``not_subset`` rows of each level given as part of
    another, unless a share of it is stated (``skip``: its indicator, period and basis)."""
    rows = []
    for _, part in levels[levels["part_of"].notna()].iterrows():
        if (part["indicator_id"], part["period"], part["basis"]) in skip:
            continue
        whole = levels[
            (levels["indicator_id"] == part["part_of"])
            & (levels["period"] == part["period"])
            & (levels["basis"] == part["basis"])
            & (levels["unit_std"] == part["unit_std"])
        ]
        if whole.empty:
            continue
        w = whole.iloc[0]
        if part["part_relation"] == "overlap":
            # 含续建: listed under 其中 but not contained in the whole, so no share of it.
            rows.append(
                _pair_row(part, w, kind="not_subset", derived=False, share_pct=np.nan, caveat_codes=["not_subset"])
            )
            continue
        codes = ["derived_share", *_hedge_codes(("part", part), ("whole", w))]
        share_pct = 100 * float(part["value_std"]) / float(w["value_std"])
        formula = f"{_num(float(part['value']))} ÷ {_num(float(w['value']))} = {share_pct:.1f}%"
        rows.append(
            _pair_row(part, w, kind="part_of", derived=True, share_pct=share_pct, caveat_codes=codes, formula=formula)
        )
        prior = _prior_share(table, part, w)
        if prior is not None:
            rows.append(prior)
    return rows


def _per_head_rows(levels: pd.DataFrame, population: str, per_head: Sequence[str] | None) -> list[dict]:
    """A ``per_head`` row for each money level chosen (``per_head`` ids; default: the economy's
    first-half money levels that are no part of another), divided by the population figure."""
    pop = levels[levels["indicator_id"] == population]
    if pop.empty:
        return []
    p = pop.iloc[0]
    money = levels[levels["unit_std"].isin(sorted(MONEY_UNITS)) & (levels["basis"] == "actual")]
    if per_head is None:
        money = money[
            (money["theme"] == "economy") & money["part_of"].isna() & money["period"].astype(str).str.endswith("H1")
        ]
    else:
        money = money[money["indicator_id"].isin(list(per_head))]
    rows = []
    for _, m in money.iterrows():
        codes = ["per_head"] + (["half_year_flow"] if str(m["period"]).endswith("H1") else [])
        codes += _hedge_codes(("part", m))
        value = float(m["value_std"]) / float(p["value_std"])
        rows.append(
            _pair_row(
                m,
                p,
                kind="per_head",
                derived=True,
                share_pct=np.nan,
                caveat_codes=codes,
                per_head=value,
                per_head_unit=f"{m['unit_std']}/{p['unit_std']}",
                formula=f"{_num(float(m['value_std']))} ÷ {_num(float(p['value_std']))} = {_num(value)}",
            )
        )
    return rows


def _hedge_codes(*roles: tuple[str, pd.Series]) -> list[str]:
    """``<role>_<qualifier>`` for each (role, figure) that is hedged, each code once: part_at_least."""
    codes: list[str] = []
    for role, figure in roles:
        code = f"{role}_{figure['qualifier']}"
        if figure["qualifier"] != "exact" and code not in codes:
            codes.append(code)
    return codes


def _mark_overlaps(out: pd.DataFrame) -> None:
    """Two or more stated shares of one whole (in place): categories such as strategic emerging,
    high-tech and equipment manufacturing overlap, so their shares must not be added up."""
    out["overlap_group"] = None
    out["additive"] = pd.array([pd.NA] * len(out), dtype="boolean")
    stated = out[out["kind"] == "stated"]
    for (whole, _period, _basis), group in stated.groupby(["share_of", "period", "basis"], sort=False):
        if len(group) < 2:
            continue
        total = group["share_pct"].sum()
        out.loc[group.index, "overlap_group"] = whole
        if total > 100:
            out.loc[group.index, "additive"] = False
        for i in group.index:
            out.at[i, "caveat_codes"] = out.at[i, "caveat_codes"] + (
                ["overlapping"] if total > 100 else ["maybe_overlapping"]
            )


def _pair_row(part: pd.Series, whole: pd.Series, **fields: object) -> dict:
    """A share-table row relating ``part`` to ``whole`` (their values, units, qualifiers and
    figures); ``fields`` (kind, share_pct, formula, caveat_codes…) complete or override it."""
    return {
        "indicator_id": part["indicator_id"],
        "indicator": part["indicator"],
        "indicator_en": part["indicator_en"],
        "theme": part["theme"],
        "period": part["period"],
        "basis": part["basis"],
        "share_of": whole["indicator"],
        "share_of_en": whole["indicator_en"],
        "qualifier": part["qualifier"],
        "part_value": float(part["value"]),
        "part_unit": part["unit"],
        "part_qualifier": part["qualifier"],
        "whole_value": float(whole["value"]),
        "whole_unit": whole["unit"],
        "whole_qualifier": whole["qualifier"],
        "whole_id": whole["indicator_id"],
        "implied_whole": np.nan,
        "per_head": np.nan,
        "per_head_unit": None,
        **dict.fromkeys(_SHARE_SOURCES),
        "part_figure_id": part["figure_id"],
        "whole_figure_id": whole["figure_id"],
    } | fields


def _prior_share(table: pd.DataFrame, part: pd.Series, whole: pd.Series) -> dict | None:
    """The ``prior_part_of`` row of a part and its whole, when the report gives both growth rates."""
    period = base_period(part["period"])
    growth = table[
        (table["measure"] == "growth") & (table["period"] == part["period"]) & (table["basis"] == part["basis"])
    ]
    part_growth = growth[growth["indicator_id"] == part["indicator_id"]]
    whole_growth = growth[growth["indicator_id"] == whole["indicator_id"]]
    if period is None or part_growth.empty or whole_growth.empty:
        return None
    gp, gw = part_growth.iloc[0], whole_growth.iloc[0]
    part_prior = float(part["value"]) / (1 + float(gp["value"]) / 100)
    whole_prior = float(whole["value"]) / (1 + float(gw["value"]) / 100)
    share = (
        100
        * (float(part["value_std"]) / (1 + float(gp["value"]) / 100))
        / (float(whole["value_std"]) / (1 + float(gw["value"]) / 100))
    )
    codes = [
        "derived_share",
        "implied_prior",
        *_hedge_codes(("part", part), ("whole", whole), ("growth", gp), ("growth", gw)),
    ]
    formula = (
        f"{_num(float(part['value']))} ÷ (1 + {_num(float(gp['value']))}%) = {part_prior:.2f}; "
        f"{_num(float(whole['value']))} ÷ (1 + {_num(float(gw['value']))}%) = {whole_prior:.2f}; "
        f"{part_prior:.2f} ÷ {whole_prior:.2f} = {share:.1f}%"
    )
    return _pair_row(
        part,
        whole,
        kind="prior_part_of",
        derived=True,
        period=period,
        share_pct=share,
        part_value=part_prior,
        part_qualifier=None,
        whole_value=whole_prior,
        whole_qualifier=None,
        formula=formula,
        part_growth_figure_id=gp["figure_id"],
        whole_growth_figure_id=gw["figure_id"],
        caveat_codes=codes,
    )


# --------------------------------------------------------------------------- target gap


TARGET_GAP_COLUMNS = (
    "indicator_id",
    "indicator",
    "indicator_en",
    "theme",
    "measure",
    "actual_period",
    "target_period",
    "actual",
    "target",
    "unit",
    "unit_en",
    "actual_qualifier",
    "target_qualifier",
    "completion_pct",
    "as_of",
    "elapsed_pct",
    "pace_needed_pct",
    "status",
    "robust",
    "alternative_statuses",
    "main_readings",
    "alternative_readings",
    "margin",
    "actual_end",
    "actual_age_days",
    "remaining",
    "formula",
    "caveat_codes",
    "report_age_days",
    "actual_figure_id",
    "target_figure_id",
    "figure_ids",
)

TARGET_READING_COLUMNS = (
    "indicator_id",
    "indicator",
    "indicator_en",
    "figure_ids",
    "actual_figure_id",
    "target_figure_id",
    "readings",
    "main",
    "actual_span",
    "target_span",
    "target_period",
    "population",
    "as_of",
    "completion_pct",
    "elapsed_pct",
    "pace_needed_pct",
    "status",
    "margin",
    "unit",
    "bound",
    "formula",
)
"""Columns of :func:`target_readings_table`: one row per target and combination of its figures' readings."""

VERDICTS = ("ahead", "on_track", "behind")
"""Statuses that judge progress; the others say why no judgement is made."""


def _status(gap: float, tolerance: float) -> str:
    if gap > tolerance:
        return "ahead"
    if gap < -tolerance:
        return "behind"
    return "on_track"


def _pick_actual(candidates: pd.DataFrame, target_end: date | None, report_date: date) -> pd.Series | None:
    if candidates.empty:
        return None
    ends = [period_bounds(p, report_date=report_date)[1] for p in candidates["period"]]
    order = sorted(range(len(ends)), key=lambda i: (target_end is None or ends[i] <= target_end, ends[i]), reverse=True)
    return candidates.iloc[order[0]]


def _evaluate(
    actual: float,
    a_span: periods.Span,
    population: str,
    target: float,
    t_span: periods.Span,
    measure: str,
    as_of: date | None,
    tolerance: float,
) -> dict:
    """Status and numbers of one target under one reading of its actual and its target.

    The actual counts toward the target when its days lie inside the target's period (``within``);
    it says nothing of a period that begins after it (``before``); an actual that starts before the
    target's period, or at an unknown start, may include amounts outside it and is an upper bound
    (``partial``). An actual that counts part of the target's population is a lower bound.
    """
    a_start, a_end = a_span
    t_start, t_end = t_span
    day = as_of or a_end
    out = {
        "as_of": day,
        "completion_pct": np.nan,
        "elapsed_pct": np.nan,
        "pace_needed_pct": np.nan,
        "remaining": np.nan,
        "margin": np.nan,
        "bound": "",
        "relation": "",
        "formula": "",
    }
    if measure != "level":
        out["completion_pct"] = 100 * actual / target if target else np.nan
        out["status"] = _status(actual - target, tolerance)
        out["relation"] = "rate"
        out["formula"] = f"{_num(actual)}% − {_num(target)}% = {_pp(actual - target)}"
        return out
    if t_end is None:  # a target of no stated period: no pace to compare with
        out["status"], out["relation"], out["remaining"] = "no_baseline", "no_period", target
        return out
    out["elapsed_pct"] = periods.elapsed_share(t_span, day)
    steps = [_elapsed_step(t_span, day)]
    if a_end < t_start:
        relation = "before"
    elif a_start is not None and a_start >= t_start and a_end <= t_end:
        relation = "within"
    else:
        relation = "partial"
    out["relation"] = relation
    a_days = periods.days(a_span)
    pace_so_far = actual / a_days if a_days and actual > 0 else np.nan
    if relation == "before":
        out["remaining"] = target
        if day < t_start:
            # the plan has not begun: the pace it will need, against the pace so far, is a number, not a verdict
            out["status"] = "not_started"
            out["pace_needed_pct"] = 100 * (target / periods.days(t_span)) / pace_so_far
            if not np.isnan(out["pace_needed_pct"]):
                steps.append(
                    f"({_num(target)}/{periods.days(t_span)}) ÷ ({_num(actual)}/{a_days}) = {out['pace_needed_pct']:.1f}%"
                )
        else:
            out["status"] = "undetermined"  # its period has begun and the report says nothing of it
        out["formula"] = "; ".join(steps)
        return out
    completion = 100 * actual / target if target else np.nan
    out["completion_pct"] = completion
    out["remaining"] = max(target - actual, 0.0)
    days_left = (t_end - max(day, t_start - timedelta(days=1))).days
    if target:
        steps.insert(0, f"{_num(actual)} ÷ {_num(target)} = {completion:.1f}%")
    if days_left > 0:
        out["pace_needed_pct"] = 100 * (out["remaining"] / days_left) / pace_so_far
        if not np.isnan(out["pace_needed_pct"]):
            steps.append(
                f"({_num(out['remaining'])}/{days_left}) ÷ ({_num(actual)}/{a_days}) = {out['pace_needed_pct']:.1f}%"
            )
    status = _status(completion - out["elapsed_pct"], tolerance)
    upper, lower = relation == "partial", population == "part"
    out["bound"] = "both" if upper and lower else ("upper" if upper else ("lower" if lower else ""))
    if (upper and status != "behind") or (lower and status != "ahead"):
        status = "undetermined"  # the bound leaves more than one verdict open
    out["status"] = status
    if status in ("ahead", "on_track"):
        # how far the actual may fall before the status drops: to the edge of the band below
        edge = out["elapsed_pct"] + (tolerance if status == "ahead" else -tolerance)
        out["margin"] = actual - target * edge / 100
        band = f"{out['elapsed_pct']:.1f}% {'+' if status == 'ahead' else '−'} {_num(tolerance)}%"
        steps.append(f"{_num(actual)} − {_num(target)} × ({band}) = {out['margin']:.2f}")
    out["formula"] = "; ".join(steps)
    return out


def _elapsed_step(span: periods.Span, day: date) -> str:
    """Time elapsed as days done ÷ days of the period: 181 ÷ 365 = 49.6%."""
    done, total = periods.elapsed_days(span, day)
    return f"{done} ÷ {total} = {100 * done / total:.1f}%"


def _readings_of(
    readings: pd.DataFrame, figure_id: str, period: str, report_date: date
) -> list[tuple[str, bool, periods.Span, str]]:
    """(reading_id, main, span, population) of a figure: its curated readings, or its period as the one reading."""
    rows = readings[readings["figure_id"] == figure_id]
    if rows.empty:
        return [("", True, period_bounds(period, report_date=report_date), "")]
    ordered = rows.sort_values("main", ascending=False, kind="stable")
    return [(r.reading_id, bool(r.main), (r.start, r.end), r.population) for r in ordered.itertuples()]


def _check_as_of(as_of: date | None, ends: list[tuple[date, bool, str, str]]) -> None:
    """Refuse an ``as_of`` before the end of an actual compared (under any reading): that actual
    would count days after as_of. ``ends``: (last day, main reading?, figure_id, reading_id)."""
    if as_of is None or not ends:
        return
    end, main, figure_id, reading_id = max(ends)
    if as_of < end:
        how = "" if main or not reading_id else f" read as {reading_id}"
        raise checks.ParameterError(
            "as_of",
            as_of.isoformat(),
            f"on or after {end.isoformat()}, the end of the latest actual compared ({figure_id}{how} runs to {end.isoformat()}): "
            'an earlier day would count what was done after it; or "" for each actual\'s own end',
        )


def _target_rows(table: pd.DataFrame, readings: pd.DataFrame, report_date: date, as_of: date | None, tolerance: float):
    """For each target: its figure rows, and its evaluations under every combination of readings (main first)."""
    actuals = table[table["basis"] == "actual"]
    plans = []
    for _, t in table[table["basis"] == "target"].iterrows():
        t_end = period_bounds(t["period"], report_date=report_date)[1]
        same = actuals[(actuals["indicator_id"] == t["indicator_id"]) & (actuals["measure"] == t["measure"])]
        a = _pick_actual(same[same["unit_std"] == t["unit_std"]], t_end, report_date)
        plans.append((t, a, same))
    ends = [
        (span[1], main, a["figure_id"], reading_id)
        for _, a, _ in plans
        if a is not None
        for reading_id, main, span, _ in _readings_of(readings, a["figure_id"], a["period"], report_date)
    ]
    _check_as_of(as_of, ends)
    for t, a, same in plans:
        evaluations = []
        if a is not None:
            scale = float(t["value"]) / float(t["value_std"]) if t["value_std"] else 1.0  # standard -> printed unit
            actual = float(a["value_std"]) * scale
            for a_id, a_main, a_span, population in _readings_of(readings, a["figure_id"], a["period"], report_date):
                for t_id, t_main, t_span, _ in _readings_of(readings, t["figure_id"], t["period"], report_date):
                    result = _evaluate(
                        actual, a_span, population, float(t["value"]), t_span, t["measure"], as_of, tolerance
                    )
                    result |= {
                        "readings": "+".join(i for i in (a_id, t_id) if i),
                        "main": a_main and t_main,
                        "actual_span": a_span,
                        "target_span": t_span,
                        "population": population,
                    }
                    evaluations.append(result)
        yield t, a, same, evaluations


def target_readings_table(
    figures: pd.DataFrame | None = None,
    *,
    report: str = DEFAULT_REPORT,
    as_of: date | str | None = None,
    tolerance: float = 5.0,
) -> pd.DataFrame:
    """Every target with an actual, evaluated under every combination of its figures' readings.

    The readings are those of ``readings.csv`` (:func:`zhili_data.core.readings.load_readings`); a figure
    without readings is read by its period alone. One row per target and combination, the main
    reading first (``main`` True). Columns: ``indicator_id``, ``indicator``, ``indicator_en``, ``figure_ids`` (actual; target),
    ``actual_figure_id``, ``target_figure_id``,
    ``readings`` (the reading ids, ``+``-joined; empty: the figures' own periods), ``main``,
    ``actual_span`` and ``target_span`` (ISO intervals: ``2021-01-01/2021-06-30``; ``..`` for an
    unknown start), ``target_period`` (the target's period code under the reading), ``population``
    (``part``: the actual counts part of the target's population), ``as_of``, ``completion_pct``,
    ``elapsed_pct``, ``pace_needed_pct``, ``status``, ``margin`` (how far the actual may fall, in the
    target's unit, ``unit``, before an ``ahead`` or ``on_track`` status drops), ``bound`` (``upper``: the
    actual may include amounts from before the target's period; ``lower``: it counts part of the
    target's population; ``both``; empty) and ``formula`` (as in :func:`target_gap_table`).


    Parameters
    ----------
    figures : DataFrame, optional
        The figures (default: ``load_figures(report)``).
    report : str, default DEFAULT_REPORT
        The report whose figures and readings are read.
    as_of : date or str, optional
        As for :func:`target_gap_table`.
    tolerance : float, default 5.0
        As for :func:`target_gap_table`.

    Returns
    -------
    DataFrame
        One row per target with an actual and per combination of readings (:data:`TARGET_READING_COLUMNS`).

    Examples
    --------
    >>> target_readings_table()[["target_figure_id", "readings", "status"]].head(3)
                                target_figure_id             readings status
    0  projects_introduced_100m_plus_2021_target                       ahead
    1            city_major_projects_2021_target                       ahead
    2     projects_started_100m_plus_2021_target  projects_started_h1  ahead
    """
    report = checks.check_report(report)
    as_of_date = checks.check_as_of(as_of)
    tolerance = checks.check_tolerance(tolerance)
    table = _figures(figures, report)
    report_date = get_report(report).delivered
    rows = []
    for t, a, _, evaluations in _target_rows(table, load_readings(report), report_date, as_of_date, tolerance):
        for e in evaluations:
            rows.append(
                {
                    "indicator_id": t["indicator_id"],
                    "indicator": t["indicator"],
                    "indicator_en": t["indicator_en"],
                    "figure_ids": _ids(a["figure_id"], t["figure_id"]),
                    "actual_figure_id": a["figure_id"],
                    "target_figure_id": t["figure_id"],
                    "readings": e["readings"],
                    "main": e["main"],
                    "actual_span": periods.format_span(e["actual_span"]),
                    "target_span": periods.format_span(e["target_span"]),
                    "target_period": periods.period_code(e["target_span"]) or t["period"],
                    "population": e["population"],
                    **{
                        k: e[k]
                        for k in (
                            "as_of",
                            "completion_pct",
                            "elapsed_pct",
                            "pace_needed_pct",
                            "status",
                            "margin",
                            "bound",
                            "formula",
                        )
                    },
                    "unit": t["unit"],
                }
            )
    out = pd.DataFrame(rows, columns=list(TARGET_READING_COLUMNS))
    out["main"] = out["main"].astype(bool)
    return out


def target_gap_table(
    figures: pd.DataFrame | None = None,
    *,
    report: str = DEFAULT_REPORT,
    as_of: date | str | None = None,
    tolerance: float = 5.0,
) -> pd.DataFrame:
    """Every target, paired with the actual of the same ``indicator_id`` and ``unit_std``, and judged
    under every reading the report leaves open.

    One row per ``target`` figure, in the report's order. The actual of the same indicator,
    measure and standard unit whose period ends last (not after the target's period) is its
    baseline; a target without one has status ``no_baseline``: the register to follow up at
    year end. Where ``readings.csv`` records open choices about the actual or the target, the
    target is evaluated under every combination (:func:`target_readings_table`); the row shows the
    main reading, whether the status holds under all of them (``robust``) and what the others give.

    ``as_of`` (ISO date or ``date``): the day at which the time elapsed is measured; default
    (None or ""): the last day of the actual's period under each reading (2021-06-30 for an H1
    actual; the report date for a ``to_date`` actual and for targets without an actual). An
    ``as_of`` before the end of an actual compared is refused (:class:`~zhili_data.core.checks.ParameterError`
    naming as_of and the dates): that actual would count days after it. A later ``as_of`` is
    allowed; each row then says how old its actual is (``actual_age_days``, caveat ``actual_age``).
    ``tolerance``: percentage points within which a target counts as ``on_track``.

    Columns:

    - ``indicator_id``, ``indicator``, ``indicator_en``, ``theme``, ``measure``.
    - ``actual_period``, ``target_period``; ``actual``, ``target``, ``unit``: both values in the
      target's printed unit (the actual converted through the standard unit when they differ).
    - ``actual_qualifier``, ``target_qualifier``: hedges (exact, about, nearly, at_least).
    - ``completion_pct``: actual / target x 100, where the actual counts toward the target.
    - ``as_of`` (date) and ``elapsed_pct``: share of the target's period elapsed at ``as_of``.
    - ``pace_needed_pct``: the pace (per day) the rest of the target's period needs, as a
      percentage of the actual's pace; 100 = keep the pace so far. Levels only.
    - ``status`` under the main reading: ``ahead`` when completion_pct exceeds elapsed_pct by more
      than ``tolerance``, ``behind`` when it falls short by more, else ``on_track`` (rates and
      growth: actual minus target); ``not_started`` when the target's period has not begun on
      as_of (its pace needed is a number, not a verdict); ``undetermined`` when the actual does not
      settle progress (it lies before a period that has begun, or bounds the target's part from
      above or below without fixing the verdict); ``no_baseline`` without an actual.
    - ``robust``: True when every reading gives the same status; ``alternative_statuses`` and
      ``alternative_readings``: the statuses under the other combinations of readings and their
      reading ids (``;`` between combinations, ``+`` within one); ``main_readings``: the ids of the
      main readings ("" where nothing is open).
    - ``margin``: how much lower the actual could be (in ``unit``) before an ahead or on_track
      status drops (65亿元 against 100亿元 at 59.7% elapsed: 65 - 64.73 = 0.27亿元).
    - ``actual_end`` (date the actual runs to under the main reading) and ``actual_age_days``
      (as_of minus actual_end: how old the actual is on as_of).
    - ``report_age_days``: as_of minus the report's date (negative when as_of falls before it).
    - ``remaining``: what the rest of the target's period must deliver (target - actual, not
      below 0; the whole target when the actual does not count toward it; NaN for rates).
    - ``formula``: the main reading's computation with the row's own numbers, ``; ``-separated, in
      the target's unit and in days: completion (``65 ÷ 100 = 65.0%``), time elapsed as days done ÷
      days of the target's period (``181 ÷ 365 = 49.6%``), pace needed as (remaining / days left) ÷
      (actual / days of the actual) (``(5/184) ÷ (15/181) = 32.8%``) and the margin (actual −
      target × the lower edge of the status's band: ``15 − 20 × (49.6% + 5%) = 4.08``); for rates,
      actual − target in percentage points.
    - ``caveat_codes``: stable codes (``;``-separated), worded by :func:`zhili_data.report.labels.caveats`
      from the row's ``target_period``, ``actual_period``, ``actual_end``, ``actual_age_days`` and
      ``report_age_days``.
    - ``actual_figure_id`` (None without an actual), ``target_figure_id`` and ``figure_ids`` (both,
      ``;``-separated).


    Parameters
    ----------
    figures : DataFrame, optional
        The figures (default: ``load_figures(report)``).
    report : str, default DEFAULT_REPORT
        The report whose figures and readings are read.
    as_of : date or str, optional
        The day the time elapsed is measured at (see above).
    tolerance : float, default 5.0
        Percentage points within which a target is ``on_track``.

    Returns
    -------
    DataFrame
        One row per target, the columns above (:data:`TARGET_GAP_COLUMNS`).

    Examples
    --------
    >>> gap = target_gap_table()
    >>> gap["status"].value_counts().head(3)
    status
    no_baseline     20
    ahead            4
    undetermined     2
    Name: count, dtype: int64
    """
    report = checks.check_report(report)
    as_of_date = checks.check_as_of(as_of)
    tolerance = checks.check_tolerance(tolerance)
    table = _figures(figures, report)
    report_date = get_report(report).delivered
    rows = []
    for t, a, same, evaluations in _target_rows(table, load_readings(report), report_date, as_of_date, tolerance):
        if a is None:
            other_unit = bool(len(same)) or bool(
                len(table[(table["basis"] == "actual") & (table["indicator_id"] == t["indicator_id"])])
            )
            row = _register_row(t, as_of_date or report_date, report_date, other_unit=other_unit)
        else:
            row = _compared_row(t, a, evaluations)
        row["report_age_days"] = (row["as_of"] - report_date).days
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(TARGET_GAP_COLUMNS))
    out["caveat_codes"] = [_join(codes) for codes in out["caveat_codes"]]
    out["status"] = pd.Categorical(out["status"], categories=list(STATUSES))
    out["robust"] = out["robust"].astype(bool)
    out["actual_age_days"] = out["actual_age_days"].astype("Int64")
    out["report_age_days"] = out["report_age_days"].astype("Int64")
    out["figure_ids"] = [_ids(a, t) for a, t in zip(out["actual_figure_id"], out["target_figure_id"])]
    out["unit_en"] = _count_nouns(table, out["target_figure_id"])
    return out


def _target_row(t: pd.Series) -> dict:
    """A target-gap row of a target before it is compared with anything."""
    return {
        "indicator_id": t["indicator_id"],
        "indicator": t["indicator"],
        "indicator_en": t["indicator_en"],
        "theme": t["theme"],
        "measure": t["measure"],
        "target_period": t["period"],
        "target": float(t["value"]),
        "unit": t["unit"],
        "target_qualifier": t["qualifier"],
        "actual_period": None,
        "actual": np.nan,
        "actual_qualifier": None,
        "completion_pct": np.nan,
        "elapsed_pct": np.nan,
        "pace_needed_pct": np.nan,
        "remaining": np.nan,
        "margin": np.nan,
        "robust": True,
        "alternative_statuses": "",
        "main_readings": "",
        "alternative_readings": "",
        "actual_end": None,
        "actual_age_days": np.nan,
        "formula": "",
        "actual_figure_id": None,
        "target_figure_id": t["figure_id"],
    }


def _register_row(t: pd.Series, day: date, report_date: date, *, other_unit: bool) -> dict:
    """The ``no_baseline`` row of a target without an actual, its time elapsed measured at ``day``;
    ``other_unit``: the indicator has an actual in another unit or measure."""
    row = _target_row(t) | {"as_of": day, "status": "no_baseline"}
    t_span = period_bounds(t["period"], report_date=report_date)
    pushed_forward = any(marker in str(t.get("quote", "")) for marker in PUSHED_FORWARD_MARKERS)
    if t["measure"] == "level":
        # a list of projects being pushed forward (持续推进…15个) is not a count still to complete
        remaining = np.nan if pushed_forward else row["target"]
        row |= {"elapsed_pct": periods.elapsed_share(t_span, day), "remaining": remaining}
        if t_span[1] is not None and t_span[0] is not None:
            row["formula"] = _elapsed_step(t_span, day)
    codes = ["no_actual"]
    if pushed_forward:
        codes.append("pushed_forward")
    if t_span[1] is None:
        codes.append("no_period")
    if other_unit:
        codes.append("other_unit")
    codes += _hedge_codes(("target", t))
    if day > report_date:
        codes.append("report_age")
    row["caveat_codes"] = codes
    return row


_EVALUATED = ("as_of", "completion_pct", "elapsed_pct", "pace_needed_pct", "remaining", "margin", "status", "formula")
"""What a row takes from the evaluation under its main reading."""


def _compared_row(t: pd.Series, a: pd.Series, evaluations: list[dict]) -> dict:
    """The row of a target compared with its actual: the main reading's numbers and status, and the others'."""
    main, others = evaluations[0], evaluations[1:]
    target = float(t["value"])
    a_end = main["actual_span"][1]
    row = _target_row(t) | {
        "actual_period": a["period"],
        "actual": float(a["value_std"]) * (target / float(t["value_std"]) if t["value_std"] else 1.0),
        "actual_qualifier": a["qualifier"],
        "actual_figure_id": a["figure_id"],
        **{k: main[k] for k in _EVALUATED},
        "main_readings": main["readings"],
        "robust": all(e["status"] == main["status"] for e in others),
        "alternative_statuses": _join(e["status"] for e in others),
        "alternative_readings": _join(e["readings"] for e in others),
        "actual_end": a_end,
        "actual_age_days": (main["as_of"] - a_end).days,
    }
    row["caveat_codes"] = _compared_codes(row, t, a, main)
    return row


def _compared_codes(row: dict, t: pd.Series, a: pd.Series, main: dict) -> list[str]:
    """The caveat codes of a target compared with its actual under the main reading ``main``."""
    codes = []
    relation = main["relation"]
    if relation == "rate":
        codes.append("rate_direct")
    elif relation == "before":
        codes.append("not_started" if main["status"] == "not_started" else "disjoint_periods")
    elif relation == "partial":
        codes.append("stock_before_period" if main["actual_span"][0] is None else "partial_period")
    if main["bound"] in ("lower", "both"):
        codes.append("part_population")
    if not row["robust"]:
        codes.append("contingent")
    if a["period"] == "to_date" and relation == "within":
        codes.append("to_date_cumulative")
    t_start, t_end = main["target_span"]
    if t["measure"] == "level" and t_start is not None and (t_end - t_start).days > 366:
        codes.append("multi_year")
    if relation == "within" and row["actual"] >= row["target"]:
        codes.append("target_met")
    codes += _hedge_codes(("actual", a), ("target", t))
    if a["unit"] != t["unit"]:
        codes.append("unit_converted")
    if row["actual_age_days"] > 0:
        codes.append("actual_age")
    return codes


# --------------------------------------------------------------------------- lookups used by notebooks


def figure_rows(
    figure_ids: Iterable[str], figures: pd.DataFrame | None = None, *, report: str = DEFAULT_REPORT
) -> pd.DataFrame:
    """The figures named in ``figure_ids`` (strings that may hold several ``;``-separated ids), in first-seen order.

    Parameters
    ----------
    figure_ids : iterable of str
        Cells of a ``figure_ids`` column, or single ids.
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
    >>> figure_rows(["gdp_2021h1_actual;gdp_2021h1_actual_growth", "gdp_2021h1_actual"])[["figure_id", "value"]]
                      figure_id  value
    0         gdp_2021h1_actual  181.0
    1  gdp_2021h1_actual_growth   17.5
    """
    table = _figures(figures, report)
    wanted: list[str] = []
    for entry in figure_ids:
        for fid in split_ids(entry):
            if fid not in wanted:
                wanted.append(fid)
    unknown = [f for f in wanted if f not in set(table["figure_id"])]
    if unknown:
        raise FigureNotFoundError(f"figure_id(s) {', '.join(unknown)} not in report {report!r}")
    return table.set_index("figure_id").loc[wanted].reset_index()


def split_by_baseline(gap: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(targets with an actual to compare, whatever their status; the register of targets with status ``no_baseline``).

    Parameters
    ----------
    gap : DataFrame
        A :func:`target_gap_table`.

    Returns
    -------
    (DataFrame, DataFrame)

    Examples
    --------
    >>> compared, register = split_by_baseline(target_gap_table())
    >>> len(compared), len(register)
    (7, 20)
    """
    register = gap["status"] == "no_baseline"
    return gap[~register].reset_index(drop=True), gap[register].reset_index(drop=True)


def split_per_head(shares: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stated and derived shares, per-head rows) of a :func:`share_table`.

    Parameters
    ----------
    shares : DataFrame
        A :func:`share_table`.

    Returns
    -------
    (DataFrame, DataFrame)

    Examples
    --------
    >>> shares, per_head = split_per_head(share_table())
    >>> len(shares), len(per_head)
    (8, 4)
    """
    per_head = shares["kind"] == "per_head"
    return shares[~per_head].reset_index(drop=True), shares[per_head].reset_index(drop=True)


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
    table = _figures(figures, report)
    rows = table[(table["theme"] == theme) & (table["basis"] == "actual") & table["measure"].isin(["level", "rate"])]
    return rows.reset_index(drop=True)


OVERVIEW_THEMES = ("economy", "urban_rural", "livelihood", "governance")
"""The themes the overview charts, one chart each (``context`` holds only the population)."""


# --------------------------------------------------------------------------- across reports

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
    rows = []
    for report in chosen:
        entry = get_report(report)
        table = load_figures(report)
        own = table[(table["indicator_id"] == indicator_id) & (table["basis"] == "actual")]
        if own.empty:
            continue
        gap = target_gap_table(report=report)
        gap = gap[(gap["indicator_id"] == indicator_id) & (gap["measure"] == "level")]
        for _, level in own[own["measure"] == "level"].iterrows():
            growth = own[(own["measure"] == "growth") & (own["period"] == level["period"])]
            g = growth.iloc[0] if not growth.empty else None
            paired = gap[gap["actual_figure_id"] == level["figure_id"]]
            t = paired.iloc[0] if not paired.empty else None
            rows.append(
                {
                    "report_id": report,
                    "delivered": entry.delivered,
                    "indicator_id": indicator_id,
                    "indicator": level["indicator"],
                    "indicator_en": level["indicator_en"],
                    "period": str(level["period"]),
                    "level": float(level["value"]),
                    "unit": level["unit"],
                    "qualifier": level["qualifier"],
                    "level_std": float(level["value_std"]),
                    "unit_std": level["unit_std"],
                    "growth_pct": float(g["value"]) if g is not None else np.nan,
                    "growth_qualifier": g["qualifier"] if g is not None else None,
                    "target": float(t["target"]) if t is not None else np.nan,
                    "target_period": t["target_period"] if t is not None else None,
                    "completion_pct": float(t["completion_pct"]) if t is not None else np.nan,
                    "figure_ids": _ids(
                        level["figure_id"],
                        g["figure_id"] if g is not None else None,
                        t["target_figure_id"] if t is not None else None,
                    ),
                }
            )
    if not rows:
        raise FigureNotFoundError(
            f"no report of {', '.join(chosen)} gives an actual level of indicator_id {indicator_id!r}"
        )
    out = pd.DataFrame(rows).sort_values(["delivered", "period"], kind="stable").reset_index(drop=True)
    latest = out.iloc[-1]
    kind = periods.parse_period(latest["period"]).kind
    out["comparable"] = [
        unit == latest["unit_std"] and periods.parse_period(p).kind == kind
        for unit, p in zip(out["unit_std"], out["period"])
    ]
    return out[list(COMPARISON_COLUMNS)]
