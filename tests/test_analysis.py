"""The analysis tables against hand computations from the report's own numbers.

Every expected value is computed here from the figures as printed in the report (181亿元,
17.5%, 15个 ...), never copied from the functions under test.
"""

from __future__ import annotations

import inspect
import math
from datetime import date

import pandas as pd
import pytest

from zhili_data.core import analysis, periods
from zhili_data.core.schema import CATEGORICAL_COLUMNS, COLUMN_NAMES
from zhili_data.report import labels
from zhili_data.report.display import formula_text, step_text
from zhili_data.report.params import ParameterError

REPORT_DATE = date(2021, 8, 6)
DAYS_2021 = 365
DAYS_H1 = 181  # 1 January to 30 June 2021
DAYS_H2 = 184


@pytest.fixture(scope="module")
def growth(figures) -> pd.DataFrame:
    return analysis.growth_table(figures).set_index("indicator_id")


@pytest.fixture(scope="module")
def shares(figures) -> pd.DataFrame:
    return analysis.share_table(figures)


@pytest.fixture(scope="module")
def gap(figures) -> pd.DataFrame:
    return analysis.target_gap_table(figures)


def one(table: pd.DataFrame, **where) -> pd.Series:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one row where {where}, found {len(rows)}"
    return rows.iloc[0]


# --------------------------------------------------------------------------- growth


def test_gdp_prior_value_and_increase(growth):
    gdp = growth.loc["gdp"]
    assert gdp["value"] == 181 and gdp["unit"] == "亿元" and gdp["growth_pct"] == 17.5
    assert gdp["prior_value"] == pytest.approx(181 / 1.175)
    assert gdp["increase"] == pytest.approx(181 - 181 / 1.175)
    assert gdp["prior_value_std"] == pytest.approx(181e8 / 1.175)
    assert gdp["unit_std"] == "元"


def test_growth_relative_to_gdp(growth):
    fiscal = growth.loc["fiscal_revenue"]
    assert fiscal["reference_id"] == "gdp"
    assert fiscal["growth_minus_reference_pp"] == pytest.approx(23.1 - 17.5)
    assert fiscal["growth_over_reference"] == pytest.approx(23.1 / 17.5)
    # the reference is not compared with itself: no "0 pp above GDP growth" on GDP's row
    assert growth.loc["gdp", "reference_id"] == "gdp"
    assert pd.isna(growth.loc["gdp", "growth_minus_reference_pp"])
    assert pd.isna(growth.loc["gdp", "growth_over_reference"])


def test_industrial_investment_contribution_to_fixed_asset_investment(growth):
    part_prior, whole_prior = 16.1 / 1.833, 35.6 / 1.296
    part_increase, whole_increase = 16.1 - part_prior, 35.6 - whole_prior
    row = growth.loc["industrial_investment"]
    assert row["part_of"] == "fixed_asset_investment"
    assert row["share_of_whole_increase_pct"] == pytest.approx(100 * part_increase / whole_increase)
    assert row["contribution_pp"] == pytest.approx(100 * part_increase / whole_prior)
    assert row["rest_value"] == pytest.approx(35.6 - 16.1)
    assert row["rest_growth_pct"] == pytest.approx(100 * ((35.6 - 16.1) / (whole_prior - part_prior) - 1))
    # About nine tenths of the investment growth came from industry; the rest grew about 4%.
    assert 89 < row["share_of_whole_increase_pct"] < 91
    assert 4 < row["rest_growth_pct"] < 5
    assert "fixed_asset_investment_2021h1_actual" in row["figure_ids"]
    assert "part_contribution" in row["caveat_codes"]


def test_growth_only_for_parts_with_a_whole(growth):
    assert math.isnan(growth.loc["gdp", "contribution_pp"])
    assert math.isnan(growth.loc["fixed_asset_investment", "share_of_whole_increase_pct"])


def test_every_growth_figure_has_a_row(figures, growth):
    stated = figures[figures["measure"] == "growth"]
    assert sorted(growth.index) == sorted(stated["indicator_id"])


def test_comparable_price_caveat_on_value_added_and_gdp(growth):
    assert "comparable_prices" in growth.loc["gdp", "caveat_codes"]
    assert "comparable_prices" in growth.loc["industrial_va_above_scale", "caveat_codes"]
    assert "comparable_prices" not in growth.loc["fiscal_revenue", "caveat_codes"]


def test_growth_from_the_covid_base_of_h1_2020_is_flagged(growth):
    for indicator in (
        "gdp",
        "fiscal_revenue",
        "industrial_va_above_scale",
        "fixed_asset_investment",
        "industrial_investment",
    ):
        row = growth.loc[indicator]
        assert row["base_period"] == "2020H1" and "low_base" in row["caveat_codes"], indicator
    words = labels.caveats(growth.loc["gdp"], "en")
    assert "H1 2020" in words and "COVID-19" in words
    assert periods.base_period("2021H1") == "2020H1" and periods.base_period("2021") == "2020"
    assert periods.base_period("to_date") is None


def test_comparable_scope_caveat_on_revenue_and_investment(growth):
    for indicator in ("fiscal_revenue", "fixed_asset_investment", "industrial_investment"):
        assert "comparable_scope" in growth.loc[indicator, "caveat_codes"], indicator
    for indicator in ("gdp", "industrial_va_above_scale"):
        assert "comparable_scope" not in growth.loc[indicator, "caveat_codes"], indicator


