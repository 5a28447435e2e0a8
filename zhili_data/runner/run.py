"""A whole run: check, execute in parallel, assemble, publish atomically.

Exit codes (also in ``zhili run --help`` and the README):

====  ==========================================================================
0     every report is ok (run now or reused unchanged)
1     at least one report failed; the others were published, and the failed one
      keeps its last good page
2     bad config or parameters; nothing was executed or written
3     another run holds the lock of the same output folder
4     the output folder could not be published (e.g. no permission)
130   interrupted (Ctrl-C); the published folder is unchanged
====  ==========================================================================
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from zhili_data.runner.config import ConfigError, KernelSettings, ReportSpec, did_you_mean, load_config
from zhili_data.runner.inspection import ParameterError
from zhili_data.runner.lock import RunLockedError, run_lock
from zhili_data.runner.progress import Progress

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_PUBLISH, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
DEFAULT_KERNEL = "python3"


@dataclass
class RunOptions:
    config: Path
    out: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    params: list[str] = field(default_factory=list)  # raw --param texts
    reports: list[str] = field(default_factory=list)  # only these names; empty: all
    wait: float | None = 0  # seconds to wait for the lock; None: as long as it takes
    kernel_name: str = DEFAULT_KERNEL
    timeout: float | None = None  # per cell, seconds


@dataclass
class Planned:
    """One report of this run, with what decides whether it runs."""

    spec: ReportSpec
    passed: dict  # parameters papermill is given
    inputs_sha256: str
    notebook_sha256: str
    previous: dict | None = None  # its entry in the published manifest
    reuse: bool = False
    effective: dict = field(default_factory=dict)
    lang: str = "zh"
    data_version: str = ""


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _select(specs: list[ReportSpec], names: list[str]) -> list[ReportSpec]:
    known = [s.name for s in specs]
    for name in names:
        if name not in known:
            raise ConfigError(f"--only {name!r}: no such report{did_you_mean(name, known)}; configured: {', '.join(known)}")
    return [s for s in specs if not names or s.name in names]


def _route_overrides(selected: list[ReportSpec], texts: list[str], declared_of) -> dict[str, dict]:
    """``--param`` texts → the typed overrides of each report (by name)."""
    from zhili_data.runner.inspection import check_value, parse_override, parse_value

    routed: dict[str, dict] = {s.name: {} for s in selected}
    for text in texts:
        target, name, raw = parse_override(text)
        if target is not None and target not in routed:
            raise ParameterError(f"--param {text!r}: no report {target!r} in this run{did_you_mean(target, routed)}")
        takers = [s for s in selected if (target is None or s.name == target)]
        applied = False
        for spec in takers:
            declared = declared_of(spec)
            if name not in declared:
                if target is not None:
                    raise ParameterError(
                        f"--param {text!r}: report {spec.name!r} ({spec.notebook.name}) has no parameter {name!r}"
                        f"{did_you_mean(name, declared)}; allowed: {', '.join(declared)}"
                    )
                continue
            value = parse_value(raw, declared[name])
            routed[spec.name][name] = check_value(name, value, declared[name], where=f"--param {text!r} for {spec.name!r}")
            applied = True
        if not applied:
            every = sorted({n for s in takers for n in declared_of(s)})
            raise ParameterError(
                f"--param {text!r}: no report in this run has a parameter {name!r}{did_you_mean(name, every)}; "
                f"allowed: {', '.join(every)}"
            )
    return routed


def _check_values(item: Planned, where: str) -> None:
    """Values checked by the project's own rules (``zhili_data.params``) for the notebooks it knows.

    The notebooks run the same check in their first cell; running it here stops a bad value
    (``lang=klingon``) before any kernel starts. Only parameters a run passes are new; the
    notebook's own defaults are tested with the notebook.
    """
    if not item.passed:
        return
    from zhili_data import params as rules

    notebook = item.spec.notebook.stem
    if notebook not in rules.NOTEBOOK_PARAMETERS:
        return
    try:
        rules.validate_parameters(notebook, **item.effective)
    except (rules.ParameterError, TypeError) as exc:
        raise ParameterError(f"{where}: {exc}") from None


def _files_of(entry: dict) -> list[str]:
    """The published files of one manifest entry, relative to the output folder."""
    files = [entry.get("html"), entry.get("executed_notebook"), entry.get("good_notebook")]
    files += [t["csv"] for t in entry.get("tables", [])]
    return [f for f in files if f]


def _complete(out: Path, entry: dict) -> bool:
    return all((out / f).is_file() for f in _files_of(entry))


def execute_reports(tasks: list[dict], *, jobs: int, progress: Progress, kernels: KernelSettings | None = None) -> dict[str, dict]:
    """Run each task in a pool of worker processes; results by report name."""
    from zhili_data.runner import warm
    from zhili_data.runner.execute import KERNEL_ENV

    kernels = kernels or KernelSettings(warm=False)
    with warm.WarmKernels(kernels, kernel_name=tasks[0]["kernel_name"], env={**os.environ, **KERNEL_ENV}, log=progress.log) as warm_kernels:
        warm.preload_runner()  # while the kernel server imports: the workers inherit it
        address = warm_kernels.address()
        return _execute_in_pool([{**task, "fork_server": address} for task in tasks], jobs=jobs, progress=progress)


def _execute_in_pool(tasks: list[dict], *, jobs: int, progress: Progress) -> dict[str, dict]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from zhili_data.runner.execute import init_worker, run_report

    results: dict[str, dict] = {}
    # fork: a worker starts in milliseconds and inherits the already-imported runner
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(tasks))), mp_context=context, initializer=init_worker) as pool:
        futures = {pool.submit(run_report, task): task for task in tasks}
        try:
            for future in as_completed(futures):
                task = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    result = {"name": task["name"], "status": "failed", "seconds": 0.0, "tables": [], "html": None,
                              "executed_notebook": None,
                              "error": {"ename": "WorkerDied", "evalue": f"the worker process running it died ({exc})",
                                        "cell_index": None, "execution_count": None, "cell_source": "", "traceback": ""}}
                results[task["name"]] = result
                for note in result.get("kernel_notes") or []:
                    progress.log(f"{task['name']}: plain kernel: {note}")
                progress.advance(f"{task['name']} {result['status']} ({result['seconds']:.1f} s)")
        except KeyboardInterrupt:
            for future in futures:
                future.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            raise
    return results


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler stopping the job), handled like Ctrl-C: clean up, publish nothing."""


