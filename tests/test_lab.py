"""JupyterLab started the way `make lab` starts it: the notebooks are listed and the overview runs.

The server comes from this environment (sys.executable), listens on loopback on a free port
behind a random token, and is stopped whatever happens. The overview notebook's code runs in a
kernel the server starts for it, through the kernel's websocket, as when a researcher opens it
in Lab and chooses "Run All".
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
import websocket
from browser_support import launch_chromium, watch_page
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
NOTEBOOKS = ROOT / "notebooks"
EXPECTED_NOTEBOOKS = {"growth.ipynb", "share.ipynb", "target_gap.ipynb", "overview.ipynb"}
START_TIMEOUT = 90
CELL_TIMEOUT = 180

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LabServer:
    """A `jupyter lab` subprocess and a client for its REST API."""

    def __init__(self, root_dir: Path, scratch: Path):
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = scratch / "jupyter-lab.log"
        # Its own config, data and runtime folders so that a user's Jupyter settings cannot
        # change what is tested; kernels are found in the environment, like `make lab` does.
        env = dict(os.environ)
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            env[name] = str(scratch / name.lower())
        env["JUPYTER_DATA_DIR"] = str(scratch / "jupyter_data_dir")
        env["JUPYTER_PREFER_ENV_PATH"] = "1"
        # Lab must not write into the project's notebooks while the test looks at them, nor
        # offer to fetch news.
        settings = scratch / "lab-settings" / "@jupyterlab"
        (settings / "docmanager-extension").mkdir(parents=True)
        (settings / "docmanager-extension" / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
        (settings / "apputils-extension").mkdir(parents=True)
        (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
        self.command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root_dir}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=",
            f"--LabApp.user_settings_dir={scratch / 'lab-settings'}",
            f"--LabApp.workspaces_dir={scratch / 'lab-workspaces'}",
            f"--FileCheckpoints.root_dir={scratch / 'checkpoints'}",
        ]
        if os.geteuid() == 0:  # CI runs as root; Jupyter refuses root unless told
            self.command.append("--allow-root")
        self._log = open(self.log_path, "wb")
        # A session of its own, so that stopping it also reaches the kernels it started.
        self.process = subprocess.Popen(
            self.command,
            cwd=root_dir,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {self.token}"

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def wait_until_up(self, timeout: float = START_TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"jupyter lab exited with code {self.process.returncode} before answering:\n{self.log()}"
                )
            try:
                response = self.http.get(f"{self.url}/api/status", timeout=2)
            except requests.ConnectionError:
                time.sleep(0.25)
                continue
            response.raise_for_status()
            return response.json()
        raise AssertionError(f"jupyter lab did not answer on {self.url} within {timeout}s:\n{self.log()}")

    def api(self, method: str, path: str, **kwargs):
        response = self.http.request(method, f"{self.url}/api/{path}", timeout=30, **kwargs)
        assert response.ok, f"{method} /api/{path}: {response.status_code} {response.text[:500]}"
        return response.json() if response.content else None

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left of the group (a kernel that ignored the shutdown) goes too.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self._log.close()
        self.http.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = LabServer(NOTEBOOKS, tmp_path_factory.mktemp("lab"))
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


class KernelChannel:
    """Execute code in a running kernel through the server's websocket, as JupyterLab does."""

    def __init__(self, lab: LabServer, kernel_id: str, session_id: str):
        self.session_id = session_id
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?session_id={session_id}",
            header=[f"Authorization: token {lab.token}"],
            timeout=CELL_TIMEOUT,
        )

    def close(self) -> None:
        self.ws.close()

    def _send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "session": self.session_id,
                        "username": "test",
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        return msg_id

    def _replies(self, msg_id: str, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                yield message
        raise AssertionError(f"no answer from the kernel within {timeout}s")

    def wait_ready(self, timeout: float = START_TIMEOUT) -> dict:
        msg_id = self._send("kernel_info_request", {})
        for message in self._replies(msg_id, timeout):
            if message["msg_type"] == "kernel_info_reply":
                return message["content"]

    def execute(self, code: str) -> tuple[dict, list[dict]]:
        """Run `code`; return the execute_reply content and the iopub messages it caused."""
        msg_id = self._send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        reply, outputs, idle = None, [], False
        for message in self._replies(msg_id, CELL_TIMEOUT):
            if message["channel"] == "shell" and message["msg_type"] == "execute_reply":
                reply = message["content"]
            elif message["channel"] == "iopub":
                if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                    idle = True
                elif message["msg_type"] in {"stream", "display_data", "execute_result", "error"}:
                    outputs.append(message)
            if reply is not None and idle:
                return reply, outputs


def parameter_names(source: str) -> list[str]:
    """Names assigned in a papermill parameters cell."""
    names = []
    for node in ast.parse(source).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names += [target.id for target in targets if isinstance(target, ast.Name)]
    return names


def test_lab_serves_the_project_notebooks(lab):
    listing = lab.api("GET", "contents")
    notebooks = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
    assert EXPECTED_NOTEBOOKS <= notebooks, f"missing in Lab: {sorted(EXPECTED_NOTEBOOKS - notebooks)}"
    # The Lab page itself is served with its front end, not only the API.
    page = lab.http.get(f"{lab.url}/lab", timeout=30)
    assert page.status_code == 200 and "jupyterlab" in page.text.lower()


@pytest.mark.parametrize("name", sorted(EXPECTED_NOTEBOOKS))
def test_first_markdown_cell_explains_every_parameter(lab, name):
    cells = lab.api("GET", f"contents/{name}?content=1")["content"]["cells"]
    assert cells and cells[0]["cell_type"] == "markdown", f"{name}: the first cell is not markdown"
    tagged = [cell for cell in cells if "parameters" in cell.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{name}: expected one cell tagged 'parameters', found {len(tagged)}"
    names = parameter_names(tagged[0]["source"])
    assert names, f"{name}: the parameters cell assigns nothing"
    # the markdown before the parameters cell (its parameter table is notebook-only: the pages show none)
    before = "".join(cell["source"] for cell in cells[: cells.index(tagged[0])] if cell["cell_type"] == "markdown")
    unexplained = [param for param in names if param not in before]
    assert not unexplained, f"{name}: the markdown cells before the parameters do not explain {unexplained}"


def test_overview_runs_in_a_lab_kernel_with_zhili_data(lab):
    notebook = lab.api("GET", "contents/overview.ipynb?content=1")
    kernel_name = notebook["content"]["metadata"].get("kernelspec", {}).get("name", "python3")
    specs = lab.api("GET", "kernelspecs")["kernelspecs"]
    assert kernel_name in specs, f"overview.ipynb asks for kernel {kernel_name!r}; Lab offers {sorted(specs)}"

    session = lab.api(
        "POST",
        "sessions",
        json={
            "path": "overview.ipynb",
            "name": "overview.ipynb",
            "type": "notebook",
            "kernel": {"name": kernel_name},
        },
    )
    channel = None
    try:
        channel = KernelChannel(lab, session["kernel"]["id"], session["id"])
        channel.wait_ready()

        reply, outputs = channel.execute("import zhili_data, os; print(zhili_data.__file__); print(os.getcwd())")
        assert reply["status"] == "ok", reply
        printed = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream").split("\n")
        assert Path(printed[0]).resolve().is_relative_to(ROOT), f"the kernel imports zhili_data from {printed[0]}"
        assert Path(printed[1]).resolve() == NOTEBOOKS.resolve(), "the kernel does not start in notebooks/"

        code_cells = [cell for cell in notebook["content"]["cells"] if cell["cell_type"] == "code"]
        assert code_cells, "overview.ipynb has no code cell"
        shown = []
        for number, cell in enumerate(code_cells, start=1):
            reply, outputs = channel.execute(cell["source"])
            errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
            assert reply["status"] == "ok" and not errors, (
                f"code cell {number} of overview.ipynb failed: "
                f"{reply.get('ename')}: {reply.get('evalue')}\n"
                + re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(reply.get("traceback", [])))
            )
            shown += [m["content"]["data"] for m in outputs if m["msg_type"] in {"display_data", "execute_result"}]
        kinds = {kind for data in shown for kind in data}
        assert "image/png" in kinds, f"the overview drew no chart; it showed only {sorted(kinds)}"
        assert "text/html" in kinds, f"the overview showed no table; it showed only {sorted(kinds)}"
    finally:
        if channel is not None:
            channel.close()
        lab.api("DELETE", f"sessions/{session['id']}")


@pytest.mark.browser
def test_overview_opens_in_jupyterlab_in_chromium(lab):
    """What a researcher sees: Lab's page in Chromium shows the overview, and asks nothing of the internet."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            watch = watch_page(page, allow_origin=lab.url)
            page.goto(f"{lab.url}/lab/tree/overview.ipynb?token={lab.token}")
            page.wait_for_selector(".jp-NotebookPanel .jp-MarkdownCell .jp-RenderedMarkdown", timeout=90_000)
            # The kernel Lab starts for the notebook reaches "idle": it started and connected.
            page.wait_for_function(r"() => /\|\s*Idle\b/.test(document.body.innerText)", timeout=90_000)
            assert page.locator(".jp-NotebookPanel .jp-Cell").count() > 1
            # Run ▸ Run All Cells, as a researcher would; the overview draws at least one chart.
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            # Lab marks every queued cell [*] at once; the run is over when none is left and the
            # kernel is idle. A failing cell stops the run, leaving the cells after it at [ ].
            prompts = ".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt"
            page.wait_for_function(
                """(prompts) => {
                     const shown = [...document.querySelectorAll(prompts)].map((p) => p.textContent.trim());
                     return shown.some((p) => /\\[\\d+\\]/.test(p)) && !shown.includes('[*]:')
                       && /\\|\\s*Idle\\b/.test(document.body.innerText);
                   }""",
                arg=prompts,
                timeout=CELL_TIMEOUT * 1000,
            )
            page.screenshot(path=ARTIFACTS / "lab-overview.png")
            not_run = page.evaluate(
                """(prompts) => [...document.querySelectorAll(prompts)]
                     .filter((p) => !/\\[\\d+\\]/.test(p.textContent)).length""",
                prompts,
            )
            # Lab shows an exception like any stderr text; its traceback tells it from a warning.
            tracebacks = page.locator(
                ".jp-NotebookPanel [data-mime-type='application/vnd.jupyter.stderr']",
                has_text="Traceback (most recent call last)",
            )
            if not_run or tracebacks.count():
                raise AssertionError(
                    f"Run All Cells in Lab failed ({not_run} code cell(s) not run):\n"
                    + (tracebacks.last.inner_text() if tracebacks.count() else "(no traceback shown)")
                )
            assert page.locator(".jp-NotebookPanel .jp-OutputArea-output img").count() > 0, "no chart in Lab"
            # Every table fits the notebook's width: its cells wrap, a row's computation opens on demand.
            wide = page.evaluate(
                """() => [...document.querySelectorAll('.jp-NotebookPanel .zhili-table')]
                     .filter((b) => b.scrollWidth > b.clientWidth + 1)
                     .map((b) => `${b.getAttribute('aria-label')}: ${b.scrollWidth}px in ${b.clientWidth}px`)"""
            )
            assert page.locator(".jp-NotebookPanel .zhili-table").count() > 0, "no table in Lab: the check did not run"
            assert not wide, f"tables wider than the notebook at 1280 px: {wide}"
            assert not watch.external_requests, "\n".join(watch.external_requests)
        finally:
            browser.close()