def test_nominal_growth_against_real_gdp_growth_is_flagged(growth):
    # fiscal revenue 23.1% (nominal) - GDP 17.5% (real) = 5.6 pp; investment 29.6 - 17.5 = 12.1 pp
    assert growth.loc["fiscal_revenue", "growth_minus_reference_pp"] == pytest.approx(23.1 - 17.5)
    assert growth.loc["fixed_asset_investment", "growth_minus_reference_pp"] == pytest.approx(29.6 - 17.5)
    for indicator in ("fiscal_revenue", "fixed_asset_investment", "industrial_investment"):
        assert growth.loc[indicator, "growth_basis"] == "nominal"
        assert "nominal_vs_real" in growth.loc[indicator, "caveat_codes"], indicator
    # value added is real like GDP: its 23.8 - 17.5 = 6.3 pp compares like with like
    assert growth.loc["industrial_va_above_scale", "growth_basis"] == "real"
    assert "nominal_vs_real" not in growth.loc["industrial_va_above_scale", "caveat_codes"]
    assert "nominal_vs_real" not in growth.loc["gdp", "caveat_codes"]


def test_growth_indicator_filter(figures):
    table = analysis.growth_table(figures, indicators=["gdp", "fiscal_revenue"])
    assert list(table["indicator_id"]) == ["gdp", "fiscal_revenue"]
    with pytest.raises(ParameterError, match=r"indicators='gpd'.*did you mean 'gdp'"):
        analysis.growth_table(figures, indicators=["gpd"])


def test_growth_without_a_level_is_kept_with_a_caveat(figures):
    only_rate = figures[figures["figure_id"] != "fiscal_revenue_2021h1_actual"]
    row = analysis.growth_table(only_rate).set_index("indicator_id").loc["fiscal_revenue"]
    assert math.isnan(row["value"]) and row["growth_pct"] == 23.1
    assert row["caveat_codes"] == [
        "no_level",
        "low_base",
        "nominal_vs_real",
    ]  # no level: no implied prior, no scope caveat
    assert row["figure_ids"] == ["fiscal_revenue_2021h1_actual_growth"]


# --------------------------------------------------------------------------- shares


def test_implied_district_gdp(shares):
    row = one(shares, indicator_id="gdp", kind="stated")
    assert row["share_pct"] == 45.1
    assert row["implied_whole"] == pytest.approx(181 / 0.451)
    assert row["part_unit"] == "亿元"
    assert not row["derived"]
    assert row["figure_ids"] == ["gdp_2021h1_actual", "gdp_2021h1_actual_share"]


def test_overlapping_value_added_shares_are_not_additive(shares):
    group = shares[shares["overlap_group"] == "规上工业增加值"]
    assert sorted(group["share_pct"]) == [40.0, 62.5, 66.0]
    assert 62.5 + 66 + 40 > 100
    assert (group["additive"] == False).all()  # noqa: E712
    emerging = one(shares, indicator_id="strategic_emerging_industries_va")
    assert emerging["whole_value"] == 14.2
    assert emerging["part_value"] == pytest.approx(14.2 * 0.625)
    assert "part_derived" in emerging["caveat_codes"]


def test_single_share_has_no_overlap_flag(shares):
    gdp = one(shares, indicator_id="gdp", kind="stated")
    assert gdp["overlap_group"] is None and pd.isna(gdp["additive"])


def test_derived_share_of_industrial_investment(shares):
    row = one(shares, indicator_id="industrial_investment", kind="part_of")
    assert row["derived"]
    assert row["share_pct"] == pytest.approx(100 * 16.1 / 35.6)
    assert (row["part_value"], row["whole_value"]) == (16.1, 35.6)
    assert row["whole_id"] == "fixed_asset_investment"


def test_key_projects_including_continuing_ones_are_not_a_share_of_the_projects_started(shares):
    # 52 key projects (含续建: begun in earlier years too) are no part of the 126 started in H1: no 52/126 = 41.3%
    row = one(shares, indicator_id="key_projects_5m_plus")
    assert row["kind"] == "not_subset" and math.isnan(row["share_pct"])
    assert (row["part_value"], row["whole_value"], row["whole_id"]) == (52, 126, "construction_projects_started")
    assert row["caveat_codes"] == ["not_subset"]
    assert not ((shares["share_pct"] - 100 * 52 / 126).abs() < 1e-9).any()


def test_per_head_with_the_45万_population(shares):
    gdp = one(shares, indicator_id="gdp", kind="per_head")
    assert gdp["per_head"] == pytest.approx(181e8 / 45e4)
    assert gdp["per_head_unit"] == "元/人"
    assert gdp["derived"]
    assert {"per_head", "half_year_flow"} <= set(gdp["caveat_codes"])
    assert gdp["figure_ids"][-1] == "population_todate_actual"


def test_per_head_indicators_can_be_chosen(figures):
    table = analysis.share_table(figures, per_head=["fiscal_revenue"])
    per_head = table[table["kind"] == "per_head"]
    assert list(per_head["indicator_id"]) == ["fiscal_revenue"]
    assert per_head.iloc[0]["per_head"] == pytest.approx(12.8e8 / 45e4)


def test_every_stated_share_has_a_row(figures, shares):
    stated = figures[figures["measure"] == "share"]
    assert sorted(shares[shares["kind"] == "stated"]["indicator_id"]) == sorted(stated["indicator_id"])


# --------------------------------------------------------------------------- target gap


def test_gap_has_the_columns_the_issue_names(gap):
    required = [
        "indicator_id",
        "indicator",
        "actual",
        "target",
        "unit",
        "completion_pct",
        "elapsed_pct",
        "status",
        "remaining",
        "caveat_codes",
        "actual_figure_id",
        "target_figure_id",
        "figure_ids",
    ]
    assert all(c in gap.columns for c in required)


