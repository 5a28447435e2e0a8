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

import re
from pathlib import Path

from zhili_data.publish.convert import CONTENT_SECURITY_POLICY, OPS_PAGE, TEMPLATES_DIR, parameters_text
from zhili_data.publish.history import MAX_RUNS
from zhili_data.publish.hooks import Hooks

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
        code → its manifest entry, Chinese first), ``section`` (``reports`` or ``teaching``) and ``start`` (True for the first report: the
        briefing a reader starts with).
    """
    groups: dict[str, dict] = {}
    for entry in manifest["reports"]:
        name = entry.get("group") or entry["name"]
        lang = entry.get("lang") or "zh"
        group = groups.setdefault(name, {"name": name, "pages": {}, "section": entry.get("section") or "reports"})
        group["pages"].setdefault(lang, entry)
    ordered = list(groups.values())
    for position, group in enumerate(ordered):
        rank = {lang: i for i, lang in enumerate(LANGUAGE_ORDER)}
        group["pages"] = dict(sorted(group["pages"].items(), key=lambda item: rank.get(item[0], len(rank))))
        group["start"] = position == 0
    return ordered


def _source_report(group: dict, hooks: Hooks) -> str:
    """The catalogue report a group of pages is made from (its ``report`` parameter)."""
    first = next(iter(group["pages"].values()))
    return str((first.get("parameters") or {}).get("report") or hooks.default_report)


_TOWN = re.compile(r"^(.+?(?:镇|乡|街道|县|区|市))")


def _long_date(day, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def catalogue_sections(groups: list[dict], hooks: Hooks) -> list[dict]:
    """The groups of the front page arranged by town and then by report (its period), when the run
    publishes pages of more than one report of the catalogue; empty for one report.

    Parameters
    ----------
    groups : list of dict
        The groups of :func:`report_groups`.
    hooks : Hooks
        The catalogue of source reports (:class:`zhili_data.publish.hooks.Hooks`).

    Returns
    -------
    list of dict
        One entry per town (``town``, ``town_en``, ``key``), towns in the order of their names, each
        with ``reports``: one entry per report (``id``, ``label``/``label_en``: the day it was
        delivered and its subtitle, e.g. "2021年8月6日 · 2021年上半年工作回顾和下半年工作计划"), the newest
        first, each with its ``groups`` in config order. A report the catalogue no longer holds is
        listed under its id.
    """
    by_report: dict[str, list[dict]] = {}
    for group in groups:
        by_report.setdefault(_source_report(group, hooks), []).append(group)
    if len(by_report) < 2:
        return []
    towns: dict[str, dict] = {}
    for report_id, members in by_report.items():
        try:
            entry = hooks.report(report_id)
        except Exception:  # a report the catalogue in use no longer holds: listed under its id
            town = town_en = label = label_en = report_id
            delivered = ""
        else:
            match = _TOWN.match(entry.title)
            town = match[1] if match else entry.title
            town_en = entry.title_en.rpartition(" of ")[2] or entry.title_en
            label = f"{_long_date(entry.delivered, 'zh')} · {entry.subtitle}"
            label_en = f"{_long_date(entry.delivered, 'en')} · {entry.subtitle_en}"
            delivered = entry.delivered.isoformat()
        place = towns.setdefault(town, {"town": town, "town_en": town_en, "reports": []})
        place["reports"].append(
            {"id": report_id, "label": label, "label_en": label_en, "delivered": delivered, "groups": members}
        )
    ordered = [towns[name] for name in sorted(towns)]
    for number, place in enumerate(ordered, start=1):
        place["key"] = f"town-{number}"
        place["reports"].sort(key=lambda r: r["delivered"], reverse=True)
    return ordered


def _citations(manifest: dict, hooks: Hooks) -> dict[str, str]:
    """The citation of the source report of the run, in each language (empty where it cannot be read)."""
    ids = {str((e.get("parameters") or {}).get("report") or hooks.default_report) for e in manifest["reports"]}
    try:
        entries = [hooks.report(i) for i in sorted(ids)]
    except Exception:  # a report the catalogue in use no longer holds: the page says nothing rather than fail
        return {"zh": "", "en": ""}
    return {
        "zh": "；".join(e.citation for e in entries),
        "en": "; ".join(e.citation_en for e in entries),
    }


def render_index(manifest: dict, history: list[dict] = (), *, hooks: Hooks) -> str:
    """The front page of a run's ``manifest`` (``history`` is shown on the ops page only); ``hooks``
    give the catalogue's source reports, by which the page is arranged and which it cites."""
    return (
        _environment()
        .get_template(INDEX_TEMPLATE)
        .render(
            manifest=manifest,
            groups=(groups := report_groups(manifest)),
            sections=catalogue_sections([g for g in groups if g["section"] != "teaching"], hooks),
            citation=_citations(manifest, hooks),
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


def write_index(folder: Path, manifest: dict, history: list[dict] = (), *, hooks: Hooks) -> Path:
    """Write ``index.html`` and ``ops.html`` into ``folder``; returns the path of the index."""
    # New files, never written through a link to a published one.
    (folder / OPS_NAME).unlink(missing_ok=True)
    (folder / OPS_NAME).write_text(render_ops(manifest, history), encoding="utf-8")
    path = folder / "index.html"
    path.unlink(missing_ok=True)
    path.write_text(render_index(manifest, history, hooks=hooks), encoding="utf-8")
    return path
