"""No process a run started outlives it: a watchdog that ends them all when the run ends, however it ends.

The kernels die with the run (``PR_SET_PDEATHSIG``), but not what they start: a notebook cell may
start a process in a session of its own, and the PDF printer's Playwright driver and its Chromium
linger for seconds after a ``kill -9`` of the run. Process groups cannot hold them (a new session
leaves the group), so a small watchdog process, started with the first kernel or printer, looks
at the run's process tree ten times a second (``/proc``) and remembers every process started
under it since the run began. The run is made a child subreaper meanwhile: a process whose parent
ends is adopted by the run, not by init, and so stays in the tree. When the run ends — it closes its end of a pipe, or the kernel
closes it for a run killed with ``kill -9`` — the watchdog kills every remembered process still
running, and the ones they started, then exits. The run waits for it, so nothing is left when
``zhili run`` returns.

The watchdog is this file run as a script by the same Python with ``-I -S`` (no site, no package
import: it starts in a few milliseconds), in a session of its own so that Ctrl-C in the terminal reaches the
run, not the watchdog. Linux only (``/proc``); elsewhere :func:`start` does nothing.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.1  # how often the watchdog looks at the run's process tree
SWEEP_SECONDS = 5.0  # how long the watchdog keeps killing what is left once the run has ended

_watchdog: subprocess.Popen | None = None
_pipe_w: int | None = None
_since: int | None = None  # when the run began, in ticks (see begin)
_PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _ticks_now() -> int:
    """The time since boot in clock ticks: the unit of a process's start time in /proc/<pid>/stat."""
    with open("/proc/uptime", encoding="ascii") as uptime:
        return int(float(uptime.read().split()[0]) * os.sysconf("SC_CLK_TCK"))


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time in ticks) of ``pid``; None when it has gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0], int(fields[19])


def _processes() -> dict[int, tuple[int, str, int]]:
    table = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (entry := _stat(int(name))) is not None:
            table[int(name)] = entry
    return table


def _descendants(roots: set[int], table: dict[int, tuple[int, str, int]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, stack = set(), list(roots)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def watch(run_pid: int, since: int, pipe_r: int) -> None:
    """The watchdog: remember what starts under ``run_pid`` from ``since`` (ticks), kill it all when ``pipe_r``
    closes; writes the pids it killed to standard output, one a line."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    me = os.getpid()
    known: dict[int, int] = {}  # pid -> start time, so that a reused pid is never killed
    while True:
        ready, _, _ = select.select([pipe_r], [], [], POLL_SECONDS)
        table = _processes()
        for pid in _descendants({run_pid}, table):
            if pid != me and table[pid][2] >= since:
                known.setdefault(pid, table[pid][2])
        known = {pid: start for pid, start in known.items() if pid in table and table[pid][2] == start}
        if ready and not os.read(pipe_r, 1):
            break
    deadline = time.monotonic() + SWEEP_SECONDS
    while time.monotonic() < deadline:
        table = _processes()
        alive = {pid for pid, start in known.items() if pid in table and table[pid][2] == start}
        alive |= _descendants(alive, table)
        alive = {pid for pid in alive if pid != me and table[pid][1] not in ("Z", "X")}
        if not alive:
            return
        for pid in alive:
            known.setdefault(pid, table[pid][2])
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
            try:
                print(pid, flush=True)
            except OSError:  # the run is gone: no one to tell
                pass
        time.sleep(0.02)


def begin() -> None:
    """Note that a run begins now: the processes started under this one from now on are the run's."""
    global _since
    try:
        _since = _ticks_now()
    except OSError:  # no /proc: nothing to watch
        _since = None


def start() -> None:
    """Start the run's watchdog, before the run starts kernels or a printer (once per run; a no-op without ``/proc``)."""
    global _watchdog, _pipe_w
    if _watchdog is not None or _since is None:
        return
    pipe_r, pipe_w = os.pipe()
    _watchdog = subprocess.Popen(
        [sys.executable, "-I", "-S", os.path.abspath(__file__), str(os.getpid()), str(_since), str(pipe_r)],
        pass_fds=(pipe_r,),
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    os.close(pipe_r)
    _pipe_w = pipe_w
    # A process whose parent ends (a kernel's child when the kernel is shut down) becomes this
    # process's child instead of init's, so it stays in the run's tree for the watchdog to see.
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def finish(timeout: float = SWEEP_SECONDS + 2) -> None:
    """End every process the run started that is still running, and the watchdog; a no-op when none was started."""
    global _watchdog, _pipe_w, _since
    _since = None  # a kernel started after the run is no longer the run's
    if _watchdog is None:
        return
    os.close(_pipe_w)
    try:
        killed, _ = _watchdog.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _watchdog.kill()
        killed, _ = _watchdog.communicate()
    _prctl(_PR_SET_CHILD_SUBREAPER, 0)
    # What was killed and had become this process's child (see start) is this process's to reap.
    for line in killed.split():
        try:
            os.waitpid(int(line), 0)
        except (ChildProcessError, ValueError):
            pass  # not a child of this process: its own parent reaps it
    _watchdog, _pipe_w = None, None


if __name__ == "__main__":  # the watchdog (see start)
    watch(*(int(arg) for arg in sys.argv[1:4]))
