"""`zhili draft`: a catalogue folder drafted from a report's text, measured on the shipped report,
run on a text it has never seen, and never writing over curated files."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from zhili_data.core.catalog import DEFAULT_REPORT, REPORTS_DIR_VARIABLE, get_report
from zhili_data.core.coverage import coverage_table
from zhili_data.core.draft import DraftExistsError, draft_report, todo_problems, write_draft
from zhili_data.core.figures import load_figures

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_SOURCE = ROOT / "data" / "raw" / "zhili-2021-midyear-government-work-report.txt"

# A report the draft has never seen, in other words than the shipped one: a full-year review, a
# plan for the next year, 比上年 instead of 同比, a heading with its year, an unknown unit (平方米).
UNSEEN = """练市镇人民政府工作报告
2022年1月20日在练市镇第十八届人民代表大会第一次会议上
一、2021年工作回顾
过去一年，全镇实现地区生产总值95.3亿元，比上年增长9.8%，占全区比重达到21.4%。
一般公共预算收入完成6.2亿元，增长12.5%。其中税收收入5.1亿元。
 新招引亿元以上项目12个，其中10亿元以上项目2个。累计培育高新技术企业约60家，
新增就业岗位3200余个。“三改一拆”扎实推进，完成拆违面积超过15万平方米。
二、2022年工作安排
全年力争地区生产总值增长8%以上，计划新开工项目25个，确保完成工业投资40亿元。
进一步优化营商环境，第一批次改造老旧小区6个。
"""


def zhili(*args, cwd, reports_dir=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop(REPORTS_DIR_VARIABLE, None)
    if reports_dir is not None:
        env[REPORTS_DIR_VARIABLE] = str(reports_dir)
    return subprocess.run(
        [sys.executable, "-m", "zhili_data.cli", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_the_draft_finds_nine_in_ten_curated_figures_with_value_unit_and_page():
    entry = get_report(DEFAULT_REPORT)
    tables, _ = draft_report(SHIPPED_SOURCE, DEFAULT_REPORT)
    draft = tables["figures"].set_index("figure_id")
    pages = tables["review"].set_index("figure_id")["page"]
    curated = load_figures(DEFAULT_REPORT).set_index("figure_id")
    shipped = coverage_table(entry)
    drafted = coverage_table(entry, figures=tables["figures"], exclusions=tables["exclusions"])
    found = []
    for figure_id, row in curated.iterrows():
        claims = drafted.loc[shipped.index[shipped["figure_id"].eq(figure_id) & shipped["status"].eq("curated")]]
        if claims.empty or not claims["status"].eq("curated").all():
            continue
        guess = draft.loc[claims["figure_id"].iloc[0]]
        if (
            Decimal(guess["value"]) == Decimal(str(row["value"]))
            and guess["unit"] == row["unit"]
            and pages[guess.name] == row["page"]
        ):
            found.append(figure_id)
    assert len(found) >= 0.9 * len(curated), sorted(set(curated.index) - set(found))
    # every mention is drafted as a figure or an exclusion: nothing is left for the curator to find
    assert not drafted["status"].eq("unaccounted").any()


def test_guesses_carry_their_confidence_and_words():
    tables, _ = draft_report(SHIPPED_SOURCE, "trial")
    review = tables["review"].set_index("figure_text")
    growth = review.loc["17.5%"]
    assert (growth["measure"], growth["measure_words"]) == ("growth", "同比增长")
    assert growth["period"] == "2021H1" and "上半年" in growth["period_words"]
    assert 0 < growth["period_confidence"] <= 1
    industrial = tables["figures"].set_index("figure_text").loc["16.1亿元"]
    whole = tables["figures"].set_index("figure_text").loc["35.6亿元"]
    assert industrial["part_of"] == whole["indicator_id"]
    assert review.loc["16.1亿元", "part_of_words"] == "其中"
    figures = tables["figures"].set_index("figure_text")
    assert figures.loc["突破10亿美元", "qualifier"] == "at_least"
    assert figures.loc["约9100万元", "quote"] == "总投资约9100万元"
    assert (figures["quote_en"] == "").all()
    exclusions = tables["exclusions"]
    assert {"date", "ordinal", "list_marker", "slogan", "threshold"} <= set(exclusions["reason"])


def test_an_unseen_report_is_drafted_and_validate_names_every_open_item(tmp_path):
    (tmp_path / "lianshi-2022.txt").write_text(UNSEEN, encoding="utf-8")
    result = zhili("draft", "lianshi-2022.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "lianshi-2022"
    assert (folder / "lianshi-2022.txt").read_bytes() == (tmp_path / "lianshi-2022.txt").read_bytes()
    toml = (folder / "report.toml").read_text(encoding="utf-8")
    assert "delivered = 2022-01-20" in toml and "sha256" in toml and "page(s)" in toml
    figures = (folder / "figures.csv").read_text(encoding="utf-8")
    assert "95.3亿元" in figures and "3200余个" in figures and "其中10亿元以上项目2个" in figures

    checked = zhili("validate", "--report", "lianshi-2022", cwd=tmp_path, reports_dir=tmp_path)
    assert checked.returncode == 1
    listed = checked.stderr
    open_items = todo_problems(folder)
    assert open_items, "the draft leaves its TODOs"
    for item in open_items:
        assert str(item) in listed
        assert item.line is not None and item.column
    assert "report.toml:4 title=" in listed
    assert "figures.csv:2 [todo_p1_001] indicator='TODO'" in listed
    assert "quote_en='': is required" in listed
    assert "unaccounted" not in listed


def test_a_folder_with_files_is_never_overwritten(tmp_path):
    folder = tmp_path / "curated"
    folder.mkdir()
    (folder / "figures.csv").write_text("curated by hand\n", encoding="utf-8")
    with pytest.raises(DraftExistsError, match="never overwrites"):
        write_draft(SHIPPED_SOURCE, folder)
    assert (folder / "figures.csv").read_text(encoding="utf-8") == "curated by hand\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curated"]  # no half-written sibling left
    result = zhili("draft", str(SHIPPED_SOURCE), "--out", str(folder), cwd=tmp_path)
    assert result.returncode == 2 and "never overwrites curated files" in result.stderr


def test_an_empty_folder_is_filled(tmp_path):
    folder = tmp_path / "next"
    folder.mkdir()
    written = write_draft(SHIPPED_SOURCE, folder)
    assert {p.name for p in written} == {
        "report.toml",
        SHIPPED_SOURCE.name,
        "figures.csv",
        "exclusions.csv",
        "topics.csv",
        "draft.csv",
    }


def test_a_text_that_is_not_utf8_is_refused_and_nothing_is_written(tmp_path):
    (tmp_path / "gbk.txt").write_bytes(UNSEEN.encode("gbk"))
    result = zhili("draft", "gbk.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "gbk.txt: cannot be read as UTF-8 text" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gbk.txt"]
