"""Reading figures as printed: hedges, Arabic and Chinese numbers, units and standard values."""

from decimal import Decimal

import pytest

from zhili_data.core.numbers import (
    BASE_UNITS,
    FigureTextError,
    UnknownUnitError,
    chinese_number,
    parse_figure_text,
    split_unit,
    standard_unit,
    standardize,
)


@pytest.mark.parametrize(
    "text, value, unit, qualifier, multiplier, base_unit, value_std",
    [
        # the four edge cases of the dataset's specification
        ("近千名", 1000, "名", "nearly", 1, "名", 1000),
        ("100余个", 100, "个", "at_least", 1, "个", 100),
        ("2.2万件以上", 2.2, "万件", "at_least", 10_000, "件", 22_000),
        ("突破10亿美元", 10, "亿美元", "at_least", 100_000_000, "美元", 1e9),
        # more of the report
        ("181亿元", 181, "亿元", "exact", 100_000_000, "元", 181e8),
        ("398.44亿", 398.44, "亿", "exact", 100_000_000, "", 39_844_000_000),
        ("29.6万家次", 29.6, "万家次", "exact", 10_000, "家次", 296_000),
        ("约9100万元", 9100, "万元", "about", 10_000, "元", 91_000_000),
        ("超百万", 1_000_000, "", "at_least", 1, "", 1_000_000),
        ("100%", 100, "%", "exact", 1, "%", 100),
        ("17.5%", 17.5, "%", "exact", 1, "%", 17.5),
        ("五年", 5, "年", "exact", 1, "年", 5),
        ("十八", 18, "", "exact", 1, "", 18),
        ("七纵", 7, "纵", "exact", 1, "纵", 7),
        ("14.7平方公里", 14.7, "平方公里", "exact", 1, "平方公里", 14.7),
        ("45万人", 45, "万人", "exact", 10_000, "人", 450_000),
        ("50余次", 50, "次", "at_least", 1, "次", 50),
        ("1000 个", 1000, "个", "exact", 1, "个", 1000),  # whitespace as in the source
        ("超过5家", 5, "家", "at_least", 1, "家", 5),
        ("3万余人", 3, "万人", "at_least", 10_000, "人", 30_000),
        ("两千亩", 2000, "亩", "exact", 1, "亩", 2000),
        ("亿元", 100_000_000, "元", "exact", 1, "元", 1e8),  # 亿元以上项目: one 亿 yuan
        ("1.5百分点", 1.5, "百分点", "exact", 1, "百分点", 1.5),  # 百 here is part of the unit
    ],
)
def test_parse_figure_text(text, value, unit, qualifier, multiplier, base_unit, value_std):
    parsed = parse_figure_text(text)
    assert (parsed.value, parsed.unit, parsed.qualifier, parsed.multiplier, parsed.base_unit) == (
        value,
        unit,
        qualifier,
        multiplier,
        base_unit,
    )
    assert parsed.value_std == value_std


def test_every_qualifier_marker_is_read():
    from zhili_data.core.schema import QUALIFIER_MARKERS

    for marker, qualifier in QUALIFIER_MARKERS.items():
        text = f"5{marker}个" if marker in ("余", "多") else (f"5个{marker}" if marker == "以上" else f"{marker}5个")
        parsed = parse_figure_text(text)
        assert (parsed.value, parsed.unit, parsed.qualifier) == (5, "个", qualifier), text


@pytest.mark.parametrize(
    "numeral, number",
    [
        ("十八", 18),
        ("十", 10),
        ("千", 1000),
        ("百万", 1_000_000),
        ("一百", 100),
        ("两", 2),
        ("两千", 2000),
        ("五", 5),
        ("十万", 100_000),
        ("三千五百万", 35_000_000),
        ("二〇二一", 2021),
        ("亿", 100_000_000),
    ],
)
def test_chinese_numerals_convert_whole(numeral, number):
    assert chinese_number(numeral) == number


def test_standard_values_have_no_float_noise():
    # 16.1 * 1e8 is 1610000000.0000002 in binary floating point
    assert 16.1 * 1e8 != 1_610_000_000
    assert parse_figure_text("16.1亿元").value_std == 1_610_000_000.0
    assert standardize(16.1, "亿元", "元") == 1_610_000_000.0
    assert standardize("0.07", "万元") == 700.0
    assert standardize(29.6, "万家次", "家次") == 296_000.0
    assert parse_figure_text("29.6万家次").number == Decimal("29.6")


def test_standardize_money_whose_yuan_is_omitted():
    assert standardize(398.44, "亿", "元") == 39_844_000_000.0
    assert standardize(1_000_000, "", "元") == 1_000_000.0
    assert standard_unit("亿", "美元") == "美元"
    assert standard_unit("万家次") == "家次"


def test_road_axes_are_counted_in_roads():
    # 七纵二横: seven north-south and two east-west roads, 条 both
    assert standard_unit("纵") == standard_unit("横") == "条"
    assert standard_unit("纵", "条") == "条"
    with pytest.raises(ValueError, match="'条'"):
        standard_unit("纵", "纵")


@pytest.mark.parametrize(
    "unit, unit_std, allowed",
    [("万件", "个", "'件'"), ("亿", "个", "元, 美元"), ("万", "", "元, 美元"), ("%", "元", "'%'")],
)
def test_inconsistent_unit_std_is_refused(unit, unit_std, allowed):
    with pytest.raises(ValueError, match=allowed):
        standardize(1, unit, unit_std)


def test_unknown_unit_names_the_unit_and_the_allowed_ones():
    with pytest.raises(UnknownUnitError) as error:
        parse_figure_text("5斤")
    message = str(error.value)
    assert "'斤'" in message and "'5斤'" in message
    assert all(unit in message for unit in BASE_UNITS)
    with pytest.raises(UnknownUnitError, match="'万斤'"):
        split_unit("万斤")


def test_figure_text_running_into_the_next_words_is_an_unknown_unit():
    with pytest.raises(UnknownUnitError, match="亿元，同比"):
        parse_figure_text("181亿元，同比")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("元", "does not start with a number"),
        ("约近5个", "does not start with a number"),
        ("约5个以上", "more than one hedge"),
        ("七纵二横", "more than one number"),
        ("15个，其中3个", "more than one number"),
    ],
)
def test_unreadable_figure_texts_say_why(text, message):
    with pytest.raises(FigureTextError, match=message):
        parse_figure_text(text)
