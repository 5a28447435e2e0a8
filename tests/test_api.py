"""A discoverable API: the facade lists its functions and public modules and nothing private, public
modules say what they export, and every exported function documents its Parameters, Returns and
Examples (run as doctests)."""

import importlib
import inspect
import json
import pydoc
import re
import subprocess
import sys
from pathlib import Path

import pytest

import zhili_data

ROOT = Path(__file__).resolve().parents[1]

FACADE = (
    "load_figures",
    "figures_for",
    "figure",
    "search",
    "figure_topics",
    "source_text",
    "list_reports",
    "get_report",
)

# The modules a notebook or an analyst imports from, and the helpers they lend (gate, markup,
# spreadsheet, suggest, tomlfile); the remaining helpers (curated, language, layers, paths, messages,
# version) and the `zhili` command's internals (cli, runner) are not part of the API.
PUBLIC_MODULES = (
    "zhili_data.core.analysis",
    "zhili_data.report.briefing",
    "zhili_data.core.catalog",
    "zhili_data.core.cells",
    "zhili_data.report.charts",
    "zhili_data.core.checks",
    "zhili_data.core.claims",
    "zhili_data.core.coverage",
    "zhili_data.report.deck",
    "zhili_data.report.display",
    "zhili_data.core.draft",
    "zhili_data.exceptions",
    "zhili_data.report.export",
    "zhili_data.core.figure_search",
    "zhili_data.core.figures",
    "zhili_data.report.fonts",
    "zhili_data.core.gate",
    "zhili_data.report.glossary",
    "zhili_data.report.labels",
    "zhili_data.report.lesson",
    "zhili_data.markup",
    "zhili_data.core.numbers",
    "zhili_data.report.params",
    "zhili_data.core.periods",
    "zhili_data.report.prose",
    "zhili_data.core.readings",
    "zhili_data.core.schema",
    "zhili_data.core.source",
    "zhili_data.report.spreadsheet",
    "zhili_data.report.style",
    "zhili_data.suggest",
    "zhili_data.core.terms",
    "zhili_data.tomlfile",
    "zhili_data.core.topics",
    "zhili_data.core.validate",
)

# Each public module by the name it has on the package (zhili_data.core.analysis), wherever its file lives.
PUBLIC_NAMES = {module_name.rsplit(".", 1)[1]: module_name for module_name in PUBLIC_MODULES}

# What a fresh interpreter sees of the package: after `import zhili_data` alone, and again after
# load_figures() has imported the internal modules it needs.
FRONT_DOOR_PROBE = """
import json, sys
import zhili_data
heavy = sorted(name for name in ("pandas", "numpy", "matplotlib", "seaborn", "IPython") if name in sys.modules)
before = dir(zhili_data)
zhili_data.load_figures()
after = dir(zhili_data)
print(json.dumps({"heavy": heavy, "before": before, "after": after}))
"""


def _documented_names() -> set[str]:
    """What the README calls on the package: ``zhili_data.NAME`` and ``from zhili_data import A, B``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"\bzhili_data\.(\w+)", text))
    for listed in re.findall(r"^from zhili_data import ([\w, ]+)$", text, re.MULTILINE):
        names.update(name.strip() for name in listed.split(","))
    return names


@pytest.fixture(scope="module")
def front_door() -> dict:
    result = subprocess.run([sys.executable, "-c", FRONT_DOOR_PROBE], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_readme_names_modules_and_functions_of_the_package():
    names = _documented_names()
    assert {"style", "analysis", "charts", "schema", "fonts", "load_figures", "search"} <= names
    assert "runner" not in names


def test_every_name_the_readme_uses_resolves_after_import_zhili_data():
    # Through the package's own lazy look-up: a module that another test imported already is an
    # attribute by then, which must not hide a name the look-up misses.
    missing = []
    for name in sorted(_documented_names()):
        if name.startswith("__"):  # __version__: a plain attribute
            if not hasattr(zhili_data, name):
                missing.append(name)
            continue
        try:
            zhili_data.__getattr__(name)
        except AttributeError:
            missing.append(name)
    assert missing == []


def test_import_zhili_data_loads_neither_pandas_nor_matplotlib(front_door):
    assert front_door["heavy"] == []


def test_dir_of_the_package_offers_the_public_api_and_nothing_private(front_door):
    listed = set(front_door["before"])
    assert set(FACADE) <= listed
    assert PUBLIC_NAMES.keys() <= listed
    private = [name for name in listed if name.startswith("_") and not (name.startswith("__") and name.endswith("__"))]
    assert private == []
    assert "import_module" not in listed
    assert "__version__" in listed


def test_loading_figures_adds_no_internal_module_to_dir(front_door):
    # load_figures() imports curated, paths, tomlfile…: none of them becomes part of what dir() offers.
    assert front_door["after"] == front_door["before"]


def test_the_package_offers_exactly_the_public_modules():
    offered = {name for name in dir(zhili_data) if inspect.ismodule(getattr(zhili_data, name))}
    assert offered == PUBLIC_NAMES.keys()
    assert all(getattr(zhili_data, name) is importlib.import_module(PUBLIC_NAMES[name]) for name in offered)


def test_modules_import_by_name_from_the_package():
    from zhili_data.core import analysis, schema
    from zhili_data.report import charts, style

    assert analysis.growth_table and charts is importlib.import_module(PUBLIC_NAMES["charts"])
    assert style.use and "TOPICS" in schema.__all__


def test_an_unknown_name_is_an_attribute_error_that_names_it():
    with pytest.raises(AttributeError, match="'no_such_thing'"):
        zhili_data.no_such_thing  # noqa: B018
    assert not hasattr(zhili_data, "runner_internals")


def test_help_of_the_package_describes_each_function():
    text = pydoc.render_doc(zhili_data, renderer=pydoc.plaintext)
    for name in FACADE:
        assert re.search(rf"^    {name}\(", text, re.MULTILINE), name


def _exported(module_name):
    module = importlib.import_module(module_name)
    return module, [getattr(module, name) for name in module.__all__]


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_module_declares_what_it_exports(module_name):
    module = importlib.import_module(module_name)
    assert module.__all__, module_name
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    public_functions = {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == module_name and not name.startswith("_")
    }
    assert public_functions <= set(module.__all__), "a public function left out of __all__"


def _sections(doc: str) -> set[str]:
    return set(re.findall(r"^\s*(\w[\w ]*)\n\s*-{3,}\s*$", doc, re.MULTILINE))


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_exported_function_has_parameters_returns_and_examples(module_name):
    module, exported = _exported(module_name)
    lacking = {}
    for value in exported:
        if not inspect.isfunction(value):
            continue
        doc = inspect.getdoc(value) or ""
        wanted = {"Returns", "Examples"}
        if inspect.signature(value).parameters:
            wanted.add("Parameters")
        missing = wanted - _sections(doc)
        if "Examples" not in missing and ">>> " not in doc.split("Examples", 1)[1]:
            missing.add("an example to run")
        if missing:
            lacking[value.__name__] = sorted(missing)
    assert lacking == {}


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_exported_class_says_what_it_is(module_name):
    _, exported = _exported(module_name)
    undocumented = [v.__name__ for v in exported if inspect.isclass(v) and not v.__doc__]
    assert undocumented == []


def test_help_shows_the_sections():
    text = pydoc.render_doc(zhili_data.core.figures.figures_for, renderer=pydoc.plaintext)
    assert "Parameters\n" in text and "Returns\n" in text and "Examples\n" in text and ">>> " in text
