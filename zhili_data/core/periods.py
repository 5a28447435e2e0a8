"""Periods and spans of days: what a figure's ``period`` covers, and the spans a reading gives it.

A span is a pair (first day or None, last day or None): None as first day means the start is not
known (a cumulative count ``to_date``); None as last day means no period is stated. A span is
written as an ISO 8601 interval, ``2021-01-01/2021-08-06``, with ``..`` for an unknown start
(``../2021-08-06``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from zhili_data.exceptions import ZhiliError

__all__ = [
    "PERIOD_PATTERN",
    "Period",
    "PeriodError",
    "Span",
    "base_period",
    "days",
    "elapsed_days",
    "elapsed_share",
    "format_span",
    "parse_period",
    "parse_span",
    "period_bounds",
    "period_code",
]

Span = tuple[date | None, date | None]

_SPAN = re.compile(r"(\.\.|\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})")

PERIOD_PATTERN = r"^(\d{4}H[12]|to_date|\d{4}|\d{4}-\d{4}|unstated)$"
"""Every period code a figure may carry (the schema checks ``period`` against it)."""

_PERIOD = re.compile(r"(?P<first>\d{4})(?:H(?P<half>[12])|-(?P<last>\d{4}))?")


class Period(NamedTuple):
    """A period code read: ``kind`` is ``half`` (2021H1), ``year`` (2021), ``years`` (2021-2025),
    ``to_date`` or ``unstated``; ``first``/``last`` are its years and ``half`` 1 or 2 (else None)."""

    kind: str
    first: int | None = None
    last: int | None = None
    half: int | None = None


class PeriodError(ZhiliError, ValueError):
    """Text that is no period code or interval of days; the message says what is allowed."""


def parse_period(period: str) -> Period:
    """Read a period code; raises :class:`PeriodError` (a ValueError) naming what is allowed.

    ``2021H1`` -> half of 2021, ``2021`` -> year, ``2021-2025`` -> years, ``to_date``, ``unstated``.

    Parameters
    ----------
    period : str
        A period code.

    Returns
    -------
    Period

    Examples
    --------
    >>> parse_period("2021H1")
    Period(kind='half', first=2021, last=2021, half=1)
    >>> parse_period("2021-2025").kind
    'years'
    """
    if period in ("to_date", "unstated"):
        return Period(period)
    if m := _PERIOD.fullmatch(str(period)):
        first = int(m["first"])
        if m["half"]:
            return Period("half", first, first, int(m["half"]))
        if m["last"]:
            return Period("years", first, int(m["last"]))
        return Period("year", first, first)
    raise PeriodError(
        f"period={period!r} is not a known period; allowed: 2021H1, 2021H2, 2021, to_date, unstated or a span such as 2021-2025"
    )


def period_bounds(period: str, *, report_date: date) -> Span:
    """First and last day of a period; ``to_date`` has no known start and ends on the report date;
    ``unstated`` (a target that names no period) has neither.

    ``2021H1`` -> 2021-01-01..2021-06-30, ``2021H2`` -> 2021-07-01..2021-12-31, ``2021`` -> the year,
    ``2021-2025`` -> 2021-01-01..2025-12-31.

    Parameters
    ----------
    period : str
        A period code.
    report_date : date
        The day the report was delivered.

    Returns
    -------
    Span

    Examples
    --------
    >>> from datetime import date
    >>> period_bounds("2021H1", report_date=date(2021, 8, 6))
    (datetime.date(2021, 1, 1), datetime.date(2021, 6, 30))
    >>> period_bounds("to_date", report_date=date(2021, 8, 6))
    (None, datetime.date(2021, 8, 6))
    """
    p = parse_period(period)
    if p.kind == "to_date":
        return None, report_date
    if p.kind == "unstated":
        return None, None
    if p.kind == "half":
        return (
            (date(p.first, 1, 1), date(p.first, 6, 30)) if p.half == 1 else (date(p.first, 7, 1), date(p.first, 12, 31))
        )
    return date(p.first, 1, 1), date(p.last, 12, 31)


def base_period(period: str) -> str | None:
    """The period a year-on-year rate is measured from: 2021H1 -> 2020H1, 2021 -> 2020; None otherwise.

    Parameters
    ----------
    period : str
        A period code.

    Returns
    -------
    str or None

    Examples
    --------
    >>> base_period("2021H1"), base_period("2021"), base_period("to_date")
    ('2020H1', '2020', None)
    """
    try:
        p = parse_period(period)
    except ValueError:
        return None
    if p.kind == "half":
        return f"{p.first - 1}H{p.half}"
    if p.kind == "year":
        return f"{p.first - 1}"
    return None


def parse_span(text: str, *, report_date: date) -> Span:
    """A period code (see :func:`period_bounds`) or an ISO interval ``2021-01-01/2021-08-06`` (``..`` for
    an unknown start) as a span; raises :class:`PeriodError` (a ValueError) naming what is allowed.

    Parameters
    ----------
    text : str
        A period code or an ISO interval of days.
    report_date : date
        The day the report was delivered.

    Returns
    -------
    Span

    Examples
    --------
    >>> from datetime import date
    >>> parse_span("../2021-08-06", report_date=date(2021, 8, 6))
    (None, datetime.date(2021, 8, 6))
    """
    text = str(text).strip()
    if m := _SPAN.fullmatch(text):
        try:
            start = None if m[1] == ".." else date.fromisoformat(m[1])
            end = date.fromisoformat(m[2])
        except ValueError:
            raise PeriodError(f"{text!r} holds a date that does not exist") from None
        if start is not None and start > end:
            raise PeriodError(f"{text!r} starts after it ends")
        return start, end
    try:
        return period_bounds(text, report_date=report_date)
    except ValueError:
        raise PeriodError(
            f"{text!r} is neither a period (2021H1, 2021H2, 2021, to_date, a span such as 2021-2025) nor an ISO interval "
            "of days such as 2021-01-01/2021-08-06 (../2021-08-06 for an unknown start)"
        ) from None


def format_span(span: Span) -> str:
    """The ISO interval of a span: ``2021-01-01/2021-06-30``, ``../2021-08-06``; "" when no period is stated.

    Parameters
    ----------
    span : Span

    Returns
    -------
    str

    Examples
    --------
    >>> from datetime import date
    >>> format_span((date(2021, 1, 1), date(2021, 6, 30))), format_span((None, date(2021, 8, 6)))
    ('2021-01-01/2021-06-30', '../2021-08-06')
    """
    start, end = span
    if end is None:
        return ""
    return f"{start.isoformat() if start else '..'}/{end.isoformat()}"


def days(span: Span) -> int | None:
    """Number of days of a span, both ends included; None when an end is not known.

    Parameters
    ----------
    span : Span

    Returns
    -------
    int or None

    Examples
    --------
    >>> from datetime import date
    >>> days((date(2021, 1, 1), date(2021, 6, 30))), days((None, date(2021, 8, 6)))
    (181, None)
    """
    start, end = span
    if start is None or end is None:
        return None
    return (end - start).days + 1


def elapsed_days(span: Span, as_of: date) -> tuple[int, int] | None:
    """(days of ``span`` elapsed at the end of day ``as_of``, days of ``span``); None without both ends.

    2021 at 2021-06-30: (181, 365); at the report date 2021-08-06: (218, 365).

    Parameters
    ----------
    span : Span
    as_of : date
        The day, counted in full.

    Returns
    -------
    (int, int) or None

    Examples
    --------
    >>> from datetime import date
    >>> elapsed_days((date(2021, 1, 1), date(2021, 12, 31)), date(2021, 6, 30))
    (181, 365)
    """
    total = days(span)
    if total is None:
        return None
    return min(max((as_of - span[0]).days + 1, 0), total), total  # type: ignore[operator]


def elapsed_share(span: Span, as_of: date) -> float:
    """Share of ``span`` elapsed at the end of day ``as_of``, in percent (0 to 100; NaN without both ends).

    Parameters
    ----------
    span : Span
    as_of : date
        The day, counted in full.

    Returns
    -------
    float

    Examples
    --------
    >>> from datetime import date
    >>> round(elapsed_share((date(2021, 1, 1), date(2021, 12, 31)), date(2021, 6, 30)), 1)
    49.6
    """
    counted = elapsed_days(span, as_of)
    if counted is None:
        return float("nan")
    done, total = counted
    return 100.0 * done / total


def period_code(span: Span) -> str | None:
    """The period code whose days are ``span`` (``2021``, ``2021H1``, ``2021H2``), or None.

    Parameters
    ----------
    span : Span

    Returns
    -------
    str or None

    Examples
    --------
    >>> from datetime import date
    >>> period_code((date(2021, 1, 1), date(2021, 6, 30))), period_code((date(2021, 1, 1), date(2021, 8, 6)))
    ('2021H1', None)
    """
    start, end = span
    if start is None or end is None:
        return None
    for code in (f"{start.year}", f"{start.year}H1", f"{start.year}H2"):
        if period_bounds(code, report_date=end) == span:
            return code
    return None
