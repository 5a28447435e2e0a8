"""Loading the curated figures as a typed, traceable DataFrame.

``figures.csv`` holds what a curator types; the loader adds what code can derive from
the source itself (``section``, ``page`` and ``paragraph`` from the quote's place, ``value_std``
from the unit), so that those columns can never disagree with the report, and the topic tags
curated in ``topics.csv`` beside it. Nothing is loaded that ``zhili validate`` rejects
(:mod:`zhili_data.core.gate`).
"""

from __future__ import annotations

import functools

import pandas as pd

from zhili_data.core.catalog import DEFAULT_REPORT, get_report, list_reports
from zhili_data.core.curated import FiguresFileError, read_curated, row_lines
from zhili_data.core.gate import require_valid
from zhili_data.core.numbers import standardize, to_decimal
from zhili_data.core.schema import CATEGORICAL_COLUMNS, COLUMN_NAMES, COLUMNS, TOPICS
from zhili_data.core.source import clean_source, normalize
from zhili_data.core.topics import read_topics, split_topics
from zhili_data.exceptions import ZhiliError
from zhili_data.suggest import close_matches, did_you_mean

__all__ = ["FigureNotFoundError", "figure", "figure_topics", "figures_for", "load_figures"]


class FigureNotFoundError(ZhiliError, KeyError):
    """No figure has the id asked for; the message suggests close ones."""

    def __str__(self) -> str:
        return self.args[0]


def _derive(curated: pd.DataFrame, report: str, topics: dict[str, str] | None = None) -> pd.DataFrame:
    source = clean_source(report)
    table = curated.copy()
    offsets = []
    for line, figure_id, quote, figure_text in zip(
        row_lines(table), table["figure_id"], table["quote"], table["figure_text"]
    ):
        offset = source.find(quote)
        if offset is None:
            raise FiguresFileError(
                f"{get_report(report).figures_path}, line {line} ({figure_id}): quote not found in the source: {quote!r}; "
                "run `zhili validate` for every problem"
            )
        # The page is where the figure itself is printed; a quote may begin on the page before.
        offsets.append(offset + max(normalize(quote).find(normalize(figure_text)), 0))
    table["section"] = [source.section_at(o) for o in offsets]
    table["page"] = pd.array([source.page_at(o) for o in offsets], dtype="Int64")
    table["paragraph"] = [source.paragraph_at(o) for o in offsets]
    table["topics"] = [(topics or {}).get(f, "") for f in table["figure_id"]]
    values, standard = [], []
    path = get_report(report).figures_path
    for line, row in zip(row_lines(table), table.itertuples(index=False)):
        try:
            values.append(float(to_decimal(row.value)))
            standard.append(standardize(row.value, row.unit, row.unit_std))
        except (ValueError, ArithmeticError) as error:
            raise FiguresFileError(
                f"{path}, line {line} ({row.figure_id}): value={row.value!r}, unit={row.unit!r}, "
                f"unit_std={row.unit_std!r}: {error}; run `zhili validate` for every problem"
            ) from None
    table["value"] = pd.array(values, dtype="float64")
    table["value_std"] = pd.array(standard, dtype="float64")
    for column in COLUMNS:
        if not column.required and column.type == "string":
            table[column.name] = table[column.name].replace("", pd.NA)
    for name in CATEGORICAL_COLUMNS:
        table[name] = table[name].astype("category")
    string_columns = [c.name for c in COLUMNS if c.type == "string" and c.name not in CATEGORICAL_COLUMNS]
    table[string_columns] = table[string_columns].astype("string")
    return table[list(COLUMN_NAMES)].reset_index(drop=True)


@functools.cache
def _load(report: str) -> pd.DataFrame:
    entry = get_report(report)
    require_valid(report)
    curated = read_curated(entry.figures_path)
    wrong = sorted(set(curated["report_id"]) - {report})
    if wrong:
        raise FiguresFileError(f"{entry.figures_path}: report_id {wrong} found; every row must say {report!r}")
    return _derive(curated, report, read_topics(entry.topics_path))


def load_figures(report: str | None = None) -> pd.DataFrame:
    """Every figure of one report, or of the whole catalogue, one row each, with the columns of
    ``zhili_data.core.schema.COLUMNS``.

    By default every report of the catalogue (:func:`zhili_data.core.catalog.list_reports`) is loaded
    into one frame, the reports one after the other in the order of their ids, told apart by
    ``report_id``; with the shipped catalogue, that is its one report. ``report=`` loads one report
    alone, as the analysis functions and the notebooks do: a comparison across reports is
    :func:`zhili_data.core.analysis.compare_reports`.

    Invalid curated files are refused with ``zhili_data.core.validate.FiguresInvalid``, which lists
    every problem as ``zhili validate`` does (file, line, figure, column, what is allowed).
    The parsed table is cached; each call returns a fresh copy, so callers may modify it freely.

    Parameters
    ----------
    report : str, optional
        The catalogue id of one report; default: every report of the catalogue.

    Returns
    -------
    DataFrame
        Vocabulary columns (report_id, period, basis, measure, qualifier, unit…) as categoricals,
        ``value`` and ``value_std`` floats, ``page`` an integer, ``quote`` the sentence the figure is in.

    Examples
    --------
    >>> figures = load_figures()
    >>> figures.loc[figures["figure_id"] == "gdp_2021h1_actual", ["figure_id", "value", "unit", "qualifier", "page"]]
               figure_id  value unit qualifier  page
    1  gdp_2021h1_actual  181.0   亿元     exact     2
    >>> load_figures("zhili-2021-midyear")["report_id"].unique().tolist()
    ['zhili-2021-midyear']
    """
    if report is not None:
        return _load(report).copy()
    reports = list_reports()
    if len(reports) == 1:
        return _load(reports[0]).copy()
    frames = [_load(r) for r in reports]
    table = pd.concat(frames, ignore_index=True)
    for name in CATEGORICAL_COLUMNS:  # each report has its own categories: the frame gets them all
        categories = list(dict.fromkeys(c for frame in frames for c in frame[name].cat.categories))
        table[name] = pd.Categorical(table[name].astype(object), categories=categories)
    return table


