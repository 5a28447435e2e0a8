"""manifest.json and history.json (zhili_data.publish.manifest, .history): the hashes that decide whether a
report is reused, and the schema by which a forged or damaged state file is refused whole."""

from __future__ import annotations

import copy
import json
import os
import platform
from importlib import metadata

import pytest

from zhili_data.app import publishing_hooks
from zhili_data.publish import history, manifest
from zhili_data.publish.index import write_index
from zhili_data.publish.manifest import package_versions


def test_package_versions_are_those_importlib_metadata_reads():
    expected = {"python": platform.python_version()}
    for dist in metadata.distributions():
        expected[dist.metadata["Name"].lower().replace("_", "-")] = dist.version
    assert package_versions() == dict(sorted(expected.items()))


# --- read by schema: a forged or damaged manifest.json or history.json is refused whole ------------------

ENTRY = {
    "name": "toy",
    "notebook": "notebooks/toy.ipynb",
    "parameters": {"lang": "zh"},
    "html": "toy.html",
    "slides": None,
    "formats": ["html", "pdf"],
    "pdf": "toy.pdf",
    "status": "ok",
    "seconds": 0.9,
    "cpu_seconds": {"execution": 0.07, "conversion": 0.04},
    "title": "玩具",
    "lang": "zh",
    "group": "toy",
    "summary": "",
    "data_version": "zhili-2021-midyear@da88eb354fca",
    "run_at": "2026-12-04T12:35:38+00:00",
    "inputs_sha256": "d8" * 32,
    "notebook_sha256": "f2" * 32,
    "passed_parameters": {},
    "executed_notebook": "toy.ipynb",
    "tables": [{"table": "values", "title": "数值", "csv": "tables/toy/values.csv", "report": "toy"}],
    "xlsx": "tables/toy/toy-tables.xlsx",
    "headline": [],
    "error": None,
    "reused": False,
}
GOOD = {"format": manifest.FORMAT, "generated": "2026-12-04T12:35:38+00:00", "config": "notebooks/reports.toml"}
GOOD["reports"] = [ENTRY, {**ENTRY, "name": "toy-en", "html": "toy-en.html", "pdf": None, "executed_notebook": None}]
GOOD["reports"][1] |= {"tables": [], "xlsx": None, "status": "failed", "good_notebook": None, "last_good_run_at": None}
GOOD["reports"][1]["error"] = {"ename": "E", "evalue": "x", "cell_index": 3, "execution_count": 4, "cell_source": "1/0"}


def _deep(levels: int):
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


def _damaged(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data["reports"][0])
    return data


MANIFEST_DAMAGE = {
    "pdf outside the folder": (lambda e: e.update(pdf="/etc/hostname"), "'/etc/hostname', which is not a file inside"),
    "xlsx outside the folder": (
        lambda e: e.update(xlsx="../t/file.txt"),
        "'../t/file.txt', which is not a file inside",
    ),
    "html is the index": (lambda e: e.update(html="index.html"), "one of the run's own files"),
    "html is the history": (lambda e: e.update(html="tables/history.json"), "one of the run's own files"),
    "html is another report's page": (lambda e: e.update(html="toy-en.html"), "none of the files a run of it writes"),
    "slides is another report's": (lambda e: e.update(slides="toy-en-slides.html"), "none of the files a run of it"),
    "a table outside its folder": (lambda e: e["tables"][0].update(csv="tables/toy-en/x.csv"), "none of the files"),
    "seconds as text": (lambda e: e.update(seconds="fast"), "manifest.reports[0].seconds must be a number"),
    "seconds negative": (lambda e: e.update(seconds=-1), "manifest.reports[0].seconds must be a number"),
    "error as text": (lambda e: e.update(error="boom"), "manifest.reports[0].error must be an object, not text"),
    "error.cell_index as text": (
        lambda e: e.update(error={**GOOD["reports"][1]["error"], "cell_index": "3"}),
        "manifest.reports[0].error.cell_index must be a number",
    ),
    "error lacks its cell": (
        lambda e: e.update(error={"ename": "E", "evalue": ""}),
        "manifest.reports[0].error lacks 'cell_index'",
    ),
    "failed without its error": (lambda e: e.update(status="failed"), "manifest.reports[0].error must be an object"),
    "title missing": (lambda e: e.pop("title"), "manifest.reports[0] lacks 'title'"),
    "status unknown": (lambda e: e.update(status="great"), "status is 'great'; allowed: ok, failed"),
    "name with a slash": (lambda e: e.update(name="../toy"), "manifest.reports[0].name is '../toy'; allowed:"),
    "name the index": (lambda e: e.update(name="index", html="index.html"), "manifest.reports[0].name is 'index'"),
    "tables as text": (lambda e: e.update(tables="x"), "manifest.reports[0].tables must be a list"),
    "headline of numbers": (lambda e: e.update(headline=[5]), "manifest.reports[0].headline[0] must be an object"),
    "deep nesting": (lambda e: e.update(parameters={"x": "PLACEHOLDER"}), "nested deeper than 32 levels"),
    "a little too deep": (lambda e: e.update(parameters={"x": _deep(40)}), "nested deeper than 32 levels"),
}


