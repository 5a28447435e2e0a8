"""`zhili run` of the project's own reports (notebooks/reports.toml), start to finish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runner_support import external_resources, run_quietly

from zhili_data.publish.config import load_config
from zhili_data.publish.run import EXIT_BAD_INPUT, EXIT_OK
from zhili_data.publish.tables import CSV_ENCODING

CONFIG = Path(__file__).resolve().parents[1] / "notebooks" / "reports.toml"


@pytest.mark.slow
def test_every_configured_report_runs_and_publishes(tmp_path):
    out = tmp_path / "outputs"
    code, log = run_quietly(CONFIG, out)
    assert code == EXIT_OK, log

    configured = load_config(CONFIG)  # one page per report and language
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in manifest["reports"]] == [s.name for s in configured]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert external_resources(index) == []
    for entry, spec in zip(manifest["reports"], configured):
        assert entry["status"] == "ok", entry["error"]
        assert entry["parameters"]["lang"] == spec.lang
        html = (out / entry["html"]).read_text(encoding="utf-8")
        assert external_resources(html) == [], entry["name"]
        title = spec.title_for(spec.lang)
        assert entry["title"] == title and f'<h1 class="zhili-title">{title}' in html.replace("&#39;", "'")
        assert 'class="zhili-toc"' in html
        assert (out / entry["executed_notebook"]).is_file()
        assert entry["tables"] or spec.section == "teaching", f"{entry['name']} shows no table"  # a lesson may not
        for table in entry["tables"]:
            text = (out / table["csv"]).read_text(encoding=CSV_ENCODING)
            assert len(text.splitlines()) >= 2, table  # a header and at least one row
        assert entry["html"] in index


def test_a_bad_value_for_a_project_notebook_is_refused_before_any_kernel_starts(tmp_path, monkeypatch):
    import jupyter_client

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(jupyter_client.KernelManager, "start_kernel", no_kernel)
    monkeypatch.setattr(jupyter_client.AsyncKernelManager, "start_kernel", no_kernel)
    out = tmp_path / "outputs"
    # the language of a report is its config's `languages`, not a parameter of the run
    code, log = run_quietly(CONFIG, out, params=["lang=klingon"])
    assert code == EXIT_BAD_INPUT
    assert "--param 'lang=klingon': the language of a report listed with `languages` in its config is set there" in log
    code, log = run_quietly(CONFIG, out, reports=["growth"], params=["indicators=gpd"])
    assert code == EXIT_BAD_INPUT
    assert "report 'growth' (growth.ipynb): indicators='gpd' is not allowed" in log and "did you mean 'gdp'" in log
    assert not out.exists()
