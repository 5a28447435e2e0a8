"""Whole `zhili run`s of the toy notebook into temporary folders: what is published, and every
failure mode a scheduled run must survive."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from runner_support import TWO_REPORTS, contents, external_resources, run_quietly, snapshot, write_config

from zhili_data.publish import publish
from zhili_data.publish.run import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_LOCKED, EXIT_OK
from zhili_data.publish.tables import CSV_ENCODING

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MANIFEST_REPORT_KEYS = {"name", "notebook", "parameters", "html", "status", "seconds"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One full run of two reports, shared by the read-only checks."""
    project = tmp_path_factory.mktemp("project")
    config = write_config(project, TWO_REPORTS)
    out = project / "outputs"
    code, log = run_quietly(config, out)
    return config, out, code, log


def test_full_run_publishes_every_report(published):
    _, out, code, log = published
    assert code == EXIT_OK, log
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [
        "history.json",
        "index.html",
        "manifest.json",
        "ops.html",
        "tables/toy-en/toy-en-tables.xlsx",
        "tables/toy-en/values-2.csv",
        "tables/toy-en/values.csv",
        "tables/toy/toy-tables.xlsx",
        "tables/toy/values-2.csv",
        "tables/toy/values.csv",
        "toy-en.html",
        "toy-en.ipynb",
        "toy.html",
        "toy.ipynb",
    ]
    assert not publish.staging_path(out).exists()


def test_manifest_is_complete(published):
    config, out, _, _ = published
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in manifest["reports"]] == ["toy", "toy-en"]
    for entry in manifest["reports"]:
        assert MANIFEST_REPORT_KEYS <= set(entry)
        assert entry["status"] == "ok" and entry["error"] is None
        assert entry["notebook"] == "notebooks/toy.ipynb"
        assert (out / entry["html"]).is_file() and (out / entry["executed_notebook"]).is_file()
        assert entry["seconds"] > 0
        assert entry["data_version"].startswith("zhili-2021-midyear@")
    en = manifest["reports"][1]
    assert en["parameters"] == {
        "report": "zhili-2021-midyear",
        "lang": "en",
        "rows": 5,
        "scale": 1.5,
        "fail": False,
        "sleep": 0.0,
        "touch": "",
    }
    assert en["title"] == "Toy toy-en"
    inputs = manifest["inputs"]
    assert set(inputs) >= {"figures", "source", "notebooks", "parameters"}
    from zhili_data.core.catalog import get_report
    from zhili_data.publish.manifest import sha256_file

    report = get_report("zhili-2021-midyear")
    assert inputs["source"]["zhili-2021-midyear"] == sha256_file(report.source_path)
    assert inputs["figures"]["zhili-2021-midyear"] == sha256_file(report.figures_path)
    assert inputs["notebooks"]["notebooks/toy.ipynb"] == sha256_file(config.parent / "toy.ipynb")
    assert set(inputs["parameters"]) == {"toy", "toy-en"}
    for package in ("papermill", "nbconvert", "pandas", "matplotlib", "python"):
        assert manifest["packages"][package]


def test_every_shown_table_is_a_csv(published):
    _, out, _, _ = published
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    en = manifest["reports"][1]
    assert [(t["table"], t["title"]) for t in en["tables"]] == [
        ("values", "数值 Values"),
        ("values-2", "Same slug twice"),
    ]
    text = (out / en["tables"][0]["csv"]).read_text(encoding=CSV_ENCODING)
    assert text.splitlines() == ["indicator,value"] + [f"指标{i},{i * 1.5}" for i in range(1, 6)]
    # the page links each table to its CSV
    html = (out / "toy-en.html").read_text(encoding="utf-8")
    assert 'href="tables/toy-en/values.csv"' in html and 'href="tables/toy-en/values-2.csv"' in html


def test_every_table_of_a_report_is_a_sheet_of_one_workbook(published):
    import pandas as pd

    _, out, _, _ = published
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    en = manifest["reports"][1]
    assert en["xlsx"] == "tables/toy-en/toy-en-tables.xlsx"
    sheets = pd.read_excel(out / en["xlsx"], sheet_name=None)
    assert list(sheets) == ["contents", "values", "values-2", "columns"]
    assert sheets["contents"][["sheet", "title", "csv"]].values.tolist() == [
        ["values", "数值 Values", "values.csv"],
        ["values-2", "Same slug twice", "values-2.csv"],
    ]
    csv = pd.read_csv(out / en["tables"][0]["csv"], encoding=CSV_ENCODING)
    pd.testing.assert_frame_equal(sheets["values"], csv)  # numbers stay numbers
    # linked from the page header and under each table
    html = (out / "toy-en.html").read_text(encoding="utf-8")
    assert html.count('href="tables/toy-en/toy-en-tables.xlsx"') == 1 + len(en["tables"])


