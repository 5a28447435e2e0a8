"""The reports config (notebooks/reports.toml): what it reads and how it refuses a bad entry."""

from __future__ import annotations

import re

import pytest
from runner_support import TWO_REPORTS, write_config

from zhili_data.publish.config import ConfigError, load_config


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
        ('name = "index"\nnotebook = "toy.ipynb"\ntitle = "t"', "not one of history, index, manifest, ops, tables"),
        ('name = "ops"\nnotebook = "toy.ipynb"\ntitle = "t"', "not one of history, index, manifest, ops, tables"),
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


def test_config_languages_make_one_page_per_language(tmp_path):
    config = write_config(
        tmp_path,
        [{"name": "toy", "languages": ["zh", "en"], "parameters": {"rows": 4}, "summary": "问", "summary_en": "Asks"}],
    )
    zh, en = load_config(config)
    assert (zh.name, zh.group, zh.lang, zh.parameters) == ("toy", "toy", "zh", {"rows": 4, "lang": "zh"})
    assert (en.name, en.group, en.lang, en.parameters) == ("toy-en", "toy", "en", {"rows": 4, "lang": "en"})
    assert (zh.title_for(zh.lang), en.title_for(en.lang)) == ("玩具 toy", "Toy toy")
    assert (zh.summary_for("zh"), en.summary_for("en")) == ("问", "Asks")
    # the first language listed keeps the plain name
    (first, second) = load_config(write_config(tmp_path, [{"name": "toy", "languages": ["en", "zh"]}]))
    assert (first.name, first.lang, second.name, second.lang) == ("toy", "en", "toy-zh", "zh")


@pytest.mark.parametrize(
    ("languages", "extra", "message", "line"),
    [
        ('["zh", "eng"]', "", "language 'eng' is not one of 'zh', 'en' (did you mean 'en'?)", 5),
        ("[]", "", "'languages' must be a non-empty list of language codes", 5),
        ('"en"', "", "'languages' must be a non-empty list of language codes", 5),
        ('["en", "en"]', "", "lists a language twice", 5),
        ('["zh", "en"]', 'parameters = { lang = "en" }', "sets both 'languages' and parameters.lang", 6),
    ],
)
def test_config_languages_errors_name_file_line_and_fix(tmp_path, languages, extra, message, line):
    write_config(tmp_path, [{"name": "x"}])
    config = tmp_path / "notebooks" / "reports.toml"
    config.write_text(
        f'[[report]]\nname = "a"\nnotebook = "toy.ipynb"\ntitle = "t"\nlanguages = {languages}\n{extra}\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{config}:{line}: report #1 ('a')")


def test_config_languages_refuse_a_page_name_taken_by_another_report(tmp_path):
    config = write_config(tmp_path, [{"name": "toy-en"}, {"name": "toy", "languages": ["zh", "en"]}])
    with pytest.raises(ConfigError, match="its en page 'toy-en' has the name of an earlier report"):
        load_config(config)
    config = write_config(tmp_path, [{"name": "toy", "languages": ["zh", "en"]}, {"name": "toy-en"}])
    with pytest.raises(ConfigError, match="'toy-en' is used twice"):
        load_config(config)


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


def test_the_project_config_publishes_every_notebook_in_chinese_and_english():
    from zhili_data.publish.config import default_config_path

    specs = load_config(default_config_path())
    pages = {(s.notebook.name, s.lang) for s in specs}
    for notebook in ("overview.ipynb", "growth.ipynb", "share.ipynb", "target_gap.ipynb"):
        assert {(notebook, "zh"), (notebook, "en")} <= pages
    for spec in specs:
        assert spec.title and spec.title_en and spec.summary and spec.summary_en, spec.name


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('section = "teach"', "section 'teach' is not one of 'reports', 'teaching' (did you mean 'teaching'?)"),
        ('show_code = "yes"', "'show_code' must be true or false, got 'yes'"),
        ("solutions = 0", "'solutions' must be true or false, got 0"),
    ],
)
def test_config_teaching_keys_are_checked(tmp_path, extra, message):
    write_config(tmp_path, [{"name": "x"}])
    config = tmp_path / "notebooks" / "reports.toml"
    config.write_text(f'[[report]]\nname = "a"\nnotebook = "toy.ipynb"\ntitle = "t"\n{extra}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert f"{config}:5: report #1 ('a'): {message}" in str(caught.value)


def test_the_project_config_publishes_the_teaching_pages_under_teaching():
    from zhili_data.publish.config import default_config_path

    specs = {s.name: s for s in load_config(default_config_path())}
    teaching = {name for name, s in specs.items() if s.section == "teaching"}
    assert teaching == {
        f"{page}{suffix}" for page in ("glossary", "lesson", "lesson-student", "methods") for suffix in ("", "-en")
    }
    assert specs["lesson"].solutions and not specs["lesson-student"].solutions
    assert specs["lesson"].show_code and specs["methods-en"].show_code and not specs["glossary"].show_code
    assert {"pdf", "slides"} <= set(specs["lesson"].formats) and "pdf" in specs["lesson-student-en"].formats
    assert not any(s.show_code or not s.solutions for s in specs.values() if s.section == "reports")
    names = list(specs)
    assert names.index("overview") == 0 and all(names.index(t) > names.index("target_gap-en") for t in teaching)
