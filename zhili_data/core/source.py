"""The report's source text, cleaned for matching: quotes are located in it, and a place in it
has a page, a heading path and a line of the raw file.

The raw text is extracted from a PDF: lines break mid-word, a space often stands before a figure,
a line that starts with a space begins a new page and stray search-engine URLs sit on lines of their
own. Cleaning drops the URL lines and every whitespace character, so a quote copied from the
report matches whatever the line breaks were.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from zhili_data.core.catalog import DEFAULT_REPORT, Report, ReportFileError, get_report
from zhili_data.exceptions import ParameterError, ZhiliError
from zhili_data.markup import bidi_problem

SECTION_SEPARATOR = " › "


__all__ = [
    "SECTION_SEPARATOR",
    "CleanSource",
    "OffsetError",
    "Place",
    "clean_source",
    "heading_level",
    "is_junk_line",
    "normalize",
    "source_text",
]


class OffsetError(ZhiliError, IndexError):
    """An offset outside the clean text of a report."""


_WHITESPACE = re.compile(r"\s+")
# A whole line that is a web address: left behind by the PDF extraction, never content.
_URL_LINE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*://|www\.)\S*\s*$", re.IGNORECASE)
_NUMERALS = "一二三四五六七八九十"
# Headings stand on a line of their own: "一、上半年工作回顾" (level 1), "（一）经济发展稳中有进" (level 2).
# Inline markers (一是, 1.更大力度…) are paragraphs, not headings.
_HEADING_PATTERNS = (
    re.compile(rf"^[{_NUMERALS}]+、[^。；]{{1,40}}$"),
    re.compile(rf"^（[{_NUMERALS}]+）[^。；]{{1,40}}$"),
)
# A paragraph ends on a line that ends a sentence and stops short of the full line width (the
# PDF extraction keeps no blank line between paragraphs, only the short last line).
_SENTENCE_END = ("。", "！", "？", "：", "”", "…")
_SHORT_LINE_MARGIN = 1.5  # in CJK character widths below the usual full line
# A numbered point inside a paragraph (一是…, 二是…; 1.更大力度…) starts a paragraph of its own.
_POINT_START = re.compile(rf"(?<=[。；！：])(?=[{_NUMERALS}]+是|\d{{1,2}}\.)")


def normalize(text: str) -> str:
    """Text without any whitespace: the form in which quotes and the source are compared.

    Parameters
    ----------
    text : str
        Any text; the PDF extraction breaks lines mid-word and puts spaces before figures.

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("全镇完成地区生产总值 181 亿元")
    '全镇完成地区生产总值181亿元'
    """
    return _WHITESPACE.sub("", text)


def is_junk_line(line: str) -> bool:
    """Whether a line of the raw source is nothing but a web address (left behind by the PDF extraction).

    Parameters
    ----------
    line : str
        One line of the raw source.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_junk_line("  https://www.wuxing.gov.cn/art/2021/8/6  "), is_junk_line("各位代表、同志们：")
    (True, False)
    """
    return bool(_URL_LINE.match(line))


def heading_level(line: str) -> int | None:
    """The level of a heading line of the source.

    Parameters
    ----------
    line : str
        One line of the raw source.

    Returns
    -------
    int or None
        1 for ``一、…``, 2 for ``（一）…``, None for any other line (``一是…`` opens a paragraph).

    Examples
    --------
    >>> heading_level("一、上半年工作回顾"), heading_level("（一）经济发展稳中有进"), heading_level("一是加快建设")
    (1, 2, None)
    """
    stripped = line.strip()
    for level, pattern in enumerate(_HEADING_PATTERNS, start=1):
        if pattern.match(stripped):
            return level
    return None


def _display_width(text: str) -> float:
    """Width of ``text`` in CJK characters (an ASCII character is half as wide)."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def _report(report: str | Report) -> Report:
    return report if isinstance(report, Report) else get_report(report)


