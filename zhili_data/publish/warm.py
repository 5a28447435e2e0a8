"""Warm, isolated kernels: a fork server imports the heavy modules once, then forks one fresh
kernel process per report.

A kernel started the plain way (``python -m ipykernel_launcher``) spends about a second of CPU
importing pandas, matplotlib, IPython and the package before its first cell runs. Here one
server process per run pays that once; every report then gets a kernel forked from it. The
fork is a new process with the server's memory as it was after the imports, so a report that
changes rcParams, builtins, ``sys.modules``, environment variables or its working directory
changes its own copy only: the next report starts from the same clean state.

Rules that keep forking sound:

* The server never creates a ZMQ context, a thread or an event loop: the kernel creates its
  sockets after the fork, in the child (``IPKernelApp`` makes its own context). The server checks
  after each import that no thread was started and no global ZMQ context exists, and gives up
  (plain kernels, with the reason in the run's log) if one was.
* The server only imports (importing ``zhili_data`` registers the CJK font with matplotlib); it
  never renders or reads data. A forked kernel reseeds NumPy's global generator (``random``
  reseeds itself at fork, and matplotlib drops its cache of open font files), as a fresh process
  would.
* Every process ends with the run: the server asks Linux to SIGTERM it when the run dies, each
  kernel to SIGKILL it when the server dies; a kernel whose worker hangs up is killed; on SIGTERM
  the server kills its kernels and exits.

The ecosystem's hooks are used for the client side (:mod:`zhili_data.publish.forked_kernel`, which
only a worker imports): a jupyter_client kernel provisioner registered by entry point
(:data:`PROVISIONER_NAME`), named in the worker's in-memory copy of the kernelspec, and a kernel
manager given to nbclient (through papermill) as ``kernel_manager_class``. JupyterLab and every other
client keep the kernelspec's own provisioner: nothing in the kernelspec files changes.

Protocol over the server's Unix socket (one connection per kernel, JSON lines): the client sends
``{"argv": [...], "env": {...}, "cwd": "..."}``; the server answers ``{"pid": N}`` once forked; the
kernel then sends ``{"ports": {...}}`` once it is listening, or ``{"error": "..."}`` (its exception
and the last lines of its stderr) when it dies while starting; the server sends ``{"exit": CODE}``
when the kernel ends. Closing the connection asks the server to kill the kernel.

The kernel binds ports of its own choosing (the connection file it reads gives port 0): ports
chosen by the client (jupyter_client binds port 0 and closes, in the worker) could be taken by
another process before the kernel, which binds a given port with a single attempt, binds them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time

from zhili_data.exceptions import ZhiliError
from zhili_data.publish import process

# Kernel machinery every warm kernel needs, whatever the config preloads: the kernel itself and
# what it imports while it starts (its debugger and debugpy, IPython's history database, pdb...).
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "sqlite3",
    "pdb",
    "pydoc",
    "psutil",
    "tornado.gen",
    "tornado.queues",
    "tornado.platform.asyncio",
)
# What the project's notebooks import (the [kernels] preload default of reports.toml).
DEFAULT_PRELOAD = (
    "pandas",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "IPython.display",
    "zhili_data.core.analysis",
    "zhili_data.report.charts",
    "zhili_data.report.display",
    "zhili_data.core.figures",
    "zhili_data.report.prose",
)
PROJECT_KERNEL = "python3"
LAUNCHER = "ipykernel_launcher"
READY_TIMEOUT = 60.0  # seconds the run waits for the server's imports
# The kernel provisioner's entry point name (group jupyter_client.kernel_provisioners, pyproject.toml).
PROVISIONER_NAME = "zhili-forked"
PROVISIONER_GROUP = "jupyter_client.kernel_provisioners"
SERVER_NAME = "zhili-forksrv"  # the process names ps and top show (at most 15 bytes)
KERNEL_NAME = "zhili-kernel"


class WarmUnavailable(ZhiliError, RuntimeError):
    """Kernels cannot be forked in this run; the message says why (it goes to the run's log)."""


# --------------------------------------------------------------------------- shared helpers


def send_line(conn: socket.socket, message: dict) -> None:
    """Send ``message`` as one JSON line (the server's protocol)."""
    conn.sendall(json.dumps(message).encode("utf-8") + b"\n")


class RequestTooLong(ZhiliError, ValueError):
    """A request to the fork server longer than it reads: it is answered with this error, not served."""


def _read_request(conn: socket.socket, limit: int = 1 << 22) -> bytes:
    """The client's request, one JSON line from a blocking socket (the client sends nothing more until
    it is answered); b"" when the client hung up first."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
        if len(data) > limit:
            raise RequestTooLong(f"the request is longer than {limit} bytes")  # answered; the server goes on
    return data


def unavailable_reason(kernel_name: str) -> str | None:
    """Why kernels of ``kernel_name`` cannot be forked on this machine; None when they can."""
    return _platform_reason(kernel_name) or _kernelspec_reason(kernel_name)


def _platform_reason(kernel_name: str) -> str | None:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return f"forking kernels needs Linux (this is {sys.platform})"
    if kernel_name != PROJECT_KERNEL:
        return f"kernel {kernel_name!r} is not the project's {PROJECT_KERNEL!r} kernel"
    return None


def _kernelspec_reason(kernel_name: str) -> str | None:
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as exc:  # pragma: no cover - jupyter_client is a pinned dependency
        return f"jupyter_client is not importable ({exc})"
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return f"no kernelspec named {kernel_name!r}"
    argv = list(spec.argv)
    python_names = {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}", sys.executable}
    if len(argv) < 3 or argv[0] not in python_names or argv[1:3] != ["-m", LAUNCHER]:
        return f"kernelspec {kernel_name!r} does not start {LAUNCHER} with this Python ({' '.join(argv)})"
    if spec.metadata.get("kernel_provisioner"):
        return f"kernelspec {kernel_name!r} names a provisioner of its own"
    if spec.env:
        return f"kernelspec {kernel_name!r} sets environment variables of its own"
    return _provisioner_reason()


def _provisioner_reason() -> str | None:
    """Why the forked kernels' provisioner cannot be found (its entry point exists once the package is installed)."""
    from importlib.metadata import entry_points

    if not entry_points(group=PROVISIONER_GROUP, name=PROVISIONER_NAME):
        return (
            f"the kernel provisioner {PROVISIONER_NAME!r} is not registered "
            "(install the package again: make setup, or pip install -e .)"
        )
    return None


# --------------------------------------------------------------------------- the server process


def _preload(modules: list[str]) -> tuple[list[str], dict[str, str], str | None]:
    """Import each module; (imported, failed with why, unsafe reason or None)."""
    import importlib
    import threading

    imported, failed = [], {}
    for name in [*KERNEL_MODULES, *modules]:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a missing or broken module is the kernel's business, not ours
            failed[name] = f"{type(exc).__name__}: {exc}"
            continue
        imported.append(name)
        if threading.active_count() > 1:
            return (
                imported,
                failed,
                f"importing {name} started a thread, and a process with threads cannot be forked safely",
            )
        zmq = sys.modules.get("zmq")
        if zmq is not None and getattr(zmq.Context, "_instance", None) is not None:
            return imported, failed, f"importing {name} created a ZMQ context, which a forked kernel must not share"
    # What the imports made lives as long as every kernel: leave it out of the collector's work, so
    # that no kernel's collections walk (and copy-on-write) the pages it shares with the server.
    import gc

    gc.collect()
    gc.freeze()
    if any(name in failed for name in KERNEL_MODULES):
        return (
            imported,
            failed,
            f"the kernel itself cannot be imported ({failed[next(n for n in KERNEL_MODULES if n in failed)]})",
        )
    return imported, failed, None


class _Server:
    def __init__(self, listener: socket.socket, folder: str) -> None:
        import selectors

        self.listener = listener
        self.folder = folder
        self.selector = selectors.DefaultSelector()
        self.kernels: dict[int, socket.socket | None] = {}  # pid -> its client's connection
        self.stopping = False
        self.pid = os.getpid()  # a forked kernel's parent
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)

    def run(self) -> None:
        import selectors

        parent = os.getppid()
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a Python handler, so the wakeup fd is written
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGHUP, self._stop)
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_r, selectors.EVENT_READ, "signal")
        while not self.stopping:
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "accept":
                    self._accept()
                elif key.data == "signal":
                    try:
                        os.read(self.wake_r, 512)
                    except BlockingIOError:
                        pass
                    self._reap()
                else:
                    self._hang_up(key.fileobj, key.data)
            self._reap()
            if os.getppid() != parent:  # the run is gone (the death signal covers this too)
                break
        self._shutdown()

    def _stop(self, *_):
        self.stopping = True

    def _accept(self) -> None:
        import selectors

        try:
            conn, _ = self.listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        try:
            conn.settimeout(10)
            request = json.loads(_read_request(conn) or b"null")
            if not isinstance(request, dict):
                conn.close()
                return
            pid = os.fork()
            if pid == 0:
                self._become_kernel(conn, request)  # never returns
            self.kernels[pid] = conn
            send_line(conn, {"pid": pid})
            conn.settimeout(None)
            self.selector.register(conn, selectors.EVENT_READ, pid)
        except (OSError, ValueError) as exc:
            try:
                send_line(conn, {"error": f"{type(exc).__name__}: {exc}"})
            except OSError:
                pass
            conn.close()

    def _hang_up(self, conn: socket.socket, pid: int) -> None:
        """The client closed its connection (or wrote to it): kill its kernel if still running."""
        if conn.fileno() < 0:  # closed by _reap earlier in the same batch of events: the kernel has ended
            return
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        if data:
            return
        self.selector.unregister(conn)
        conn.close()
        if self.kernels.get(pid) is conn:
            self.kernels[pid] = None
            kill_group(pid, signal.SIGKILL)

    def _reap(self) -> None:
        while self.kernels:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.kernels.pop(pid, None)
            if conn is not None:
                try:
                    send_line(conn, {"exit": os.waitstatus_to_exitcode(status)})
                except OSError:
                    pass
                self.selector.unregister(conn)
                conn.close()

    def _shutdown(self) -> None:
        for pid in list(self.kernels):
            kill_group(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while self.kernels and time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            self.kernels.pop(pid, None)
        self.listener.close()
        # The folder is this server's alone (socket and log); a run killed outright cannot remove it.
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)

    def _become_kernel(self, conn: socket.socket, request: dict) -> None:
        """In the forked child: shed the server, take the kernel's cwd and environment, run the kernel.

        The kernel binds ports of its own choosing and tells the client which (``{"ports": ...}``);
        if it dies while it starts, the client is told why (``{"error": ...}``) with what it wrote
        to stderr so far. Never returns: the child must not go back into the server's loop.
        """
        code = 1
        startup_log = os.path.join(self.folder, f"kernel-{os.getpid()}.stderr")
        try:
            os.setsid()  # like jupyter_client: the terminal's Ctrl-C is not the kernel's
            if not process.die_with_parent(signal.SIGKILL, parent=self.pid):
                return  # the server is gone already
            process.set_name(KERNEL_NAME)
            self._shed_server()
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            log = os.open(startup_log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(log, 2)
            os.close(log)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            os.environ["JPY_PARENT_PID"] = str(os.getppid())
            _fresh_process_state(request)
            code = _run_kernel(conn, request, startup_log, null)
            _run_exit_handlers()
        except BaseException as exc:
            code = 1
            _tell_death(conn, f"{type(exc).__name__}: {exc}", startup_log)
        finally:
            os._exit(code)

    def _shed_server(self) -> None:
        """In a forked kernel: the server's signal handlers, selector, listener and connections go."""
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.selector.close()
        for fd in (self.wake_r, self.wake_w):
            os.close(fd)
        self.listener.close()
        for other in self.kernels.values():
            if other is not None:
                other.close()


def _run_kernel(conn: socket.socket, request: dict, startup_log: str, null: int) -> int:
    """Run ipykernel as ``python -m ipykernel_launcher`` would, telling the client its ports once it
    listens; the kernel's exit code."""
    from ipykernel.kernelapp import IPKernelApp

    argv = _with_own_ports(list(request["argv"]))
    sys.argv = [_launcher_path(), *argv]
    try:
        app = IPKernelApp.instance()  # what ipykernel_launcher does, in two steps
        app.initialize(argv)
        send_line(conn, {"ports": {name: getattr(app, name) for name in PORT_NAMES}})
        conn.close()
        os.dup2(null, 2)  # like a plain kernel's, its stderr from now on goes nowhere
        os.unlink(startup_log)
        app.start()
        return 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code:
            _tell_death(conn, f"the kernel exited with code {code}", startup_log)
        return code


def _run_exit_handlers() -> None:
    """Run what the kernel registered with :mod:`atexit` (IPython's history, ipykernel's and our
    connection files), as an interpreter that exits would.

    Private use, kept here alone: a forked kernel ends with ``os._exit`` (it must never return into
    the server's loop or run the server's own tear-down), and the standard library has no public
    way to run the exit handlers before that.
    """
    import atexit

    atexit._run_exitfuncs()


PORT_NAMES = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


def _with_own_ports(argv: list[str]) -> list[str]:
    """``argv`` naming a copy of its connection file (``-f``) whose ports are 0: the kernel binds ports
    of its own choosing and writes them into the copy.

    jupyter_client chooses the ports in the worker (bind to port 0, close), and ipykernel binds a port
    it is given with a single attempt: a port another process takes in between kills the kernel with
    EADDRINUSE before it answers. Bound by the kernel itself, a port is never free for another to take.
    """
    for index, arg in enumerate(argv):
        if arg in ("-f", "--f") and index + 1 < len(argv):
            flag, original = index + 1, argv[index + 1]
        elif arg.startswith(("-f=", "--f=")):
            flag, original = index, arg.split("=", 1)[1]
        else:
            continue
        with open(original, encoding="utf-8") as file:
            info = json.load(file)
        if info.get("transport", "tcp") != "tcp":
            return argv
        info.update(dict.fromkeys(PORT_NAMES, 0))
        own = f"{os.path.splitext(original)[0]}-forked.json"
        descriptor = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the HMAC key
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(info, file)
        import atexit

        atexit.register(_remove_quietly, own)
        return [*argv[:flag], own if flag != index else f"{arg.split('=', 1)[0]}={own}", *argv[flag + 1 :]]
    return argv


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _tell_death(conn: socket.socket, why: str, startup_log: str) -> None:
    """Tell the client why its kernel died while it started, with the last lines it wrote to stderr."""
    try:
        with open(startup_log, "rb") as log:
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        lines = []
    _remove_quietly(startup_log)
    tail = " | ".join(line.strip() for line in lines[-3:] if line.strip())
    try:
        send_line(conn, {"error": f"{why}" + (f" (its stderr: {tail})" if tail else "")})
    except OSError:
        pass


def _fresh_process_state(request: dict) -> None:
    """What a fresh interpreter would not share with its siblings, or would have read differently
    in the kernel's folder and environment."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        _fresh_rc(matplotlib, project_fonts=bool(request.get("project_fonts", True)))
    # matplotlib empties its cache of open font files itself at fork (os.register_at_fork), so a
    # kernel never shares a file offset with its siblings.


def _fresh_rc(matplotlib, *, project_fonts: bool) -> None:
    """rcParams as ``import matplotlib`` in the kernel's folder would set them: the defaults, then the
    ``matplotlibrc`` it finds there (or through ``MATPLOTLIBRC`` or the user's config). The project's
    CJK fallback is added again only for a notebook that imports ``zhili_data``, which adds it in a
    plain kernel too; otherwise a warm kernel would draw Chinese that the user's Lab draws as boxes."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a bad line of the user's matplotlibrc warns in the kernel's stderr
        matplotlib.rc_file(matplotlib.matplotlib_fname(), use_default_template=True)
    matplotlib.rcParamsOrig = matplotlib.rcParams.copy()
    fonts = sys.modules.get("zhili_data.report.fonts")
    if project_fonts and fonts is not None:
        fonts.install()


# Environment variables a process reads once, when it starts or imports a module: a forked kernel has
# them read already (by the server), so setting one in a notebook changes nothing there.
IMPORT_TIME_VARIABLES = (
    "MPLBACKEND",
    "MPLCONFIGDIR",
    "MATPLOTLIBRC",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "PYTHONHASHSEED",
)
_SETS_VARIABLE = ("environ", "%env", "putenv", "%set_env")


def kernel_needs(notebook) -> tuple[str | None, bool]:
    """What the kernel of ``notebook`` needs: (why it must be a plain kernel or None, whether the
    notebook uses the project's package).

    Parameters
    ----------
    notebook : NotebookNode
        The notebook to run.

    Returns
    -------
    tuple of (str or None, bool)
        The reason a forked kernel would run it differently (it sets an environment variable that
        is read at import or start), and whether a code cell names ``zhili_data``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("import os\\nos.environ['MPLBACKEND'] = 'agg'\\nimport matplotlib")]
    >>> kernel_needs(nb)
    ('it sets MPLBACKEND, which a forked kernel has read already (at import or start)', False)
    """
    reason, project = None, False
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        project = project or "zhili_data" in source
        for line in source.splitlines():
            if reason is None and any(word in line for word in _SETS_VARIABLE):
                named = [name for name in IMPORT_TIME_VARIABLES if name in line]
                if named:
                    reason = f"it sets {named[0]}, which a forked kernel has read already (at import or start)"
    return reason, project


class _ThisProcess:
    """What this process keeps about its kernels between calls (a worker runs one report at a time)."""

    def __init__(self) -> None:
        self.project_fonts = True  # what the next forked kernel is told (see _fresh_rc)
        self.fallbacks: list[str] = []  # why kernels were started the plain way, not yet logged
        self.runner_preloaded = False  # preload_runner done (a worker forked after the run did it inherits it)


_THIS_PROCESS = _ThisProcess()


def next_kernel(*, project_fonts: bool) -> None:
    """What the next kernel forked in this process is told (see :func:`_fresh_rc`)."""
    _THIS_PROCESS.project_fonts = project_fonts


def next_kernel_fonts() -> bool:
    """Whether the next kernel forked in this process adds the project's CJK fallback (see :func:`next_kernel`)."""
    return _THIS_PROCESS.project_fonts


def _launcher_path() -> str:
    """What ``sys.argv[0]`` is in a kernel started with ``python -m ipykernel_launcher``."""
    import importlib.util

    spec = importlib.util.find_spec(LAUNCHER)
    return spec.origin if spec and spec.origin else LAUNCHER


def kill_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
        return
    except OSError:
        pass
    try:
        os.kill(pid, signum)
    except OSError:
        pass


def serve(socket_path: str, run_pid: int, modules: list[str]) -> int:
    """The server's main: bind, import, say ready on stdout, then fork kernels until told to stop."""
    if not process.die_with_parent(signal.SIGTERM, parent=run_pid):
        return 1  # the run is gone already
    process.set_name(SERVER_NAME)
    # No process.skip_iri_grammar() here: a forked kernel must import what a plain kernel does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle; it stops us
    # Like ipykernel_launcher: the working directory is not an import location while loading.
    if sys.path and (sys.path[0] in ("", os.getcwd())):
        del sys.path[0]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    started, cpu = time.monotonic(), time.process_time()
    imported, failed, unsafe = _preload(modules)
    ready = {
        "ok": unsafe is None,
        "reason": unsafe,
        "imported": imported,
        "failed": failed,
        "seconds": round(time.monotonic() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "pid": os.getpid(),
    }
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    os.dup2(null, 0)
    os.close(null)
    if unsafe is not None:
        listener.close()
        return 1
    listener.setblocking(False)
    _Server(listener, os.path.dirname(socket_path)).run()
    return 0


# --------------------------------------------------------------------------- the run's side


class ForkServer:
    """The run's handle on its fork server: start it, wait until its imports are done, stop it."""

    def __init__(self, modules: list[str], env: dict[str, str]) -> None:
        import subprocess
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="zhili-kernels-")  # mode 0700: only this user connects
        self.address = os.path.join(self.folder, "fork.sock")
        self._stderr = open(os.path.join(self.folder, "server.log"), "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zhili_data.publish.warm", self.address, str(os.getpid()), *modules],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            cwd=self.folder,
            close_fds=True,
        )
        self.ready: dict | None = None

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> dict:
        """The server's ready record; raises :class:`WarmUnavailable` when it cannot serve."""
        import selectors

        if self.ready is not None:
            return self.ready
        line = b""
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + timeout
            while not line.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    self.stop()
                    raise WarmUnavailable(f"the kernel server did not finish its imports within {timeout:.0f} s")
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    break
                line += chunk
        self.process.stdout.close()
        try:
            ready = json.loads(line)
        except ValueError:
            why = self._log_tail() or f"it exited with code {self.process.wait()}"
            self.stop()
            raise WarmUnavailable(f"the kernel server failed to start: {why}") from None
        if not ready.get("ok"):
            self.stop()
            raise WarmUnavailable(str(ready.get("reason")))
        self.ready = ready
        return ready

    def _log_tail(self) -> str:
        try:
            with open(os.path.join(self.folder, "server.log"), "rb") as log:
                lines = log.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1] if lines else ""

    def stop(self) -> None:
        """End the server and, with it, every kernel it forked; remove its socket folder."""
        import shutil
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout and not self.process.stdout.closed:
            self.process.stdout.close()
        self._stderr.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_server(modules: list[str], *, kernel_name: str, env: dict[str, str]) -> ForkServer:
    """A started fork server for kernels of ``kernel_name``; raises :class:`WarmUnavailable` with the reason when
    kernels cannot be forked here. Call :meth:`ForkServer.wait_ready` before handing out its address.

    Only the cheap checks come first, so that the server starts at once; the kernelspec (which
    needs jupyter_client) is checked by :meth:`WarmKernels.address` while the server imports."""
    reason = _platform_reason(kernel_name)
    if reason:
        raise WarmUnavailable(reason)
    try:
        return ForkServer(modules, env)
    except OSError as exc:
        raise WarmUnavailable(f"the kernel server could not be started ({exc})") from None


