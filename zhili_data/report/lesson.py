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
from dataclasses import dataclass, field
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
from zhili_data.protocol import CHECK, METADATA_KEY, SOLUTION_TAG
from zhili_data.report import labels
from zhili_data.report.deck import SLIDE_COLUMNS, show_slides, title_slide
from zhili_data.report.display import anchor
from zhili_data.report.messages import localised, message
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

OUTCOMES = ("right", "wrong", "not_yet")
"""What a check can say; each in words is the catalogue's ``lesson.outcome_<outcome>``."""
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

    @property
    def head(self) -> str:
        """The outcome in words: ✔ 正确 / ✔ Right."""
        return message(f"lesson.outcome_{self.outcome}", self.lang)

    def __str__(self) -> str:
        return f"{self.head} [{self.exercise}] {self.message}".rstrip()

    __repr__ = __str__

    def _repr_mimebundle_(self, include=None, exclude=None):
        html = (
            f'<p class="lesson-check lesson-{self.outcome}" role="status">'
            f"<strong>{escape(self.head)}</strong> <code>{escape(self.exercise)}</code> {escape(self.message)}</p>"
        )
        meta = {METADATA_KEY: {CHECK: {"exercise": self.exercise, "outcome": self.outcome}}}
        return {"text/plain": str(self), "text/html": html}, meta


# ---------------------------------------------------------------- the exercises and their solutions


@dataclass(frozen=True)
class _Exercise:
    kind: str  # percent, amount, verdict, subset, reading
    words: str  # its question and hint are the catalogue's lesson.<words>_question and _hint
    solution: object  # a number, a status, a bool, or for a reading: ((readings, status), …)
    mistakes: tuple = ()  # (wrong value, what it says: lesson.<key>) of the usual mistakes, for a number
    tolerance: float = 0.1
    readings: tuple = ()  # (reading_id, keyword, note) of a reading question
    fields: dict = field(default_factory=dict)  # the values its words name

    def say(self, what: str, lang: str) -> str:
        """The exercise's ``question``, ``hint`` or a mistake's words, in ``lang``."""
        return message(f"lesson.{what}", lang, **self.fields)

    def question(self, lang: str) -> str:
        return self.say(f"{self.words}_question", lang)

    def hint(self, lang: str) -> str:
        return self.say(f"{self.words}_hint", lang)


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
    """Every exercise of the lesson by id, in the order the lesson asks them."""
    figures = load_figures(report)
    gap = target_gap_table(figures, report=report, tolerance=TOLERANCE)
    return {
        **_elapsed_exercises(report),
        **_target_exercises(figures, gap),
        **_growth_exercises(figures, report),
        **_subset_exercises(figures, report),
        **_reading_exercises(figures, gap, report),
    }


def _elapsed_exercises(report: str) -> dict[str, _Exercise]:
    """Time elapsed on 30 June and on the day of the report."""
    delivered = get_report(report).delivered
    year = delivered.year
    h1_end = date(year, 6, 30)
    elapsed_h1 = elapsed_pct(str(year), h1_end, report_date=delivered)
    elapsed_day_before = elapsed_pct(str(year), h1_end - timedelta(days=1), report_date=delivered)
    elapsed_report = elapsed_pct(str(year), delivered, report_date=delivered)
    return {
        "elapsed_h1": _Exercise(
            "percent",
            "elapsed_h1",
            elapsed_h1,
            mistakes=((50.0, "elapsed_h1_half"), (elapsed_day_before, "elapsed_h1_both_ends")),
            fields={"year": year},
        ),
        "elapsed_report_date": _Exercise(
            "percent",
            "elapsed_report_date",
            elapsed_report,
            mistakes=((elapsed_h1, "elapsed_report_date_june"),),
            fields={"delivered": delivered},
        ),
    }


def _target_exercises(figures: pd.DataFrame, gap: pd.DataFrame) -> dict[str, _Exercise]:
    """The completion of one target and its verdict."""
    projects = _row(gap, indicator_id="projects_introduced_100m_plus")
    completion = float(projects["actual"] / projects["target"] * 100)
    return {
        "completion_projects": _Exercise(
            "percent",
            "completion_projects",
            completion,
            mistakes=((100 * projects["target"] / projects["actual"], "completion_projects_upside_down"),),
            fields={
                "actual_quote": _quote(figures, "projects_introduced_100m_plus_2021h1_actual"),
                "target_quote": _quote(figures, "projects_introduced_100m_plus_2021_target"),
            },
        ),
        "status_projects": _Exercise("verdict", "status_projects", str(projects["status"]), fields={"band": TOLERANCE}),
    }


def _growth_exercises(figures: pd.DataFrame, report: str) -> dict[str, _Exercise]:
    """The prior year's value a growth rate implies."""
    year = get_report(report).delivered.year
    gdp = _row(figures, figure_id="gdp_2021h1_actual")
    gdp_growth = _row(figures, figure_id="gdp_2021h1_actual_growth")
    prior = float(gdp["value"] / (1 + gdp_growth["value"] / 100))
    return {
        "prior_gdp": _Exercise(
            "amount",
            "prior_gdp",
            prior,
            mistakes=(
                (float(gdp["value"] * (1 - gdp_growth["value"] / 100)), "prior_gdp_minus"),
                (float(gdp["value"] * (1 + gdp_growth["value"] / 100)), "prior_gdp_next_year"),
            ),
            tolerance=0.5,
            fields={"quote": _quote(figures, "gdp_2021h1_actual_growth"), "year": year, "prior_year": year - 1},
        ),
    }


