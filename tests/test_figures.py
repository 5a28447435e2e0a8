"""load_figures(): the curated table with its derived columns, typed, cached and traceable."""

import pandas as pd
import pytest

import zhili_data
from zhili_data.catalog import get_report
from zhili_data.schema import CATEGORICAL_COLUMNS, COLUMN_NAMES


@pytest.fixture(scope="module")
def figures():
    return zhili_data.load_figures()


def _raw_page_of(text: str) -> int:
    """Page of the raw line holding ``text``, counted by hand: a line starting with a space opens a page."""
    page = 0
    for number, line in enumerate(zhili_data.source_text().splitlines(), start=1):
        if number == 1 or line.startswith(" "):
            page += 1
        if text in line:
            return page
    raise AssertionError(f"{text!r} not on any line")


def test_columns_and_dtypes(figures):
    assert tuple(figures.columns) == COLUMN_NAMES
    for name in CATEGORICAL_COLUMNS:
        assert isinstance(figures[name].dtype, pd.CategoricalDtype), name
    assert figures["value"].dtype == "float64" and figures["value_std"].dtype == "float64"
    assert str(figures["page"].dtype) == "Int64"
    assert figures["figure_id"].is_unique


def test_every_row_is_traced_to_a_page_and_section(figures):
    assert figures["page"].between(1, 12).all()
    assert figures["section"].str.len().gt(0).all()
    assert figures["quote"].str.len().gt(0).all()


def test_derived_page_and_section_match_the_source():
    gdp = zhili_data.figure("gdp_2021h1_actual")
    assert gdp["page"] == _raw_page_of("全镇完成地区生产总值 181亿元")
    assert gdp["section"] == "一、上半年工作回顾"
    plan = zhili_data.figures_for("projects_introduced_100m_plus")
    target = plan[plan["basis"] == "target"].iloc[0]
    assert target["section"].startswith("二、下半年工作计划 › （一）")
    assert target["page"] == _raw_page_of("全年计划引进亿元以上项目 20个")


@pytest.mark.parametrize(
    ("figure_text", "value_std", "unit_std", "qualifier"),
    [
        ("181亿元", 181 * 10**8, "元", "exact"),
        ("398.44亿", 39_844_000_000, "元", "exact"),
        ("29.6万家次", 296_000, "家次", "exact"),
        ("突破10亿美元", 10**9, "美元", "at_least"),
        ("近千名", 1000, "名", "nearly"),
        ("100余个", 100, "个", "at_least"),
        ("2.2万件以上", 22_000, "件", "at_least"),
        ("约9100万元", 91_000_000, "元", "about"),
    ],
)
def test_standard_values_of_real_rows(figures, figure_text, value_std, unit_std, qualifier):
    row = figures[figures["figure_text"] == figure_text]
    assert len(row) == 1, f"exactly one row prints {figure_text!r}"
    row = row.iloc[0]
    assert row["value_std"] == value_std
    assert row["unit_std"] == unit_std
    assert row["qualifier"] == qualifier


def test_percentages_stay_in_percent(figures):
    pct = figures[figures["measure"].isin(["growth", "share", "rate"])]
    assert (pct["unit_std"] == "%").all()
    assert (pct["value_std"] == pct["value"]).all()


def test_indicator_rows_share_an_id_across_measures():
    gdp = zhili_data.figures_for("gdp")
    assert set(gdp["measure"]) >= {"level", "growth", "share"}
    share = gdp[gdp["measure"] == "share"].iloc[0]
    assert share["value"] == 45.1 and "全区" in share["share_of"]


def test_load_returns_a_copy_the_cache_is_not_mutated():
    first = zhili_data.load_figures()
    first.loc[:, "value"] = -1.0
    assert (zhili_data.load_figures()["value"] >= 0).all()


def test_unknown_ids_name_close_matches():
    with pytest.raises(KeyError, match=r"unknown indicator_id 'gpd'.*did you mean 'gdp'"):
        zhili_data.figures_for("gpd")
    with pytest.raises(KeyError, match=r"unknown figure_id"):
        zhili_data.figure("no_such_figure")


def test_unknown_report_lists_the_allowed_ones():
    with pytest.raises(KeyError, match=r"unknown report 'zhili-1999'; allowed: zhili-2021-midyear"):
        zhili_data.load_figures(report="zhili-1999")


def test_data_ships_inside_the_package():
    report = get_report()
    package_root = get_report().folder.parents[1]
    assert package_root.name == "zhili_data"
    assert report.figures_path.is_file() and report.source_path.is_file() and report.exclusions_path.is_file()


def test_each_figure_carries_the_paragraph_around_its_quote(figures):
    from zhili_data.source import normalize

    assert all(normalize(q) in p for q, p in zip(figures["quote"], figures["paragraph"]))
    assert figures["paragraph"].str.len().gt(figures["quote"].str.len()).mean() > 0.9
