"""One matcher and one wording for "did you mean …?"."""

from zhili_data.suggest import close_matches, did_you_mean, suggestion


def test_close_matches_are_closest_first_and_only_for_text():
    assert close_matches("gdp_grwth", ["population", "gdp", "gdp_growth"], cutoff=0.5) == ["gdp_growth", "gdp"]
    assert close_matches("gdp_grwth", ["gdp", "gdp_growth"], n=1, cutoff=0.5) == ["gdp_growth"]
    assert close_matches("gdp_grwth", ["gdp", "gdp_growth"]) == ["gdp_growth"]  # default cutoff 0.6
    assert close_matches("zzz", ["gdp"]) == []
    assert close_matches(None, ["None"]) == []
    assert close_matches("1", [1, 2]) == ["1"]


def test_one_wording_bare_or_as_an_aside():
    assert did_you_mean(["gdp", "gdp_growth"]) == "did you mean 'gdp', 'gdp_growth'?"
    assert did_you_mean([]) == ""
    assert suggestion("titel", ["title", "notebook"]) == " (did you mean 'title'?)"
    assert suggestion("titel", ["title", "titles"], n=2) == " (did you mean 'title', 'titles'?)"
    assert suggestion("zzz", ["title"]) == ""
