"""``index.html``: every report of the run with its status, parameters, duration and data version,
then the recent runs of the folder (``history.json``).

Every value is escaped by Jinja's autoescaping (titles and error messages come from the
configuration and from notebooks), and the page carries the reports' Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

from zhili_data.runner.convert import CONTENT_SECURITY_POLICY, TEMPLATES_DIR, parameters_text
from zhili_data.runner.history import MAX_RUNS

INDEX_TEMPLATE = "run_index.html.j2"


def render_index(manifest: dict, history: list[dict] = ()) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["parameters_text"] = parameters_text
    reports = manifest["reports"]
    counts = {
        "ok": sum(r["status"] == "ok" for r in reports),
        "failed": sum(r["status"] == "failed" for r in reports),
    }
    return env.get_template(INDEX_TEMPLATE).render(
        manifest=manifest,
        reports=reports,
        counts=counts,
        history=list(history),
        max_runs=MAX_RUNS,
        content_security_policy=CONTENT_SECURITY_POLICY,
    )


def write_index(folder: Path, manifest: dict, history: list[dict] = ()) -> Path:
    path = folder / "index.html"
    path.write_text(render_index(manifest, history), encoding="utf-8")
    return path
