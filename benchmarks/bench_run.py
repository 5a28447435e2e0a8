"""Time `zhili run --force` against the plain way, in one run on the same machine.

The plain way is what one would script without `zhili run`: for each configured report, the
`papermill` command, then `jupyter nbconvert --to html`, one after the other.

    .venv/bin/python benchmarks/bench_run.py                 # the reports of notebooks/reports.toml
    .venv/bin/python benchmarks/bench_run.py --json benchmarks/results/bench_run.json

Prints both wall times, their ratio (goal: at most 0.35 on a 2-core machine) and the peak
memory of each way: the largest sum of the resident memory of every process of the way at
one moment (sampled every 50 ms with psutil), and the largest single process
(getrusage of the children).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zhili_data.runner.config import load_config  # noqa: E402


class TreeMemory:
    """Peak of the summed RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
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


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-3000:]}")


def plain_way(config: Path, work: Path) -> None:
    """papermill CLI, then jupyter nbconvert CLI, report after report."""
    papermill, jupyter = _bin("papermill"), _bin("jupyter")
    for spec in load_config(config):
        executed = work / f"{spec.name}.ipynb"
        _run([papermill, str(spec.notebook), str(executed), "--cwd", str(spec.notebook.parent),
              "-k", "python3", "--no-progress-bar", "-y", json.dumps(spec.parameters)])
        _run([jupyter, "nbconvert", "--to", "html", str(executed), "--output-dir", str(work)])


def zhili_way(config: Path, out: Path, jobs: int | None) -> None:
    command = [_bin("zhili"), "run", "--force", "--config", str(config), "--out", str(out)]
    if jobs:
        command += ["--jobs", str(jobs)]
    _run(command, stdin=subprocess.DEVNULL)


def timed(label: str, action) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with TreeMemory() as memory:
        started = time.perf_counter()
        action()
        seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "seconds": round(seconds, 2),
        "cpu_seconds": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 2),
        "peak_tree_rss_mb": round(memory.peak / 2**20),
        # ru_maxrss is in KiB on Linux; it is the largest single descendant so far
        "max_process_rss_mb": round(after.ru_maxrss / 1024),
    }
    print(f"{label:>6}: {result['seconds']:7.2f} s wall, {result['cpu_seconds']:7.2f} s CPU, "
          f"peak {result['peak_tree_rss_mb']} MB all processes together, "
          f"{result['max_process_rss_mb']} MB largest process", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=ROOT / "notebooks" / "reports.toml")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for zhili run (default: its own default)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)

    specs = load_config(args.config)
    print(f"{len(specs)} reports of {args.config}, {os.cpu_count()} CPU cores, Python {platform.python_version()}")
    work = Path(tempfile.mkdtemp(prefix="zhili-bench-"))
    try:
        # Warm the disk cache and matplotlib's font cache so that neither way pays for them.
        _run([sys.executable, "-c", "import pandas, seaborn, matplotlib.pyplot as plt, zhili_data; "
                                    "plt.figure(); plt.text(0, 0, '织里'); plt.savefig('/dev/null', format='png')"])
        (work / "plain").mkdir()
        plain = timed("plain", lambda: plain_way(args.config, work / "plain"))
        zhili = timed("zhili", lambda: zhili_way(args.config, work / "zhili" / "outputs", args.jobs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = zhili["seconds"] / plain["seconds"]
    print(f" ratio: {ratio:.3f} (zhili run / plain way; goal <= 0.35)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "measured": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "reports": [s.name for s in specs],
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "plain": plain,
            "zhili": zhili,
            "ratio": round(ratio, 3),
        }, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
