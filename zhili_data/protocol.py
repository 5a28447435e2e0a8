"""The contract between a report notebook and ``zhili run``: the names both sides spell.

A notebook tells the runner what to publish through its outputs and its cells: the metadata of an
output (under :data:`METADATA_KEY`), the media types of its data, and the tags of its cells. The
notebooks' side (``zhili_data.report.display``, ``briefing``, ``deck``, ``lesson``) writes them and the
runner (``zhili_data.publish``) reads them; both import the names from here, so that neither spells
one as a bare string the other could drift from.

What an output's ``zhili`` metadata may hold:

- a table (:func:`zhili_data.report.display.table_output`): :data:`TABLE` (its slug, the CSV's file name) and
  :data:`TITLE`; the runner adds :data:`CSV` and :data:`XLSX`, the links the page shows under the table;
- the headline of the front page (:func:`zhili_data.report.briefing.show_headline`): :data:`HEADLINE`, a list
  of items with the keys :data:`HEADLINE_KEYS`;
- a lesson's check (:class:`zhili_data.report.lesson.Check`): :data:`CHECK`.

Examples
--------
>>> output = {"metadata": {METADATA_KEY: {TABLE: "growth", TITLE: "GDP"}}, "data": {TABLE_MIME: "a,b"}}
>>> zhili_metadata(output)[TABLE]
'growth'
>>> zhili_metadata({"metadata": {}})
{}
"""

from __future__ import annotations

__all__ = [
    "CHART_MIME",
    "CHART_TAG_PREFIX",
    "CHECK",
    "CSV",
    "HEADLINE",
    "HEADLINE_KEYS",
    "INJECTED_PARAMETERS_TAG",
    "METADATA_KEY",
    "NOTEBOOK_ONLY_TAG",
    "PARAMETERS_TAG",
    "SCREEN_ONLY_TAG",
    "SKIP_VALIDATION_VARIABLE",
    "SLIDES_MIME",
    "SLIDES_ONLY_TAG",
    "SOLUTION_TAG",
    "TABLE",
    "TABLE_MIME",
    "TITLE",
    "XLSX",
    "zhili_metadata",
]

METADATA_KEY = "zhili"
"""The key of an output's metadata under which a notebook speaks to the runner."""

TABLE = "table"
"""Under :data:`METADATA_KEY`: the slug of a table the runner saves as ``tables/<report>/<slug>.csv``."""
TITLE = "title"
"""Under :data:`METADATA_KEY`: the caption of that table (the workbook's contents sheet names it)."""
CSV = "csv"
"""Under :data:`METADATA_KEY`, added by the runner: the link from the page to the table's CSV file."""
XLSX = "xlsx"
"""Under :data:`METADATA_KEY`, added by the runner: the link to the workbook of all the report's tables."""
HEADLINE = "headline"
"""Under :data:`METADATA_KEY`: the headline ``zhili run`` puts on its front page, a list of items."""
HEADLINE_KEYS = ("label", "value", "note", "href", "claim")
"""What each item of the headline holds (all text)."""
CHART = "chart"
"""Under :data:`METADATA_KEY`: a chart's texts for the page (``title``, ``subtitle``, ``caption``, and
``claim``, the id of the claim its title renders) and its ``narrow`` (phone) and ``slide`` renditions."""
CHECK = "check"
"""Under :data:`METADATA_KEY`: the outcome of a lesson's exercise check (``exercise``, ``outcome``)."""

TABLE_MIME = "text/csv"
"""The media type of a table's data, beside its ``text/html``: what the runner saves as the CSV file."""
CHART_MIME = "image/png"
"""The media type of a chart: the deck shows the first output of this type of a cell tagged
:data:`CHART_TAG_PREFIX` ``<key>``."""
SLIDES_MIME = "application/vnd.zhili.slides+json"
"""The media type of the deck's output in a notebook: a list of slides (``key``, ``kind``, ``title``,
``html``, ``chart``, ``notes``)."""

CHART_TAG_PREFIX = "slide-chart-"
"""A notebook cell tagged ``slide-chart-<key>`` holds the chart of the deck's chart slide ``<key>``."""
SLIDES_ONLY_TAG = "slides-only"
"""A cell with this tag makes the slide deck (:func:`zhili_data.report.deck.show_deck`) and is left out of the page."""
NOTEBOOK_ONLY_TAG = "notebook-only"
"""A cell with this tag is for the notebook's user (e.g. the parameter table) and is left out of the
published page: the parameters of the run are stated on the ops page, not to the reader."""
SCREEN_ONLY_TAG = "screen-only"
"""A cell with this tag is on the published page but not in its printed handout (the page's CSS hides
nbconvert's class ``celltag_screen-only`` in print)."""
SOLUTION_TAG = "solution"
"""A lesson's cell with this tag holds a solution: the student's version has it emptied."""
PARAMETERS_TAG = "parameters"
"""The cell of a notebook's parameter defaults (papermill's tag)."""
INJECTED_PARAMETERS_TAG = "injected-parameters"
"""The cell papermill adds with the parameters of the run."""

SKIP_VALIDATION_VARIABLE = "ZHILI_SKIP_VALIDATION"
"""The environment variable by which ``zhili run --no-validate`` tells the notebooks' ``load_figures()``
not to refuse data that fails ``zhili validate``."""


def zhili_metadata(output) -> dict:
    """The ``zhili`` metadata of a notebook output (a dict), ``{}`` when it has none or it is not a dict.

    Parameters
    ----------
    output : dict
        One output of a notebook cell (an ``nbformat.NotebookNode`` or a plain dict).

    Returns
    -------
    dict
        Its metadata under :data:`METADATA_KEY`: the very dict of the output, so that the runner can add to it.

    Examples
    --------
    >>> zhili_metadata({"metadata": {"zhili": {"headline": []}}})
    {'headline': []}
    >>> zhili_metadata({"metadata": {"zhili": "not a table"}})
    {}
    """
    meta = (output.get("metadata") or {}).get(METADATA_KEY)
    return meta if isinstance(meta, dict) else {}