def test_projects_introduced_15_of_20(gap):
    row = one(gap, indicator_id="projects_introduced_100m_plus")
    assert (row["actual"], row["target"], row["unit"]) == (15, 20, "个")
    assert row["completion_pct"] == pytest.approx(100 * 15 / 20)
    assert row["as_of"] == date(2021, 6, 30)
    assert row["elapsed_pct"] == pytest.approx(100 * DAYS_H1 / DAYS_2021)
    assert row["status"] == "ahead"  # 75% done with half the year gone
    assert row["remaining"] == 5
    assert row["pace_needed_pct"] == pytest.approx(100 * (5 / DAYS_H2) / (15 / DAYS_H1))


def test_h1_actual_against_an_h2_plan_that_has_not_begun(gap):
    row = one(gap, indicator_id="provincial_tech_smes")
    assert (row["actual_period"], row["target_period"]) == ("2021H1", "2021H2")
    assert math.isnan(row["completion_pct"])  # the 17 of H1 do not count toward the 31 of H2
    assert row["as_of"] == date(2021, 6, 30) and row["elapsed_pct"] == 0
    assert row["remaining"] == 31
    # 31 in the 184 days of H2 against 17 in the 181 days of H1: 31 x 181 / (184 x 17) = 5611 / 3128
    assert row["pace_needed_pct"] == pytest.approx(100 * 5611 / 3128) == pytest.approx(179.379795)
    assert row["status"] == "not_started"
    assert row["status"] not in analysis.VERDICTS
    assert "not_started" in row["caveat_codes"]
    assert "H2 2021" in labels.caveats(row, "en") and "not a verdict" in labels.caveats(row, "en")


def test_to_date_actual_measured_at_the_report_date(gap):
    row = one(gap, indicator_id="market_procurement_exports")
    assert row["actual_period"] == "to_date" and row["as_of"] == REPORT_DATE
    assert row["completion_pct"] == pytest.approx(65)
    assert row["elapsed_pct"] == pytest.approx(100 * 218 / DAYS_2021)  # 1 Jan to 6 Aug
    # counted since the pilot began, the 65亿元 may include earlier years: no verdict
    assert "stock_before_period" in row["caveat_codes"]


def test_to_date_stock_against_an_h2_plan_is_undetermined(gap):
    row = one(gap, indicator_id="enterprises_upgraded_above_scale")
    # 52 to the report date, start unknown, against 50 for H2: only an upper bound of H2's upgrades
    assert row["status"] == "undetermined"
    assert row["completion_pct"] == pytest.approx(100 * 52 / 50)
    assert row["elapsed_pct"] == pytest.approx(100 * 37 / DAYS_H2)  # 1 July to 6 August
    assert "stock_before_period" in row["caveat_codes"]
    # read as this year's upgrades against a full-year plan, the 52 already meet the 50
    assert not row["robust"] and "ahead" in row["alternative_statuses"]


def test_every_target_listed_once_and_every_pair_made(figures, gap):
    targets = figures[figures["basis"] == "target"]
    assert sorted(gap["figure_ids"].str[-1]) == sorted(targets["figure_id"])
    actuals = figures[figures["basis"] == "actual"]
    for _, t in targets.iterrows():
        row = one(gap, indicator_id=t["indicator_id"], target_period=t["period"])
        has_actual = (
            (actuals["indicator_id"] == t["indicator_id"])
            & (actuals["measure"] == t["measure"])
            & (actuals["unit_std"] == t["unit_std"])
        ).any()
        if has_actual:
            assert isinstance(row["actual_period"], str), t["figure_id"]
        else:
            assert row["status"] == "no_baseline" and "no_actual" in row["caveat_codes"], t["figure_id"]


def test_targets_without_actual_form_the_register(gap):
    row = one(gap, indicator_id="city_major_foreign_projects")
    assert row["status"] == "no_baseline" and row["remaining"] == 3
    assert row["as_of"] == REPORT_DATE
    assert row["figure_ids"] == ["city_major_foreign_projects_2021_target"]
    compared, register = analysis.split_by_baseline(gap)
    assert len(compared) + len(register) == len(gap)
    assert set(register["status"]) == {"no_baseline"}
    assert set(compared["status"]) == {"ahead", "not_started", "undetermined"}


def test_as_of_and_tolerance_change_the_status(figures):
    late = analysis.target_gap_table(figures, as_of="2021-11-30")
    row = one(late, indicator_id="projects_introduced_100m_plus")
    assert row["elapsed_pct"] == pytest.approx(100 * 334 / DAYS_2021)
    assert row["status"] == "behind"  # 75% done with 91.5% of the year gone
    lenient = analysis.target_gap_table(figures, tolerance=30)
    assert one(lenient, indicator_id="projects_introduced_100m_plus")["status"] == "on_track"
    exact = analysis.target_gap_table(figures, as_of=REPORT_DATE)
    assert one(exact, indicator_id="projects_introduced_100m_plus")["as_of"] == REPORT_DATE


@pytest.mark.parametrize("as_of", ["2020-01-01", "1900-01-01", "2021-06-30", date(2021, 8, 5)])
def test_as_of_before_the_end_of_an_actual_is_refused(figures, as_of):
    with pytest.raises(ParameterError) as error:
        analysis.target_gap_table(figures, as_of=as_of)
    message = str(error.value)
    day = as_of if isinstance(as_of, str) else as_of.isoformat()
    assert message.startswith(f"as_of={day!r}") and error.value.name == "as_of"
    # the dates: the latest actual compared ends on the report date (the to-date exports)
    assert "on or after 2021-08-06" in message and "market_procurement_exports_todate_actual" in message
    with pytest.raises(ParameterError, match="as_of"):
        analysis.target_readings_table(figures, as_of=as_of)


