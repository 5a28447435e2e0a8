"""Notebook parameters: a bad value stops with an error naming the parameter, the value and what is allowed."""

from __future__ import annotations

import math
from datetime import date

import pytest

from zhili_data.report import labels
from zhili_data.report.params import ParameterError, validate_parameters

DEFAULTS = {
    "overview": {"report": "zhili-2021-midyear", "lang": "zh", "as_of": "", "tolerance": 5.0},
    "growth": {"report": "zhili-2021-midyear", "lang": "zh", "indicators": []},
    "share": {"report": "zhili-2021-midyear", "lang": "zh", "indicators": []},
    "target_gap": {"report": "zhili-2021-midyear", "lang": "zh", "as_of": "", "tolerance": 5.0},
}


@pytest.mark.parametrize("notebook", sorted(DEFAULTS))
def test_defaults_pass(notebook):
    checked = validate_parameters(notebook, **DEFAULTS[notebook])
    assert checked["report"] == "zhili-2021-midyear" and checked["lang"] == "zh"
    if "as_of" in checked:
        assert checked["as_of"] is None and checked["tolerance"] == 5.0
    else:
        assert checked["indicators"] == []


def test_klingon():
    with pytest.raises(ParameterError) as error:
        validate_parameters("growth", **(DEFAULTS["growth"] | {"lang": "klingon"}))
    message = str(error.value)
    assert message.startswith("lang='klingon' is not allowed")
    assert "'zh'" in message and "'en'" in message
    assert (error.value.name, error.value.value) == ("lang", "klingon")


def test_unknown_report_suggests_the_close_one():
    with pytest.raises(
        ParameterError, match=r"report='zhili-2021-midyr'.*'zhili-2021-midyear'.*did you mean 'zhili-2021-midyear'"
    ):
        validate_parameters("share", **(DEFAULTS["share"] | {"report": "zhili-2021-midyr"}))


def test_unknown_indicator_lists_close_matches():
    with pytest.raises(ParameterError) as error:
        validate_parameters("growth", **(DEFAULTS["growth"] | {"indicators": ["gdp", "fiscal_revenu"]}))
    message = str(error.value)
    assert message.startswith("indicators='fiscal_revenu'")
    assert "did you mean 'fiscal_revenue'" in message
    assert "gdp" in message  # the allowed ids are listed


def test_indicator_given_by_its_chinese_label_is_pointed_to_its_id():
    with pytest.raises(ParameterError, match=r"did you mean 'gdp'"):
        validate_parameters("growth", **(DEFAULTS["growth"] | {"indicators": ["地区生产总值"]}))


def test_indicator_without_growth_is_refused_in_the_growth_notebook():
    # population exists, but has no growth rate: the growth notebook cannot show it
    with pytest.raises(ParameterError, match=r"indicators='population'"):
        validate_parameters("growth", **(DEFAULTS["growth"] | {"indicators": ["population"]}))


def test_comma_separated_indicators_from_the_command_line():
    checked = validate_parameters("growth", **(DEFAULTS["growth"] | {"indicators": "gdp, fiscal_revenue"}))
    assert checked["indicators"] == ["gdp", "fiscal_revenue"]


def test_a_json_list_from_papermill_is_read_like_a_comma_list():
    # papermill -p indicators '["gdp","fiscal_revenue"]' passes the list as text
    checked = validate_parameters("growth", **(DEFAULTS["growth"] | {"indicators": '["gdp", "fiscal_revenue"]'}))
    assert checked["indicators"] == ["gdp", "fiscal_revenue"]
    with pytest.raises(ParameterError, match="a JSON list of indicator ids"):
        validate_parameters("share", **(DEFAULTS["share"] | {"indicators": '["gdp",'}))
    with pytest.raises(ParameterError, match="indicators='gpd'.*did you mean 'gdp'"):
        validate_parameters("growth", **(DEFAULTS["growth"] | {"indicators": '["gpd"]'}))


