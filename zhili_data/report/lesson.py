"""The lesson "Reading targets in a government work report": its exercises, their checks and its deck.

``notebooks/lesson.ipynb`` teaches how a target of the report is read: time elapsed, completion, the
prior-year value a growth rate implies, whether a part (其中) lies inside its whole, and the
verdict on a target under each reading the text leaves open (``readings.csv``). Each exercise has a
check a student calls with an answer::

    from zhili_data.report import lesson
    lesson.check("elapsed_h1", 50)

which answers right, or what is wrong and a hint, never the solution. An answer still ``...`` (the
placeholder of the student's version) is "not yet". A reading question (``reading_<indicator>``)
accepts any defensible verdict that names its reading: one of the statuses (``ahead``, 超前…)
and a reading id of readings.csv or its keyword (``plan_year`` for ``upgrades_plan_year``).

Student and teacher versions come from one notebook: the cells tagged :data:`SOLUTION_TAG` hold
the solutions; :func:`student_version` empties them (``zhili run`` publishes both; the tests run
both). :func:`lesson_slides` is the teaching deck: the method, not the report's results.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from zhili_data.core.analysis import elapsed_pct, share_table, target_gap_table
from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.cells import items as cell_items
from zhili_data.core.figures import load_figures
from zhili_data.core.readings import load_readings
from zhili_data.core.terms import report_glossary
from zhili_data.exceptions import ZhiliError
from zhili_data.markup import escape
from zhili_data.report import labels
from zhili_data.report.deck import SLIDE_COLUMNS, show_slides, title_slide
from zhili_data.report.display import anchor
from zhili_data.report.params import check_lang
from zhili_data.suggest import suggestion

__all__ = [
    "OUTCOMES",
    "SOLUTION_TAG",
    "CheckResult",
    "UnknownExerciseError",
    "check",
    "exercises",
    "glossary_html",
    "lesson_slides",
    "question",
    "show_glossary",
    "show_lesson_deck",
    "student_version",
]

SOLUTION_TAG = "solution"
"""A cell with this tag holds a solution: the student's version has it emptied."""
OUTCOMES = {
    "right": ("✔ 正确", "✔ Right"),
    "wrong": ("✘ 还不对", "✘ Not yet right"),
    "not_yet": ("… 尚未作答", "… Not yet answered"),
}
"""What a check can say, in Chinese and English."""
TOLERANCE = 5.0  # percentage points: the analysis' default band of "on track"
YES = {"yes", "y", "true", "是", "对", "包含", "是子集"}
NO = {"no", "n", "false", "否", "不是", "不对", "不包含", "不是子集"}