def source_text(report: str | Report = DEFAULT_REPORT) -> str:
    """The raw source text of a report, as extracted from its PDF.

    Parameters
    ----------
    report : str or Report, default DEFAULT_REPORT
        The report's id or catalogue entry.

    Returns
    -------
    str
        The text, after checking its sha256 against report.toml.

    Raises
    ------
    ReportFileError
        The source file is not the one report.toml records, is too large (:data:`~zhili_data.core.catalog.MAX_SOURCE_BYTES`),
        is not UTF-8 (the message says from which encoding to convert it) or holds a bidirectional control character.

    Examples
    --------
    >>> source_text().splitlines()[1]
    '2021年 8月 6日在织里镇'
    """
    entry = _report(report)
    entry.verify_source()
    data = entry.source_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReportFileError(_not_utf8(entry, data, error)) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if message := bidi_problem(line):
            raise ReportFileError(f"report {entry.id!r}: {entry.source_path}:{number}: {message}")
    return text


_LEGACY_ENCODINGS = ("gb18030", "big5", "utf-16")  # what a Chinese text that is not UTF-8 is usually in


def _not_utf8(entry: Report, data: bytes, error: UnicodeDecodeError) -> str:
    """The message for a source that is not UTF-8: where, and from which encoding to convert it."""
    line = data.count(b"\n", 0, error.start) + 1
    message = (
        f"report {entry.id!r}: {entry.source_path} is not UTF-8 text (byte 0x{data[error.start]:02x} at byte offset "
        f"{error.start}, line {line}); every source text is UTF-8"
    )
    for encoding in _LEGACY_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return (
            message + f". It reads as {encoding.upper()}: convert it with `iconv -f {encoding.upper()} -t UTF-8`, "
            "then record the new file's sha256 in report.toml"
        )
    return message + "; convert it to UTF-8 from the encoding it was saved in, then record its sha256 in report.toml"


@dataclass(frozen=True)
class Place:
    """Where a passage stands in the report, as a reader finds it in the printed text: its page, the
    numbers of its part and section (the report's 一、 and （一）, counted in order; a part that opens
    without a heading is counted among its siblings) and its paragraph within that section.

    Examples
    --------
    >>> Place(page=2, sections=(1, 1), paragraph=3)
    Place(page=2, sections=(1, 1), paragraph=3)
    """

    page: int
    sections: tuple[int, ...]
    paragraph: int


