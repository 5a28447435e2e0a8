"""The four notebooks: stored clean and thin, with the parameter contract of notebooks/reports.toml,
and (slow) executed with papermill in both languages without errors, font warnings or a number
that cannot be followed to its quote."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
DEFAULTS = {
    "overview": {"report": "zhili-2021-midyear", "lang": "zh", "as_of": "", "tolerance": 5.0},
    "growth": {"report": "zhili-2021-midyear", "lang": "zh", "indicators": []},
    "share": {"report": "zhili-2021-midyear", "lang": "zh", "indicators": []},
    "target_gap": {"report": "zhili-2021-midyear", "lang": "zh", "as_of": "", "tolerance": 5.0},
}
NAMES = sorted(DEFAULTS)
GLYPH = "missing from font"
TABLE_MIME = ("text/html", "text/csv")


def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def parameters_cell(nb):
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell is tagged parameters"
    return tagged[0]


# --------------------------------------------------------------------------- stored form


def test_the_four_notebooks_exist():
    assert set(NAMES) <= {p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")}


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_and_with_clean_metadata(name):
    nb = load(name)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
        assert set(cell.metadata) <= {"tags"}
        # parameters for papermill; notebook-only for what the published page leaves out;
        # slides-only for the cell that shows the slide deck, slide-chart-<key> for a chart the deck shows;
        # screen-only for what the printed handout leaves out
        tags = cell.metadata.get("tags", ["parameters"])
        assert tags in (["parameters"], ["notebook-only"], ["slides-only"], ["screen-only"]) or (
            len(tags) == 1 and tags[0].startswith("slide-chart-")
        )


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell_holds_the_contract_defaults(name):
    nb = load(name)
    cell = parameters_cell(nb)
    assigned = {}
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, "the parameters cell only assigns defaults"
        assigned[node.targets[0].id] = ast.literal_eval(node.value)
    assert assigned == DEFAULTS[name]
    before = nb.cells[: nb.cells.index(cell)]
    assert before and all(c.cell_type == "markdown" for c in before)


@pytest.mark.parametrize("name", NAMES)
def test_the_next_cell_validates_every_parameter(name):
    nb = load(name)
    after = nb.cells[nb.cells.index(parameters_cell(nb)) + 1]
    assert f'params.validate_parameters("{name}"' in after.source
    for parameter in DEFAULTS[name]:
        assert f"{parameter}={parameter}" in after.source


@pytest.mark.parametrize("name", NAMES)
def test_the_cells_before_the_parameters_explain_each_parameter_to_the_notebook_s_user_alone(name):
    nb = load(name)
    assert nb.cells[0].source.startswith("# ")
    before = nb.cells[: nb.cells.index(parameters_cell(nb))]
    table = [c for c in before if "| 参数 · parameter" in c.source]
    assert len(table) == 1
    for parameter in DEFAULTS[name]:
        assert f"`{parameter}`" in table[0].source
    # the published page shows a reader no parameter table: its run's parameters are on the ops page
    assert "notebook-only" in table[0].metadata.get("tags", [])


@pytest.mark.parametrize("name", NAMES)
def test_thin_no_definitions_and_no_typed_numbers(name):
    nb = load(name)
    parameters = parameters_cell(nb)
    for cell in code_cells(nb):
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), cell.source
            if cell is not parameters and isinstance(node, ast.Constant):
                assert not isinstance(node.value, (int, float)) or isinstance(node.value, bool), (
                    f"a number typed into {name}: {cell.source}"
                )


@pytest.mark.parametrize("name", NAMES)
def test_markdown_states_no_figures_by_hand(name):
    for cell in load(name).cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"\d+(\.\d+)?\s*(亿|万|%|个|家|名|元)", cell.source), cell.source


@pytest.mark.parametrize("name", NAMES)
def test_headings_and_sources_appendix(name):
    nb = load(name)
    headings = [
        line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines() if line.startswith("## ")
    ]
    assert len(headings) >= 3
    assert "来源摘录" in headings[-1] and "Source quotes" in headings[-1]
    published = [c for c in code_cells(nb) if "notebook-only" not in c.metadata.get("tags", [])]
    assert published[-1].source.startswith("show_sources(")


# --------------------------------------------------------------------------- executed


def execute(name: str, tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    output = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK_DIR / f"{name}.ipynb"),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(output, as_version=4)


def outputs(nb):
    for cell in nb.cells:
        yield from cell.get("outputs", [])


def output_text(output) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return "\n".join(output.traceback)
    return "\n".join(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_cleanly_and_every_number_leads_to_its_quote(name, lang, tmp_path):
    """Also: the notebook gives `zhili run` a headline number for the front page, linked to its quote."""
    nb = execute(name, tmp_path, lang=lang)
    everything = list(outputs(nb))
    assert not [o for o in everything if o.output_type == "error"]
    assert not [o.text for o in everything if o.output_type == "stream" and o.name == "stderr"]
    assert not [output_text(o) for o in everything if GLYPH in output_text(o)]

    tables = [
        o for o in everything if o.output_type == "display_data" and "table" in o.get("metadata", {}).get("zhili", {})
    ]
    assert tables, "every notebook shows at least one table"
    names = [o.metadata["zhili"]["table"] for o in tables]
    assert len(names) == len(set(names)), "table names are unique within a notebook"
    assert names[-1] == "sources"
    links, anchors = set(), set()
    for o in tables:
        assert all(mime in o.data for mime in TABLE_MIME)
        assert set(o.metadata["zhili"]) == {"table", "title"} and o.metadata["zhili"]["title"]
        table = pd.read_csv(io.StringIO(o.data["text/csv"]))
        if o.metadata["zhili"]["table"] == "sources":
            anchors |= set(re.findall(r'<tr id="(src-[a-z0-9_]+)"', o.data["text/html"]))
            assert table["quote"].notna().all() and table["page"].notna().all()
        else:
            assert "figure_ids" in table.columns or table.empty
        links |= set(re.findall(r'href="#(src-[a-z0-9_]+)"', o.data["text/html"]))
    for o in everything:
        links |= set(re.findall(r"\]\(#(src-[a-z0-9_]+)\)", o.get("data", {}).get("text/markdown", "")))
    assert links, "numbers link to their quotes"
    assert links <= anchors, f"links without a quote in the appendix: {sorted(links - anchors)}"
    charts = [o for o in everything if "image/png" in o.get("data", {})]
    assert charts, "every notebook has a chart"
    for chart in charts:  # the alt text: the chart's message, then what it shows with its numbers
        alt = chart.data.get("text/plain", "")
        assert re.search(r"\d", alt) and ("图表显示" in alt or "The chart shows" in alt), alt
        assert "No description" not in alt
    if name == "overview":  # nothing dropped: every theme figure is in a chart or the table beside it
        from zhili_data.core import analysis
        from zhili_data.report import labels

        tabled = {
            i
            for o in tables
            for ids in pd.read_csv(io.StringIO(o.data["text/csv"])).get("figure_ids", [])
            for i in str(ids).split(";")
        }
        alts = "\n".join(chart.data["text/plain"] for chart in charts)
        for theme in labels.OVERVIEW_THEMES:
            for _, row in analysis.theme_figures(theme=theme).iterrows():
                assert row["figure_id"] in tabled or labels.indicator(row, lang) in alts, row["figure_id"]
    headlines = [
        o.metadata["zhili"]["headline"] for o in everything if "headline" in o.get("metadata", {}).get("zhili", {})
    ]
    assert len(headlines) == 1 and headlines[0], "one headline for the front page"
    for item in headlines[0]:
        assert item["label"].strip() and item["value"].strip()
        assert not item["href"] or item["href"][1:] in anchors, item


@pytest.mark.slow
def test_bad_language_stops_the_run_naming_the_parameter(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as error:
        execute("growth", tmp_path, lang="klingon")
    message = str(error.value)
    assert "lang='klingon' is not allowed" in message and "'zh'" in message and "'en'" in message


@pytest.mark.slow
def test_target_gap_takes_as_of_and_tolerance(tmp_path):
    nb = execute("target_gap", tmp_path, lang="en", as_of="2021-09-30", tolerance=10)
    csv = next(
        o.data["text/csv"] for o in outputs(nb) if o.get("metadata", {}).get("zhili", {}).get("table") == "target_gap"
    )
    table = pd.read_csv(io.StringIO(csv))
    assert (table["as_of"] == "2021-09-30").all()


@pytest.mark.slow
def test_growth_takes_an_indicator_list(tmp_path):
    nb = execute("growth", tmp_path, indicators=["gdp", "fiscal_revenue"])
    csv = next(
        o.data["text/csv"] for o in outputs(nb) if o.get("metadata", {}).get("zhili", {}).get("table") == "growth"
    )
    assert list(pd.read_csv(io.StringIO(csv))["indicator_id"]) == ["gdp", "fiscal_revenue"]


# --------------------------------------------------------------------------- the teaching notebook
# notebooks/methods.ipynb computes in the open, so it may define helpers and hold code; it is held to
# the stored form of the others, states no figure of the report by hand in its text, and its own
# asserts check every result against the package when it runs.

TEACHING = "methods"


WORKFLOW = "explore"  # the research workflow, tested in its own file


LESSON = ("lesson", "glossary")  # the lesson and the glossary, tested in tests/test_lesson.py


def test_every_notebook_is_a_report_notebook_the_teaching_one_or_the_workflow():
    assert {p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")} == set(NAMES) | {TEACHING, WORKFLOW, *LESSON}


def test_teaching_notebook_is_stored_clean_with_a_report_parameter():
    nb = load(TEACHING)
    nbformat.validate(nb)
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
        assert set(cell.metadata) <= {"tags"}
    cell = parameters_cell(nb)
    assert cell.source == 'lang = "zh"\nreport = "zhili-2021-midyear"' and nb.cells[2] is cell
    assert nb.cells[0].source.startswith("# ")
    # the parameter table is for the notebook's user; the published page states the run's parameters
    assert nb.cells[1].metadata.tags == ["notebook-only"]
    assert "`report`" in nb.cells[1].source and "`lang`" in nb.cells[1].source


def test_teaching_notebook_explains_in_chinese_then_english_and_types_no_report_figure():
    from zhili_data.core.figures import load_figures

    printed = {str(t) for t in load_figures()["figure_text"] if len(str(t)) > 2}
    markdown = [c.source for c in load(TEACHING).cells if c.cell_type == "markdown"]
    assert len(markdown) >= 8
    for text in markdown:
        assert re.search(r"[\u4e00-\u9fff]", text) and re.search(r"\b(the|The)\b", text), text[:60]
        assert re.search(r"[\u4e00-\u9fff]", text).start() < re.search(r"\b(the|The)\b", text).start(), "Chinese first"
        assert not [t for t in printed if t in text], text[:60]
    asserts = sum(c.source.count("assert ") for c in code_cells(load(TEACHING)))
    assert asserts >= 12, "the teaching notebook checks its results against the package"


@pytest.mark.slow
def test_teaching_notebook_runs_and_its_checks_pass(tmp_path):
    nb = execute(TEACHING, tmp_path)
    everything = list(outputs(nb))
    assert not [o for o in everything if o.output_type == "error"]
    assert not [o.text for o in everything if o.output_type == "stream" and o.name == "stderr"]
    printed = "".join(o.text for o in everything if o.output_type == "stream")
    # the numbers the issue names, computed step by step in plain pandas
    for expected in (
        "181 ÷ (1 + 17.5%) = 154.04",
        "(16.1 − 8.78) ÷ 27.47 = 26.6 pp",
        "− 1 = 4.4%",
        "181 ÷ 365 = 49.6%",
        "218 ÷ 365 = 59.7%",
        "(5/184) ÷ (15/181) = 32.8%",
        "181 ÷ 45.1% = 401.33",
    ):
        assert expected in printed, expected
    for agreement in ("growth: agrees", "shares: agree", "target gap: agrees"):
        assert agreement in printed
