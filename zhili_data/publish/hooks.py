"""What publishing needs of the reports' domain, in one object the ``zhili`` command builds.

The runner executes notebooks and publishes what they show; it knows nothing of figures, catalogues
or words. What it must ask the domain — the catalogue of source reports, the checks of the data
and of the parameters, the words of a page's frame, the glossary's terms, the student's handout of a
lesson, the workbook of a report's tables — it asks through :class:`Hooks`, which
:func:`zhili_data.app.publishing_hooks` builds. The object crosses into the run's worker processes
with each task: every field is a function of a module (pickled by its name), never a closure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

__all__ = ["CatalogueEntry", "Hooks"]


class CatalogueEntry(Protocol):
    """What the runner reads of a source report of the catalogue (:class:`zhili_data.core.catalog.Report`)."""

    id: str
    folder: Path
    figures_path: Path
    source_path: Path
    title: str
    title_en: str
    subtitle: str
    subtitle_en: str
    delivered: date
    citation: str
    citation_en: str


@dataclass(frozen=True)
class Hooks:
    """The domain's answers to the questions a run asks.

    Parameters
    ----------
    default_report : str
        The catalogue id of the report a notebook reads when its ``report`` parameter is not given.
    report_ids : callable
        ``() -> list[str]``: the ids of the catalogue's source reports.
    report : callable
        ``(report_id) -> CatalogueEntry``: one of them; raises for an id the catalogue does not hold.
    data_problems : callable
        ``(report_id) -> list[str]``: what ``zhili validate`` finds wrong with the report's curated data
        (empty when it passes, which is remembered); raises when the data cannot be validated at all.
    parameter_problem : callable
        ``(notebook_stem, values) -> str | None``: why the project's rules refuse a notebook's
        parameter values, or None (also for a notebook the rules do not know).
    page_words : callable
        ``(lang) -> dict[str, str]``: the words of a published page's frame in ``lang``.
    glossary_terms : callable
        ``(lang, report_id) -> list[tuple[str, str]]``: (term, anchor) of each term of the report's
        glossary, longest first; empty when it has none.
    student_version : callable
        ``(notebook) -> notebook``: a lesson notebook with its solutions emptied.
    workbook_bytes : callable
        ``(sheets) -> bytes``: an Excel workbook of the data frames ``sheets`` (sheet name -> frame).
    sheet_name : callable
        ``(name, taken) -> str``: a sheet name for a table, none of ``taken``.
    describe_column : callable
        ``(column) -> str``: what a column of a published table holds.

    Examples
    --------
    >>> from zhili_data.app import publishing_hooks
    >>> hooks = publishing_hooks()
    >>> hooks.default_report in hooks.report_ids()
    True
    >>> import pickle
    >>> pickle.loads(pickle.dumps(hooks)) == hooks
    True
    """

    default_report: str
    report_ids: Callable[[], list[str]]
    report: Callable[[str], CatalogueEntry]
    data_problems: Callable[[str], list[str]]
    parameter_problem: Callable[[str, dict], str | None]
    page_words: Callable[[str], dict[str, str]]
    glossary_terms: Callable[[str, str], list[tuple[str, str]]]
    student_version: Callable[[Any], Any]
    workbook_bytes: Callable[[dict], bytes]
    sheet_name: Callable[[str, set], str]
    describe_column: Callable[[str], str]

    def report_of(self, parameters: dict) -> str:
        """The catalogue report a notebook with ``parameters`` reads (its ``report``, else the default).

        Examples
        --------
        >>> from zhili_data.app import publishing_hooks
        >>> publishing_hooks().report_of({"report": "demo"}), publishing_hooks().report_of({"report": 3}) != 3
        ('demo', True)
        """
        report = parameters.get("report")
        return report if isinstance(report, str) and report else self.default_report
