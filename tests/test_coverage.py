"""Coverage of the source: every numeric mention is claimed by a figure or excluded with a reason."""

import io

import pandas as pd
import pytest

from zhili_data.core import coverage
from zhili_data.core.coverage import (
    MENTION_COLUMNS,
    coverage_problems,
    coverage_summary,
    coverage_table,
    exclusion_problems,
    scan_mentions,
)
from zhili_data.core.curated import read_table
from zhili_data.core.schema import EXCLUSION_COLUMNS, EXCLUSION_REASONS
from zhili_data.core.source import clean_source

FIGURES = pd.DataFrame(
    [
        ("design_talent_to_date_actual", "引进设计人才近千名", "近千名"),
        ("pilot_exports_to_date_actual", "试点出口业务量突破 10亿美元大关", "突破10亿美元"),
        ("village_income_2021h1_actual", "9个行政村村集体经营性收入超百万", "超百万"),
        ("projects_100m_2021h1_actual", "上半年共引进亿元以上项目 15个", "15个"),
        ("road_grid_2021_2025_target", "规划区内七纵二横道路框架计划五年内全部实施完成", "七纵"),
    ],
    columns=["figure_id", "quote", "figure_text"],
)


def _exclusions(*rows):
    return pd.DataFrame(
        [dict(dict.fromkeys(EXCLUSION_COLUMNS, ""), **row) for row in rows], columns=list(EXCLUSION_COLUMNS)
    )


@pytest.fixture(scope="module")
def mentions():
    return scan_mentions()


def test_scan_columns_and_offsets(mentions):
    text = clean_source().text
    assert list(mentions.columns) == list(MENTION_COLUMNS)
    assert all(text[m.start : m.end] == m.mention for m in mentions.itertuples())
    assert (mentions["start"].diff().dropna() > 0).all()
    assert (mentions["start"].iloc[1:].to_numpy() >= mentions["end"].iloc[:-1].to_numpy()).all()  # no overlaps
    assert all(m.mention in m.context for m in mentions.itertuples())


def test_scan_finds_arabic_numbers_with_multiplier_and_percent(mentions):
    found = set(mentions["mention"])
    assert {"29.6万", "2.2万", "398.44亿", "1089", "100%", "17.5%", "10亿", "4.5万", "2021", "2.0", "5"} <= found
    assert "29.6" not in found and "4.5" not in found  # the multiplier belongs to the number, even across a line break
    assert "87" not in found  # digits of the junk URL lines (%E5%87%9D) are not part of the text


def test_scan_finds_chinese_numeral_runs_without_a_stop_list(mentions):
    found = set(mentions["mention"])
    assert {"千", "百万", "十八", "八八", "七", "二", "两", "百亿", "千亿"} <= found
    words = mentions[mentions["context"].str.contains("一体化|进一步|万邦德")]
    assert {"一", "万"} <= set(words["mention"])


def test_mention_place(mentions):
    (row,) = mentions[mentions["context"].str.contains("引进设计人才近千名")].itertuples()
    assert (row.mention, row.page, row.section) == ("千", 3, "一、上半年工作回顾 › （一）经济发展稳中有进")
    assert row.line == 92


def test_figures_claim_the_mentions_inside_their_figure_text():
    table = coverage_table(figures=FIGURES, exclusions=_exclusions())
    curated = table[table["status"] == "curated"]
    assert sorted(zip(curated["mention"], curated["figure_id"])) == sorted(
        [
            ("千", "design_talent_to_date_actual"),
            ("10亿", "pilot_exports_to_date_actual"),
            ("百万", "village_income_2021h1_actual"),
            ("15", "projects_100m_2021h1_actual"),
            ("七", "road_grid_2021_2025_target"),
        ]
    )
    # 亿 of 亿元以上项目 and 二 of 七纵二横 stand in the quotes but outside the figure texts
    assert set(table.loc[table["context"].str.contains("七纵二横") & (table["mention"] == "二"), "status"]) == {
        "unaccounted"
    }


def test_exclusions_match_by_context_or_everywhere():
    exclusions = _exclusions(
        dict(mention="一", context="一体化", reason="word"),
        dict(mention="2021", context="", reason="date"),
        dict(
            mention="亿",
            context="上半年共引进亿元以上项目",
            reason="threshold",
            figure_id="projects_100m_2021h1_actual",
        ),
    )
    table = coverage_table(figures=FIGURES, exclusions=exclusions)
    text = clean_source().text
    excluded = table[table["status"] == "excluded"]
    ones = excluded[excluded["mention"] == "一"]
    assert len(ones) == text.count("一体化") == 2
    assert all(text[m.start : m.start + 3] == "一体化" for m in ones.itertuples())
    assert len(excluded[excluded["mention"] == "2021"]) == (table["mention"] == "2021").sum() == 2
    (threshold,) = excluded[excluded["mention"] == "亿"].itertuples()
    assert (threshold.reason, threshold.figure_id) == ("threshold", "projects_100m_2021h1_actual")
    assert set(table.loc[~table.index.isin(excluded.index) & (table["status"] != "curated"), "status"]) == {
        "unaccounted"
    }

    summary = coverage_summary(table)
    assert summary["mentions"] == len(table) == summary["curated"] + summary["excluded"] + summary["unaccounted"]
    assert summary["curated"] == 5 and summary["excluded"] == 5
    assert summary["accounted_pct"] == round(100 * 10 / len(table), 1)


