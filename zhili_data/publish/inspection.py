"""Parameters checked against what each notebook declares, before any kernel starts.

papermill injects whatever it is given, so a misspelt parameter would be silently ignored
and the report rendered with the default. ``papermill.inspect_notebook`` reads the names
and defaults of a notebook's ``parameters`` cell; every name a run passes must be one of
them, and its value must be of the default's type.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from zhili_data.exceptions import ParameterError
from zhili_data.suggest import suggestion

_MISSING = object()


@dataclass(frozen=True)
class Declared:
    """One name of a notebook's ``parameters`` cell."""

    name: str
    default_source: str  # the expression as written in the cell
    help: str

    @property
    def default(self):
        """The default as a Python value, or ``_MISSING`` when it is not a literal."""
        try:
            return ast.literal_eval(self.default_source)
        except (ValueError, SyntaxError, TypeError):
            return _MISSING


def declared_parameters(notebook: Path, messages: list[str] | None = None) -> dict[str, Declared]:
    """The names of ``notebook``'s ``parameters`` cell with their defaults, in cell order.

    What papermill says while it reads them (a line it cannot parse, a language it cannot
    inspect) is added to ``messages``, for the run's log, rather than printed."""
    from papermill.inspection import inspect_notebook

    with papermill_messages() as said:
        found = inspect_notebook(str(notebook))
    if messages is not None:
        messages.extend(said)
    return {name: Declared(name, str(info.get("default", "")), info.get("help", "")) for name, info in found.items()}


@contextmanager
def papermill_messages() -> Iterator[list[str]]:
    """papermill's own warnings and errors while the block runs, collected instead of printed.

    Without this they reach stderr without a date or the report they are about (in a worker,
    nowhere at all); the run writes them into its log with both.

    Returns
    -------
    list of str
        Filled in as papermill logs.

    Examples
    --------
    >>> import logging
    >>> with papermill_messages() as said:
    ...     logging.getLogger("papermill.translators").warning("Unable to parse line %d", 12)
    >>> said
    ['Unable to parse line 12']
    """
    import logging

    said: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(" ".join(record.getMessage().split()))

    logger = logging.getLogger("papermill")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield said
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _type_name(value) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def check_value(name: str, value, declared: Declared, *, where: str):
    """``value`` made to fit the type of the default (an int where a float is declared
    becomes a float); raise ``ParameterError`` when it cannot."""
    default = declared.default
    if default is _MISSING or default is None:
        return value
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, (list, tuple)):
        if isinstance(value, (list, tuple)):
            return list(value)
    elif isinstance(value, type(default)):
        return value
    raise ParameterError(
        f"{where}: parameter {name!r} must be {_type_name(default)} like its default "
        f"{declared.default_source}, got {value!r}"
    )


def check_parameters(parameters: dict, declared: dict[str, Declared], *, where: str) -> dict:
    """``parameters`` checked against ``declared``; returns them with values fitted to the types."""
    checked = {}
    for name, value in parameters.items():
        if name not in declared:
            allowed = ", ".join(declared) or "none (the notebook has no cell tagged 'parameters')"
            raise ParameterError(f"{where}: unknown parameter {name!r}{suggestion(name, declared)}; allowed: {allowed}")
        checked[name] = check_value(name, value, declared[name], where=where)
    return checked


def effective_parameters(parameters: dict, declared: dict[str, Declared]) -> dict:
    """Every declared parameter with the value the notebook will run with, in cell order."""
    values = {}
    for name, item in declared.items():
        default = item.default
        values[name] = parameters.get(name, item.default_source if default is _MISSING else default)
    values.update({k: v for k, v in parameters.items() if k not in values})
    return values


def parse_override(text: str) -> tuple[str | None, str, str]:
    """``--param`` text → ``(report or None, name, raw value)``.

    ``name=value`` applies to every report whose notebook declares ``name``;
    ``report:name=value`` to that report only.
    """
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ParameterError(f"--param {text!r}: expected NAME=VALUE or REPORT:NAME=VALUE, e.g. --param lang=en")
    target, colon, name = key.strip().rpartition(":")
    name = name.strip()
    if not name.isidentifier():
        raise ParameterError(f"--param {text!r}: {name!r} is not a parameter name")
    return (target.strip() if colon else None), name, raw.strip()


def parse_value(raw: str, declared: Declared | None = None):
    """A command-line value read as the declared parameter's type.

    A string parameter takes the text as is (``as_of=2021-06-30``); a list takes JSON
    (``["gdp","fai"]``) or comma-separated items (``gdp,fai``); numbers and true/false are
    read as such. With no usable default, JSON is tried and the text kept when it is not JSON.
    """
    default = declared.default if declared is not None else _MISSING
    if isinstance(default, str):
        return raw
    if isinstance(default, bool):
        lowered = raw.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        return raw  # check_value then names the parameter and the expected type
    if isinstance(default, (list, tuple)):
        if raw.startswith("["):
            try:
                return json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ParameterError(f"--param {declared.name}={raw}: not a JSON list ({exc})") from None
        return [_scalar(item.strip()) for item in raw.split(",") if item.strip()]
    return _scalar(raw)


def _scalar(raw: str):
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        lowered = raw.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return raw


def kernel_mismatch(notebook: Path, kernel_name: str, kernel_language: str, installed: list[str]) -> str | None:
    """Why ``notebook`` cannot run in the kernel ``kernel_name`` (of ``kernel_language``), or None when it can.

    A notebook asks for its kernel in ``metadata.kernelspec``. One written for another language
    (a Julia or R notebook) would fail in the run's kernel with errors that never name the
    language, or worse, publish: it is refused before it runs, naming the kernel it asks for and
    the kernels ``installed``. A notebook of the run's language whose kernelspec has another name
    (``python``, a virtual environment's kernel) runs in the run's kernel.

    Parameters
    ----------
    notebook : Path
        The notebook as stored.
    kernel_name, kernel_language : str
        The run's kernel and its language.
    installed : list of str
        The kernels there are, for the message.

    Returns
    -------
    str or None
        What is wrong, for an error message; None when the notebook runs in the run's kernel.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp, "julia.ipynb")
    ...     meta = {"kernelspec": {"name": "julia-0.4", "language": "julia", "display_name": "Julia 0.4"}}
    ...     _ = path.write_text(json.dumps({"metadata": meta, "cells": []}), encoding="utf-8")
    ...     print(kernel_mismatch(path, "python3", "python", ["python3"]))
    the notebook is for the kernel 'julia-0.4' (Julia 0.4, language julia), not this run's 'python3' (python); kernels here: python3
    """
    try:
        metadata = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata") or {}
    except (OSError, ValueError, AttributeError):
        return None  # an unreadable notebook is refused with its own message
    spec = metadata.get("kernelspec") if isinstance(metadata.get("kernelspec"), dict) else {}
    info = metadata.get("language_info") if isinstance(metadata.get("language_info"), dict) else {}
    asked = spec.get("name")
    language = spec.get("language") or info.get("name")
    if not isinstance(asked, str) or asked == kernel_name:
        return None
    if not isinstance(language, str) or language.lower() == kernel_language.lower():
        return None
    shown = spec.get("display_name")
    return (
        f"the notebook is for the kernel {asked!r} ({f'{shown}, ' if isinstance(shown, str) else ''}language {language}), "
        f"not this run's {kernel_name!r} ({kernel_language}); kernels here: {', '.join(installed) or 'none'}"
    )