def test_as_of_after_the_report_says_how_old_every_actual_is(figures):
    gap = analysis.target_gap_table(figures, as_of="2021-09-30")
    assert (gap["as_of"] == date(2021, 9, 30)).all()
    for _, row in gap.iterrows():
        codes = row["caveat_codes"]
        assert "actual_age" in codes or "report_age" in codes, row["indicator_id"]
    h1 = one(gap, indicator_id="projects_introduced_100m_plus")
    assert h1["actual_age_days"] == (date(2021, 9, 30) - date(2021, 6, 30)).days == 92
    assert "30 June 2021, 92 days before" in labels.caveats(h1, "en")
    # 30 September is 273 days into 2021: 74.8% elapsed against 75% done
    assert h1["elapsed_pct"] == pytest.approx(100 * 273 / DAYS_2021)
    exports = one(gap, indicator_id="market_procurement_exports")
    assert exports["actual_age_days"] == (date(2021, 9, 30) - REPORT_DATE).days == 55
    register = one(gap, indicator_id="city_major_foreign_projects")
    assert register["report_age_days"] == 55
    assert "report_age" in register["caveat_codes"]
    assert "55 days after the report" in labels.caveats(register, "en")
    default = analysis.target_gap_table(figures)
    assert (default["actual_age_days"].fillna(0) == 0).all()
    assert not any({"actual_age", "report_age"} & set(codes) for codes in default["caveat_codes"])


# --------------------------------------------------------------------------- readings


def test_robust_and_contingent_verdicts(gap):
    robust = gap.set_index("indicator_id")["robust"]
    assert not robust["market_procurement_exports"] and not robust["projects_completed_100m_plus"]
    assert (
        robust["projects_introduced_100m_plus"]
        and robust["city_major_projects"]
        and robust["projects_started_100m_plus"]
    )


def test_completed_projects_ahead_to_30_june_on_track_to_the_report_date(figures, gap):
    row = one(gap, indicator_id="projects_completed_100m_plus")
    # 13 of 22 = 59.09%; to 30 June 181/365 = 49.59% elapsed: +9.5 pp > 5, ahead
    assert row["completion_pct"] == pytest.approx(100 * 13 / 22)
    assert row["elapsed_pct"] == pytest.approx(100 * DAYS_H1 / DAYS_2021)
    assert row["status"] == "ahead" and row["main_readings"] == "projects_completed_h1"
    # to 6 August 218/365 = 59.73% elapsed: 59.09 - 59.73 = -0.64 pp, within 5: on track
    assert row["alternative_readings"] == ["projects_completed_to_report_date"] and row["alternative_statuses"] == [
        "on_track"
    ]
    readings = analysis.target_readings_table(figures)
    alt = one(readings, indicator_id="projects_completed_100m_plus", readings="projects_completed_to_report_date")
    assert alt["elapsed_pct"] == pytest.approx(100 * 218 / DAYS_2021) and alt["status"] == "on_track"
    assert alt["actual_span"] == "2021-01-01/2021-08-06" and alt["as_of"] == REPORT_DATE
    # margin of the main reading: 13 - 22 x (49.589 + 5)% = 13 - 12.0096 = 0.99 projects
    assert row["margin"] == pytest.approx(13 - 22 * (100 * DAYS_H1 / DAYS_2021 + 5) / 100)


def test_pilot_exports_undetermined_under_the_main_reading(figures, gap):
    row = one(gap, indicator_id="market_procurement_exports")
    # 截至目前…突破10亿美元大关，人民币货值达65亿元: a milestone since the pilot began (65 ÷ 10 = 6.5
    # yuan to the dollar), so the 65亿元 are only an upper bound of the 2021 exports: no verdict
    assert row["status"] == "undetermined" and not row["robust"]
    assert row["main_readings"] == "exports_since_pilot_start"
    main = one(analysis.target_readings_table(figures), readings="exports_since_pilot_start")
    assert main["actual_span"] == "../2021-08-06" and main["bound"] == "upper" and main["main"]
    # only if all 65亿元 were 2021 exports: 65 of 100 against 218/365 = 59.73% elapsed, ahead by a
    # margin of 0.27亿元 (65 - 100 x (59.726 + 5)% = 0.274)
    assert row["alternative_statuses"] == ["ahead"] and row["alternative_readings"] == ["exports_in_2021"]
    alt = one(analysis.target_readings_table(figures), readings="exports_in_2021")
    assert alt["margin"] == pytest.approx(65 - 100 * (100 * 218 / 365 + 5) / 100) == pytest.approx(0.2740, abs=1e-4)
    assert "contingent" in row["caveat_codes"]


def test_started_projects_ahead_under_both_cut_offs(figures, gap):
    row = one(gap, indicator_id="projects_started_100m_plus")
    # 23 of 33 = 69.70%: +20.1 pp at 30 June, +9.97 pp at 6 August, ahead both ways
    assert row["status"] == "ahead" and row["robust"] and row["alternative_statuses"] == ["ahead"]
    alt = one(analysis.target_readings_table(figures), readings="projects_started_to_report_date")
    assert alt["completion_pct"] - alt["elapsed_pct"] == pytest.approx(100 * 23 / 33 - 100 * 218 / 365)


def test_every_combination_of_readings_is_evaluated(figures):
    readings = analysis.target_readings_table(figures)
    upgrades = readings[readings["indicator_id"] == "enterprises_upgraded_above_scale"]
    assert len(upgrades) == 3 * 2  # three readings of the 52, two of the 50
    assert upgrades["main"].sum() == 1 and upgrades.iloc[0]["main"]
    year = one(upgrades, readings="upgrades_in_2021+upgrades_plan_year")
    # 52 of 50 = 104% with 59.7% of 2021 gone: ahead (met)
    assert year["status"] == "ahead" and year["target_period"] == "2021"
    part = one(upgrades, readings="upgrades_in_2021_childrenswear_part+upgrades_plan_year")
    assert part["bound"] == "lower" and part["status"] == "ahead"  # more firms in all would be more ahead still
    both = one(upgrades, readings="upgrades_in_2021_childrenswear_part+upgrades_plan_h2")
    assert both["bound"] == "both" and both["status"] == "undetermined"
    tech = one(readings, readings="tech_smes_to_report_date")
    # counted to 6 August, part of the 17 may fall in H2, which has begun: 17/31 is only an upper bound
    assert tech["status"] == "undetermined" and tech["completion_pct"] == pytest.approx(100 * 17 / 31)
    # a figure without readings is read by its own period
    introduced = one(readings, indicator_id="projects_introduced_100m_plus")
    assert introduced["readings"] == "" and introduced["main"] and introduced["actual_span"] == "2021-01-01/2021-06-30"