@dataclass(frozen=True)
class CleanSource:
    """Whitespace-free text of a report with maps from its offsets back to page, section and line.

    Build it with :func:`clean_source`. The maps are sorted start offsets; a place belongs to the
    last entry starting at or before it.

    Examples
    --------
    >>> source = clean_source()
    >>> at = source.find("地区生产总值181亿元")
    >>> source.page_at(at), source.line_at(at), source.section_at(at)
    (2, 31, '一、上半年工作回顾')
    >>> source.snippet(at, at + 10, width=4)
    '全镇完成地区生产总值181亿元，同比'
    >>> source.place_at(at)
    Place(page=2, sections=(1,), paragraph=1)
    """

    report_id: str
    text: str = field(repr=False)
    _page_starts: tuple[int, ...] = field(repr=False)
    _section_starts: tuple[int, ...] = field(repr=False)
    _sections: tuple[str, ...] = field(repr=False)
    _line_starts: tuple[int, ...] = field(repr=False)
    _line_numbers: tuple[int, ...] = field(repr=False)
    _paragraph_starts: tuple[int, ...] = field(default=(0,), repr=False)
    # per section: the ordinals of its headings' path, and whether it opens on a heading line of its own
    _section_numbers: tuple[tuple[int, ...], ...] = field(default=((),), repr=False)
    _section_titled: tuple[bool, ...] = field(default=(False,), repr=False)

    @classmethod
    def from_raw(cls, raw: str, report_id: str = "", untitled_sections: tuple[str, ...] = ()) -> CleanSource:
        """``untitled_sections``: the opening words of paragraphs that begin a part of the report at the
        level of the （一） headings without a heading line (report.toml); each must open a line."""
        openings = [normalize(o) for o in untitled_sections]
        found: set[str] = set()
        parts: list[str] = []
        length = 0
        page = 0
        page_starts: list[int] = []
        section_starts: list[int] = [0]
        sections: list[str] = [""]
        path: list[str] = []
        numbers: list[int] = []
        section_numbers: list[tuple[int, ...]] = [()]
        section_titled: list[bool] = [False]
        line_starts: list[int] = []
        line_numbers: list[int] = []
        widths: list[float] = []
        ends_sentence: list[bool] = []
        heading_starts: list[int] = []
        for number, line in enumerate(raw.splitlines(), start=1):
            # A page begins on the first line and on every line that starts with a space.
            if number == 1 or line.startswith(" "):
                page += 1
                page_starts.append(length)
            if is_junk_line(line):
                continue
            clean = normalize(line)
            if not clean:
                continue
            level = heading_level(line)
            opening = next((o for o in openings if clean.startswith(o)), None)
            titled = level is not None
            if level is None and opening is not None and path:
                level, clean_heading = 2, opening
                found.add(opening)
            else:
                clean_heading = clean
            if level is not None:
                path = path[: level - 1] + [clean_heading]
                # the heading's ordinal among its siblings: the next after the last at its level
                numbers = numbers[:level] + [0] * (level - len(numbers))
                numbers[level - 1] += 1
                section_numbers.append(tuple(numbers[:level]))
                section_titled.append(titled)
                section_starts.append(length)
                sections.append(SECTION_SEPARATOR.join(path))
                heading_starts.append(length)
            widths.append(_display_width(clean))
            ends_sentence.append(clean.endswith(_SENTENCE_END))
            line_starts.append(length)
            line_numbers.append(number)
            parts.append(clean)
            length += len(clean)
        missing = [o for o in openings if o not in found]
        if missing:
            raise ReportFileError(
                f"report {report_id!r}: untitled_sections {missing} open no line of the source after a heading; "
                "each must be the first words of a paragraph, copied from the report"
            )
        text = "".join(parts)
        return cls(
            report_id=report_id,
            text=text,
            _page_starts=tuple(page_starts),
            _section_starts=tuple(section_starts),
            _sections=tuple(sections),
            _line_starts=tuple(line_starts),
            _line_numbers=tuple(line_numbers),
            _paragraph_starts=_paragraph_starts(text, line_starts, widths, ends_sentence, heading_starts),
            _section_numbers=tuple(section_numbers),
            _section_titled=tuple(section_titled),
        )

    @property
    def pages(self) -> int:
        return len(self._page_starts)

    def find(self, quote: str) -> int | None:
        """Offset of the first whitespace-insensitive match of ``quote``, or None."""
        needle = normalize(quote)
        if not needle:
            raise ParameterError("cannot locate an empty quote in the source")
        offset = self.text.find(needle)
        return None if offset < 0 else offset

    def find_all(self, quote: str) -> list[int]:
        """Offsets of every (possibly overlapping) match of ``quote``."""
        needle = normalize(quote)
        if not needle:
            raise ParameterError("cannot locate an empty quote in the source")
        offsets = []
        offset = self.text.find(needle)
        while offset >= 0:
            offsets.append(offset)
            offset = self.text.find(needle, offset + 1)
        return offsets

    def count(self, quote: str) -> int:
        """How many times ``quote`` occurs (overlaps counted): a traceable quote occurs once."""
        return len(self.find_all(quote))

    def _check(self, offset: int) -> None:
        if not 0 <= offset < len(self.text):
            raise OffsetError(
                f"offset {offset} is outside the clean text of {self.report_id!r} (0..{len(self.text) - 1})"
            )

    def page_at(self, offset: int) -> int:
        """Page (1-based) of the character at ``offset`` of the clean text."""
        self._check(offset)
        return bisect.bisect_right(self._page_starts, offset)

    def section_at(self, offset: int) -> str:
        """Heading path at ``offset``, e.g. ``一、上半年工作回顾 › （一）经济发展稳中有进``; empty before the first heading."""
        self._check(offset)
        return self._sections[bisect.bisect_right(self._section_starts, offset) - 1]

    def line_at(self, offset: int) -> int:
        """Line (1-based) of the raw file holding the character at ``offset``."""
        self._check(offset)
        return self._line_numbers[bisect.bisect_right(self._line_starts, offset) - 1]

    def place_at(self, offset: int) -> Place:
        """The :class:`Place` of the character at ``offset``: page, section numbers and the paragraph's
        number within its section (a heading line is not counted as a paragraph)."""
        self._check(offset)
        index = bisect.bisect_right(self._section_starts, offset) - 1
        start = self._section_starts[index]
        paragraph = bisect.bisect_right(self._paragraph_starts, offset) - bisect.bisect_right(
            self._paragraph_starts, start
        )
        return Place(
            page=self.page_at(offset),
            sections=self._section_numbers[index],
            paragraph=paragraph + (0 if self._section_titled[index] else 1),
        )

    def paragraph_span(self, offset: int) -> tuple[int, int]:
        """(start, end) in the clean text of the paragraph holding ``offset``.

        A paragraph is a heading, or the text between two short sentence-ending lines of the
        source, split further where a numbered point (一是…, 1.…) begins."""
        self._check(offset)
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        start = self._paragraph_starts[index]
        end = self._paragraph_starts[index + 1] if index + 1 < len(self._paragraph_starts) else len(self.text)
        return start, end

    def paragraph_at(self, offset: int) -> str:
        """The paragraph of the clean text holding ``offset`` (see :meth:`paragraph_span`)."""
        start, end = self.paragraph_span(offset)
        return self.text[start:end]

    def snippet(self, start: int, end: int | None = None, *, width: int = 12) -> str:
        """The text from ``width`` characters before ``start`` to ``width`` after ``end``."""
        end = start if end is None else end
        return self.text[max(0, start - width) : end + width]


