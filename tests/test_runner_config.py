"""The reports config (notebooks/reports.toml): what it reads and how it refuses a bad entry."""

from __future__ import annotations

import re

import pytest
from runner_support import TWO_REPORTS, write_config

from zhili_data.runner.config import ConfigError, load_config


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
        (["html", "docx"], "unknown format 'docx'; allowed: html, pdf, slides"),
        (["pdf"], "must include 'html'"),
        ("pdf", "'formats' must be a list"),
    ],
)
def test_config_refuses_bad_formats_naming_the_report(tmp_path, formats, message):
    config = write_config(tmp_path, [{"name": "a", "formats": formats}])
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        load_config(config)
    assert "report #1 ('a')" in str(caught.value)


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
