"""The one TOML reader: a missing, unreadable, non-UTF-8 or invalid file is named with what is wrong."""

import pytest

from zhili_data.core.catalog import ReportFileError
from zhili_data.publish.config import ConfigError
from zhili_data.tomlfile import read_toml


def test_reads_the_tables_and_keeps_the_text(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text('title = "织里"\n[run]\ncell_timeout = 5\n', encoding="utf-8")
    data, text = read_toml(path, ConfigError, what="reports config")
    assert data == {"title": "织里", "run": {"cell_timeout": 5}}
    assert text.startswith('title = "织里"')


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, r"a\.toml: no such reports config; pass --config PATH$"),
        ("标题 = 1".encode("gbk"), r"a\.toml: not UTF-8 text \(byte \d+\); save it as UTF-8"),
        (b"title = ", r"a\.toml: not valid TOML: "),
    ],
    ids=["missing", "not UTF-8", "not TOML"],
)
def test_a_bad_file_raises_the_callers_error_naming_it(tmp_path, content, expected):
    path = tmp_path / "a.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=expected):
        read_toml(path, ConfigError, what="reports config", if_missing="pass --config PATH")


def test_a_folder_is_unreadable_not_missing(tmp_path):
    with pytest.raises(ReportFileError, match="cannot read the report.toml"):
        read_toml(tmp_path, ReportFileError, what="report.toml")
