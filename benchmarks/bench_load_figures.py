"""How long load_figures() takes after import, against reading figures.csv with plain pandas.

Run: .venv/bin/python benchmarks/bench_load_figures.py   (or `make bench`)

Each measurement starts a fresh interpreter so the in-process cache and imports are cold, then
times in that one run: importing zhili_data, the first load_figures() (validation gate + parse +
derive + cache), a second load_figures() (cached copy), and as the baseline a bare pandas.read_csv
of the same file. Exits 1 if the first call after import takes 0.2 s or more.

The gate validates a report once per content (zhili_data.core.gate remembers a pass under the sha256
of the inputs), as every kernel of `zhili run` would otherwise pay for it: the script measures,
in a cache folder of its own, the very first call (a full validation, not budgeted: `zhili run`
pays it once, before any kernel starts) and then the rounds with the pass remembered.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

BUDGET_SECONDS = 0.2
ROUNDS = 7

PROBE = r"""
import json, time
t0 = time.perf_counter()
import pandas as pd
import zhili_data
from zhili_data.core.catalog import get_report
t1 = time.perf_counter()
path = get_report().figures_path
pd.read_csv(path, dtype=str, keep_default_na=False)
t2 = time.perf_counter()
zhili_data.load_figures()
t3 = time.perf_counter()
zhili_data.load_figures()
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "baseline_read_csv": t2 - t1, "first_call": t3 - t2, "cached_call": t4 - t3}))
"""


def _probe(env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout)


def main() -> int:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ZHILI_CACHE_DIR": cache}
        env.pop("ZHILI_SKIP_VALIDATION", None)
        validating = _probe(env)
        runs = [_probe(env) for _ in range(ROUNDS)]
    print(
        f"load_figures() first call with nothing remembered (full validation): {validating['first_call'] * 1000:.1f} ms"
    )
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(f"load_figures() benchmark, median of {ROUNDS} fresh interpreters, validation pass remembered")
    for key, value in medians.items():
        print(f"  {key:<18} {value * 1000:8.1f} ms")
    ratio = medians["first_call"] / medians["baseline_read_csv"]
    print(
        f"  first call / bare read_csv: {ratio:.1f}x; cached call / first call: {medians['cached_call'] / medians['first_call']:.3f}"
    )
    within = medians["first_call"] < BUDGET_SECONDS
    print(f"  budget {BUDGET_SECONDS * 1000:.0f} ms for the first call after import: {'met' if within else 'EXCEEDED'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