class UnknownExerciseError(ZhiliError, KeyError):
    """No exercise of that id; the message lists the ids."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


@dataclass(frozen=True)
class CheckResult:
    """What a check says of an answer: ``outcome`` (right, wrong, not_yet) and a message in ``lang``."""

    exercise: str
    outcome: str
    message: str
    lang: str = "zh"

    @property
    def right(self) -> bool:
        return self.outcome == "right"

    def __str__(self) -> str:
        head = OUTCOMES[self.outcome][0 if self.lang == "zh" else 1]
        return f"{head} [{self.exercise}] {self.message}".rstrip()

    __repr__ = __str__

    def _repr_mimebundle_(self, include=None, exclude=None):
        head = OUTCOMES[self.outcome][0 if self.lang == "zh" else 1]
        html = (
            f'<p class="lesson-check lesson-{self.outcome}" role="status">'
            f"<strong>{escape(head)}</strong> <code>{escape(self.exercise)}</code> {escape(self.message)}</p>"
        )
        meta = {"zhili": {"check": {"exercise": self.exercise, "outcome": self.outcome}}}
        return {"text/plain": str(self), "text/html": html}, meta


def _say(lang: str, zh: str, en: str) -> str:
    return zh if check_lang(lang) == "zh" else en


# ---------------------------------------------------------------- the exercises and their solutions


@dataclass(frozen=True)
class _Exercise:
    kind: str  # percent, amount, verdict, subset, reading
    question: tuple[str, str]
    solution: object  # a number, a status, a bool, or for a reading: ((readings, status), …)
    hint: tuple[str, str]
    mistakes: tuple = ()  # (wrong value, (zh, en)) of the usual mistakes, for a number
    tolerance: float = 0.1
    readings: tuple = ()  # (reading_id, keyword, note) of a reading question


def _row(table: pd.DataFrame, **where) -> pd.Series:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows.iloc[0]


def _quote(figures: pd.DataFrame, figure_id: str) -> str:
    return str(_row(figures, figure_id=figure_id)["quote"])


def _keywords(reading_ids: list[str]) -> dict[str, str]:
    """Each reading id's keyword: the id without the prefix its figure's readings share."""
    parts = [r.split("_") for r in reading_ids]
    common = 0
    while all(len(p) > common + 1 for p in parts) and len({p[common] for p in parts}) == 1:
        common += 1
    return {r: "_".join(p[common:]) for r, p in zip(reading_ids, parts, strict=True)}


@functools.cache
def _exercises(report: str) -> dict[str, _Exercise]:
    figures = load_figures(report)
    delivered = get_report(report).delivered
    year = delivered.year
    h1_end = date(year, 6, 30)
    elapsed_h1 = elapsed_pct(str(year), h1_end, report_date=delivered)
    elapsed_day_before = elapsed_pct(str(year), h1_end - timedelta(days=1), report_date=delivered)
    elapsed_report = elapsed_pct(str(year), delivered, report_date=delivered)
    gap = target_gap_table(figures, report=report, tolerance=TOLERANCE)
    projects = _row(gap, indicator_id="projects_introduced_100m_plus")
    completion = float(projects["actual"] / projects["target"] * 100)
    gdp = _row(figures, figure_id="gdp_2021h1_actual")
    gdp_growth = _row(figures, figure_id="gdp_2021h1_actual_growth")
    prior = float(gdp["value"] / (1 + gdp_growth["value"] / 100))
    shares = share_table(figures, report=report)
    industrial = _row(shares, indicator_id="industrial_investment", kind="part_of")
    key_projects = _row(shares, indicator_id="key_projects_5m_plus")
    found: dict[str, _Exercise] = {
        "elapsed_h1": _Exercise(
            "percent",
            (
                f"全年目标在{year}年6月30日的时间进度是多少（%）？",
                f"What is the time elapsed of a target for {year} on 30 June {year} (%)?",
            ),
            elapsed_h1,
            (
                "数一数1月1日到6月30日有多少天（首尾都算），再除以全年的天数。",
                "Count the days from 1 January to 30 June (both ends included) and divide by the days of the year.",
            ),
            mistakes=(
                (
                    50.0,
                    ("上半年不是正好一半的天数：请按天数算。", "Half a year is not half of the days: count the days."),
                ),
                (elapsed_day_before, ("首尾两天都要算上。", "Count both the first and the last day.")),
            ),
        ),
        "elapsed_report_date": _Exercise(
            "percent",
            (
                f"“截至目前”的实绩计到报告日（{delivered.month}月{delivered.day}日）。全年目标在这一天的时间进度是多少（%）？",
                f"An actual counted “to date” runs to the day of the report ({delivered:%d %B}). "
                "What is the time elapsed of a target for the year on that day (%)?",
            ),
            elapsed_report,
            (
                f"时间进度算到实绩的截止日，不是6月30日：数一数1月1日到{delivered.month}月{delivered.day}日的天数。",
                f"Time elapsed runs to the day the actual stops, not to 30 June: count the days from 1 January "
                f"to {delivered:%d %B}.",
            ),
            mistakes=(
                (
                    elapsed_h1,
                    (
                        "这是6月30日的时间进度；这个实绩计到报告日。",
                        "That is 30 June; this actual runs to the report date.",
                    ),
                ),
            ),
        ),
        "completion_projects": _Exercise(
            "percent",
            (
                f"“{_quote(figures, 'projects_introduced_100m_plus_2021h1_actual')}”，"
                f"“{_quote(figures, 'projects_introduced_100m_plus_2021_target')}”：完成率是多少（%）？",
                "15 projects of 100 million yuan or more were introduced in the first half; the plan for the year "
                "is 20. What is the completion (%)?",
            ),
            completion,
            ("完成率 = 实绩 ÷ 目标 × 100。", "Completion = actual ÷ target × 100."),
            mistakes=(
                (
                    100 * projects["target"] / projects["actual"],
                    ("除反了：是实绩除以目标。", "Upside down: divide the actual by the target."),
                ),
            ),
        ),
        "status_projects": _Exercise(
            "verdict",
            (
                f"用上面的完成率和时间进度（容差{TOLERANCE:g}个百分点），这个目标超前、符合进度还是滞后？",
                f"With that completion and time elapsed (tolerance {TOLERANCE:g} percentage points), is the target "
                "ahead, on track or behind?",
            ),
            str(projects["status"]),
            (
                f"算出 完成率 − 时间进度，再与容差（{TOLERANCE:g}个百分点）比较。",
                f"Work out completion − time elapsed and compare it with the tolerance ({TOLERANCE:g} points).",
            ),
        ),
        "prior_gdp": _Exercise(
            "amount",
            (
                f"“{_quote(figures, 'gdp_2021h1_actual_growth')}”：{year - 1}年上半年的地区生产总值大约是多少亿元？",
                f"GDP was 181亿元 in the first half of {year}, up 17.5% year on year. About how much was it in the "
                f"first half of {year - 1} (亿元)?",
            ),
            prior,
            (
                "增速是以上年为基数算的：本期 = 上年 × (1 + 增速)。",
                "Growth is measured on last year's value: this year = last year × (1 + growth).",
            ),
            mistakes=(
                (
                    float(gdp["value"] * (1 - gdp_growth["value"] / 100)),
                    (
                        "不能从今年的数里减去增速：增速的基数是上年。",
                        "Do not take the growth off this year's value: growth is measured on last year's.",
                    ),
                ),
                (
                    float(gdp["value"] * (1 + gdp_growth["value"] / 100)),
                    ("这是按同样增速推算的下一年。", "That is the next year at the same growth."),
                ),
            ),
            tolerance=0.5,
        ),
        "subset_industrial": _Exercise(
            "subset",
            (
                f"“{_quote(figures, 'industrial_investment_2021h1_actual')}”：工业性投入是社会固定资产投资的一部分吗？",
                "“of which (其中) industrial investment 16.1亿元”: is industrial investment a part of fixed-asset "
                "investment?",
            ),
            industrial["kind"] == "part_of",
            (
                "看“其中”前面的总数：工业性投入和它是同一时期、同一口径的钱吗？",
                "Look at the total before 其中: is industrial investment money of the same period, counted the same way?",
            ),
        ),
        "subset_key_projects": _Exercise(
            "subset",
            (
                f"“{_quote(figures, 'construction_projects_started_2021h1_actual')}”，"
                f"“{_quote(figures, 'key_projects_5m_plus_2021h1_actual')}”：这52个重点项目都是新开工项目的一部分吗？",
                "The first half saw a number of construction projects started, “of which (其中) 52 key projects of 5 "
                "million yuan or more (含续建)”: are the 52 all part of the projects started?",
            ),
            key_projects["kind"] == "part_of",
            ("读一读括号里的三个字：含续建。", "Read the three characters in the bracket: 含续建."),
        ),
    }
    notes = load_readings(report).set_index("reading_id")["note"]
    for row in gap[gap["main_readings"].fillna("") != ""].itertuples():
        combos = [row.main_readings, *cell_items(row.alternative_readings)]
        statuses = [row.status, *cell_items(row.alternative_statuses)]
        cases = tuple((frozenset(c.split("+")), s) for c, s in zip(combos, statuses, strict=True))
        ids = sorted({r for combo, _ in cases for r in combo})
        keywords = _keywords(ids)
        actual = _row(figures, indicator_id=row.indicator_id, basis="actual", measure="level", period=row.actual_period)
        target = _row(figures, indicator_id=row.indicator_id, basis="target", measure="level")
        found[f"reading_{row.indicator_id}"] = _Exercise(
            "reading",
            (
                f"“{actual['quote']}”，目标：“{target['quote']}”。原文留有不同读法：选一种读法，"
                f"说出这个目标在该读法下的进度（超前、符合进度、滞后、尚未开始或无法判断）和读法编号。",
                f"“{actual['quote_en']}”; the target: “{target['quote_en']}”. The text can be read more than one "
                "way: pick a reading and give the target's verdict under it (ahead, on track, behind, not started "
                "or undetermined) with the reading's id.",
            ),
            cases,
            (
                "在这种读法下，实绩计的是哪段时间、哪些企业？目标又是哪段时间的？再比较完成率和时间进度。",
                "Under that reading, which days and which firms does the actual count, and which period is the "
                "target for? Then compare completion with time elapsed.",
            ),
            readings=tuple((r, keywords[r], str(notes.get(r, ""))) for r in ids),
        )
    return found


def exercises(report: str = DEFAULT_REPORT) -> tuple[str, ...]:
    """The ids of the lesson's exercises, in the order the lesson asks them.

    The reading questions (``reading_<indicator_id>``) come from readings.csv: one per target whose
    verdict depends on how its figures are read.

    Parameters
    ----------
    report : str, default DEFAULT_REPORT

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> exercises()[:3]
    ('elapsed_h1', 'elapsed_report_date', 'completion_projects')
    >>> [e for e in exercises() if e.startswith("reading_")][-1]
    'reading_provincial_tech_smes'
    """
    return tuple(_exercises(report))


def _exercise(exercise: str, report: str) -> _Exercise:
    found = _exercises(report)
    if exercise not in found:
        raise UnknownExerciseError(
            f"no exercise {exercise!r}{suggestion(exercise, list(found))}; the exercises are {', '.join(found)}"
        )
    return found[exercise]


def question(exercise: str, *, lang: str = "zh", report: str = DEFAULT_REPORT) -> str:
    """The question of an exercise, in ``lang`` (a reading question lists the readings it can name).

    Parameters
    ----------
    exercise : str
        An id of :func:`exercises`.
    lang : {"zh", "en"}, default "zh"
    report : str, default DEFAULT_REPORT

    Returns
    -------
    str

    Examples
    --------
    >>> print(question("reading_enterprises_upgraded_above_scale", lang="en"))  # doctest: +ELLIPSIS
    “52 childrenswear firms have grown above designated size”; the target: “50 new firms above designated size ...
    Readings: upgrades_in_2021 (in_2021), ... upgrades_plan_year (plan_year), upgrades_to_date (to_date)
    """
    spec = _exercise(exercise, report)
    text = _say(lang, *spec.question)
    if spec.readings:
        listing = ", ".join(f"{r} ({k})" for r, k, _ in spec.readings)
        text += "\n" + _say(lang, "读法：", "Readings: ") + listing
    return text


# ---------------------------------------------------------------- checking an answer


def _number(answer) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return float(answer) if math.isfinite(answer) else None
    if isinstance(answer, str):
        match = re.fullmatch(r"\s*([-+]?\d+(?:\.\d+)?)\s*%?\s*", answer)
        return float(match[1]) if match else None
    return None


def _status_words(lang_free: str) -> list[str]:
    """The statuses named in an answer's text: codes (on_track), Chinese and English labels."""
    text = lang_free.lower()
    named = []
    for code, (zh, en) in labels.STATUSES.items():
        for word in sorted({code, zh, en.lower(), code.replace("_", " ")}, key=len, reverse=True):
            if word and word in text:
                named.append(code)
                text = text.replace(word, " ")
                break
    return named


