"""labels: every word the pages show, in both languages; the English side is English throughout."""

import pytest

from zhili_data.core import analysis
from zhili_data.core.checks import ParameterError
from zhili_data.language import has_cjk
from zhili_data.report import labels
from zhili_data.report.display import UNITS_EN

TABLES = {
    name: getattr(labels, name)
    for name in (
        "PERIODS",
        "STATUSES",
        "QUALIFIERS",
        "THEMES",
        "SHARE_KINDS",
        "CAVEATS",
        "COLUMNS",
        "TEXT",
        "PAGE",
    )
}


def test_the_page_frame_has_its_words_here_and_no_fallback():
    assert labels.page("zh")["index"] == "← 全部报告" and labels.page("en")["index"] == "← All reports"
    with pytest.raises(ParameterError, match="lang='fr'"):
        labels.page("fr")


def test_statuses_have_words_in_the_analysis_order():
    assert tuple(labels.STATUSES) == analysis.STATUSES


@pytest.mark.parametrize("name", sorted(TABLES))
def test_english_labels_hold_no_chinese(name):
    chinese = {key: pair[1] for key, pair in TABLES[name].items() if has_cjk(pair[1])}
    assert chinese == {}


def test_english_unit_words_hold_no_chinese_and_no_jargon():
    assert not [word for word in UNITS_EN.values() if has_cjk(word)]
    assert not {"firm-visits", "person-times"} & set(UNITS_EN.values())


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("2021H1", "H1 2021"),
        ("2021H2", "H2 2021"),
        ("2021", "full year 2021"),
        ("2021-2025", "2021–2025"),
        ("to_date", "to the report date"),
    ],
)
def test_periods_read_inside_parentheses(code, english):
    # "(full year 2021)", never "(2021 (full year))"
    assert labels.period(code, "en") == english and "(" not in english


def test_a_target_without_an_actual_is_said_so():
    assert labels.status("no_baseline", "en") == "no actual yet"
    assert "baseline" not in labels.text("target_register_title", "en")


@pytest.mark.parametrize(
    ("unit", "english"),
    [
        ("个", "number of items (projects, platforms, points…)"),
        ("家", "number of firms and institutions"),
        ("万人", "10,000 people"),
        ("亩", "mu"),
        ("平方公里", "km²"),
    ],
)
def test_an_axis_says_in_english_what_it_counts(unit, english):
    from zhili_data.report.display import unit_label

    assert unit_label(unit, "en") == english and not has_cjk(unit_label(unit, "en"))
