"""Imports go one way: no module imports from a part it may not use (zhili_data.layers: publishing
never the core or the report layer, the core never the report layer or publishing), and no chain of
imports comes back to where it started. Every import statement counts, those inside
functions too: an import deferred to dodge a cycle is still a cycle. A deferred import is allowed
only for start-up speed, downward, and only where DEFERRED says so with the reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from zhili_data import layers

PACKAGE = Path(layers.__file__).resolve().parent

DEFERRED: dict[str, tuple[str, set[str]]] = {
    # importer: (why it imports late, what it may import late)
    "zhili_data.cli": (
        "`zhili --help` and each subcommand start without loading what the others need "
        "(pandas, pandera, papermill, the runner)",
        {
            "zhili_data.app",
            "zhili_data.core.catalog",
            "zhili_data.core.coverage",
            "zhili_data.core.draft",
            "zhili_data.exceptions",
            "zhili_data.report.export",
            "zhili_data.core.figure_search",
            "zhili_data.core.figures",
            "zhili_data.publish.cli",
            "zhili_data.core.validate",
            "zhili_data.version",
        },
    ),
    "zhili_data.core.gate": (
        "the validator loads pandera (about a second of CPU); a remembered pass, the usual case, never needs it",
        {"zhili_data.core.validate"},
    ),
    "zhili_data.report.display": (
        "the house style loads matplotlib (about a second); a table is shown without it, only chart_output draws",
        {"zhili_data.report.style"},
    ),
    "zhili_data.publish.cli": (
        "`zhili run --help` and a refused command answer before the runner's machinery loads",
        {
            "zhili_data.publish.check",
            "zhili_data.publish.config",
            "zhili_data.publish.pdf",
            "zhili_data.publish.progress",
            "zhili_data.publish.run",
        },
    ),
    "zhili_data.publish.run": (
        "a run with nothing changed answers in a quarter of a second: executing, publishing, validating and "
        "the notebooks' parameter rules load only when a report runs",
        {
            "zhili_data.publish.config",
            "zhili_data.publish.execute",
            "zhili_data.publish.history",
            "zhili_data.publish.index",
            "zhili_data.publish.inspection",
            "zhili_data.publish.manifest",
            "zhili_data.publish.pdf",
            "zhili_data.publish.publish",
            "zhili_data.publish.stale",
            "zhili_data.publish.warm",
        },
    ),
    "zhili_data.publish.execute": (
        "a worker loads papermill, nbconvert and the table harvester when it runs its first report",
        {
            "zhili_data.publish.convert",
            "zhili_data.publish.forked_kernel",
            "zhili_data.publish.tables",
            "zhili_data.publish.warm",
        },
    ),
    "zhili_data.app": (
        "the `zhili` command builds the run's hooks at every start: what each hook needs (pandas, pandera, the "
        "lesson, the workbook) loads when the run asks it",
        {
            "zhili_data.core.gate",
            "zhili_data.report.glossary",
            "zhili_data.report.labels",
            "zhili_data.report.lesson",
            "zhili_data.report.params",
            "zhili_data.report.spreadsheet",
            "zhili_data.core.terms",
            "zhili_data.core.validate",
        },
    ),
    "zhili_data.publish.warm": (
        "nbconvert's templates are compiled and pandas and openpyxl loaded by the preload, not by every "
        "process that imports the module",
        {"zhili_data.publish.convert", "zhili_data.publish.tables"},
    ),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(source: str, module: str, *, is_package: bool, known: set[str]) -> list[tuple[str, bool, int]]:
    """(imported module, deferred?, line) for every import of a zhili_data module in ``source``,
    wherever it stands; relative imports are resolved against ``module``."""
    tree = ast.parse(source)
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from zhili_data.publish import config` imports the module zhili_data.publish.config
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target == "zhili_data" or target.startswith("zhili_data."):
                found.append((target, id(node) not in top_level, node.lineno))
    return found


def edges() -> list[tuple[str, str, bool, int]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in paths}
    out = []
    for path in paths:
        module = module_name(path)
        for target, deferred, line in imports(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py", known=known
        ):
            if target != module:
                out.append((module, target, deferred, line))
    return out


EDGES = edges()
MODULES = sorted({module_name(p) for p in PACKAGE.rglob("*.py")})


def cycles(pairs: set[tuple[str, str]]) -> list[list[str]]:
    """One cycle of modules per strongly connected group (Tarjan), as a path that returns to its start."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(pairs):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(set(group))

    for node in graph:
        if node not in index:
            visit(node)
    found = []
    for group in groups:
        start = min(group)
        path, seen = [start], {start}
        while True:
            nxt = min(b for b in graph[path[-1]] if b in group and (b == start or b not in seen))
            path.append(nxt)
            if nxt == start:
                break
            seen.add(nxt)
        found.append(path)
    return found


