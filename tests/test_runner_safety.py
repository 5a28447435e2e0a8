"""`zhili run` tried as a careless or hostile user would: output folders it must not replace, data
and configs it must refuse, hung notebooks, full disks and killed runs. Every case runs on copies
in temporary folders."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from runner_support import TOY, TWO_REPORTS, run_quietly, write_config

from zhili_data.app import publishing_hooks
from zhili_data.publish import publish
from zhili_data.publish.run import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK

ROOT = Path(__file__).resolve().parents[1]


def tree_state(path: Path) -> dict[str, tuple]:
    """Type, mode, inode, mtime and bytes of ``path`` and of everything under it, links not followed."""

    def one(p: Path) -> tuple:
        st = os.lstat(p)
        if stat.S_ISREG(st.st_mode):
            content = p.read_bytes()
        elif stat.S_ISLNK(st.st_mode):
            content = os.readlink(p)
        else:
            content = None
        return (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_ino, st.st_mtime_ns, content)

    state = {".": one(path)}
    if stat.S_ISDIR(os.lstat(path).st_mode):
        for dirpath, dirnames, filenames in os.walk(path):
            for name in dirnames + filenames:
                p = Path(dirpath) / name
                state[p.relative_to(path).as_posix()] = one(p)
    return state


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if a run would start a kernel or a worker."""
    import jupyter_client

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel or worker was started")

    monkeypatch.setattr(jupyter_client.KernelManager, "start_kernel", refuse)
    monkeypatch.setattr(jupyter_client.AsyncKernelManager, "start_kernel", refuse)
    monkeypatch.setattr("zhili_data.publish.run.execute_reports", refuse)


def assert_no_run_files(parent: Path, out_name: str = "outputs") -> None:
    """No lock, owner, staging or private folder left beside the output folder."""
    leftovers = [p.name for p in parent.iterdir() if p.name.startswith(f".{out_name}.")]
    assert leftovers == [], leftovers


def _kill_all(victim: subprocess.Popen, family: list[psutil.Process]) -> None:
    """End a run a test started and every process it had, whatever the test saw."""
    if victim.poll() is None:
        victim.kill()
    for process in family:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass


def _user_folder(folder: Path) -> Path:
    """A folder of a user's own things: files, a sub-folder, an empty folder, a symlink, a FIFO; mode 700."""
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    (folder / "index.html").write_text("<p>my own index</p>", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "empty").mkdir()
    (folder / "link").symlink_to(folder / "sub")
    os.mkfifo(folder / "pipe")
    os.chmod(folder, 0o700)
    return folder


# --- --out: only absent, empty, or a folder this tool published -------------------------------------


def test_out_at_a_regular_file_is_refused_and_left_as_it_is(tmp_path, no_kernel):
    config = write_config(tmp_path, TWO_REPORTS)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.4 a user's file\n")
    os.chmod(target, 0o600)
    before = tree_state(target)
    code, log = run_quietly(config, target)
    assert code == EXIT_BAD_INPUT
    assert f"--out {target}: is a regular file, not a folder" in log and "nothing was changed" in log
    assert tree_state(target) == before
    assert_no_run_files(tmp_path, "report.pdf")


def test_out_at_a_folder_it_did_not_publish_is_refused_and_left_as_it_is(tmp_path, no_kernel):
    config = write_config(tmp_path, TWO_REPORTS)
    folder = _user_folder(tmp_path / "mine")
    before = tree_state(folder)
    code, log = run_quietly(config, folder)
    assert code == EXIT_BAD_INPUT
    assert f"--out {folder}: is a folder that is not empty and holds no manifest.json" in log
    assert "nothing was changed" in log and "mv " in log  # the way out
    assert tree_state(folder) == before
    assert_no_run_files(tmp_path, "mine")


@pytest.mark.parametrize("kind", ["fifo", "symlink to a file", "dangling symlink", "symlink to a foreign folder"])
def test_out_at_other_kinds_of_entry_is_refused(tmp_path, no_kernel, kind):
    config = write_config(tmp_path, TWO_REPORTS)
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink to a file":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        target.symlink_to(tmp_path / "file")
    elif kind == "dangling symlink":
        target.symlink_to(tmp_path / "nowhere")
    else:
        _user_folder(tmp_path / "mine")
        target.symlink_to(tmp_path / "mine")
    before = tree_state(tmp_path)
    code, log = run_quietly(config, target)
    assert code == EXIT_BAD_INPUT, log
    assert "refusing" in log or "not a folder" in log
    assert tree_state(tmp_path) == before


