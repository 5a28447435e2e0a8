"""One run at a time per output folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from zhili_data.publish.lock import RunLockedError, run_lock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from zhili_data.publish.lock import run_lock
    with run_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def _hold_lock(out, seconds):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_lock_refuses_a_second_run_and_names_the_holder(tmp_path):
    out = tmp_path / "outputs"
    holder = _hold_lock(out, 30)
    try:
        with pytest.raises(RunLockedError) as caught, run_lock(out, wait=0):
            pass
        message = str(caught.value)
        assert f"pid {holder.pid}" in message and str(out) in message and "--wait" in message
    finally:
        holder.kill()
        holder.wait()
    with run_lock(out, wait=0):  # the dead holder's lock is gone with it
        pass


def test_lock_waits_when_asked(tmp_path):
    out = tmp_path / "outputs"
    holder = _hold_lock(out, 1.5)
    started = time.monotonic()
    with run_lock(out, wait=30):
        waited = time.monotonic() - started
    holder.wait()
    assert holder.returncode == 0
    assert 0.5 < waited < 30


def test_owner_record_is_json(tmp_path):
    out = tmp_path / "outputs"
    with run_lock(out):
        owner = json.loads((tmp_path / ".outputs.lock.owner").read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid()