def _raise_terminated(signum, frame):
    raise _Terminated()


def run(options: RunOptions, *, progress: Progress | None = None) -> int:
    """Execute and publish the configured reports; returns the exit code."""
    import signal
    import threading

    progress = progress or Progress()
    started = time.monotonic()
    out = Path(options.out).resolve()
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _raise_terminated) if on_main_thread else None
    try:
        specs = _select(load_config(options.config), options.reports)
        if options.jobs < 1:
            raise ConfigError(f"--jobs {options.jobs}: must be at least 1")
        with run_lock(out, wait=options.wait):
            return _run_locked(options, specs, out, progress, started)
    except (ConfigError, ParameterError) as exc:
        progress.log(f"error: {exc}", important=True)
        return EXIT_BAD_INPUT
    except RunLockedError as exc:
        progress.log(f"error: {exc}", important=True)
        return EXIT_LOCKED
    except OSError as exc:  # e.g. no permission to create the staging folder next to the output
        progress.log(f"error: cannot publish to {out}: {exc}; the published reports are unchanged", important=True)
        return EXIT_PUBLISH
    except KeyboardInterrupt as exc:
        what = "terminated" if isinstance(exc, _Terminated) else "interrupted"
        progress.log(f"{what}; the published reports are unchanged", important=True)
        return EXIT_INTERRUPTED
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous_handler)
        progress.close()


