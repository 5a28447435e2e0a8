"""Figures of the Zhili town government work report (2021-08-06), each traced to its clause.

>>> import zhili_data
>>> figures = zhili_data.load_figures()          # one row per figure, typed
>>> zhili_data.figures_for("gdp")                # one indicator in every period and measure
>>> zhili_data.search("人才")                     # figures about a word, most relevant first
>>> zhili_data.figure_topics()                   # one row per figure and topic tag, for grouping
>>> zhili_data.source_text()                     # the report, as extracted from its PDF
"""

from importlib import import_module

from zhili_data import fonts as _fonts
from zhili_data.version import __version__

# Chinese labels of any matplotlib, pandas or seaborn plot draw in the project's CJK font (as a
# fallback after the user's own families), from the moment matplotlib loads its fonts.
_fonts.install()

# Attributes load their module on first use, so that `import zhili_data` (and the `zhili`
# command's start-up) does not pay for pandas until a table is asked for.
_LAZY = {
    "DEFAULT_REPORT": "zhili_data.catalog",
    "get_report": "zhili_data.catalog",
    "list_reports": "zhili_data.catalog",
    "figure": "zhili_data.figures",
    "figures_for": "zhili_data.figures",
    "load_figures": "zhili_data.figures",
    "search": "zhili_data.figure_search",
    "figure_topics": "zhili_data.figures",
    "source_text": "zhili_data.source",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'zhili_data' has no attribute {name!r}")
