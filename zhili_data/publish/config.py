"""The reports ``zhili run`` executes, read from ``notebooks/reports.toml``.

Each ``[[report]]`` is one notebook with one parameter set::

    [[report]]
    name = "target_gap-en"          # file stem of its outputs: target_gap-en.html, .ipynb
    notebook = "target_gap.ipynb"   # relative to the config file
    title = "目标完成进度"
    title_en = "Progress towards targets"
    parameters = { lang = "en" }    # only what differs from the notebook's defaults
    formats = ["html", "pdf"]       # what is published: the page, its A4 PDF handout, "slides" a deck (default: ["html"])
    section = "teaching"            # the front page lists it under teaching (教学); default "reports"
    show_code = true                # the page shows the code (a teaching notebook); default false
    solutions = false               # the student's version: cells tagged `solution` emptied; default true

A report published in several languages lists them; it becomes one page per language, run
together and named ``<name>`` (the first language) and ``<name>-<lang>`` (the others)::

    [[report]]
    name = "growth"                 # growth.html (zh) and growth-en.html (en)
    notebook = "growth.ipynb"       # its parameters cell must declare `lang`
    title = "主要指标增长分析"
    title_en = "Growth of the main indicators"
    languages = ["zh", "en"]        # each page gets parameters.lang; default: the notebook's own lang

An optional ``[kernels]`` table tunes how the kernels start::

    [kernels]
    warm = true                     # fork each report's kernel from a server with the imports done
    preload = ["pandas", "zhili_data.report.charts"]   # what that server imports (default: the notebooks' imports)

An optional ``[run]`` table sets the time limits of every run of this config::

    [run]
    cell_timeout = 300              # seconds one cell may run (default 300)
    report_timeout = 1200           # seconds one report's cells may run together (default 1200)

Every key is checked for its type before any kernel starts; a message names the file and, where
it can be found, the line. TOML dates (``as_of = 2021-09-30``) become ISO text
(``"2021-09-30"``), the form the notebooks' date parameters take.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from zhili_data import paths
from zhili_data.exceptions import ParameterError, ZhiliError
from zhili_data.language import LANGS
from zhili_data.publish.pdf import check_formats
from zhili_data.suggest import suggestion
from zhili_data.tomlfile import read_toml

CONFIG_NAME = "reports.toml"
TOP_LEVEL_KEYS = ("report", "kernels", "run")
ALLOWED_KEYS = (
    "name",
    "notebook",
    "title",
    "title_en",
    "parameters",
    "formats",
    "languages",
    "summary",
    "summary_en",
    "section",
    "show_code",
    "solutions",
)
SECTIONS = ("reports", "teaching")
"""Where the front page lists a report: with the reports, or under "teaching" (教学)."""
REQUIRED_KEYS = ("name", "notebook", "title")
RUN_KEYS = ("cell_timeout", "report_timeout")
KERNEL_KEYS = ("warm", "preload")
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
# A hung cell fails its report after this long, so that a scheduled run ends and frees its lock;
# the project's cells take seconds.
DEFAULT_CELL_TIMEOUT = 300.0
DEFAULT_REPORT_TIMEOUT = 1200.0
# Names whose outputs would collide with what the run itself writes.
RESERVED_NAMES = frozenset({"index", "ops", "manifest", "tables", "history"})
# The name is a file stem: `<name>.failed.ipynb` must stay well within a file system's 255 bytes.
MAX_NAME_LENGTH = 64
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def is_report_name(name) -> bool:
    """Whether ``name`` may name a report: lower-case letters, digits, '-' and '_', not too long, not reserved."""
    return (
        isinstance(name, str)
        and len(name) <= MAX_NAME_LENGTH
        and bool(_NAME.match(name))
        and name not in RESERVED_NAMES
    )


class ConfigError(ZhiliError, ValueError):
    """The reports config cannot be used; the message names the file, the report and the key."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    notebook: Path
    title: str
    title_en: str
    parameters: dict = field(default_factory=dict)
    line: int | None = None  # of its parameters (else of its [[report]] header) in the config, for messages
    formats: tuple[str, ...] = ("html",)
    group: str = ""  # the [[report]] it comes from: its name (the pages of one report in several languages share it)
    lang: str | None = None  # the language this page is set to by `languages`; None: the notebook's parameters say
    summary: str = ""  # what the report answers, one sentence (the front page shows it)
    summary_en: str = ""
    section: str = "reports"  # where the front page lists it (SECTIONS)
    show_code: bool = False  # the page shows the code cells (a teaching notebook, whose code is the content)
    solutions: bool = True  # False: the cells tagged `solution` are emptied before it runs (a student's handout)

    def __post_init__(self):
        if not self.group:
            object.__setattr__(self, "group", self.name)

    def summary_for(self, lang: str) -> str:
        return (self.summary_en or self.summary) if lang == "en" else (self.summary or self.summary_en)

    def title_for(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else (self.title or self.title_en)


@dataclass(frozen=True)
class KernelSettings:
    """The ``[kernels]`` table: whether kernels are forked warm, and what their server imports."""

    warm: bool = True
    preload: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunConfig:
    """A whole reports config: the reports in file order and the ``[run]`` settings."""

    path: Path
    reports: list[ReportSpec]
    cell_timeout: float = DEFAULT_CELL_TIMEOUT
    report_timeout: float = DEFAULT_REPORT_TIMEOUT


def default_config_path() -> Path:
    """``notebooks/reports.toml`` of the project (:func:`zhili_data.paths.reports_config`), whatever the current directory."""
    return paths.reports_config()


def default_output_path(config: str | Path) -> Path:
    """``outputs/`` of the project a config belongs to: beside the folder holding the config.

    ``notebooks/reports.toml`` publishes to ``outputs/`` next to ``notebooks/``, wherever the
    command is started from.
    """
    return Path(config).resolve().parent.parent / "outputs"


def check_seconds(value, what: str) -> float:
    """A time limit: a finite number of seconds above 0 (there is no "no limit"); else :class:`ConfigError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{what} must be a number of seconds, got {value!r}")
    if value <= 0:
        raise ConfigError(
            f"{what} must be more than 0 seconds, got {value!r} (a limit is required; "
            "give a large number such as 86400 for a very long report)"
        )
    return float(value)


class _Lines:
    """Where a report or key is written in the TOML text, for messages (tomllib gives no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def _table(self, header: re.Pattern, occurrence: int) -> tuple[int, int] | None:
        starts = [i for i, line in enumerate(self.lines) if header.match(line)]
        if occurrence >= len(starts):
            return None
        start = starts[occurrence]
        end = next(
            (i for i in range(start + 1, len(self.lines)) if re.match(r"^\s*\[", self.lines[i])), len(self.lines)
        )
        return start, end

    def of(self, table: str, occurrence: int = 0, key: str | None = None) -> int | None:
        """1-based line of ``[table]`` / ``[[table]]`` number ``occurrence``, or of ``key`` inside it."""
        span = self._table(re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?"), occurrence)
        if span is None:
            return None
        start, end = span
        if key is None:
            return start + 1
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        return next((i + 1 for i in range(start + 1, end) if pattern.match(self.lines[i])), start + 1)


def _plain(value):
    """A TOML value as the JSON-like value a notebook parameter takes: dates and times as ISO text."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _load(path: Path) -> tuple[dict, _Lines]:
    """The TOML of the config file at ``path`` and where its lines are; top-level keys checked."""
    data, text = read_toml(path, ConfigError, what="reports config", if_missing="pass --config PATH")
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(
                f"{path}: unknown top-level key {key!r}{suggestion(key, TOP_LEVEL_KEYS)}; "
                "the file holds [[report]] tables and optional [kernels] and [run] tables"
            )
    return data, _Lines(text)


def _read(path: Path) -> dict:
    return _load(path)[0]


def read_config(path: str | Path) -> RunConfig:
    """The config file at ``path``, checked key by key; raises :class:`ConfigError`."""
    path = Path(path)
    data, lines = _load(path)
    _kernel_settings(data.get("kernels", {}), path)  # a bad [kernels] table stops the run before anything runs
    settings = _run_settings(data.get("run", {}), path, lines)
    entries = data.get("report", [])
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(
            f"{path}: no [[report]] tables; each report is a [[report]] table with name, notebook and title"
        )
    specs: list[ReportSpec] = []
    for position, entry in enumerate(entries):
        specs.extend(_report(entry, position, path, lines, specs))
    return RunConfig(path, specs, **settings)


def load_kernel_settings(path: str | Path, *, default_preload: tuple[str, ...] = ()) -> KernelSettings:
    """The ``[kernels]`` table of the config file at ``path``; ``default_preload`` when it names no modules."""
    path = Path(path)
    return _kernel_settings(_read(path).get("kernels", {}), path, default_preload)


def _kernel_settings(table, path: Path, default_preload: tuple[str, ...] = ()) -> KernelSettings:
    where = f"{path}: [kernels]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    for key in table:
        if key not in KERNEL_KEYS:
            raise ConfigError(
                f"{where}: unknown key {key!r}{suggestion(key, KERNEL_KEYS)}; allowed: {', '.join(KERNEL_KEYS)}"
            )
    warm = table.get("warm", True)
    if not isinstance(warm, bool):
        raise ConfigError(f"{where}: 'warm' must be true or false")
    preload = table.get("preload", list(default_preload))
    if not isinstance(preload, list) or not all(isinstance(m, str) for m in preload):
        raise ConfigError(f"{where}: 'preload' must be a list of module names, e.g. preload = [\"pandas\"]")
    for module in preload:
        if not _MODULE.match(module):
            raise ConfigError(f"{where}: preload entry {module!r} is not a module name (dotted Python identifiers)")
    return KernelSettings(warm=warm, preload=tuple(preload))


def load_config(path: str | Path) -> list[ReportSpec]:
    """Every report of the config file at ``path``, in file order."""
    return read_config(path).reports


def _at(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def _run_settings(table, path: Path, lines: _Lines) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{_at(path, lines.of('run'))}: 'run' must be a table: [run], then e.g. cell_timeout = 300")
    settings = {}
    for key, value in table.items():
        where = f"{_at(path, lines.of('run', key=key))}: [run]"
        if key not in RUN_KEYS:
            raise ConfigError(
                f"{where}: unknown key {key!r}{suggestion(key, RUN_KEYS)}; allowed: {', '.join(RUN_KEYS)}"
            )
        try:
            settings[key] = check_seconds(value, key)
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return settings


def _report(entry: dict, position: int, path: Path, lines: _Lines, earlier: list[ReportSpec]) -> list[ReportSpec]:
    """The page(s) of one ``[[report]]`` entry: one, or one per language it lists."""
    label = f"report #{position + 1}" + (f" ({entry['name']!r})" if isinstance(entry.get("name"), str) else "")

    def fail(message: str, key: str | None = None):
        raise ConfigError(f"{_at(path, lines.of('report', position, key))}: {label}: {message}")

    _check_keys(entry, fail)
    name = entry["name"]
    if any(s.name == name or s.group == name for s in earlier):
        fail(f"name {name!r} is used twice; each report needs its own name", "name")
    notebook = (path.parent / entry["notebook"]).resolve()
    if notebook.suffix != ".ipynb" or not notebook.is_file():
        fail(f"notebook {entry['notebook']!r} is not an .ipynb file next to {path.name}", "notebook")
    parameters = entry.get("parameters", {})
    if not isinstance(parameters, dict):
        fail("'parameters' must be a table, e.g. parameters = { lang = \"en\" }", "parameters")
    for key in ("title_en", "summary", "summary_en"):
        if not isinstance(entry.get(key, ""), str):
            fail(f"{key!r} must be a string, got {_plain(entry[key])!r}", key)
    formats = entry.get("formats", ["html"])
    if not isinstance(formats, list):
        fail('\'formats\' must be a list, e.g. formats = ["html", "pdf"]', "formats")
    try:
        formats = check_formats(formats, where="'formats'")
    except ParameterError as exc:
        fail(str(exc), "formats")
    languages = _languages(entry, fail)
    section = entry.get("section", "reports")
    if section not in SECTIONS:
        fail(
            f"section {_plain(section)!r} is not one of {', '.join(map(repr, SECTIONS))}{suggestion(str(section), SECTIONS)}",
            "section",
        )
    for key in ("show_code", "solutions"):
        if not isinstance(entry.get(key, True), bool):
            fail(f"{key!r} must be true or false, got {_plain(entry[key])!r}", key)
    base = ReportSpec(
        name,
        notebook,
        entry["title"],
        entry.get("title_en", ""),
        _plain(dict(parameters)),
        line=lines.of("report", position, "parameters"),
        formats=formats,
        summary=entry.get("summary", ""),
        summary_en=entry.get("summary_en", ""),
        section=section,
        show_code=entry.get("show_code", False),
        solutions=entry.get("solutions", True),
    )
    return _pages(base, languages, earlier, fail) if languages else [base]


def _check_keys(entry: dict, fail) -> None:
    """Refuse (``fail``) a report entry with a key of no meaning, without a required one, or with a bad name."""
    for key in entry:
        if key not in ALLOWED_KEYS:
            fail(f"unknown key {key!r}{suggestion(key, ALLOWED_KEYS)}; allowed: {', '.join(ALLOWED_KEYS)}", key)
    for key in REQUIRED_KEYS:
        if key not in entry:
            fail(f"{key!r} is required and must be a non-empty string")
        if not isinstance(entry[key], str) or not entry[key].strip():
            fail(f"{key!r} must be a non-empty string, got {_plain(entry[key])!r}", key)
    name = entry["name"]
    if len(name) > MAX_NAME_LENGTH:
        fail(f"name is {len(name)} characters long; at most {MAX_NAME_LENGTH} (it names the output files)", "name")
    if not is_report_name(name):
        fail(
            f"name {name!r} must be lower-case letters, digits, '-' or '_' "
            f"(it names the output files) and not one of {', '.join(sorted(RESERVED_NAMES))}",
            "name",
        )


def _pages(base: ReportSpec, languages: tuple[str, ...], earlier: list[ReportSpec], fail) -> list[ReportSpec]:
    """One page of ``base`` per language: the first under its name, the others as ``<name>-<lang>``."""
    name = base.name
    pages = []
    for index, lang in enumerate(languages):
        page = name if index == 0 else f"{name}-{lang}"
        if len(page) > MAX_NAME_LENGTH:
            fail(f"page name {page!r} is longer than {MAX_NAME_LENGTH} characters (it names the output files)", "name")
        if any(s.name == page for s in earlier):
            fail(f"its {lang} page {page!r} has the name of an earlier report; rename one of them", "languages")
        pages.append(replace(base, name=page, parameters={**base.parameters, "lang": lang}, group=name, lang=lang))
    return pages


def _languages(entry: dict, fail) -> tuple[str, ...]:
    """The ``languages`` of a report entry, checked: a non-empty list of distinct known languages."""
    if "languages" not in entry:
        return ()
    languages = entry["languages"]
    example = 'e.g. languages = ["zh", "en"]'
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        fail(
            f"'languages' must be a non-empty list of language codes, {example}; got {_plain(languages)!r}", "languages"
        )
    for lang in languages:
        if lang not in LANGS:
            fail(
                f"language {lang!r} is not one of {', '.join(repr(x) for x in LANGS)}{suggestion(lang, LANGS)}",
                "languages",
            )
    if len(set(languages)) != len(languages):
        fail(f"'languages' lists a language twice: {languages!r}", "languages")
    parameters = entry.get("parameters", {})
    if "lang" in parameters:
        fail(
            "sets both 'languages' and parameters.lang; 'languages' gives each page its lang, so drop parameters.lang",
            "parameters",
        )
    return tuple(languages)
