"""topics.csv: curated topic tags per figure, checked against the vocabulary, carried by load_figures."""

import shutil

import pytest

import zhili_data
from zhili_data.core.catalog import get_report
from zhili_data.core.figures import figure_topics
from zhili_data.core.schema import TOPICS
from zhili_data.core.topics import TopicsFileError, read_topics, topic_problems


def test_shipped_topics_are_valid_and_tag_every_figure(figures):
    assert topic_problems(get_report().topics_path, list(figures["figure_id"])) == []
    assert figures["topics"].str.len().gt(0).all()


def test_topics_are_usable_for_grouping(figures):
    tagged = figure_topics(figures)
    assert list(tagged.columns) == ["figure_id", "topic", "topic_zh"]
    assert list(tagged["topic"].cat.categories) == list(TOPICS)
    talent = set(tagged.loc[tagged["topic"] == "talent", "figure_id"])
    assert {
        "overseas_engineers_2021h1_actual",
        "national_talent_projects_2021h1_actual",
        "fulltime_leading_talents_2021h1_actual",
    } <= talent
    counts = figures.merge(tagged, on="figure_id").groupby("topic", observed=True)["figure_id"].count()
    assert counts["talent"] == len(talent) and counts.sum() == len(tagged)
    assert (tagged.loc[tagged["topic"] == "talent", "topic_zh"] == "人才").all()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "gdp_2021h1_actual,economy;talnet",
            "topics.csv:3 [gdp_2021h1_actual] topics='economy;talnet': 'talnet' is not a topic; allowed: economy",
        ),
        ("gdp_2021h1_actual,", "topics.csv:3 [gdp_2021h1_actual] topics='': give at least one tag of: economy"),
        (
            "gdp_2021h1_actul,economy",
            "topics.csv:3 [gdp_2021h1_actul] figure_id='gdp_2021h1_actul': no such figure in figures.csv",
        ),
    ],
    ids=["unknown tag", "no tag", "unknown figure"],
)
def test_validate_names_the_bad_row(tmp_path, line, expected):
    from zhili_data.core.curated import Problem

    source = get_report().topics_path.read_text(encoding="utf-8").splitlines()
    assert source[2].startswith("gdp_2021h1_actual,")
    path = tmp_path / "topics.csv"
    path.write_text("\n".join([*source[:2], line, *source[3:]]) + "\n", encoding="utf-8")
    problems = [str(Problem(path, *p)) for p in topic_problems(path, list(zhili_data.load_figures()["figure_id"]))]
    assert any(p.startswith(expected) for p in problems), problems


def test_untagged_and_twice_tagged_figures_are_problems(tmp_path):
    path = tmp_path / "topics.csv"
    path.write_text("figure_id,topics\ngdp_2021h1_actual,economy\ngdp_2021h1_actual,investment\n", encoding="utf-8")
    problems = [p[-1] for p in topic_problems(path, ["gdp_2021h1_actual", "population_todate_actual"])]
    assert "already tagged on line 2; one row per figure" in problems
    assert any(p.startswith("1 figure(s) have no topics: population_todate_actual") for p in problems)


def test_the_loader_refuses_an_unknown_tag_naming_the_line(tmp_path):
    path = tmp_path / "topics.csv"
    path.write_text("figure_id,topics\ngdp_2021h1_actual,economy;talnet\n", encoding="utf-8")
    with pytest.raises(TopicsFileError, match=r"topics.csv, line 2 \(gdp_2021h1_actual\): 'talnet' is not a topic"):
        read_topics(path)


def test_tags_come_in_vocabulary_order(tmp_path):
    path = tmp_path / "topics.csv"
    path.write_text("figure_id,topics\nx,talent; economy\n", encoding="utf-8")
    assert read_topics(path) == {"x": "economy;talent"}


def test_zhili_validate_checks_topics(tmp_path, monkeypatch):
    report = tmp_path / "reports" / get_report().id
    shutil.copytree(get_report().folder, report)
    text = (report / "topics.csv").read_text(encoding="utf-8")
    (report / "topics.csv").write_text(
        text.replace("overseas_engineers_2021h1_actual,talent", "overseas_engineers_2021h1_actual,talents"),
        encoding="utf-8",
    )
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZHILI_REPORTS_DIR": str(report.parent), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "zhili_data.cli", "validate"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert "[overseas_engineers_2021h1_actual] topics='talents': 'talents' is not a topic" in result.stderr
