"""Time `zhili run --force` against the plain way, in one run on the same machine, phase by phase.

The plain way is what one would script without `zhili run`: for each configured report, the
`papermill` command, then `jupyter nbconvert --to html`, one after the other. Both ways write an
executed notebook and an HTML page per report (the benchmark checks that they did).

    .venv/bin/python benchmarks/bench_run.py                 # the reports of notebooks/reports.toml
    .venv/bin/python benchmarks/bench_run.py --rounds 3 --json benchmarks/results/bench_run.json

Prints, for each way: wall time, CPU time of all its processes, the CPU of each phase, and the
peak memory; then their ratio (goal: `zhili run` at most 0.15 of the plain way on a 2-core
machine), and the time of a second `zhili run` with nothing changed (goal: under 0.5 s, no file
rewritten). With several rounds the two ways alternate and the median ratio is reported.

Phases (CPU seconds, summed over processes; together they make the total):

  kernel start   each kernel process until it can run its first cell (from inside the kernel)
  imports        the notebooks' set-up cells (imports, parameter check, style), in the kernels;
                 for `zhili run` also its fork server, which imports the heavy modules once
  execution      every other cell, in the kernels
  conversion     plain: the `jupyter nbconvert` processes; zhili: its workers' CPU for tables
                 and HTML (manifest.json, cpu_seconds.conversion)
  publishing     zhili: its main process after the last worker ended (index, manifest, swap);
                 plain: none (each command writes its file in place)
  runner         the rest: the papermill processes or zhili's main process and workers (start-up,
                 sending cells and collecting outputs, planning, kernel shut-down)

Kernel-side phases come from an IPython start-up file the benchmark installs in a temporary
IPYTHONDIR for both ways; it records the kernel's CPU when it is ready and around every cell.
Peak memory is the largest sum of the resident memory (RSS) of all processes of a way at one
moment, sampled every 50 ms, and the same for PSS (which shares a page between the processes
that share it: forked kernels share the server's imports), and the largest single process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zhili_data.publish.config import load_config  # noqa: E402

PHASES = ("kernel start", "imports", "execution", "conversion", "publishing", "runner")
SERVER_NAME = "zhili-forksrv"

KERNEL_PROBE = r"""
import json as _zb_json, os as _zb_os, resource as _zb_resource

