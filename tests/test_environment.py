"""The environment is pinned once and repeated faithfully: pyproject.toml, requirements.lock, environment.yml;
and every third-party module imported anywhere is declared, the core's in the core dependencies."""

import ast
import functools
import hashlib
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from zhili_data.core.catalog import get_report, list_reports

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
NAME = canonicalize_name(PROJECT["name"])
EXTRAS = PROJECT["optional-dependencies"]

# The core: the figures, the catalogue, the checks and the analyses, with the package's top-level
# helpers. They need only the core dependencies, whatever else is installed.
CORE_MODULES = (
    "__init__",
    "analysis",
    "catalog",
    "cells",
    "checks",
    "claims",
    "coverage",
    "curated",
    "draft",
    "exceptions",
    "figure_search",
    "figures",
    "gate",
    "language",
    "markup",
    "numbers",
    "paths",
    "periods",
    "readings",
    "schema",
    "source",
    "suggest",
    "terms",
    "tomlfile",
    "topics",
    "validate",
    "version",
)


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == NAME:
            continue  # an extra that brings other extras of the project (zhili-data[report])
        (spec,) = requirement.specifier  # exactly one ==pin, nothing looser
        assert spec.operator == "==", f"{line!r} is not an exact pin"
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _pyproject_pins() -> dict[str, str]:
    return _pins(PROJECT["dependencies"] + [line for group in EXTRAS.values() for line in group])


@functools.cache
def _group_pins(group: str) -> frozenset[str]:
    """The distributions a group installs, with the groups it brings (``zhili-data[report]``)."""
    lines = PROJECT["dependencies"] if group == "core" else EXTRAS[group]
    names = set(_pins(lines))
    for line in lines:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == NAME:
            for extra in requirement.extras:
                names |= _group_pins(extra)
    return frozenset(names | (set(_pins(PROJECT["dependencies"])) if group != "core" else set()))


def _imports(path: Path) -> set[str]:
    """The top-level names a Python file or a notebook's code cells import (absolute imports only)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        # IPython's magics and shell escapes are no Python.
        text = "\n".join(line for s in sources for line in s.splitlines() if not line.lstrip().startswith(("%", "!")))
    else:
        text = path.read_text(encoding="utf-8")
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _third_party(path: Path) -> set[str]:
    local = {p.stem for p in path.parent.glob("*.py")} | {"zhili_data", "conftest"}
    return {name for name in _imports(path) if name not in sys.stdlib_module_names and name not in local}


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    return packages_distributions()  # reads every installed distribution's file list: once


def _distributions(import_names) -> dict[str, set[str]]:
    """Each imported name with the distributions that provide it (yaml -> pyyaml, PIL -> pillow)."""
    provided = _packages_distributions()
    return {name: {canonicalize_name(d) for d in provided.get(name, [name])} for name in import_names}


def _core_files() -> list[Path]:
    package = ROOT / "zhili_data"
    files = []
    for name in CORE_MODULES:
        found = [p for p in package.rglob(f"{name}.py") if not {"runner", "publish", "report"} & set(p.parts)]
        found += [p for folder in package.rglob(name) if folder.is_dir() for p in folder.rglob("*.py")]
        if name == "__init__":
            found = [package / "__init__.py"]
        assert found, f"core module {name} not found"
        files += found
    return files


def _lock_pins() -> dict[str, str]:
    lines = [
        line for line in (ROOT / "requirements.lock").read_text().splitlines() if line and not line.startswith("#")
    ]
    return _pins(lines)


def test_environment_yml_repeats_pyproject_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == _pyproject_pins()
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python=3.11"


def test_lock_pins_every_direct_dependency_at_the_same_version():
    lock = _lock_pins()
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject pins {version}, requirements.lock has {lock.get(name)}"


def test_every_extra_names_only_groups_that_exist_and_all_brings_every_layer():
    assert {"report", "publish", "lab", "all", "dev"} <= EXTRAS.keys()
    for group, lines in EXTRAS.items():
        for line in lines:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == NAME:
                assert requirement.extras <= EXTRAS.keys() - {group}, line
    assert _group_pins("all") == _group_pins("report") | _group_pins("publish") | _group_pins("lab")


def test_the_core_needs_no_plotting_no_notebooks_and_no_browser():
    core = _group_pins("core")
    assert {"pandas", "numpy"} <= core
    heavy = {"matplotlib", "seaborn", "jupyterlab", "playwright", "sphinx-revealjs", "papermill", "nbconvert"}
    assert core & heavy == set()
    assert heavy <= _group_pins("all")


def test_the_core_modules_import_only_the_core_dependencies():
    wanted = {}
    for path in _core_files():
        for name, distributions in _distributions(_third_party(path)).items():
            if not distributions & _group_pins("core"):
                wanted.setdefault(name, []).append(path.relative_to(ROOT).as_posix())
    assert wanted == {}, "a core module imports what only an extra installs"


@pytest.mark.parametrize(
    ("folder", "group"),
    [("zhili_data", "all"), ("tests", "dev"), ("benchmarks", "dev"), ("docs", "dev"), ("notebooks", "report")],
)
def test_every_third_party_import_is_declared(folder, group):
    declared = _group_pins(group) | (_group_pins("all") if group == "dev" else set())
    files = [*(ROOT / folder).rglob("*.py"), *(ROOT / folder).rglob("*.ipynb")]
    files = [p for p in files if ".ipynb_checkpoints" not in p.parts]
    assert files
    undeclared = {}
    for path in files:
        for name, distributions in _distributions(_third_party(path)).items():
            if not distributions & declared:
                undeclared.setdefault(name, []).append(path.relative_to(ROOT).as_posix())
    assert undeclared == {}


def test_lock_has_build_tools_for_the_offline_editable_install():
    lock = _lock_pins()
    assert {"pip", "setuptools", "wheel"} <= lock.keys()


def test_raw_source_copies_are_byte_identical_to_the_recorded_hash():
    for report_id in list_reports():
        report = get_report(report_id)
        report.verify_source()
        raw = ROOT / "data" / "raw" / report.source_file
        assert hashlib.sha256(raw.read_bytes()).hexdigest() == report.source_sha256, raw


def test_the_source_is_the_original_byte_for_byte():
    # The shipped copy must be the report as extracted from its PDF: its sha256 is recorded in
    # report.toml, and a checkout beside ../shared (the project's workspace) also compares the bytes
    # with the original there. A clone elsewhere (CI's temporary folder) has only the hash.
    shared = ROOT.parent / "shared" / "source"
    compared = []
    for report_id in list_reports():
        report = get_report(report_id)
        raw = ROOT / "data" / "raw" / report.source_file
        assert hashlib.sha256(raw.read_bytes()).hexdigest() == report.source_sha256, raw
        original = shared / report.source_file
        if original.exists():
            assert original.read_bytes() == raw.read_bytes(), original
        compared.append(report_id)
    assert "zhili-2021-midyear" in compared, "the shipped report is not in the catalogue"


def test_ci_runs_make_test():
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)
