"""load_figures(): the curated table with its derived columns, typed, cached and traceable."""

import pandas as pd
import pytest

import zhili_data
from zhili_data.core.catalog import get_report
from zhili_data.core.schema import CATEGORICAL_COLUMNS, COLUMN_NAMES


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


def test_each_figure_carries_the_paragraph_around_its_quote(figures):
    from zhili_data.core.source import normalize

    assert all(normalize(q) in p for q, p in zip(figures["quote"], figures["paragraph"]))
    assert figures["paragraph"].str.len().gt(figures["quote"].str.len()).mean() > 0.9


# --------------------------------------------------------------------------- corrections of the audit (issue 10)


def _exclusions() -> pd.DataFrame:
    from zhili_data.core.curated import read_table

    return read_table(get_report().exclusions_path)


def test_two_100bn_industries_are_a_target_of_no_stated_period(figures):
    row = zhili_data.figure("industries_100bn_class_unstated_target")
    assert (row["basis"], row["period"], row["value"], row["unit"], row["figure_text"]) == (
        "target",
        "unstated",
        2,
        "个",
        "两个",
    )
    assert "产业目标" in row["quote"]
    exclusions = _exclusions()
    thousand = exclusions[(exclusions["mention"] == "千亿") & exclusions["context"].str.contains("两个千亿级")]
    assert list(thousand["reason"]) == ["threshold"] and list(thousand["figure_id"]) == [
        "industries_100bn_class_unstated_target"
    ]
    assert not ((exclusions["reason"] == "slogan") & exclusions["context"].str.contains("千亿")).any()


def test_hundred_billion_class_is_excluded_as_a_size_class_not_as_no_figure():
    exclusions = _exclusions()
    row = exclusions[exclusions["mention"] == "百亿"].iloc[0]
    assert row["reason"] == "descriptor" and "size class" in row["note"] and "¥10 billion" in row["note"]
    assert "no figure is stated" not in row["note"]


def test_the_15_road_projects_are_the_years_programme_not_h2_starts():
    row = zhili_data.figure("new_road_projects_2021_target")
    assert row["period"] == "2021" and row["value"] == 15 and "持续推进" in row["quote"]
    assert "not projects to be started in the second half" in row["note"]


def test_road_grid_counts_roads():
    for figure_id, unit in (
        ("road_framework_ns_roads_2021_2025_target", "纵"),
        ("road_framework_ew_roads_2021_2025_target", "横"),
    ):
        row = zhili_data.figure(figure_id)
        assert (row["unit"], row["unit_std"]) == (unit, "条")
    # 七纵 + 二横 = 9 roads, now addable in one standard unit
    grid = zhili_data.load_figures().query("indicator_id.str.startswith('road_framework')", engine="python")
    assert grid["unit_std"].nunique() == 1 and grid["value_std"].sum() == 7 + 2


def test_pilot_exports_are_one_indicator_printed_in_two_currencies(figures):
    rows = zhili_data.figures_for("market_procurement_exports")
    actual = rows[rows["basis"] == "actual"].set_index("unit_std")
    assert set(actual["figure_id"]) == {
        "market_procurement_exports_todate_actual",
        "market_procurement_exports_todate_actual_usd",
    }
    assert actual.loc["美元", "figure_text"] == "突破10亿美元" and actual.loc["元", "figure_text"] == "65亿元"
    assert rows["indicator"].nunique() == 1 and rows["indicator_en"].nunique() == 1
    assert "market_procurement_exports_usd" not in set(figures["indicator_id"])


@pytest.mark.parametrize(
    ("figure_id", "quote"),
    [
        ("municipal_enterprise_tech_centres_2021h2_target", "培育省市级企业研发中心5家、市级企业技术中心1家"),
        (
            "talent_projects_enterprises_2021h1_actual",
            "申报国家级人才项目共19个，省级人才项目22个，覆盖全镇12家企业及全市3个科研院所",
        ),
        (
            "talent_projects_institutes_2021h1_actual",
            "申报国家级人才项目共19个，省级人才项目22个，覆盖全镇12家企业及全市3个科研院所",
        ),
        (
            "agritourism_projects_2021h1_actual",
            "成功引进并开工建设湖星特色农业综合体、莼鲈南太湖现代农业基地等4个农旅产业项目",
        ),
    ],
)
def test_quotes_say_what_is_counted(figure_id, quote):
    assert zhili_data.figure(figure_id)["quote"] == quote