def _text_of(answer) -> str:
    if isinstance(answer, dict):
        return " ".join(str(v) for v in answer.values())
    if isinstance(answer, (list, tuple, set)):
        return " ".join(str(v) for v in answer)
    return str(answer)


def _check_number(spec: _Exercise, value: float, lang: str) -> tuple[str, str]:
    solution = float(spec.solution)
    if abs(value - solution) <= spec.tolerance:
        return "right", ""
    if spec.kind == "percent" and 0 < value <= 1 and abs(100 * value - solution) <= spec.tolerance:
        return "wrong", _say(lang, "这是小数，不是百分数。", "That is a fraction, not a percentage.")
    for wrong, (zh, en) in spec.mistakes:
        if abs(value - float(wrong)) <= spec.tolerance:
            return "wrong", _say(lang, zh, en)
    return "wrong", _say(lang, *spec.hint)


def _check_reading(spec: _Exercise, answer, lang: str) -> tuple[str, str]:
    text = _text_of(answer)
    statuses = sorted(set(_status_words(text)))
    named, rest = set(), text
    for reading_id, _, _ in sorted(spec.readings, key=lambda r: -len(r[0])):
        if reading_id in rest:
            named.add(reading_id)
            rest = rest.replace(reading_id, " ")
    for reading_id, keyword, _ in sorted(spec.readings, key=lambda r: -len(r[1])):
        if re.search(rf"(?<![a-z0-9_]){re.escape(keyword)}(?![a-z0-9_])", rest):
            named.add(reading_id)
            rest = rest.replace(keyword, " ")
    choices = ", ".join(f"{code} / {zh}" for code, (zh, _) in labels.STATUSES.items() if code != "no_baseline")
    if len(statuses) != 1:
        return "wrong", _say(lang, f"请给出一个结论：{choices}。", f"Give one verdict: {choices}.")
    if not named:
        listing = ", ".join(r for r, _, _ in spec.readings)
        return "wrong", _say(
            lang, f"请写明按哪种读法：{listing}。", f"Name the reading your verdict follows: {listing}."
        )
    cases = [(combo, status) for combo, status in spec.solution if named <= combo]
    if not cases:
        return "wrong", _say(
            lang,
            "这几种读法不能同时成立：同一个数字只能取一种读法。",
            "These readings cannot hold together: a figure is read one way at a time.",
        )
    if any(status == statuses[0] for _, status in cases):
        return "right", _say(lang, "可以这样读，结论站得住。", "A defensible reading, and the verdict follows from it.")
    notes = " ".join(note for reading_id, _, note in spec.readings if reading_id in named)
    return "wrong", _say(lang, *spec.hint) + (f" ({notes})" if notes else "")


