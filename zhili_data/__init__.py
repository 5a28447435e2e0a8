"""Figures of the Zhili town government work report (2021-08-06), each traced to its clause.

The package's front door; every name loads its module on first use:

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

The analyses (growth, shares, target gap, and one indicator across reports:
``analysis.compare_reports``) are in :mod:`zhili_data.core.analysis`; the errors every
function raises for bad input derive from :class:`zhili_data.exceptions.ZhiliError`.

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
>>> "load_figures" in dir(zhili_data)
True
"""

from importlib import import_module as _import_module

from zhili_data.report import fonts as _fonts
from zhili_data.version import __version__

# Chinese labels of any matplotlib, pandas or seaborn plot draw in the project's CJK font (as a
# fallback after the user's own families), from the moment matplotlib loads its fonts.
_fonts.install()

# Attributes load their module on first use, so that `import zhili_data` (and the `zhili`
# command's start-up) does not pay for pandas until a table is asked for.
_LAZY = {
    "DEFAULT_REPORT": "zhili_data.core.catalog",
    "get_report": "zhili_data.core.catalog",
    "list_reports": "zhili_data.core.catalog",
    "figure": "zhili_data.core.figures",
    "figures_for": "zhili_data.core.figures",
    "load_figures": "zhili_data.core.figures",
    "search": "zhili_data.core.figure_search",
    "figure_topics": "zhili_data.core.figures",
    "source_text": "zhili_data.core.source",
    "report_glossary": "zhili_data.core.terms",
}

__all__ = ["__version__", *_LAZY]


def __dir__() -> list[str]:
    # What <Tab> and dir() offer: the lazy names too, which live in their modules until first use.
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(_import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'zhili_data' has no attribute {name!r}")
