"""A notebook's parameters: declared, checked, merged and read from --param."""

from __future__ import annotations

import pytest
from runner_support import TOY

from zhili_data.publish.inspection import (
    ParameterError,
    check_parameters,
    declared_parameters,
    effective_parameters,
    parse_override,
    parse_value,
)


def test_declared_parameters_come_from_papermills_inspection():
    declared = declared_parameters(TOY)
    assert list(declared) == ["report", "lang", "rows", "scale", "fail", "sleep", "touch"]
    assert declared["scale"].default == 1.5
    assert declared["lang"].help == "zh or en"


def test_unknown_parameter_suggests_the_close_name():
    with pytest.raises(ParameterError) as caught:
        check_parameters({"rowz": 4}, declared_parameters(TOY), where="report 'toy'")
    message = str(caught.value)
    assert "unknown parameter 'rowz' (did you mean 'rows'?)" in message
    assert "allowed: report, lang, rows, scale, fail, sleep, touch" in message


def test_parameter_of_the_wrong_type_is_refused_and_int_fits_a_float():
    declared = declared_parameters(TOY)
    with pytest.raises(ParameterError, match="parameter 'rows' must be a number like its default 3, got 'many'"):
        check_parameters({"rows": "many"}, declared, where="toy")
    assert check_parameters({"scale": 2}, declared, where="toy") == {"scale": 2.0}
    assert isinstance(check_parameters({"scale": 2}, declared, where="toy")["scale"], float)


def test_effective_parameters_merge_defaults_in_cell_order():
    declared = declared_parameters(TOY)
    assert effective_parameters({"rows": 9}, declared) == {
        "report": "zhili-2021-midyear",
        "lang": "zh",
        "rows": 9,
        "scale": 1.5,
        "fail": False,
        "sleep": 0.0,
        "touch": "",
    }


def test_override_values_are_read_as_the_declared_type():
    declared = declared_parameters(TOY)
    assert parse_value("7", declared["rows"]) == 7
    assert parse_value("2.5", declared["scale"]) == 2.5
    assert parse_value("true", declared["fail"]) is True
    assert parse_value("2021", declared["lang"]) == "2021"  # a string parameter keeps the text
    list_param = type(declared["rows"])("indicators", "[]", "")
    assert parse_value('["gdp", "fai"]', list_param) == ["gdp", "fai"]
    assert parse_value("gdp, fai", list_param) == ["gdp", "fai"]
    assert parse_value("3") == 3 and parse_value("x y") == "x y"


def test_override_syntax():
    assert parse_override("lang=en") == (None, "lang", "en")
    assert parse_override("target_gap-en:tolerance=2.5") == ("target_gap-en", "tolerance", "2.5")
    assert parse_override("as_of=2021-06-30") == (None, "as_of", "2021-06-30")
    with pytest.raises(ParameterError, match="expected NAME=VALUE"):
        parse_override("lang")