def test_the_examples_of_zhili_run_help_are_accepted():
    import re

    from zhili_data.publish.cli import EPILOG

    examples = re.findall(r"--only (\w+) --param (\w+)=(\S+)|--param ([\w-]+):(\w+)=(\S+)", EPILOG)
    assert examples, EPILOG
    for only, name, value, target, target_name, target_value in examples:
        notebook = (only or target).removesuffix("-en")
        name, value = name or target_name, value or target_value
        given = float(value) if name == "tolerance" else value
        validate_parameters(notebook, **(DEFAULTS[notebook] | {name: given}))  # raises if refused


@pytest.mark.parametrize("bad", ["2021-13-01", "30/06/2021", "yesterday", 20210630])
def test_bad_as_of(bad):
    with pytest.raises(ParameterError) as error:
        validate_parameters("target_gap", **(DEFAULTS["target_gap"] | {"as_of": bad}))
    assert str(error.value).startswith(f"as_of={bad!r}")
    assert "YYYY-MM-DD" in str(error.value)


@pytest.mark.parametrize("notebook", ["target_gap", "overview"])
def test_as_of_before_the_report_s_actuals_stops_the_notebook_before_it_runs(notebook):
    with pytest.raises(ParameterError) as error:
        validate_parameters(notebook, **(DEFAULTS[notebook] | {"as_of": "2020-01-01"}))
    assert str(error.value).startswith("as_of='2020-01-01'") and "2021-08-06" in str(error.value)
    checked = validate_parameters(notebook, **(DEFAULTS[notebook] | {"as_of": "2021-09-30"}))
    assert checked["as_of"] == date(2021, 9, 30)


@pytest.mark.parametrize("bad", [-1, -0.1, 101, math.nan, "5", True, None])
def test_bad_tolerance(bad):
    with pytest.raises(ParameterError) as error:
        validate_parameters("overview", **(DEFAULTS["overview"] | {"tolerance": bad}))
    assert str(error.value).startswith(f"tolerance={bad!r}")
    assert "from 0 to 100" in str(error.value)


def test_integer_tolerance_from_the_command_line():
    assert validate_parameters("overview", **(DEFAULTS["overview"] | {"tolerance": 10}))["tolerance"] == 10.0


def test_misspelt_parameter_name():
    with pytest.raises(ParameterError, match=r"tolerence=3.*not a parameter of target_gap"):
        validate_parameters("target_gap", **(DEFAULTS["target_gap"] | {"tolerence": 3}))


def test_missing_parameter():
    with pytest.raises(TypeError, match="indicators"):
        validate_parameters("share", report="zhili-2021-midyear", lang="zh")


def test_unknown_notebook():
    with pytest.raises(ParameterError, match="notebook='growht'"):
        validate_parameters("growht", lang="zh")


def test_every_label_has_both_languages():
    tables = [
        labels.PERIODS,
        labels.STATUSES,
        labels.QUALIFIERS,
        labels.THEMES,
        labels.SHARE_KINDS,
        labels.CAVEATS,
        labels.COLUMNS,
        labels.TEXT,
    ]
    for table in tables:
        for key, pair in table.items():
            assert len(pair) == 2, key
            zh, en = pair
            if key != "exact":
                assert zh and en, key


def test_label_lookups():
    assert labels.period("2021H1", "zh") == "2021年上半年" and labels.period("2021H1", "en") == "H1 2021"
    assert labels.period("2021-2025", "en") == "2021–2025"
    assert labels.status("behind", "zh") == "滞后"
    with pytest.raises(KeyError, match="no status label for 'late'"):
        labels.status("late", "en")
    with pytest.raises(ParameterError, match="lang='de'"):
        labels.text("growth_title", "de")


def test_the_readme_says_which_way_of_running_stops_on_a_misspelt_parameter():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Run one notebook with other parameters") :]
    section = section[: section.index("\n**English pages.**")]
    stops = section.index("With `zhili run`, a misspelt or unknown parameter stops the run")
    assert stops < section.index("papermill"), "the promise is made of zhili run, before papermill is named"
    assert "papermill itself only warns" in section.replace("\n", " ")