def _subset_exercises(figures: pd.DataFrame, report: str) -> dict[str, _Exercise]:
    """Whether an "of which" is a part of the whole it follows."""
    shares = share_table(figures, report=report)
    industrial = _row(shares, indicator_id="industrial_investment", kind="part_of")
    key_projects = _row(shares, indicator_id="key_projects_5m_plus")
    return {
        "subset_industrial": _Exercise(
            "subset",
            "subset_industrial",
            industrial["kind"] == "part_of",
            fields={"quote": _quote(figures, "industrial_investment_2021h1_actual")},
        ),
        "subset_key_projects": _Exercise(
            "subset",
            "subset_key_projects",
            key_projects["kind"] == "part_of",
            fields={
                "started_quote": _quote(figures, "construction_projects_started_2021h1_actual"),
                "key_quote": _quote(figures, "key_projects_5m_plus_2021h1_actual"),
            },
        ),
    }


def _reading_exercises(figures: pd.DataFrame, gap: pd.DataFrame, report: str) -> dict[str, _Exercise]:
    """One question per target whose verdict depends on how its figures are read."""
    found: dict[str, _Exercise] = {}
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
            "reading",
            cases,
            readings=tuple((r, keywords[r], str(notes.get(r, ""))) for r in ids),
            # the quotes in each language: a message picks its own (``{actual[quote_en]}``)
            fields={
                "actual": actual[["quote", "quote_en"]].to_dict(),
                "target": target[["quote", "quote_en"]].to_dict(),
            },
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
    text = spec.question(check_lang(lang))
    if spec.readings:
        listing = ", ".join(f"{r} ({k})" for r, k, _ in spec.readings)
        text += "\n" + message("lesson.readings_listed", lang) + listing
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
        return "wrong", message("lesson.fraction", lang)
    for wrong, said in spec.mistakes:
        if abs(value - float(wrong)) <= spec.tolerance:
            return "wrong", spec.say(said, lang)
    return "wrong", spec.hint(lang)


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
        return "wrong", message("lesson.give_one_verdict_of", lang, choices=choices)
    if not named:
        listing = ", ".join(r for r, _, _ in spec.readings)
        return "wrong", message("lesson.name_the_reading", lang, listing=listing)
    cases = [(combo, status) for combo, status in spec.solution if named <= combo]
    if not cases:
        return "wrong", message("lesson.readings_clash", lang)
    if any(status == statuses[0] for _, status in cases):
        return "right", message("lesson.reading_right", lang)
    notes = " ".join(note for reading_id, _, note in spec.readings if reading_id in named)
    return "wrong", spec.hint(lang) + (f" ({notes})" if notes else "")


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
        return CheckResult(exercise, "not_yet", message("lesson.replace_dots", lang), lang)
    if spec.kind in ("percent", "amount"):
        value = _number(answer)
        if value is None:
            outcome, said = "wrong", message("lesson.give_a_number", lang)
        else:
            outcome, said = _check_number(spec, value, lang)
    elif spec.kind == "verdict":
        statuses = sorted(set(_status_words(_text_of(answer))))
        if len(statuses) != 1:
            outcome, said = "wrong", message("lesson.give_one_verdict", lang)
        else:
            outcome, said = ("right", "") if statuses[0] == spec.solution else ("wrong", spec.hint(lang))
    elif spec.kind == "subset":
        word = str(answer).strip().lower()
        value = answer if isinstance(answer, bool) else (True if word in YES else False if word in NO else None)
        if value is None:
            outcome, said = "wrong", message("lesson.true_or_false", lang)
        else:
            outcome, said = ("right", "") if value == spec.solution else ("wrong", spec.hint(lang))
    else:
        outcome, said = _check_reading(spec, answer, lang)
    return CheckResult(exercise, outcome, said, lang)


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


def _d(key: str, lang: str) -> str:
    return message(f"lesson.deck_{key}", check_lang(lang))


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
    quote_column = localised("quote", lang)
    opening = title_slide(lang=lang, report=report, title=_d("title", lang))
    rows = [opening]

    def slide(key: str, title: str, body: str) -> None:
        rows.append({"key": key, "kind": "method", "title": title, "html": body, "chart": ""})

    items = "".join(f"<li>{escape(item)}</li>" for item in _d("objective_items", lang).split("\n"))
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
    check_lang(lang)
    pages = load_figures(report).drop_duplicates("figure_id").set_index("figure_id")["page"]
    entries = []
    for term in report_glossary(report).itertuples():
        chinese = f'<span lang="zh-CN">{escape(term.term_zh)}</span>'
        heading = message("lesson.glossary_heading", lang, chinese=chinese, english=escape(term.term_en))
        translated = getattr(term, localised("quote", lang))
        quote = translated if str(translated or "").strip() else term.quote
        page = message("lesson.glossary_page", lang, page=int(pages[term.figure_id]))
        parts = [
            f"<p>{escape(getattr(term, f'definition_{lang}'))} "
            f'<span class="glossary-kind">({escape(message(f"lesson.glossary_kind_{term.kind}", lang))})</span></p>',
            f'<p>{escape(message("lesson.glossary_example", lang))}<a href="#{anchor(term.figure_id)}">“{escape(quote)}”</a> ({escape(page)})</p>',
        ]
        if str(term.source).strip():
            # A source is cited as "Chinese title · English title": each side marked with its language.
            original, _, translated = str(term.source).partition(" · ")
            cited = f'<span lang="zh-CN">{escape(original)}</span>'
            if translated:
                english = f'<span lang="en">{escape(translated)}</span>'
                cited = message("lesson.glossary_cited", lang, original=cited, english=english)
            parts.append(f"<p>{escape(message('lesson.glossary_source', lang))}{cited}</p>")
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
