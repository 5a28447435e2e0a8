"""Warm kernels (zhili_data.publish.warm): forked per report from a server that imported the heavy
modules once, isolated from each other, failing alone, never outliving the run, and leaving the
kernels JupyterLab starts alone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest
from runner_support import run_quietly

from zhili_data.publish import forked_kernel, warm
from zhili_data.publish.config import ConfigError, KernelSettings, load_config, load_kernel_settings
from zhili_data.publish.run import EXIT_FAILED, EXIT_OK

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked on Linux only")

# The first cell of every test notebook says how its kernel started: a forked kernel has the
# server's preloaded modules before it imports anything itself.
HOW_STARTED = """\
import json, os, sys
started = {"forked": "matplotlib.figure" in sys.modules, "pid": os.getpid(), "ppid": os.getppid()}
print("STARTED " + json.dumps(started))
"""

# Changes every kind of process-global state a report could leave behind.
POLLUTE = """\
import builtins, os, sys, types
import matplotlib
import pandas as pd
from zhili_data.report import style
matplotlib.rcParams["lines.linewidth"] = 9.5
pd.set_option("display.max_rows", 3)
style.BASE_SIZE = 99
builtins.zhili_leaked = True
sys.modules["zhili_leaked_module"] = types.ModuleType("zhili_leaked_module")
sys.path.insert(0, "/zhili-leaked-path")
os.environ["ZHILI_LEAKED"] = "1"
os.chdir("/")
"""

CHECK_CLEAN = """\
import builtins, os, sys
import matplotlib
import pandas as pd
from zhili_data.report import style
leaks = {
    "rcParams": matplotlib.rcParams["lines.linewidth"] != matplotlib.rcParamsDefault["lines.linewidth"],
    "pandas option": pd.get_option("display.max_rows") == 3,
    "module attribute": style.BASE_SIZE == 99,
    "builtins": hasattr(builtins, "zhili_leaked"),
    "sys.modules": "zhili_leaked_module" in sys.modules,
    "sys.path": "/zhili-leaked-path" in sys.path,
    "environment": "ZHILI_LEAKED" in os.environ,
    "working directory": os.getcwd() != NOTEBOOK_DIR,
    "a module the run keeps from loading": "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None,
}
assert not any(leaks.values()), [what for what, leaked in leaks.items() if leaked]
"""


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)
    return path


def _project(tmp_path: Path, notebooks: dict[str, list[str]], kernels: str = "") -> Path:
    """notebooks/reports.toml running each notebook (name → cells) once, in order."""
    folder = tmp_path / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, cells in notebooks.items():
        _notebook(folder / f"{name}.ipynb", HOW_STARTED, *cells)
        lines += ["[[report]]", f'name = "{name}"', f'notebook = "{name}.ipynb"', f'title = "测试 {name}"', ""]
    config = folder / "reports.toml"
    config.write_text("\n".join(lines) + "\n" + kernels, encoding="utf-8")
    return config


def _started(out: Path, name: str) -> dict:
    """The HOW_STARTED record of a published (or failed) executed notebook."""
    for candidate in (out / f"{name}.ipynb", out / f"{name}.failed.ipynb"):
        if candidate.exists():
            nb = nbformat.read(candidate, as_version=4)
            for output in nb.cells[0].outputs:
                if output.get("name") == "stdout" and "STARTED " in output["text"]:
                    return json.loads(output["text"].split("STARTED ", 1)[1])
    raise AssertionError(f"no record of how {name}'s kernel started")


def _manifest(out: Path) -> dict:
    return {
        entry["name"]: entry for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    }


# --------------------------------------------------------------------------- isolation


@pytest.mark.slow
def test_a_report_that_changes_global_state_leaves_the_next_report_of_the_worker_untouched(tmp_path):
    notebook_dir = str((tmp_path / "notebooks").resolve())
    config = _project(
        tmp_path,
        {
            "polluter": [POLLUTE],
            "checker": [f"NOTEBOOK_DIR = {notebook_dir!r}\n" + CHECK_CLEAN],
            "checker-again": [f"NOTEBOOK_DIR = {notebook_dir!r}\n" + CHECK_CLEAN],
        },
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)  # one worker: the reports run one after the other in it
    assert code == EXIT_OK, log
    assert "warm kernels:" in log and "plain kernel" not in log, log
    records = [_started(out, name) for name in ("polluter", "checker", "checker-again")]
    assert all(r["forked"] for r in records), records
    # each report had a process of its own, all forked by the same server
    assert len({r["pid"] for r in records}) == 3
    assert len({r["ppid"] for r in records}) == 1


@pytest.mark.slow
def test_forked_kernels_reseed_numpy_like_fresh_processes(tmp_path):
    draw = "import numpy as np\nprint('DRAW', np.random.random())"
    config = _project(tmp_path, {"one": [draw], "two": [draw]})
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_OK, log

    def drawn(name):
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        return nb.cells[1].outputs[0]["text"]

    assert drawn("one") != drawn("two")


# --------------------------------------------------------------------------- failure and clean-up


@pytest.mark.slow
@pytest.mark.parametrize("crash", ["os._exit(3)", "os.kill(os.getpid(), signal.SIGKILL)"])
def test_a_crashed_forked_kernel_fails_its_report_only(tmp_path, crash):
    config = _project(
        tmp_path,
        {
            "before": ["print('fine')"],
            "crasher": [f"import os, signal\n{crash}"],
            "after": ["print('fine')"],
        },
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_FAILED, log
    entries = _manifest(out)
    assert entries["before"]["status"] == "ok" and entries["after"]["status"] == "ok"
    assert entries["crasher"]["status"] == "failed"
    assert "DeadKernel" in entries["crasher"]["error"]["ename"] or "died" in entries["crasher"]["error"]["evalue"]
    # the report after the crash still ran in a forked kernel of the same server
    assert _started(out, "after")["forked"] and _started(out, "after")["ppid"] == _started(out, "before")["ppid"]


@pytest.mark.slow
def test_a_forked_kernel_that_never_answers_gets_its_report_run_again_in_a_plain_kernel(tmp_path, monkeypatch):
    """A forked kernel can die before it answers (seen under heavy load): no cell has run, so the
    report runs again, once, in a plain kernel, and the run's log says why; the next report forks."""
    client = forked_kernel.WarmKernelClient
    ready = client.wait_for_ready
    flag = tmp_path / "first-kernel-failed"

    async def dies_once(self, timeout=None):
        if not flag.exists():  # the workers are forked: a file, not a variable, is seen by all
            flag.write_text("x")
            raise warm.WarmUnavailable("Kernel died before replying to kernel_info")
        return await ready(self, timeout=timeout)

    monkeypatch.setattr(client, "wait_for_ready", dies_once)
    config = _project(tmp_path, {"unlucky": ["print('fine')"], "next": ["print('fine')"]})
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_OK, log
    entries = _manifest(out)
    assert entries["unlucky"]["status"] == "ok" and entries["next"]["status"] == "ok"
    assert not _started(out, "unlucky")["forked"]
    assert _started(out, "next")["forked"]
    assert "a forked kernel did not start (Kernel died before replying to kernel_info)" in log, log