def test_html_is_self_contained_with_hidden_code_header_and_contents(published):
    _, out, _, _ = published
    for page in ("index.html", "ops.html", "toy.html", "toy-en.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert external_resources(html) == [], page
        assert "require.js" not in html and "mathjax" not in html.lower()
    html = (out / "toy.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 1  # the chart, embedded
    assert "time.sleep(sleep)" not in html and "import matplotlib" not in html  # code hidden
    assert '<h1 class="zhili-title">玩具 toy</h1>' in html
    # the parameters are the ops page's; the reader's page keeps the data version in its footer
    assert "rows=3" not in html and "zhili-2021-midyear@" in html[html.index('<footer class="zhili-footer">') :]
    assert "rows=3" in (out / "ops.html").read_text(encoding="utf-8")
    assert 'href="#%E5%9B%BE-Chart"' in html and 'id="%E5%9B%BE-Chart"' in html  # contents link to headings
    assert "@media print" in html
    english = (out / "toy-en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "Contents" in english


def test_index_is_a_readers_page_and_ops_has_the_run(published):
    _, out, _, _ = published
    index = (out / "index.html").read_text(encoding="utf-8")
    for text in ('href="toy.html"', 'href="toy-en.html"', "玩具 toy", 'href="ops.html"'):
        assert text in index
    # no run detail for readers: parameters, data version, durations, statuses
    for text in ("rows=5", "lang='en'", "zhili-2021-midyear@", "成功 ok", " s</td>", "Traceback"):
        assert text not in index, text
    ops = (out / "ops.html").read_text(encoding="utf-8")
    for text in ('href="toy.html"', 'href="toy-en.html"', "玩具 toy", "Toy toy-en", "rows=5", "zhili-2021-midyear@"):
        assert text in ops
    assert ops.count("成功 ok</td>") == 2 and 'href="index.html"' in ops
    for page in ("toy.html", "toy-en.html"):
        assert 'href="ops.html#report-' in (out / page).read_text(encoding="utf-8"), page


def test_index_carries_the_policy_and_escapes_hostile_text(tmp_path):
    import functools
    from html.parser import HTMLParser

    from zhili_data.app import publishing_hooks
    from zhili_data.publish.convert import CONTENT_SECURITY_POLICY
    from zhili_data.publish.index import render_index, render_ops

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    config = write_config(tmp_path, [{"name": "toy"}, {"name": "broken", "parameters": {"fail": True}}])
    run_quietly(config, tmp_path / "out")
    for page in ("index.html", "ops.html"):
        published = Tags()
        published.feed((tmp_path / "out" / page).read_text(encoding="utf-8"))
        policies = [
            a["content"]
            for tag, a in published.tags
            if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert policies == [CONTENT_SECURITY_POLICY], page
    # Titles, parameters and error messages come from the configuration and from notebooks.
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    payload = "<img src=x onerror=alert(1)><svg onload=alert(4)>"
    for entry in manifest["reports"]:
        entry["title"] = entry["summary"] = payload
        entry["parameters"] = {"lang": payload}
        entry["headline"] = [{"label": payload, "value": payload, "note": payload, "href": payload}]
        for key, value in (entry.get("error") or {}).items():
            if isinstance(value, str):
                entry["error"][key] = payload
    assert any(entry.get("error") for entry in manifest["reports"])
    for render in (functools.partial(render_index, hooks=publishing_hooks()), render_ops):
        parser = Tags()
        parser.feed(render(manifest))
        assert [name for _, attrs in parser.tags for name in attrs if name.startswith("on")] == []
        assert not [tag for tag, _ in parser.tags if tag in ("img", "svg", "script")]


def test_unknown_parameter_is_refused_before_any_kernel_starts(tmp_path, monkeypatch):
    import jupyter_client

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(jupyter_client.KernelManager, "start_kernel", no_kernel)
    monkeypatch.setattr(jupyter_client.AsyncKernelManager, "start_kernel", no_kernel)
    monkeypatch.setattr("zhili_data.publish.run.execute_reports", no_kernel)
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy"}, {"name": "typo", "parameters": {"rowz": 4}}])
    code, log = run_quietly(config, out)
    assert code == EXIT_BAD_INPUT
    assert "report 'typo' (toy.ipynb): unknown parameter 'rowz' (did you mean 'rows'?)" in log
    assert not out.exists() and not publish.staging_path(out).exists()

    config = write_config(tmp_path, TWO_REPORTS)
    code, log = run_quietly(config, out, params=["scael=2"])
    assert code == EXIT_BAD_INPUT
    assert "no report in this run has a parameter 'scael' (did you mean 'scale'?)" in log
    code, log = run_quietly(config, out, params=["toy:rows=many"])
    assert code == EXIT_BAD_INPUT and "parameter 'rows' must be a number" in log
    assert not out.exists()


def test_a_pdf_wanted_without_chromium_stops_the_run_before_any_kernel(tmp_path, monkeypatch):
    monkeypatch.setattr("zhili_data.publish.run.execute_reports", lambda *a, **k: pytest.fail("a report was executed"))
    monkeypatch.setenv("ZHILI_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy", "formats": ["html", "pdf"]}])
    code, log = run_quietly(config, out)
    assert code == EXIT_BAD_INPUT
    assert "cannot print PDF handouts" in log and "--format html" in log and "Traceback" not in log
    assert not out.exists() and not publish.staging_path(out).exists()


def test_pdf_handout_is_published_beside_the_page_and_format_overrides_it(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy", "formats": ["html", "pdf"]}, {"name": "plain"}])
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    toy, plain = manifest["reports"]
    assert (toy["pdf"], toy["formats"]) == ("toy.pdf", ["html", "pdf"])
    assert plain.get("pdf") is None and not (out / "plain.pdf").exists()
    assert (out / "toy.pdf").read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(out / "toy.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "玩具" in text, "the Chinese title is not text in the PDF"
    assert 'href="toy.pdf"' in (out / "toy.html").read_text(encoding="utf-8")
    assert not list(out.glob(".*.partial"))

    # unchanged: reused with its PDF; --format html: re-run, and the PDF is gone
    code, log = run_quietly(config, out)
    assert code == EXIT_OK and "up to date" in log
    code, log = run_quietly(config, out, formats=("html",))
    assert code == EXIT_OK, log
    assert not (out / "toy.pdf").exists()
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][0]["formats"] == ["html"]


def test_param_override_reaches_the_notebook(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, TWO_REPORTS)
    code, log = run_quietly(config, out, params=["toy:rows=2", "scale=3"])
    assert code == EXIT_OK, log
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    toy, en = manifest["reports"]
    assert (toy["parameters"]["rows"], toy["parameters"]["scale"]) == (2, 3.0)
    assert (en["parameters"]["rows"], en["parameters"]["scale"]) == (5, 3.0)
    assert (out / "tables/toy/values.csv").read_text(encoding=CSV_ENCODING).splitlines()[1:] == [
        "指标1,3.0",
        "指标2,6.0",
    ]


def manifest_time(out, name: str, key: str) -> str:
    """A report's time stamp in the published manifest, to the minute as the stale banner gives it."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["reports"] if e["name"] == name)
    return entry[key].replace("T", " ")[:16]


def test_failing_report_keeps_its_last_good_output_and_the_others_publish(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, TWO_REPORTS)
    assert run_quietly(config, out)[0] == EXIT_OK
    good_toy = {name: data for name, data in contents(out).items() if name.startswith(("toy.", "tables/toy/"))}
    good_en_html = (out / "toy-en.html").read_bytes()

    write_config(tmp_path, [{"name": "toy", "parameters": {"fail": True}}, TWO_REPORTS[1]])
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_FAILED
    assert "toy FAILED: RuntimeError: toy failure requested by the fail parameter" in log
    # the operator's line names the cell, its first line and the failed notebook's path
    assert f"in cell 7 of the executed notebook (In [5]: if fail:); failed notebook: {out / 'toy.failed.ipynb'}" in log
    now = contents(out)
    for name, data in good_toy.items():
        if name == "toy.html":  # kept, with a banner at its top saying it is out of date
            assert re.sub(rb"<!--zhili:stale-->.*?<!--/zhili:stale-->", b"", now[name], flags=re.S) == re.sub(
                rb"<!--zhili:stale-->.*?<!--/zhili:stale-->", b"", data, flags=re.S
            ), "toy.html of the last good run was not kept"
            continue
        assert now[name] == data, f"{name} of the last good run was not kept"
    kept = (out / "toy.html").read_text(encoding="utf-8")
    assert kept.count('class="zhili-stale"') == 1 and 'href="ops.html#report-toy"' in kept
    assert "此页不是最新的" in kept and manifest_time(out, "toy", "last_good_run_at") in kept
    assert 'class="zhili-stale"' not in (out / "toy-en.html").read_text(encoding="utf-8")
    assert (out / "toy-en.html").read_bytes() == good_en_html  # run again: the same inputs, the same bytes
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    toy, en = manifest["reports"]
    assert en["reused"] is False and en["run_at"] != toy["last_good_run_at"]  # it did run again
    assert (toy["status"], en["status"]) == ("failed", "ok")
    assert toy["html"] == "toy.html" and toy["executed_notebook"] == "toy.failed.ipynb"
    assert toy["error"]["ename"] == "RuntimeError" and toy["error"]["cell_index"] is not None
    failed_nb = json.loads((out / "toy.failed.ipynb").read_text(encoding="utf-8"))
    assert any(o.get("ename") == "RuntimeError" for c in failed_nb["cells"] for o in c.get("outputs", []))
    ops = (out / "ops.html").read_text(encoding="utf-8")
    assert "RuntimeError" in ops and "toy failure requested by the fail parameter" in ops
    assert "raise RuntimeError(&#34;toy failure requested" in ops or "raise RuntimeError(&quot;toy failure" in ops
    assert 'href="toy.failed.ipynb"' in ops and "last good version" in ops
    # readers see no traceback, only that the page is an older one
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "RuntimeError" not in index and "toy failure" not in index and "本次更新未成功" in index

    # failing again: still one banner, naming the latest failed run
    code, _ = run_quietly(config, out, force=True)
    assert code == EXIT_FAILED
    kept = (out / "toy.html").read_text(encoding="utf-8")
    assert kept.count('class="zhili-stale"') == 1 and manifest_time(out, "toy", "run_at") in kept

    # the next good run replaces the failure, and its page has no banner
    write_config(tmp_path, TWO_REPORTS)
    assert run_quietly(config, out)[0] == EXIT_OK
    assert not (out / "toy.failed.ipynb").exists()
    assert 'class="zhili-stale"' not in (out / "toy.html").read_text(encoding="utf-8")


def test_a_report_that_never_succeeded_fails_without_a_page(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy", "parameters": {"fail": True}}, {"name": "ok"}])
    code, _ = run_quietly(config, out)
    assert code == EXIT_FAILED
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"][0]["html"] is None and manifest["reports"][1]["status"] == "ok"
    assert not (out / "toy.html").exists() and (out / "ok.html").exists()
    assert "No good version of this report" in (out / "ops.html").read_text(encoding="utf-8")
    assert "暂无可用版本" in (out / "index.html").read_text(encoding="utf-8")


def test_second_run_with_no_change_rewrites_nothing(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, TWO_REPORTS)
    assert run_quietly(config, out)[0] == EXIT_OK
    (out / ".gitkeep").write_text("", encoding="utf-8")  # a file no run made
    before = snapshot(out)
    time.sleep(0.05)  # so that a rewrite would show in the mtimes
    started = time.monotonic()
    code, log = run_quietly(config, out)
    assert code == EXIT_OK and "up to date" in log
    assert time.monotonic() - started < 1.5
    assert snapshot(out) == before

    # one report changed: only it is re-run; the other's files are the very same inodes
    write_config(tmp_path, [TWO_REPORTS[0], {"name": "toy-en", "parameters": {"lang": "en", "rows": 6}}])
    code, log = run_quietly(config, out)
    assert code == EXIT_OK and "1 unchanged, reused" in log
    after = snapshot(out)
    for name in ("toy.html", "toy.ipynb", "tables/toy/values.csv", ".gitkeep"):
        assert after[name] == before[name], name
    assert after["toy-en.html"] != before["toy-en.html"]

    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK and "reused" not in log
    assert snapshot(out)["toy.html"] != after["toy.html"]


def test_only_reruns_the_chosen_report_and_keeps_the_others(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, TWO_REPORTS)
    assert run_quietly(config, out)[0] == EXIT_OK
    before = snapshot(out)
    code, log = run_quietly(config, out, reports=["toy-en"], force=True)
    assert code == EXIT_OK and "running 1 report(s)" in log
    after = snapshot(out)
    for name in ("toy.html", "toy.ipynb", "tables/toy/values.csv"):
        assert after[name] == before[name], name
    assert after["toy-en.html"] != before["toy-en.html"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in manifest["reports"]] == ["toy", "toy-en"]  # the config's order
    code, log = run_quietly(config, out, reports=["toi"])
    assert code == EXIT_BAD_INPUT and "--only 'toi': no such report (did you mean 'toy'?)" in log


def _start_cli_run(config: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config), "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )


def _wait_until(predicate, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_run_leaves_the_last_good_output_and_a_concurrent_run_is_refused(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, TWO_REPORTS)
    assert run_quietly(config, out)[0] == EXIT_OK
    before, before_bytes = snapshot(out), contents(out)

    marker = tmp_path / "executing"
    write_config(tmp_path, [{"name": "toy", "parameters": {"sleep": 60.0, "touch": str(marker)}}, TWO_REPORTS[1]])
    victim = _start_cli_run(config, out, "--force")
    family: list[psutil.Process] = []
    try:
        _wait_until(marker.exists, what="the notebook to start executing")
        # its workers and their kernels (plain, or forked by the run's kernel server)
        family = psutil.Process(victim.pid).children(recursive=True)
        assert any("ipykernel" in " ".join(p.cmdline()) or p.name() == "zhili-kernel" for p in family)
        staging = tmp_path / f".outputs.staging-{victim.pid}"
        assert staging.is_dir()

        # while it runs, a second run on the same folder refuses at once
        code, log = run_quietly(config, out)
        assert code == EXIT_LOCKED
        assert "another `zhili run` is publishing to" in log and f"pid {victim.pid}" in log

        victim.send_signal(signal.SIGKILL)  # the run only, as a scheduler's hard stop of the job would
        victim.wait()
        assert victim.returncode == -signal.SIGKILL
        # its workers and kernels do not outlive it
        _, alive = psutil.wait_procs(family, timeout=30)
        assert not alive, [p.cmdline() for p in alive]
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
        for process in family:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass

    assert snapshot(out) == before and contents(out) == before_bytes
    write_config(tmp_path, TWO_REPORTS)
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK, log
    assert f"removed .outputs.staging-{victim.pid} left by an interrupted run" in log
    assert not staging.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".outputs.staging")] == []
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][0]["status"] == "ok"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_cleans_up_and_publishes_nothing(tmp_path, stop):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy"}])
    assert run_quietly(config, out)[0] == EXIT_OK
    before, before_bytes = snapshot(out), contents(out)
    marker = tmp_path / "executing"
    write_config(tmp_path, [{"name": "toy", "parameters": {"sleep": 60.0, "touch": str(marker)}}])
    run_ = _start_cli_run(config, out)
    family: list[psutil.Process] = []
    try:
        _wait_until(marker.exists, what="the notebook to start executing")
        family = psutil.Process(run_.pid).children(recursive=True)
        run_.send_signal(stop)  # a scheduler stopping the job, or Ctrl-C
        assert run_.wait(timeout=60) == 130
        _, alive = psutil.wait_procs(family, timeout=30)
        assert not alive, [p.cmdline() for p in alive]
    finally:
        if run_.poll() is None:
            run_.kill()
        for process in family:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
    assert "the published reports are unchanged" in run_.stdout.read()
    assert snapshot(out) == before and contents(out) == before_bytes
    assert [p.name for p in tmp_path.iterdir() if ".staging" in p.name] == []


def test_wait_queues_behind_a_running_run(tmp_path):
    out = tmp_path / "outputs"
    marker = tmp_path / "executing"
    config = write_config(tmp_path, [{"name": "toy", "parameters": {"sleep": 2.0, "touch": str(marker)}}])
    first = _start_cli_run(config, out)
    _wait_until(marker.exists, what="the first run to execute")
    started = time.monotonic()
    code, log = run_quietly(config, out, wait=120)
    assert code == EXIT_OK, log
    assert "another" not in log
    # it could only take the lock once the first run had published and was exiting
    assert first.wait(timeout=10) == EXIT_OK, first.stdout.read()
    assert time.monotonic() - started > 1.0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][0]["status"] == "ok"


def test_cli_on_a_pipe_prints_plain_log_lines(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy"}])
    result = subprocess.run(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config), "--out", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(" zhili run: " in line for line in lines), lines
    assert "\r" not in result.stderr  # no progress bar redraws in a log file
    assert lines[-1].split(" zhili run: ")[1].startswith(f"published {out}")


def test_cli_on_a_terminal_shows_a_progress_bar(tmp_path):
    import pty
    import select

    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy"}])
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config), "--out", str(out)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                break
            try:
                data = os.read(master, 4096)
            except OSError:  # the run ended and closed the terminal
                break
            if not data:
                break
            seen += data
    finally:
        os.close(master)
        assert process.wait(timeout=120) == EXIT_OK
    text = seen.decode("utf-8", "replace")
    assert "\rzhili run: 100%|" in text and "1/1" in text and "toy ok" in text


def test_a_failed_swap_leaves_the_published_folder_and_no_staging(tmp_path, monkeypatch):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy"}])
    assert run_quietly(config, out)[0] == EXIT_OK
    before, before_bytes = snapshot(out), contents(out)

    def refuse(staging, target):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(publish, "swap_in", refuse)
    code, log = run_quietly(config, out, force=True)
    assert code == 4 and "could not publish" in log and "Permission denied" in log
    assert snapshot(out) == before and contents(out) == before_bytes
    assert [p.name for p in tmp_path.iterdir() if ".staging" in p.name] == []


def test_a_report_in_two_languages_runs_and_links_both_pages_together(tmp_path):
    out = tmp_path / "outputs"
    config = write_config(tmp_path, [{"name": "toy", "languages": ["zh", "en"]}, {"name": "other"}])
    code, log = run_quietly(config, out, reports=["toy-en"], params=["toy-en:rows=4"])
    assert code == EXIT_OK, log
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pages = {e["name"]: e for e in manifest["reports"]}
    assert sorted(pages) == ["toy", "toy-en"]  # --only names the report: both its languages ran
    assert {n: (e["lang"], e["group"], e["parameters"]["rows"]) for n, e in pages.items()} == {
        "toy": ("zh", "toy", 4),
        "toy-en": ("en", "toy", 4),
    }
    zh, en = ((out / f"{n}.html").read_text(encoding="utf-8") for n in ("toy", "toy-en"))
    assert '<a href="toy-en.html" hreflang="en" lang="en">English</a>' in zh
    assert '<a href="toy.html" hreflang="zh" lang="zh-CN">中文</a>' in en
    index = (out / "index.html").read_text(encoding="utf-8")
    # each section: the title links the page in its language, and both languages are listed
    assert index.count('href="toy.html"') == 3 and index.count('href="toy-en.html"') == 3

    refused, log = run_quietly(config, out, params=["toy:lang=en"])
    assert refused == EXIT_BAD_INPUT and "set there" in log


def test_the_front_page_lists_teaching_apart_and_a_students_handout_runs_without_its_solutions(tmp_path):
    """A report with section = "teaching" is listed under 教学 / Teaching, after the reports; one with
    solutions = false runs with its cells tagged `solution` emptied, and one with show_code shows its code."""
    import nbformat

    notebooks = tmp_path / "notebooks"
    write_config(tmp_path, [{"name": "x"}])
    toy = nbformat.read(notebooks / "toy.ipynb", as_version=4)
    answer = nbformat.v4.new_code_cell('print("the answer is 42")')
    answer.metadata["tags"] = ["solution"]
    toy.cells.append(answer)
    nbformat.write(toy, notebooks / "lesson.ipynb")
    config = notebooks / "reports.toml"
    config.write_text(
        '[[report]]\nname = "toy"\nnotebook = "toy.ipynb"\ntitle = "玩具"\n\n'
        '[[report]]\nname = "teacher"\nnotebook = "lesson.ipynb"\ntitle = "教师版"\nsection = "teaching"\n'
        "show_code = true\n\n"
        '[[report]]\nname = "student"\nnotebook = "lesson.ipynb"\ntitle = "学生版"\nsection = "teaching"\n'
        "show_code = true\nsolutions = false\n",
        encoding="utf-8",
    )
    code, log = run_quietly(config, tmp_path / "out")
    assert code == 0, log
    out = tmp_path / "out"
    teacher, student = ((out / f"{n}.html").read_text(encoding="utf-8") for n in ("teacher", "student"))
    code_cell = 'class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor"'
    assert teacher.count("the answer is 42") == 2 and code_cell in teacher  # the code and what it printed
    assert "the answer is 42" not in student and code_cell in student
    assert code_cell not in (out / "toy.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    reports, teaching = index.index('<h2 id="zh">报告</h2>'), index.index('<h2 id="zh-teaching">教学</h2>')
    assert reports < index.index('href="toy.html"') < teaching < index.index('href="teacher.html"')
    assert index.index('href="student.html"') > teaching and '<h2 id="en-teaching">Teaching</h2>' in index
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["name"]: e["section"] for e in manifest["reports"]} == {
        "toy": "reports",
        "teacher": "teaching",
        "student": "teaching",
    }
