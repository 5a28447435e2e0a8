"""One family of errors: everything the package raises on purpose is a ZhiliError, and the
``zhili`` command tells such a usage error (a message, exit 2) from a bug (a traceback)."""

import ast
import builtins
import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import zhili_data
from zhili_data import cli
from zhili_data.exceptions import ParameterError, ZhiliError


def _modules():
    names = [info.name for info in pkgutil.walk_packages(zhili_data.__path__, "zhili_data.")]
    return [importlib.import_module(name) for name in names if not name.endswith("__main__")]


def _exception_classes():
    found = []
    for module in _modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, Exception):
                found.append(cls)
    return found


def test_the_walk_finds_the_package_exceptions():
    names = {cls.__qualname__ for cls in _exception_classes()}
    # Guards the walk itself: a walk that found nothing would pass the test below.
    assert {"ConfigError", "ManifestError", "DataError", "PublishError", "UnsafeOutputError"} <= names
    assert {"RunLockedError", "WarmUnavailable", "FigureTextError", "UnknownUnitError", "ParameterError"} <= names
    assert len(names) >= 20


def test_every_exception_class_of_the_package_is_a_zhili_error():
    outside = [
        f"{cls.__module__}.{cls.__qualname__}" for cls in _exception_classes() if not issubclass(cls, ZhiliError)
    ]
    assert outside == []


def test_one_parameter_error_for_the_notebooks_and_the_runner():
    from zhili_data.publish import inspection, run
    from zhili_data.report import params

    assert params.ParameterError is inspection.ParameterError is run.ParameterError is ParameterError


@pytest.mark.parametrize(
    ("module", "name", "builtin"),
    [
        ("zhili_data.publish.config", "ConfigError", ValueError),
        ("zhili_data.publish.publish", "PublishError", OSError),
        ("zhili_data.publish.publish", "UnsafeOutputError", ValueError),
        ("zhili_data.publish.lock", "RunLockedError", RuntimeError),
        ("zhili_data.core.figures", "FigureNotFoundError", KeyError),
        ("zhili_data.core.catalog", "UnknownReportError", KeyError),
        ("zhili_data.core.numbers", "UnknownUnitError", ValueError),
        ("zhili_data.exceptions", "ParameterError", ValueError),
    ],
)
def test_the_builtin_a_caller_catches_is_kept(module, name, builtin):
    assert issubclass(getattr(importlib.import_module(module), name), builtin)


def test_parameter_error_words_a_value_or_carries_a_whole_message():
    error = ParameterError("lang", "de", "one of 'zh', 'en'", "did you mean 'zh'?")
    assert (error.name, error.value) == ("lang", "de")
    assert str(error) == "lang='de' is not allowed; lang must be one of 'zh', 'en'; did you mean 'zh'?"
    assert str(ParameterError("--param x: no such parameter")) == "--param x: no such parameter"


def test_a_usage_error_is_a_message_and_exit_2(capsys):
    assert cli.main(["show", "--report", "zhili-1999", "gdp"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("zhili show: unknown report 'zhili-1999'")
    assert "Traceback" not in err


def test_a_bug_in_a_command_is_not_dressed_as_a_usage_error(monkeypatch):
    def buggy(args):
        return {}["missing key"]  # a plain KeyError: a bug, not bad input

    monkeypatch.setattr(cli, "cmd_export", buggy)
    with pytest.raises(KeyError, match="missing key"):
        cli.main(["export"])


def test_a_bug_shows_its_traceback_and_does_not_exit_2(tmp_path):
    script = (
        "import sys\n"
        "from zhili_data import cli\n"
        "def buggy(args):\n"
        "    return {}['missing key']\n"
        "cli.cmd_show = buggy\n"
        "sys.exit(cli.main(['show', 'gdp']))\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode not in (0, 2)
    assert "Traceback (most recent call last)" in result.stderr
    assert "KeyError: 'missing key'" in result.stderr


def test_export_to_a_folder_that_cannot_be_made_is_a_usage_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert cli.main(["export", "--out", str(blocker / "processed")]) == 2
    err = capsys.readouterr().err
    assert f"{blocker / 'processed'}: cannot make the export folder" in err


BUILTIN_ERRORS = {name for name in dir(builtins) if isinstance(getattr(builtins, name), type)}
BUILTIN_ERRORS = {n for n in BUILTIN_ERRORS if issubclass(getattr(builtins, n), Exception)}


def _raised_builtins(path):
    """(line, name) of each ``raise Builtin(...)`` / ``raise Builtin`` in a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # A module's __getattr__ answers a missing name with AttributeError: Python's protocol, not an error of ours.
    protocol = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None and id(node) not in protocol:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id in BUILTIN_ERRORS:
                found.append((node.lineno, target.id))
    return found


def test_the_package_raises_no_bare_builtin_error():
    # A bare ValueError from the package could be a bug or bad input; the family says which.
    package = Path(zhili_data.__file__).parent
    raised = {
        f"{path.relative_to(package)}:{line} {name}"
        for path in sorted(package.rglob("*.py"))
        for line, name in _raised_builtins(path)
    }
    assert raised == set()


def test_the_raise_scan_finds_a_builtin(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(
        "def f():\n    raise ValueError('x')\n\ndef g():\n    raise OSError\n\n"
        "def __getattr__(name):\n    raise AttributeError(name)\n",
        encoding="utf-8",
    )
    assert _raised_builtins(path) == [(2, "ValueError"), (5, "OSError")]
