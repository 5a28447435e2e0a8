"""zhili_data.search (zhili_data.core.figure_search) and `zhili show` with free text: every figure about a word, most relevant first."""

import os
import subprocess
import sys

import pytest

from zhili_data.core.figure_search import FIELD_WEIGHTS, search


@pytest.fixture(scope="module")
def talent(figures):
    return search("人才", figures)


def test_talent_returns_every_figure_of_the_talent_paragraph(figures, talent):
    paragraph = figures[figures["paragraph"].str.contains("强化人才支撑")]
    # 17 SMEs, 6 leading talents, 4 overseas engineers, 19 national and 22 provincial projects, 12 firms, 3 institutes
    assert len(paragraph) == 7
    assert set(paragraph["figure_id"]) <= set(talent["figure_id"])
    assert {"overseas_engineers_2021h1_actual", "national_talent_projects_2021h1_actual"} <= set(talent["figure_id"])
    engineers = talent.set_index("figure_id").loc["overseas_engineers_2021h1_actual"]
    assert engineers["quote"] == "引进申报海外工程师4名" and engineers["page"] == 3
    assert "强化人才支撑" in engineers["paragraph"]


def test_results_are_figure_rows_ranked_by_relevance(figures, talent):
    assert list(talent.columns) == ["score", "relevance", "matched", *figures.columns]
    for _, group in talent.groupby("relevance", observed=True):
        assert group["score"].is_monotonic_decreasing
    # a figure named after talent comes before one that only stands in a paragraph mentioning it
    rank = {f: i for i, f in enumerate(talent["figure_id"])}
    assert (
        rank["national_talent_projects_2021h1_actual"]
        < rank["overseas_engineers_2021h1_actual"]
        < rank["childrenswear_loans_todate_actual"]
    )
    loans = talent.set_index("figure_id").loc["childrenswear_loans_todate_actual"]
    assert (loans["matched"], loans["relevance"]) == ("paragraph:人才", "nearby")


def test_every_word_must_match(figures):
    both = search("海外 工程师", figures)
    assert both.iloc[0]["figure_id"] == "overseas_engineers_2021h1_actual"
    assert search("海外 地区生产总值", figures).empty


def test_english_indicator_and_topic_and_case(figures):
    assert "overseas_engineers_2021h1_actual" in set(search("TALENT", figures)["figure_id"])  # by its topic tag
    assert search("Fixed-asset", figures).iloc[0]["indicator_id"] == "fixed_asset_investment"


def test_fields_restrict_the_search(figures):
    by_topic = search("talent", figures, fields=["topics"])
    assert set(by_topic["matched"]) == {"topics:talent"}
    with pytest.raises(ValueError, match="unknown field.*allowed: " + list(FIELD_WEIGHTS)[0]):
        search("talent", figures, fields=["quotes"])


def test_empty_query_is_an_error(figures):
    with pytest.raises(ValueError, match="give one or more words"):
        search("  ", figures)


def test_nothing_found_is_an_empty_table_with_the_columns(figures):
    result = search("xyzzy", figures)
    assert result.empty and list(result.columns) == ["score", "relevance", "matched", *figures.columns]


def test_a_figure_whose_own_fields_match_ranks_above_one_that_only_shares_a_paragraph(figures):
    investment = search("投资", figures)
    relevance = list(investment["relevance"])
    assert relevance == sorted(relevance, key=["direct", "nearby"].index)  # every direct match first
    by_id = investment.set_index("figure_id")
    # GDP and fiscal revenue only share a paragraph with 投资: nearby, below a project tagged investment
    assert by_id.loc["gdp_2021h1_actual", "relevance"] == "nearby"
    assert by_id.loc["fiscal_revenue_2021h1_actual", "matched"] == "paragraph:投资"
    assert by_id.loc["projects_introduced_100m_plus_2021h1_actual", "relevance"] == "direct"
    assert (
        investment.index[investment["figure_id"] == "projects_introduced_100m_plus_2021h1_actual"][0]
        < (investment.index[investment["figure_id"] == "gdp_2021h1_actual"][0])
    )
    # even a nearby figure with a higher score (sentence + paragraph) stays below every direct one
    direct_scores = investment.loc[investment["relevance"] == "direct", "score"]
    assert by_id.loc["agritourism_projects_2021h1_actual", "score"] < direct_scores.min() or (
        by_id.loc["agritourism_projects_2021h1_actual", "relevance"] == "nearby"
    )
    assert set(search("投资", figures, nearby=False)["relevance"]) == {"direct"}


def test_education_is_no_figure_s_subject(figures):
    nearby = search("教育", figures)
    assert len(nearby) > 0 and set(nearby["relevance"]) == {"nearby"}
    assert search("教育", figures, nearby=False).empty


def test_or_min_score_and_topics(figures):
    either = search("出口 OR 人才", figures)
    exports, talent = search("出口", figures), search("人才", figures)
    assert set(either["figure_id"]) == set(exports["figure_id"]) | set(talent["figure_id"])
    assert set(search("出口|人才", figures)["figure_id"]) == set(either["figure_id"])
    strong = search("人才", figures, min_score=10)
    assert len(strong) < len(talent) and (strong["score"] >= 10).all()
    trade = search("出口 OR 人才", figures, topics=["trade"])
    assert len(trade) > 0 and trade["topics"].str.contains("trade").all()
    with pytest.raises(ValueError, match="unknown topic.*allowed: economy"):
        search("人才", figures, topics=["talents"])
    with pytest.raises(ValueError, match="empty side of OR"):
        search("人才 OR", figures)


def zhili(*args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "zhili_data.cli", *args], capture_output=True, text=True, env=env)


def test_zhili_show_falls_back_to_search():
    result = zhili("show", "人才")
    assert result.returncode == 0, result.stderr
    assert "figure(s) about '人才'" in result.stdout
    assert "direct match, score 20.5: indicator:人才, topics:人才" in result.stdout
    assert "「引进申报海外工程师4名」" in result.stdout and "「申报国家级人才项目共19个」" in result.stdout
    assert "overseas_engineers_2021h1_actual" in result.stdout


def test_zhili_show_ids_still_win_and_misses_say_so():
    assert "「上半年，全镇完成地区生产总值181亿元」" in zhili("show", "gdp").stdout
    missing = zhili("show", "xyzzy")
    assert missing.returncode == 2
    assert "'xyzzy' is no indicator_id or figure_id and no figure mentions it" in missing.stderr


@pytest.mark.slow
def test_zhili_show_claims_no_figure_for_a_word_that_only_stands_near_them():
    result = zhili("show", "教育")
    assert result.returncode == 2
    assert "no figure is about '教育'" in result.stderr and "9 figure(s) only stand near it" in result.stderr
    assert result.stdout == ""
    listed = zhili("show", "教育", "--nearby")
    assert listed.returncode == 0 and "0 figure(s) about '教育'" in listed.stdout
    assert listed.stdout.count("nearby match, score 1: paragraph:教育") == 9
    narrowed = zhili("show", "出口 OR 人才", "--topic", "trade", "--min-score", "8")
    assert narrowed.returncode == 0 and "talent" not in narrowed.stdout.split("\n")[0]
    assert all("score" in line for line in narrowed.stdout.splitlines() if "match, score" in line)


def test_the_package_attribute_stays_the_function():
    # Importing the module (as `zhili show` does) must not turn zhili_data.search into a module.
    import zhili_data.cli
    import zhili_data.core.figure_search as module

    assert zhili_data.search is module.search and callable(zhili_data.search)
