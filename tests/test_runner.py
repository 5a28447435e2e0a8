"""The parts of `zhili run` that need no kernel: config, parameter checks, tables, table of
contents, publishing and the lock."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest
from runner_support import TOY, TWO_REPORTS, external_resources, write_config

from zhili_data.runner import publish
from zhili_data.runner.config import ConfigError, load_config
from zhili_data.runner.convert import toc_entries
from zhili_data.runner.inspection import (
    ParameterError,
    check_parameters,
    declared_parameters,
    effective_parameters,
    parse_override,
    parse_value,
)
from zhili_data.runner.lock import RunLockedError, run_lock
from zhili_data.runner.tables import harvest_tables

# --- config -------------------------------------------------------------------------------


def test_config_reads_reports_in_order(tmp_path):
    specs = load_config(write_config(tmp_path, TWO_REPORTS))
    assert [s.name for s in specs] == ["toy", "toy-en"]
    assert specs[1].parameters == {"lang": "en", "rows": 5}
    assert specs[1].title_for("en") == "Toy toy-en" and specs[1].title_for("zh") == "玩具 toy-en"
    assert specs[0].notebook == (tmp_path / "notebooks" / "toy.ipynb").resolve()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('name = "a"\nnotebok = "toy.ipynb"\ntitle = "t"', "unknown key 'notebok' (did you mean 'notebook'?)"),
        ('name = "a"\nnotebook = "missing.ipynb"\ntitle = "t"', "'missing.ipynb' is not an .ipynb file"),
        ('name = "Bad Name"\nnotebook = "toy.ipynb"\ntitle = "t"', "name 'Bad Name' must be lower-case"),
        ('name = "index"\nnotebook = "toy.ipynb"\ntitle = "t"', "not one of index"),
        ('name = "a"\nnotebook = "toy.ipynb"', "'title' is required"),
        ('name = "a"\nnotebook = "toy.ipynb"\ntitle = "t"\nparameters = 3', "'parameters' must be a table"),
    ],
)
def test_config_errors_name_the_problem(tmp_path, entry, message):
    write_config(tmp_path, [{"name": "x"}])  # puts the toy notebook next to the config
    config = tmp_path / "notebooks" / "reports.toml"
    config.write_text("[[report]]\n" + entry + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert message in str(caught.value)
    assert str(config) in str(caught.value)


def test_config_reads_formats_html_by_default(tmp_path):
    config = write_config(tmp_path, [{"name": "a"}, {"name": "b", "formats": ["pdf", "html"]}])
    a, b = load_config(config)
    assert a.formats == ("html",) and b.formats == ("html", "pdf")


@pytest.mark.parametrize(
    "formats, message",
    [
        (["html", "docx"], "unknown format 'docx'; allowed: html, pdf"),
        (["pdf"], "must include 'html'"),
        ("pdf", "'formats' must be a list"),
    ],
)
def test_config_refuses_bad_formats_naming_the_report(tmp_path, formats, message):
    config = write_config(tmp_path, [{"name": "a", "formats": formats}])
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        load_config(config)
    assert "report #1 ('a')" in str(caught.value)


def test_format_option_is_parsed_and_checked():
    from zhili_data.runner.pdf import parse_formats

    assert parse_formats("pdf, html") == ("html", "pdf")
    assert parse_formats("html") == ("html",)
    with pytest.raises(ValueError, match="--format: unknown format 'slides'"):
        parse_formats("html,slides")


def test_missing_chromium_is_named_with_the_ways_out(monkeypatch, tmp_path):
    from zhili_data.runner import pdf

    monkeypatch.setenv(pdf.ENV_CHROMIUM, str(tmp_path / "no-chromium"))
    with pytest.raises(pdf.ChromiumNotFoundError) as caught:
        pdf.find_chromium()
    assert "is not an executable file" in str(caught.value)
    assert "make browser" in str(caught.value) and "--format html" in str(caught.value)
    monkeypatch.delenv(pdf.ENV_CHROMIUM)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pdf.ChromiumNotFoundError, match="no chromium or chromium-browser on PATH"):
        pdf.find_chromium()


def test_config_refuses_a_name_used_twice(tmp_path):
    with pytest.raises(ConfigError, match="'toy' is used twice"):
        load_config(write_config(tmp_path, [{"name": "toy"}, {"name": "toy"}]))


def test_the_project_config_lists_every_notebook_and_the_english_variants():
    from zhili_data.runner.config import default_config_path

    config = default_config_path()
    data = __import__("tomllib").loads(config.read_text(encoding="utf-8"))
    entries = {(r["notebook"], r.get("parameters", {}).get("lang", "zh")) for r in data["report"]}
    for notebook in ("overview.ipynb", "growth.ipynb", "share.ipynb", "target_gap.ipynb"):
        assert (notebook, "zh") in entries
    assert ("target_gap.ipynb", "en") in entries and ("overview.ipynb", "en") in entries
    for entry in data["report"]:
        assert entry["title"] and entry["title_en"]


# --- parameters -----------------------------------------------------------------------------


def test_declared_parameters_come_from_papermills_inspection():
    declared = declared_parameters(TOY)
    assert list(declared) == ["report", "lang", "rows", "scale", "fail", "sleep", "touch"]
    assert declared["scale"].default == 1.5
    assert declared["lang"].help == "zh or en"


def test_unknown_parameter_suggests_the_close_name():
    with pytest.raises(ParameterError) as caught:
        check_parameters({"rowz": 4}, declared_parameters(TOY), where="report 'toy'")
    message = str(caught.value)
    assert "unknown parameter 'rowz' (did you mean 'rows'?)" in message
    assert "allowed: report, lang, rows, scale, fail, sleep, touch" in message


def test_parameter_of_the_wrong_type_is_refused_and_int_fits_a_float():
    declared = declared_parameters(TOY)
    with pytest.raises(ParameterError, match="parameter 'rows' must be a number like its default 3, got 'many'"):
        check_parameters({"rows": "many"}, declared, where="toy")
    assert check_parameters({"scale": 2}, declared, where="toy") == {"scale": 2.0}
    assert isinstance(check_parameters({"scale": 2}, declared, where="toy")["scale"], float)


def test_effective_parameters_merge_defaults_in_cell_order():
    declared = declared_parameters(TOY)
    assert effective_parameters({"rows": 9}, declared) == {
        "report": "zhili-2021-midyear",
        "lang": "zh",
        "rows": 9,
        "scale": 1.5,
        "fail": False,
        "sleep": 0.0,
        "touch": "",
    }


def test_override_values_are_read_as_the_declared_type():
    declared = declared_parameters(TOY)
    assert parse_value("7", declared["rows"]) == 7
    assert parse_value("2.5", declared["scale"]) == 2.5
    assert parse_value("true", declared["fail"]) is True
    assert parse_value("2021", declared["lang"]) == "2021"  # a string parameter keeps the text
    list_param = type(declared["rows"])("indicators", "[]", "")
    assert parse_value('["gdp", "fai"]', list_param) == ["gdp", "fai"]
    assert parse_value("gdp, fai", list_param) == ["gdp", "fai"]
    assert parse_value("3") == 3 and parse_value("x y") == "x y"


def test_override_syntax():
    assert parse_override("lang=en") == (None, "lang", "en")
    assert parse_override("target_gap-en:tolerance=2.5") == ("target_gap-en", "tolerance", "2.5")
    assert parse_override("as_of=2021-06-30") == (None, "as_of", "2021-06-30")
    with pytest.raises(ParameterError, match="expected NAME=VALUE"):
        parse_override("lang")


# --- tables and table of contents -------------------------------------------------------------


def _notebook_with_tables():
    nb = nbformat.v4.new_notebook()
    table = {"text/html": "<table></table>", "text/csv": "指标,值\n国内生产总值,181\n", "text/plain": "t"}
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data=table, metadata={"zhili": {"table": "gdp", "title": "GDP"}}),
        nbformat.v4.new_output("display_data", data=table, metadata={"zhili": {"table": "gdp", "title": "again"}}),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>not a table</p>"}, metadata={}),
        nbformat.v4.new_output("display_data", data=table, metadata={"zhili": {"table": "../escape", "title": "x"}}),
    ]
    nb.cells = [cell]
    return nb


def test_tables_are_written_as_utf8_with_bom_and_never_overwrite_each_other(tmp_path):
    nb = _notebook_with_tables()
    records = harvest_tables(nb, tmp_path / "tables" / "r", report="r", link_prefix="tables/r")
    assert [r["csv"] for r in records] == ["tables/r/gdp.csv", "tables/r/gdp-2.csv", "tables/r/escape.csv"]
    raw = (tmp_path / "tables" / "r" / "gdp.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8") == "指标,值\n国内生产总值,181\n"
    assert sorted(p.name for p in (tmp_path / "tables" / "r").iterdir()) == ["escape.csv", "gdp-2.csv", "gdp.csv"]
    # the in-memory notebook now links each table to its file, for the HTML page
    assert nb.cells[0].outputs[1].metadata["zhili"]["csv"] == "tables/r/gdp-2.csv"


def test_toc_lists_headings_with_ids_without_the_permalink_sign():
    html = (
        '<h2 id="a">增长 <em>Growth</em><a class="anchor-link" href="#a">¶</a></h2>'
        '<h3 id="b">细节</h3><h2>no id, cannot be linked</h2><h4 id="c">too deep</h4>'
    )
    assert toc_entries(html) == [
        {"level": 1, "id": "a", "text": "增长 Growth"},
        {"level": 2, "id": "b", "text": "细节"},
    ]


def test_page_leaves_out_notebook_only_cells_and_puts_the_run_facts_in_its_footer():
    from zhili_data.runner.convert import notebook_to_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 参数说明 only-for-the-notebook", metadata={"tags": ["notebook-only"]}),
        nbformat.v4.new_markdown_cell("## 要点\n\nshown-on-the-page"),
    ]
    page = notebook_to_html(
        nb,
        title='标题 "</style>',
        parameters={"lang": "zh"},
        data_version="v-123",
        generated="2021-08-06T10:00:00+08:00",
        lang="zh",
    )
    assert "only-for-the-notebook" not in page and "shown-on-the-page" in page
    footer = page[page.index('<footer class="zhili-footer">') :]
    assert "lang=&#39;zh&#39;" in footer or "lang='zh'" in footer
    assert "v-123" in footer and "2021-08-06 10:00:00" in footer
    header = page[page.index('<header class="zhili-header">') : page.index("</header>")]
    assert "v-123" not in header
    # the printed page footer carries the title as a CSS string that cannot end the style element
    style = page[page.index("@page { @bottom-left") :]
    assert style.index("</style>") > style.index("}")
    assert '"</style>' not in page[: page.index("</style>")]


def test_css_string_escapes_quotes_backslashes_and_markup():
    from zhili_data.runner.convert import css_string

    assert css_string("织里镇 2021") == "织里镇 2021"
    assert css_string('a"b\\c<d>') == "a\\22 b\\5c c\\3c d\\3e "


def test_resource_scanner_catches_what_a_browser_would_fetch():
    assert external_resources('<a href="https://example.org">link</a><img src="data:image/png;base64,AA==">') == []
    assert external_resources("<style>/* https://example.org */ body { color: red }</style>") == []
    bad = [
        '<script src="https://cdn.example.org/require.js"></script>',
        '<link rel="stylesheet" href="//fonts.example.org/x.css">',
        '<img src="http://example.org/x.png">',
        "<style>@import 'x.css';</style>",
        "<style>body { background: url(https://example.org/bg.png) }</style>",
        '<div style="background: url(//example.org/bg.png)"></div>',
        '<script>import("https://cdn.example.org/mermaid.mjs")</script>',
    ]
    for html in bad:
        assert external_resources(html), html


# --- publishing ---------------------------------------------------------------------------------


def _folder(path, text):
    path.mkdir()
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_swap_in_replaces_the_folder_and_removes_the_old_one(tmp_path):
    out = _folder(tmp_path / "outputs", "old")
    staging = publish.new_staging(out)
    (staging / "index.html").write_text("new", encoding="utf-8")
    staged_inode = staging.stat().st_ino
    publish.swap_in(staging, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert out.stat().st_ino == staged_inode
    assert not publish.staging_path(out).exists() and not publish.previous_path(out).exists()


def test_swap_without_renameat2_falls_back_to_rename_aside(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    out = _folder(tmp_path / "outputs", "old")
    staging = publish.new_staging(out)
    (staging / "index.html").write_text("new", encoding="utf-8")
    publish.swap_in(staging, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


def test_recover_puts_back_a_folder_left_aside_by_a_killed_run(tmp_path):
    out = tmp_path / "outputs"
    _folder(publish.previous_path(out), "last good")  # killed between the two renames
    _folder(tmp_path / ".outputs.staging-99999", "half built")  # the killed run's pid
    done = publish.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]
    assert len(done) == 2


def test_recover_removes_leftovers_and_keeps_the_published_folder(tmp_path):
    out = _folder(tmp_path / "outputs", "published")
    _folder(tmp_path / ".outputs.staging-99999", "half built")
    _folder(tmp_path / ".elsewhere.staging-99999", "another folder's")
    publish.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "published"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".elsewhere.staging-99999", "outputs"]


# --- lock -----------------------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from zhili_data.runner.lock import run_lock
    with run_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def _hold_lock(out, seconds):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_lock_refuses_a_second_run_and_names_the_holder(tmp_path):
    out = tmp_path / "outputs"
    holder = _hold_lock(out, 30)
    try:
        with pytest.raises(RunLockedError) as caught, run_lock(out, wait=0):
            pass
        message = str(caught.value)
        assert f"pid {holder.pid}" in message and str(out) in message and "--wait" in message
    finally:
        holder.kill()
        holder.wait()
    with run_lock(out, wait=0):  # the dead holder's lock is gone with it
        pass


def test_lock_waits_when_asked(tmp_path):
    out = tmp_path / "outputs"
    holder = _hold_lock(out, 1.5)
    started = time.monotonic()
    with run_lock(out, wait=30):
        waited = time.monotonic() - started
    holder.wait()
    assert holder.returncode == 0
    assert 0.5 < waited < 30


def test_owner_record_is_json(tmp_path):
    out = tmp_path / "outputs"
    with run_lock(out):
        owner = json.loads((tmp_path / ".outputs.lock.owner").read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid()