def test_target_of_no_stated_period_is_in_the_register(gap):
    row = one(gap, indicator_id="industries_100bn_class")
    assert row["status"] == "no_baseline" and row["target_period"] == "unstated"
    assert {"no_actual", "no_period"} <= set(row["caveat_codes"])
    assert math.isnan(row["elapsed_pct"])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"as_of": "2021-13-01"}, "as_of"),
        ({"as_of": "last june"}, "as_of"),
        ({"tolerance": -1}, "tolerance"),
        ({"tolerance": "5"}, "tolerance"),
        ({"report": "zhili-2022"}, "report"),
    ],
)
def test_bad_arguments_name_the_argument(figures, kwargs, name):
    with pytest.raises(ParameterError) as error:
        analysis.target_gap_table(figures, **kwargs)
    message = str(error.value)
    assert message.startswith(f"{name}={next(iter(kwargs.values()))!r}")
    assert "must be" in message


# --------------------------------------------------------------------------- traceability and edge cases


def test_every_figure_id_of_every_table_exists(figures, growth, shares, gap):
    known = set(figures["figure_id"])
    for table in (growth.reset_index(), shares, gap):
        for entry in table["figure_ids"]:
            assert isinstance(entry, list) and entry and set(entry) <= known, entry


@pytest.mark.parametrize("build", [analysis.growth_table, analysis.share_table, analysis.target_gap_table])
def test_tables_hold_no_words_of_any_language(figures, build):
    assert "lang" not in inspect.signature(build).parameters
    table = build(figures)
    assert "caveat" not in table.columns and "caveat_codes" in table.columns
    # every code has its words in both languages, with every field it names filled from the row
    for _, row in table.iterrows():
        for lang in ("zh", "en"):
            words = labels.caveats(row, lang)
            assert "…" not in words and "{" not in words, (row["indicator_id"], lang, words)


def test_the_report_layer_words_the_caveats_in_each_language(figures):
    gap = analysis.target_gap_table(figures)
    row = one(gap, indicator_id="provincial_tech_smes")
    assert "2021年下半年" in labels.caveats(row, "zh") and "had not begun" in labels.caveats(row, "en")
    zh, en = labels.with_caveats(gap, "zh"), labels.with_caveats(gap, "en")
    assert list(zh.columns) == list(en.columns)
    assert list(zh.columns).index("caveat") == list(zh.columns).index("caveat_codes") + 1
    pd.testing.assert_frame_equal(zh.drop(columns="caveat"), gap)
    pd.testing.assert_frame_equal(en.drop(columns="caveat"), gap)
    assert (zh["caveat"] != en["caveat"]).any()
    only = labels.caveats(row, "en", codes=["not_started"])
    assert only.startswith("H2 2021 had not begun") and only.count(".") == 1


def test_sources_are_named_by_role_not_by_position(growth, shares, gap):
    gdp = growth.loc["gdp"]
    assert (gdp["level_figure_id"], gdp["growth_figure_id"]) == ("gdp_2021h1_actual", "gdp_2021h1_actual_growth")
    part = growth.loc["industrial_investment"]
    assert part["whole_level_figure_id"] == "fixed_asset_investment_2021h1_actual"
    assert part["whole_growth_figure_id"] == "fixed_asset_investment_2021h1_actual_growth"
    assert growth["whole_level_figure_id"].isna().sum() == len(growth) - 1
    stated = one(shares, indicator_id="gdp", kind="stated")
    assert stated["share_figure_id"] == "gdp_2021h1_actual_share" and stated["part_figure_id"] == "gdp_2021h1_actual"
    derived_part = one(shares, indicator_id="high_tech_industries_va", kind="stated")
    assert pd.isna(derived_part["part_figure_id"])
    assert derived_part["whole_figure_id"] == "industrial_va_above_scale_2021h1_actual"
    per_head = one(shares, indicator_id="gdp", kind="per_head")
    assert per_head["whole_figure_id"] == "population_todate_actual"
    compared = one(gap, indicator_id="projects_introduced_100m_plus")
    assert compared["actual_figure_id"] == "projects_introduced_100m_plus_2021h1_actual"
    assert compared["target_figure_id"] == "projects_introduced_100m_plus_2021_target"
    register = one(gap, indicator_id="city_major_foreign_projects")
    assert pd.isna(register["actual_figure_id"]) and register["figure_ids"] == [register["target_figure_id"]]
    # figure_ids lists the same sources, in the order the role columns name them
    for table, roles in (
        (growth, ["level_figure_id", "growth_figure_id", "whole_level_figure_id", "whole_growth_figure_id"]),
        (
            shares,
            ["part_figure_id", "part_growth_figure_id", "share_figure_id", "whole_figure_id", "whole_growth_figure_id"],
        ),
        (gap, ["actual_figure_id", "target_figure_id"]),
    ):
        for row in table.to_dict("records"):
            named = [row[c] for c in roles if isinstance(row[c], str)]
            assert row["figure_ids"] == named


