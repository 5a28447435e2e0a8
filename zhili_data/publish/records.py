"""The run's records: what a worker is asked to do (:class:`Task`) and what the manifest keeps of a
report (:class:`ManifestEntry`), each with its fields named and typed.

``manifest.json`` holds each entry as :meth:`ManifestEntry.to_json` writes it, in a fixed order of
keys (:data:`zhili_data.publish.manifest.ENTRY_SCHEMA` checks it); :meth:`ManifestEntry.from_json`
reads one back, so that an entry carried from the published manifest is written as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhili_data.publish.hooks import Hooks

__all__ = ["ManifestEntry", "Task"]


@dataclass
class Task:
    """One report for a worker to execute and convert (:func:`zhili_data.publish.execute.run_report`)."""

    name: str
    notebook: str
    parameters: dict  # what papermill is given
    effective_parameters: dict  # with the notebook's defaults: what the page's footer states
    title: str
    lang: str
    data_version: str
    kernel_name: str
    kernel_env: dict  # set in the worker's environment, which its kernel inherits
    environment: dict | None  # the run's environment as it began (see RunOptions.environment)
    timeout: float | None  # per cell, seconds
    report_timeout: float | None  # all cells, seconds
    folder: str  # the staging folder the report's files are written into
    private: str | None  # the run's private folder: connection files, the student's notebook
    hooks: Hooks
    pdf: str | None = None  # the handout printed from the page later, linked from its header
    slides: str | None = None  # the deck's file, when the report makes one
    languages: dict[str, str] = field(default_factory=dict)  # language -> the report's page in it
    show_code: bool = False
    solutions: bool = True  # False: the student's handout, solutions emptied
    glossary: str | None = None  # the glossary page in the report's language
    fork_server: str | None = None  # where the run's warm kernels are forked


# The fields of an entry that name a published file, in the order files are listed.
FILE_FIELDS = ("html", "pdf", "slides", "executed_notebook", "good_notebook", "xlsx")


@dataclass
class ManifestEntry:
    """What ``manifest.json`` says of one report: how it ran, on which inputs, and its published files.

    Examples
    --------
    >>> entry = ManifestEntry(name="growth", html="growth.html", status="ok", formats=["html"],
    ...                       tables=[{"table": "t", "title": "T", "csv": "tables/growth/t.csv", "report": "growth"}])
    >>> entry.files()
    ['growth.html', 'tables/growth/t.csv']
    >>> ManifestEntry.from_json(entry.to_json()) == entry
    True
    >>> "pdf" in entry.to_json(), "pdf" in ManifestEntry(name="g", formats=["html", "pdf"]).to_json()
    (False, True)
    """

    name: str
    notebook: str | None = None
    parameters: dict = field(default_factory=dict)
    html: str | None = None
    slides: str | None = None
    formats: list[str] = field(default_factory=lambda: ["html"])
    pdf: str | None = None
    pdf_error: str | None = None
    status: str = "ok"
    seconds: float = 0.0
    cpu_seconds: dict | None = None
    title: str | None = None
    lang: str | None = None
    group: str | None = None
    summary: str | None = None
    section: str | None = None
    data_version: str | None = None
    run_at: str | None = None
    inputs_sha256: str | None = None
    notebook_sha256: str | None = None
    passed_parameters: dict = field(default_factory=dict)
    executed_notebook: str | None = None
    tables: list[dict] = field(default_factory=list)
    xlsx: str | None = None
    headline: list[dict] = field(default_factory=list)
    error: dict | None = None
    reused: bool = False
    good_notebook: str | None = None  # a failed report's: its last good executed notebook
    last_good_run_at: str | None = None  # a failed report's: when its last good version ran

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def named_files(self) -> list[tuple[str, str]]:
        """``(field, file)`` for every published file of the report, relative to the output folder."""
        named = [(name, getattr(self, name)) for name in FILE_FIELDS]
        named += [("tables", table["csv"]) for table in self.tables]
        return [(name, relative) for name, relative in named if relative]

    def files(self) -> list[str]:
        """Every published file of the report, relative to the output folder."""
        return [relative for _, relative in self.named_files()]

    def to_json(self) -> dict[str, Any]:
        """The entry as ``manifest.json`` holds it, its keys in their fixed order.

        A report that ran ok holds ``pdf`` where it wants a handout (and ``pdf_error`` where that could not
        be printed); a failed report holds ``pdf``, ``good_notebook`` and ``last_good_run_at`` last: what its
        last good version publishes and since when.
        """
        printed = {}
        if not self.failed and ("pdf" in self.formats or self.pdf is not None or self.pdf_error):
            printed = {"pdf": self.pdf, **({"pdf_error": self.pdf_error} if self.pdf_error else {})}
        data = {
            "name": self.name,
            "notebook": self.notebook,
            "parameters": self.parameters,
            "html": self.html,
            "slides": self.slides,
            "formats": list(self.formats),
            **printed,
        }
        for key in _ORDER_AFTER_PDF:
            data[key] = getattr(self, key)
        if self.failed:
            data.update(pdf=self.pdf, good_notebook=self.good_notebook, last_good_run_at=self.last_good_run_at)
        return data

    @classmethod
    def from_json(cls, data: dict) -> ManifestEntry:
        """An entry of a published manifest (checked by :func:`zhili_data.publish.manifest.load_manifest`)."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


_ORDER_AFTER_PDF = (
    "status",
    "seconds",
    "cpu_seconds",
    "title",
    "lang",
    "group",
    "summary",
    "section",
    "data_version",
    "run_at",
    "inputs_sha256",
    "notebook_sha256",
    "passed_parameters",
    "executed_notebook",
    "tables",
    "xlsx",
    "headline",
    "error",
    "reused",
)
