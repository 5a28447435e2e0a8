"""Every sentence and label a reader sees, looked up by key in one catalogue per language.

The words live in ``locale/zh.toml`` and ``locale/en.toml`` (one table per part of the report
layer: ``[briefing]``, ``[deck]``, ``[prose]``…), never in code branches, so that copy-editing the
English or adding a language means editing one file. A key names its table and its entry
(``"briefing.heading"``); a message may hold ``{fields}`` that the caller fills in.
tests/test_messages.py holds the two catalogues to the same keys and the same fields, and every
key the package asks for to one that exists.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from zhili_data.exceptions import ZhiliError
from zhili_data.tomlfile import read_toml

__all__ = ["LANGUAGES", "MessageError", "catalogue", "message"]

LANGUAGES = ("zh", "en")
"""The languages with a catalogue, the first the default."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class MessageError(ZhiliError, KeyError):
    """A key that no catalogue holds, a language without one, or a field a message needs that was not given."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, by its dotted key.

    Parameters
    ----------
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    dict
        ``"table.entry"`` -> the message, its ``{fields}`` unfilled.

    Examples
    --------
    >>> catalogue("en")["briefing.heading"]
    'At a glance'
    >>> catalogue("fr")
    Traceback (most recent call last):
    ...
    zhili_data.report.messages.MessageError: no message catalogue for language 'fr': the languages are zh, en
    """
    if lang not in LANGUAGES:
        raise MessageError(f"no message catalogue for language {lang!r}: the languages are {', '.join(LANGUAGES)}")
    tables, _ = read_toml(LOCALE_DIR / f"{lang}.toml", MessageError, what="message catalogue")
    return {f"{table}.{key}": text for table, entries in tables.items() for key, text in entries.items()}


def fields_of(text: str) -> set[str]:
    """The ``{fields}`` a message needs, by name.

    >>> sorted(fields_of("{name}, growth year on year ({period})"))
    ['name', 'period']
    """
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def message(key: str, lang: str, /, **fields: object) -> str:
    """The message ``key`` in ``lang``, its ``{fields}`` filled in.

    Parameters
    ----------
    key : str
        ``"table.entry"``, as in the catalogue.
    lang : {"zh", "en"}
        The language.
    **fields
        The values of the message's ``{fields}``.

    Returns
    -------
    str

    Raises
    ------
    MessageError
        The key is in no catalogue, or a field the message needs is missing.

    Examples
    --------
    >>> message("briefing.heading", "zh")
    '一页要点'
    >>> message("briefing.heading", "en")
    'At a glance'
    >>> message("briefing.no_such_key", "en")
    Traceback (most recent call last):
    ...
    zhili_data.report.messages.MessageError: no message 'briefing.no_such_key' in the en catalogue (zhili_data/report/locale/en.toml)
    """
    entries = catalogue(lang)
    try:
        text = entries[key]
    except KeyError:
        raise MessageError(
            f"no message {key!r} in the {lang} catalogue (zhili_data/report/locale/{lang}.toml)"
        ) from None
    if missing := fields_of(text) - fields.keys():
        raise MessageError(f"message {key!r} ({lang}) needs the field(s) {', '.join(sorted(missing))}")
    return text.format(**fields)
