"""Byte-reproducible publishing: the same inputs give the same bytes in every published file, and
``zhili run --check`` names a published file that is not what its inputs give now."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from runner_support import TWO_REPORTS, run_quietly, write_config

from zhili_data.app import publishing_hooks
from zhili_data.publish.check import EXIT_DIFFERENT, check
from zhili_data.publish.run import EXIT_OK, RunOptions

# What a run is allowed to change between two runs of the same inputs: its own record.
RUN_RECORDS = {"manifest.json", "history.json", "ops.html"}


def _published(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _two_forced_runs(tmp_path: Path, reports: list[dict]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    config = write_config(tmp_path / "project", reports)
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_OK, log
    first = _published(out)
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_OK, log
    return first, _published(out)


@pytest.mark.slow
def test_two_forced_runs_publish_the_same_bytes_outside_the_run_records(tmp_path):
    first, second = _two_forced_runs(tmp_path, TWO_REPORTS)
    assert set(first) == set(second)
    assert {"toy.html", "toy.ipynb", "toy-en.ipynb", "tables/toy/toy-tables.xlsx"} <= set(first)
    assert any(name.endswith(".csv") for name in first)
    differing = sorted(name for name in first if first[name] != second[name])
    assert set(differing) <= RUN_RECORDS, differing
    assert first["manifest.json"] != second["manifest.json"]  # the run's time is kept there


@pytest.mark.browser
def test_two_forced_runs_print_the_same_pdf_bytes(tmp_path):
    first, second = _two_forced_runs(tmp_path, [{"name": "toy", "formats": ["html", "pdf"]}])
    assert first["toy.pdf"].startswith(b"%PDF") and first["toy.pdf"] == second["toy.pdf"]


@pytest.mark.slow
def test_an_executed_notebook_keeps_no_run_time_and_its_parameters_cell_a_fixed_id(tmp_path):
    config = write_config(tmp_path / "project", TWO_REPORTS[1:])
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_OK, log
    nb = nbformat.read(out / "toy-en.ipynb", as_version=4)
    injected = [cell for cell in nb.cells if "injected-parameters" in cell.metadata.get("tags", [])]
    assert [cell.id for cell in injected] == ["injected-parameters"]
    text = (out / "toy-en.ipynb").read_text(encoding="utf-8")
    for key in ("start_time", "end_time", "duration", "iopub.status.busy", "shell.execute_reply"):
        assert key not in text, key
    assert nb.metadata.papermill.output_path == "toy-en.ipynb"  # not the run's own staging folder
    page = (out / "toy-en.html").read_text(encoding="utf-8")
    run_at = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["generated"]
    assert run_at[:10] not in page  # the run's date is in the manifest and on the ops page, not in the report


@pytest.mark.slow
def test_check_finds_nothing_after_a_run_and_names_a_file_changed_by_hand(tmp_path):
    config = write_config(tmp_path / "project", TWO_REPORTS)
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_OK, log
    before = _published(out)
    options = RunOptions(config=config, out=out, hooks=publishing_hooks(), jobs=1)
    code, log = _check_quietly(options)
    assert code == EXIT_OK, log
    assert "every published file is what its inputs give now" in log
    assert _published(out) == before  # a check publishes nothing

    page = out / "toy.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    table = next((out / "tables" / "toy").glob("*.csv"))
    table.write_bytes(table.read_bytes() + b"\n")
    code, log = _check_quietly(options)
    assert code == EXIT_DIFFERENT, log
    assert "check: toy.html: its bytes differ" in log
    assert f"check: tables/toy/{table.name}: its bytes differ" in log
    assert "toy-en.html" not in [line.split(": ")[1] for line in log.splitlines() if "check: " in line]


def _check_quietly(options: RunOptions) -> tuple[int, str]:
    import io

    from zhili_data.publish.progress import Progress

    log = io.StringIO()
    code = check(options, progress=Progress(stream=log, bar=False))
    return code, log.getvalue()


def test_printed_text_split_across_messages_and_the_run_s_folders_leave_no_trace():
    from zhili_data.publish.execute import without_run_details

    nb = nbformat.v4.new_notebook()
    streams = [nbformat.v4.new_output("stream", name="stdout", text=part) for part in ("a\n", "b\n")]
    streams.append(nbformat.v4.new_output("stream", name="stderr", text="warn\n"))
    nb.cells = [nbformat.v4.new_code_cell("print('a'); print('b')", outputs=streams)]
    nb.metadata["papermill"] = {
        "input_path": "/work/.outputs.private-1/lesson.student.ipynb",
        "output_path": "/x/y.ipynb",
    }
    nb = without_run_details(nb)
    assert [(o.name, o.text) for o in nb.cells[0].outputs] == [("stdout", "a\nb\n"), ("stderr", "warn\n")]
    assert dict(nb.metadata["papermill"]) == {"input_path": "lesson.student.ipynb", "output_path": "y.ipynb"}


@pytest.mark.slow
@pytest.mark.browser
def test_two_forced_runs_of_the_project_publish_the_same_bytes(tmp_path):
    # The project's own reports: decks, handouts with links to other pages, the lesson's student version.
    import subprocess
    import sys

    zhili = Path(sys.executable).with_name("zhili")
    out = tmp_path / "outputs"
    published = []
    for _ in range(2):
        result = subprocess.run(
            [str(zhili), "run", "--force", "--out", str(out)], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        assert result.returncode == EXIT_OK, result.stderr[-3000:]
        published.append(_published(out))
    first, second = published
    assert {"overview.pdf", "overview-slides.html", "lesson.pdf", "lesson-student.ipynb"} <= set(first)
    differing = sorted(name for name in first if first[name] != second[name])
    assert set(differing) <= RUN_RECORDS, differing
    assert b"file:" not in first["lesson.pdf"]  # paper links to no other file (nor to the run's own folder)