def test_every_module_has_a_part():
    unplaced = []
    for module in MODULES:
        try:
            layers.part_of(module)
        except KeyError:
            unplaced.append(module)
    assert unplaced == [], "put these modules in a folder, or list them in zhili_data.layers.BASE"


def forbidden(pairs) -> list[str]:
    """The imports of ``(importer, imported, line)`` that cross from one part into a part it may not use."""
    return [
        f"{a}:{line} ({layers.part_of(a)}) imports {b} ({layers.part_of(b)})"
        for a, b, line in pairs
        if layers.part_of(b) not in layers.ALLOWED[layers.part_of(a)]
    ]


def test_no_import_crosses_into_a_part_it_may_not_use():
    assert forbidden([(a, b, line) for a, b, _, line in EDGES]) == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("zhili_data.publish.run", "zhili_data.core.catalog"),  # publishing into the domain
        ("zhili_data.publish.slides", "zhili_data.report.deck"),
        ("zhili_data.core.analysis", "zhili_data.report.labels"),  # core into the report layer
        ("zhili_data.core.figures", "zhili_data.publish.run"),  # core into publishing
        ("zhili_data.report.prose", "zhili_data.publish.convert"),
        ("zhili_data.paths", "zhili_data.core.catalog"),  # base into a part
    ],
)
def test_an_import_across_the_seam_is_refused(importer, imported):
    assert forbidden([(importer, imported, 1)]) != []


def test_no_import_cycle_deferred_imports_included():
    assert cycles({(a, b) for a, b, _, _ in EDGES}) == []


def test_deferred_imports_are_listed_with_their_reason():
    unlisted = [
        f"{a}:{line} imports {b} inside a function"
        for a, b, deferred, line in EDGES
        if deferred and b not in DEFERRED.get(a, ("", set()))[1]
    ]
    assert unlisted == [], "import at the top, or add it to DEFERRED with the reason (start-up speed only)"


def test_the_list_of_deferred_imports_holds_no_stale_entry():
    deferred = {(a, b) for a, b, is_deferred, _ in EDGES if is_deferred}
    stale = [
        (importer, target)
        for importer, (reason, targets) in DEFERRED.items()
        if importer in MODULES  # modules that are not in the package yet keep their entries
        for target in targets
        if (importer, target) not in deferred
    ]
    assert stale == []
    assert all(reason for reason, _ in DEFERRED.values())


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from zhili_data.core import analysis", "zhili_data.report.labels", [("zhili_data.core.analysis", False, 1)]),
        (
            "def f():\n    from zhili_data.core.coverage import x\n",
            "zhili_data.core.validate",
            [("zhili_data.core.coverage", True, 2)],
        ),
        ("from . import config", "zhili_data.publish.run", [("zhili_data.publish.config", False, 1)]),
        ("from ..core import catalog", "zhili_data.publish.run", [("zhili_data.core.catalog", False, 1)]),
        ("class A:\n    import zhili_data.core.figures as f\n", "zhili_data.x", [("zhili_data.core.figures", True, 2)]),
        ("import pandas\nfrom os import path", "zhili_data.x", []),
    ],
)
def test_every_import_statement_is_found(source, module, expected):
    known = {"zhili_data.core.analysis", "zhili_data.core.catalog", "zhili_data.publish.config"}
    assert imports(source, module, is_package=False, known=known) == expected


def test_a_cycle_is_found_however_long():
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c", "a"]]
    assert cycles({("a", "b"), ("b", "c")}) == []


def row_loops(source: str) -> list[int]:
    """Lines of ``source`` that loop over a frame's rows with ``.iterrows()``."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "iterrows"
    ]


def test_the_core_works_by_joins_not_row_loops():
    loops = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted((PACKAGE / "core").rglob("*.py"))
        if (lines := row_loops(path.read_text(encoding="utf-8")))
    }
    assert loops == {}, "merge or vectorise instead of DataFrame.iterrows() in the core"


def test_a_row_loop_is_found():
    assert row_loops("for _, r in frame.iterrows():\n    pass\nx = [r for _, r in t.head(2).iterrows()]") == [1, 3]
