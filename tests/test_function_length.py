"""No function of the package is longer than 60 lines of code, its docstring aside.

A line of code is a line holding something other than white space and comments, counted from the
first statement after the docstring to the function's last line (a nested function or class counts
in the function that holds it). A longer function does several things; split it into functions
that each do one. Those still too long are listed in LONG with the reason, and the list only
shrinks: a listed function that is now short enough, or gone, fails the test until it is struck off.
"""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize
from pathlib import Path

import pytest

import zhili_data

PACKAGE = Path(zhili_data.__file__).resolve().parent
LIMIT = 60

# Still too long: (module, qualified name of the function) -> why it is not split yet.
LONG: dict[tuple[str, str], str] = {}


def code_lines(lines_with_code: set[int], function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of code of ``function``, docstring excluded; ``lines_with_code``: those of its file."""
    body = function.body
    if (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    if not body:
        return 0
    first = min([body[0].lineno, *(d.lineno for d in getattr(body[0], "decorator_list", []))])
    return len([n for n in range(first, function.end_lineno + 1) if n in lines_with_code])


def _lines_with_code(source: str) -> set[int]:
    """The numbers of the lines that hold a token other than a comment or a line break."""
    ignored = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in ignored:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function, methods and nested functions included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def _lengths() -> dict[tuple[str, str], int]:
    lengths = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        source = path.read_text(encoding="utf-8")
        lines_with_code = _lines_with_code(source)
        for name, function in _functions(ast.parse(source)):
            lengths[module, name] = code_lines(lines_with_code, function)
    return lengths


@pytest.fixture(scope="module")
def lengths() -> dict[tuple[str, str], int]:
    return _lengths()


def test_no_function_is_longer_than_the_limit(lengths):
    long = {key: n for key, n in lengths.items() if n > LIMIT and key not in LONG}
    assert not long, "\n".join(
        f"{module}.{name}: {n} lines of code (at most {LIMIT}); split it into functions that each do one thing"
        for (module, name), n in sorted(long.items())
    )


def test_every_function_listed_as_long_still_is(lengths):
    stale = {key: lengths.get(key) for key in LONG if lengths.get(key, 0) <= LIMIT}
    assert not stale, "\n".join(
        f"{module}.{name}: {'gone' if n is None else f'{n} lines of code'}; strike it off LONG"
        for (module, name), n in sorted(stale.items())
    )


def test_the_count_leaves_out_the_docstring_blank_lines_and_comments_and_counts_nested_code():
    source = textwrap.dedent(
        '''
        def outer(x):
            """A docstring
            of three lines.
            """
            # a comment
            y = [
                x,  # a comment after code
            ]

            @decorator
            def inner():
                return """a string
        # that looks like a comment
        """
            return y
        '''
    )
    (name, outer), (_, inner) = list(_functions(ast.parse(source)))
    assert name == "outer"
    # y = [ … ] is 3 lines, @decorator to the closing """ 5 (the string's lines are code), return y 1
    assert code_lines(_lines_with_code(source), outer) == 9
    assert code_lines(_lines_with_code(source), inner) == 3