def check(exercise: str, answer, *, lang: str = "zh", report: str = DEFAULT_REPORT) -> CheckResult:
    """Whether ``answer`` is right: right, or what is wrong and a hint (never the solution).

    Parameters
    ----------
    exercise : str
        An id of :func:`exercises`.
    answer : object
        A number for a percentage or an amount (``49.6``, ``"49.6%"``); a status for a verdict
        (``"ahead"``, ``"超前"``); ``True``/``False`` (or 是/否, yes/no) for a subset question; a verdict
        and a reading id or keyword for a reading question (``("ahead", "upgrades_plan_year")``,
        ``"超前 plan_year"``). ``...`` or ``None``: not answered yet.
    lang : {"zh", "en"}, default "zh"
        The language of the message.
    report : str, default DEFAULT_REPORT

    Returns
    -------
    CheckResult
        ``outcome`` right, wrong or not_yet, and the message; shown as a line in a notebook.

    Raises
    ------
    UnknownExerciseError
        For an id that is not an exercise (with a "did you mean").

    Examples
    --------
    >>> check("elapsed_h1", ..., lang="en")
    … Not yet answered [elapsed_h1] Replace ... with your answer.
    >>> check("elapsed_h1", 50, lang="en")
    ✘ Not yet right [elapsed_h1] Half a year is not half of the days: count the days.
    >>> check("elapsed_h1", 100 * 181 / 365).right
    True
    >>> check("reading_enterprises_upgraded_above_scale", ("ahead", "plan_year"), lang="en").outcome
    'right'
    >>> check("reading_enterprises_upgraded_above_scale", "ahead upgrades_plan_h2 upgrades_to_date").outcome
    'wrong'
    """
    check_lang(lang)
    spec = _exercise(exercise, report)
    if answer is ... or answer is None or (isinstance(answer, str) and not answer.strip()):
        return CheckResult(
            exercise, "not_yet", _say(lang, "把 ... 换成你的答案。", "Replace ... with your answer."), lang
        )
    if spec.kind in ("percent", "amount"):
        value = _number(answer)
        if value is None:
            outcome, message = "wrong", _say(lang, "请给出一个数。", "Give a number.")
        else:
            outcome, message = _check_number(spec, value, lang)
    elif spec.kind == "verdict":
        statuses = sorted(set(_status_words(_text_of(answer))))
        if len(statuses) != 1:
            outcome, message = (
                "wrong",
                _say(lang, "请给出一个结论：超前、符合进度或滞后。", "Give one verdict: ahead, on track or behind."),
            )
        else:
            outcome, message = ("right", "") if statuses[0] == spec.solution else ("wrong", _say(lang, *spec.hint))
    elif spec.kind == "subset":
        word = str(answer).strip().lower()
        value = answer if isinstance(answer, bool) else (True if word in YES else False if word in NO else None)
        if value is None:
            outcome, message = (
                "wrong",
                _say(lang, "请回答 True 或 False（是或否）。", "Answer True or False (yes or no)."),
            )
        else:
            outcome, message = ("right", "") if value == spec.solution else ("wrong", _say(lang, *spec.hint))
    else:
        outcome, message = _check_reading(spec, answer, lang)
    return CheckResult(exercise, outcome, message, lang)


