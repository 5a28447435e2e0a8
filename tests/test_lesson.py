"""The lesson "Reading targets in a government work report": its checks, the student's version made
from the teacher's by cell tags, the notebook run in both languages, the glossary of the report's
terms and its checks, and the links from a term's first use to its entry."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill
import pytest

from zhili_data.app import glossary_terms
from zhili_data.core.curated import read_table
from zhili_data.core.figures import load_figures
from zhili_data.core.readings import load_readings
from zhili_data.core.source import source_text
from zhili_data.core.terms import TermsInvalid, glossary_path, report_glossary, term_problems
from zhili_data.publish.convert import link_terms
from zhili_data.report import lesson

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
LESSON = NOTEBOOK_DIR / "lesson.ipynb"


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


# --------------------------------------------------------------------------- the checks


NUMBERS = {  # exercise -> (its solution, shown as a student would write it; a usual mistake)
    "elapsed_h1": ("49.6", 50),
    "elapsed_report_date": ("59.7", 49.6),
    "completion_projects": ("75", 133.3),
    "prior_gdp": ("154", 149.3),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_answer_not_given_is_not_yet(lang):
    for exercise in lesson.exercises():
        for placeholder in (..., None, "  "):
            result = lesson.check(exercise, placeholder, lang=lang)
            assert result.outcome == "not_yet" and not result.right, (exercise, placeholder)


@pytest.mark.parametrize("exercise", sorted(NUMBERS))
def test_a_number_is_right_to_its_precision_and_a_usual_mistake_gets_its_own_hint(exercise):
    solution, mistake = NUMBERS[exercise]
    assert lesson.check(exercise, float(solution)).right
    assert lesson.check(exercise, f"{solution}%").right
    generic = lesson.check(exercise, 1234.5, lang="en")
    specific = lesson.check(exercise, mistake, lang="en")
    assert generic.outcome == specific.outcome == "wrong"
    assert specific.message and generic.message and specific.message != generic.message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_answer_gets_a_hint_never_the_solution(lang):
    wrong_answers = {
        "elapsed_h1": [50, 0.4959, 49.3, 12, "half"],
        "elapsed_report_date": [49.6, 60.5, 0.597],
        "completion_projects": [133.3, 0.75, 20],
        "status_projects": ["behind", "on track", "滞后", "ahead behind"],
        "prior_gdp": [149.3, 212.7, 181],
        "subset_industrial": [False, "否", "maybe"],
        "subset_key_projects": [True, "yes", "maybe"],
    }
    for exercise, answers in wrong_answers.items():
        for answer in answers:
            result = lesson.check(exercise, answer, lang=lang)
            assert result.outcome == "wrong", (exercise, answer)
            assert result.message, (exercise, answer)
            for solution in (NUMBERS.get(exercise, ("",))[0], "49.6", "59.7", "75", "154.0", "154"):
                if solution:
                    assert solution not in result.message, (exercise, answer, result.message)
            if exercise == "status_projects" and answer != "ahead behind":  # two verdicts: told the choices
                assert not re.search(r"\bahead\b|超前", result.message), result.message
            if exercise.startswith("subset_") and answer != "maybe":  # no yes or no: told the choices
                assert not re.search(r"True|False|\b(yes|no)\b", result.message), result.message


def test_the_subset_questions_follow_of_which_and_including_continuing():
    assert lesson.check("subset_industrial", True).right and lesson.check("subset_industrial", "是").right
    assert lesson.check("subset_key_projects", False).right and lesson.check("subset_key_projects", "no").right
    assert "含续建" in lesson.check("subset_key_projects", True).message


def reading_questions():
    return [e for e in lesson.exercises() if e.startswith("reading_")]


def test_every_target_whose_verdict_depends_on_its_reading_is_a_question():
    readings = load_readings()
    figures = load_figures().set_index("figure_id")
    read = {figures.loc[f, "indicator_id"] for f in readings["figure_id"]}
    assert {f"reading_{i}" for i in read} == set(reading_questions())
    question = lesson.question("reading_enterprises_upgraded_above_scale")
    assert "52" in question and "50" in question and "upgrades_plan_year" in question


@pytest.mark.parametrize("exercise", reading_questions())
def test_a_reading_question_accepts_every_defensible_answer_and_refuses_the_rest(exercise):
    spec = lesson._exercises("zhili-2021-midyear")[exercise]
    statuses = {"ahead", "on_track", "behind", "not_started", "undetermined"}
    for combo, status in spec.solution:
        assert lesson.check(exercise, (status, *sorted(combo)), lang="en").right, (combo, status)
        for reading in combo:  # naming one reading is enough when that reading allows the verdict
            allowed = {s for c, s in spec.solution if reading in c}
            assert lesson.check(exercise, f"{status} {reading}").right
            for other in statuses - allowed:
                result = lesson.check(exercise, (other, reading), lang="en")
                assert result.outcome == "wrong" and result.message, (other, reading)
                assert not re.search(r"\b(ahead|on track|behind|not started|undetermined)\b", result.message)
    first_reading = sorted(next(iter(spec.solution))[0])[0]
    assert "reading" in lesson.check(exercise, "ahead", lang="en").message  # no reading named
    assert "verdict" in lesson.check(exercise, first_reading, lang="en").message  # no verdict given


def test_a_reading_is_named_by_its_id_or_its_keyword_in_either_language():
    upgrades = "reading_enterprises_upgraded_above_scale"
    assert lesson.check(upgrades, "超前 plan_year in_2021").right
    assert lesson.check(upgrades, {"verdict": "ahead", "reading": "upgrades_in_2021_childrenswear_part"}).right
    assert lesson.check(upgrades, ("undetermined", "to_date")).right
    # two readings of the same figure cannot hold together
    assert lesson.check(upgrades, ("ahead", "upgrades_plan_h2", "upgrades_plan_year")).outcome == "wrong"
    # under the main readings the 52 may include earlier years: not "ahead"
    assert lesson.check(upgrades, ("ahead", "upgrades_to_date", "upgrades_plan_h2")).outcome == "wrong"


def test_an_unknown_exercise_is_named_with_a_suggestion():
    with pytest.raises(lesson.UnknownExerciseError, match="did you mean 'elapsed_h1'"):
        lesson.check("elapsed_h", 49.6)


def test_a_check_shows_as_one_escaped_line_with_its_outcome_in_metadata():
    data, metadata = lesson.check("elapsed_h1", 50, lang="en")._repr_mimebundle_()
    assert data["text/plain"].startswith("✘ Not yet right [elapsed_h1]")
    assert data["text/html"].startswith('<p class="lesson-check lesson-wrong" role="status">')
    assert metadata == {"zhili": {"check": {"exercise": "elapsed_h1", "outcome": "wrong"}}}


# --------------------------------------------------------------------------- the notebook and its two versions


def test_lesson_is_stored_clean_with_its_parameters_and_solutions_tagged():
    nb = load("lesson")
    nbformat.validate(nb)
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    tags = [cell.metadata.get("tags", []) for cell in nb.cells]
    assert all(t in ([], ["parameters"], ["notebook-only"], ["slides-only"], ["solution"]) for t in tags), tags
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    parameters = [c for c in nb.cells if c.metadata.get("tags") == ["parameters"]]
    assert [c.source for c in parameters] == ['lang = "zh"\nreport = "zhili-2021-midyear"']
    solutions = [c for c in nb.cells if c.metadata.get("tags") == ["solution"]]
    checked = re.findall(r'^check\("([a-z0-9_]+)"', "\n".join(c.source for c in nb.cells), re.MULTILINE)
    assert sorted(checked) == sorted(lesson.exercises()), "every exercise is asked and checked once"
    assert len(solutions) == len(checked)


def test_student_version_empties_the_solutions_and_nothing_else():
    nb = load("lesson")
    student = lesson.student_version(nb)
    assert len(student.cells) == len(nb.cells) and nb == load("lesson"), "the teacher's notebook is left as it was"
    for theirs, mine in zip(nb.cells, student.cells, strict=True):
        if "solution" in theirs.metadata.get("tags", []):
            assert theirs.source and mine.source == ""
        else:
            assert mine == theirs


def run_lesson(tmp_path: Path, lang: str, *, student: bool) -> nbformat.NotebookNode:
    source = tmp_path / f"lesson-{lang}-source.ipynb"
    nb = load("lesson")
    nbformat.write(lesson.student_version(nb) if student else nb, source)
    output = tmp_path / f"lesson-{lang}-{'student' if student else 'teacher'}.ipynb"
    papermill.execute_notebook(
        str(source),
        str(output),
        parameters={"lang": lang},
        kernel_name="python3",
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(output, as_version=4)


def check_outcomes(nb) -> dict[str, str]:
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            check = (output.get("metadata") or {}).get("zhili", {}).get("check")
            if check:
                found[check["exercise"]] = check["outcome"]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_teacher_version_runs_and_passes_every_check(tmp_path, lang):
    nb = run_lesson(tmp_path, lang, student=False)
    assert check_outcomes(nb) == dict.fromkeys(lesson.exercises(), "right")
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) for c in nb.cells for o in c.get("outputs", []))
    assert ("✔ 正确" if lang == "zh" else "✔ Right") in text
    deck = [
        o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.zhili.slides+json" in o.get("data", {})
    ]
    assert len(deck) == 1


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_student_version_runs_to_the_end_with_every_check_not_yet(tmp_path, lang):
    nb = run_lesson(tmp_path, lang, student=True)
    assert check_outcomes(nb) == dict.fromkeys(lesson.exercises(), "not_yet")
    assert nb.cells[-1].cell_type == "markdown" and all(
        c.execution_count is not None for c in nb.cells if c.cell_type == "code" and c.source
    ), "every cell ran"


# --------------------------------------------------------------------------- the glossary

ISSUE_TERMS = (
    "时间进度",
    "完成率",
    "规上",
    "大好高",
    "小升规",
    "亿元以上",
    "含续建",
    "其中",
    "同比",
    "百分点",
    "可比价",
    "截至目前",
)


def test_the_glossary_has_every_term_of_the_issue_each_with_its_example():
    glossary = report_glossary()
    assert set(ISSUE_TERMS) <= set(glossary["term_zh"])
    for column in ("term_en", "definition_zh", "definition_en", "quote"):
        assert glossary[column].str.strip().ne("").all(), column
    assert glossary["anchor"].is_unique
    sourced = glossary.set_index("term_zh")["source"]
    assert sourced["规上"].startswith("国家统计局") and sourced["时间进度"] == ""


def test_every_term_the_lesson_names_is_in_the_glossary():
    terms = set(report_glossary()["term_zh"])
    lesson_text = "\n".join(c.source for c in load("lesson").cells if c.cell_type == "markdown")
    for term in ("时间进度", "完成率", "上年同期值", "读法", "容差", "实绩", "目标", "截至目前", "其中", "含续建"):
        assert term in lesson_text and term in terms, term


def broken(column: str, value: str, line: int = 2):
    terms = read_table(glossary_path())
    terms.loc[line, column] = value
    return [str(p) for p in term_problems(terms, load_figures(), source_text(), path=glossary_path())]


def test_glossary_problems_name_the_file_the_line_the_term_and_what_is_allowed():
    assert broken("kind", "jargon") == [
        "glossary.csv:2 [time_elapsed] kind='jargon': not allowed; allowed: report (a term printed in the report), "
        "method (a term of the analysis)"
    ]
    assert broken("figure_id", "gdp_2021h1_actul") == [
        "glossary.csv:2 [time_elapsed] figure_id='gdp_2021h1_actul': no such figure in figures.csv "
        "(did you mean 'gdp_2021h1_actual'?)"
    ]
    assert broken("definition_en", "") == [
        "glossary.csv:2 [time_elapsed] definition_en='': is empty; every term needs it"
    ]
    assert "markup-like text" in broken("definition_zh", "<b>时间</b>")[0]
    assert broken("term_id", "completion_rate") == [
        "glossary.csv:3 [completion_rate] term_id='completion_rate': used twice (first on line 2); each term needs its own id"
    ]
    line = next(i for i, k in read_table(glossary_path())["kind"].items() if k == "report")
    assert "does not occur in the report's text" in broken("term_zh", "不存在的词", line)[0]


def test_a_broken_glossary_is_refused_by_zhili_validate_and_the_loader(tmp_path, monkeypatch):
    import shutil

    from zhili_data.core.catalog import get_report
    from zhili_data.core.validate import validate_report

    copy = tmp_path / "reports" / "zhili-2021-midyear"
    shutil.copytree(get_report().folder, copy)
    path = copy / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",method,时间进度,", ",methd,时间进度,"), encoding="utf-8")
    monkeypatch.setenv("ZHILI_REPORTS_DIR", str(tmp_path / "reports"))
    problems = [str(p) for p in validate_report()]
    assert problems == [
        "glossary.csv:2 [time_elapsed] kind='methd': not allowed; allowed: report (a term printed in the report), "
        "method (a term of the analysis)"
    ]
    with pytest.raises(TermsInvalid, match=r"glossary.csv:2 \[time_elapsed\] kind='methd'"):
        report_glossary()


def test_a_terms_first_use_links_to_its_entry_and_nothing_else_is_touched():
    cells = [
        "## 时间进度与完成率\n\n时间进度按天数算；`完成率` 是代码。再说时间进度和完成率。",
        "[同比](http://example) 已是链接；同比在这里第一次出现。",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    linked = link_terms(nb, glossary_terms("zh", "zhili-2021-midyear"), "glossary.html")
    first, second = (c.source for c in linked.cells)
    assert first == (
        "## 时间进度与完成率\n\n[时间进度](glossary.html#term-time_elapsed)按天数算；`完成率` 是代码。"
        "再说时间进度和[完成率](glossary.html#term-completion_rate)。"
    )
    assert second == "[同比](http://example) 已是链接；[同比](glossary.html#term-year_on_year)在这里第一次出现。"
    english = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Targets: the target's time elapsed.")])
    linked = link_terms(english, glossary_terms("en", "zhili-2021-midyear"), "glossary-en.html").cells[0].source
    assert linked == (
        "Targets: the [target](glossary-en.html#term-target)'s [time elapsed](glossary-en.html#term-time_elapsed)."
    )
