"""Reading the state files of an output folder (``manifest.json``, ``history.json``) by schema.

Both files sit in a folder anyone with write access can edit, and the next run trusts them: a
path in the manifest is read, linked and carried into the new folder, a field of either is shown
on the index and ops pages. So every field is checked for its type before a run uses it, the
nesting is bounded, the file's size too, and every path is a plain file name inside the folder
that is none of the run's own pages or state files. A file that fails is refused whole: no field
of it is used.

A schema is a Python value: a type (``str``, ``bool``, :data:`NUMBER`, :data:`INTEGER`, :data:`PATH`),
a tuple of the allowed values, :class:`Check`, :class:`Optional`, :class:`ListOf`, or a dict of field -> schema
(fields not named are allowed and left alone; :class:`Required` marks a field that must be there).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from zhili_data.exceptions import ZhiliError

MAX_DEPTH = 32
"""Deepest nesting of lists and objects a state file may hold (a run writes at most some eight)."""
MAX_BYTES = 16 * 1024 * 1024
RESERVED_NAMES = frozenset({"index.html", "ops.html", "history.json", "manifest.json"})
"""The run's own files: no report's file may bear one of these names."""


class StateFileError(ZhiliError, ValueError):
    """A state file of the output folder is unreadable, not JSON or not of its schema."""


NUMBER = "number"  # an int or a finite float, not a bool, not negative
INTEGER = "integer"  # an int, not a bool, not negative
PATH = "path"  # a relative file path inside the folder, not a name of RESERVED_NAMES


@dataclass(frozen=True)
class Optional:
    """``schema`` or null."""

    schema: object


@dataclass(frozen=True)
class ListOf:
    """A list of items of ``schema``."""

    schema: object


@dataclass(frozen=True)
class Check:
    """A value for which ``predicate`` is true; ``what`` says what that is."""

    predicate: object
    what: str


@dataclass(frozen=True)
class Required:
    """A field of a dict schema that must be present."""

    schema: object


def is_inside(relative) -> bool:
    """Whether ``relative`` is a plain path inside the output folder (no ``..``, not absolute)."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
        return False
    path = PurePosixPath(relative)
    return not path.is_absolute() and ".." not in path.parts and "." not in relative.split("/") and bool(path.parts)


def read_json(path: Path, *, max_bytes: int = MAX_BYTES):
    """The JSON value of ``path``, at most ``max_bytes`` long and :data:`MAX_DEPTH` deep.

    Raises FileNotFoundError when there is no file, :class:`StateFileError` for anything else wrong.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise StateFileError(f"{size:,} bytes, more than the {max_bytes:,} a run writes")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise StateFileError(f"cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise StateFileError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise StateFileError(f"not JSON ({exc})") from None
    if _depth(value) > MAX_DEPTH:
        raise StateFileError(f"nested deeper than {MAX_DEPTH} levels")
    return value


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _kind(value) -> str:
    names = {type(None): "null", bool: "true/false", int: "a number", float: "a number", str: "text"}
    return names.get(type(value), "a list" if isinstance(value, list) else "an object")


def check(value, schema, where: str) -> None:
    """Raise :class:`StateFileError`, naming ``where`` and the field, unless ``value`` fits ``schema``."""
    if isinstance(schema, Optional):
        if value is not None:
            check(value, schema.schema, where)
    elif isinstance(schema, ListOf):
        if not isinstance(value, list):
            raise StateFileError(f"{where} must be a list, not {_kind(value)}")
        for index, item in enumerate(value):
            check(item, schema.schema, f"{where}[{index}]")
    elif isinstance(schema, dict):
        if not isinstance(value, dict):
            raise StateFileError(f"{where} must be an object, not {_kind(value)}")
        for key, field in schema.items():
            if key not in value:
                if isinstance(field, Required):
                    raise StateFileError(f"{where} lacks {key!r}")
                continue
            check(value[key], field.schema if isinstance(field, Required) else field, f"{where}.{key}")
    elif isinstance(schema, Check):
        if not schema.predicate(value):
            raise StateFileError(f"{where} is {value!r:.80}; allowed: {schema.what}")
    elif isinstance(schema, tuple):
        if not isinstance(value, str) or value not in schema:
            raise StateFileError(f"{where} is {value!r}; allowed: {', '.join(schema)}")
    elif schema in (NUMBER, INTEGER):
        wanted = int if schema == INTEGER else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted) or not math.isfinite(value) or value < 0:
            raise StateFileError(f"{where} must be a number of 0 or more, not {_kind(value)} ({value!r:.40})")
    elif schema == PATH:
        if not is_inside(value):
            raise StateFileError(f"{where} names {value!r}, which is not a file inside the folder")
        if PurePosixPath(value).name in RESERVED_NAMES:
            raise StateFileError(
                f"{where} names {value!r}, one of the run's own files ({', '.join(sorted(RESERVED_NAMES))})"
            )
    elif schema is dict:
        if not isinstance(value, dict):
            raise StateFileError(f"{where} must be an object, not {_kind(value)}")
    elif not isinstance(value, schema) or (schema is int and isinstance(value, bool)):
        raise StateFileError(f"{where} must be {_kind(schema())}, not {_kind(value)} ({value!r:.40})")
