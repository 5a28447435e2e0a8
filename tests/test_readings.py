"""readings.csv: the open choices of the report about a figure, validated against figures.csv."""

from datetime import date

import pandas as pd
import pytest

from zhili_data.core.catalog import get_report
from zhili_data.core.curated import read_curated, read_table
from zhili_data.core.readings import READING_COLUMNS, load_readings, reading_problems, readings_path
from zhili_data.core.validate import validate_report

REPORT_DATE = date(2021, 8, 6)


@pytest.fixture(scope="module")
def figures():
    return read_curated(get_report().figures_path)


def test_the_shipped_readings_load_and_are_valid(figures):
    readings = load_readings()
    assert list(readings.columns[: len(READING_COLUMNS)]) == list(READING_COLUMNS)
    assert readings["reading_id"].is_unique
    assert set(readings["figure_id"]) <= set(figures["figure_id"])
    assert (readings.groupby("figure_id")["main"].sum() == 1).all()
    assert not reading_problems(read_table(readings_path()), figures, report_date=REPORT_DATE)
    exports = readings.set_index("reading_id").loc["exports_since_pilot_start"]
    # the main reading: a milestone since the pilot began (65亿元 is the yuan value of US$1 bn)
    assert exports["start"] is None and exports["end"] == REPORT_DATE and exports["main"]
    assert readings.set_index("reading_id").loc["upgrades_in_2021_childrenswear_part", "population"] == "part"


def test_validate_report_checks_the_readings(tmp_path):
    assert not [p for p in validate_report() if p.file.name == "readings.csv"]


BASE = {"note": "why"}


@pytest.mark.parametrize(
    ("rows", "column", "message"),
    [
        (
            [dict(BASE, reading_id="a", figure_id="no_such_figure", main="true", period="2021H1", population="")],
            "figure_id",
            "names no figure_id",
        ),
        (
            [
                dict(
                    BASE,
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="yes",
                    period="2021H1",
                    population="",
                ),
                dict(
                    BASE,
                    reading_id="b",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="false",
                    period="2021-01-01/2021-08-06",
                    population="",
                ),
            ],
            "main",
            "allowed: true",
        ),
        (
            [
                dict(
                    BASE,
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="true",
                    period="2021-01-01/2021-08-06",
                    population="",
                ),
                dict(
                    BASE,
                    reading_id="b",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="false",
                    period="2021H1",
                    population="",
                ),
            ],
            "period",
            "a main reading covers the figure's period",
        ),
        (
            [
                dict(
                    BASE,
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="true",
                    period="2021H1",
                    population="",
                )
            ],
            "main",
            "no alternative reading",
        ),
        (
            [
                dict(
                    BASE,
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021_target",
                    main="true",
                    period="2021",
                    population="",
                ),
                dict(
                    BASE,
                    reading_id="b",
                    figure_id="projects_completed_100m_plus_2021_target",
                    main="false",
                    period="2021H2",
                    population="part",
                ),
            ],
            "population",
            "only an actual",
        ),
        (
            [
                dict(
                    BASE,
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="true",
                    period="2021H1",
                    population="",
                ),
                dict(
                    BASE,
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="false",
                    period="2021-08-06/2021-01-01",
                    population="",
                ),
            ],
            "reading_id",
            "must be unique",
        ),
        (
            [
                dict(
                    reading_id="a",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="true",
                    period="2021H1",
                    population="",
                    note=" ",
                ),
                dict(
                    BASE,
                    reading_id="b",
                    figure_id="projects_completed_100m_plus_2021h1_actual",
                    main="false",
                    period="2021-01-01/2021-08-06",
                    population="",
                ),
            ],
            "note",
            "required",
        ),
    ],
)
def test_each_problem_names_the_row_and_what_is_allowed(tmp_path, figures, rows, column, message):
    path = tmp_path / "readings.csv"
    pd.DataFrame(rows, columns=list(READING_COLUMNS)).to_csv(path, index=False)
    problems = reading_problems(read_table(path), figures, report_date=REPORT_DATE)
    matching = [p for p in problems if p.column == column and message in p.message]
    assert matching, problems
    assert all(p.line is not None for p in matching)


def test_a_bad_period_says_what_is_allowed(tmp_path, figures):
    path = tmp_path / "readings.csv"
    rows = [
        dict(
            BASE,
            reading_id="a",
            figure_id="projects_completed_100m_plus_2021h1_actual",
            main="true",
            period="2021H1",
            population="",
        ),
        dict(
            BASE,
            reading_id="b",
            figure_id="projects_completed_100m_plus_2021h1_actual",
            main="false",
            period="2021-08-06/2021-01-01",
            population="",
        ),
    ]
    pd.DataFrame(rows, columns=list(READING_COLUMNS)).to_csv(path, index=False)
    problems = reading_problems(read_table(path), figures, report_date=REPORT_DATE)
    assert [(p.line, p.column) for p in problems] == [(3, "period")] and "starts after it ends" in problems[0].message


def test_missing_and_unknown_columns(tmp_path, figures):
    path = tmp_path / "readings.csv"
    pd.DataFrame([{"reading_id": "a", "figure": "x"}]).to_csv(path, index=False)
    problems = reading_problems(read_table(path), figures, report_date=REPORT_DATE)
    assert {p.column for p in problems} >= {"figure_id", "figure", "main"}
