"""Targets: every target paired with the actual of the same indicator, judged against the time
elapsed under every reading the report leaves open, and the register of targets without one."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

from zhili_data.core import checks, periods
from zhili_data.core.analysis.rows import count_nouns, figures_table, hedge_codes, source_ids
from zhili_data.core.analysis.steps import Operand, Step
from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.periods import period_bounds
from zhili_data.core.readings import load_readings

__all__ = [
    "PUSHED_FORWARD_MARKERS",
    "STATUSES",
    "TARGET_GAP_COLUMNS",
    "TARGET_READING_COLUMNS",
    "VERDICTS",
    "elapsed_pct",
    "split_by_baseline",
    "target_gap_table",
    "target_readings_table",
]

STATUSES = ("ahead", "on_track", "behind", "not_started", "undetermined", "no_baseline")
PUSHED_FORWARD_MARKERS = ("持续推进",)
"""Words of a plan that keeps pushing a list forward (持续推进…等15个新开工公路项目): its number
names the list, not what is left to do."""


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


def _pick_actual(candidates: pd.DataFrame, target_end: date | None, report_date: date) -> dict | None:
    if candidates.empty:
        return None
    ends = [period_bounds(p, report_date=report_date)[1] for p in candidates["period"]]
    order = sorted(range(len(ends)), key=lambda i: (target_end is None or ends[i] <= target_end, ends[i]), reverse=True)
    return candidates.iloc[order[0]].to_dict()


def _evaluate(
    actual: Operand,
    a_span: periods.Span,
    population: str,
    target: Operand,
    t_span: periods.Span,
    measure: str,
    unit: str,
    as_of: date | None,
    tolerance: float,
) -> dict:
    """Status and numbers of one target under one reading of its actual and its target.

    The actual counts toward the target when its days lie inside the target's period (``within``);
    it says nothing of a period that begins after it (``before``); an actual that starts before the
    target's period, or at an unknown start, may include amounts outside it and is an upper bound
    (``partial``). An actual that counts part of the target's population is a lower bound.
    ``formula``: the steps of the computation (:class:`~zhili_data.core.analysis.steps.Step`); ``unit``: the
    target's printed unit, the actual's converted to it.
    """
    day = as_of or a_span[1]
    out = {
        "as_of": day,
        "completion_pct": np.nan,
        "elapsed_pct": np.nan,
        "pace_needed_pct": np.nan,
        "remaining": np.nan,
        "margin": np.nan,
        "bound": "",
        "relation": "",
        "formula": [],
    }
    if measure != "level":
        return out | {
            "completion_pct": 100 * actual.value / target.value if target.value else np.nan,
            "status": _status(actual.value - target.value, tolerance),
            "relation": "rate",
            "formula": [Step("difference_pp", (actual, target), actual.value - target.value, "pp")],
        }
    if t_span[1] is None:  # a target of no stated period: no pace to compare with
        return out | {"status": "no_baseline", "relation": "no_period", "remaining": target.value}
    out["elapsed_pct"] = periods.elapsed_share(t_span, day)
    out["relation"] = _relation(a_span, t_span)
    if out["relation"] == "before":
        return out | _before(actual, a_span, target, t_span, day)
    counted = _counted(actual, a_span, population, target, t_span, day, out["relation"], tolerance)
    if counted["status"] in ("ahead", "on_track"):
        counted["margin"], margin_step = _margin(actual, target, out["elapsed_pct"], counted["status"], tolerance, unit)
        counted["formula"].append(margin_step)
    return out | counted


def _margin(
    actual: Operand, target: Operand, elapsed: float, status: str, tolerance: float, unit: str
) -> tuple[float, Step]:
    """How far the actual may fall before an ahead or on-track status drops (to the lower edge of the
    status's band), and its step."""
    band = math.copysign(tolerance, 1 if status == "ahead" else -1)
    margin = actual.value - target.value * (elapsed + band) / 100
    return margin, Step("margin", (actual, target, Operand(elapsed, exact=False), Operand(band)), margin, unit)


def _relation(a_span: periods.Span, t_span: periods.Span) -> str:
    """How the actual's days lie against the target's period: ``before``, ``within`` or ``partial``."""
    (a_start, a_end), (t_start, t_end) = a_span, t_span
    if a_end < t_start:
        return "before"
    if a_start is not None and a_start >= t_start and a_end <= t_end:
        return "within"
    return "partial"


def _pace_steps(remaining: Operand, days_left: int, actual: Operand, a_span: periods.Span) -> tuple[float, list[Step]]:
    """The pace the rest of the period needs as a percentage of the actual's pace so far, and its step."""
    a_days = periods.days(a_span)
    pace_so_far = actual.value / a_days if a_days and actual.value > 0 else np.nan
    pace = 100 * (remaining.value / days_left) / pace_so_far
    if np.isnan(pace):
        return pace, []
    return pace, [Step("pace_needed", (remaining, Operand(days_left), actual, Operand(a_days)), pace, "%")]


def _before(actual: Operand, a_span: periods.Span, target: Operand, t_span: periods.Span, day: date) -> dict:
    """An actual that ends before the target's period begins: a pace needed if the plan has not begun."""
    steps = [_elapsed_step(t_span, day)]
    if day >= t_span[0]:
        # its period has begun and the report says nothing of it
        return {"remaining": target.value, "status": "undetermined", "formula": steps}
    # the plan has not begun: the pace it will need, against the pace so far, is a number, not a verdict
    pace, pace_steps = _pace_steps(target, periods.days(t_span), actual, a_span)
    return {"remaining": target.value, "status": "not_started", "pace_needed_pct": pace, "formula": steps + pace_steps}


def _counted(
    actual: Operand,
    a_span: periods.Span,
    population: str,
    target: Operand,
    t_span: periods.Span,
    day: date,
    relation: str,
    tolerance: float,
) -> dict:
    """An actual that counts toward the target (wholly, or as a bound): completion against time elapsed."""
    t_start, t_end = t_span
    elapsed = periods.elapsed_share(t_span, day)
    completion = 100 * actual.value / target.value if target.value else np.nan
    out = {"completion_pct": completion, "remaining": max(target.value - actual.value, 0.0)}
    steps = [Step("completion", (actual, target), completion, "%")] if target.value else []
    steps.append(_elapsed_step(t_span, day))
    days_left = (t_end - max(day, t_start - timedelta(days=1))).days
    if days_left > 0:
        out["pace_needed_pct"], pace_steps = _pace_steps(Operand(out["remaining"]), days_left, actual, a_span)
        steps += pace_steps
    upper, lower = relation == "partial", population == "part"
    out["bound"] = "both" if upper and lower else ("upper" if upper else ("lower" if lower else ""))
    status = _status(completion - elapsed, tolerance)
    if (upper and status != "behind") or (lower and status != "ahead"):
        status = "undetermined"  # the bound leaves more than one verdict open
    out["status"] = status
    return out | {"formula": steps}


def _elapsed_step(span: periods.Span, day: date) -> Step:
    """Time elapsed as days done ÷ days of the period: 181 ÷ 365 = 49.6%."""
    done, total = periods.elapsed_days(span, day)
    return Step("elapsed", (Operand(done), Operand(total)), 100 * done / total, "%")


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
    for t in table[table["basis"] == "target"].to_dict("records"):
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
            actual = Operand(float(a["value_std"]) * scale, a["figure_id"])
            target = Operand(float(t["value"]), t["figure_id"])
            for a_id, a_main, a_span, population in _readings_of(readings, a["figure_id"], a["period"], report_date):
                for t_id, t_main, t_span, _ in _readings_of(readings, t["figure_id"], t["period"], report_date):
                    result = _evaluate(
                        actual, a_span, population, target, t_span, t["measure"], t["unit"], as_of, tolerance
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


def _targets(figures: pd.DataFrame | None, report: str, as_of: date | str | None, tolerance: float):
    """The arguments checked, and (figures, report date, as_of, each target with its evaluations)."""
    report = checks.check_report(report)
    as_of_date = checks.check_as_of(as_of)
    tolerance = checks.check_tolerance(tolerance)
    table = figures_table(figures, report)
    report_date = get_report(report).delivered
    targets = _target_rows(table, load_readings(report), report_date, as_of_date, tolerance)
    return table, report_date, as_of_date, targets


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
    reading first (``main`` True). Columns: ``indicator_id``, ``indicator``, ``indicator_en``, ``figure_ids`` (actual and target, a list),
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
    _, _, _, targets = _targets(figures, report, as_of, tolerance)
    rows = []
    for t, a, _, evaluations in targets:
        for e in evaluations:
            rows.append(
                {
                    "indicator_id": t["indicator_id"],
                    "indicator": t["indicator"],
                    "indicator_en": t["indicator_en"],
                    "figure_ids": [a["figure_id"], t["figure_id"]],
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
      reading ids (lists, one item per combination; ``+`` between the ids of one combination);
      ``main_readings``: the ids of the main readings, ``+``-joined ("" where nothing is open).
    - ``margin``: how much lower the actual could be (in ``unit``) before an ahead or on_track
      status drops (65亿元 against 100亿元 at 59.7% elapsed: 65 - 64.73 = 0.27亿元).
    - ``actual_end`` (date the actual runs to under the main reading) and ``actual_age_days``
      (as_of minus actual_end: how old the actual is on as_of).
    - ``report_age_days``: as_of minus the report's date (negative when as_of falls before it).
    - ``remaining``: what the rest of the target's period must deliver (target - actual, not
      below 0; the whole target when the actual does not count toward it; NaN for rates).
    - ``formula``: the main reading's computation with the row's own numbers, a list of
      :class:`~zhili_data.core.analysis.steps.Step` (written out by :func:`zhili_data.report.display.formula_text`),
      in the target's unit and in days: completion (``65 ÷ 100 = 65.0%``), time elapsed as days done ÷
      days of the target's period (``181 ÷ 365 = 49.6%``), pace needed as (remaining / days left) ÷
      (actual / days of the actual) (``(5/184) ÷ (15/181) = 32.8%``) and the margin (actual −
      target × the lower edge of the status's band: ``15 − 20 × (49.6% + 5%) = 4.08``); for rates,
      actual − target in percentage points.
    - ``caveat_codes``: stable codes, a list, worded by :func:`zhili_data.report.labels.caveats`
      from the row's ``target_period``, ``actual_period``, ``actual_end``, ``actual_age_days`` and
      ``report_age_days``.
    - ``actual_figure_id`` (None without an actual), ``target_figure_id`` and ``figure_ids`` (both,
      a list).


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
    table, report_date, as_of_date, targets = _targets(figures, report, as_of, tolerance)
    rows = []
    for t, a, same, evaluations in targets:
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
    out["status"] = pd.Categorical(out["status"], categories=list(STATUSES))
    out["robust"] = out["robust"].astype(bool)
    out["actual_age_days"] = out["actual_age_days"].astype("Int64")
    out["report_age_days"] = out["report_age_days"].astype("Int64")
    out["figure_ids"] = source_ids(out, ("actual_figure_id", "target_figure_id"))
    out["unit_en"] = count_nouns(table, out["target_figure_id"])
    return out


def _target_row(t: dict) -> dict:
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
        "alternative_statuses": [],
        "main_readings": "",
        "alternative_readings": [],
        "actual_end": None,
        "actual_age_days": np.nan,
        "formula": [],
        "actual_figure_id": None,
        "target_figure_id": t["figure_id"],
    }


def _register_row(t: dict, day: date, report_date: date, *, other_unit: bool) -> dict:
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
            row["formula"] = [_elapsed_step(t_span, day)]
    codes = ["no_actual"]
    if pushed_forward:
        codes.append("pushed_forward")
    if t_span[1] is None:
        codes.append("no_period")
    if other_unit:
        codes.append("other_unit")
    codes += hedge_codes(("target", t))
    if day > report_date:
        codes.append("report_age")
    row["caveat_codes"] = codes
    return row


_EVALUATED = ("as_of", "completion_pct", "elapsed_pct", "pace_needed_pct", "remaining", "margin", "status", "formula")
"""What a row takes from the evaluation under its main reading."""


def _compared_row(t: dict, a: dict, evaluations: list[dict]) -> dict:
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
        "alternative_statuses": [e["status"] for e in others],
        "alternative_readings": [e["readings"] for e in others],
        "actual_end": a_end,
        "actual_age_days": (main["as_of"] - a_end).days,
    }
    row["caveat_codes"] = _compared_codes(row, t, a, main)
    return row


def _compared_codes(row: dict, t: dict, a: dict, main: dict) -> list[str]:
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
    codes += hedge_codes(("actual", a), ("target", t))
    if a["unit"] != t["unit"]:
        codes.append("unit_converted")
    if row["actual_age_days"] > 0:
        codes.append("actual_age")
    return codes


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