def test_page_is_where_the_figure_is_printed_not_where_its_quote_begins(figures):
    # 申报国家级人才项目共19个: the quote begins on page 3, but "目共 19个" opens page 4.
    for figure_id, printed in (
        ("national_talent_projects_2021h1_actual", "目共 19个"),
        ("provincial_talent_projects_2021h1_actual", "省级人才项目 22个"),
    ):
        assert zhili_data.figure(figure_id)["page"] == _raw_page_of(printed) == 4
    # every row whose figure is printed in Arabic digits on one line: the page of that line, by hand
    lines = zhili_data.source_text().splitlines()
    checked = 0
    for _, row in figures.iterrows():
        printed = "".join(c for c in row["figure_text"] if c.isdigit() or c == ".")
        quote_start = row["quote"].replace(" ", "")[:6]
        if not printed:
            continue
        # the raw lines from the quote's first line on; the first one that prints the figure
        start = next((n for n, line in enumerate(lines) if quote_start in line.replace(" ", "")), None)
        if start is None:  # the quote's first words break across lines: checked by the examples above
            continue
        hit = next((n for n in range(start, min(start + 8, len(lines))) if printed in lines[n].replace(" ", "")), None)
        if hit is None:
            continue
        assert row["page"] == _raw_page_of_line(hit + 1), row["figure_id"]
        checked += 1
    assert checked > 60  # most rows are checked this way


def _raw_page_of_line(number: int) -> int:
    lines = zhili_data.source_text().splitlines()
    return sum(1 for n, line in enumerate(lines[:number], start=1) if n == 1 or line.startswith(" "))


def test_discipline_figures_belong_to_the_government_building_paragraph():
    for figure_id in ("discipline_inspections_2021h1_actual", "disciplinary_talks_2021h1_actual"):
        section = zhili_data.figure(figure_id)["section"]
        assert section == "一、上半年工作回顾 › 今年以来，我们切实加强政府自身建设", figure_id
    assert zhili_data.figure("elderly_home_adaptations_2021h1_actual")["section"].endswith("（三）民生福祉稳步增强")


def test_new_quotations_are_not_stock_exchange_listings(figures):
    assert "new_listings" not in set(figures["indicator_id"])
    row = zhili_data.figure("new_equity_quotations_2021h2_target")
    assert row["quote"] == "新增挂牌2家" and "挂牌" in row["indicator"] and "上市" not in row["indicator"]
    assert "not 上市" in row["note"] and "quoted on an equity market" in row["indicator_en"]


def test_villages_income_is_an_annual_flow_not_a_stock(figures):
    row = zhili_data.figure("villages_collective_income_1m_plus_2020_actual")
    # the review names no year: the period is unstated (the note gives the likeliest, 2020)
    assert row["period"] == "unstated" and "annual flow" in row["note"] and "2020" in row["note"]
    exclusions = _exclusions()
    assert "villages_collective_income_1m_plus_2020_actual" in set(exclusions["figure_id"])


def test_key_projects_including_continuing_ones_are_no_subset_of_the_projects_started():
    row = zhili_data.figure("key_projects_5m_plus_2021h1_actual")
    assert (row["part_of"], row["part_relation"]) == ("construction_projects_started", "overlap")
    assert "含续建" in row["quote"]


NUMBER_WORDS = {2: "two", 7: "seven"}  # small numbers printed as Chinese numerals (两个, 七纵): words in English


def _english_number(value_std: float, unit_std: str) -> str:
    """The figure as the English translation writes it: its multiplier converted exactly
    (181亿元 -> 18.1 billion, 179.81万元 -> 1.7981 million, 29.6万家次 -> 296,000)."""

    def digits(x: float) -> str:
        x = round(x, 9)
        return f"{int(x):,}" if x == int(x) else f"{x:,.10g}"

    if unit_std in {"元", "美元"} and value_std >= 1e9:
        return f"{digits(value_std / 1e9)} billion"
    if unit_std in {"元", "美元"} and value_std >= 1e6:
        return f"{digits(value_std / 1e6)} million"
    return digits(value_std) + ("%" if unit_std == "%" else "")


def test_every_figure_has_an_english_translation_of_its_quote(figures):
    quote_en = figures["quote_en"]
    assert quote_en.notna().all() and quote_en.str.strip().str.len().gt(0).all()
    assert not quote_en.str.contains(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]", regex=True).any()
    # a translation of the clause, not the English indicator name copied over
    assert (quote_en.str.lower() != figures["indicator_en"].str.lower()).all()


def test_each_translation_states_its_figure_with_the_multiplier_converted(figures):
    wrong = []
    for row in figures.itertuples():
        expected = _english_number(row.value_std, row.unit_std)
        if not any(c.isdigit() for c in row.figure_text):
            expected = NUMBER_WORDS.get(int(row.value), expected)
        if expected not in row.quote_en:
            wrong.append((row.figure_id, expected, row.quote_en))
    assert wrong == []


@pytest.mark.parametrize(
    ("figure_id", "phrase"),
    [
        ("design_talent_todate_actual", "nearly 1,000"),  # 近千名
        ("shared_bike_points_2021h1_actual", "more than 100"),  # 100余个
        ("agritourism_projects_investment_2021h1_actual", "about 91 million yuan"),  # 约9100万元
        ("market_procurement_exports_todate_actual_usd", "passed the mark of 1 billion US dollars"),  # 突破10亿美元大关
        ("gdp_2021h1_actual_share", "Wuxing District"),  # 全区
    ],
)
def test_translations_keep_the_hedge_and_say_what_the_report_leaves_implicit(figure_id, phrase):
    assert phrase in zhili_data.figure(figure_id)["quote_en"]
