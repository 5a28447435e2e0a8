"""Notebooks no one here wrote run the same in a forked kernel as in a plain one.

The corpus is the test notebooks of papermill (shipped in its wheel, which the project pins) and of
nbclient (in its source distribution on PyPI, fetched at a pinned version and checked against its
sha256); both are BSD-3-Clause, and neither is copied into this repository. Every notebook runs
through ``zhili run`` twice, with ``[kernels] warm = true`` and ``false``; the outputs of each cell
are compared after normalising what differs between any two runs (times, addresses, temporary paths,
and how a stream's text was split into messages). A difference fails the test unless it is listed
in KNOWN_DIFFERENCES with its reason.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat
import pytest
from runner_support import run_quietly

from zhili_data.publish.inspection import kernel_mismatch
from zhili_data.publish.run import EXIT_FAILED

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked on Linux only"),
]

NBCLIENT_SDIST = "nbclient==0.11.0"
NBCLIENT_SHA256 = "04a134a5b087f2c5887f228aca155db50169b8cd9334dee6942c8e927e56081a"
# Notebook -> why its outputs differ between a forked and a plain kernel. None do now; an entry
# here must say why the difference is acceptable.
KNOWN_DIFFERENCES: dict[str, str] = {}
# Notebooks `zhili run` refuses before running (a kernel of another language), with the kernel named.
REFUSED = {"pa-notimplemented-translator": "its kernelspec is R's"}
CELL_TIMEOUT = 10  # nbclient's Interrupt.ipynb loops for ever: it is stopped by the limit


def _papermill_notebooks() -> list[Path]:
    import papermill

    return sorted(Path(papermill.__file__).parent.joinpath("tests", "notebooks").glob("*.ipynb"))


def _nbclient_files(cache: Path) -> list[Path]:
    """nbclient's test notebooks (and the image one of them reads), from its pinned sdist."""
    archive = next(cache.glob("nbclient-*.tar.gz"), None)
    if archive is None or hashlib.sha256(archive.read_bytes()).hexdigest() != NBCLIENT_SHA256:
        for stale in cache.glob("nbclient-*"):
            stale.unlink()
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "-d", str(cache)]
            + [NBCLIENT_SDIST],
            check=True,
            capture_output=True,
        )
        archive = next(cache.glob("nbclient-*.tar.gz"))
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == NBCLIENT_SHA256, (
        "the nbclient sdist is not the pinned one"
    )
    files = cache / "files"
    if not files.is_dir():
        files.mkdir()
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if "/tests/files/" in member.name and member.isfile():
                    (files / Path(member.name).name).write_bytes(tar.extractfile(member).read())
    return sorted(files.iterdir())


def _report_name(source: Path) -> str:
    origin = "pa" if "papermill" in source.parts else "nb"
    return re.sub(r"[^a-z0-9]+", "-", f"{origin}-{source.stem}".lower()).strip("-")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _normalised(text: str) -> str:
    text = _ANSI.sub("", text)
    text = re.sub(r"0x[0-9a-fA-F]+", "0x?", text)
    text = re.sub(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:?\d\d|Z)?", "<time>", text)
    return re.sub(r"/tmp/[^\s'\"]+", "<tmp>", text)


def _outputs(path: Path) -> list:
    """Each code cell's outputs, normalised; a cell's consecutive stream texts joined."""
    found = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                if found and found[-1][:2] == (index, output.name):
                    found[-1] = (index, output.name, found[-1][2] + _normalised(output.text))
                else:
                    found.append((index, output.name, _normalised(output.text)))
            elif output.output_type == "error":
                found.append((index, "error", output.ename, _normalised(output.evalue)))
            else:
                data = {
                    k: _normalised(v if isinstance(v, str) else json.dumps(v))
                    for k, v in output.get("data", {}).items()
                }
                found.append((index, output.output_type, {k: v for k, v in data.items() if k.startswith("text/")}))
    return found


def _run(folder: Path, sources: list[Path], *, warm: bool) -> tuple[Path, str]:
    notebooks = folder / "notebooks"
    notebooks.mkdir(parents=True)
    lines = []
    for source in sources:
        if source.suffix != ".ipynb":
            shutil.copy(source, notebooks / source.name)  # what a notebook reads beside it
            continue
        name = _report_name(source)
        shutil.copy(source, notebooks / f"{name}.ipynb")
        lines += ["[[report]]", f'name = "{name}"', f'notebook = "{name}.ipynb"', f'title = "{name}"', ""]
    lines += ["[kernels]", f"warm = {'true' if warm else 'false'}"]
    (notebooks / "reports.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "outputs"
    code, log = run_quietly(notebooks / "reports.toml", out, jobs=2, force=True, timeout=CELL_TIMEOUT, validate=False)
    assert code == EXIT_FAILED, log  # some of the corpus fails on purpose, in both kinds of kernel
    return out, log


def test_outside_notebooks_give_the_same_outputs_in_forked_and_plain_kernels(tmp_path, request):
    # pytest's cache keeps the sdist between runs; without the cache plugin, a folder of this run's own
    cache_plugin = getattr(request.config, "cache", None)
    cache = Path(cache_plugin.mkdir("outside-corpus")) if cache_plugin else tmp_path / "outside-corpus"
    cache.mkdir(exist_ok=True)
    sources = _papermill_notebooks() + _nbclient_files(cache)
    assert len([s for s in sources if s.suffix == ".ipynb"]) >= 40
    refused = {
        _report_name(s)
        for s in sources
        if s.suffix == ".ipynb" and kernel_mismatch(s, "python3", "python", ["python3"])
    }
    assert refused == set(REFUSED)
    runnable = [
        s for s in sources if not (s.suffix == ".ipynb" and kernel_mismatch(s, "python3", "python", ["python3"]))
    ]

    warm_out, warm_log = _run(tmp_path / "warm", runnable, warm=True)
    plain_out, plain_log = _run(tmp_path / "plain", runnable, warm=False)
    assert "warm kernels:" in warm_log and "plain kernels:" in plain_log

    warm_manifest = json.loads((warm_out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    plain_manifest = json.loads((plain_out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    statuses = {e["name"]: (e["status"], (e["error"] or {}).get("ename")) for e in warm_manifest}
    assert statuses == {e["name"]: (e["status"], (e["error"] or {}).get("ename")) for e in plain_manifest}
    differing = {}
    for entry in warm_manifest:
        notebook = entry["executed_notebook"]
        assert notebook, f"{entry['name']}: no notebook was saved"
        if _outputs(warm_out / notebook) != _outputs(plain_out / notebook):
            differing[entry["name"]] = (_outputs(warm_out / notebook), _outputs(plain_out / notebook))
    unexplained = {name: pair for name, pair in differing.items() if name not in KNOWN_DIFFERENCES}
    assert not unexplained, unexplained
