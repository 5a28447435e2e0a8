"""Keyword search over the figures: which figures speak of 人才, of exports, of land?

:func:`search` looks for each word of the query in the indicator (Chinese and English), the
figure and indicator ids, the topic tags (by tag and by Chinese label), the quote, the figure's
paragraph and its section. A figure matches when every word is found somewhere; its score adds up
how telling each place is (a hit in the indicator counts more than one in the paragraph around the
quote), so figures about the topic come first and figures that only stand near it come last.
"""

from __future__ import annotations

import pandas as pd

from zhili_data.catalog import DEFAULT_REPORT
from zhili_data.exceptions import ParameterError
from zhili_data.figures import load_figures
from zhili_data.schema import TOPICS
from zhili_data.source import normalize
from zhili_data.topics import split_topics

__all__ = ["FIELD_WEIGHTS", "RESULT_COLUMNS", "search"]

FIELD_WEIGHTS = {
    # where a word is found -> how much that says about the figure
    "indicator": 8.0,
    "indicator_en": 8.0,
    "figure_id": 6.0,
    "topics": 5.0,
    "quote": 4.0,
    "figure_text": 4.0,
    "share_of": 2.0,
    "share_of_en": 2.0,
    "sentence": 2.5,
    "section": 1.5,
    "paragraph": 1.0,
}
"""Weight of a hit in each searched column; a word's score is the sum over the columns it is found in.
``sentence`` is the whole sentence of the paragraph holding the quote (a quote is often one clause of it)."""

RESULT_COLUMNS = ("score", "matched")
"""Columns :func:`search` adds in front of the figure columns: the relevance and where the words were found."""


_SENTENCE_ENDS = "。！？；"


def _sentence(paragraph: object, quote: object) -> str:
    """The sentence of ``paragraph`` holding ``quote`` (both whitespace-free): from the end of the
    previous sentence to the end of the quote's own."""
    if not isinstance(paragraph, str) or not isinstance(quote, str):
        return ""
    needle = normalize(quote)
    at = paragraph.find(needle)
    if at < 0:
        return needle
    start = max(paragraph.rfind(mark, 0, at) for mark in _SENTENCE_ENDS) + 1
    ends = [e for e in (paragraph.find(mark, at + len(needle)) for mark in _SENTENCE_ENDS) if e >= 0]
    end = min(ends) + 1 if ends else len(paragraph)
    return paragraph[start:end]


def _topic_text(cell: object) -> str:
    # A tag is found by its name and by its Chinese label (talent, 人才).
    return " ".join(f"{tag} {TOPICS[tag][0]}" for tag in split_topics(cell) if tag in TOPICS)


def search(
    text: str,
    figures: pd.DataFrame | None = None,
    *,
    report: str = DEFAULT_REPORT,
    fields: list[str] | None = None,
) -> pd.DataFrame:
    """The figures that mention every word of ``text``, most relevant first.

    Parameters
    ----------
    text : str
        One or more words separated by spaces (人才; 海外 工程师; export). Case does not matter.
    figures : DataFrame, optional
        The table to search (default: ``load_figures(report)``); any subset of its rows works.
    report : str
        The report whose figures are searched when ``figures`` is None.
    fields : list of str, optional
        Search only these columns (keys of :data:`FIELD_WEIGHTS`); default: all of them.

    Returns
    -------
    DataFrame
        The matching figure rows with every column of the figures table (quote, page, section,
        paragraph, topics…), preceded by ``score`` (the sum of :data:`FIELD_WEIGHTS` of the columns
        each word was found in) and ``matched`` (those columns, ``;``-separated). Sorted by score,
        then in report order. Empty (same columns) when nothing matches.

    Examples
    --------
    >>> search("海外 工程师")[["figure_id", "value", "unit"]].head(3)
                                    figure_id  value unit
    0        overseas_engineers_2021h1_actual    4.0    名
    1  fulltime_leading_talents_2021h1_actual    6.0    名
    2  national_talent_projects_2021h1_actual   19.0    个
    >>> best = search("人才").iloc[0]
    >>> print(best["figure_id"], best["score"], best["matched"])
    design_talent_todate_actual 20.5 indicator;topics;quote;sentence;paragraph
    >>> len(search("talent", fields=["topics"]))  # only the figures tagged talent
    8
    """
    words = [w.casefold() for w in str(text).split()]
    if not words:
        raise ParameterError("search: give one or more words to look for, e.g. search('人才')")
    chosen = list(FIELD_WEIGHTS) if fields is None else list(fields)
    unknown = [f for f in chosen if f not in FIELD_WEIGHTS]
    if unknown:
        raise ParameterError(f"search: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELD_WEIGHTS)}")
    if figures is None:
        figures = load_figures(report)
    table = figures.reset_index(drop=True)
    haystacks = {}
    for field in chosen:
        if field == "sentence" and {"paragraph", "quote"} <= set(table.columns):
            column = pd.Series([_sentence(p, q) for p, q in zip(table["paragraph"], table["quote"])], index=table.index)
        elif field not in table.columns:
            continue
        elif field == "topics":
            column = table[field].map(_topic_text)
        else:
            column = table[field].astype(object).where(table[field].notna(), "")
        haystacks[field] = column.astype(str).str.casefold()
    scores = pd.Series(0.0, index=table.index)
    every_word = pd.Series(True, index=table.index)
    matched: dict[int, list[str]] = {i: [] for i in table.index}
    for word in words:
        found_anywhere = pd.Series(False, index=table.index)
        for field, haystack in haystacks.items():
            hit = haystack.str.contains(word, regex=False)
            scores += hit * FIELD_WEIGHTS[field]
            found_anywhere |= hit
            for i in table.index[hit]:
                if field not in matched[i]:
                    matched[i].append(field)
        every_word &= found_anywhere
    out = table[every_word].copy()
    out.insert(0, "matched", pd.array([";".join(matched[i]) for i in out.index], dtype="string"))
    out.insert(0, "score", scores[every_word].astype("float64"))
    out["_order"] = out.index
    out = out.sort_values(["score", "_order"], ascending=[False, True], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)
