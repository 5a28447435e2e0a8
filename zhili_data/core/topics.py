"""Topic tags of the figures: ``topics.csv`` beside ``figures.csv``, one row per figure.

A curator tags each figure with one or more topics of the vocabulary ``zhili_data.core.schema.TOPICS``
(talent, investment, projects, trade, land, welfare, safety, governance…), ``;``-separated::

    figure_id,topics
    overseas_engineers_2021h1_actual,talent
    industrial_investment_2021h1_actual,investment;industry

The tags live in a file of their own so that tagging never touches the curated figure rows.
``load_figures()`` carries them in its ``topics`` column;
:func:`zhili_data.core.figures.figure_topics` gives the tidy long form (one row per figure and topic)
for grouping.
"""

from __future__ import annotations

from pathlib import Path

from zhili_data.core.curated import read_table, row_lines
from zhili_data.core.schema import TOPIC_COLUMNS, TOPIC_SEPARATOR, TOPICS
from zhili_data.exceptions import ZhiliError

__all__ = ["TopicsFileError", "read_topics", "split_topics", "topic_problems"]


class TopicsFileError(ZhiliError, ValueError):
    """topics.csv cannot be used; the message names the file, the line and what is allowed."""


def split_topics(cell: object) -> list[str]:
    """The tags of one ``topics`` cell, in the order typed.

    Parameters
    ----------
    cell : object
        A cell of the ``topics`` column: tags separated by ``;``; anything but text has no tag.

    Returns
    -------
    list of str
        The tags, stripped, blanks dropped.

    Examples
    --------
    >>> split_topics("talent; industry;")
    ['talent', 'industry']
    >>> split_topics(pd.NA)
    []
    """
    if not isinstance(cell, str):
        return []
    return [tag.strip() for tag in cell.split(TOPIC_SEPARATOR) if tag.strip()]


def topic_problems(
    path: Path, figure_ids: list[str]
) -> list[tuple[int | None, str | None, str | None, str | None, str]]:
    """Every problem of a topics file against the report's figures.

    Each figure needs one row with at least one tag of the vocabulary; a row must name a figure
    of figures.csv; a figure appears once. A missing file is a problem only when figures exist.

    Parameters
    ----------
    path : Path
        The topics.csv.
    figure_ids : list of str
        The ids of the report's figures.

    Returns
    -------
    list of tuple
        ``(line, figure_id, column, value, message)`` per problem, in file order; empty when the
        file is right.

    Examples
    --------
    >>> from zhili_data.core.catalog import get_report
    >>> topic_problems(get_report().topics_path, ["gdp_2021h1_actual"])[0]
    (2, 'population_todate_actual', 'figure_id', 'population_todate_actual', 'no such figure in figures.csv')
    """
    path = Path(path)
    allowed = ", ".join(TOPICS)
    if not path.is_file():
        return (
            [
                (
                    None,
                    None,
                    None,
                    None,
                    f"file is missing; add one row per figure (figure_id,topics) with tags of: {allowed}",
                )
            ]
            if figure_ids
            else []
        )
    table = read_table(path)
    missing = [c for c in TOPIC_COLUMNS if c not in table.columns]
    unknown = [c for c in table.columns if c not in TOPIC_COLUMNS]
    if missing or unknown:
        return [
            (
                1,
                None,
                None,
                None,
                f"header has missing column(s) {missing} and unknown column(s) {unknown}; allowed: {', '.join(TOPIC_COLUMNS)}",
            )
        ]
    problems = []
    known = set(figure_ids)
    seen: dict[str, int] = {}
    for line, figure_id, cell in zip(row_lines(table), table["figure_id"], table["topics"]):
        if figure_id not in known:
            problems.append((line, figure_id, "figure_id", figure_id, "no such figure in figures.csv"))
        if figure_id in seen:
            problems.append(
                (
                    line,
                    figure_id,
                    "figure_id",
                    figure_id,
                    f"already tagged on line {seen[figure_id]}; one row per figure",
                )
            )
        seen.setdefault(figure_id, line)
        tags = split_topics(cell)
        if not tags:
            problems.append((line, figure_id, "topics", cell, f"give at least one tag of: {allowed}"))
        for tag in tags:
            if tag not in TOPICS:
                problems.append((line, figure_id, "topics", cell, f"{tag!r} is not a topic; allowed: {allowed}"))
        if len(set(tags)) != len(tags):
            problems.append((line, figure_id, "topics", cell, "a tag is repeated"))
    untagged = [f for f in figure_ids if f not in seen]
    if untagged:
        problems.append(
            (
                None,
                None,
                None,
                None,
                f"{len(untagged)} figure(s) have no topics: {', '.join(untagged)}; add a row (figure_id,topics) for each",
            )
        )
    return problems


def read_topics(path: Path) -> dict[str, str]:
    """The tags of each figure in a topics.csv.

    Parameters
    ----------
    path : Path
        The topics.csv; a missing file has no tags.

    Returns
    -------
    dict
        figure_id -> its tags in vocabulary order, ``;``-joined; ``{}`` when there is no file.

    Raises
    ------
    TopicsFileError
        Wrong columns, or a tag outside the vocabulary, naming the file and line (``zhili
        validate`` lists every problem of the file).

    Examples
    --------
    >>> from zhili_data.core.catalog import get_report
    >>> read_topics(get_report().topics_path)["overseas_engineers_2021h1_actual"]
    'talent'
    """
    path = Path(path)
    if not path.is_file():
        return {}
    table = read_table(path)
    if list(table.columns) != list(TOPIC_COLUMNS):
        raise TopicsFileError(f"{path}: columns must be {', '.join(TOPIC_COLUMNS)}; found {', '.join(table.columns)}")
    order = {tag: i for i, tag in enumerate(TOPICS)}
    tags_by_figure = {}
    for line, figure_id, cell in zip(row_lines(table), table["figure_id"], table["topics"]):
        tags = split_topics(cell)
        wrong = [t for t in tags if t not in order]
        if wrong:
            raise TopicsFileError(
                f"{path}, line {line} ({figure_id}): {wrong[0]!r} is not a topic; allowed: {', '.join(TOPICS)}; run `zhili validate` for every problem"
            )
        tags_by_figure[figure_id] = TOPIC_SEPARATOR.join(sorted(set(tags), key=order.__getitem__))
    return tags_by_figure
