"""Keyword search over the figures: which figures speak of 人才, of exports, of land?

:func:`search` looks for each word of the query in the figure's own fields (the indicator in
Chinese and English, the figure and indicator ids, the topic tags by tag and by Chinese label, the
quote and the figure text, the whole of a share) and in what stands around it (the sentence and
paragraph of the quote, the section). A figure matches when every word is found somewhere; it is
*direct* when every word is found in its own fields, *nearby* when some word only stands around it.
Direct figures always rank above nearby ones; within each, the score adds up how telling each
place is (a hit in the indicator counts more than one in the paragraph). ``A OR B`` (or ``A|B``)
finds either; ``min_score``, ``topics`` and ``nearby=False`` narrow the result.
"""

from __future__ import annotations

import pandas as pd

from zhili_data.core.catalog import DEFAULT_REPORT
from zhili_data.core.figures import load_figures
from zhili_data.core.schema import TOPICS
from zhili_data.core.source import normalize
from zhili_data.core.topics import split_topics
from zhili_data.exceptions import ParameterError

__all__ = ["FIELD_WEIGHTS", "NEARBY_FIELDS", "RELEVANCE", "RESULT_COLUMNS", "parse_query", "search"]

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

NEARBY_FIELDS = ("sentence", "section", "paragraph")
"""Columns that hold what stands around a figure, not the figure itself: a word found only there
makes a *nearby* match (the figure shares a sentence or paragraph with the word, it is not about it)."""

RELEVANCE = ("direct", "nearby")
"""Values of the ``relevance`` column: every word in the figure's own fields, or some only around it."""

RESULT_COLUMNS = ("score", "relevance", "matched")
"""Columns :func:`search` adds in front of the figure columns: the relevance score, direct or nearby,
and what matched where (``field:word``, ``;``-separated)."""


_SENTENCE_ENDS = "。！？；"


