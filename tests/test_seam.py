"""The seam between the publishing engine (``zhili_data.publish``) and the reports' domain: what it needs
of the domain comes through the hooks the ``zhili`` command builds (``zhili_data.app.publishing_hooks``),
and the notebook-runner contract is ``zhili_data.protocol``, which both sides import. (That the engine
imports nothing of the core or the report layer is tests/test_layers.py's.)"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from zhili_data import layers
from zhili_data.app import publishing_hooks

PACKAGE = Path(layers.__file__).resolve().parent
RUNNER = PACKAGE / "publish"
RUNNER_MODULES = sorted(RUNNER.glob("*.py"))


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