def test_period_bounds():
    assert periods.period_bounds("2021H1", report_date=REPORT_DATE) == (date(2021, 1, 1), date(2021, 6, 30))
    assert periods.period_bounds("2021H2", report_date=REPORT_DATE) == (date(2021, 7, 1), date(2021, 12, 31))
    assert periods.period_bounds("2021-2025", report_date=REPORT_DATE) == (date(2021, 1, 1), date(2025, 12, 31))
    assert periods.period_bounds("to_date", report_date=REPORT_DATE) == (None, REPORT_DATE)
    assert analysis.elapsed_pct("2021-2025", date(2021, 12, 31), report_date=REPORT_DATE) == pytest.approx(
        100 * 365 / 1826
    )
    assert analysis.elapsed_pct("2021H2", date(2021, 6, 1), report_date=REPORT_DATE) == 0
    with pytest.raises(ValueError, match="period='2021Q3'"):
        periods.period_bounds("2021Q3", report_date=REPORT_DATE)


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {c: None for c in COLUMN_NAMES}
    table = pd.DataFrame(
        [
            base
            | {
                "report_id": "zhili-2021-midyear",
                "theme": "economy",
                "qualifier": "exact",
                "section": "",
                "quote": "",
                "page": 1,
            }
            | r
            for r in rows
        ]
    )
    for c in CATEGORICAL_COLUMNS:
        table[c] = table[c].astype("category")
    return table


def test_target_in_another_printed_unit_is_converted():
    # A made-up pair: 5000万元 raised in H1 against a full-year aim of 1亿元.
    table = _frame(
        [
            {
                "figure_id": "fund_h1",
                "indicator_id": "fund",
                "indicator": "基金",
                "indicator_en": "Fund",
                "period": "2021H1",
                "basis": "actual",
                "measure": "level",
                "value": 5000.0,
                "unit": "万元",
                "value_std": 5e7,
                "unit_std": "元",
                "figure_text": "5000万元",
            },
            {
                "figure_id": "fund_2021",
                "indicator_id": "fund",
                "indicator": "基金",
                "indicator_en": "Fund",
                "period": "2021",
                "basis": "target",
                "measure": "level",
                "value": 1.0,
                "unit": "亿元",
                "value_std": 1e8,
                "unit_std": "元",
                "figure_text": "1亿元",
                "qualifier": "at_least",
            },
        ]
    )
    row = analysis.target_gap_table(table).iloc[0]
    assert (row["actual"], row["target"], row["unit"]) == (0.5, 1.0, "亿元")
    assert row["completion_pct"] == pytest.approx(50)
    assert {"unit_converted", "target_at_least"} <= set(row["caveat_codes"])


def test_hedged_actual_and_rate_target():
    table = _frame(
        [
            {
                "figure_id": "bikes_h1",
                "indicator_id": "bikes",
                "indicator": "单车",
                "indicator_en": "Bikes",
                "period": "2021H1",
                "basis": "actual",
                "measure": "level",
                "value": 100.0,
                "unit": "个",
                "value_std": 100.0,
                "unit_std": "个",
                "qualifier": "at_least",
            },
            {
                "figure_id": "bikes_2021",
                "indicator_id": "bikes",
                "indicator": "单车",
                "indicator_en": "Bikes",
                "period": "2021",
                "basis": "target",
                "measure": "level",
                "value": 100.0,
                "unit": "个",
                "value_std": 100.0,
                "unit_std": "个",
            },
            {
                "figure_id": "closure_h1",
                "indicator_id": "closure",
                "indicator": "结案率",
                "indicator_en": "Closure",
                "period": "2021H1",
                "basis": "actual",
                "measure": "rate",
                "value": 90.0,
                "unit": "%",
                "value_std": 90.0,
                "unit_std": "%",
            },
            {
                "figure_id": "closure_2021",
                "indicator_id": "closure",
                "indicator": "结案率",
                "indicator_en": "Closure",
                "period": "2021",
                "basis": "target",
                "measure": "rate",
                "value": 100.0,
                "unit": "%",
                "value_std": 100.0,
                "unit_std": "%",
            },
        ]
    )
    gap = analysis.target_gap_table(table).set_index("indicator_id")
    assert {"actual_at_least", "target_met"} <= set(gap.loc["bikes", "caveat_codes"])
    assert gap.loc["bikes", "remaining"] == 0
    assert gap.loc["closure", "status"] == "behind"  # 90% against 100%: 10 points short
    assert math.isnan(gap.loc["closure", "elapsed_pct"]) and math.isnan(gap.loc["closure", "remaining"])
    assert "rate_direct" in gap.loc["closure", "caveat_codes"]


def test_missing_columns_are_reported():
    with pytest.raises(ValueError, match="missing column"):
        analysis.growth_table(pd.DataFrame({"figure_id": ["x"]}))


def test_prior_period_share_of_industrial_investment_by_hand(shares):
    # H1 2020 levels implied by the growth rates: 16.1 ÷ 1.833 = 8.78 and 35.6 ÷ 1.296 = 27.47.
    row = one(shares, indicator_id="industrial_investment", kind="prior_part_of")
    assert row["period"] == "2020H1"
    assert row["derived"]
    assert row["part_value"] == pytest.approx(8.7834, abs=1e-4)
    assert row["whole_value"] == pytest.approx(27.4691, abs=1e-4)
    assert round(row["share_pct"], 1) == 32.0
    assert formula_text(row["formula"]) == "16.1 ÷ (1 + 83.3%) = 8.78; 35.6 ÷ (1 + 29.6%) = 27.47; 8.78 ÷ 27.47 = 32.0%"
    # each step names the figures it computes with; the last divides the two results before it
    prior_part, prior_whole, share = row["formula"]
    assert prior_part.figure_ids == (
        "industrial_investment_2021h1_actual",
        "industrial_investment_2021h1_actual_growth",
    )
    assert prior_whole.figure_ids == (
        "fixed_asset_investment_2021h1_actual",
        "fixed_asset_investment_2021h1_actual_growth",
    )
    assert share.operation == "share" and share.figure_ids == ()
    assert [o.value for o in share.operands] == [prior_part.result, prior_whole.result]
    assert {"derived_share", "implied_prior"} <= set(row["caveat_codes"])
    assert row["figure_ids"] == [
        "industrial_investment_2021h1_actual",
        "industrial_investment_2021h1_actual_growth",
        "fixed_asset_investment_2021h1_actual",
        "fixed_asset_investment_2021h1_actual_growth",
    ]