def test_out_dot_in_a_checkout_and_out_root_are_refused_by_the_command(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "notebooks", checkout / "notebooks")
    (checkout / ".venv").mkdir()
    (checkout / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    before = tree_state(checkout)
    for out in (".", "/"):
        result = subprocess.run(
            [sys.executable, "-m", "zhili_data.cli", "run", "--config", "notebooks/reports.toml", "--out", out],
            capture_output=True,
            text=True,
            cwd=checkout,
            timeout=120,
        )
        assert result.returncode == EXIT_BAD_INPUT, result.stderr
        assert "Traceback" not in result.stderr
        assert f"--out {out}:" in result.stderr
        assert ("root of the file system" if out == "/" else "holds no manifest.json") in result.stderr
    assert tree_state(checkout) == before
    assert [p.name for p in tmp_path.iterdir()] == ["checkout"]


@pytest.mark.slow
def test_a_folder_holding_only_a_gitkeep_counts_as_empty_and_keeps_it(tmp_path):
    config = write_config(tmp_path, [{"name": "toy"}])
    out = tmp_path / "outputs"
    out.mkdir()
    (out / ".gitkeep").write_text("", encoding="utf-8")
    inode = (out / ".gitkeep").stat().st_ino
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    assert (out / ".gitkeep").stat().st_ino == inode and (out / "toy.html").is_file()


def _published(tmp_path: Path, reports=TWO_REPORTS) -> tuple[Path, Path]:
    config = write_config(tmp_path, reports)
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    return config, out


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["missing", "not JSON", "points outside"])
def test_a_published_folder_with_a_lost_or_damaged_manifest_is_refused_with_the_way_out(tmp_path, damage, monkeypatch):
    config, out = _published(tmp_path)
    manifest = out / "manifest.json"
    if damage == "missing":
        manifest.unlink()
    elif damage == "not JSON":
        manifest.write_text("{ half a manifest", encoding="utf-8")
    else:  # a forged manifest must not make the run read or write outside the folder
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["reports"][0]["html"] = "../../outside.html"
        manifest.write_text(json.dumps(data), encoding="utf-8")
    before = tree_state(out)
    import jupyter_client

    monkeypatch.setattr(jupyter_client.KernelManager, "start_kernel", lambda *a, **k: pytest.fail("kernel started"))
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_BAD_INPUT, log
    assert f"mv {out} {out}.old" in log and "nothing was changed" in log
    assert tree_state(out) == before


@pytest.mark.slow
def test_entries_a_user_added_to_a_published_folder_survive_publishing_unchanged(tmp_path):
    config, out = _published(tmp_path)
    os.chmod(out, 0o700)
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "empty").mkdir(mode=0o750)
    (out / "linked").symlink_to(tmp_path)
    os.mkfifo(out / "pipe", 0o640)
    (out / "tables" / "README.txt").write_text("about the tables\n", encoding="utf-8")
    mine = ["notes.txt", "empty", "linked", "pipe", "tables/README.txt"]
    before = tree_state(out)
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK, log
    after = tree_state(out)
    for name in mine:
        assert after[name] == before[name] or (name == "empty" and after[name][:2] == before[name][:2]), name
    assert stat.S_IMODE(os.lstat(out).st_mode) == 0o700  # a private folder stays private
    assert after["toy.html"] != before["toy.html"]  # the reports were published anew


@pytest.mark.slow
def test_a_user_file_where_a_new_report_would_write_is_refused(tmp_path, monkeypatch):
    config, out = _published(tmp_path)
    (out / "toy2.html").write_text("<p>my own page</p>", encoding="utf-8")
    before = tree_state(out)
    write_config(tmp_path, [*TWO_REPORTS, {"name": "toy2"}])
    monkeypatch.setattr("zhili_data.publish.run.execute_reports", lambda *a, **k: pytest.fail("workers started"))
    code, log = run_quietly(config, out)
    assert code == EXIT_BAD_INPUT
    assert f"{out / 'toy2.html'}: report 'toy2' would write there" in log
    assert tree_state(out) == before


