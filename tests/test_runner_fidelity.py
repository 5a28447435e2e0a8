"""A notebook runs as it would in plain papermill, or better: its kernelspec is respected, and a
failure keeps its diagnosis."""

from __future__ import annotations

import nbformat
import pytest
from runner_support import run_quietly

from zhili_data.runner.run import EXIT_BAD_INPUT, EXIT_OK


def _config(folder, name: str, kernelspec: dict | None, source: str = "print('ran')"):
    nb = nbformat.v4.new_notebook()
    if kernelspec is not None:
        nb.metadata["kernelspec"] = kernelspec
    nb.cells = [nbformat.v4.new_code_cell(source)]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    config = folder / "reports.toml"
    config.write_text(f'[[report]]\nname = "{name}"\nnotebook = "{name}.ipynb"\ntitle = "测试"\n', encoding="utf-8")
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
    config = _config(tmp_path / "notebooks", "other", kernelspec, source="msg = None")
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1)
    assert code == EXIT_BAD_INPUT, log
    assert f"the notebook is for the kernel {named}, not this run's 'python3' (python); kernels here: " in log
    assert "python3" in log.split("kernels here: ", 1)[1]
    assert not out.exists()  # nothing ran, nothing was written


def test_a_python_notebook_whose_kernelspec_has_another_name_runs_in_the_run_kernel(tmp_path):
    config = _config(tmp_path / "notebooks", "venv", {"name": "my-venv", "display_name": "venv", "language": "python"})
    code, log = run_quietly(config, tmp_path / "outputs", jobs=1)
    assert code == EXIT_OK, log
