"""Conclusions as typed records, and the comparison rules that license or refuse them.

A page, a PDF or a slide that states a conclusion (a comparison, a ranking, a count of verdicts,
a share of an increase) renders it from a :class:`Claim`: the figures it uses, the rule that
licenses it, whether it holds under every reading of the report and its caveats (as codes). The
words live in the report layer (:func:`zhili_data.report.prose.claim_text`); this module is
language-neutral, as the rest of the analysis layer.

The rules refuse what a careful reader would refuse, by raising :class:`ClaimRefusedError`:

- :func:`check_not_part_beside_whole`: a part is never ranked as a peer of its whole;
- :func:`check_like_with_like`: only the same unit, kind, period and basis are ranked;
- :func:`check_same_price_basis`: growth rates are compared on one price basis (or the comparison
  is marked as nominal against real), never divided;
- :func:`check_verdict_count`: a stated count of verdicts is the robust count, with the
  contingent ones named;
- :func:`check_counts_toward_target`: an actual is drawn as progress only when it counts toward
  the target's period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from zhili_data.core.analysis import REFERENCE_INDICATOR, VERDICTS
from zhili_data.core.cells import items as cell_items
from zhili_data.exceptions import ZhiliError

__all__ = [
    "Claim",
    "ClaimRefusedError",
    "RULES",
    "check_counts_toward_target",
    "check_like_with_like",
    "check_rankable",
    "check_not_part_beside_whole",
    "check_same_price_basis",
    "check_verdict_count",
    "contribution_claim",
    "growth_claim",
    "key_messages",
    "largest_share_claim",
    "order_holds",
    "ranking_claim",
    "reference_gap_claim",
    "reference_gap_claims",
    "share_ranking_claim",
    "topic_key",
    "reference_growth_claim",
    "target_claim",
    "target_follow_up_claim",
    "verdict_count_claim",
]


class ClaimRefusedError(ZhiliError, ValueError):
    """A conclusion that a comparison rule does not license; the message names the rule and why."""


RULES = {
    "part_within_whole": "a part is shown within its whole (of which), never as its peer",
    "like_with_like": "only the same unit, kind, period and basis are ranked",
    "same_price_basis": "growth rates are compared on one price basis and never divided",
    "robust_count": "a count of verdicts is the robust one, the contingent ones named apart",
    "counts_toward_target": "only a result of the target's period is progress toward it",
    "stated_figure": "a number the report states, with its period and caveats",
}
"""Rule id -> what it licenses; every :class:`Claim` names one."""


@dataclass(frozen=True)
class Claim:
    """One conclusion a page may state.

    Parameters
    ----------
    claim_id : str
        Stable id; the page marks the sentence with it (``data-claim``).
    figure_ids : tuple of str
        The figures the conclusion uses.
    rule : str
        The key of :data:`RULES` that licenses it.
    robust : bool
        Whether it holds under every reading of the report.
    caveats : tuple of str
        Caveat codes that go with it.
    fields : mapping
        The numbers and ids its sentence states (rendered by :func:`zhili_data.report.prose.claim_text`).

    Examples
    --------
    >>> Claim("x", ("gdp_2021h1_actual",), "stated_figure", True).rule
    'stated_figure'
    >>> Claim("x", (), "no_such_rule", True)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: claim x names no known rule: no_such_rule
    """

    claim_id: str
    figure_ids: tuple[str, ...]
    rule: str
    robust: bool
    caveats: tuple[str, ...] = ()
    fields: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ClaimRefusedError(f"claim {self.claim_id} names no known rule: {self.rule}")


# --------------------------------------------------------------------------- rules


def check_not_part_beside_whole(rows: pd.DataFrame, *, id_column: str = "indicator_id") -> None:
    """Refuse ranking rows of which one is a part (``part_of``) of another in the same set.

    Parameters
    ----------
    rows : DataFrame
        The rows to rank, with ``part_of`` (the id of the whole, or empty).
    id_column : str, default "indicator_id"

    Returns
    -------
    None

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator_id": ["a", "b"], "part_of": ["", "a"]})
    >>> check_not_part_beside_whole(rows)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: part_within_whole: b is part of a; show it within a (of which), not beside it
    """
    if "part_of" not in rows.columns:
        return
    beside = rows[
        rows["part_of"].map(lambda whole: isinstance(whole, str) and bool(whole))
        & rows["part_of"].isin(set(rows[id_column].astype(str)))
    ]
    if len(beside):
        part, whole = beside[id_column].iloc[0], beside["part_of"].iloc[0]
        raise ClaimRefusedError(
            f"part_within_whole: {part} is part of {whole}; show it within {whole} (of which), not beside it"
        )


LIKE_COLUMNS = ("unit_std", "measure", "period", "basis")
"""What must be the same for rows to be ranked against each other (where the rows have it)."""


def check_like_with_like(rows: pd.DataFrame, *, columns: Iterable[str] = LIKE_COLUMNS) -> None:
    """Refuse ranking rows that differ in unit, kind (measure), period or basis.

    Parameters
    ----------
    rows : DataFrame
    columns : iterable of str, default :data:`LIKE_COLUMNS`
        The columns that must hold one value (those the rows lack are skipped).

    Returns
    -------
    None

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_std": ["元", "元"], "period": ["2021H1", "2020"]})
    >>> check_like_with_like(rows)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: like_with_like: the rows differ in period (2020, 2021H1)
    """
    for column in columns:
        if column in rows.columns:
            values = sorted({str(v) for v in rows[column].dropna()})
            if len(values) > 1:
                raise ClaimRefusedError(f"like_with_like: the rows differ in {column} ({', '.join(values)})")


def check_same_price_basis(rows: pd.DataFrame, *, divided: bool = False, marked: bool = False) -> None:
    """Refuse comparing growth rates of different price bases (nominal, real) unless the comparison
    is marked as such, and any ratio of two rates.

    Parameters
    ----------
    rows : DataFrame
        Rows of :func:`zhili_data.core.analysis.growth_table` (``growth_basis``).
    divided : bool, default False
        Whether the claim divides one growth rate by another (always refused).
    marked : bool, default False
        Whether the sentence marks the comparison as nominal against real (its claim carries the
        ``nominal_vs_real`` caveat): then rates of different bases may be set side by side.

    Returns
    -------
    None

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator_id": ["gdp", "x"], "growth_basis": ["real", "nominal"]})
    >>> check_same_price_basis(rows)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: same_price_basis: nominal and real growth rates compared (gdp, x)
    >>> check_same_price_basis(rows, marked=True)
    """
    if divided:
        raise ClaimRefusedError("same_price_basis: no claim divides one growth rate by another")
    bases = sorted({str(b) for b in rows["growth_basis"].dropna()})
    if len(bases) > 1 and not marked:
        raise ClaimRefusedError(
            f"same_price_basis: {' and '.join(bases)} growth rates compared ({', '.join(map(str, rows['indicator_id']))})"
        )


def check_verdict_count(gap: pd.DataFrame, verdict: str, stated: int, *, contingent_named: bool) -> None:
    """Refuse a stated count of a verdict that is not the robust count, or that leaves the contingent ones unnamed.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.core.analysis.target_gap_table`.
    verdict : {"ahead", "on_track", "behind"}
    stated : int
        The count the sentence states.
    contingent_named : bool
        Whether the sentence names the verdicts that depend on a reading.

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> check_verdict_count(target_gap_table(), "ahead", 5, contingent_named=False)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: robust_count: 5 ahead stated; 3 hold under every reading and 1 more under one reading only
    """
    rows = gap[gap["status"] == verdict]
    robust = int(rows["robust"].astype(bool).sum())
    contingent = len(rows) - robust
    if stated != robust or (contingent and not contingent_named):
        raise ClaimRefusedError(
            f"robust_count: {stated} {verdict} stated; {robust} hold under every reading"
            f" and {contingent} more under one reading only"
        )


def check_counts_toward_target(row: pd.Series) -> None:
    """Refuse drawing an actual as progress toward a target when it does not count toward the target's period.

    Parameters
    ----------
    row : Series
        A row of :func:`zhili_data.core.analysis.target_gap_table`.

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> gap = target_gap_table().set_index("indicator_id", drop=False)
    >>> check_counts_toward_target(gap.loc["projects_introduced_100m_plus"])
    >>> check_counts_toward_target(gap.loc["provincial_tech_smes"])
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: counts_toward_target: provincial_tech_smes (2021H1) is not progress toward its 2021H2 target (not_started)
    """
    if str(row["status"]) not in VERDICTS:
        raise ClaimRefusedError(
            f"counts_toward_target: {row['indicator_id']} ({row['actual_period']}) is not progress toward"
            f" its {row['target_period']} target ({row['status']})"
        )


HEDGE_ROOM = 0.1
"""How far a hedged number may lie from the printed one, as a share of it, when an order is judged:
近 (nearly) and 约 (about) may be lower, 余, 突破 (more than) and 约 higher. A hedge says "close
to", so a tenth is room enough; an order that a tenth can turn is not robust."""


def order_holds(first: tuple[float, object], second: tuple[float, object]) -> bool:
    """Whether ``first`` is larger than ``second`` however their hedges are read.

    Parameters
    ----------
    first, second : (float, str)
        A value and its hedge (``exact``, ``about``, ``nearly``, ``at_least``).

    Returns
    -------
    bool
        False for a tie, or when the first may be lower (nearly, about) or the second higher
        (more than, about) by :data:`HEDGE_ROOM` and the order could turn.

    Examples
    --------
    >>> order_holds((23, "exact"), (15, "exact")), order_holds((15, "exact"), (15, "exact"))
    (True, False)
    >>> order_holds((100, "nearly"), (95, "at_least"))
    False
    """
    (high, high_hedge), (low, low_hedge) = first, second
    lowest = float(high) * (1 - HEDGE_ROOM) if high_hedge in ("nearly", "about") else float(high)
    highest = float(low) * (1 + HEDGE_ROOM) if low_hedge in ("at_least", "about") else float(low)
    return lowest > highest


# --------------------------------------------------------------------------- claims


def _codes(*cells: object, drop: Iterable[str] = ()) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for cell in cells:
        for code in cell_items(cell):
            if code not in drop:
                seen[code] = None
    return tuple(seen)


def _ids(*cells: object) -> tuple[str, ...]:
    return _codes(*cells)


def _names(rows: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Indicator id -> its names (Chinese, English) as the data give them, for the sentence."""
    return {
        str(i): (str(zh), str(en)) for i, zh, en in zip(rows["indicator_id"], rows["indicator"], rows["indicator_en"])
    }


def verdict_count_claim(gap: pd.DataFrame) -> Claim:
    """How many targets with an actual are ahead or on track under every reading, the contingent ones named.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.core.analysis.target_gap_table`.

    Returns
    -------
    Claim
        ``fields``: ``compared`` (targets with an actual), ``robust`` (ahead or on track however
        read), ``robust_ahead``, ``contingent`` (ids of the verdicts that hold under one reading
        only), ``pending`` (ids with an actual but no verdict: not started, undetermined),
        ``no_actual`` (targets with none).

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> c = verdict_count_claim(target_gap_table())
    >>> c.fields["compared"], c.fields["robust"], c.fields["contingent"]
    (7, 3, ('projects_completed_100m_plus',))
    """
    compared = gap[gap["status"] != "no_baseline"]
    good = compared[compared["status"].isin(("ahead", "on_track"))]
    sure = good[good["robust"].astype(bool)]
    contingent = tuple(good.loc[~good["robust"].astype(bool), "indicator_id"].astype(str))
    for verdict in ("ahead", "on_track"):
        named = int((sure["status"] == verdict).sum())
        check_verdict_count(compared, verdict, named, contingent_named=True)
    return Claim(
        "targets_robust",
        _ids(*compared["figure_ids"]),
        "robust_count",
        robust=True,
        caveats=("contingent",) if contingent else (),
        fields={
            "compared": len(compared),
            "robust": len(sure),
            "robust_ahead": int((sure["status"] == "ahead").sum()),
            "contingent": contingent,
            "pending": tuple(compared.loc[~compared["status"].isin(VERDICTS), "indicator_id"].astype(str)),
            "no_actual": int((gap["status"] == "no_baseline").sum()),
            "names": _names(compared),
        },
    )


def target_claim(row: pd.Series) -> Claim:
    """The verdict on one target with an actual (a row of the target-gap table): progress only when
    the actual counts toward the target's period (:func:`check_counts_toward_target`).

    Parameters
    ----------
    row : Series
        A row of :func:`zhili_data.core.analysis.target_gap_table` with an actual.

    Returns
    -------
    Claim
        ``fields``: ``status`` and ``indicator``.

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> gap = target_gap_table().set_index("indicator_id", drop=False)
    >>> c = target_claim(gap.loc["provincial_tech_smes"])
    >>> c.claim_id, c.rule, c.robust
    ('target_provincial_tech_smes', 'stated_figure', False)
    """
    status = str(row["status"])
    if status in VERDICTS:
        check_counts_toward_target(row)
    return Claim(
        f"target_{row['indicator_id']}",
        _ids(row["figure_ids"]),
        "counts_toward_target" if status in VERDICTS else "stated_figure",
        robust=bool(row["robust"]),
        caveats=_codes(row["caveat_codes"]),
        fields={"status": status, "indicator": str(row["indicator_id"])},
    )


def target_follow_up_claim(gap: pd.DataFrame) -> Claim:
    """How many targets the report gives no actual for (to follow up at year end).

    Parameters
    ----------
    gap : DataFrame

    Returns
    -------
    Claim

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> target_follow_up_claim(target_gap_table()).fields
    {'no_actual': 20, 'total': 27}
    """
    missing = gap[gap["status"] == "no_baseline"]
    return Claim(
        "targets_no_actual",
        _ids(*missing["figure_ids"]),
        "stated_figure",
        robust=True,
        fields={"no_actual": len(missing), "total": len(gap)},
    )


def contribution_claim(growth: pd.DataFrame, part: str | None = None) -> Claim | None:
    """The part given within its whole (其中) with the largest share of the whole's increase (or
    the part named), and how fast the rest grew.

    Parameters
    ----------
    growth : DataFrame
        A :func:`zhili_data.core.analysis.growth_table`.
    part : str, optional
        The indicator id of the part; by default the one with the largest share.

    Returns
    -------
    Claim or None
        ``fields``: ``part``, ``whole`` (indicator ids), ``share_pct`` (of the whole's increase),
        ``rest_growth_pct``, ``period``; None when no part is given within its whole.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> c = contribution_claim(growth_table())
    >>> c.fields["part"], c.fields["whole"], round(c.fields["share_pct"]), round(c.fields["rest_growth_pct"], 1)
    ('industrial_investment', 'fixed_asset_investment', 90, 4.4)
    """
    parts = growth.dropna(subset=["share_of_whole_increase_pct"])
    if part is not None:
        parts = parts[parts["indicator_id"] == part]
    if parts.empty:
        return None
    part = parts.loc[parts["share_of_whole_increase_pct"].idxmax()]
    wholes = growth[(growth["indicator_id"] == part["part_of"]) & (growth["period"] == part["period"])]
    if wholes.empty:
        return None
    whole = wholes.iloc[0]
    check_same_price_basis(pd.DataFrame([part, whole]))
    return Claim(
        f"contribution_{part['indicator_id']}",
        _ids(part["figure_ids"], whole["figure_ids"]),
        "part_within_whole",
        robust=True,
        caveats=tuple(c for c in ("low_base", "comparable_scope") if c in cell_items(part["caveat_codes"])),
        fields={
            "part": str(part["indicator_id"]),
            "whole": str(whole["indicator_id"]),
            "share_pct": float(part["share_of_whole_increase_pct"]),
            "rest_growth_pct": float(part["rest_growth_pct"]),
            "period": str(part["period"]),
            "base_period": str(part["base_period"]),
            "names": _names(pd.DataFrame([part, whole])),
        },
    )


def reference_growth_claim(growth: pd.DataFrame, reference: str = REFERENCE_INDICATOR) -> Claim | None:
    """The reference indicator's level and growth, with its price basis and base period.

    Parameters
    ----------
    growth : DataFrame
    reference : str, default "gdp"

    Returns
    -------
    Claim or None

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> c = reference_growth_claim(growth_table())
    >>> c.fields["value"], c.fields["growth_pct"], c.fields["growth_basis"], c.caveats
    (181.0, 17.5, 'real', ('low_base',))
    """
    rows = growth[(growth["indicator_id"] == reference)].dropna(subset=["growth_pct"])
    if rows.empty:
        return None
    r = rows.iloc[0]
    caveats = tuple(c for c in ("low_base",) if c in cell_items(r["caveat_codes"]))
    return Claim(
        f"growth_{reference}",
        _ids(r["figure_ids"]),
        "stated_figure",
        robust=True,
        caveats=caveats,
        fields={
            "indicator": reference,
            "value": float(r["value"]),
            "growth_pct": float(r["growth_pct"]),
            "growth_basis": str(r["growth_basis"]),
            "period": str(r["period"]),
            "base_period": str(r["base_period"]),
            "unit": str(r["unit"]),
            "names": _names(rows.head(1)),
        },
    )


def growth_claim(growth: pd.DataFrame) -> Claim | None:
    """The fastest growth of each price basis (nominal, real), side by side and never divided.

    Parameters
    ----------
    growth : DataFrame

    Returns
    -------
    Claim or None
        ``fields``: ``fastest`` (price basis -> indicator id, the fastest of that basis, in the
        order real, nominal), ``period``, ``base_period``.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> growth_claim(growth_table()).fields["fastest"]
    {'real': 'industrial_va_above_scale', 'nominal': 'industrial_investment'}
    """
    rows = growth.dropna(subset=["growth_pct"])
    if rows.empty:
        return None
    fastest: dict[str, str] = {}
    values: dict[str, float] = {}
    ids: list[object] = []
    for basis in ("real", "nominal"):
        same = rows[rows["growth_basis"] == basis]
        if len(same):
            check_same_price_basis(same)
            check_like_with_like(same, columns=("period",))
            top = same.loc[same["growth_pct"].idxmax()]
            fastest[basis] = str(top["indicator_id"])
            values[basis] = float(top["growth_pct"])
            ids.append(top["figure_ids"])
    first = rows.iloc[0]
    return Claim(
        "growth_fastest_by_basis",
        _ids(*ids),
        "same_price_basis",
        robust=True,
        caveats=("low_base", "nominal_vs_real"),
        fields={
            "fastest": fastest,
            "growth_pct": values,
            "period": str(first["period"]),
            "base_period": str(first["base_period"]),
            "names": _names(rows),
        },
    )


RANKED_ALIKE = ("unit_std", "unit_en", "measure", "period", "basis", "topic")
"""What figures ranked against each other share: unit, kind of thing counted (its English noun and
its topics), measure, period and basis (actual or target)."""


def topic_key(topics: object) -> str:
    """A figure's topic tags (``topics.csv``) in one order: the kind of thing it measures.

    Parameters
    ----------
    topics : str or None
        The tags, ``;``-separated.

    Returns
    -------
    str

    Examples
    --------
    >>> topic_key("investment;economy"), topic_key(None)
    ('economy;investment', '')
    """
    return ";".join(sorted(str(topics).split(";"))) if isinstance(topics, str) else ""


def check_rankable(rows: pd.DataFrame) -> None:
    """Refuse ranking figures unless they are like with like (:data:`RANKED_ALIKE`) and none is a
    part beside its whole: the rules a chart's group and a ranking claim both keep.

    Parameters
    ----------
    rows : DataFrame
        Figures (rows of :func:`zhili_data.core.analysis.theme_figures`).

    Returns
    -------
    None

    Examples
    --------
    >>> rows = pd.DataFrame({"unit_std": ["个", "个"], "basis": ["actual", "target"], "topics": ["land", "land"]})
    >>> check_rankable(rows)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: like_with_like: the rows differ in basis (actual, target)
    """
    check_not_part_beside_whole(rows)
    if "topics" in rows.columns:
        rows = rows.assign(topic=[topic_key(t) for t in rows["topics"]])
    check_like_with_like(rows, columns=RANKED_ALIKE)


def _amount(row: pd.Series | dict, value: str = "value", unit: str = "unit", qualifier: str = "qualifier") -> tuple:
    noun = row.get("unit_en")
    return (
        float(row[value]),
        str(row[unit]) if isinstance(row.get(unit), str) else "",
        str(row[qualifier]) if isinstance(row.get(qualifier), str) else "exact",
        noun if isinstance(noun, str) and noun else None,
    )


def _level_caveats(*qualifiers: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"level_{q}" for q in qualifiers if q in ("about", "nearly", "at_least")))


def ranking_claim(rows: pd.DataFrame, *, theme: str = "") -> Claim:
    """The largest of figures ranked on one axis, and the next: licensed only for like with like
    (:data:`RANKED_ALIKE`), never a part beside its whole (:func:`check_rankable`).

    Parameters
    ----------
    rows : DataFrame
        Figures (rows of :func:`zhili_data.core.analysis.theme_figures`) to rank, two or more.
    theme : str, optional
        The theme the ranking belongs to, for a chart's title.

    Returns
    -------
    Claim
        ``fields``: ``ranked`` (figure ids, largest first), ``amounts`` (figure id -> value as
        printed, unit, hedge, English noun), ``names``, ``theme``; robust when the hedges cannot
        turn the order of the first two (:func:`order_holds`).

    Raises
    ------
    ClaimRefusedError
        Fewer than two figures, unlike figures, a part beside its whole, or a tie (no leader).

    Examples
    --------
    >>> from zhili_data.core.analysis import theme_figures
    >>> rows = theme_figures(theme="urban_rural")
    >>> land = rows[rows["indicator_id"].isin(["land_requisitioned_leased", "land_reserved"])]
    >>> c = ranking_claim(land)
    >>> c.fields["ranked"], c.robust
    (('land_requisitioned_leased_2021h1_actual', 'land_reserved_2021h1_actual'), True)
    >>> ranking_claim(rows)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: part_within_whole: key_projects_5m_plus is part of construction_projects_started; show it within construction_projects_started (of which), not beside it
    >>> economy = theme_figures(theme="economy")
    >>> ranking_claim(economy[economy["figure_id"].isin(["gdp_2021h1_actual", "fiscal_revenue_2021h1_actual"])])
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: like_with_like: the rows differ in topic (economy, economy;finance)
    """
    if len(rows) < 2:
        raise ClaimRefusedError("like_with_like: a ranking needs two figures or more")
    check_rankable(rows)
    ordered = rows.sort_values("value_std", ascending=False, kind="stable")
    first, second = ordered.iloc[0], ordered.iloc[1]
    if float(first["value_std"]) == float(second["value_std"]):
        raise ClaimRefusedError(
            f"like_with_like: {first['figure_id']} and {second['figure_id']} are equal; no figure leads"
        )
    robust = order_holds((first["value_std"], first["qualifier"]), (second["value_std"], second["qualifier"]))
    ranked = tuple(str(i) for i in ordered["figure_id"])
    return Claim(
        f"ranking_{ranked[0]}",
        ranked,
        "like_with_like",
        robust=robust,
        caveats=_level_caveats(first["qualifier"], second["qualifier"]),
        fields={
            "ranked": ranked,
            "amounts": {str(r["figure_id"]): _amount(r) for r in ordered.head(2).to_dict("records")},
            "names": dict(
                zip(
                    ordered["figure_id"].astype(str),
                    zip(ordered["indicator"].astype(str), ordered["indicator_en"].astype(str)),
                )
            ),
            "theme": theme,
        },
    )


SHARES_ALIKE = ("share_of", "period", "basis")
"""What shares ranked against each other share: the whole they are shares of, period and basis."""


def share_ranking_claim(rows: pd.DataFrame) -> Claim:
    """The largest of shares the report states, licensed only among shares of one whole, of one
    period (:data:`SHARES_ALIKE`): a share of GDP is not ranked against a share of industry.

    Parameters
    ----------
    rows : DataFrame
        Rows of :func:`zhili_data.core.analysis.share_table`, two or more, each a stated share.

    Returns
    -------
    Claim
        ``fields``: ``ranked`` (share figure ids, largest first), ``share`` (value, hedge),
        ``count``, ``whole`` (its names), ``names``; the caveat ``overlapping`` when the shares
        overlap (not additive).

    Raises
    ------
    ClaimRefusedError
        Fewer than two shares, a derived one, shares of different wholes or periods, or a tie.

    Examples
    --------
    >>> from zhili_data.core.analysis import share_table
    >>> stated = share_table().query("kind == 'stated'")
    >>> c = share_ranking_claim(stated[stated["share_of"] == "规上工业增加值"])
    >>> c.fields["ranked"][0], c.fields["share"], c.caveats
    ('high_tech_industries_va_2021h1_actual_share', (66.0, 'exact'), ('overlapping',))
    >>> share_ranking_claim(stated)
    Traceback (most recent call last):
    ...
    zhili_data.core.claims.ClaimRefusedError: like_with_like: the rows differ in share_of (全区地区生产总值, 规上工业增加值)
    """
    if len(rows) < 2:
        raise ClaimRefusedError("like_with_like: a ranking needs two shares or more")
    if rows["derived"].astype(bool).any() or rows["kind"].ne("stated").any():
        raise ClaimRefusedError("like_with_like: only shares the report states are ranked as the report's")
    check_like_with_like(rows, columns=SHARES_ALIKE)
    ordered = rows.sort_values("share_pct", ascending=False, kind="stable")
    first, second = ordered.iloc[0], ordered.iloc[1]
    if float(first["share_pct"]) == float(second["share_pct"]):
        raise ClaimRefusedError("like_with_like: the two largest shares are equal; none is the largest")
    ranked = tuple(str(i) for i in ordered["share_figure_id"])
    overlapping = rows["additive"].map(lambda a: a is False or (not pd.isna(a) and not a)).any()
    return Claim(
        f"share_largest_{ranked[0]}",
        _ids(*ordered["share_figure_id"]),
        "like_with_like",
        robust=order_holds((first["share_pct"], first["qualifier"]), (second["share_pct"], second["qualifier"])),
        caveats=("overlapping",) if overlapping else (),
        fields={
            "ranked": ranked,
            "share": (float(first["share_pct"]), str(first["qualifier"])),
            "count": len(rows),
            "whole": (str(first["share_of"]), str(first["share_of_en"])),
            "names": {ranked[0]: (str(first["indicator"]), str(first["indicator_en"]))},
        },
    )


def largest_share_claim(shares: pd.DataFrame) -> Claim | None:
    """The largest share the report states among shares of one whole (:func:`share_ranking_claim`):
    of the wholes with two stated shares or more, the one with the largest share.

    Parameters
    ----------
    shares : DataFrame
        A :func:`zhili_data.core.analysis.share_table`.

    Returns
    -------
    Claim or None
        None when no whole has two stated shares (then no share is "the largest").

    Examples
    --------
    >>> from zhili_data.core.analysis import share_table
    >>> largest_share_claim(share_table()).fields["whole"]
    ('规上工业增加值', 'Value added of industry above designated size')
    >>> largest_share_claim(share_table().head(1)) is None
    True
    """
    stated = shares[(shares["kind"] == "stated") & shares["share_pct"].notna()]
    groups = [g for _, g in stated.groupby(["share_of", "period"], sort=False) if len(g) > 1]
    if not groups:
        return None
    return share_ranking_claim(max(groups, key=lambda g: g["share_pct"].max()))


def reference_gap_claim(growth: pd.DataFrame, indicator: str) -> Claim:
    """How many percentage points an indicator's growth is above or below the reference's (GDP):
    on one price basis, or marked as nominal against real (:func:`check_same_price_basis`), and a
    difference, never a ratio.

    Parameters
    ----------
    growth : DataFrame
        A :func:`zhili_data.core.analysis.growth_table`, with the reference's row.
    indicator : str
        The indicator compared.

    Returns
    -------
    Claim
        ``fields``: ``indicator``, ``reference``, ``gap_pp``, ``marked`` (nominal against real);
        the caveat ``nominal_vs_real`` when marked.

    Raises
    ------
    ClaimRefusedError
        The indicator or the reference has no growth rate in the table.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> c = reference_gap_claim(growth_table(), "fiscal_revenue")
    >>> round(c.fields["gap_pp"], 1), c.fields["marked"], c.caveats
    (5.6, True, ('nominal_vs_real',))
    >>> reference_gap_claim(growth_table(), "industrial_va_above_scale").fields["marked"]
    False
    """
    rated = growth.dropna(subset=["growth_pct"])
    row = rated[rated["indicator_id"] == indicator]
    if row.empty:
        raise ClaimRefusedError(f"same_price_basis: {indicator} has no growth rate to compare")
    row = row.iloc[0]
    reference = rated[(rated["indicator_id"] == row["reference_id"]) & (rated["period"] == row["period"])]
    if reference.empty or row["reference_id"] == indicator:
        raise ClaimRefusedError(f"same_price_basis: no reference growth of {row['period']} to compare {indicator} with")
    pair = pd.DataFrame([row, reference.iloc[0]])
    marked = pair["growth_basis"].nunique() > 1
    check_same_price_basis(pair, marked=marked)
    gap = float(row["growth_pct"]) - float(reference.iloc[0]["growth_pct"])
    hedged = set(pair["growth_qualifier"].astype(str)) - {"exact"}
    return Claim(
        f"reference_gap_{indicator}",
        _ids(row["growth_figure_id"], reference.iloc[0]["growth_figure_id"]),
        "same_price_basis",
        robust=not hedged or abs(gap) >= 1,  # a hedge moves a rate by well under a point
        caveats=("nominal_vs_real",) if marked else (),
        fields={
            "indicator": indicator,
            "reference": str(row["reference_id"]),
            "gap_pp": gap,
            "marked": marked,
            "period": str(row["period"]),
            "names": _names(pair),
        },
    )


def reference_gap_claims(growth: pd.DataFrame) -> dict[str, Claim]:
    """:func:`reference_gap_claim` of every indicator with a growth rate beside the reference's.

    Parameters
    ----------
    growth : DataFrame

    Returns
    -------
    dict
        Indicator id -> its claim.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table
    >>> sorted(reference_gap_claims(growth_table()))[:2]
    ['fiscal_revenue', 'fixed_asset_investment']
    """
    compared = growth.dropna(subset=["growth_pct", "growth_minus_reference_pp"])
    compared = compared[compared["indicator_id"] != compared["reference_id"]]
    return {str(i): reference_gap_claim(growth, str(i)) for i in compared["indicator_id"]}


def key_messages(growth: pd.DataFrame, gap: pd.DataFrame) -> list[Claim]:
    """The briefing's key messages, most telling first: what the report tells a reader, 3 to 5 claims.

    Parameters
    ----------
    growth, gap : DataFrame
        The growth and target-gap tables.

    Returns
    -------
    list of Claim

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, target_gap_table
    >>> [c.claim_id for c in key_messages(growth_table(), target_gap_table())]
    ['contribution_industrial_investment', 'growth_gdp', 'targets_robust', 'targets_no_actual']
    """
    found = [contribution_claim(growth), reference_growth_claim(growth)]
    if len(gap):
        found += [verdict_count_claim(gap), target_follow_up_claim(gap)]
    return [c for c in found if c is not None][:5]