# ---------------------------------------------------------------- student and teacher versions


def student_version(nb):
    """A copy of the lesson notebook ``nb`` with every cell tagged :data:`SOLUTION_TAG` emptied.

    The cell stays (so the numbering and the structure are the teacher's) with no source and no
    output; the student writes the answer into the cell before it. Works on an
    ``nbformat.NotebookNode`` or the plain dict of a notebook's JSON.

    Parameters
    ----------
    nb : NotebookNode or dict

    Returns
    -------
    NotebookNode or dict
        Of the same type; ``nb`` is left as it is.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {"tags": ["solution"]}, "outputs": []},
    ...                 {"cell_type": "code", "source": "x = ...", "metadata": {}, "outputs": []}]}
    >>> [c["source"] for c in student_version(nb)["cells"]], nb["cells"][0]["source"]
    (['', 'x = ...'], 'x = 1')
    """
    student = copy.deepcopy(nb)
    for cell in student["cells"]:
        if SOLUTION_TAG in (cell.get("metadata") or {}).get("tags", []):
            cell["source"] = ""
            if cell.get("cell_type") == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
    return student


# ---------------------------------------------------------------- the teaching deck

_DECK = {
    "title": ("读懂政府工作报告里的目标", "Reading targets in a government work report"),
    "subtitle": (
        "时间进度、完成率与读法：以织里镇2021年上半年工作报告为例",
        "Time elapsed, completion and readings, on the Zhili town report of mid-2021",
    ),
    "objectives": ("这节课学什么", "What you will learn"),
    "objective_items": (
        (
            "按天数算时间进度",
            "算完成率，并与时间进度比较",
            "由增速倒推上年值",
            "判断“其中”的部分是否真在整体之内",
            "原文有几种读法时，每种读法下各下结论",
        ),
        (
            "Count time elapsed in days",
            "Work out completion and compare it with time elapsed",
            "Work a growth rate back to last year's value",
            "Tell whether a part after 其中 really lies inside its whole",
            "Where the text reads more than one way, judge under each reading",
        ),
    ),
    "elapsed": ("时间进度", "Time elapsed"),
    "elapsed_body": (
        "已过天数 ÷ 目标时期总天数（首尾都算）。例：全年目标在6月30日：1月1日至6月30日共181天，181 ÷ 365。"
        "半年不等于50%。",
        "Days gone by ÷ days of the target's period, both ends included. Example: a target for the year on 30 June: "
        "1 January to 30 June is 181 days, 181 ÷ 365. Half a year is not 50%.",
    ),
    "completion": ("完成率", "Completion"),
    "completion_body": (
        "实绩 ÷ 目标 × 100。实绩和目标要计同一种东西、同一段时间。完成率 − 时间进度 超过容差（5个百分点）为超前，"
        "低于 −5 为滞后，其间为符合进度。",
        "Actual ÷ target × 100, the two counting the same thing over the same period. Completion − time elapsed "
        "above the tolerance (5 points) is ahead, below −5 behind, in between on track.",
    ),
    "growth": ("上年同期值", "The prior-year value"),
    "growth_body": (
        "本期 = 上年 × (1 + 增速)，所以 上年 = 本期 ÷ (1 + 增速)，不是 本期 × (1 − 增速)。GDP增速按可比价计算，"
        "倒推的只是近似值。",
        "This year = last year × (1 + growth), so last year = this year ÷ (1 + growth), not this year × (1 − growth). "
        "GDP growth is at comparable prices: the value worked back is an approximation.",
    ),
    "subset": ("“其中”一定是部分吗？", "Is what follows “of which” (其中) always a part?"),
    "subset_body": (
        "“其中工业性投入……”：同一时期、同一口径，是部分。“其中……（含续建）重点项目”：包括往年开工的项目，"
        "不全在“新开工”之内。",
        "“其中 industrial investment…”: same period, same basis, a part. “其中… key projects (含续建)”: it includes "
        "projects started in earlier years, so not all of it lies inside “projects started”.",
    ),
    "readings": ("读法", "Readings"),
    "readings_body": (
        "同一句话可以有几种读法：计到6月30日还是报告日？“截至目前”从哪天起算？“计划新增”是下半年还是全年？"
        "每种读法各算一遍；结论随读法而变时，要说明依据哪种读法。",
        "One sentence can be read several ways: to 30 June or to the report date? From when does “截至目前” count? "
        "Is a plan for the second half or the year? Work each reading through; where the verdict changes, say "
        "which reading it rests on.",
    ),
    "exercise": ("练习", "Exercises"),
    "exercise_body": (
        "打开讲义，逐题作答，每题用 check 核对：它会说对，或说哪里不对并给出提示。",
        "Open the handout and answer each question; check each with check: it says right, or what is wrong with "
        "a hint.",
    ),
}


