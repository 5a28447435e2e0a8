"""Periods and spans of days, counted by hand."""

import re
from datetime import date

import pytest

from zhili_data.core import periods

REPORT_DATE = date(2021, 8, 6)


def test_period_bounds():
    assert periods.period_bounds("2021H1", report_date=REPORT_DATE) == (date(2021, 1, 1), date(2021, 6, 30))
    assert periods.period_bounds("2020", report_date=REPORT_DATE) == (date(2020, 1, 1), date(2020, 12, 31))
    assert periods.period_bounds("to_date", report_date=REPORT_DATE) == (None, REPORT_DATE)
    assert periods.period_bounds("unstated", report_date=REPORT_DATE) == (None, None)
    with pytest.raises(ValueError, match="unstated"):
        periods.period_bounds("H1", report_date=REPORT_DATE)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2021-01-01/2021-08-06", (date(2021, 1, 1), date(2021, 8, 6))),
        ("../2021-08-06", (None, date(2021, 8, 6))),
        ("2021H2", (date(2021, 7, 1), date(2021, 12, 31))),
        ("to_date", (None, REPORT_DATE)),
    ],
)
def test_parse_and_format_span(text, span):
    assert periods.parse_span(text, report_date=REPORT_DATE) == span
    if "/" in text:
        assert periods.format_span(span) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-08-06/2021-01-01", "starts after it ends"),
        ("2021-02-30/2021-03-01", "does not exist"),
        ("H1", "ISO interval"),
    ],
)
def test_bad_spans_say_what_is_allowed(text, message):
    with pytest.raises(ValueError, match=message):
        periods.parse_span(text, report_date=REPORT_DATE)


def test_days_and_elapsed_share():
    year = (date(2021, 1, 1), date(2021, 12, 31))
    assert periods.days(year) == 365 and periods.days((None, REPORT_DATE)) is None
    # 1 January to 6 August 2021: 31+28+31+30+31+30+31+6 = 218 days
    assert periods.elapsed_share(year, REPORT_DATE) == pytest.approx(100 * 218 / 365)
    assert periods.elapsed_share(year, date(2020, 12, 1)) == 0 and periods.elapsed_share(year, date(2022, 3, 1)) == 100
    h2 = (date(2021, 7, 1), date(2021, 12, 31))
    assert periods.elapsed_share(h2, REPORT_DATE) == pytest.approx(100 * 37 / 184)  # 31 days of July and 6 of August


def test_period_code_of_a_span():
    assert periods.period_code((date(2021, 1, 1), date(2021, 12, 31))) == "2021"
    assert periods.period_code((date(2021, 7, 1), date(2021, 12, 31))) == "2021H2"
    assert periods.period_code((date(2021, 1, 1), date(2021, 8, 6))) is None
    assert periods.period_code((None, date(2021, 8, 6))) is None


def test_elapsed_days_are_what_time_elapsed_divides():
    year = (date(2021, 1, 1), date(2021, 12, 31))
    assert periods.elapsed_days(year, date(2021, 6, 30)) == (181, 365)
    assert periods.elapsed_days(year, REPORT_DATE) == (218, 365)
    assert periods.elapsed_days((None, REPORT_DATE), REPORT_DATE) is None


@pytest.mark.parametrize(
    ("code", "read"),
    [
        ("2021H1", periods.Period("half", 2021, 2021, 1)),
        ("2022H2", periods.Period("half", 2022, 2022, 2)),
        ("2021", periods.Period("year", 2021, 2021)),
        ("2021-2025", periods.Period("years", 2021, 2025)),
        ("to_date", periods.Period("to_date")),
        ("unstated", periods.Period("unstated")),
    ],
)
def test_every_period_code_is_read_in_one_place(code, read):
    assert periods.parse_period(code) == read
    assert re.fullmatch(periods.PERIOD_PATTERN, code)


@pytest.mark.parametrize("code", ["2021H3", "H1 2021", "21", "2021-25", ""])
def test_a_code_that_is_no_period_is_refused_by_both(code):
    with pytest.raises(ValueError, match="allowed: 2021H1"):
        periods.parse_period(code)
    assert not re.fullmatch(periods.PERIOD_PATTERN, code)


def test_base_period_of_a_year_on_year_rate():
    assert periods.base_period("2021H1") == "2020H1" and periods.base_period("2021") == "2020"
    assert periods.base_period("to_date") is None and periods.base_period("2021-2025") is None