def _paragraph_starts(
    text: str, line_starts: list[int], widths: list[float], ends_sentence: list[bool], heading_starts: list[int]
) -> tuple[int, ...]:
    """Start offsets of the paragraphs of the clean text (see :meth:`CleanSource.paragraph_span`)."""
    if not text:
        return (0,)
    body = sorted(w for w in widths if w >= 10)
    full = body[int(len(body) * 0.75)] if body else 0.0  # the usual width of a full line
    starts = {0}
    for index, _start in enumerate(line_starts):
        if ends_sentence[index] and widths[index] < full - _SHORT_LINE_MARGIN and index + 1 < len(line_starts):
            starts.add(line_starts[index + 1])
    for start in heading_starts:
        starts.add(start)
        following = bisect.bisect_right(line_starts, start)
        if following < len(line_starts):
            starts.add(line_starts[following])
    starts.update(match.start() for match in _POINT_START.finditer(text))
    return tuple(sorted(s for s in starts if s < len(text)))


@functools.cache
def clean_source(report_id: str = DEFAULT_REPORT) -> CleanSource:
    """The cleaned source of a report, with its page, section, line and paragraph maps.

    Parameters
    ----------
    report_id : str, default DEFAULT_REPORT
        The report's id.

    Returns
    -------
    CleanSource
        Verified against the sha256 of report.toml; cached per report.

    Examples
    --------
    >>> source = clean_source()
    >>> source.count("同比增长17.5%")
    1
    """
    return CleanSource.from_raw(
        source_text(report_id), report_id=report_id, untitled_sections=get_report(report_id).untitled_sections
    )