@pytest.mark.slow
def test_workers_write_only_into_a_fresh_folder_never_through_links_to_live_files(tmp_path):
    config, out = _published(tmp_path)
    live_inodes = {p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    marker = tmp_path / "executing"
    # toy-en changes and runs; toy is reused and must be linked in only after the workers are done
    write_config(
        tmp_path, [TWO_REPORTS[0], {"name": "toy-en", "parameters": {"lang": "en", "sleep": 3.0, "touch": str(marker)}}]
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    staging = tmp_path / f".outputs.staging-{process.pid}"
    staged = {p.stat().st_ino for p in staging.rglob("*") if p.is_file()}
    assert process.wait(timeout=120) == EXIT_OK, process.stdout.read()
    assert staged.isdisjoint(live_inodes)


# --- the data gate ------------------------------------------------------------------------------------


@pytest.fixture
def catalogue_copy(tmp_path, monkeypatch):
    """A copy of the report catalogue, which runs (in this process and in commands it starts) read
    instead of the package's, through ZHILI_REPORTS_DIR."""
    from zhili_data.core.catalog import get_report

    copy = tmp_path / "catalogue"
    shutil.copytree(get_report("zhili-2021-midyear").folder, copy / "zhili-2021-midyear")
    monkeypatch.setenv("ZHILI_REPORTS_DIR", str(copy))
    return copy / "zhili-2021-midyear"


def _edit_gdp(figures: Path, value: str) -> int:
    lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if ",gdp_2021h1_actual," in line)
    assert ",level,181,亿元," in lines[number]
    lines[number] = lines[number].replace(",level,181,亿元,", f",level,{value},亿元,")
    figures.write_text("".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.slow
def test_data_that_zhili_validate_rejects_is_never_run_or_published(tmp_path, catalogue_copy, no_kernel, monkeypatch):
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "published"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"format": 1, "generated": "x", "reports": []}), encoding="utf-8")
    before = tree_state(out)
    line = _edit_gdp(catalogue_copy / "figures.csv", "182")
    config = write_config(tmp_path, TWO_REPORTS)
    code, log = run_quietly(config, out)
    assert code == EXIT_BAD_INPUT
    assert "does not pass `zhili validate`" in log and "no report was run" in log
    assert f"figures.csv:{line} [gdp_2021h1_actual]" in log and "'182'" in log  # the row, as the validator names it
    assert "--no-validate" in log
    assert tree_state(out) == before
    assert_no_run_files(tmp_path, "published")


@pytest.mark.slow
def test_the_command_refuses_invalid_data_before_any_kernel(tmp_path, catalogue_copy):
    line = _edit_gdp(catalogue_copy / "figures.csv", "182")
    config = write_config(tmp_path, TWO_REPORTS)
    result = subprocess.run(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert f"figures.csv:{line} [gdp_2021h1_actual] value='182'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "outputs").exists()
    assert_no_run_files(tmp_path)


@pytest.mark.slow
def test_no_validate_lets_an_expert_publish_anyway(tmp_path, catalogue_copy, monkeypatch):
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(tmp_path / "cache"))
    _edit_gdp(catalogue_copy / "figures.csv", "182")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "overview.ipynb", notebooks)
    config = notebooks / "reports.toml"
    config.write_text('[[report]]\nname = "overview"\nnotebook = "overview.ipynb"\ntitle = "t"\n', encoding="utf-8")
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, validate=False)  # the kernel's load_figures() skips its gate too
    assert code == EXIT_OK, log
    assert "182" in (out / "overview.html").read_text(encoding="utf-8")


# --- reports.toml, parameters, kernel: refused up front, no lock file ------------------------------------


def _config_text(tmp_path: Path, text: str) -> Path:
    config = write_config(tmp_path, [{"name": "x"}])
    config.write_text(text, encoding="utf-8")
    return config


