"""The package's parts, one folder each, and which part may import which (tests/test_layers.py
holds every module, and every import inside a function too, to these rules, and finds no cycle).

``base``
    The top-level modules every part may use, none of them about the report: exceptions, the
    version, project paths, suggestions, markup and script helpers, reading TOML, and the
    notebook–runner contract (:mod:`zhili_data.protocol`).
``core`` (``zhili_data/core/``)
    The figures, the catalogue of reports, their checks and the analysis (growth, shares,
    targets, claims): pure pandas, language-neutral, caveats as codes, never words.
``report`` (``zhili_data/report/``)
    Words (the message catalogues), labels, tables, charts, the briefing, the deck and the
    lesson for a reader in Chinese or English; it builds on the core.
``publish`` (``zhili_data/publish/``)
    The notebook runner (``zhili run``): plan, execute, warm kernels, convert, PDF, slides,
    publish, manifest, index. It imports nothing of the core or the report: what it needs of the
    domain comes through :class:`zhili_data.publish.hooks.Hooks`, built by the ``zhili`` command.
``app``
    The front doors, which may import every part: the lazy facade (``import zhili_data``) and the
    ``zhili`` command.
"""

from __future__ import annotations

from zhili_data.exceptions import ZhiliError

__all__ = ["ALLOWED", "APP", "BASE", "FOLDERS", "UnplacedModuleError", "part_of"]


class UnplacedModuleError(ZhiliError, KeyError):
    """A module that is not the package's, or a top-level module no part lists."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


FOLDERS = ("core", "report", "publish")
"""The parts that are a folder (a subpackage) each: every module in it belongs to it."""

BASE = ("exceptions", "version", "paths", "suggest", "markup", "language", "tomlfile", "protocol", "layers")
"""The top-level modules every part may import."""

APP = ("", "cli", "app")
"""The front doors (``""`` is the package itself, the lazy facade)."""

ALLOWED: dict[str, frozenset[str]] = {
    "base": frozenset({"base"}),
    "core": frozenset({"base", "core"}),
    "report": frozenset({"base", "core", "report"}),
    "publish": frozenset({"base", "publish"}),
    "app": frozenset({"base", "core", "report", "publish", "app"}),
}
"""Part -> the parts its modules may import."""


def part_of(module: str) -> str:
    """The part of a module of the package, by its dotted name.

    Examples
    --------
    >>> part_of("zhili_data.core.analysis"), part_of("zhili_data.publish.run"), part_of("zhili_data.paths")
    ('core', 'publish', 'base')
    >>> part_of("zhili_data.plots")
    Traceback (most recent call last):
    ...
    zhili_data.layers.UnplacedModuleError: zhili_data.plots has no part: put it in a folder, or list it in zhili_data.layers.BASE
    """
    parts = module.split(".")
    if parts[0] != "zhili_data":
        raise UnplacedModuleError(f"{module} is not a module of zhili_data")
    name = parts[1] if len(parts) > 1 else ""
    if name in FOLDERS:
        return name
    if name in APP:
        return "app"
    if name in BASE and len(parts) == 2:
        return "base"
    raise UnplacedModuleError(f"{module} has no part: put it in a folder, or list it in zhili_data.layers.BASE")
