"""Atomic publishing of the output folder.

A run builds the complete new folder in ``.<out>.staging-<pid>`` next to ``<out>`` (same file
system, so renames are atomic), then swaps the two directories. Readers see either the old
folder or the new one, never a mixture; a run killed at any point leaves the last published
folder in place, and the next run cleans up what it left.

On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call. Where that is unavailable the
old folder is first renamed aside to ``.<out>.previous``; a run killed between the two
renames leaves no ``<out>``, and :func:`recover` (called by every run, under the lock) puts
the previous folder back.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class PublishError(OSError):
    """The output folder could not be swapped in; the previous one is still published."""


def staging_path(out: Path) -> Path:
    # One name per run: a worker orphaned by a killed run can never write into a later run's folder.
    return out.parent / f".{out.name}.staging-{os.getpid()}"


def _leftover_stagings(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.staging-*"))


def previous_path(out: Path) -> Path:
    return out.parent / f".{out.name}.previous"


def remove(path: Path) -> None:
    """Delete a file or a whole folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def recover(out: Path) -> list[str]:
    """Undo what an interrupted run left behind; returns what was done, for the log.

    Must be called with the run lock held: it assumes no other run is publishing.
    """
    done = []
    previous = previous_path(out)
    if previous.exists() and not out.exists():
        previous.rename(out)
        done.append(f"restored {out} from {previous.name} (a run was interrupted while publishing)")
    for leftover in [previous, *_leftover_stagings(out)]:
        if leftover.exists():
            remove(leftover)
            done.append(f"removed {leftover.name} left by an interrupted run")
    return done


def new_staging(out: Path) -> Path:
    staging = staging_path(out)
    if staging.exists():
        remove(staging)
    staging.mkdir(parents=True)
    return staging


def link_or_copy(source: Path, target: Path) -> None:
    """Carry a published file into the staging folder without rewriting it.

    A hard link keeps the file's inode and mtime, so an unchanged report stays byte-for-byte
    the same file; copying is the fallback where links are not allowed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories; False when the platform cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # e.g. a file system without RENAME_EXCHANGE support
    raise PublishError(err, f"cannot swap {b} into place: {os.strerror(err)}", str(a))


def swap_in(staging: Path, out: Path) -> None:
    """Make ``staging`` the published ``out``; the old folder is removed afterwards."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        remove(staging)  # now holds the old folder
        return
    previous = previous_path(out)
    if previous.exists():
        remove(previous)
    out.rename(previous)
    try:
        staging.rename(out)
    except OSError:
        previous.rename(out)
        raise
    remove(previous)