@pytest.mark.parametrize(
    "row, column, message",
    [
        (dict(mention="一", context="一体化", reason="typo"), "reason", "allowed: " + ", ".join(EXCLUSION_REASONS)),
        (
            dict(mention="亿", context="上半年共引进亿元以上项目", reason="threshold"),
            "figure_id",
            "needs the figure_id",
        ),
        (
            dict(mention="一", context="一体化", reason="word", figure_id="no_such_figure"),
            "figure_id",
            "names no figure",
        ),
        (dict(mention="一", context="一体化建设", reason="word"), "context", "not in the source"),
        (dict(mention="五", context="一体化", reason="word"), "context", "does not contain"),
        (dict(mention="十", context="第十八届", reason="ordinal"), "mention", "stale"),
        (
            dict(mention="1", context="2021年8月", reason="date"),
            "mention",
            "stale",
        ),  # the scan finds 2021, not its digits
        (dict(mention="千", context="近千名", reason="word"), "mention", "already claimed"),
        (
            dict(mention="一", context="一体化", reason="threshold", figure_id="design_talent_to_date_actual"),
            "figure_id",
            "inside the quote",
        ),
        (dict(mention="八八战略", context="", reason="slogan"), "mention", "not a numeric mention"),
        (
            dict(mention="45万", context="增强45万织里群众", reason="repeat", figure_id="design_talent_to_date_actual"),
            "figure_id",
            "does not hold '45万'",
        ),
    ],
)
def test_exclusion_problems_name_the_row(row, column, message):
    exclusions = _exclusions(dict(mention="2021", context="", reason="date"), row)
    problems = exclusion_problems(figures=FIGURES, exclusions=exclusions)
    assert problems and all(p.column == column for p in problems), problems
    assert any(message in p.message for p in problems), problems


def test_a_stale_exclusion_says_what_the_scan_found_there():
    (problem,) = exclusion_problems(
        figures=FIGURES, exclusions=_exclusions(dict(mention="十", context="第十八届", reason="ordinal"))
    )
    assert "十八" in problem.message


def test_repeated_exclusion_rows(write_csv):
    rows = [dict(mention="一", context="一体化", reason="word")] * 2
    path = write_csv("exclusions.csv", EXCLUSION_COLUMNS, rows)
    (problem,) = exclusion_problems(figures=FIGURES, exclusions=read_table(path), exclusions_path=path)
    assert (problem.line, problem.column) == (3, "context") and "line 2" in problem.message
    assert str(problem).startswith("exclusions.csv:3 ")


def test_exclusions_header_is_checked():
    bad = pd.DataFrame([{"mention": "一", "context": "一体化", "why": "word"}])
    problems = exclusion_problems(figures=FIGURES, exclusions=bad)
    messages = {p.column: p.message for p in problems}
    assert messages["why"].startswith("unknown column 'why'") and messages["reason"].startswith(
        "missing column 'reason'"
    )
    assert all(
        p.line == 1 and "expected columns: mention, context, reason, figure_id, note" in p.message for p in problems
    )


def test_a_figure_text_must_not_cut_a_number():
    figures = pd.DataFrame(
        [("projects", "上半年共引进亿元以上项目 15个", "5个")], columns=["figure_id", "quote", "figure_text"]
    )
    problems = [p for p in coverage_problems(figures=figures, exclusions=_exclusions()) if p.column == "figure_text"]
    assert [(p.figure_id, p.value) for p in problems] == [("projects", "15")]
    assert "cuts through" in problems[0].message


def test_unaccounted_mentions_are_problems_naming_the_source_line():
    problems = coverage_problems(
        figures=FIGURES, exclusions=_exclusions(dict(mention="2021", context="", reason="date"))
    )
    unaccounted = [p for p in problems if p.column == "mention"]
    table = coverage_table(figures=FIGURES, exclusions=_exclusions(dict(mention="2021", context="", reason="date")))
    assert len(unaccounted) == (table["status"] == "unaccounted").sum()
    eight = next(p for p in unaccounted if p.value == "8")
    assert eight.line == 2 and str(eight).startswith("zhili-2021-midyear-government-work-report.txt:2 ")


def test_main_lists_unaccounted_mentions(capsys):
    status = coverage.main([])
    out = capsys.readouterr().out
    assert status == (1 if coverage_problems() else 0)
    summary = coverage_summary(coverage_table())
    assert f"{summary['mentions']} mentions" in out and f"{summary['unaccounted']} unaccounted" in out
    assert out.count("\nunaccounted ") + out.startswith("unaccounted ") == summary["unaccounted"]


def test_main_prints_exclusion_rows_to_fill_in(capsys):
    coverage.main(["--csv", "--all"])
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(printed.columns) == list(EXCLUSION_COLUMNS)
    assert len(printed) == len(scan_mentions())
    text = clean_source().text
    assert all(m in c and c in text for m, c in zip(printed["mention"], printed["context"]))


def test_the_real_report_is_fully_accounted_for():
    problems = coverage_problems()
    assert [str(p) for p in problems] == []
    assert coverage_summary(coverage_table())["accounted_pct"] == 100.0
