"""The message catalogues: the same keys and fields in every language, and every key the package
asks for present in each."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from zhili_data.report import messages

PACKAGE = Path(messages.__file__).resolve().parent


def _keys_asked_for() -> dict[str, str]:
    """Every literal key passed to ``message(...)`` in the package -> where."""
    asked = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "message"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                asked[node.args[0].value] = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
    return asked


def test_every_language_holds_the_same_keys():
    zh, en = messages.catalogue("zh"), messages.catalogue("en")
    assert sorted(zh.keys() - en.keys()) == [], "keys only in zh.toml"
    assert sorted(en.keys() - zh.keys()) == [], "keys only in en.toml"


def test_every_message_needs_the_same_fields_in_every_language():
    zh, en = messages.catalogue("zh"), messages.catalogue("en")
    differ = {key: (messages.fields_of(zh[key]), messages.fields_of(en[key])) for key in zh.keys() & en.keys()}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_every_key_the_package_asks_for_is_in_the_catalogue(lang):
    asked = _keys_asked_for()
    assert asked, "the scan found no message() call: it would pass on anything"
    assert {key: where for key, where in asked.items() if key not in messages.catalogue(lang)} == {}


def test_a_missing_key_or_field_is_refused_with_its_name():
    with pytest.raises(messages.MessageError, match="no message 'prose.nothing' in the zh catalogue"):
        messages.message("prose.nothing", "zh")
    with pytest.raises(messages.MessageError, match="needs the field"):
        messages.catalogue.cache_clear()
        key = next(k for k, v in messages.catalogue("en").items() if messages.fields_of(v))
        messages.message(key, "en")


# --------------------------------------------------------------------------- no words in code branches

WORDED_FROM_THE_CATALOGUE = ("prose.py", "briefing.py", "deck.py", "display.py", "lesson.py", "charts.py")
"""Modules whose words all come from the catalogues: none of them chooses text by language in code."""

STILL_BRANCHING: dict[str, set[str]] = {}
"""Functions not yet moved to the catalogue: the Methods text words its formula steps in code until
formulas are structured steps."""


def _compares_the_language(node: ast.AST) -> bool:
    """``lang == "zh"``, ``check_lang(lang) != "en"``, ``lang in (…)``."""
    if not isinstance(node, ast.Compare):
        return False
    sides = [node.left, *node.comparators]
    return any(isinstance(s, ast.Name) and s.id == "lang" for s in sides) or any(
        isinstance(s, ast.Constant) and s.value in messages.LANGUAGES for s in sides
    )


def _tests_a_language_flag(test: ast.expr) -> bool:
    """``if zh:``, ``… if zh else …``, ``zh and …``: a flag named after a language."""
    return any(isinstance(node, ast.Name) and node.id in messages.LANGUAGES for node in ast.walk(test))


def language_branches(source: str, skip: set[str] = frozenset()) -> list[str]:
    """Every choice by language, as ``function:line``, outside the functions named in ``skip``: a
    comparison of the language (in a condition or as a value, ``grouping=lang == "en"``) and a
    conditional (``if``, ``… if … else …``, a comprehension's ``if``) on a language flag."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.name in skip:
                return
            function = node.name
        if _compares_the_language(node):
            found.append(f"{function}:{node.lineno}")
        tests = (
            [node.test]
            if isinstance(node, ast.If | ast.IfExp | ast.While)
            else node.ifs
            if isinstance(node, ast.comprehension)
            else []
        )
        found.extend(f"{function}:{test.lineno}" for test in tests if _tests_a_language_flag(test))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source), "<module>")
    return found


@pytest.mark.parametrize("module", WORDED_FROM_THE_CATALOGUE)
def test_no_module_worded_from_the_catalogue_chooses_words_by_language(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert language_branches(source, STILL_BRANCHING.get(module, set())) == []


@pytest.mark.parametrize(
    "branch",
    [
        'x = "是" if lang == "zh" else "is"',
        'if check_lang(lang) != "en":\n    x = "。"',
        'zh = lang == "zh"\nx = "近" if zh else "nearly"',
        'x = [w for w in words if lang == "zh"]',
        'chart(grouping=lang == "en")',
    ],
)
def test_the_scan_finds_a_language_branch(branch):
    assert language_branches("def f(lang, words):\n" + "\n".join("    " + line for line in branch.split("\n")))
    assert language_branches('def f(lang):\n    return message("prose.full_stop", lang)') == []