def parse_query(text: str) -> list[list[str]]:
    """A query as alternatives of words: ``人才 OR 海外 工程师`` -> [['人才'], ['海外', '工程师']].

    Words of one alternative must all be found; any alternative may match. ``|`` works as ``OR``.
    Words are case-folded.

    Parameters
    ----------
    text : str
        The query.

    Returns
    -------
    list of list of str

    Raises
    ------
    ParameterError
        No word at all, or an empty alternative (``人才 OR``).

    Examples
    --------
    >>> parse_query("人才 OR 海外 工程师")
    [['人才'], ['海外', '工程师']]
    >>> parse_query("Talent|投资")
    [['talent'], ['投资']]
    """
    if not str(text).split():
        raise ParameterError("search: give one or more words to look for, e.g. search('人才')")
    alternatives: list[list[str]] = [[]]
    for token in str(text).replace("|", " | ").split():
        if token in ("OR", "|"):
            alternatives.append([])
        else:
            alternatives[-1].append(token.casefold())
    if any(not words for words in alternatives):
        raise ParameterError(f"search: {text!r} has an empty side of OR; write words on both sides (人才 OR 投资)")
    return alternatives


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
    min_score: float | None = None,
    topics: list[str] | str | None = None,
    nearby: bool = True,
) -> pd.DataFrame:
    """The figures that match ``text``, direct matches first, then by score.

    Parameters
    ----------
    text : str
        Words separated by spaces, all to be found (海外 工程师); alternatives separated by ``OR``
        or ``|`` (人才 OR 投资). Case does not matter.
    figures : DataFrame, optional
        The table to search (default: ``load_figures(report)``); any subset of its rows works.
    report : str
        The report whose figures are searched when ``figures`` is None.
    fields : list of str, optional
        Search only these columns (keys of :data:`FIELD_WEIGHTS`); default: all of them.
    min_score : float, optional
        Keep only the figures scoring at least this much.
    topics : list of str or str, optional
        Keep only the figures tagged with one of these topics (keys of ``schema.TOPICS``).
    nearby : bool, default True
        Keep the *nearby* matches (a word found only in the sentence, paragraph or section around
        the figure); False keeps the direct ones alone.

    Returns
    -------
    DataFrame
        The matching figure rows with every column of the figures table (quote, page, section,
        paragraph, topics…), preceded by :data:`RESULT_COLUMNS`: ``score`` (the sum of
        :data:`FIELD_WEIGHTS` of the columns each word was found in, of the best alternative),
        ``relevance`` (direct or nearby) and ``matched`` (``field:word`` for each hit). Direct
        matches first, each group by score, then in report order. Empty (same columns) when
        nothing matches.

    Raises
    ------
    ParameterError
        No word, an unknown field or topic, or a min_score that is not a number.

    Examples
    --------
    >>> search("海外 工程师")[["figure_id", "value", "unit", "relevance"]].head(3)
                                    figure_id  value unit relevance
    0        overseas_engineers_2021h1_actual    4.0    名    direct
    1  fulltime_leading_talents_2021h1_actual    6.0    名    nearby
    2  national_talent_projects_2021h1_actual   19.0    个    nearby
    >>> best = search("人才").iloc[0]
    >>> print(best["figure_id"], best["score"], best["relevance"])
    design_talent_todate_actual 20.5 direct
    >>> print(best["matched"])
    indicator:人才;topics:人才;quote:人才;sentence:人才;paragraph:人才
    >>> len(search("talent", fields=["topics"]))  # only the figures tagged talent
    8
    >>> search("教育", nearby=False).empty  # only stands near some figures: no figure is about it
    True
    >>> len(search("出口 OR 人才", min_score=8, topics="trade"))
    3
    """
    alternatives = parse_query(text)
    chosen = list(FIELD_WEIGHTS) if fields is None else list(fields)
    unknown = [f for f in chosen if f not in FIELD_WEIGHTS]
    if unknown:
        raise ParameterError(f"search: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELD_WEIGHTS)}")
    wanted_topics = [topics] if isinstance(topics, str) else list(topics or [])
    if bad := [t for t in wanted_topics if t not in TOPICS]:
        raise ParameterError(f"search: unknown topic(s) {', '.join(bad)}; allowed: {', '.join(TOPICS)}")
    if min_score is not None and not isinstance(min_score, int | float):
        raise ParameterError(f"search: min_score must be a number, not {min_score!r}")
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

    best_score = pd.Series(-1.0, index=table.index)
    best_direct = pd.Series(False, index=table.index)
    best_matched: dict[int, list[str]] = {i: [] for i in table.index}
    for words in alternatives:
        scores = pd.Series(0.0, index=table.index)
        every_word = pd.Series(True, index=table.index)
        every_word_own = pd.Series(True, index=table.index)
        matched: dict[int, list[str]] = {i: [] for i in table.index}
        for word in words:
            found_anywhere = pd.Series(False, index=table.index)
            found_own = pd.Series(False, index=table.index)
            for field, haystack in haystacks.items():
                hit = haystack.str.contains(word, regex=False)
                scores += hit * FIELD_WEIGHTS[field]
                found_anywhere |= hit
                if field not in NEARBY_FIELDS:
                    found_own |= hit
                for i in table.index[hit]:
                    matched[i].append(f"{field}:{word}")
            every_word &= found_anywhere
            every_word_own &= found_own
        # the best alternative of each figure: direct before nearby, then the higher score
        better = every_word & (
            (every_word_own & ~best_direct) | ((every_word_own == best_direct) & (scores > best_score))
        )
        best_score = best_score.where(~better, scores)
        best_direct = best_direct.where(~better, every_word_own)
        for i in table.index[better]:
            best_matched[i] = matched[i]
    keep = best_score >= 0
    if min_score is not None:
        keep &= best_score >= min_score
    if wanted_topics and "topics" in table.columns:
        keep &= table["topics"].map(lambda cell: any(t in split_topics(cell) for t in wanted_topics))
    if not nearby:
        keep &= best_direct
    out = table[keep].copy()
    out.insert(0, "matched", pd.array([";".join(best_matched[i]) for i in out.index], dtype="string"))
    out.insert(
        0,
        "relevance",
        pd.Categorical(["direct" if d else "nearby" for d in best_direct[keep]], categories=list(RELEVANCE)),
    )
    out.insert(0, "score", best_score[keep].astype("float64"))
    out["_order"] = out.index
    out["_direct"] = best_direct[keep]
    out = out.sort_values(["_direct", "score", "_order"], ascending=[False, False, True], kind="stable")
    return out.drop(columns=["_order", "_direct"]).reset_index(drop=True)