REPORT = '[[report]]\nname = "toy"\nnotebook = "toy.ipynb"\ntitle = "t"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (REPORT + "titel_en = 'x'\n", ":5: report #1 ('toy'): unknown key 'titel_en' (did you mean 'title_en'?)"),
        (
            '[[report]]\nname = 3\nnotebook = "toy.ipynb"\ntitle = "t"\n',
            ":2: report #1: 'name' must be a non-empty string, got 3",
        ),
        ("report = [1, 2]\n", "no [[report]] tables"),
        (REPORT + "[run]\ncell_timeout = 0\n", ":6: [run]: cell_timeout must be more than 0 seconds"),
        (REPORT + "[run]\ncell_timout = 10\n", ":6: [run]: unknown key 'cell_timout' (did you mean 'cell_timeout'?)"),
        (REPORT + "[run]\nreport_timeout = 'long'\n", "report_timeout must be a number of seconds, got 'long'"),
        (REPORT.replace('"toy"', '"' + "a" * 300 + '"', 1), ":2: report #1"),
        (
            REPORT + "parameters = { rows = 2021-09-30 }\n",
            "parameter 'rows' must be a number like its default 3, got '2021-09-30'",
        ),
    ],
)
def test_a_malformed_config_is_refused_naming_file_and_line_before_any_kernel(tmp_path, no_kernel, text, message):
    config = _config_text(tmp_path, text)
    code, log = run_quietly(config, tmp_path / "outputs")
    assert code == EXIT_BAD_INPUT, log
    assert message in log
    assert str(config) in log
    assert_no_run_files(tmp_path)
    assert not (tmp_path / "outputs").exists()


def test_a_long_report_name_is_refused_up_front(tmp_path, no_kernel):
    config = write_config(tmp_path, [{"name": "r" * 300}])
    code, log = run_quietly(config, tmp_path / "outputs")
    assert code == EXIT_BAD_INPUT and "name is 300 characters long; at most 64" in log


def test_a_config_that_is_not_text_or_not_a_file_is_refused_with_exit_2(tmp_path, no_kernel):
    config = write_config(tmp_path, TWO_REPORTS)
    config.write_bytes(b"\xff\xfe[[report]]")
    code, log = run_quietly(config, tmp_path / "outputs")
    assert code == EXIT_BAD_INPUT and "not UTF-8" in log
    code, log = run_quietly(config.parent, tmp_path / "outputs")  # a folder, not a file
    assert code == EXIT_BAD_INPUT and "cannot read the reports config" in log
    assert_no_run_files(tmp_path)


def test_a_toml_date_parameter_becomes_iso_text():
    from zhili_data.publish.config import read_config

    project = Path(__import__("tempfile").mkdtemp())
    config = write_config(project, [{"name": "toy"}])
    config.write_text(REPORT + 'parameters = { touch = 2021-09-30, lang = "zh" }\n', encoding="utf-8")
    assert read_config(config).reports[0].parameters == {"touch": "2021-09-30", "lang": "zh"}
    shutil.rmtree(project)


