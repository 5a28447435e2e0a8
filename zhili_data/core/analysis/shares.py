"""Shares: every share the report states, the shares its parts (其中) make possible, a year earlier
where both growth rates are given, and the per-head figures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from zhili_data.core.analysis.pairs import SAME_FIGURE, pair
from zhili_data.core.analysis.rows import count_nouns, figures_table, hedge_codes, select, source_ids
from zhili_data.core.analysis.steps import Operand, Step
from zhili_data.core.catalog import DEFAULT_REPORT
from zhili_data.core.numbers import MEASURE_UNITS_EN, MONEY_UNITS, split_unit
from zhili_data.core.periods import base_period

__all__ = ["POPULATION_INDICATOR", "SHARE_COLUMNS", "share_table", "split_per_head"]

POPULATION_INDICATOR = "population"

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
_PAIRED = (
    "indicator_id",
    "indicator",
    "indicator_en",
    "value",
    "value_std",
    "unit",
    "unit_std",
    "qualifier",
    "figure_id",
)
"""The columns of a level that a share row takes from it."""


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
    does not say), ``formula`` (how a derived number was computed from the printed numbers, a list
    of :class:`~zhili_data.core.analysis.steps.Step`: the implied whole or derived part of a stated
    share, ``181 ÷ 45.1% = 401.33``; empty when nothing is derived), ``caveat_codes`` (stable
    codes, a list; worded by :func:`zhili_data.report.labels.caveats`), the sources ``part_figure_id``
    (the part's level; for ``per_head``, the money level), ``share_figure_id`` (a stated share),
    ``whole_figure_id`` (the whole's level; for ``per_head``, the population),
    ``part_growth_figure_id`` and ``whole_growth_figure_id`` (the rates a ``prior_part_of`` row is
    taken back by), each None when unused, and ``figure_ids`` (all of them, a list).


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
    table = figures_table(figures, report)
    levels = table[table["measure"] == "level"]
    stated = _stated_rows(table[table["measure"] == "share"], levels)
    rows = stated + _part_of_rows(table, levels, skip={(r["indicator_id"], r["period"], r["basis"]) for r in stated})
    rows += _per_head_rows(levels, population, per_head)
    out = pd.DataFrame(rows, columns=list(SHARE_COLUMNS))
    out["derived"] = out["derived"].astype(bool)
    out["formula"] = [steps if isinstance(steps, list) else [] for steps in out["formula"]]
    _mark_overlaps(out)
    out["figure_ids"] = source_ids(out, _SHARE_SOURCES)
    out["part_unit_en"] = _units_en(table, out["part_figure_id"], out["part_unit"])
    out["whole_unit_en"] = _units_en(table, out["whole_figure_id"], out["whole_unit"])
    _add_share_changes(out)
    return select(out, indicators)


def _of(record: dict, prefix: str) -> dict:
    """The columns of a paired record taken from one side (``prefix``), unprefixed."""
    return {k[len(prefix) :]: v for k, v in record.items() if k.startswith(prefix)}


def _add_share_changes(out: pd.DataFrame) -> None:
    """``change_pp`` of a ``part_of`` row: its share minus the same share a year earlier (the
    ``prior_part_of`` row of the same part and whole), in percentage points; NaN elsewhere."""
    keys = ("indicator_id", "whole_id", "basis")
    prior = pair(
        out[list(keys)], out.loc[out["kind"] == "prior_part_of", [*keys, "share_pct"]], prefix="prior_", left_on=keys
    )
    change = out["share_pct"].astype(float) - prior["prior_share_pct"].astype(float)
    out["change_pp"] = change.where(out["kind"] == "part_of").astype("float64")


def _units_en(table: pd.DataFrame, figure_ids: pd.Series, units: pd.Series) -> list:
    """The English of what each figure measures: its count noun (``unit_en``: projects) for a count,
    the English of its standard unit (yuan, mu) for a measure, also for a part derived from its whole
    (no figure, only its printed unit); None for a percentage or nothing."""
    nouns = count_nouns(table, table["figure_id"])
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


def _stated_rows(shares: pd.DataFrame, levels: pd.DataFrame) -> list[dict]:
    """The ``stated`` rows of the share figures, each paired with its part (the level of the same
    figure) and its whole (the level named by ``part_of``, else by the label ``share_of``)."""
    paired = pair(shares, levels[list(_PAIRED) + ["period", "basis"]], prefix="part_")
    by_id = pair(shares, levels, prefix="whole_", left_on=("part_of", "period", "basis"), right_on=SAME_FIGURE)
    labelled = levels.assign(label=levels["indicator"].astype(str))
    by_label = pair(
        shares.assign(label=shares["share_of"].astype(str)),
        labelled,
        prefix="whole_",
        left_on=("label", "period", "basis"),
        right_on=("label", "period", "basis"),
    )
    named = shares["part_of"].map(bool).to_numpy()
    wholes = [a if use_id else b for a, b, use_id in zip(by_id.to_dict("records"), by_label.to_dict("records"), named)]
    return [_stated_share_row(s, _of(s, "part_"), _of(w, "whole_")) for s, w in zip(paired.to_dict("records"), wholes)]


def _stated_share_row(s: dict, part: dict, whole: dict) -> dict:
    """The ``stated`` row of a share figure: its part (stated or derived from the whole) and its whole
    (``part`` and ``whole`` hold None where the report gives none)."""
    codes = []
    share = float(s["value"])
    row = {
        **{c: s[c] for c in ("indicator_id", "indicator", "indicator_en", "theme", "period", "basis")},
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
        "formula": [],
    }
    share_operand = Operand(share, s["figure_id"])
    if isinstance(part["figure_id"], str):
        row |= {"part_value": float(part["value"]), "part_unit": part["unit"], "part_qualifier": part["qualifier"]}
        row["part_figure_id"] = part["figure_id"]
        if share:
            row["implied_whole"] = float(part["value"]) / (share / 100)
            operands = (Operand(float(part["value"]), part["figure_id"]), share_operand)
            row["formula"] = [Step("implied_whole", operands, row["implied_whole"], part["unit"])]
            codes.append("implied_whole")
    if isinstance(whole["figure_id"], str):
        row |= {
            "whole_value": float(whole["value"]),
            "whole_unit": whole["unit"],
            "whole_qualifier": whole["qualifier"],
            "whole_id": whole["indicator_id"],
            "whole_figure_id": whole["figure_id"],
        }
        if not isinstance(part["figure_id"], str):
            row |= {"part_value": float(whole["value"]) * share / 100, "part_unit": whole["unit"]}
            operands = (Operand(float(whole["value"]), whole["figure_id"]), share_operand)
            row["formula"] = [Step("part_from_share", operands, row["part_value"], whole["unit"])]
            codes.append("part_derived")
    if s["qualifier"] != "exact":
        codes.append(f"share_{s['qualifier']}")
    row["caveat_codes"] = codes
    return row


def _part_of_rows(table: pd.DataFrame, levels: pd.DataFrame, *, skip: set[tuple]) -> list[dict]:
    """The ``part_of`` (and ``prior_part_of``) or ``not_subset`` rows of each level given as part of
    another, unless a share of it is stated (``skip``: its indicator, period and basis)."""
    parts = levels[levels["part_of"].notna()]
    parts = parts[[k not in skip for k in zip(parts["indicator_id"], parts["period"], parts["basis"])]]
    keys = ("period", "basis", "unit_std")
    paired = pair(parts, levels, prefix="whole_", left_on=("part_of", *keys), right_on=("indicator_id", *keys))
    paired = paired[paired["whole_figure_id"].notna()]
    rates = table[table["measure"] == "growth"]
    paired = pair(paired, rates, prefix="pg_")  # each side's growth of the same period, for the prior share
    paired = pair(paired, rates, prefix="wg_", left_on=("whole_indicator_id", "period", "basis"), right_on=SAME_FIGURE)
    rows = []
    for record in paired.to_dict("records"):
        part, whole = _of(record, ""), _of(record, "whole_")
        if part["part_relation"] == "overlap":
            # 含续建: listed under 其中 but not contained in the whole, so no share of it.
            rows.append(
                _pair_row(part, whole, kind="not_subset", derived=False, share_pct=np.nan, caveat_codes=["not_subset"])
            )
            continue
        codes = ["derived_share", *hedge_codes(("part", part), ("whole", whole))]
        share_pct = 100 * float(part["value_std"]) / float(whole["value_std"])
        operands = (
            Operand(float(part["value"]), part["figure_id"]),
            Operand(float(whole["value"]), whole["figure_id"]),
        )
        formula = [Step("share", operands, share_pct, "%")]
        rows.append(
            _pair_row(
                part, whole, kind="part_of", derived=True, share_pct=share_pct, caveat_codes=codes, formula=formula
            )
        )
        if isinstance(record["pg_figure_id"], str) and isinstance(record["wg_figure_id"], str):
            prior = _prior_share(part, whole, _of(record, "pg_"), _of(record, "wg_"))
            if prior is not None:
                rows.append(prior)
    return rows


def _per_head_rows(levels: pd.DataFrame, population: str, per_head: Sequence[str] | None) -> list[dict]:
    """A ``per_head`` row for each money level chosen (``per_head`` ids; default: the economy's
    first-half money levels that are no part of another), divided by the population figure."""
    pop = levels[levels["indicator_id"] == population]
    if pop.empty:
        return []
    p = pop.iloc[0].to_dict()
    money = levels[levels["unit_std"].isin(sorted(MONEY_UNITS)) & (levels["basis"] == "actual")]
    if per_head is None:
        money = money[
            (money["theme"] == "economy") & money["part_of"].isna() & money["period"].astype(str).str.endswith("H1")
        ]
    else:
        money = money[money["indicator_id"].isin(list(per_head))]
    rows = []
    for m in money.to_dict("records"):
        codes = ["per_head"] + (["half_year_flow"] if str(m["period"]).endswith("H1") else [])
        codes += hedge_codes(("part", m))
        value = float(m["value_std"]) / float(p["value_std"])
        unit = f"{m['unit_std']}/{p['unit_std']}"
        operands = (Operand(float(m["value_std"]), m["figure_id"]), Operand(float(p["value_std"]), p["figure_id"]))
        rows.append(
            _pair_row(
                m,
                p,
                kind="per_head",
                derived=True,
                share_pct=np.nan,
                caveat_codes=codes,
                per_head=value,
                per_head_unit=unit,
                formula=[Step("per_head", operands, value, unit)],
            )
        )
    return rows


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


def _pair_row(part: dict, whole: dict, **fields: object) -> dict:
    """A share-table row relating ``part`` to ``whole`` (their values, units, qualifiers and
    figures); ``fields`` (kind, share_pct, formula, caveat_codes…) complete or override it."""
    return {
        **{c: part[c] for c in ("indicator_id", "indicator", "indicator_en", "theme", "period", "basis")},
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


def _prior_share(part: dict, whole: dict, part_growth: dict, whole_growth: dict) -> dict | None:
    """The ``prior_part_of`` row of a part and its whole, taken back a year by their growth rates."""
    period = base_period(part["period"])
    if period is None:
        return None
    part_rate, whole_rate = float(part_growth["value"]), float(whole_growth["value"])
    part_prior = float(part["value"]) / (1 + part_rate / 100)
    whole_prior = float(whole["value"]) / (1 + whole_rate / 100)
    share = (
        100 * (float(part["value_std"]) / (1 + part_rate / 100)) / (float(whole["value_std"]) / (1 + whole_rate / 100))
    )
    codes = [
        "derived_share",
        "implied_prior",
        *hedge_codes(("part", part), ("whole", whole), ("growth", part_growth), ("growth", whole_growth)),
    ]
    formula = [
        Step(
            "prior",
            (Operand(float(part["value"]), part["figure_id"]), Operand(part_rate, part_growth["figure_id"])),
            part_prior,
            part["unit"],
        ),
        Step(
            "prior",
            (Operand(float(whole["value"]), whole["figure_id"]), Operand(whole_rate, whole_growth["figure_id"])),
            whole_prior,
            whole["unit"],
        ),
        Step("share", (Operand(part_prior, exact=False), Operand(whole_prior, exact=False)), share, "%"),
    ]
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
        part_growth_figure_id=part_growth["figure_id"],
        whole_growth_figure_id=whole_growth["figure_id"],
        caveat_codes=codes,
    )


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
