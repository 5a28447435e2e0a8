"""Reading a curated CSV: text as typed, each row indexed by its line, and a bad file named with its line."""

import pandas as pd
import pytest

from zhili_data.core.curated import CuratedFileError, header_message, header_problems, read_table, row_lines


def test_cells_stay_text_and_rows_know_their_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n181.0,NA\n"two\nlines",\n\n3,x\n', encoding="utf-8")
    table = read_table(path)
    assert table.to_dict("list") == {"a": ["181.0", "two\nlines", "3"], "b": ["NA", "", "x"]}
    assert row_lines(table) == [2, 3, 6]  # the quoted line break moves the next rows down
    assert row_lines(pd.DataFrame({"a": [1]})) == [None]


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffa,b\n1,2\n".encode())
    assert list(read_table(path).columns) == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,b\n1,2\n3,成".encode("gbk"), r"t\.csv:3: not UTF-8 text \(byte 0xb3 at column 3\)"),
        (b"\n1,2\n", r"t\.csv:1: no header"),
        (b"a,a\n1,2\n", r"t\.csv:1: column\(s\) 'a' appear more than once"),
        (b"a,b\n1,2,3\n", r"t\.csv:2: 3 fields, but the header names 2 columns"),
        (b'a,b\n1,2\n"3,4\n', r"t\.csv:3: not a well-formed CSV row"),
    ],
    ids=["not UTF-8", "no header", "repeated column", "extra field", "unclosed quote"],
)
def test_a_malformed_file_is_named_with_its_line(tmp_path, content, message):
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(CuratedFileError, match=message) as caught:
        read_table(path)
    assert caught.value.path == path


def test_an_unreadable_file_is_a_curated_file_error(tmp_path):
    with pytest.raises(CuratedFileError, match="cannot be read"):
        read_table(tmp_path / "missing.csv")


def test_header_problems_suggest_derived_unknown_and_missing_columns():
    problems = header_problems(["mentoin", "page", "reason"], ["mention", "context", "reason"], derived=["page"])
    assert problems == [
        ("mentoin", "unknown column 'mentoin' (did you mean 'mention'?)"),
        ("page", "column 'page' is derived by the loader, not typed; remove it"),
        ("mention", "missing column 'mention'"),
        ("context", "missing column 'context'"),
    ]
    assert header_problems(["a"], ["a"]) == []


def test_header_message_is_one_line_with_the_expected_columns(tmp_path):
    assert header_message(tmp_path / "x.csv", ["a", "b"], ["a", "b"]) is None
    assert header_message(tmp_path / "x.csv", ["a"], ["a", "b"]) == "x.csv: missing column 'b'; expected columns: a, b"
