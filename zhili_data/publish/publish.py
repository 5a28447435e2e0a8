"""Atomic publishing of the output folder.

A run builds the complete new folder in ``.<out>.staging-<pid>`` next to ``<out>`` (same file
system, so renames are atomic), then swaps the two directories. Readers see either the old
folder or the new one, never a mixture; a run killed at any point leaves the last published
folder in place, and the next run cleans up what it left.

Only a folder this tool published (its ``manifest.json`` says so), an empty folder or a path
that does not exist is ever replaced: :func:`check_output` refuses anything else before a run
starts. Entries of a published folder that no run wrote (a ``.gitkeep``, a user's notes) are
carried into the new folder as they are: hard links to the same files, so their bytes, mode and
type are unchanged.

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
import stat
import sys
from pathlib import Path, PurePosixPath

from zhili_data.exceptions import ZhiliError
from zhili_data.publish.manifest import ManifestError, load_manifest

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class PublishError(ZhiliError, OSError):
    """The output folder could not be swapped in; the previous one is still published."""


# A folder holding only these counts as empty (a checkout ships outputs/.gitkeep); they are carried over.
PLACEHOLDERS = frozenset({".gitkeep", ".keep"})


class UnsafeOutputError(ZhiliError, ValueError):
    """``--out`` names something a run must not replace; nothing was touched."""


_WAY_OUT = (
    "nothing was changed. Pass --out a new or empty folder; if this is an output folder whose "
    "manifest.json was lost or damaged, move it aside (mv {out} {out}.old) and run again: "
    "the next run rebuilds every report"
)


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISREG: "a regular file",
        stat.S_ISLNK: "a symbolic link",
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a folder")


def check_output(out: Path) -> Path:
    """The output folder to publish to, made absolute; :class:`UnsafeOutputError` unless it is
    absent, an empty folder (a ``.gitkeep`` allowed) or a folder a run published. Only reads."""
    given = Path(out)
    absolute = Path(os.path.abspath(given))
    try:
        st = os.lstat(absolute)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UnsafeOutputError(f"--out {given}: cannot look at it ({exc.strerror}); nothing was changed") from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        target = absolute.resolve()
        if not target.is_dir():
            raise UnsafeOutputError(
                f"--out {given}: is a symbolic link to {os.readlink(absolute)}, which is not a folder; refusing to replace "
                "it; nothing was changed. Pass --out a folder"
            )
        return check_output(target)
    resolved = absolute.parent.resolve() / absolute.name if absolute.name else absolute
    if resolved.parent == resolved or not resolved.name:
        raise UnsafeOutputError(
            f"--out {given}: is the root of the file system; nothing was changed. Pass --out a folder of its own"
        )
    if st is None:
        return resolved
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeOutputError(
            f"--out {given}: is {_kind(st.st_mode)}, not a folder; refusing to replace it; nothing was changed"
        )
    try:
        empty = all(e.name in PLACEHOLDERS and e.is_file(follow_symlinks=False) for e in os.scandir(resolved))
    except OSError as exc:
        raise UnsafeOutputError(f"--out {given}: cannot list it ({exc.strerror}); nothing was changed") from None
    if empty:
        return resolved
    try:
        manifest = load_manifest(resolved)
    except ManifestError as exc:
        raise UnsafeOutputError(
            f"--out {given}: its manifest.json is unusable ({exc}), so it cannot be told from a folder `zhili run` "
            f"did not publish; refusing to replace it; " + _WAY_OUT.format(out=given)
        ) from None
    if manifest is None:
        raise UnsafeOutputError(
            f"--out {given}: is a folder that is not empty and holds no manifest.json: not a folder `zhili run` "
            f"published; refusing to replace it; " + _WAY_OUT.format(out=given)
        )
    return resolved


def staging_path(out: Path) -> Path:
    # One name per run: a worker orphaned by a killed run can never write into a later run's folder.
    return out.parent / f".{out.name}.staging-{os.getpid()}"


def private_path(out: Path) -> Path:
    """The run's private folder (mode 700, never published): kernel connection files and
    temporary files. A killed run's is removed by the next run."""
    return out.parent / f".{out.name}.private-{os.getpid()}"


def _leftover_stagings(out: Path) -> list[Path]:
    """This output folder's staging and private folders left by earlier runs.

    The names are compared as text, never as a pattern: ``--out`` may hold ``* ? [ ]``, and a glob
    built from it would match another output's folders (and miss its own)."""
    prefixes = (f".{out.name}.staging-", f".{out.name}.private-")
    try:
        names = os.listdir(out.parent)
    except OSError:
        return []
    found = []
    for name in names:
        for prefix in prefixes:
            if name.startswith(prefix) and name[len(prefix) :].isdigit():
                found.append(out.parent / name)
    return sorted(found)


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


def new_private(out: Path) -> Path:
    private = private_path(out)
    if private.exists():
        remove(private)
    private.mkdir(mode=0o700)
    os.chmod(private, 0o700)  # whatever the umask
    return private


def link_or_copy(source: Path, target: Path) -> None:
    """Carry a published entry into the staging folder without rewriting it.

    A hard link keeps the entry's inode, mode and mtime, so an unchanged report stays
    byte-for-byte the same file (and a user's named pipe stays a named pipe); copying is the
    fallback where links are not allowed. Never replaces what the target folder already holds.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    mode = os.lstat(source).st_mode
    if stat.S_ISLNK(mode):
        os.symlink(os.readlink(source), target)
    elif stat.S_ISFIFO(mode):
        os.mkfifo(target, stat.S_IMODE(mode))
    elif stat.S_ISREG(mode):
        if target.exists():
            raise PublishError(errno.EEXIST, "already in the new folder", str(target))
        shutil.copy2(source, target)
    else:
        raise PublishError(errno.EPERM, f"cannot carry {_kind(mode)} into the new folder", str(source))


def foreign_entries(out: Path, managed: set[str]) -> list[str]:
    """Entries of ``out`` that no run wrote (relative paths), given the files runs wrote.

    A folder is listed whole unless it holds a file a run wrote (``tables/``), in which case
    what else it holds is looked at entry by entry.
    """
    if not out.is_dir() or out.is_symlink():
        return []
    managed_folders = {parent.as_posix() for m in managed for parent in PurePosixPath(m).parents} - {"."}
    found = []

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            relative = prefix + entry.name
            if relative in managed:
                continue
            if relative in managed_folders and entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), relative + "/")
            else:
                found.append(relative)

    walk(out, "")
    return found


def carry_folder(source: Path, target: Path) -> None:
    """A folder no run made, with everything in it, into the staging folder as it is."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        if entry.is_dir(follow_symlinks=False):
            carry_folder(Path(entry.path), target / entry.name)
        else:
            link_or_copy(Path(entry.path), target / entry.name)
    shutil.copystat(source, target, follow_symlinks=False)


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
    """Make ``staging`` the published ``out``; the old folder is removed afterwards.

    The new folder gets the old one's permissions (a folder kept private stays private).
    """
    if out.is_dir():
        shutil.copymode(out, staging)
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