def figures_for(indicator_id: str, report: str = DEFAULT_REPORT) -> pd.DataFrame:
    """The rows of one indicator: all its periods, bases (actual, target) and measures.

    Parameters
    ----------
    indicator_id : str
        The indicator (``gdp``, ``population``…; ``zhili show --list`` lists them).
    report : str, default DEFAULT_REPORT
        The catalogue id of the report.

    Returns
    -------
    DataFrame
        The indicator's rows of :func:`load_figures`, in report order.

    Raises
    ------
    FigureNotFoundError
        No figure has that ``indicator_id``; the message suggests close ones.

    Examples
    --------
    >>> figures_for("gdp")[["figure_id", "measure", "value", "unit"]]
                      figure_id measure  value unit
    1         gdp_2021h1_actual   level  181.0   亿元
    2  gdp_2021h1_actual_growth  growth   17.5    %
    3   gdp_2021h1_actual_share   share   45.1    %
    >>> figures_for("gpd")
    Traceback (most recent call last):
    ...
    zhili_data.core.figures.FigureNotFoundError: unknown indicator_id 'gpd' in report 'zhili-2021-midyear'; did you mean 'gdp'...
    """
    figures = _load(report)
    rows = figures[figures["indicator_id"] == indicator_id]
    if rows.empty:
        raise _not_found("indicator_id", indicator_id, figures["indicator_id"].unique().tolist(), report)
    return rows.copy()


def figure(figure_id: str, report: str = DEFAULT_REPORT) -> pd.Series:
    """One figure by its ``figure_id``.

    Parameters
    ----------
    figure_id : str
        The figure (``gdp_2021h1_actual_growth``).
    report : str, default DEFAULT_REPORT
        The catalogue id of the report.

    Returns
    -------
    Series
        The figure's row of :func:`load_figures`.

    Raises
    ------
    FigureNotFoundError
        No figure has that id; the message suggests close ones.

    Examples
    --------
    >>> row = figure("gdp_2021h1_actual_growth")
    >>> print(row["value"], row["unit"], row["quote"])
    17.5 % 全镇完成地区生产总值181亿元，同比增长17.5%
    """
    figures = _load(report)
    rows = figures[figures["figure_id"] == figure_id]
    if rows.empty:
        raise _not_found("figure_id", figure_id, figures["figure_id"].tolist(), report)
    return rows.iloc[0].copy()


def figure_topics(figures: pd.DataFrame | None = None, *, report: str = DEFAULT_REPORT) -> pd.DataFrame:
    """The figures' topic tags in long form, one row per figure and topic, for grouping.

    Parameters
    ----------
    figures : DataFrame, optional
        Figures (any subset of :func:`~zhili_data.core.figures.load_figures` rows); default: every
        figure of ``report``.
    report : str, default DEFAULT_REPORT
        The report whose figures are read when ``figures`` is None.

    Returns
    -------
    DataFrame
        ``figure_id``, ``topic`` (categorical in vocabulary order) and ``topic_zh``.

    Examples
    --------
    >>> figure_topics().head(3)
                      figure_id       topic topic_zh
    0  population_todate_actual  population       人口
    1         gdp_2021h1_actual     economy     经济总量
    2  gdp_2021h1_actual_growth     economy     经济总量

    Merge it with the figures to group them by topic:

    >>> figures = zhili_data.load_figures()
    >>> tagged = figures.merge(figure_topics(), on="figure_id")
    >>> tagged.groupby("topic", observed=True)["figure_id"].count().head(3)
    topic
    economy        8
    investment    18
    projects      16
    Name: figure_id, dtype: int64
    """
    if figures is None:
        figures = load_figures(report)
    rows = [(f, tag) for f, cell in zip(figures["figure_id"], figures["topics"]) for tag in split_topics(cell)]
    out = pd.DataFrame(rows, columns=["figure_id", "topic"])
    out["topic"] = pd.Categorical(out["topic"], categories=list(TOPICS))
    out["topic_zh"] = out["topic"].map({tag: zh for tag, (zh, _) in TOPICS.items()}).astype("string")
    return out


def _not_found(column: str, value: str, allowed: list[str], report: str) -> FigureNotFoundError:
    close = close_matches(value, allowed, n=5, cutoff=0.5)
    hint = f"; {did_you_mean(close)}" if close else f"; `zhili show --list` lists every {column}"
    return FigureNotFoundError(f"unknown {column} {value!r} in report {report!r}{hint}")
