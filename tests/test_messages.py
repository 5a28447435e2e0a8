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
