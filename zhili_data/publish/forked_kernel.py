"""The worker's side of warm kernels: jupyter_client and papermill classes that start a report's kernel
by asking the run's fork server (:mod:`zhili_data.publish.warm`) for it.

Only a worker imports this module, when it runs its first report in a forked kernel (it imports
jupyter_client and papermill, which the run's main process and the fork server need not).

How the pieces meet, through jupyter_client's public hooks:

* :class:`ForkedKernelProvisioner` is a kernel provisioner, registered under the entry point
  ``zhili-forked`` of the group ``jupyter_client.kernel_provisioners`` (pyproject.toml; it exists once
  the package is installed, e.g. by ``make setup``).
* A kernelspec selects its provisioner by a ``kernel_provisioner`` stanza in its metadata. The
  kernelspec on disk, which JupyterLab reads, is left as it is: :class:`ForkingKernelSpecManager`
  adds the stanza to the copy it hands :class:`WarmKernelManager`, in the worker's memory only.
* :class:`WarmKernelManager` is given to nbclient (through papermill) as ``kernel_manager_class``;
  it hands out :class:`WarmKernelClient` clients.
* :class:`WarmEngine` is the papermill engine these runs use (:data:`WARM_ENGINE`).

:func:`papermill_options` puts them together for ``papermill.execute_notebook``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import LocalPortCache
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from traitlets import Bool, Dict, Type, Unicode, default

from zhili_data.publish import warm

IOPUB_CONNECT_WAIT = 0.2  # seconds without an IOPub message after which a new kernel is asked again (as upstream)
KERNEL_RECONNECT_MS = 5  # how soon the client connects again to a kernel that is not listening yet
KERNEL_EXIT_POLL = 0.01  # seconds between looks whether a killed kernel has ended
KERNEL_EXIT_WAIT = 2.0  # seconds a kill waits for the server to report the kernel's end
MESSAGE_LIMIT = 1 << 22  # bytes of one message from the server
WARM_ENGINE = "zhili-warm"  # the papermill engine of forked kernels


def papermill_options(fork_server: str | None) -> dict:
    """Extra keyword arguments of ``papermill.execute_notebook`` that fork the kernel from ``fork_server``.

    Empty (the plain kernel) when there is no server. The kernel is ended at once after the last
    cell: every output has arrived by then, and a forked kernel has nothing to save (after a
    timeout it is ended gracefully, so that the interrupted cell keeps its traceback: see
    :class:`GracefulOnTimeoutClient`). What the kernel is told comes from
    :func:`zhili_data.publish.warm.next_kernel`.
    """
    if not fork_server:
        return {}
    from papermill.engines import papermill_engines
    from traitlets.config import Config

    papermill_engines.register(WARM_ENGINE, WarmEngine)
    settings = {"fork_server": fork_server, "project_fonts": warm.next_kernel_fonts()}
    return {
        "kernel_manager_class": WarmKernelManager,
        "config": Config({"WarmKernelManager": settings}),
        "shutdown_kernel": "immediate",
        "engine_name": WARM_ENGINE,
    }


class ForkedKernelProvisioner(LocalProvisioner):
    """A kernel forked by the fork server; falls back to the plain launch when it cannot be."""

    fork_server = Unicode("", help="the fork server's socket path; empty: plain launch").tag(config=True)
    project_fonts = Bool(True, help="whether the kernel adds the project's CJK fallback font again").tag(config=True)
    fallback_reason: str | None = None
    _conn: socket.socket | None = None
    _exit: int | None = None
    _buffer = b""

    @property
    def has_process(self) -> bool:
        return self.process is not None or (self.pid is not None and self._exit is None and self._conn is not None)

    async def launch_kernel(self, cmd, **kwargs):
        reason = self._refuse(cmd)
        if reason is None:
            try:
                return self._fork(cmd, kwargs)
            except warm.WarmUnavailable as exc:
                reason = str(exc)
            except (OSError, ValueError) as exc:
                reason = f"the kernel server did not answer ({exc})"
        self.fallback_reason = reason
        warm.note_fallback(reason)
        return await super().launch_kernel(cmd, **kwargs)

    def _refuse(self, cmd) -> str | None:
        if not self.fork_server:
            return "no kernel server in this run"
        if len(cmd) < 3 or cmd[0] != sys.executable or list(cmd[1:3]) != ["-m", warm.LAUNCHER]:
            return f"the kernel command is not {warm.LAUNCHER} of this Python ({' '.join(cmd[:3])})"
        return None

    def _fork(self, cmd, kwargs) -> dict:
        """Ask the server for a kernel running ``cmd`` and wait until it listens; its connection info."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.settimeout(warm.READY_TIMEOUT)
            conn.connect(self.fork_server)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            request = {"argv": list(cmd[3:]), "env": env, "cwd": cwd, "project_fonts": self.project_fonts}
            self._buffer = b""
            warm.send_line(conn, request)
            answer = self._message(conn) or {}
        except BaseException:
            conn.close()
            raise
        if "pid" not in answer:
            conn.close()
            raise warm.WarmUnavailable(answer.get("error", "the kernel server gave no pid in its answer"))
        self._conn, self.pid, self.pgid, self.cwd = conn, int(answer["pid"]), int(answer["pid"]), cwd
        self._exit = None
        try:
            self._take_own_ports(conn)
        except BaseException:
            self._close()  # the server kills a kernel whose connection closes
            self.pid = None
            raise
        conn.setblocking(False)
        return self.connection_info

    def _take_own_ports(self, conn: socket.socket) -> None:
        """Wait for the ports the kernel bound itself (see :func:`zhili_data.publish.warm._with_own_ports`)
        and use them."""
        while True:
            message = self._message(conn) or {"exit": -signal.SIGKILL}
            if "ports" in message:
                break
            if "error" in message or "exit" in message:
                why = message.get("error") or f"it exited with code {message['exit']}"
                raise warm.WarmUnavailable(f"the forked kernel died as it started: {why}")
        if self.ports_cached:  # the ports jupyter_client chose go back to its cache unused
            for name in warm.PORT_NAMES:
                LocalPortCache.instance().return_port(self.connection_info[name])
            self.ports_cached = False
        for name in warm.PORT_NAMES:
            setattr(self.parent, name, int(message["ports"][name]))
        self.connection_info = self.parent.get_connection_info()

    def _message(self, conn: socket.socket) -> dict | None:
        """The server's next message (blocking); None when it hung up first. Messages that arrive
        together (a kernel's error and its exit) are kept for the next call, and for :meth:`poll`."""
        while b"\n" not in self._buffer:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            self._buffer += chunk
            if len(self._buffer) > MESSAGE_LIMIT:
                raise warm.WarmUnavailable("the kernel server sent a message too long")
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    async def poll(self):
        if self.process is not None:
            return await super().poll()
        if self._exit is not None or self._conn is None:
            return self._exit if self._exit is not None else 0
        try:
            chunk = self._conn.recv(4096)
        except (BlockingIOError, InterruptedError):
            chunk = None
        except OSError:
            chunk = b""
        self._buffer += chunk or b""
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            message = json.loads(line)
            if "exit" in message:
                self._exit = int(message["exit"])
        if self._exit is None and chunk == b"":  # the server went away; its kernels die with it
            self._exit = -signal.SIGKILL
        return self._exit

    async def wait(self):
        if self.process is not None:
            return await super().wait()
        while await self.poll() is None:
            await asyncio.sleep(KERNEL_EXIT_POLL)
        self._close()
        return self._exit

    async def send_signal(self, signum: int) -> None:
        if self.process is not None:
            return await super().send_signal(signum)
        if self.pid is None or self._exit is not None:
            return
        warm.kill_group(self.pid, signum)

    async def kill(self, restart: bool = False) -> None:
        """SIGKILL the kernel; a forked one is also waited for (briefly).

        After a kill, jupyter_client looks every 0.1 s whether the kernel has ended; a forked
        kernel's end is one message from the server away, so it is waited for here, and
        jupyter_client's first look finds it ended.
        """
        await self.send_signal(signal.SIGKILL)
        if self.process is None:
            deadline = time.monotonic() + KERNEL_EXIT_WAIT
            while await self.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(KERNEL_EXIT_POLL)

    async def terminate(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGTERM)

    async def cleanup(self, restart: bool = False) -> None:
        self._close()  # the server kills a kernel whose connection closes
        await super().cleanup(restart=restart)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class ForkingKernelSpecManager(KernelSpecManager):
    """The installed kernelspecs, with :class:`ForkedKernelProvisioner` named in the metadata of the
    copy handed out (a kernelspec naming a provisioner of its own keeps it).

    The kernelspec files are not changed: JupyterLab and every other client keep starting the
    kernel their own way.
    """

    provisioner_config = Dict(help="the config the provisioner is created with").tag(config=True)

    def get_kernel_spec(self, kernel_name: str, **kwargs):
        spec = super().get_kernel_spec(kernel_name, **kwargs)
        if "kernel_provisioner" not in spec.metadata:
            stanza = {"provisioner_name": warm.PROVISIONER_NAME, "config": dict(self.provisioner_config)}
            spec.metadata = {**spec.metadata, "kernel_provisioner": stanza}
        return spec


class WarmKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel has answered.

    jupyter_client's own ``wait_for_ready`` takes any IOPub message after the ``kernel_info``
    reply as proof that IOPub is connected, then reads IOPub until it stays silent for 0.2 s:
    every kernel start waits 0.2 s for nothing. The proof is kept, the wait dropped: nbclient
    reads only the messages of the requests it sends, so a message left from the start (a
    status, ipykernel's ``iopub_welcome``) can never reach a notebook.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # as upstream: no IOPub message within 0.2 s means IOPub is not connected yet
                    await self.iopub_channel.get_msg(timeout=IOPUB_CONNECT_WAIT)
                except Empty:
                    pass
                else:
                    _adopt_protocol_version(self, reply)
                    return
            # The errors upstream raises (RuntimeError), as the run's own kind of them.
            if not await self.is_alive():
                raise warm.WarmUnavailable("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise warm.WarmUnavailable(f"Kernel didn't respond in {timeout:g} seconds")


def _adopt_protocol_version(client: AsyncKernelClient, reply: dict) -> None:
    """What jupyter_client's ``wait_for_ready`` does with the ``kernel_info`` reply it waited for: adapt
    the client's session to the kernel's protocol version.

    Private use, kept here alone: jupyter_client has no public name for this step, and
    :meth:`WarmKernelClient.wait_for_ready` replaces the public method that takes it.
    """
    client._handle_kernel_info_reply(reply)


class WarmKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, with kernels forked by the run's fork server."""

    fork_server = Unicode("", help="the fork server's socket path").tag(config=True)
    project_fonts = Bool(True, help="whether the kernel adds the project's CJK fallback font again").tag(config=True)
    client_factory = Type(default_value=WarmKernelClient, klass=AsyncKernelClient)

    @default("kernel_spec_manager")
    def _forking_kernel_spec_manager(self) -> ForkingKernelSpecManager:
        config = {"fork_server": self.fork_server, "project_fonts": self.project_fonts}
        return ForkingKernelSpecManager(data_dir=self.data_dir, provisioner_config=config)

    @default("context")
    def _context_default(self):
        # The client connects while the forked kernel is still binding its ports, and ZMQ tries
        # again only after its reconnect interval (0.1 s by default): try sooner.
        import zmq.asyncio

        # Private use: the default this replaces sets this flag, so that the manager destroys the
        # context it made when it cleans up; jupyter_client has no public way to say so.
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, KERNEL_RECONNECT_MS)
        return context


class GracefulOnTimeoutClient(PapermillNotebookClient):
    """papermill's client, which ends the kernel gracefully after a cell timed out.

    A forked kernel is ended at once after the last cell (``shutdown_kernel="immediate"``). After a
    timeout that kill came right after the interrupt, before the kernel could send the
    ``KeyboardInterrupt`` traceback of the hung line: the cell was saved with no output. A plain
    kernel's graceful shutdown gives the traceback time to arrive, so a timed-out report's kernel
    is ended that way here too.

    Private use, kept here alone: nbclient calls ``_async_handle_timeout`` when a cell times out and
    offers no public hook at that moment.
    """

    async def _async_handle_timeout(self, timeout, cell=None):
        self.shutdown_kernel = "graceful"
        return await super()._async_handle_timeout(timeout, cell)


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine with :class:`GracefulOnTimeoutClient` as its client."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        import papermill.engines as engines

        original = engines.PapermillNotebookClient
        engines.PapermillNotebookClient = GracefulOnTimeoutClient  # a worker runs one report at a time
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        finally:
            engines.PapermillNotebookClient = original