class WarmKernels:
    """A run's kernels: forked from a server started now, or plain when forking is off or unavailable.

    ``address()`` waits for the server's imports and returns its socket path, or None for plain
    kernels; either way the run's log says which and why.
    """

    def __init__(self, settings, *, kernel_name: str, env: dict[str, str], log) -> None:
        self.log = log
        self.kernel_name = kernel_name
        self.server: ForkServer | None = None
        self.reason: str | None = None
        if not settings.warm:
            self.reason = "[kernels] warm = false in the config"
            return
        try:
            self.server = start_server(list(settings.preload), kernel_name=kernel_name, env=env)
        except WarmUnavailable as exc:
            self.reason = str(exc)

    def address(self) -> str | None:
        if self.server is not None and self.reason is None:
            self.reason = _kernelspec_reason(self.kernel_name)
        if self.server is not None and self.reason is None:
            try:
                ready = self.server.wait_ready()
            except WarmUnavailable as exc:
                self.reason = str(exc)
            else:
                for name, why in ready["failed"].items():
                    self.log(f"warm kernels: cannot preload {name} ({why}); each kernel imports it itself")
                self.log(
                    f"warm kernels: {len(ready['imported'])} modules imported once "
                    f"({ready['cpu_seconds']:.1f} s CPU); each report runs in a kernel forked from them"
                )
                return self.server.address
        self.log(f"plain kernels: {self.reason}")
        return None

    def close(self) -> None:
        """Stop the server (and its kernels); safe to call more than once."""
        if self.server is not None:
            self.server.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def preload_runner(hooks=None) -> None:
    """Import what a worker needs to run and convert reports (papermill, nbconvert and its compiled
    templates, pandas and openpyxl for the workbook) in this process.

    The run calls it before it forks its workers, so that they start with it done; ``hooks``
    (:class:`zhili_data.publish.hooks.Hooks`) let it write a page's words and a workbook too.
    """
    if _THIS_PROCESS.runner_preloaded:  # a worker forked from a run that did it already
        return
    process.skip_iri_grammar()  # before papermill imports nbformat
    import papermill  # noqa: F401

    from zhili_data.publish import convert, tables

    convert.prepare(hooks)
    tables.prepare(hooks)
    _THIS_PROCESS.runner_preloaded = True


# --------------------------------------------------------------------------- the worker's side
# (the jupyter_client and papermill classes are in zhili_data.publish.forked_kernel)


def note_fallback(reason: str) -> None:
    """Record that a kernel of this process was started the plain way, and why (see :func:`take_fallbacks`)."""
    _THIS_PROCESS.fallbacks.append(reason)


def take_fallbacks() -> list[str]:
    """Why kernels of this process were started the plain way since the last call (for the run's log)."""
    reasons, _THIS_PROCESS.fallbacks = _THIS_PROCESS.fallbacks, []
    return reasons


if __name__ == "__main__":
    code = serve(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
    # The run waits for the server to end. It has nothing left to close (its output goes to
    # /dev/null, its folder is removed), so it skips the interpreter's tear-down of its imports.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
