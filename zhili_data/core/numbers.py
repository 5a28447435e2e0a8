"""Reading a figure as printed (突破10亿美元, 近千名, 2.2万件以上) into value, unit, hedge and standard value.

Arabic figures keep their multiplier in the unit (181亿元 is 181 in 亿元); Chinese numerals are
converted whole with cn2an (近千名 is 1000 in 名). ``value_std`` applies the multiplier with decimal
arithmetic, so 29.6万 is exactly 296000.0 rather than 295999.99999999994.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from zhili_data.core.schema import QUALIFIER_MARKERS
from zhili_data.exceptions import ZhiliError

__all__ = [
    "BASE_UNITS",
    "CHINESE_NUMERALS",
    "MEASURE_UNITS_EN",
    "MONEY_UNITS",
    "MULTIPLIERS",
    "PREFIX_MARKERS",
    "STANDARD_OF",
    "UNCOUNTED_UNITS",
    "FigureTextError",
    "ParsedFigure",
    "Unit",
    "UnknownUnitError",
    "chinese_number",
    "parse_figure_text",
    "split_unit",
    "standard_unit",
    "standardize",
    "to_decimal",
]

MULTIPLIERS = {"百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
"""Unit prefixes and their factors; a prefix may stack (千万元 is 10^7 元)."""

MONEY_UNITS = ("元", "美元")
"""Standard units of money: where a figure omits 元 (398.44亿), its unit_std is one of these."""

BASE_UNITS = (
    "元",
    "美元",
    "%",
    "百分点",
    "人",
    "人次",
    "名",
    "户",
    "家",
    "家次",
    "个",
    "件",
    "处",
    "套",
    "座",
    "条",
    "项",
    "次",
    "亩",
    "平方公里",
    "公里",
    "小时",
    "天",
    "年",
    "周岁",
    "周年",
    "纵",
    "横",  # axes of a road grid (七纵二横)
)
"""Units a figure may carry after its multiplier. A unit outside this table is an error, so a
typo or a figure_text that runs into the next word is caught instead of becoming a new unit."""

MEASURE_UNITS_EN = {
    "元": "yuan",
    "美元": "US$",
    "亩": "mu",
    "平方公里": "km²",
    "公里": "km",
    "小时": "hours",
    "天": "days",
    "年": "years",
}
"""English of the standard units that measure rather than count (a count's English is the figure's
curated ``unit_en``: projects, firms)."""

STANDARD_OF = {"纵": "条", "横": "条"}
"""Printed units whose standard unit is another: 七纵二横 counts roads (条) along two axes."""

CHINESE_NUMERALS = "〇零一二两三四五六七八九十百千万亿"

PREFIX_MARKERS = tuple(sorted((m for m in QUALIFIER_MARKERS if m not in ("余", "多", "以上")), key=len, reverse=True))
"""Hedges printed before the number (突破, 超过, 约, 近…), longest first."""
UNCOUNTED_UNITS = ("元", "美元", "%", "百分点", "亩", "平方公里", "公里", "小时", "天", "年", "周岁", "周年")
"""Standard units that measure rather than count: their figures need no English count noun."""
_INFIX_MARKERS = ("余", "多")  # between the number and the unit: 100余个, 50多家
_SUFFIX_MARKERS = ("以上",)  # after the unit: 2.2万件以上
_NUMBER = re.compile(rf"(?P<arabic>\d+(?:\.\d+)?)|(?P<chinese>[{CHINESE_NUMERALS}]+)")
_WHITESPACE = re.compile(r"\s+")


class FigureTextError(ZhiliError, ValueError):
    """A figure_text that cannot be read as one hedged number with a known unit."""


class UnknownUnitError(FigureTextError):
    """A unit outside ``BASE_UNITS`` (after any multiplier)."""


def _allowed_units() -> str:
    return (
        f"a multiplier ({'、'.join(MULTIPLIERS)}, optional) followed by one of {' '.join(BASE_UNITS)}; "
        f"or a multiplier alone, or nothing, for money whose 元 is omitted"
    )


@dataclass(frozen=True)
class Unit:
    """A printed unit split into its multiplier prefix and its base unit: 万家次 -> 万, 家次."""

    unit: str
    prefix: str
    multiplier: int
    base: str


def split_unit(unit: str) -> Unit:
    """A printed unit split into its multiplier prefix and its base unit.

    Parameters
    ----------
    unit : str
        The unit as printed (万家次, 亿元, 百分点); empty for a bare number.

    Returns
    -------
    Unit

    Raises
    ------
    UnknownUnitError
        The base unit is not one of :data:`BASE_UNITS`.

    Examples
    --------
    >>> split_unit("万家次")
    Unit(unit='万家次', prefix='万', multiplier=10000, base='家次')
    >>> split_unit("百分点").multiplier, split_unit("千万元").multiplier
    (1, 10000000)
    """
    unit = unit or ""
    # The shortest prefix wins, so that a base unit beginning with a multiplier character
    # (百分点) is read whole rather than as 百 x 分点.
    for cut in range(len(unit) + 1):
        prefix, base = unit[:cut], unit[cut:]
        if all(c in MULTIPLIERS for c in prefix) and (base in BASE_UNITS or base == ""):
            multiplier = 1
            for c in prefix:
                multiplier *= MULTIPLIERS[c]
            return Unit(unit, prefix, multiplier, base)
    raise UnknownUnitError(f"unknown unit {unit!r}; allowed: {_allowed_units()}")


def chinese_number(numeral: str) -> Decimal:
    """A run of Chinese numerals as a number.

    Parameters
    ----------
    numeral : str
        Chinese numerals only (千, 百万, 十八, 两).

    Returns
    -------
    Decimal

    Raises
    ------
    FigureTextError
        A character is no Chinese numeral, or the run cannot be read.

    Examples
    --------
    >>> chinese_number("千"), chinese_number("十八"), chinese_number("两")
    (Decimal('1000'), Decimal('18'), Decimal('2'))
    """
    if not numeral or any(c not in CHINESE_NUMERALS for c in numeral):
        raise FigureTextError(f"{numeral!r} is not a run of Chinese numerals ({CHINESE_NUMERALS})")
    # cn2an rejects a numeral that begins with a bare unit (千, 百万); as spoken it means one of it.
    spelled = "一" + numeral if numeral[0] in "十百千万亿" else numeral
    try:
        import cn2an  # here, not at the top: its import compiles regexes for 0.2 s, which load_figures() need not pay

        number = cn2an.cn2an(spelled, "normal")  # normal mode also takes 两 and 〇
    except (ValueError, KeyError) as error:
        raise FigureTextError(f"cannot read the Chinese numeral {numeral!r}: {error}") from error
    return Decimal(str(number))


def to_decimal(value: object) -> Decimal:
    """A number or numeric text as an exact Decimal; a float goes through its shortest repr.

    Parameters
    ----------
    value : object
        A number, or text holding one.

    Returns
    -------
    Decimal

    Raises
    ------
    FigureTextError
        No finite number.

    Examples
    --------
    >>> to_decimal(0.1), to_decimal(" 181 ")
    (Decimal('0.1'), Decimal('181'))
    """
    if isinstance(value, Decimal):
        return value
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise FigureTextError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise FigureTextError(f"{value!r} is not a finite number")
    return number


@dataclass(frozen=True)
class ParsedFigure:
    """A figure as printed, read: ``value`` and ``unit`` as printed, the hedge and the multiplier."""

    text: str
    number: Decimal
    unit: str
    qualifier: str
    multiplier: int
    base_unit: str

    @property
    def value(self) -> float:
        return float(self.number)

    @property
    def value_std(self) -> float:
        return float(self.number * self.multiplier)


def parse_figure_text(text: str) -> ParsedFigure:
    """Read a figure as printed: ``突破10亿美元`` -> 10, 亿美元, at_least, multiplier 10^8.

    One number, at most one hedge of ``schema.QUALIFIER_MARKERS`` (约/近/超/超过/突破 before it,
    余/多 after it, 以上 at the end), then a unit of :func:`split_unit`. Whitespace is ignored.

    Parameters
    ----------
    text : str
        The figure as printed in its quote.

    Returns
    -------
    ParsedFigure

    Raises
    ------
    FigureTextError
        Empty, no number, two numbers or two hedges; :class:`UnknownUnitError` for a unit outside
        :data:`BASE_UNITS`.

    Examples
    --------
    >>> figure = parse_figure_text("突破10亿美元")
    >>> figure.value, figure.unit, figure.qualifier, figure.value_std
    (10.0, '亿美元', 'at_least', 1000000000.0)
    >>> parse_figure_text("近千名").number
    Decimal('1000')
    """
    original = text
    rest = _WHITESPACE.sub("", text or "")
    if not rest:
        raise FigureTextError("figure_text is empty; copy the figure as printed in the quote (181亿元, 近千名)")
    hedges: list[str] = []
    for marker in PREFIX_MARKERS:
        if rest.startswith(marker):
            hedges.append(marker)
            rest = rest[len(marker) :]
            break
    match = _NUMBER.match(rest)
    if not match:
        raise FigureTextError(
            f"figure_text {original!r} does not start with a number after its hedge "
            f"(allowed hedges before the number: {', '.join(PREFIX_MARKERS)})"
        )
    if match["arabic"]:
        number = Decimal(match["arabic"])
    else:
        number = chinese_number(match["chinese"])
    rest = rest[match.end() :]
    for marker in _SUFFIX_MARKERS:
        if rest.endswith(marker):
            hedges.append(marker)
            rest = rest[: -len(marker)]
    # 余/多 follow the number or its multiplier: 100余个, 3万余人.
    hedge = re.match(rf"^([{''.join(MULTIPLIERS)}]*)({'|'.join(_INFIX_MARKERS)})", rest)
    if hedge:
        hedges.append(hedge[2])
        rest = hedge[1] + rest[hedge.end() :]
    if len(hedges) > 1:
        raise FigureTextError(
            f"figure_text {original!r} carries more than one hedge ({', '.join(hedges)}); a figure has at most one"
        )
    try:
        unit = split_unit(rest)
    except UnknownUnitError:
        if re.search(rf"\d|[{CHINESE_NUMERALS}]", rest.lstrip("".join(MULTIPLIERS))):
            raise FigureTextError(
                f"figure_text {original!r} holds more than one number; curate each number as its own row"
            ) from None
        raise UnknownUnitError(
            f"figure_text {original!r}: unknown unit {rest!r}; allowed: {_allowed_units()}"
        ) from None
    qualifier = QUALIFIER_MARKERS[hedges[0]] if hedges else "exact"
    return ParsedFigure(original, number, unit.unit, qualifier, unit.multiplier, unit.base)


def standard_unit(unit: str | None, unit_std: str | None = None) -> str:
    """The standard unit of ``unit``: its base unit, or for a bare multiplier the money unit ``unit_std``.

    Parameters
    ----------
    unit : str or None
        The unit as printed.
    unit_std : str, optional
        The standard unit curated beside it: it must equal the unit minus its multiplier, or be
        元/美元 when nothing remains (398.44亿 is money whose 元 is omitted).

    Returns
    -------
    str

    Raises
    ------
    UnknownUnitError
        ``unit_std`` disagrees with ``unit``, or is missing where the unit has no base.

    Examples
    --------
    >>> standard_unit("亿元"), standard_unit("亿", "元")
    ('元', '元')
    """
    split = split_unit(unit or "")
    if split.base:
        base = STANDARD_OF.get(split.base, split.base)
        if unit_std not in (None, base):
            raise UnknownUnitError(
                f"unit_std {unit_std!r} does not match unit {unit!r}; allowed: {base!r} (the unit without its multiplier)"
            )
        return base
    if unit_std is None:
        raise UnknownUnitError(
            f"unit {unit!r} has no base unit; name the money unit in unit_std ({' or '.join(MONEY_UNITS)})"
        )
    if unit_std not in MONEY_UNITS:
        raise UnknownUnitError(
            f"unit_std {unit_std!r} does not match unit {unit!r}: a unit without a base is money whose 元 is omitted; "
            f"allowed: {', '.join(MONEY_UNITS)}"
        )
    return unit_std


def standardize(value: object, unit: str | None, unit_std: str | None = None) -> float:
    """``value`` in ``unit`` as a number of the standard unit: (29.6, 万家次) -> 296000.0.

    Parameters
    ----------
    value : object
        The number as printed.
    unit : str or None
        The unit as printed.
    unit_std : str, optional
        The curated standard unit, checked by :func:`standard_unit`.

    Returns
    -------
    float

    Examples
    --------
    >>> standardize(29.6, "万家次")
    296000.0
    """
    if unit_std is not None:
        standard_unit(unit, unit_std)
    return float(to_decimal(value) * split_unit(unit or "").multiplier)
