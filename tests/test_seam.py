"""The publishing engine (``zhili_data.publish``) imports nothing of the reports' domain: only itself and
the package's top-level modules every layer may use. What it needs of the domain comes through the
hooks the ``zhili`` command builds (``zhili_data.app.publishing_hooks``), and the notebook-runner
contract is ``zhili_data.protocol``, which both sides import."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from zhili_data import layers
from zhili_data.app import publishing_hooks

PACKAGE = Path(layers.__file__).resolve().parent
RUNNER = PACKAGE / "runner"
ALLOWED = {"exceptions", "version", "paths", "suggest", "markup", "language", "tomlfile", "protocol", "runner"}
"""What a module of the runner may import of ``zhili_data``: the top-level modules without domain, and itself."""


def package_imports(source: str) -> list[tuple[str, int]]:
    """(the top-level name under ``zhili_data`` it imports, line) of every import in ``source``, a module
    of ``zhili_data.publish``, wherever it stands (inside a function or a class too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # relative to a module of zhili_data.publish: "." is the runner, ".." the package
            anchor = ["zhili_data", "runner"][: max(0, 3 - node.level)] if node.level else []
            base = ".".join(anchor + ([node.module] if node.module else []))
            # `from zhili_data import labels` and `from .. import labels` import the module labels
            names = [f"{base}.{alias.name}" for alias in node.names] if base == "zhili_data" else [base]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "zhili_data":
                found.append((parts[1] if len(parts) > 1 else "", node.lineno))
    return found


def outside_the_seam(source: str) -> list[tuple[str, int]]:
    return [(name, line) for name, line in package_imports(source) if name not in ALLOWED]


RUNNER_MODULES = sorted(RUNNER.glob("*.py"))


@pytest.mark.parametrize("path", RUNNER_MODULES, ids=lambda p: p.name)
def test_the_runner_imports_nothing_of_the_domain(path):
    found = outside_the_seam(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name} imports the domain: {found}; give the runner what it needs through its hooks"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from zhili_data.core.catalog import get_report", [("catalog", 1)]),
        ("def f():\n    from zhili_data import labels, paths", [("labels", 2)]),
        ("import zhili_data.core.gate", [("gate", 1)]),
        ("from .. import params", [("params", 1)]),
        ("from ..validate import FiguresInvalid", [("validate", 1)]),
        ("class A:\n    def f(self):\n        import zhili_data.report.lesson as lesson", [("lesson", 3)]),
        ("from zhili_data.protocol import TABLE\nfrom . import config\nfrom zhili_data.publish import run", []),
        ("from ..exceptions import ZhiliError\nimport zhili_data.publish.warm", []),
    ],
)
def test_the_seam_check_finds_an_import_of_the_domain_wherever_it_stands(source, found):
    assert outside_the_seam(source) == found


def test_the_runner_spells_no_word_of_the_contract_itself():
    # The notebook-runner contract is zhili_data.protocol's: no runner module reads an output's
    # metadata, a table's media type or a deck's tag by a literal of its own.
    literals = re.compile(
        r"""\.get\(["']zhili["']|["']text/csv["']|["']slide-chart-|["']slides-only["']|["']notebook-only["']"""
    )
    found = [
        f"{path.name}:{number}"
        for path in RUNNER_MODULES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if literals.search(line)
    ]
    assert found == []


def test_the_hooks_reach_a_worker_process_whole():
    # A run's workers get their tasks pickled (a spawned worker too): every hook is a module's function.
    hooks = publishing_hooks()
    again = pickle.loads(pickle.dumps(hooks))
    assert again == hooks
    assert again.report(again.default_report).id == hooks.default_report
    assert again.parameter_problem("growth", {"lang": "klingon"})
    assert again.page_words("en") == hooks.page_words("en") and again.page_words("zh") != again.page_words("en")
