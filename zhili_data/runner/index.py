"""``index.html``: every report of the run with its status, parameters, duration and data version.

Every value is escaped by Jinja's autoescaping (titles and error messages come from the
configuration and from notebooks), and the page carries the reports' Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

from zhili_data.runner.convert import CONTENT_SECURITY_POLICY, TEMPLATES_DIR, parameters_text

INDEX_TEMPLATE = "run_index.html.j2"


def render_index(manifest: dict) -> str:
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
        manifest=manifest, reports=reports, counts=counts, content_security_policy=CONTENT_SECURITY_POLICY
    )


def write_index(folder: Path, manifest: dict) -> Path:
    path = folder / "index.html"
    path.write_text(render_index(manifest), encoding="utf-8")
    return path
