"""The argument checks the analyses and the notebooks share: a value normalised, or a ParameterError
naming the parameter, the value and what is allowed."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from zhili_data.core import checks
from zhili_data.exceptions import ParameterError


def test_indicators_must_be_strings():
    with pytest.raises(ParameterError, match=r"indicators=\[1, 2\].*list of indicator ids"):
        checks.check_indicators([1, 2], ["gdp"])


def test_indicators_from_a_label_point_to_the_id():
    with pytest.raises(ParameterError, match="did you mean 'gdp'"):
        checks.check_indicators(["地区生产总值"], ["gdp", "population"], labels={"gdp": "地区生产总值"})
    assert checks.check_indicators(None, ["gdp"]) == []


def test_good_as_of():
    assert checks.check_as_of("2021-09-30") == date(2021, 9, 30)
    assert checks.check_as_of(date(2021, 9, 30)) == date(2021, 9, 30)
    assert checks.check_as_of(datetime(2021, 9, 30, 12)) == date(2021, 9, 30)
    assert checks.check_as_of(None) is None and checks.check_as_of("  ") is None


@pytest.mark.parametrize("bad", [True, -1, 101, math.nan, "5"])
def test_tolerance_is_a_number_of_points_from_0_to_100(bad):
    with pytest.raises(ParameterError, match="percentage points from 0 to 100"):
        checks.check_tolerance(bad)
    assert checks.check_tolerance(0) == 0.0 and checks.check_tolerance(100) == 100.0


def test_lang_and_report():
    assert checks.check_lang("zh") == "zh"
    with pytest.raises(ParameterError, match="lang='de'"):
        checks.check_lang("de")
    with pytest.raises(ParameterError, match="did you mean 'zhili-2021-midyear'"):
        checks.check_report("zhili-2021-midyr")