def _d(key: str, lang: str):
    return _DECK[key][0 if check_lang(lang) == "zh" else 1]


def lesson_slides(*, lang: str = "zh", report: str = DEFAULT_REPORT) -> pd.DataFrame:
    """The teaching deck: one slide per step of the method (not the report's results).

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
    report : str, default DEFAULT_REPORT
        The report whose sentence the readings slide quotes.

    Returns
    -------
    DataFrame
        One row per slide, the columns of :data:`zhili_data.report.deck.SLIDE_COLUMNS` (every text escaped).

    Examples
    --------
    >>> lesson_slides(lang="en")["key"].tolist()
    ['title', 'objectives', 'elapsed', 'completion', 'growth', 'subset', 'readings', 'exercises']
    """
    figures = load_figures(report)
    upgrade = _row(figures, figure_id="enterprises_upgraded_above_scale_todate_actual")
    plan = _row(figures, figure_id="enterprises_upgraded_above_scale_2021h2_target")
    quote_column = "quote" if lang == "zh" else "quote_en"
    opening = title_slide(lang=lang, report=report, title=_d("title", lang))
    rows = [opening]

    def slide(key: str, title: str, body: str) -> None:
        rows.append({"key": key, "kind": "method", "title": title, "html": body, "chart": ""})

    items = "".join(f"<li>{escape(item)}</li>" for item in _d("objective_items", lang))
    slide("objectives", _d("objectives", lang), f"<h2>{escape(_d('objectives', lang))}</h2><ul>{items}</ul>")
    for key in ("elapsed", "completion", "growth", "subset"):
        slide(key, _d(key, lang), f"<h2>{escape(_d(key, lang))}</h2><p>{escape(_d(key + '_body', lang))}</p>")
    slide(
        "readings",
        _d("readings", lang),
        f"<h2>{escape(_d('readings', lang))}</h2><p>{escape(_d('readings_body', lang))}</p>"
        f'<blockquote class="zs-quote"><p>{escape(upgrade[quote_column])}</p>'
        f"<p>{escape(plan[quote_column])}</p></blockquote>",
    )
    slide(
        "exercises",
        _d("exercise", lang),
        f"<h2>{escape(_d('exercise', lang))}</h2><p>{escape(_d('exercise_body', lang))}</p>",
    )
    return pd.DataFrame(rows, columns=SLIDE_COLUMNS)