def test_a_manifest_a_run_wrote_is_read():
    assert manifest._check(copy.deepcopy(GOOD)) is None


@pytest.mark.parametrize("case", list(MANIFEST_DAMAGE))
def test_a_damaged_manifest_is_refused_naming_the_field(tmp_path, case):
    change, expected = MANIFEST_DAMAGE[case]
    text = json.dumps(_damaged(change))
    if "deep" in case:  # json.dumps cannot write 100,000 levels: the file is written as text
        text = text.replace('"PLACEHOLDER"', "[" * 100_000 + "]" * 100_000)
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    with pytest.raises(manifest.ManifestError, match=None) as caught:
        manifest.load_manifest(tmp_path)
    assert expected in str(caught.value), str(caught.value)


def test_two_entries_of_one_report_are_refused():
    data = copy.deepcopy(GOOD)
    data["reports"].append(copy.deepcopy(ENTRY))
    with pytest.raises(manifest.ManifestError, match="'toy' appears twice"):
        manifest._check(data)


HISTORY_DAMAGE = {
    "seconds as text": ('[{"started": "2026", "seconds": "5", "counts": {}, "reports": []}]', "seconds"),
    "counts as text": ('[{"started": "2026", "seconds": 5, "counts": "x", "reports": []}]', "counts must be an object"),
    "reports of numbers": (
        '[{"started": "2026", "seconds": 5, "counts": {"ok": 1, "failed": 0, "reused": 0, "kept": 0}, "reports": [5]}]',
        "history[0].reports[0] must be an object",
    ),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested deeper than 32 levels"),
    "not JSON": ("[{", "not JSON"),
    "not a list": ('{"runs": []}', "history must be a list"),
}


@pytest.mark.parametrize("case", list(HISTORY_DAMAGE))
def test_a_damaged_history_is_named(tmp_path, case):
    text, expected = HISTORY_DAMAGE[case]
    (tmp_path / "history.json").write_text(text, encoding="utf-8")
    with pytest.raises(history.HistoryError) as caught:
        history.load_history(tmp_path)
    assert expected in str(caught.value), str(caught.value)


def test_a_history_a_run_wrote_is_read_back_with_its_fields_only(tmp_path):
    run = history.run_record(started="2026-12-04T12:00:00+00:00", seconds=3.25, reports={"toy": "ok", "x": "kept"})
    history.write_history(tmp_path, [{**run, "extra": {"a": 1}}])
    assert history.load_history(tmp_path) == [run]
    assert history.load_history(tmp_path / "none") == []


def test_the_run_never_writes_through_a_link_to_a_published_file(tmp_path):
    # A staging folder may hold hard links to published files; the run's own files are written anew.
    live, staging = tmp_path / "out", tmp_path / "staging"
    live.mkdir(), staging.mkdir()
    for name in ("index.html", "ops.html", "manifest.json", "history.json"):
        (live / name).write_text("published", encoding="utf-8")
        os.link(live / name, staging / name)
    write_index(staging, copy.deepcopy(GOOD), [], hooks=publishing_hooks())
    manifest.write_manifest(staging, copy.deepcopy(GOOD))
    history.write_history(staging, [])
    for name in ("index.html", "ops.html", "manifest.json", "history.json"):
        assert (live / name).read_text(encoding="utf-8") == "published", name
        assert (staging / name).read_text(encoding="utf-8") != "published", name