@pytest.mark.slow
def test_a_toml_date_reaches_the_project_notebook(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "target_gap.ipynb", notebooks)
    config = notebooks / "reports.toml"
    config.write_text(
        '[[report]]\nname = "target_gap"\nnotebook = "target_gap.ipynb"\ntitle = "t"\n'
        "parameters = { as_of = 2021-09-30 }\n",
        encoding="utf-8",
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"][0]["parameters"]["as_of"] == "2021-09-30"


def test_an_unknown_kernel_is_refused_up_front(tmp_path, no_kernel):
    config = write_config(tmp_path, TWO_REPORTS)
    code, log = run_quietly(config, tmp_path / "outputs", kernel_name="nosuch")
    assert code == EXIT_BAD_INPUT
    assert "--kernel 'nosuch': no such Jupyter kernel" in log and "python3" in log
    assert_no_run_files(tmp_path)


def test_a_notebook_that_is_not_json_is_named(tmp_path, no_kernel):
    config = write_config(tmp_path, TWO_REPORTS)
    broken = config.parent / "broken.ipynb"
    broken.write_text("this is not a notebook", encoding="utf-8")
    config.write_text(REPORT.replace("toy.ipynb", "broken.ipynb"), encoding="utf-8")
    code, log = run_quietly(config, tmp_path / "outputs")
    assert code == EXIT_BAD_INPUT
    assert f"{broken} is not a readable notebook" in log
    assert_no_run_files(tmp_path)


@pytest.mark.parametrize("value", ["0", "nan", "inf"])
def test_a_cell_timeout_of_zero_or_nonsense_is_refused_by_the_command(tmp_path, value):
    config = write_config(tmp_path, TWO_REPORTS)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhili_data.cli",
            "run",
            "--config",
            str(config),
            "--out",
            str(tmp_path / "o"),
            f"--cell-timeout={value}",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert "--cell-timeout" in result.stderr and "Traceback" not in result.stderr
    assert_no_run_files(tmp_path, "o")


def test_the_default_time_limits_are_set(tmp_path):
    from zhili_data.publish.config import DEFAULT_CELL_TIMEOUT, DEFAULT_REPORT_TIMEOUT, read_config
    from zhili_data.publish.run import RunOptions, _limits

    config = read_config(write_config(tmp_path, TWO_REPORTS))
    assert _limits(RunOptions(config=config.path, out=tmp_path, hooks=publishing_hooks()), config) == (
        DEFAULT_CELL_TIMEOUT,
        DEFAULT_REPORT_TIMEOUT,
    )
    assert 0 < DEFAULT_CELL_TIMEOUT <= DEFAULT_REPORT_TIMEOUT < 3600


# --- hung reports --------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("limit", ["cell", "report"])
def test_a_hung_report_fails_the_others_publish_and_the_lock_is_released(tmp_path, limit):
    from zhili_data.publish.lock import run_lock

    # limits with room for the fine report on a busy machine; the hung one sleeps far beyond them
    config = write_config(tmp_path, [{"name": "hung", "parameters": {"sleep": 300.0}}, {"name": "fine"}])
    if limit == "report":
        config.write_text(
            config.read_text(encoding="utf-8") + "[run]\nreport_timeout = 15\ncell_timeout = 100\n", encoding="utf-8"
        )
        options = {}
    else:
        options = {"timeout": 10}
    out = tmp_path / "outputs"
    started = time.monotonic()
    code, log = run_quietly(config, out, **options)
    assert code == EXIT_FAILED, log
    assert time.monotonic() - started < 120
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    hung, fine = manifest["reports"]
    assert fine["status"] == "ok" and (out / "fine.html").is_file()
    assert hung["status"] == "failed"
    if limit == "cell":
        assert hung["error"]["ename"] == "CellTimeout" and "longer than 10 s" in hung["error"]["evalue"]
    else:
        assert hung["error"]["ename"] == "ReportTimeout" and "limit of 15 s" in hung["error"]["evalue"]
    assert "time.sleep(sleep)" in hung["error"]["cell_source"]
    assert "hung FAILED: " in log and "in cell " in log
    with run_lock(out, wait=0):  # free at once
        pass


# --- full disk, failures after execution, killed runs -------------------------------------------------------


@pytest.mark.slow
def test_a_full_disk_publishes_no_empty_failed_notebook(tmp_path, monkeypatch):
    from papermill.iorw import LocalHandler

    def full_disk(self, buf, path):
        Path(path).write_bytes(b"")  # the file is created, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(LocalHandler, "write", full_disk)  # the workers are forked from this process
    config = write_config(tmp_path, [{"name": "toy"}])
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out)
    assert code == EXIT_FAILED
    assert not list(out.glob("*.ipynb"))
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][0]
    assert entry["executed_notebook"] is None and "No space left" in entry["error"]["evalue"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="toy.failed.ipynb"' not in index and 'href="toy.ipynb"' not in index
    assert "no notebook was saved" in log


@pytest.mark.slow
def test_a_failure_after_execution_never_points_at_the_last_good_notebook(tmp_path, monkeypatch):
    config, out = _published(tmp_path, [{"name": "toy"}])
    good = (out / "toy.ipynb").read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("the page could not be made")

    monkeypatch.setattr("zhili_data.publish.convert.notebook_to_html", broken)
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_FAILED
    entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"][0]
    assert entry["executed_notebook"] == "toy.failed.ipynb"  # this attempt's notebook
    assert entry["good_notebook"] == "toy.ipynb" and (out / "toy.ipynb").read_bytes() == good
    assert json.loads((out / "toy.failed.ipynb").read_text(encoding="utf-8"))["cells"]


@pytest.mark.slow
def test_a_killed_run_leaves_no_kernel_connection_file_in_the_temporary_folder(tmp_path):
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    marker = tmp_path / "executing"
    config = write_config(tmp_path, [{"name": "toy", "parameters": {"sleep": 60.0, "touch": str(marker)}}])
    out = tmp_path / "outputs"
    env = {**os.environ, "TMPDIR": str(shared_tmp), "JUPYTER_RUNTIME_DIR": str(shared_tmp)}
    victim = subprocess.Popen(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env=env,
    )
    family = []
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        family = psutil.Process(victim.pid).children(recursive=True)
        private = tmp_path / f".outputs.private-{victim.pid}"
        assert private.stat().st_mode & 0o777 == 0o700  # (jupyter_client adds the sticky bit)
        assert list(private.glob("*.json")), "the kernel's connection file is in the run's private folder"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        psutil.wait_procs(family, timeout=30)
    finally:
        _kill_all(victim, family)
    assert list(shared_tmp.rglob("*.json")) == []
    write_config(tmp_path, [{"name": "toy"}])
    code, log = run_quietly(config, out)
    assert code == EXIT_OK, log
    assert not private.exists()


# --- what the operator reads ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_summary_counts_what_ran_what_was_reused_and_what_was_kept(tmp_path):
    config, out = _published(tmp_path)
    code, log = run_quietly(config, out, reports=["toy"], force=True)
    assert code == EXIT_OK
    summary = log.strip().splitlines()[-1]
    assert summary.endswith("ran 1 (1 ok, 0 failed), kept 1 not selected as published"), summary
    assert "2 ok" not in summary
    write_config(tmp_path, [TWO_REPORTS[0], {"name": "toy-en", "parameters": {"lang": "en", "rows": 6}}])
    code, log = run_quietly(config, out)
    assert log.strip().splitlines()[-1].endswith("ran 1 (1 ok, 0 failed), reused 1 unchanged")
    assert all(line[:25].endswith(("+0000", "-0000")) or line[20] in "+-" for line in log.strip().splitlines())


@pytest.mark.slow
def test_the_folder_keeps_a_short_run_history_shown_on_the_ops_page(tmp_path):
    config, out = _published(tmp_path)
    run_quietly(config, out, reports=["toy"], force=True)
    write_config(tmp_path, [{"name": "toy", "parameters": {"fail": True}}, TWO_REPORTS[1]])
    run_quietly(config, out)
    runs = json.loads((out / "history.json").read_text(encoding="utf-8"))
    assert len(runs) == 3
    assert [r["name"] + ":" + r["status"] for r in runs[0]["reports"]] == ["toy:failed", "toy-en:reused"]
    assert [r["name"] + ":" + r["status"] for r in runs[1]["reports"]] == ["toy:ok", "toy-en:kept"]
    assert runs[2]["counts"] == {"ok": 2, "failed": 0, "reused": 0, "kept": 0}
    for record in runs:
        assert record["started"][-6] in "+-" and record["seconds"] > 0  # the zone is part of the time
    ops = (out / "ops.html").read_text(encoding="utf-8")
    assert "Recent runs" in ops and ops.count("<code>toy</code> failed") == 1
    assert "Recent runs" not in (out / "index.html").read_text(encoding="utf-8")


def test_the_run_history_is_bounded():
    from zhili_data.publish.history import MAX_RUNS, add_run

    runs: list[dict] = []
    for number in range(MAX_RUNS + 10):
        runs = add_run(runs, {"started": str(number), "reports": []})
    assert len(runs) == MAX_RUNS and runs[0]["started"] == str(MAX_RUNS + 9)


# --- no traceback for malformed input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--kernel", "nosuch"],
        ["--param", "rows=2021-09-30"],
        ["--out", "/"],
        ["--cell-timeout", "0"],
    ],
)
def test_malformed_command_lines_exit_2_without_a_traceback(tmp_path, args):
    config = write_config(tmp_path, TWO_REPORTS)
    command = [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config)]
    if "--out" not in args:
        command += ["--out", str(tmp_path / "outputs")]
    result = subprocess.run(command + args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert "Traceback" not in result.stderr
    assert_no_run_files(tmp_path)


@pytest.mark.slow
def test_config_without_out_publishes_into_the_configs_project_not_the_current_folder(tmp_path):
    project = tmp_path / "project"
    config = write_config(project, [{"name": "toy"}])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=300,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert (project / "outputs" / "toy.html").is_file()
    assert list(elsewhere.iterdir()) == []
    assert publish.staging_path(project / "outputs").exists() is False


def test_the_data_checks_of_a_run_load_the_validator_only_when_the_data_has_not_passed_before(tmp_path):
    # The gate's remembered pass makes the checks cheap: the run's process (whose workers are
    # forked from it) does not import the validator, and with it pandas and pandera, for nothing.
    script = (
        "import sys\n"
        "from zhili_data.app import publishing_hooks\n"
        "from zhili_data.core.catalog import DEFAULT_REPORT\n"
        "from zhili_data.publish.run import _check_data, _Checked\n"
        "_check_data({DEFAULT_REPORT}, _Checked(), publishing_hooks())\n"
        "print(sorted(m for m in ('zhili_data.core.validate', 'pandera') if m in sys.modules))\n"
    )
    env = {**os.environ, "ZHILI_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.strip() == "['pandera', 'zhili_data.core.validate']"  # nothing remembered yet: it validated
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert second.stdout.strip() == "[]"


# --- no process outlives the run ------------------------------------------------------------------------------


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _escaping_notebook(folder: Path) -> Path:
    """A notebook whose cell starts a process in a session of its own and writes its pid down."""
    import nbformat

    notebook = nbformat.read(TOY, as_version=4)  # its kernel and language
    notebook.cells = [
        nbformat.v4.new_code_cell(
            'pidfile = ""  # where to write the escaped process\'s pid', metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(
            "import pathlib, subprocess\n"
            'child = subprocess.Popen(["sleep", "300"], start_new_session=True)\n'
            "pathlib.Path(pidfile).write_text(str(child.pid))"
        ),
    ]
    path = folder / "notebooks" / "escape.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@pytest.mark.slow
def test_a_process_a_cell_starts_in_a_new_session_does_not_outlive_the_run(tmp_path):
    _escaping_notebook(tmp_path)
    pidfile = tmp_path / "escaped.pid"
    config = write_config(
        tmp_path, [{"name": "escape", "notebook": "escape.ipynb", "parameters": {"pidfile": str(pidfile)}}]
    )
    code, log = run_quietly(config, tmp_path / "outputs")
    assert code == EXIT_OK, log
    escaped = int(pidfile.read_text())
    assert _gone(escaped), "the process the notebook started outlived the run"


@pytest.mark.slow
def test_kill_9_during_printing_leaves_no_driver_or_chromium(tmp_path):
    config = write_config(tmp_path, [{"name": "toy", "formats": ["html", "pdf"]}])
    victim = subprocess.Popen(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(config), "--out", str(tmp_path / "outputs")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and victim.poll() is None:
            family = psutil.Process(victim.pid).children(recursive=True)
            if any("chrom" in p.name().lower() for p in family if p.is_running()):
                break
            time.sleep(0.02)
        printing = [p for p in family if p.is_running()]
        assert any("chrom" in p.name().lower() for p in printing), "the run never started printing"
        time.sleep(0.3)  # the printer is under way
        printing = [p for p in psutil.Process(victim.pid).children(recursive=True) if p.is_running()]
        victim.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        victim.wait()
        deadline = killed + 10
        while time.monotonic() < deadline and not all(_gone(p.pid) for p in printing):
            time.sleep(0.02)
        lasted = time.monotonic() - killed
        assert [p.name() for p in printing if not _gone(p.pid)] == [] and lasted < 1.5, lasted
    finally:
        _kill_all(victim, family)


@pytest.mark.slow
def test_out_names_with_pattern_characters_touch_no_other_runs_folders(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    marker = tmp_path / "executing"
    other = tmp_path / "other"
    other_config = write_config(other, [{"name": "toy", "parameters": {"sleep": 25.0, "touch": str(marker)}}])
    concurrent = subprocess.Popen(
        [sys.executable, "-m", "zhili_data.cli", "run", "--config", str(other_config), "--out", str(site / "outputs")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        staging = site / f".outputs.staging-{concurrent.pid}"
        assert staging.is_dir()
        config = write_config(tmp_path, [{"name": "toy"}])
        for name in ["*", "reports[2021]", "output?", "[!x]*"]:
            leftover = site / f".{name}.staging-99999"  # this folder's own, left by a killed run
            leftover.mkdir()
            code, log = run_quietly(config, site / name)
            assert code == EXIT_OK, log
            assert "outputs" not in log.replace(str(site / name), ""), log  # nothing of the other run named
            assert staging.is_dir() and not leftover.exists(), (name, log)
        assert concurrent.wait(timeout=120) == EXIT_OK, concurrent.stdout.read()
    finally:
        if concurrent.poll() is None:
            concurrent.kill()
            concurrent.wait()


# --- state files read by schema -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_damaged_history_is_set_aside_and_a_new_one_started(tmp_path):
    config, out = _published(tmp_path, [{"name": "toy"}])
    damages = {
        "seconds as text": lambda runs: runs[0].update(seconds="5"),
        "counts as text": lambda runs: runs[0].update(counts="x"),
        "reports of numbers": lambda runs: runs[0].update(reports=[5]),
        "deep nesting": None,
    }
    for case, damage in damages.items():
        runs = json.loads((out / "history.json").read_text(encoding="utf-8"))
        if damage is None:
            text = "[" * 100_000 + "]" * 100_000
        else:
            damage(runs)
            text = json.dumps(runs)
        (out / "history.json").write_text(text, encoding="utf-8")
        code, log = run_quietly(config, out, force=True)  # once a TypeError or UndefinedError after the kernels ran
        assert code == EXIT_OK, (case, log)
        kept = sorted(out.glob("history.json.bad-*"))
        assert kept and kept[-1].read_text(encoding="utf-8") == text, case
        assert "history.json is damaged" in log and f"kept as {kept[-1].name} and a new history started" in log
        runs = json.loads((out / "history.json").read_text(encoding="utf-8"))
        assert len(runs) == 1 and runs[0]["reports"] == [{"name": "toy", "status": "ok"}], case
        assert "Recent runs" in (out / "ops.html").read_text(encoding="utf-8")
        for old in kept:
            old.unlink()


@pytest.mark.slow
def test_a_forged_manifest_is_refused_before_any_kernel_and_nothing_is_written(tmp_path, monkeypatch):
    config, out = _published(tmp_path, [{"name": "toy"}])
    good = (out / "manifest.json").read_text(encoding="utf-8")
    index_before = (out / "index.html").read_bytes()
    forgeries = {
        "pdf": "/etc/hostname",
        "xlsx": "../t/file.txt",
        "html": "index.html",  # once hard-linked into the new folder and written through
        "seconds": "slow",
        "error": "boom",
    }
    import jupyter_client

    monkeypatch.setattr(jupyter_client.KernelManager, "start_kernel", lambda *a, **k: pytest.fail("kernel started"))
    monkeypatch.setattr("zhili_data.publish.run.execute_reports", lambda *a, **k: pytest.fail("workers started"))
    for field, value in [*forgeries.items(), ("parameters", "deep")]:
        data = json.loads(good)
        data["reports"][0][field] = value
        text = json.dumps(data)
        if value == "deep":
            text = text.replace('"deep"', "[" * 100_000 + "]" * 100_000)
        (out / "manifest.json").write_text(text, encoding="utf-8")
        before = tree_state(out)
        code, log = run_quietly(config, out)
        assert code == EXIT_BAD_INPUT, (field, log)
        assert "its manifest.json is unusable" in log and "nothing was changed" in log, (field, log)
        assert tree_state(out) == before, field
        assert (out / "index.html").read_bytes() == index_before
        assert [p.name for p in tmp_path.iterdir() if ".staging-" in p.name or ".private-" in p.name] == []