def _run_locked(options: RunOptions, specs: list[ReportSpec], out: Path, progress: Progress, started: float) -> int:
    from zhili_data.runner import manifest as mf
    from zhili_data.runner import publish
    from zhili_data.runner.inspection import check_parameters, declared_parameters, effective_parameters

    for line in publish.recover(out):
        progress.log(line)
    previous = mf.read_manifest(out)
    previous_entries = {e["name"]: e for e in previous["reports"]} if previous else {}

    declared_cache: dict[Path, dict] = {}

    def declared_of(spec: ReportSpec) -> dict:
        if spec.notebook not in declared_cache:
            declared_cache[spec.notebook] = declared_parameters(spec.notebook)
        return declared_cache[spec.notebook]

    overrides = _route_overrides(specs, options.params, declared_of) if options.params else {}

    planned: list[Planned] = []
    for spec in specs:
        passed = {**spec.parameters, **overrides.get(spec.name, {})}
        notebook_sha = mf.sha256_file(spec.notebook)
        key = mf.report_inputs_hash(notebook_sha256=notebook_sha, parameters=passed, kernel_name=options.kernel_name)
        item = Planned(spec, passed, key, notebook_sha, previous=previous_entries.get(spec.name))
        item.reuse = (
            not options.force
            and item.previous is not None
            and item.previous.get("status") == "ok"
            and item.previous.get("inputs_sha256") == key
            and _complete(out, item.previous)
        )
        planned.append(item)

    # Reports of the config that this run does not select (--only) keep their published state.
    configured = [s.name for s in load_config(options.config)] if options.reports else [p.spec.name for p in planned]
    selected = {p.spec.name for p in planned}
    carried = [previous_entries[n] for n in configured if n not in selected and n in previous_entries]
    order = [n for n in configured if n in selected or n in previous_entries]

    to_run = [p for p in planned if not p.reuse]
    if not to_run and previous is not None and order == list(previous_entries) and (out / "index.html").is_file():
        progress.log(f"{len(planned)} report(s) unchanged; {out} is up to date (--force re-runs)")
        return EXIT_OK

    # Every parameter is checked before any kernel starts.
    from zhili_data.catalog import DEFAULT_REPORT, UnknownReportError

    for item in to_run:
        spec = item.spec
        declared = declared_of(spec)
        where = f"report {spec.name!r} ({spec.notebook.name})"
        item.passed = check_parameters(item.passed, declared, where=where)
        item.effective = effective_parameters(item.passed, declared)
        item.lang = str(item.effective.get("lang", "zh"))
        _check_values(item, where)
        report_id = item.effective.get("report")
        try:
            item.data_version = mf.data_version(report_id if isinstance(report_id, str) else DEFAULT_REPORT)
        except UnknownReportError as exc:
            raise ParameterError(f"{where}: parameter 'report': {exc}") from None

    staging = publish.new_staging(out)
    try:
        return _build_and_publish(options, out, staging, planned, to_run, carried, order, previous, progress, started)
    except BaseException:
        publish.remove(staging)
        raise


def _build_and_publish(options, out, staging, planned, to_run, carried, order, previous, progress, started) -> int:
    from zhili_data.runner import manifest as mf
    from zhili_data.runner import publish
    from zhili_data.runner.index import write_index

    # Files in the output folder that no run made (e.g. a .gitkeep) are carried over as they are.
    managed = {"index.html", mf.MANIFEST_NAME}
    for entry in previous["reports"] if previous else []:
        managed.update(_files_of(entry))
    if out.is_dir():
        for path in out.rglob("*"):
            relative = path.relative_to(out).as_posix()
            if path.is_file() and relative not in managed:
                publish.link_or_copy(path, staging / relative)

    entries: dict[str, dict] = {}
    for entry in carried:
        for relative in _files_of(entry):
            if (out / relative).is_file():
                publish.link_or_copy(out / relative, staging / relative)
        entries[entry["name"]] = entry
    for item in planned:
        if item.reuse:
            for relative in _files_of(item.previous):
                publish.link_or_copy(out / relative, staging / relative)
            entries[item.spec.name] = {**item.previous, "reused": True}

    generated = _now()
    tasks = []
    # Longest first (by the last published duration) keeps every worker busy to the end.
    for item in sorted(to_run, key=lambda p: -(p.previous or {}).get("seconds", 0.0)):
        tasks.append(
            {
                "name": item.spec.name,
                "notebook": str(item.spec.notebook),
                "parameters": item.passed,
                "effective_parameters": item.effective,
                "title": item.spec.title_for(item.lang),
                "lang": item.lang,
                "data_version": item.data_version,
                "generated": generated,
                "kernel_name": options.kernel_name,
                "timeout": options.timeout,
                "folder": str(staging),
            }
        )
    reused = len(planned) - len(to_run)
    progress.log(
        f"running {len(tasks)} report(s) with {min(options.jobs, len(tasks))} job(s)"
        + (f"; {reused} unchanged, reused" if reused else "")
    )
    progress.start(len(tasks))
    if tasks:
        from zhili_data.runner import config, warm

        kernels = config.load_kernel_settings(options.config, default_preload=warm.DEFAULT_PRELOAD)
        results = execute_reports(tasks, jobs=options.jobs, progress=progress, kernels=kernels)
    else:
        results = {}
    progress.close()

    failed = []
    for item in to_run:
        result = results[item.spec.name]
        entry = {
            "name": item.spec.name,
            "notebook": _display_path(item.spec.notebook, options.config),
            "parameters": item.effective,
            "html": result["html"],
            "status": result["status"],
            "seconds": result["seconds"],
            "cpu_seconds": result.get("cpu_seconds"),
            "title": item.spec.title_for(item.lang),
            "lang": item.lang,
            "data_version": item.data_version,
            "run_at": generated,
            "inputs_sha256": item.inputs_sha256,
            "notebook_sha256": item.notebook_sha256,
            "passed_parameters": item.passed,
            "executed_notebook": result["executed_notebook"],
            "tables": result["tables"],
            "error": result["error"],
            "reused": False,
        }
        if result["status"] != "ok":
            failed.append(item.spec.name)
            _keep_last_good(out, staging, item, entry)
            progress.log(f"{item.spec.name} FAILED: {result['error']['ename']}: {result['error']['evalue']}", important=True)
        entries[item.spec.name] = entry

    hashes = mf.catalogue_hashes()
    manifest = {
        "format": mf.FORMAT,
        "generated": generated,
        "config": _display_path(Path(options.config).resolve(), options.config),
        "reports": [entries[name] for name in order],
        "inputs": {
            "figures": hashes["figures"],
            "source": hashes["source"],
            "notebooks": {entries[n]["notebook"]: entries[n].get("notebook_sha256") for n in order},
            "parameters": {n: mf.sha256_json(entries[n].get("passed_parameters", {})) for n in order},
            "code": mf.code_hash(),
        },
        "packages": mf.package_versions(),
    }
    write_index(staging, manifest)
    mf.write_manifest(staging, manifest)
    try:
        publish.swap_in(staging, out)
    except OSError as exc:
        publish.remove(staging)
        progress.log(f"error: could not publish {out}: {exc}; the previous reports are unchanged", important=True)
        return EXIT_PUBLISH
    elapsed = time.monotonic() - started
    not_ok = [name for name in order if entries[name]["status"] != "ok"]
    progress.log(
        f"published {out} in {elapsed:.1f} s: {len(order) - len(not_ok)} ok"
        + (f", {len(not_ok)} failed ({', '.join(not_ok)})" if not_ok else ""),
        important=bool(not_ok),
    )
    return EXIT_FAILED if failed else EXIT_OK


def _keep_last_good(out: Path, staging: Path, item: Planned, entry: dict) -> None:
    """Drop what the failed attempt produced, except its executed notebook, and carry the
    last good page, notebook and tables of the report into the new folder."""
    from zhili_data.runner import publish

    name = item.spec.name
    for leftover in (staging / f"{name}.html", staging / f"{name}.ipynb", staging / "tables" / name):
        if leftover.exists():
            publish.remove(leftover)
    entry["html"], entry["tables"], entry["good_notebook"], entry["last_good_run_at"] = None, [], None, None
    previous = item.previous
    if not previous:
        return
    good = {
        "html": previous.get("html"),
        "good_notebook": previous.get("good_notebook") if previous.get("status") == "failed" else previous.get("executed_notebook"),
        "tables": previous.get("tables", []),
        "last_good_run_at": previous.get("last_good_run_at") if previous.get("status") == "failed" else previous.get("run_at"),
    }
    files = [good["html"], good["good_notebook"]] + [t["csv"] for t in good["tables"]]
    if not good["html"] or not all(f and (out / f).is_file() for f in files):
        return
    for relative in files:
        publish.link_or_copy(out / relative, staging / relative)
    entry.update(good)


def _display_path(path: Path, config: Path) -> str:
    """``path`` relative to the folder holding the config's folder (the project root)."""
    root = Path(config).resolve().parent.parent
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
