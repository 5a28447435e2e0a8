"""A discoverable API: the facade lists its functions, public modules say what they export, and
every exported function documents its Parameters, Returns and Examples (run as doctests)."""

import importlib
import inspect
import pydoc
import re

import pytest

import zhili_data

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
# spreadsheet, suggest, tomlfile); the remaining helpers (fonts, curated, language, layers, paths,
# schema's vocabularies) and the `zhili` command's internals (cli, runner) are not part of the API.
PUBLIC_MODULES = (
    "zhili_data.core.analysis",
    "zhili_data.report.briefing",
    "zhili_data.core.catalog",
    "zhili_data.core.cells",
    "zhili_data.report.charts",
    "zhili_data.core.checks",
    "zhili_data.core.coverage",
    "zhili_data.report.deck",
    "zhili_data.report.display",
    "zhili_data.exceptions",
    "zhili_data.report.export",
    "zhili_data.core.figure_search",
    "zhili_data.core.figures",
    "zhili_data.core.gate",
    "zhili_data.report.glossary",
    "zhili_data.report.labels",
    "zhili_data.markup",
    "zhili_data.core.numbers",
    "zhili_data.report.params",
    "zhili_data.core.periods",
    "zhili_data.report.prose",
    "zhili_data.core.readings",
    "zhili_data.core.source",
    "zhili_data.report.spreadsheet",
    "zhili_data.report.style",
    "zhili_data.suggest",
    "zhili_data.tomlfile",
    "zhili_data.core.topics",
    "zhili_data.core.validate",
)


def test_dir_of_the_package_lists_the_lazy_functions():
    listed = dir(zhili_data)
    assert set(FACADE) <= set(listed)
    assert "import_module" not in listed


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