def show_lesson_deck(*, lang: str = "zh", report: str = DEFAULT_REPORT) -> None:
    """Display :func:`lesson_slides` as the deck output ``zhili run --format slides`` publishes.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
    report : str, default DEFAULT_REPORT

    Returns
    -------
    None

    Examples
    --------
    >>> show_lesson_deck(lang="en")  # outside a notebook: the raw output
    {'application/vnd.zhili.slides+json': [{'key': 'title', ...}
    """
    show_slides(lesson_slides(lang=lang, report=report))


# ---------------------------------------------------------------- the glossary page

_GLOSSARY = {
    "example": ("例：", "Example: "),
    "page": ("第{page}页", "page {page}"),
    "source": ("官方定义出处：", "Official definition: "),
    "kind": ({"report": "报告用语", "method": "分析用语"}, {"report": "in the report", "method": "of the analysis"}),
}


def glossary_html(*, lang: str = "zh", report: str = DEFAULT_REPORT) -> str:
    """The report's terms as an HTML definition list: each entry's id is its anchor (``term-<term_id>``),
    its example links to the figure's quote in the page's sources appendix (:func:`zhili_data.report.display.anchor`).

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
    report : str, default DEFAULT_REPORT

    Returns
    -------
    str
        Escaped HTML (the anchors are slugs, checked by the validator); the Chinese term is marked ``lang="zh-CN"``.

    Examples
    --------
    >>> html = glossary_html(lang="en")
    >>> '<dt id="term-including_continuing">' in html, 'href="#src-key_projects_5m_plus_2021h1_actual"' in html
    (True, True)
    """
    zh = check_lang(lang) == "zh"
    pages = load_figures(report).drop_duplicates("figure_id").set_index("figure_id")["page"]
    say = {key: pair[0 if zh else 1] for key, pair in _GLOSSARY.items()}
    entries = []
    for term in report_glossary(report).itertuples():
        chinese = f'<span lang="zh-CN">{escape(term.term_zh)}</span>'
        heading = f"{chinese} · {escape(term.term_en)}" if zh else f"{escape(term.term_en)} · {chinese}"
        quote = term.quote if zh or not str(term.quote_en or "").strip() else term.quote_en
        page = say["page"].format(page=int(pages[term.figure_id]))
        parts = [
            f"<p>{escape(term.definition_zh if zh else term.definition_en)} "
            f'<span class="glossary-kind">({escape(say["kind"][term.kind])})</span></p>',
            f'<p>{escape(say["example"])}<a href="#{anchor(term.figure_id)}">“{escape(quote)}”</a> ({escape(page)})</p>',
        ]
        if str(term.source).strip():
            # A source is cited as "Chinese title · English title": each side marked with its language.
            original, _, translated = str(term.source).partition(" · ")
            cited = f'<span lang="zh-CN">{escape(original)}</span>'
            if translated:
                english = f'<span lang="en">{escape(translated)}</span>'
                cited = f"{cited} · {english}" if zh else f"{english} ({cited})"
            parts.append(f"<p>{escape(say['source'])}{cited}</p>")
        entries.append(f'<dt id="{term.anchor}">{heading}</dt><dd>{"".join(parts)}</dd>')
    return f'<dl class="glossary">{"".join(entries)}</dl>'


def show_glossary(*, lang: str = "zh", report: str = DEFAULT_REPORT) -> None:
    """Display :func:`glossary_html` (and its terms as plain text).

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
    report : str, default DEFAULT_REPORT

    Returns
    -------
    None

    Examples
    --------
    >>> show_glossary(lang="en")  # outside a notebook: the raw output
    {'text/html': '<dl class="glossary">...', 'text/plain': ...}
    """
    from IPython.display import display

    terms = report_glossary(report)
    plain = "\n".join(f"{t.term_zh} · {t.term_en}" for t in terms.itertuples())
    display({"text/html": glossary_html(lang=lang, report=report), "text/plain": plain}, raw=True)