def test_the_share_s_change_on_a_year_earlier(shares):
    # industrial investment was 45.2% of fixed-asset investment in H1 2021 and 32.0% a year earlier: +13.2 pp
    now = one(shares, indicator_id="industrial_investment", kind="part_of")
    prior = one(shares, indicator_id="industrial_investment", kind="prior_part_of")
    assert round(now["share_pct"], 1) == 45.2
    assert now["change_pp"] == pytest.approx(now["share_pct"] - prior["share_pct"])
    assert round(now["change_pp"], 1) == 13.2
    assert math.isnan(prior["change_pp"])
    assert shares.loc[shares["kind"] == "stated", "change_pp"].isna().all()  # no earlier share to compare


def test_part_unit_en_names_money_and_counts(shares):
    industrial = one(shares, indicator_id="industrial_investment", kind="part_of")
    assert (industrial["part_unit"], industrial["part_unit_en"], industrial["whole_unit_en"]) == (
        "亿元",
        "yuan",
        "yuan",
    )
    stated = one(shares, indicator_id="high_tech_industries_va", kind="stated")  # a part derived from its whole
    assert (stated["part_unit"], stated["part_unit_en"]) == ("亿元", "yuan")
    projects = one(shares, indicator_id="projects_introduced_300m_plus", kind="part_of")
    assert projects["part_unit_en"] == "projects"
    assert shares.loc[shares["part_unit"].notna(), "part_unit_en"].notna().all()


def test_prior_period_share_needs_both_growth_rates(figures):
    without_whole_growth = figures[figures["figure_id"] != "fixed_asset_investment_2021h1_actual_growth"]
    table = analysis.share_table(without_whole_growth)
    assert table[table["kind"] == "prior_part_of"].empty
    assert not table[table["kind"] == "part_of"].empty


def test_derived_share_rows_show_their_formula(shares):
    row = one(shares, indicator_id="industrial_investment", kind="part_of")
    assert formula_text(row["formula"]) == "16.1 ÷ 35.6 = 45.2%"
    stated = shares[shares["kind"] == "stated"]
    # a stated share derives the whole from the part (181 ÷ 45.1%) or the part from the whole
    assert (
        stated["formula"]
        .map(bool)
        .eq(stated["implied_whole"].notna() | stated["caveat_codes"].map(lambda codes: "part_derived" in codes))
        .all()
    )
    assert formula_text(one(stated, indicator_id="gdp")["formula"]) == f"181 ÷ 45.1% = {181 / 0.451:.2f}"


# --------------------------------------------------------------------------- formulas: every derived number shows its computation


def test_growth_formula_shows_the_prior_value_and_increase_by_hand(growth):
    # 181 / 1.175 = 154.0425..., 181 - 154.04 = 26.96
    steps = growth.loc["gdp", "formula"]
    assert formula_text(steps) == "181 ÷ (1 + 17.5%) = 154.04; 181 − 154.04 = 26.96"
    assert [s.operation for s in steps] == ["prior", "increase"]
    assert steps[0].result == pytest.approx(181 / 1.175) and steps[0].unit == "亿元"
    assert steps[0].figure_ids == ("gdp_2021h1_actual", "gdp_2021h1_actual_growth")


def test_growth_formula_compares_with_gdp_growth(growth):
    # 23.1 - 17.5 = 5.6 points; 23.1 / 17.5 = 1.32
    steps = [step_text(s) for s in growth.loc["fiscal_revenue", "formula"]]
    assert steps == [
        "12.8 ÷ (1 + 23.1%) = 10.40",
        "12.8 − 10.40 = 2.40",
        "23.1% − 17.5% = 5.6 pp",
        "23.1% ÷ 17.5% = 1.32×",
    ]


def test_growth_formula_of_a_part_shows_its_contribution_and_the_rest(growth):
    # 16.1 / 1.833 = 8.78 and 35.6 / 1.296 = 27.47; (16.1 - 8.78) / 27.47 = 26.6 points of the 29.6%;
    # 7.32 of the 8.13 increase = 90.0%; the rest: 19.5 / 18.69 - 1 = 4.4%
    steps = [step_text(s) for s in growth.loc["industrial_investment", "formula"]]
    assert steps[-3:] == [
        "(16.1 − 8.78) ÷ 27.47 = 26.6 pp",
        "(16.1 − 8.78) ÷ (35.6 − 27.47) = 90.0%",
        "(35.6 − 16.1) ÷ (27.47 − 8.78) − 1 = 4.4%",
    ]
    assert (35.6 - 16.1) / (35.6 / 1.296 - 16.1 / 1.833) - 1 == pytest.approx(0.0435, abs=5e-4)


def test_target_formula_shows_completion_time_elapsed_pace_and_margin(gap):
    # 15 of 20; 181 of 365 days; 5 left over 184 days against 15 in 181 days; 15 - 20 x (49.6% + 5%)
    row = one(gap, indicator_id="projects_introduced_100m_plus")
    assert [step_text(s) for s in row["formula"]] == [
        "15 ÷ 20 = 75.0%",
        f"{DAYS_H1} ÷ {DAYS_2021} = 49.6%",
        f"(5/{DAYS_H2}) ÷ (15/{DAYS_H1}) = 32.8%",
        "15 − 20 × (49.6% + 5%) = 4.08",
    ]
    assert (
        15 - 20 * (100 * DAYS_H1 / DAYS_2021 + 5) / 100 == pytest.approx(row["margin"]) == pytest.approx(4.08, abs=5e-3)
    )


def test_target_formula_at_the_report_date_counts_218_days(gap):
    # a to-date actual is measured at 6 August: 218 of 365 days = 59.7%; 35 left over the 147 days to 31 December
    # (the pace so far is known only if the 65亿元 are 2021 exports alone, the other reading)
    row = one(analysis.target_readings_table(), readings="exports_in_2021")
    assert [step_text(s) for s in row["formula"]][:3] == [
        "65 ÷ 100 = 65.0%",
        "218 ÷ 365 = 59.7%",
        "(35/147) ÷ (65/218) = 79.9%",
    ]


def test_target_formula_of_a_plan_not_started_and_a_rate(figures, gap):
    # nothing of H2 elapsed at 30 June; 31 over 184 days against 17 over 181 days = 179.4%
    assert (
        formula_text(one(gap, indicator_id="provincial_tech_smes")["formula"])
        == "0 ÷ 184 = 0.0%; (31/184) ÷ (17/181) = 179.4%"
    )
    table = _frame(
        [
            {
                "figure_id": "closure_h1",
                "indicator_id": "closure",
                "indicator": "结案率",
                "indicator_en": "Closure",
                "period": "2021H1",
                "basis": "actual",
                "measure": "rate",
                "value": 90.0,
                "unit": "%",
                "value_std": 90.0,
                "unit_std": "%",
            },
            {
                "figure_id": "closure_2021",
                "indicator_id": "closure",
                "indicator": "结案率",
                "indicator_en": "Closure",
                "period": "2021",
                "basis": "target",
                "measure": "rate",
                "value": 100.0,
                "unit": "%",
                "value_std": 100.0,
                "unit_std": "%",
            },
        ]
    )
    assert formula_text(analysis.target_gap_table(table).iloc[0]["formula"]) == "90% − 100% = −10.0 pp"


def test_target_readings_show_each_reading_s_computation(figures):
    readings = analysis.target_readings_table(figures)
    assert "formula" in readings.columns
    rows = readings[readings["indicator_id"] == "projects_introduced_100m_plus"]
    assert rows["formula"].map(lambda steps: " ÷ 365 = " in formula_text(steps)).all()


def test_counted_rows_carry_their_english_noun():
    gap = analysis.target_gap_table()
    nouns = dict(zip(gap["indicator_id"], gap["unit_en"]))
    assert nouns["projects_introduced_100m_plus"] == "projects" and nouns["roadside_paid_parking"] == "parking spaces"
    assert pd.isna(nouns["market_procurement_exports"])  # money has no count noun
    shares = analysis.share_table()
    row = shares[shares["indicator_id"] == "projects_introduced_300m_plus"].iloc[0]
    assert row["part_unit_en"] == "projects" and row["whole_unit_en"] == "projects"


def test_a_list_pushed_forward_is_not_a_count_to_complete(gap):
    # 持续推进重皇兜至银鱼滩等15个新开工公路项目: the 15 name the year's list being pushed forward
    row = one(gap, indicator_id="new_road_projects")
    assert pd.isna(row["remaining"]) and "pushed_forward" in row["caveat_codes"]
    other = one(gap, indicator_id="public_toilets")
    assert other["remaining"] == other["target"] and "pushed_forward" not in other["caveat_codes"]


# --------------------------------------------------------------------------- structure: lists and steps, one pairing join


@pytest.mark.parametrize(
    "build",
    [analysis.growth_table, analysis.share_table, analysis.target_gap_table, analysis.target_readings_table],
)
def test_ids_codes_and_steps_are_lists_in_every_table(figures, build):
    table = build(figures)
    for column in ("figure_ids", "caveat_codes", "formula", "alternative_statuses", "alternative_readings"):
        if column in table.columns:
            assert table[column].map(lambda cell: isinstance(cell, list)).all(), column
    steps = [step for formula in table["formula"] for step in formula]
    assert steps and all(isinstance(step, analysis.Step) for step in steps)
    assert all(step.operation in analysis.OPERATIONS for step in steps)
    # every figure a step computes with is one of the row's sources, or the reference's rate it is compared with
    for row in table.to_dict("records"):
        for step in row["formula"]:
            sources = set(row["figure_ids"])
            if step.operation in ("difference_pp", "ratio") and "reference_id" in row:
                sources |= set(table.loc[table["indicator_id"] == row["reference_id"], "growth_figure_id"])
            assert set(step.figure_ids) <= sources, (step, row["figure_ids"])


def test_a_margin_is_counted_in_the_target_s_unit(gap):
    row = one(gap, indicator_id="projects_introduced_100m_plus")
    margin = row["formula"][-1]
    assert margin.operation == "margin" and margin.unit == row["unit"] and margin.result == row["margin"]
    assert margin.figure_ids == (
        "projects_introduced_100m_plus_2021h1_actual",
        "projects_introduced_100m_plus_2021_target",
    )


def test_pair_keeps_every_row_in_order_and_takes_the_first_match():
    left = pd.DataFrame({"indicator_id": ["b", "a", "c"], "period": ["2021H1"] * 3, "basis": ["actual"] * 3})
    right = pd.DataFrame(
        {
            "indicator_id": ["a", "a", "b", None],
            "period": ["2021H1"] * 4,
            "basis": ["actual"] * 4,
            "figure_id": ["a1", "a2", "b1", "none"],
        }
    )
    paired = analysis.pair(left, right, prefix="level_")
    assert paired["indicator_id"].tolist() == ["b", "a", "c"]
    assert paired["level_figure_id"].tolist() == ["b1", "a1", None]
