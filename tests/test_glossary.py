"""Every column of the published tables is described once, in English."""

from zhili_data.core.readings import READING_FIELDS
from zhili_data.core.schema import COLUMNS
from zhili_data.report.glossary import ANALYSIS_COLUMNS, describe


def test_figure_columns_come_from_the_schema():
    # report_id and the columns the analyses also compute (value, period…) are described for every table alike
    own = [c for c in COLUMNS if c.name != "report_id" and c.name not in ANALYSIS_COLUMNS]
    assert len(own) >= 15
    for column in own:
        assert describe(column.name) == column.description


def test_a_name_means_what_its_table_says():
    assert describe("reason", table="exclusions").startswith("Why the mention is not a figure")
    assert describe("period", table="readings") == READING_FIELDS["period"][1]
    assert describe("period") != describe("period", table="readings")
    assert describe("report_id") == "Report the row belongs to."


def test_analysis_columns_and_the_fallback():
    assert describe("growth_pct") == ANALYSIS_COLUMNS["growth_pct"]
    assert "zhili_data.core.analysis" in describe("no_such_column")