def _zb_cpu():
    usage = _zb_resource.getrusage(_zb_resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

_zb = {"pid": _zb_os.getpid(), "ready": _zb_cpu(), "start": 0.0}

def _zb_pre(info):
    _zb["start"] = _zb_cpu()

def _zb_post(result):
    now = _zb_cpu()
    source = result.info.raw_cell if result.info is not None else ""
    setup = any(line.startswith(("import ", "from ")) for line in source.splitlines())
    with open(_zb_os.environ["ZHILI_BENCH_KERNEL_LOG"], "a", encoding="utf-8") as log:
        log.write(_zb_json.dumps({"pid": _zb["pid"], "ready": _zb["ready"], "cpu": now - _zb["start"],
                                  "setup": setup, "total": now}) + "\n")

get_ipython().events.register("pre_run_cell", _zb_pre)
get_ipython().events.register("post_run_cell", _zb_post)
"""


class Watch:
    """Samples every descendant of this process: peak RSS and PSS sums, largest process, and the
    last CPU seen of the processes whose CPU is not known otherwise (zhili's main process and
    fork server)."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_rss = self.peak_pss = self.max_rss = 0
        self.server_cpu = 0.0
        self.main_cpu_last_worker = None  # the main process's CPU when a worker was last seen
        self.main_cpu = 0.0
        self.main_pid: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            rss = pss = 0
            worker_seen = False
            for child in me.children(recursive=True):
                try:
                    with child.oneshot():
                        memory = child.memory_full_info()
                        times = child.cpu_times()
                        name = child.name()
                        ppid = child.ppid()
                except psutil.Error:
                    continue
                rss += memory.rss
                pss += getattr(memory, "pss", memory.rss)
                self.max_rss = max(self.max_rss, memory.rss)
                own = times.user + times.system
                if name == SERVER_NAME:
                    self.server_cpu = max(self.server_cpu, own)
                elif child.pid == self.main_pid:
                    self.main_cpu = max(self.main_cpu, own)
                elif ppid == self.main_pid:
                    worker_seen = True
            if worker_seen:
                self.main_cpu_last_worker = self.main_cpu
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _bin(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    if not candidate.exists():
        raise SystemExit(f"{candidate} not found: run the benchmark with the project's .venv/bin/python")
    return str(candidate)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], env: dict, **kwargs) -> float:
    """Run ``command``; its CPU (and that of every process it waited for)."""
    before = _children_cpu()
    result = subprocess.run(command, capture_output=True, text=True, env=env, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return _children_cpu() - before


def _kernel_phases(log: Path) -> tuple[dict[str, float], float]:
    """(kernel start, imports, execution) CPU summed over the kernels of ``log``; and their total."""
    kernels: dict[int, dict] = {}
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        record = json.loads(line)
        kernel = kernels.setdefault(record["pid"], {"ready": record["ready"], "setup": 0.0, "cells": 0.0, "total": 0.0})
        kernel["setup" if record["setup"] else "cells"] += record["cpu"]
        kernel["total"] = max(kernel["total"], record["total"])
    phases = {
        "kernel start": sum(k["ready"] for k in kernels.values()),
        "imports": sum(k["setup"] for k in kernels.values()),
        "execution": sum(k["cells"] for k in kernels.values()),
    }
    return phases, sum(k["total"] for k in kernels.values())


def plain_way(config: Path, work: Path, env: dict) -> dict:
    """papermill CLI, then jupyter nbconvert CLI, report after report."""
    papermill, jupyter = _bin("papermill"), _bin("jupyter")
    papermill_cpu = nbconvert_cpu = 0.0
    for spec in load_config(config):
        executed = work / f"{spec.name}.ipynb"
        papermill_cpu += _run(
            [
                papermill,
                str(spec.notebook),
                str(executed),
                "--cwd",
                str(spec.notebook.parent),
                "-k",
                "python3",
                "--no-progress-bar",
                "-y",
                json.dumps(spec.parameters),
            ],
            env,
        )
        nbconvert_cpu += _run([jupyter, "nbconvert", "--to", "html", str(executed), "--output-dir", str(work)], env)
        if not (executed.is_file() and executed.with_suffix(".html").is_file()):
            raise SystemExit(f"the plain way did not write {executed} and its HTML page")
    return {"papermill": papermill_cpu, "nbconvert": nbconvert_cpu}


def zhili_way(config: Path, out: Path, jobs: int | None, env: dict) -> dict:
    command = [_bin("zhili"), "run", "--force", "--format", "html", "--config", str(config), "--out", str(out)]
    if jobs:
        command += ["--jobs", str(jobs)]
    cpu = _run(command, env, stdin=subprocess.DEVNULL)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["reports"]:
        if (
            entry["status"] != "ok"
            or not (out / entry["html"]).is_file()
            or not (out / entry["executed_notebook"]).is_file()
        ):
            raise SystemExit(f"zhili run did not publish {entry['name']} (status {entry['status']})")
    return {"cpu": cpu, "reports": manifest["reports"]}


def measure(label: str, action, kernel_log: Path) -> tuple[dict, Watch, object]:
    kernel_log.unlink(missing_ok=True)
    before = _children_cpu()
    with Watch() as watch:
        started = time.perf_counter()
        detail = action(watch)
        seconds = time.perf_counter() - started
    result = {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(_children_cpu() - before, 2),
        "peak_tree_rss_mb": round(watch.peak_rss / 2**20),
        "peak_tree_pss_mb": round(watch.peak_pss / 2**20),
        "max_process_rss_mb": round(watch.max_rss / 2**20),
    }
    return result, watch, detail


def phases_plain(detail: dict, kernel_log: Path) -> dict[str, float]:
    phases, _ = _kernel_phases(kernel_log)
    phases["conversion"] = detail["nbconvert"]
    phases["publishing"] = 0.0
    phases["runner"] = detail["papermill"] + detail["nbconvert"] - sum(phases.values())
    return phases


def phases_zhili(detail: dict, watch: Watch, kernel_log: Path) -> dict[str, float]:
    phases, _ = _kernel_phases(kernel_log)
    phases["imports"] += watch.server_cpu
    phases["conversion"] = sum((e.get("cpu_seconds") or {}).get("conversion", 0.0) for e in detail["reports"])
    phases["publishing"] = max(0.0, watch.main_cpu - (watch.main_cpu_last_worker or watch.main_cpu))
    phases["runner"] = detail["cpu"] - sum(phases.values())
    return phases


def print_way(label: str, result: dict) -> None:
    print(
        f"{label:>6}: {result['seconds']:6.2f} s wall, {result['cpu_seconds']:6.2f} s CPU, peak "
        f"{result['peak_tree_rss_mb']} MB RSS ({result['peak_tree_pss_mb']} MB PSS) all processes together, "
        f"{result['max_process_rss_mb']} MB largest process",
        flush=True,
    )


def unchanged_run(out: Path, config: Path, env: dict) -> dict:
    """A second `zhili run` (no --force): its wall time and whether it rewrote anything."""

    def snapshot():
        return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in [out, *out.rglob("*")]}

    before = snapshot()
    started = time.perf_counter()
    cpu = _run(
        [_bin("zhili"), "run", "--format", "html", "--config", str(config), "--out", str(out)],
        env,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "rewrote_nothing": snapshot() == before}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=ROOT / "notebooks" / "reports.toml")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for zhili run (default: its own default)")
    parser.add_argument("--rounds", type=int, default=1, help="alternate the two ways this many times (default 1)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)

    specs = load_config(args.config)
    print(
        f"{len(specs)} reports of {args.config}, {os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    work = Path(tempfile.mkdtemp(prefix="zhili-bench-"))
    rounds = []
    try:
        ipython_dir = work / "ipython"
        (ipython_dir / "profile_default" / "startup").mkdir(parents=True)
        (ipython_dir / "profile_default" / "startup" / "00-bench-probe.py").write_text(KERNEL_PROBE, encoding="utf-8")
        kernel_log = work / "kernels.jsonl"
        env = {**os.environ, "IPYTHONDIR": str(ipython_dir), "ZHILI_BENCH_KERNEL_LOG": str(kernel_log)}
        # Warm the disk cache and matplotlib's font cache so that neither way pays for them.
        _run(
            [
                sys.executable,
                "-c",
                "import pandas, matplotlib.pyplot as plt, zhili_data, papermill, nbconvert; "
                "plt.figure(); plt.text(0, 0, '织里'); plt.savefig('/dev/null', format='png')",
            ],
            env,
        )
        for number in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"round {number} of {args.rounds}")
            plain_dir = work / f"plain-{number}"
            plain_dir.mkdir()
            plain, _, plain_detail = measure(
                "plain", lambda watch, plain_dir=plain_dir: plain_way(args.config, plain_dir, env), kernel_log
            )
            plain["phases"] = {k: round(v, 2) for k, v in phases_plain(plain_detail, kernel_log).items()}
            print_way("plain", plain)
            out = work / f"zhili-{number}" / "outputs"

            def run_zhili(watch, out=out):
                watch.main_pid = None
                process_started = threading.Event()

                def find_main():  # the zhili process: the only direct child while it runs
                    while not process_started.is_set():
                        children = psutil.Process().children()
                        if children:
                            watch.main_pid = children[0].pid
                            return
                        time.sleep(0.005)

                finder = threading.Thread(target=find_main, daemon=True)
                finder.start()
                try:
                    return zhili_way(args.config, out, args.jobs, env)
                finally:
                    process_started.set()

            zhili, zhili_watch, zhili_detail = measure("zhili", run_zhili, kernel_log)
            zhili["phases"] = {k: round(v, 2) for k, v in phases_zhili(zhili_detail, zhili_watch, kernel_log).items()}
            print_way("zhili", zhili)
            ratio = zhili["seconds"] / plain["seconds"]
            print(
                f" ratio: {ratio:.3f} (zhili run / plain way, wall; goal <= 0.15); CPU ratio "
                f"{zhili['cpu_seconds'] / plain['cpu_seconds']:.3f}"
            )
            print(f"  {'CPU s by phase':<14} {'plain':>7} {'zhili':>7}")
            for phase in PHASES:
                print(f"  {phase:<14} {plain['phases'][phase]:7.2f} {zhili['phases'][phase]:7.2f}")
            unchanged = unchanged_run(out, args.config, env)
            print(
                f"  zhili run with nothing changed: {unchanged['seconds']:.2f} s ({unchanged['cpu_seconds']:.2f} s CPU), "
                f"{'no file rewritten' if unchanged['rewrote_nothing'] else 'FILES REWRITTEN'}",
                flush=True,
            )
            rounds.append(
                {
                    "plain": plain,
                    "zhili": zhili,
                    "ratio": round(ratio, 3),
                    "unchanged": unchanged,
                    "load_average": round(os.getloadavg()[0], 2),
                }
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = [r["ratio"] for r in rounds]
    median = statistics.median(ratios)
    if len(rounds) > 1:
        print(f"median ratio over {len(rounds)} rounds: {median:.3f} (each: {', '.join(f'{r:.3f}' for r in ratios)})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "measured": datetime.now(UTC).isoformat(timespec="seconds"),
                    "reports": [s.name for s in specs],
                    "cpu_count": os.cpu_count(),
                    "python": platform.python_version(),
                    "rounds": rounds,
                    "median_ratio": round(median, 3),
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
