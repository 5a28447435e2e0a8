"""Helpers for the `zhili run` tests: a throw-away project around the toy notebook, and checks
of what a run published."""

from __future__ import annotations

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from zhili_data.app import publishing_hooks
from zhili_data.publish.progress import Progress
from zhili_data.publish.run import RunOptions, run

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "runner"
TOY = FIXTURES / "toy.ipynb"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def write_config(project: Path, reports: list[dict]) -> Path:
    """notebooks/reports.toml of ``project`` with ``reports`` (name, title, parameters, notebook)."""
    notebooks = project / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    if not (notebooks / TOY.name).exists():
        shutil.copy(TOY, notebooks / TOY.name)
    lines = []
    for report in reports:
        lines += [
            "[[report]]",
            f"name = {_toml_value(report['name'])}",
            f"notebook = {_toml_value(report.get('notebook', TOY.name))}",
            f"title = {_toml_value(report.get('title', '玩具 ' + report['name']))}",
            f"title_en = {_toml_value(report.get('title_en', 'Toy ' + report['name']))}",
        ]
        if report.get("parameters"):
            pairs = ", ".join(f"{k} = {_toml_value(v)}" for k, v in report["parameters"].items())
            lines.append(f"parameters = {{ {pairs} }}")
        for key in ("languages", "summary", "summary_en"):
            if report.get(key):
                lines.append(f"{key} = {_toml_value(report[key])}")
        if report.get("formats"):
            lines.append(f"formats = {_toml_value(report['formats'])}")
        lines.append("")
    config = notebooks / "reports.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return config


TWO_REPORTS = [
    {"name": "toy"},
    {"name": "toy-en", "parameters": {"lang": "en", "rows": 5}},
]


def run_quietly(config: Path, out: Path, **options) -> tuple[int, str]:
    """An in-process run; returns its exit code and its log."""
    log = io.StringIO()
    code = run(
        RunOptions(config=config, out=out, hooks=publishing_hooks(), **options),
        progress=Progress(stream=log, bar=False),
    )
    return code, log.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, mtime in ns, size) of the folder and of everything in it."""
    entries = {".": (folder.stat().st_ino, folder.stat().st_mtime_ns, 0)}
    for path in sorted(folder.rglob("*")):
        st = path.stat()
        entries[path.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns, st.st_size if path.is_file() else 0)
    return entries


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_LOCAL_SCHEMES = ("data:", "blob:", "about:", "#", "mailto:")
# Attributes that make a browser fetch something (an <a href> only navigates when clicked).
_FETCHING = {"src", "srcset", "poster", "data", "background", "action", "formaction", "xlink:href"}
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_REMOTE = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class _ResourceScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            fetches = name in _FETCHING or (name == "href" and tag != "a") or (name == "style")
            if name == "style" and _CSS_REMOTE.search(_CSS_COMMENT.sub("", value)):
                self.problems.append(f"<{tag} style=…> loads a remote resource: {value[:120]}")
            elif fetches and name != "style" and _REMOTE.match(value):
                self.problems.append(f"<{tag} {name}={value!r}> points off the machine")
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "style" and _CSS_REMOTE.search(_CSS_COMMENT.sub("", data)):
            self.problems.append(
                f"<style> imports or loads a remote resource: {_CSS_REMOTE.search(_CSS_COMMENT.sub('', data)).group(0)}"
            )
        if self._in == "script" and re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", data, re.IGNORECASE):
            self.problems.append("<script> refers to a remote address")


def external_resources(html: str) -> list[str]:
    """Every way ``html`` would load something from the network; empty when it is self-contained."""
    scanner = _ResourceScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems
