"""Validation of figures.csv: the schema, each row against the source, and broken copies that must fail."""

import shutil
from decimal import Decimal

import pytest

from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.curated import read_table
from zhili_data.core.schema import CURATED_COLUMNS
from zhili_data.core.validate import FiguresInvalid, check_report, figures_schema, validate_figures, validate_report

BASE = dict(
    report_id=DEFAULT_REPORT, theme="economy", period="2021H1", basis="actual", measure="level", qualifier="exact"
)
ROWS = [
    dict(
        BASE,
        figure_id="gdp_2021h1_actual",
        indicator_id="gdp",
        indicator="地区生产总值",
        indicator_en="GDP",
        value="181",
        unit="亿元",
        unit_std="元",
        figure_text="181亿元",
        quote="上半年，全镇完成地区生产总值 181亿元",
        quote_en="In the first half of the year, the town's GDP reached 18.1 billion yuan",
    ),
    dict(
        BASE,
        figure_id="gdp_2021h1_actual_share",
        indicator_id="gdp",
        indicator="地区生产总值",
        indicator_en="GDP",
        measure="share",
        value="45.1",
        unit="%",
        unit_std="%",
        share_of="全区地区生产总值",
        share_of_en="GDP of the district",
        figure_text="45.1%",
        quote="占全区 45.1%",
        quote_en="45.1% of the district's total",
    ),
    dict(
        BASE,
        figure_id="design_talent_to_date_actual",
        indicator_id="design_talent",
        indicator="引进设计人才",
        indicator_en="Designers attracted",
        period="to_date",
        value="1000",
        unit="名",
        unit_std="名",
        unit_en="designers",
        qualifier="nearly",
        figure_text="近千名",
        quote="引进设计人才近千名",
        quote_en="nearly 1,000 design professionals were brought in",
    ),
    dict(
        BASE,
        figure_id="pilot_exports_to_date_actual",
        indicator_id="pilot_exports",
        indicator="试点出口业务量",
        indicator_en="Pilot zone exports",
        period="to_date",
        value="10",
        unit="亿美元",
        unit_std="美元",
        qualifier="at_least",
        figure_text="突破10亿美元",
        quote="湖州（织里）试点出口业务量突破 10亿美元大关",
        quote_en="exports under the Huzhou (Zhili) pilot have passed the mark of 1 billion US dollars",
    ),
    dict(
        BASE,
        figure_id="xintou_assets_to_date_actual",
        indicator_id="xintou_assets",
        indicator="新投集团总资产",
        indicator_en="Assets of the Xintou group",
        period="to_date",
        value="398.44",
        unit="亿",
        unit_std="元",
        figure_text="398.44亿",
        quote="总资产已达 398.44亿",
        quote_en="total assets have reached 39.844 billion (yuan)",
    ),
    dict(
        BASE,
        figure_id="fixed_asset_investment_2021h1_actual",
        indicator_id="fixed_asset_investment",
        indicator="社会固定资产投资",
        indicator_en="Fixed-asset investment",
        value="35.6",
        unit="亿元",
        unit_std="元",
        figure_text="35.6亿元",
        quote="社会固定资产投资完成 35.6亿元",
        quote_en="fixed-asset investment reached 3.56 billion yuan",
    ),
    dict(
        BASE,
        figure_id="industrial_investment_2021h1_actual",
        indicator_id="industrial_investment",
        indicator="工业性投入",
        indicator_en="Industrial investment",
        part_of="fixed_asset_investment",
        value="16.1",
        unit="亿元",
        unit_std="元",
        figure_text="16.1亿元",
        quote="其中工业性投入完成 16.1亿元",
        quote_en="of which industrial investment reached 1.61 billion yuan",
    ),
    dict(
        BASE,
        figure_id="safety_inspections_2021h1_actual",
        indicator_id="safety_inspections",
        indicator="安全检查",
        indicator_en="Safety inspections",
        theme="livelihood",
        value="29.6",
        unit="万家次",
        unit_std="家次",
        unit_en="inspection visits",
        figure_text="29.6万家次",
        quote="累计开展安全检查 29.6万家次",
        quote_en="296,000 safety inspections of firms were carried out in all",
    ),
    dict(
        BASE,
        figure_id="bike_points_2021h1_actual",
        indicator_id="bike_points",
        indicator="新增共享单车点位",
        indicator_en="New bike-sharing points",
        theme="urban_rural",
        value="100",
        unit="个",
        unit_std="个",
        unit_en="points",
        qualifier="at_least",
        figure_text="100余个",
        quote="新增共享单车点位 100余个",
        quote_en="more than 100 new shared-bicycle points were added",
    ),
    dict(
        BASE,
        figure_id="city_events_2021h1_actual",
        indicator_id="city_events",
        indicator="智慧城管采集事件",
        indicator_en="Events logged by smart city management",
        theme="governance",
        value="2.2",
        unit="万件",
        unit_std="件",
        unit_en="incidents",
        qualifier="at_least",
        figure_text="2.2万件以上",
        quote="智慧城管半年度采集事件 2.2万件以上",
        quote_en="smart urban management recorded more than 22,000 cases in the half year",
    ),
]


def _frame(write_csv, rows=ROWS, columns=CURATED_COLUMNS, name="figures.csv"):
    return read_table(write_csv(name, columns, rows))


def _changed(index, **changes):
    rows = [dict(row) for row in ROWS]
    rows[index].update(changes)
    return rows


def test_a_correct_table_has_no_problems(write_csv):
    assert validate_figures(_frame(write_csv)) == []


@pytest.mark.parametrize(
    "index, changes, column, message",
    [
        (0, dict(value="182"), "value", "reads 181"),
        (0, dict(quote="上半年，全镇完成地区生产总值 118亿元"), "quote", "not in the source"),
        (0, dict(quote="上半年"), "quote", "times in the source"),
        (0, dict(figure_text="118亿元"), "figure_text", "not inside the quote"),
        (0, dict(unit="斤"), "unit", "unknown unit '斤'"),
        (0, dict(unit="万元"), "unit", "reads unit '亿元'"),
        (0, dict(unit_std="美元"), "unit_std", "allowed: '元'"),
        (4, dict(unit_std="个"), "unit_std", "allowed: 元, 美元"),
        (2, dict(qualifier="exact"), "qualifier", "reads 'nearly'"),
        (3, dict(figure_text="突破10亿美金"), "figure_text", "unknown unit '亿美金'"),
        (0, dict(report_id="other-report"), "report_id", "must be 'zhili-2021-midyear'"),
        (1, dict(share_of=""), "share_of", "must name its whole"),
        (0, dict(share_of="全区"), "share_of", "only a share"),
        (0, dict(measure="growth"), "unit", "allowed: %"),
        (1, dict(measure="level"), "measure", "not a level"),
        (6, dict(part_of="no_such_indicator"), "part_of", "names no indicator_id"),
        (6, dict(part_of="industrial_investment"), "part_of", "own indicator"),
        (6, dict(part_relation="inside"), "part_relation", "one of: subset, overlap"),
        (5, dict(part_relation="overlap"), "part_relation", "set part_of"),
        (1, dict(figure_id="gdp_2021h1_actual"), "figure_id", "repeats the figure_id of line 2"),
        # the shape of the table (pandera)
        (0, dict(theme="economics"), "theme", "one of: context, economy"),
        (0, dict(period="H1"), "period", "matching"),
        (0, dict(basis="plan"), "basis", "one of: actual, target"),
        (0, dict(figure_id="GDP-2021"), "figure_id", "matching"),
        (0, dict(value="一百八十一"), "value", "a number"),
        (0, dict(indicator_en=""), "indicator_en", "required"),
        (0, dict(quote_en=""), "quote_en", "required"),
        (0, dict(quote_en="   "), "quote_en", "required"),
        (0, dict(quote_en="GDP reached 181亿元"), "quote_en", "holds Chinese characters"),
        (2, dict(quote_en="nearly 1,000 designers（近千名）"), "quote_en", "full-width punctuation"),
        (0, dict(quote_en="GDP reached <b>18.1 billion</b> yuan"), "quote_en", "markup-like text"),
        # the English count noun: a count needs one, a measure has none
        (2, dict(unit_en=""), "unit_en", "required for a count"),
        (8, dict(unit_en="个"), "unit_en", "lowercase English words"),
        (0, dict(unit_en="yuan"), "unit_en", "must be empty"),
    ],
)
def test_each_problem_names_the_row_column_and_what_is_allowed(write_csv, index, changes, column, message):
    problems = validate_figures(_frame(write_csv, _changed(index, **changes)))
    line, figure_id = index + 2, _changed(index, **changes)[index]["figure_id"]
    matching = [p for p in problems if p.column == column and message in p.message]
    assert matching, problems
    assert all(p.line == line and p.figure_id == figure_id for p in matching)
    assert all(p.line == line for p in problems)  # the other rows stay clean
    assert f"figures.csv:{line} [{figure_id}] {column}=" in str(matching[0])


def test_unknown_and_missing_columns(write_csv):
    columns = [c for c in CURATED_COLUMNS if c != "quote"] + ["page"]
    problems = validate_figures(_frame(write_csv, columns=columns))
    assert {(p.column, p.line) for p in problems} == {("quote", 1), ("page", 1)}
    assert any("derived" in p.message for p in problems if p.column == "page")
    assert any("missing column" in p.message for p in problems if p.column == "quote")


def test_schema_is_built_from_the_curated_columns():
    schema = figures_schema()
    assert list(schema.columns) == list(CURATED_COLUMNS)
    assert schema.strict


def test_read_table_coerces_nothing_and_numbers_lines(write_csv):
    rows = _changed(0, note="第一行\n第二行", value="181.0", share_of_en="NA")
    frame = _frame(write_csv, rows)
    assert frame.loc[2, "value"] == "181.0" and frame.loc[2, "share_of_en"] == "NA" and frame.loc[2, "part_of"] == ""
    # the note spans two lines, so the second record begins on line 4
    assert list(frame.index[:2]) == [2, 4]
    problems = validate_figures(read_table(write_csv("f.csv", CURATED_COLUMNS, _changed(1, value="0"))))
    assert [p.line for p in problems] == [3]


def _copy_of_real_files(tmp_path):
    report = get_report()
    figures, exclusions = tmp_path / "figures.csv", tmp_path / "exclusions.csv"
    shutil.copyfile(report.figures_path, figures)
    if report.exclusions_path.is_file():
        shutil.copyfile(report.exclusions_path, exclusions)
    return figures, exclusions


@pytest.mark.parametrize(
    "column, breaking, message",
    [
        ("value", lambda v: str(Decimal(v) + 1), "value must be the number as printed"),
        ("quote", lambda q: q + "（此句不在报告中）", "is not in the source"),
        ("unit", lambda u: "斤", "unknown unit '斤'"),
        (
            "indicator",
            lambda v: "<img src=x onerror=alert(1)>",
            "markup-like text ('<', '>') is not allowed in free text; allowed: ",
        ),
        ("indicator_en", lambda v: "<svg onload=alert(4)>", "markup-like text ('<', '>')"),
        ("indicator_en", lambda v: "GDP &lt;b&gt;", "markup-like text ('&lt;', '&gt;')"),
        ("indicator", lambda v: "[点击](javascript:alert(1))", "markup-like text ('[', ']')"),
        ("indicator_en", lambda v: "GDP `code` **bold**", "markup-like text ('`', '*')"),
        ("note", lambda v: "see http://evil.example", "markup-like text ('://')"),
        ("indicator", lambda v: "地区生产总值\n# 标题", "markup-like text ('\\n')"),
    ],
)
def test_a_broken_copy_of_the_real_figures_fails_naming_the_row(tmp_path, column, breaking, message):
    figures_path, exclusions_path = _copy_of_real_files(tmp_path)
    frame = read_table(figures_path)
    figure_id = frame["figure_id"].iloc[0]
    named = f"figures.csv:2 [{figure_id}] {column}="
    untouched = validate_report(figures_path=figures_path, exclusions_path=exclusions_path)
    assert not any(str(p).startswith(named) for p in untouched)

    frame.iloc[0, frame.columns.get_loc(column)] = breaking(frame[column].iloc[0])
    frame.to_csv(figures_path, index=False)
    with pytest.raises(FiguresInvalid) as error:
        check_report(figures_path=figures_path, exclusions_path=exclusions_path)
    assert any(str(p).startswith(named) and message in p.message for p in error.value.problems)
    assert named in str(error.value)


def test_ordinary_punctuation_is_allowed_in_free_text(write_csv):
    rows = _changed(0, indicator_en='GDP (R&D-intensive firms); 45%, "quoted", it\'s: a/b + c?')
    assert validate_figures(_frame(write_csv, rows)) == []


def test_share_of_with_markup_is_refused(write_csv):
    problems = validate_figures(_frame(write_csv, _changed(1, share_of_en="<b>district</b>")))
    assert [(p.line, p.figure_id, p.column) for p in problems] == [(3, "gdp_2021h1_actual_share", "share_of_en")]


def test_missing_figures_file_is_a_problem(tmp_path):
    problems = validate_report(figures_path=tmp_path / "figures.csv")
    assert len(problems) == 1 and "missing" in problems[0].message


def test_the_real_figures_rows_are_valid():
    report = get_report()
    assert [str(p) for p in validate_figures(read_table(report.figures_path), report)] == []


def test_the_real_report_passes_validation():
    check_report()