@pytest.mark.slow
def test_a_cell_timeout_stops_a_forked_kernel_and_the_next_report_runs(tmp_path):
    config = _project(tmp_path, {"sleeper": ["import time\ntime.sleep(120)"], "after": ["print('fine')"]})
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True, timeout=3)
    assert code == EXIT_FAILED, log
    entries = _manifest(out)
    assert entries["sleeper"]["status"] == "failed" and "Timeout" in entries["sleeper"]["error"]["ename"]
    assert entries["after"]["status"] == "ok" and _started(out, "after")["forked"]


@pytest.mark.slow
def test_a_refused_forced_run_stops_the_server_it_started_early(tmp_path):
    config = _project(tmp_path, {"one": ["print(1)"]})
    started = []
    real = warm.ForkServer.__init__

    def remember(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self.process.pid)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(warm.ForkServer, "__init__", remember)
        code, log = run_quietly(config, tmp_path / "outputs", force=True, params=["no_such_parameter=1"])
    assert code == 2, log
    assert started, "a forced run starts its kernel server while it checks its inputs"
    assert not psutil.pid_exists(started[0]) or psutil.Process(started[0]).status() == psutil.STATUS_ZOMBIE
    assert "plain kernels" not in log and "warm kernels" not in log


@pytest.mark.slow
def test_a_run_starts_its_kernel_server_before_its_checks_once_it_knows_a_report_will_run(tmp_path):
    from zhili_data.publish import run as run_module

    config = _project(tmp_path, {"one": ["print(1)"]})
    out = tmp_path / "outputs"
    started, servers_at_checks = [], []
    real_init, real_check = warm.ForkServer.__init__, run_module._check_kernel

    def remember(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        started.append(self.process.pid)

    def check_kernel(*args, **kwargs):
        servers_at_checks.append(len(started))
        return real_check(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(warm.ForkServer, "__init__", remember)
        patch.setattr(run_module, "_check_kernel", check_kernel)
        code, log = run_quietly(config, out)  # not forced: nothing published yet, so the report runs
        assert code == EXIT_OK, log
        assert servers_at_checks[0] == 1 and len(started) == 1  # already importing while the inputs are checked
        code, log = run_quietly(config, out)  # nothing changed: no report runs, no server starts
        assert code == EXIT_OK, log
    assert len(started) == 1
    assert not psutil.pid_exists(started[0]) or psutil.Process(started[0]).status() == psutil.STATUS_ZOMBIE


@pytest.mark.slow
def test_a_kernel_that_kills_the_fork_server_fails_alone_and_later_reports_run_plain(tmp_path):
    config = _project(
        tmp_path,
        {
            "before": ["print('fine')"],
            "server-killer": ["import os, signal, time\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(30)"],
            "after": ["print('fine')"],
        },
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, jobs=1, force=True)
    assert code == EXIT_FAILED, log
    entries = _manifest(out)
    assert entries["server-killer"]["status"] == "failed"  # its kernel died with the server
    assert entries["before"]["status"] == "ok" and entries["after"]["status"] == "ok"
    assert _started(out, "before")["forked"] and not _started(out, "after")["forked"]
    assert "after: plain kernel: the kernel server did not answer" in log, log


def _processes_with(marker: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("ZHILI_TEST_RUN") == marker:
                found.append(process)
        except (psutil.Error, OSError):
            pass
    return found


def _wait_until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_run_leaves_no_fork_server_or_kernel_behind(tmp_path, stop):
    marker = tmp_path / "executing"
    config = _project(
        tmp_path,
        {
            "sleeper": [f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(120)"],
            "other": ["import time\ntime.sleep(120)"],
        },
    )
    tag = uuid.uuid4().hex
    env = {**os.environ, "ZHILI_TEST_RUN": tag, "PYTHONUNBUFFERED": "1"}
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zhili_data.cli",
            "run",
            "--config",
            str(config),
            "--out",
            str(tmp_path / "outputs"),
            "--jobs",
            "2",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until(marker.exists, what="the first notebook to start executing")
        names = {p.name() for p in _processes_with(tag)}
        assert {warm.SERVER_NAME, warm.KERNEL_NAME} <= names, names
        server = next(p for p in _processes_with(tag) if p.name() == warm.SERVER_NAME)
        folder = Path(server.cmdline()[server.cmdline().index("zhili_data.publish.warm") + 1]).parent
        assert folder.is_dir()
        run.send_signal(stop)
        code = run.wait(timeout=60)
        assert code == (-signal.SIGKILL if stop == signal.SIGKILL else 130)
        # what the run started ends with it (a killed run's server and kernels by their death signals)
        _wait_until(lambda: not _processes_with(tag), what="the server and kernels to end", timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for process in _processes_with(tag):
            process.kill()
    _wait_until(lambda: not folder.exists(), what="the server's socket folder to go", timeout=10)


@pytest.mark.slow
def test_the_server_stops_its_kernels_and_removes_its_socket(tmp_path):
    kernels = warm.WarmKernels(
        KernelSettings(preload=("json",)), kernel_name="python3", env=dict(os.environ), log=lambda line: None
    )
    address = kernels.address()
    assert address and os.path.exists(address)
    server = psutil.Process(kernels.server.process.pid)
    assert server.name() == warm.SERVER_NAME and server.num_threads() == 1
    kernels.close()
    assert not os.path.exists(os.path.dirname(address))
    assert not server.is_running() or server.status() == psutil.STATUS_ZOMBIE


# --------------------------------------------------------------------------- fallback to plain kernels


@pytest.mark.slow
def test_warm_false_runs_plain_kernels_and_says_so(tmp_path):
    config = _project(tmp_path, {"one": ["print(1)"]}, kernels="[kernels]\nwarm = false\n")
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK, log
    assert "plain kernels: [kernels] warm = false in the config" in log
    assert not _started(out, "one")["forked"]


@pytest.mark.slow
def test_a_preloaded_module_that_starts_a_thread_turns_forking_off(tmp_path, monkeypatch):
    package = tmp_path / "site"
    package.mkdir()
    (package / "threaded_thing.py").write_text(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(package))
    config = _project(tmp_path, {"one": ["print(1)"]}, kernels='[kernels]\npreload = ["threaded_thing"]\n')
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK, log
    assert "plain kernels: importing threaded_thing started a thread" in log
    assert not _started(out, "one")["forked"]


@pytest.mark.slow
def test_a_missing_preload_module_is_named_and_the_rest_still_forks(tmp_path):
    config = _project(
        tmp_path, {"one": ["print(1)"]}, kernels='[kernels]\npreload = ["matplotlib.figure", "no_such_module_zhili"]\n'
    )
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK, log
    assert "cannot preload no_such_module_zhili (ModuleNotFoundError" in log
    assert _started(out, "one")["forked"]


@pytest.mark.slow
def test_another_kernel_runs_plain_with_the_reason_logged(tmp_path, monkeypatch):
    spec_dir = tmp_path / "jupyter" / "kernels" / "py-other"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "another Python",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    config = _project(tmp_path, {"one": ["print(1)"]})
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, force=True, kernel_name="py-other")
    assert code == EXIT_OK, log
    assert "plain kernels: kernel 'py-other' is not the project's 'python3' kernel" in log
    assert not _started(out, "one")["forked"]


def test_unavailable_reasons():
    assert warm.unavailable_reason("python3") is None
    assert "not the project's" in warm.unavailable_reason("ir")


def test_a_server_that_cannot_start_falls_back(tmp_path, monkeypatch):
    lines: list[str] = []
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    kernels = warm.WarmKernels(
        KernelSettings(preload=()), kernel_name="python3", env=dict(os.environ), log=lines.append
    )
    assert kernels.address() is None
    assert lines and lines[-1].startswith("plain kernels: the kernel server could not be started"), lines


@pytest.mark.slow
def test_a_server_that_dies_while_importing_falls_back_and_the_run_goes_on(tmp_path, monkeypatch):
    package = tmp_path / "site"
    package.mkdir()
    (package / "fatal_thing.py").write_text(
        "import os, sys\nsys.stderr.write('fatal_thing: no way\\n')\nos._exit(7)\n", encoding="utf-8"
    )
    monkeypatch.setenv("PYTHONPATH", str(package))
    config = _project(tmp_path, {"one": ["print(1)"]}, kernels='[kernels]\npreload = ["fatal_thing"]\n')
    out = tmp_path / "outputs"
    code, log = run_quietly(config, out, force=True)
    assert code == EXIT_OK, log
    assert "plain kernels: the kernel server failed to start: fatal_thing: no way" in log
    assert not _started(out, "one")["forked"]


# --------------------------------------------------------------------------- JupyterLab's kernels


@pytest.mark.slow
def test_kernels_started_the_jupyterlab_way_are_plain_while_a_fork_server_runs(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert "kernel_provisioner" not in spec.metadata  # the project's kernelspec is untouched
    with warm.WarmKernels(
        KernelSettings(preload=warm.DEFAULT_PRELOAD), kernel_name="python3", env=dict(os.environ), log=lambda line: None
    ) as kernels:
        assert kernels.address()
        km, kc = start_new_kernel(kernel_name="python3")  # what JupyterLab's server does, through jupyter_client
        try:
            assert type(km.provisioner) is LocalProvisioner
            kernel = psutil.Process(km.provisioner.pid)
            assert kernel.ppid() == os.getpid() and "ipykernel_launcher" in " ".join(kernel.cmdline())
            reply = kc.execute_interactive("import sys; print('zhili_data.report.charts' in sys.modules)", timeout=60)
            assert reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


# --------------------------------------------------------------------------- the client's side


class _Channel:
    """A stand-in for a client's ZMQ channel: ``get_msg`` hands out queued messages, else raises Empty."""

    def __init__(self, *messages):
        self.queue = list(messages)
        self.sent = []
        self.reads = 0

    def send(self, message):
        self.sent.append(message)

    async def get_msg(self, timeout=None):
        from queue import Empty

        self.reads += 1
        if not self.queue:
            raise Empty
        return self.queue.pop(0)


def _ready_client(shell: _Channel, iopub: _Channel):
    client = forked_kernel.WarmKernelClient()
    client._shell_channel, client._iopub_channel = shell, iopub

    async def alive():
        return True

    client.is_alive = alive
    return client


def _reply():
    return {"msg_type": "kernel_info_reply", "parent_header": {"msg_id": "x"}, "content": {"protocol_version": "5.3"}}


def test_a_warm_client_is_ready_at_the_first_iopub_message_without_waiting_for_silence():
    import asyncio

    shell = _Channel(_reply())
    iopub = _Channel({"msg_type": "iopub_welcome", "parent_header": {}}, {"msg_type": "status", "parent_header": {}})
    asyncio.run(_ready_client(shell, iopub).wait_for_ready(timeout=5))
    assert len(shell.sent) == 1 and shell.sent[0]["header"]["msg_type"] == "kernel_info_request"
    assert iopub.reads == 1  # no draining until IOPub falls silent; nbclient ignores what is left


def test_a_warm_client_asks_again_while_iopub_is_not_connected():
    import asyncio

    shell = _Channel(_reply(), _reply())
    iopub = _Channel()  # nothing arrives after the first reply: IOPub not connected yet
    client = _ready_client(shell, iopub)
    original = shell.get_msg

    async def get_msg(timeout=None):
        if len(shell.sent) == 2:
            iopub.queue.append({"msg_type": "status", "parent_header": {}})
        return await original(timeout)

    shell.get_msg = get_msg
    asyncio.run(client.wait_for_ready(timeout=5))
    assert [m["header"]["msg_type"] for m in shell.sent] == ["kernel_info_request"] * 2


def test_a_warm_client_stops_asking_when_the_kernel_died():
    import asyncio

    client = _ready_client(_Channel(), _Channel())

    async def dead():
        return False

    client.is_alive = dead
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(client.wait_for_ready(timeout=5))


def test_warm_kernel_managers_hand_out_warm_clients_that_retry_connecting_soon():
    import zmq

    manager = forked_kernel.WarmKernelManager(kernel_name="python3", fork_server="/nonexistent")
    try:
        assert isinstance(manager.client(), forked_kernel.WarmKernelClient)
        assert manager.context.getsockopt(zmq.RECONNECT_IVL) == forked_kernel.KERNEL_RECONNECT_MS
    finally:
        manager.context.destroy()


@pytest.mark.slow
def test_a_worker_forked_after_the_runner_preload_converts_and_writes_workbooks_without_importing():
    printed = _python_prints(
        "import sys",
        "from zhili_data.publish.warm import preload_runner",
        "preload_runner()",
        "print(all(m in sys.modules for m in ('papermill', 'nbconvert', 'pandas', 'openpyxl')))",
    )
    assert printed == "True"


# --------------------------------------------------------------------------- config


def test_kernels_table_is_read_and_checked(tmp_path):
    config = _project(
        tmp_path, {"one": ["print(1)"]}, kernels='[kernels]\npreload = ["pandas", "zhili_data.report.charts"]\n'
    )
    assert load_kernel_settings(config) == KernelSettings(warm=True, preload=("pandas", "zhili_data.report.charts"))
    config.write_text(
        config.read_text(encoding="utf-8").replace("[kernels]\npreload = [", "[kernels]\nwarm = true\npreload = ["),
        encoding="utf-8",
    )
    assert load_kernel_settings(config).warm is True
    plain = _project(tmp_path / "p", {"one": ["print(1)"]})
    assert load_kernel_settings(plain, default_preload=("pandas",)) == KernelSettings(warm=True, preload=("pandas",))


@pytest.mark.parametrize(
    "table, message",
    [
        ('[kernels]\npreload = "pandas"\n', "'preload' must be a list of module names"),
        ('[kernels]\npreload = ["pandas; rm -rf /"]\n', "is not a module name"),
        ('[kernels]\nwarm = "yes"\n', "'warm' must be true or false"),
        ("[kernels]\npreloads = []\n", "unknown key 'preloads' (did you mean 'preload'?)"),
        ("[kernel]\nwarm = true\n", "unknown top-level key 'kernel'"),
    ],
)
def test_a_bad_kernels_table_stops_the_run_before_anything_runs(tmp_path, table, message):
    config = _project(tmp_path, {"one": ["print(1)"]}, kernels=table)
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert message in str(caught.value) and str(config) in str(caught.value)


# --------------------------------------------------------------------------- the kernel's ports


def _start_forked_kernel(address: str, **ports):
    """A WarmKernelManager started against the server at ``address``, with ``ports`` in its connection file."""
    import asyncio

    manager = forked_kernel.WarmKernelManager(kernel_name="python3", fork_server=address)
    manager.cache_ports = not ports  # else jupyter_client replaces the given ports by ports of its choice
    for name, port in ports.items():
        setattr(manager, name, port)

    async def start():
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=30)
            reply = await client.execute_interactive("import os; print(os.getppid())", timeout=30)
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)
        return reply

    return manager, asyncio.run(start())


@pytest.mark.slow
def test_a_forked_kernel_binds_its_own_ports_so_a_port_taken_after_the_worker_chose_it_cannot_kill_it():
    """The cause of forked kernels that died before answering kernel_info: jupyter_client picks the
    five ports in the worker (bind 0, close), and ipykernel binds a port it is given with a single
    attempt. A port another process takes in between killed the kernel with EADDRINUSE. Here the
    shell port is taken before the kernel starts; the kernel binds ports of its own and answers."""
    import socket

    held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    held.bind(("127.0.0.1", 0))
    held.listen(1)
    taken = held.getsockname()[1]
    try:
        with warm.WarmKernels(
            KernelSettings(preload=()), kernel_name="python3", env=dict(os.environ), log=lambda line: None
        ) as kernels:
            address = kernels.address()
            assert address
            manager, reply = _start_forked_kernel(address, shell_port=taken)
            assert reply["content"]["status"] == "ok"
            assert manager.provisioner.fallback_reason is None  # it ran forked, not in the plain fallback
            assert manager.shell_port != taken
    finally:
        held.close()


@pytest.mark.slow
def test_a_forked_kernel_that_dies_as_it_starts_says_why_and_the_report_gets_a_plain_kernel(tmp_path):
    """A kernel that dies before it is listening is no longer silent: its exception and stderr reach
    the client, which starts a plain kernel in its place (the reason goes to the run's log)."""
    import asyncio

    with warm.WarmKernels(
        KernelSettings(preload=()), kernel_name="python3", env=dict(os.environ), log=lambda line: None
    ) as kernels:
        manager = forked_kernel.WarmKernelManager(kernel_name="python3", fork_server=kernels.address())
        asyncio.run(manager.pre_start_kernel())
        missing = tmp_path / "no-such-connection-file.json"
        cmd = [sys.executable, "-m", warm.LAUNCHER, "-f", str(missing)]
        with pytest.raises(warm.WarmUnavailable, match=r"died as it started: FileNotFoundError.*no-such-connection"):
            manager.provisioner._fork(cmd, {"cwd": str(tmp_path)})
        assert manager.provisioner.pid is None and manager.provisioner._conn is None


def test_the_server_survives_a_kernel_that_ends_and_hangs_up_in_one_batch_of_events(tmp_path):
    """_reap closes the connection of a kernel that ended; the same select batch may still hold that
    connection's hang-up. Unregistering it again raised ValueError, which ended the server and, by
    the parent-death signal, every running kernel."""
    import selectors
    import socket

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server = warm._Server(listener, str(tmp_path))
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # ended, not yet reaped
    server.kernels[pid] = ours
    server.selector.register(ours, selectors.EVENT_READ, pid)
    theirs.close()  # the client hangs up as its kernel ends
    batch = server.selector.select(timeout=1)
    server._reap()
    for key, _ in batch:
        server._hang_up(key.fileobj, key.data)
    assert pid not in server.kernels and ours.fileno() == -1
    listener.close()


# --------------------------------------------------------------------------- the provisioner, found by its entry point


def test_the_forked_kernel_provisioner_is_registered_and_chosen_through_the_kernelspec_metadata(tmp_path):
    """jupyter_client finds the provisioner by its entry point (pyproject.toml) and selects it by the
    kernelspec's ``kernel_provisioner`` stanza, which only the warm manager's copy of the spec has."""
    import asyncio
    from importlib.metadata import entry_points

    from jupyter_client.kernelspec import KernelSpecManager

    (registered,) = entry_points(group=warm.PROVISIONER_GROUP, name=warm.PROVISIONER_NAME)
    assert registered.load() is forked_kernel.ForkedKernelProvisioner
    manager = forked_kernel.WarmKernelManager(kernel_name="python3", fork_server=str(tmp_path / "fork.sock"))
    manager.project_fonts = False
    try:
        asyncio.run(manager.pre_start_kernel())
        provisioner = manager.provisioner
        assert type(provisioner) is forked_kernel.ForkedKernelProvisioner
        assert provisioner.fork_server == str(tmp_path / "fork.sock") and provisioner.project_fonts is False
    finally:
        manager.cleanup_connection_file()
        manager.context.destroy()
    assert "kernel_provisioner" not in KernelSpecManager().get_kernel_spec("python3").metadata


def test_messages_the_server_sends_together_are_read_one_after_the_other():
    """A kernel that dies as it starts sends its error, and the server its exit right after: both can
    arrive in one read, which once failed with JSON's "Extra data" instead of saying why it died."""
    import asyncio
    import socket

    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    provisioner = forked_kernel.ForkedKernelProvisioner(kernel_id="k", kernel_spec=spec, parent=None)
    ours, theirs = socket.socketpair()
    theirs.sendall(b'{"error": "FileNotFoundError: no such file"}\n{"exit": 1}\n')
    with pytest.raises(warm.WarmUnavailable, match="died as it started: FileNotFoundError: no such file"):
        provisioner._take_own_ports(ours)
    ours.setblocking(False)
    provisioner._conn, provisioner.pid = ours, 12345
    assert asyncio.run(provisioner.poll()) == 1  # the exit that came in the same read
    ours.close()
    theirs.close()


def test_without_its_entry_point_the_run_says_to_reinstall_and_runs_plain(monkeypatch):
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **selection: [])
    reason = warm.unavailable_reason("python3")
    assert reason and "'zhili-forked' is not registered" in reason and "make setup" in reason


# --------------------------------------------------------------------------- process set-up


def _python_prints(*lines: str) -> str:
    """What a fresh Python running ``lines`` prints (stripped)."""
    result = subprocess.run([sys.executable, "-c", "\n".join(lines)], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_importing_the_runner_leaves_sys_modules_untouched():
    printed = _python_prints(
        "import sys",
        "before = dict(sys.modules)",
        "import zhili_data.publish, zhili_data.publish.warm, zhili_data.publish.process",
        "changed = [name for name, module in before.items() if sys.modules.get(name) is not module]",
        "blocked = [name for name, module in sys.modules.items() if module is None]",
        "print(changed, blocked, 'rfc3987_syntax' in sys.modules)",
    )
    assert printed == "[] [] False"


def test_skipping_the_iri_grammar_keeps_jsonschema_from_building_it_and_only_when_asked():
    grammar_built = "print('lark' in sys.modules)"
    asked = ("import sys", "from zhili_data.publish import process", "process.skip_iri_grammar()")
    assert _python_prints(*asked, "import nbformat", grammar_built) == "False"
    assert _python_prints("import sys", "import zhili_data.publish", "import nbformat", grammar_built) == "True"


DIES_WITH_PARENT = """\
import os, signal
from zhili_data.publish import process
asked_r, asked_w = os.pipe()
told_r, told_w = os.pipe()
if os.fork() == 0:  # the parent that will die
    if os.fork() == 0:  # the process that asks to die with it
        asked = process.die_with_parent(signal.SIGTERM)
        refused = process.die_with_parent(signal.SIGTERM, parent=1)  # a parent it does not have
        os.write(asked_w, f"{os.getpid()} {asked} {refused}".encode())
        signal.pause()
        os._exit(0)
    os.write(told_w, os.read(asked_r, 100))
    os._exit(0)
print(os.read(told_r, 100).decode(), flush=True)
"""


def test_a_process_that_asked_to_die_with_its_parent_ends_when_the_parent_does():
    result = subprocess.run([sys.executable, "-c", DIES_WITH_PARENT], capture_output=True, text=True, timeout=30)
    pid, asked, refused = result.stdout.split()
    assert (asked, refused) == ("True", "False")
    _wait_until(
        lambda: not psutil.pid_exists(int(pid)) or psutil.Process(int(pid)).status() == psutil.STATUS_ZOMBIE,
        what="the orphan to get its death signal",
        timeout=10,
    )
