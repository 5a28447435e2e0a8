"""One run at a time per output folder.

The lock file sits next to the output folder (``.<out>.lock``), not inside it, because the
folder itself is swapped when a run publishes. The operating system releases the lock when
its holder dies, so a killed run never blocks the next one.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from zhili_data.exceptions import ZhiliError


class RunLockedError(ZhiliError, RuntimeError):
    """Another run holds the lock of the same output folder."""


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _owner_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock.owner"


def _describe_owner(out: Path) -> str:
    try:
        owner = json.loads(_owner_path(out).read_text(encoding="utf-8"))
        return f" (pid {owner['pid']}, started {owner['started']})"
    except (OSError, ValueError, KeyError):
        return ""


@contextlib.contextmanager
def run_lock(out: Path, *, wait: float | None = 0):
    """Hold the run lock of ``out``.

    ``wait=0`` refuses at once when another run holds it; ``wait=None`` waits as long as it
    takes; a number waits that many seconds.
    """
    from filelock import FileLock, Timeout

    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(out), timeout=-1 if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        advice = (
            f"gave up after waiting {wait:g} s"
            if wait
            else "try again when it has finished, or pass --wait to queue behind it"
        )
        raise RunLockedError(
            f"another `zhili run` is publishing to {out}{_describe_owner(out)}; it holds {lock_path(out)}: {advice}"
        ) from None
    try:
        # The lock file itself is truncated by every contender, so the holder's identity lives beside it.
        _owner_path(out).write_text(
            json.dumps({"pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S %z")}), encoding="utf-8"
        )
        yield
    finally:
        with contextlib.suppress(OSError):
            _owner_path(out).unlink()
        lock.release()
