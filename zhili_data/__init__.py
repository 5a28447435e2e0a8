"""Figures of the Zhili town government work report (2021-08-06), each traced to its clause.

The package's front door; every name loads its module on first use, so ``import zhili_data`` is
cheap (no pandas, no matplotlib until a table or a chart is asked for):

load_figures(report)
    Every figure of a report (default: of every report of the catalogue, told apart by
    ``report_id``), one row each, typed (value, unit, period, basis, measure, hedge, quote, page,
    section).
figures_for(indicator_id, report)
    The rows of one indicator in every period and measure.
figure(figure_id, report)
    One figure by its id.
search(text, figures, report, fields, min_score, topics, nearby)
    The figures that match ``text`` (words, ``A OR B``), those about it first, with score and
    what matched where.
figure_topics(figures, report)
    One row per figure and topic tag, for grouping.
source_text(report)
    The report's text as extracted from its PDF.
report_glossary(report)
    The report's terms (时间进度, 规上, 含续建…) in Chinese and English, defined, each with an example.
list_reports()
    The ids of the catalogued reports.
get_report(report)
    One report's catalogue entry: its folder, files and title.
DEFAULT_REPORT
    The report every function but ``load_figures`` reads unless told otherwise.

The public modules are attributes too, each loaded on first use (``zhili_data.core.analysis``,
``from zhili_data import analysis, charts``): the analyses (growth, shares, target gap, and one
indicator across reports: ``analysis.compare_reports``) are in :mod:`zhili_data.core.analysis`, the
house style of charts in :mod:`zhili_data.report.style`, the reports' charts in :mod:`zhili_data.report.charts`,
the vocabularies of the figures in :mod:`zhili_data.core.schema`; ``dir(zhili_data)`` lists them all.
The errors every function raises for bad input derive from
:class:`zhili_data.exceptions.ZhiliError`.

Importing the package does one thing besides defining names: it calls
:func:`zhili_data.report.fonts.install`, so that Chinese in any plot of the session (the user's own
pandas, seaborn or matplotlib plots, not only the project's charts) draws in the project's CJK font
instead of empty boxes. It does not load matplotlib: it waits for matplotlib to load its fonts and
then appends the font to ``rcParams["font.family"]`` as a fallback; ``zhili_data.report.fonts.uninstall()``
stops the wait.

Examples
--------
>>> import zhili_data
>>> zhili_data.list_reports()
('zhili-2021-midyear',)
>>> zhili_data.figures_for("gdp")[["figure_id", "period", "measure", "value", "unit"]]
                  figure_id  period measure  value unit
1         gdp_2021h1_actual  2021H1   level  181.0   亿元
2  gdp_2021h1_actual_growth  2021H1  growth   17.5    %
3   gdp_2021h1_actual_share  2021H1   share   45.1    %
>>> "load_figures" in dir(zhili_data) and "analysis" in dir(zhili_data)
True
>>> zhili_data.core.analysis.growth_table(zhili_data.load_figures()).loc[0, "indicator_id"]
'gdp'
"""

from zhili_data.report import fonts
from zhili_data.version import __version__

# The package's one deliberate import-time action (see the docstring above): a plot that a
# notebook draws after `import zhili_data` must render Chinese without any further call.
fonts.install()

# The public modules, by the name they have on the package, and where each lives. Moving a module
# changes its path here, never its public name: notebooks write `from zhili_data import analysis`.
_MODULES = {
    "analysis": "zhili_data.core.analysis",
    "briefing": "zhili_data.report.briefing",
    "catalog": "zhili_data.core.catalog",
    "cells": "zhili_data.core.cells",
    "charts": "zhili_data.report.charts",
    "checks": "zhili_data.core.checks",
    "claims": "zhili_data.core.claims",
    "coverage": "zhili_data.core.coverage",
    "deck": "zhili_data.report.deck",
    "display": "zhili_data.report.display",
    "draft": "zhili_data.core.draft",
    "exceptions": "zhili_data.exceptions",
    "export": "zhili_data.report.export",
    "figure_search": "zhili_data.core.figure_search",
    "figures": "zhili_data.core.figures",
    "fonts": "zhili_data.report.fonts",
    "gate": "zhili_data.core.gate",
    "glossary": "zhili_data.report.glossary",
    "labels": "zhili_data.report.labels",
    "lesson": "zhili_data.report.lesson",
    "markup": "zhili_data.markup",
    "numbers": "zhili_data.core.numbers",
    "params": "zhili_data.report.params",
    "periods": "zhili_data.core.periods",
    "prose": "zhili_data.report.prose",
    "readings": "zhili_data.core.readings",
    "schema": "zhili_data.core.schema",
    "source": "zhili_data.core.source",
    "spreadsheet": "zhili_data.report.spreadsheet",
    "style": "zhili_data.report.style",
    "suggest": "zhili_data.suggest",
    "terms": "zhili_data.core.terms",
    "tomlfile": "zhili_data.tomlfile",
    "topics": "zhili_data.core.topics",
    "validate": "zhili_data.core.validate",
}

# The functions of the front door, and the public module (a key of _MODULES) each comes from.
_FUNCTIONS = {
    "DEFAULT_REPORT": "catalog",
    "get_report": "catalog",
    "list_reports": "catalog",
    "figure": "figures",
    "figures_for": "figures",
    "load_figures": "figures",
    "figure_topics": "figures",
    "search": "figure_search",
    "source_text": "source",
    "report_glossary": "terms",
}

# `from zhili_data import *` gives the functions; the modules are imported by name.
__all__ = ["__version__", *_FUNCTIONS]


def __dir__() -> list[str]:
    # What dir() and <Tab> offer: the public functions and modules, whether loaded yet or not, and
    # never a private name nor a module that only got here by being imported by another.
    dunders = {name for name in globals() if name.startswith("__") and name.endswith("__")}
    return sorted({*dunders, *__all__, *_MODULES})


def __getattr__(name: str):
    if name in _MODULES:
        import importlib

        module = importlib.import_module(_MODULES[name])
        globals()[name] = module  # later look-ups are plain attribute reads
        return module
    if name in _FUNCTIONS:
        # Looked up anew each time (not cached here): a function patched in its module is the one called.
        return getattr(__getattr__(_FUNCTIONS[name]), name)
    raise AttributeError(f"module 'zhili_data' has no attribute {name!r}")
