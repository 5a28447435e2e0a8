"""The two pages a run writes beside the reports.

``index.html`` is the readers' front page: what each report answers, its headline number and
links to its page in every language (and its PDF handout or slides where published), Chinese
first and then English, the briefing marked "start here". It carries no run detail.

``ops.html`` is the operators' page, linked from the footer of every page: every report of the run
with its status, parameters, duration, data version and, for a failed one, its error and failing
cell, then the recent runs of the folder (``history.json``).

Every value is escaped by Jinja's autoescaping (titles and error messages come from the
configuration and from notebooks), and both pages carry the reports' Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

from zhili_data.catalog import DEFAULT_REPORT, get_report
from zhili_data.runner.convert import CONTENT_SECURITY_POLICY, OPS_PAGE, TEMPLATES_DIR, parameters_text
from zhili_data.runner.history import MAX_RUNS

INDEX_TEMPLATE = "run_index.html.j2"
OPS_TEMPLATE = "run_ops.html.j2"
OPS_NAME = OPS_PAGE
LANGUAGE_ORDER = ("zh", "en")


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["parameters_text"] = parameters_text
    env.filters["day"] = _day
    return env


def _day(timestamp: str | None) -> str:
    """``2021-09-30T08:00:00+08:00`` → ``2021-09-30``: the date a reader needs, no clock time."""
    return str(timestamp or "")[:10]


def report_groups(manifest: dict) -> list[dict]:
    """The reports of ``manifest`` as readers see them: one entry per report, with its page in each language.

    Returns
    -------
    list of dict
        In config order, each with ``name`` (the report, shared by its languages), ``pages`` (language
        code → its manifest entry, Chinese first) and ``start`` (True for the first report: the
        briefing a reader starts with).
    """
    groups: dict[str, dict] = {}
    for entry in manifest["reports"]:
        name = entry.get("group") or entry["name"]
        lang = entry.get("lang") or "zh"
        group = groups.setdefault(name, {"name": name, "pages": {}})
        group["pages"].setdefault(lang, entry)
    ordered = list(groups.values())
    for position, group in enumerate(ordered):
        rank = {lang: i for i, lang in enumerate(LANGUAGE_ORDER)}
        group["pages"] = dict(sorted(group["pages"].items(), key=lambda item: rank.get(item[0], len(rank))))
        group["start"] = position == 0
    return ordered


def _citations(manifest: dict) -> dict[str, str]:
    """The citation of the source report of the run, in each language (empty where it cannot be read)."""
    ids = {str((e.get("parameters") or {}).get("report") or DEFAULT_REPORT) for e in manifest["reports"]}
    try:
        entries = [get_report(i) for i in sorted(ids)]
    except Exception:  # a report the catalogue in use no longer holds: the page says nothing rather than fail
        return {"zh": "", "en": ""}
    return {
        "zh": "；".join(e.citation for e in entries),
        "en": "; ".join(e.citation_en for e in entries),
    }


def render_index(manifest: dict, history: list[dict] = ()) -> str:
    """The front page of a run's ``manifest`` (``history`` is shown on the ops page only)."""
    return (
        _environment()
        .get_template(INDEX_TEMPLATE)
        .render(
            manifest=manifest,
            groups=report_groups(manifest),
            citation=_citations(manifest),
            ops=OPS_NAME,
            content_security_policy=CONTENT_SECURITY_POLICY,
        )
    )


def render_ops(manifest: dict, history: list[dict] = ()) -> str:
    """The operators' page: every report's status, parameters, duration and error, and the recent runs."""
    reports = manifest["reports"]
    counts = {
        "ok": sum(r["status"] == "ok" for r in reports),
        "failed": sum(r["status"] == "failed" for r in reports),
    }
    return (
        _environment()
        .get_template(OPS_TEMPLATE)
        .render(
            manifest=manifest,
            reports=reports,
            counts=counts,
            history=list(history),
            max_runs=MAX_RUNS,
            content_security_policy=CONTENT_SECURITY_POLICY,
        )
    )


def write_index(folder: Path, manifest: dict, history: list[dict] = ()) -> Path:
    """Write ``index.html`` and ``ops.html`` into ``folder``; returns the path of the index."""
    # New files, never written through a link to a published one.
    (folder / OPS_NAME).unlink(missing_ok=True)
    (folder / OPS_NAME).write_text(render_ops(manifest, history), encoding="utf-8")
    path = folder / "index.html"
    path.unlink(missing_ok=True)
    path.write_text(render_index(manifest, history), encoding="utf-8")
    return path
