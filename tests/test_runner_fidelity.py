"""A notebook runs as it would in plain papermill, or better: its kernelspec is respected, and a
failure keeps its diagnosis."""

from __future__ import annotations

import os
import re

import nbformat
import pytest
from runner_support import run_quietly

from zhili_data.publish.run import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK

PYTHON = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _config(folder, name: str, kernelspec: dict | None, *sources: str, warm: bool = True):
    nb = nbformat.v4.new_notebook()
    if kernelspec is not None:
        nb.metadata["kernelspec"] = kernelspec
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources or ["print('ran')"]]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    config = folder / "reports.toml"
    config.write_text(
        f'[[report]]\nname = "{name}"\nnotebook = "{name}.ipynb"\ntitle = "测试"\n\n'
        f"[kernels]\nwarm = {'true' if warm else 'false'}\n",
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize(
    "kernelspec, named",
    [
        (
            {"name": "julia-0.4", "display_name": "Julia 0.4.0", "language": "julia"},
            "'julia-0.4' (Julia 0.4.0, language julia)",
        ),
        ({"name": "ir", "display_name": "R", "language": "R"}, "'ir' (R, language R)"),
    ],
)
def test_a_notebook_for_another_language_is_refused_before_it_runs_naming_its_kernel(tmp_path, kernelspec, named):
    config = _config(tmp_path / "notebooks", "other", kernelspec, "msg = None")
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1)
    assert code == EXIT_BAD_INPUT, log
    assert f"the notebook is for the kernel {named}, not this run's 'python3' (python); kernels here: " in log
    assert "python3" in log.split("kernels here: ", 1)[1]
    assert not out.exists()  # nothing ran, nothing was written


@pytest.mark.slow
def test_a_python_notebook_whose_kernelspec_has_another_name_runs_in_the_run_kernel(tmp_path):
    config = _config(tmp_path / "notebooks", "venv", {"name": "my-venv", "display_name": "venv", "language": "python"})
    code, log = run_quietly(config, tmp_path / "outputs", jobs=1)
    assert code == EXIT_OK, log


def _failed_cells(out) -> list:
    return nbformat.read(out / "hang.failed.ipynb", as_version=4).cells


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False], ids=["warm", "plain"])
def test_a_timed_out_cell_keeps_the_traceback_of_the_line_it_hung_on(tmp_path, warm):
    config = _config(
        tmp_path / "notebooks", "hang", PYTHON, "print('before')", "import time\ntime.sleep(120)", warm=warm
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True, timeout=3)
    assert code == EXIT_FAILED, log
    assert ("plain kernels:" in log) != warm, log
    hung = _failed_cells(out)[1]
    errors = [o for o in hung.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["KeyboardInterrupt"], hung.outputs
    assert "----> 2 time.sleep(120)" in re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0].traceback))


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False], ids=["warm", "plain"])
def test_a_report_whose_kernel_is_killed_keeps_the_notebook_of_what_ran(tmp_path, warm):
    config = _config(
        tmp_path / "notebooks",
        "hang",
        PYTHON,
        "print('before the kill')",
        "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)",
        "print('never')",
        warm=warm,
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_FAILED, log
    assert "DeadKernelError" in log and "failed notebook:" in log, log
    first, _, last = _failed_cells(out)
    assert first.outputs[0]["text"] == "before the kill\n" and last.outputs == []


@pytest.mark.slow
def test_a_notebook_that_ran_but_fails_validation_names_the_field_and_says_the_cells_ran(tmp_path):
    config = _config(tmp_path / "notebooks", "noname", {"display_name": "Python 3", "language": "python"})
    code, log = run_quietly(config, tmp_path / "outputs", jobs=1, force=True)
    assert code == EXIT_FAILED, log
    assert (
        "NotebookValidationError: every cell ran, but the executed notebook is not valid nbformat, so its page "
        "cannot be made: metadata.kernelspec: 'name' is a required property" in log
    ), log


@pytest.mark.slow
def test_what_papermill_says_goes_into_the_run_log_with_date_and_report_name(tmp_path, capfd):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = PYTHON
    parameters = nbformat.v4.new_code_cell('rows = 3\nlabel = "a=b"')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell("print(rows)")]
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(nb, folder / "odd.ipynb")
    config = folder / "reports.toml"
    config.write_text('[[report]]\nname = "odd"\nnotebook = "odd.ipynb"\ntitle = "测试"\n', encoding="utf-8")
    code, log = run_quietly(config, tmp_path / "outputs", jobs=1, force=True)
    assert code == EXIT_OK, log
    assert re.search(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d .*zhili run: odd: papermill: Unable to parse line 2", log, re.M
    ), log
    assert "Unable to parse" not in capfd.readouterr().err  # not printed a second time, undated


def _outputs_warm_and_plain(tmp_path, *sources: str, files: dict | None = None, after_each=None) -> dict:
    """The text each code cell printed, run in a forked kernel and in a plain one; and the logs."""
    found = {}
    for warm in (True, False):
        folder = tmp_path / ("warm" if warm else "plain") / "notebooks"
        config = _config(folder, "probe", PYTHON, *sources, warm=warm)
        for name, text in (files or {}).items():
            (folder / name).write_text(text, encoding="utf-8")
        code, log = run_quietly(config, folder.parent / "outputs", jobs=1, force=True)
        if after_each is not None:
            after_each()
        assert code == EXIT_OK, log
        nb = nbformat.read(folder.parent / "outputs" / "probe.ipynb", as_version=4)
        printed = ["".join(o.get("text", "") for o in cell.outputs).strip() for cell in nb.cells]
        found["warm" if warm else "plain"] = (printed, log)
    return found


@pytest.mark.slow
def test_a_matplotlibrc_beside_the_notebook_is_honoured_in_a_forked_kernel_as_in_a_plain_one(tmp_path):
    rc = "figure.figsize: 3, 2\nfigure.facecolor: yellow\nfont.size: 7\n"
    probe = (
        "import matplotlib\nr = matplotlib.rcParams\nprint(r['figure.figsize'], r['figure.facecolor'], r['font.size'])"
    )
    found = _outputs_warm_and_plain(tmp_path, probe, files={"matplotlibrc": rc})
    assert found["warm"][0] == found["plain"][0] == ["[3.0, 2.0] yellow 7.0"], found
    assert "plain kernel" not in found["warm"][1]  # it ran forked


@pytest.mark.slow
def test_a_notebook_that_sets_mplbackend_before_import_runs_in_a_plain_kernel_and_the_log_says_why(tmp_path):
    probe = "import os\nos.environ['MPLBACKEND'] = 'agg'\nimport matplotlib\nprint(matplotlib.get_backend())"
    found = _outputs_warm_and_plain(tmp_path, probe)
    assert found["warm"][0] == found["plain"][0] == ["agg"], found
    assert "probe: plain kernel: the notebook needs a kernel of its own process: it sets MPLBACKEND" in found["warm"][1]


@pytest.mark.slow
def test_the_cjk_fallback_is_there_in_both_kinds_of_kernel_exactly_when_the_notebook_imports_the_package(tmp_path):
    probe = "import matplotlib\nprint('{family}' in matplotlib.rcParams['font.family'])"
    from zhili_data.report.fonts import FONT_FAMILY

    without = _outputs_warm_and_plain(tmp_path / "without", probe.format(family=FONT_FAMILY))
    assert without["warm"][0] == without["plain"][0] == ["False"], without
    with_package = _outputs_warm_and_plain(
        tmp_path / "with", "import zhili_data.report.charts", probe.format(family=FONT_FAMILY)
    )
    assert with_package["warm"][0] == with_package["plain"][0] == ["", "True"], with_package


@pytest.mark.slow
def test_a_kernel_never_sees_what_the_run_itself_set_in_its_environment(tmp_path, monkeypatch):
    """pandera sets SPARK_LOCAL_IP and PYARROW_IGNORE_TIMEZONE in the run's process when it validates
    the data (only with a cold validation cache): no kernel may inherit them."""
    from zhili_data.publish import run as run_module

    check_data = run_module._check_data

    def sets_a_variable(*args, **kwargs):
        os.environ["ZHILI_SET_BY_THE_RUN"] = "1"
        return check_data(*args, **kwargs)

    monkeypatch.delenv("ZHILI_SET_BY_THE_RUN", raising=False)
    monkeypatch.setattr(run_module, "_check_data", sets_a_variable)
    found = _outputs_warm_and_plain(
        tmp_path,
        "import os\nprint(os.environ.get('ZHILI_SET_BY_THE_RUN'))",
        after_each=lambda: os.environ.pop("ZHILI_SET_BY_THE_RUN"),  # each run sets it anew
    )
    assert found["warm"][0] == found["plain"][0] == ["None"], found
