"""The package's layers: a module imports from its own layer and the layers below it, never above,
and no chain of imports leads back to where it started (tests/test_layers.py holds every module,
and every import inside a function too, to both rules).

From the bottom up:

``base``
    What every other module may use: exceptions, the version, suggestions, markup and language
    helpers, project paths, periods, the schema of the figures, reading printed numbers and
    units, the catalogue of reports, argument checks, fonts.
``curation``
    The curated data and its checks: reading the curated CSV files and the source, topics,
    readings, the report's terms, coverage, the draft of a new report, validation, the data gate,
    the loaded figures, search, spreadsheets and the glossary of columns.
``analysis``
    What follows from the figures (growth, shares, the gap to the targets): pure pandas and
    language-neutral, caveats as codes and sources as columns, never words.
``report``
    Words and pictures for a reader, in Chinese or English: labels, the house style, tables,
    prose, the briefing, the lesson's exercises and checks, charts, the notebooks' parameter contract, the export (the workbook
    words its caveats).
``app``
    The front doors: the lazy facade (``import zhili_data``), the ``zhili`` command and the report
    runner (``zhili run``).
"""

from __future__ import annotations

from zhili_data.exceptions import ZhiliError


class UnplacedModuleError(ZhiliError, KeyError):
    """A module that is not the package's, or that no layer lists."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


LAYERS: dict[str, tuple[str, ...]] = {
    "base": (
        "exceptions",
        "version",
        "suggest",
        "markup",
        "language",
        "paths",
        "tomlfile",
        "cells",
        "periods",
        "schema",
        "numbers",
        "catalog",
        "checks",
        "fonts",
        "layers",
    ),
    "curation": (
        "curated",
        "source",
        "topics",
        "readings",
        "terms",
        "coverage",
        "draft",
        "validate",
        "gate",
        "figures",
        "figure_search",
        "spreadsheet",
        "glossary",
    ),
    "analysis": ("analysis", "claims"),
    "report": (
        "messages",
        "labels",
        "style",
        "display",
        "prose",
        "briefing",
        "deck",
        "lesson",
        "charts",
        "params",
        "export",
    ),
    "app": ("", "cli", "runner"),
}
"""Layer -> the modules of ``zhili_data`` in it, bottom layer first (``""`` is the package itself,
the lazy facade; ``analysis`` and ``runner`` stand for every module of the subpackages
``zhili_data.core.analysis`` and ``zhili_data.publish``)."""

ORDER = tuple(LAYERS)


def layer_of(module: str) -> str:
    """The layer of a module of the package, by its dotted name.

    ``zhili_data.core.analysis`` -> ``analysis``; ``zhili_data.publish.run`` -> ``app``; a module that
    no layer lists raises :class:`UnplacedModuleError` (a ``KeyError``), so a new module has to be placed.
    """
    parts = module.split(".")
    if parts[0] != "zhili_data":
        raise UnplacedModuleError(f"{module} is not a module of zhili_data")
    name = parts[1] if len(parts) > 1 else ""
    for layer, members in LAYERS.items():
        if name in members:
            return layer
    raise UnplacedModuleError(f"{module} has no layer: add it to zhili_data.layers.LAYERS")


def rank(module: str) -> int:
    """Position of the module's layer, from 0 (``base``) up."""
    return ORDER.index(layer_of(module))
