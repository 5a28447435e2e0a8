"""The wording and curation a careful reader checked against the source: hedges, periods of
今年以来, relations a translation may not add, labels that keep their scope, the front page."""

from __future__ import annotations

import pytest

from zhili_data.app import publishing_hooks
from zhili_data.core import analysis
from zhili_data.core.figures import load_figures
from zhili_data.publish.index import render_index
from zhili_data.report import labels


@pytest.fixture(scope="module")
def figures():
    return load_figures().set_index("figure_id", drop=False)


def test_a_parallel_list_is_not_translated_as_of_which(figures):
    # 全年计划引进亿元以上项目20个，市大好高项目11个: two items of a list, no 其中
    quote_en = figures.loc["city_major_projects_2021_target", "quote_en"]
    assert "of them" not in quote_en and "20 projects" in quote_en and "11 city-level" in quote_en


def test_deng_is_kept_in_the_translation(figures):
    # 对低保、低边、独居等34户困难家庭: 等 says the list is not complete
    assert "among them" in figures.loc["elderly_home_adaptations_2021h1_actual", "quote_en"]


def test_a_count_the_text_gives_no_year_has_no_year(figures):
    row = figures.loc["villages_collective_income_1m_plus_2020_actual"]
    assert row["period"] == "unstated" and labels.period(row["period"], "en") == "no period stated"


@pytest.mark.parametrize(
    "figure_id",
    [
        "disputes_mediated_2021h1_actual",
        "dispute_mediation_success_rate_2021h1_actual_rate",
        "discipline_inspections_2021h1_actual",
        "disciplinary_talks_2021h1_actual",
    ],
)
def test_since_the_start_of_the_year_runs_to_the_report_date(figures, figure_id):
    # 今年以来 in a report of 6 August counts to that day, not to 30 June
    assert figures.loc[figure_id, "period"] == "to_date"


def test_the_childrenswear_upgrades_keep_their_scope(figures):
    actual = figures.loc["enterprises_upgraded_above_scale_todate_actual"]
    target = figures.loc["enterprises_upgraded_above_scale_2021h2_target"]
    assert "童装" in actual["indicator"] and "Childrenswear" in actual["indicator_en"]
    assert "童装" not in target["indicator"]  # 新增规上企业50家 names no industry


def test_above_scale_growth_carries_the_comparable_scope_caveat():
    growth = analysis.growth_table().set_index("indicator_id")
    assert "above_scale_scope" in growth.loc["industrial_va_above_scale", "caveat_codes"]
    assert "above_scale_scope" not in growth.loc["gdp", "caveat_codes"]
    assert "firms grow into it" in labels.caveat("above_scale_scope", "en")


def test_the_front_page_names_its_source_once():
    report = {
        "name": "overview",
        "notebook": "notebooks/overview.ipynb",
        "parameters": {},
        "html": "overview.html",
        "formats": ["html"],
        "status": "ok",
        "title": "织里镇2021年上半年工作概览",
        "lang": "zh",
        "group": "overview",
        "summary": "",
        "tables": [],
        "headline": [],
        "error": None,
    }
    page = render_index(
        {"format": 1, "generated": "", "config": "", "reports": [report], "inputs": {}, "packages": {}},
        hooks=publishing_hooks(),
    )
    assert "来源：来源：" not in page and "数据来源：来源" not in page
    assert page.count("来源：织里镇人民政府工作报告") == 1
