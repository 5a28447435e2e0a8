"""A whole run: check, execute in parallel, assemble, publish atomically.

Everything that can refuse a run is checked before the lock file is made and before any
kernel starts: the config, the output folder (:func:`publish.check_output`), every parameter,
the kernel and the curated data of every report that will run (the checks of ``zhili validate``).

Exit codes (also in ``zhili run --help`` and the README):

====  ==========================================================================
0     every report is ok (run now or reused unchanged)
1     at least one report failed; the others were published, and the failed one
      keeps its last good page
2     refused: bad config, parameters, kernel, data or output folder, or a PDF
      wanted and no Chromium to print it; nothing was executed or written
3     another run holds the lock of the same output folder
4     the output folder could not be published (e.g. no permission)
130   interrupted (Ctrl-C); the published folder is unchanged
====  ==========================================================================
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from zhili_data.exceptions import ParameterError, ZhiliError
from zhili_data.protocol import SKIP_VALIDATION_VARIABLE, SLIDES_ONLY_TAG
from zhili_data.publish import reaper
from zhili_data.publish.config import (
    ConfigError,
    ReportSpec,
    RunConfig,
    check_seconds,
    read_config,
)
from zhili_data.publish.convert import GLOSSARY_PAGE
from zhili_data.publish.history import HISTORY_NAME
from zhili_data.publish.hooks import Hooks
from zhili_data.publish.lock import RunLockedError, run_lock
from zhili_data.publish.process import skip_iri_grammar
from zhili_data.publish.progress import Progress, first_line
from zhili_data.publish.publish import PublishError, UnsafeOutputError
from zhili_data.publish.records import ManifestEntry, Task
from zhili_data.publish.slides import makes_deck, slides_name
from zhili_data.suggest import suggestion

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_PUBLISH, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
DEFAULT_KERNEL = "python3"


@dataclass
class RunOptions:
    config: Path
    out: Path
    hooks: Hooks  # what the run needs of the reports' domain (zhili_data.app.publishing_hooks)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    params: list[str] = field(default_factory=list)  # raw --param texts
    reports: list[str] = field(default_factory=list)  # only these names; empty: all
    wait: float | None = 0  # seconds to wait for the lock; None: as long as it takes
    kernel_name: str = DEFAULT_KERNEL
    timeout: float | None = None  # per cell, seconds; None: the config's cell_timeout
    report_timeout: float | None = None  # all cells of one report, seconds; None: the config's
    formats: tuple[str, ...] | None = None  # --format: the outputs of every report of this run; None: reports.toml's
    validate: bool = True  # run the checks of `zhili validate` on the data before any kernel starts
    # What every kernel's environment starts from: the run's as it began (None: taken then), never
    # what the run's own imports set later (pandera sets SPARK_LOCAL_IP when it validates the data).
    environment: dict | None = None


class DataError(ZhiliError, ValueError):
    """The curated data a run would use does not pass the checks of ``zhili validate``."""


@dataclass
class Planned:
    """One report of this run, with what decides whether it runs."""

    spec: ReportSpec
    passed: dict  # parameters papermill is given
    inputs_sha256: str
    notebook_sha256: str
    previous: ManifestEntry | None = None  # its entry in the published manifest
    reuse: bool = False
    effective: dict = field(default_factory=dict)
    lang: str = "zh"
    data_version: str = ""
    where: str = ""  # the config line and report, for messages
    formats: tuple[str, ...] = ("html",)


@dataclass
class Plan:
    """What a run will do, decided from the config and the published manifest."""

    previous: dict | None
    planned: list[Planned]
    to_run: list[Planned]
    carried: list[ManifestEntry]  # entries of reports this run does not select (--only)
    order: list[str]
    foreign: list[str]  # entries of the output folder no run wrote, carried as they are

    @property
    def up_to_date(self) -> bool:
        previous_entries = [e["name"] for e in self.previous["reports"]] if self.previous else None
        return not self.to_run and self.order == previous_entries


@dataclass
class _Checked:
    """What was already checked, so that planning again under the lock costs nothing."""

    declared: dict = field(default_factory=dict)  # notebook path -> declared parameters
    data: set = field(default_factory=set)  # catalogue ids that passed validation
    kernels: set = field(default_factory=set)
    notes: list = field(default_factory=list)  # what papermill said while reading the notebooks, for the log


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _select(specs: list[ReportSpec], names: list[str]) -> list[ReportSpec]:
    """The reports ``--only`` names, each with all its languages: ``growth`` or ``growth-en`` selects
    both pages of growth, so that the two are always of the same run."""
    known = list(dict.fromkeys([s.group for s in specs] + [s.name for s in specs]))
    groups = set()
    for name in names:
        found = [s.group for s in specs if name in (s.name, s.group)]
        if not found:
            reports = list(dict.fromkeys(s.group for s in specs))
            raise ConfigError(
                f"--only {name!r}: no such report{suggestion(name, known)}; configured: {', '.join(reports)}"
            )
        groups.update(found)
    return [s for s in specs if not names or s.group in groups]


def _route_overrides(selected: list[ReportSpec], texts: list[str], declared_of) -> dict[str, dict]:
    """``--param`` texts → the typed overrides of each report (by name)."""
    from zhili_data.publish.inspection import check_value, parse_override, parse_value

    routed: dict[str, dict] = {s.name: {} for s in selected}
    for text in texts:
        target, name, raw = parse_override(text)
        targets = {s.group for s in selected} | set(routed)
        if target is not None and target not in targets:
            raise ParameterError(f"--param {text!r}: no report {target!r} in this run{suggestion(target, targets)}")
        # A report in several languages takes REPORT:NAME=VALUE in every language (growth-en:… too),
        # so that its pages never disagree.
        group = next((s.group for s in selected if target in (s.name, s.group)), None)
        if name == "lang" and any(s.lang for s in selected if target is None or s.group == group):
            raise ParameterError(
                f"--param {text!r}: the language of a report listed with `languages` in its config is set there; "
                "each of its languages runs"
            )
        takers = [s for s in selected if target is None or s.group == group]
        applied = False
        for spec in takers:
            declared = declared_of(spec)
            if name not in declared:
                if target is not None:
                    raise ParameterError(
                        f"--param {text!r}: report {spec.name!r} ({spec.notebook.name}) has no parameter {name!r}"
                        f"{suggestion(name, declared)}; allowed: {', '.join(declared)}"
                    )
                continue
            value = parse_value(raw, declared[name])
            routed[spec.name][name] = check_value(
                name, value, declared[name], where=f"--param {text!r} for {spec.name!r}"
            )
            applied = True
        if not applied:
            every = sorted({n for s in takers for n in declared_of(s)})
            raise ParameterError(
                f"--param {text!r}: no report in this run has a parameter {name!r}{suggestion(name, every)}; "
                f"allowed: {', '.join(every)}"
            )
    return routed


def _check_values(item: Planned, where: str, hooks: Hooks) -> None:
    """Values checked by the project's own rules (:attr:`Hooks.parameter_problem`) for the notebooks it knows.

    The notebooks run the same check in their first cell; running it here stops a bad value
    (``lang=klingon``) before any kernel starts. Only parameters a run passes are new; the
    notebook's own defaults are tested with the notebook.
    """
    if not item.passed:
        return
    problem = hooks.parameter_problem(item.spec.notebook.stem, item.effective)
    if problem:
        raise ParameterError(f"{where}: {problem}")


def _complete(out: Path, entry: ManifestEntry) -> bool:
    return all((out / f).is_file() for f in entry.files())


def start_kernels(options: RunOptions, progress: Progress):
    """The run's kernels (:class:`zhili_data.publish.warm.WarmKernels`): their fork server starts
    importing now, while the run goes on checking its inputs. The caller closes them."""
    from zhili_data.publish import config, warm
    from zhili_data.publish.execute import KERNEL_ENV

    reaper.start()
    settings = config.load_kernel_settings(options.config, default_preload=warm.DEFAULT_PRELOAD)
    return warm.WarmKernels(
        settings, kernel_name=options.kernel_name, env={**options.environment, **KERNEL_ENV}, log=progress.log
    )


def execute_reports(tasks: list[Task], *, jobs: int, progress: Progress, kernels) -> dict[str, dict]:
    """Run each task in a pool of worker processes, with kernels from ``kernels`` (see
    :func:`start_kernels`); results by report name."""
    from zhili_data.publish import warm

    warm.preload_runner(tasks[0].hooks if tasks else None)  # while the kernel server imports: the workers inherit it
    address = kernels.address()
    return _execute_in_pool([replace(task, fork_server=address) for task in tasks], jobs=jobs, progress=progress)


def _execute_in_pool(tasks: list[Task], *, jobs: int, progress: Progress) -> dict[str, dict]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from zhili_data.publish.execute import error_record, init_worker, report_record, run_report

    results: dict[str, dict] = {}
    # fork: a worker starts in milliseconds and inherits the already-imported runner
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, min(jobs, len(tasks))), mp_context=context, initializer=init_worker
    ) as pool:
        futures = {pool.submit(run_report, task): task for task in tasks}
        try:
            for future in as_completed(futures):
                task = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    died = error_record("WorkerDied", f"the worker process running it died ({exc})")
                    result = report_record(task.name, status="failed", error=died)
                results[task.name] = result
                for note in result.get("kernel_notes") or []:
                    progress.log(f"{task.name}: plain kernel: {note}")
                for note in result.get("papermill_notes") or []:
                    progress.log(f"{task.name}: papermill: {note}")
                progress.advance(f"{task.name} {result['status']} ({result['seconds']:.1f} s)")
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


def _limits(options: RunOptions, config: RunConfig) -> tuple[float, float]:
    """(cell, report) time limits: the command line's, else the config's, else the defaults."""
    cell = check_seconds(options.timeout if options.timeout is not None else config.cell_timeout, "--cell-timeout")
    report = check_seconds(
        options.report_timeout if options.report_timeout is not None else config.report_timeout, "--report-timeout"
    )
    return cell, report


def run(options: RunOptions, *, progress: Progress | None = None) -> int:
    """Execute and publish the configured reports; returns the exit code."""
    import signal
    import threading

    from zhili_data.publish import publish

    progress = progress or Progress()
    if options.environment is None:
        options = replace(options, environment=dict(os.environ))
    started = time.monotonic()
    skip_iri_grammar()  # before anything imports nbformat: jsonschema's grammar is of no use here
    reaper.begin()
    out = Path(options.out)
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _raise_terminated) if on_main_thread else None
    kernels = None
    try:
        config = read_config(options.config)
        specs = _select(config.reports, options.reports)
        if options.jobs < 1:
            raise ConfigError(f"--jobs {options.jobs}: must be at least 1")
        limits = _limits(options, config)
        out = publish.check_output(out)
        checked = _Checked()

        # Kernels' server imports while the run checks its inputs (a refused run stops it unused):
        # a forced run starts it at once; another run as soon as it knows a report will run.
        def start_early() -> None:
            nonlocal kernels
            if kernels is None:
                kernels = start_kernels(options, progress)

        if options.force:
            start_early()
        # Everything that can refuse the run is checked now, before the lock file is made.
        _plan(options, config, specs, out, checked, will_run=start_early)
        for note in checked.notes:
            progress.log(note)
        with run_lock(out, wait=options.wait):
            return _run_locked(options, config, specs, out, checked, limits, progress, started, kernels)
    except RunLockedError as exc:
        progress.log(f"error: {exc}", important=True)
        return EXIT_LOCKED
    except PublishError as exc:
        progress.log(f"error: cannot publish to {out}: {exc}; the published reports are unchanged", important=True)
        return EXIT_PUBLISH
    except ZhiliError as exc:  # bad config, parameters, kernel, data or output folder: refused before anything ran
        progress.log(f"error: {exc}", important=True)
        return EXIT_BAD_INPUT
    except OSError as exc:  # e.g. no permission to create the staging folder next to the output
        progress.log(f"error: cannot publish to {out}: {exc}; the published reports are unchanged", important=True)
        return EXIT_PUBLISH
    except KeyboardInterrupt as exc:
        what = "terminated" if isinstance(exc, _Terminated) else "interrupted"
        progress.log(f"{what}; the published reports are unchanged", important=True)
        return EXIT_INTERRUPTED
    finally:
        if kernels is not None:
            kernels.close()
        reaper.finish()  # what the kernels or the printer started, in a session of its own or not
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous_handler)
        progress.close()


def _formats_of(spec: ReportSpec, override: tuple[str, ...] | None) -> tuple[str, ...]:
    """What ``spec`` publishes: ``--format`` if given, else its formats in reports.toml.

    Only a notebook that makes a slide deck (:func:`zhili_data.publish.slides.makes_deck`) can give
    one: ``--format …,slides`` gives decks where there are, and reports.toml asking a deck of any
    other notebook is refused.
    """
    formats = override or spec.formats
    if "slides" in formats and not makes_deck(spec.notebook):
        if override is None:
            raise ConfigError(
                f"report {spec.name!r}: formats include 'slides' but {spec.notebook.name} makes no slide deck "
                f"(no cell tagged {SLIDES_ONLY_TAG!r} calls zhili_data.report.deck.show_deck); remove 'slides' from its formats"
            )
        formats = tuple(f for f in formats if f != "slides")
    return formats


def _declared(spec: ReportSpec, checked: _Checked) -> dict:
    from zhili_data.publish.inspection import declared_parameters

    if spec.notebook not in checked.declared:
        try:
            said: list[str] = []
            checked.declared[spec.notebook] = declared_parameters(spec.notebook, said)
            checked.notes += [f"{spec.name}: papermill: {message}" for message in said]
        except Exception as exc:  # nbformat's errors for a file that is not a notebook vary
            detail = " ".join(str(exc).split())[:200]
            raise ConfigError(
                f"report {spec.name!r}: {spec.notebook} is not a readable notebook: {type(exc).__name__}: {detail}"
            ) from None
    return checked.declared[spec.notebook]


def _check_kernel(name: str, checked: _Checked) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    if name in checked.kernels:
        return
    manager = KernelSpecManager()
    try:
        manager.get_kernel_spec(name)
    except NoSuchKernel:
        installed = sorted(manager.find_kernel_specs())
        raise ConfigError(
            f"--kernel {name!r}: no such Jupyter kernel{suggestion(name, installed)}; installed: {', '.join(installed) or 'none'}"
        ) from None
    checked.kernels.add(name)


def _check_notebook_kernels(items: list[Planned], kernel_name: str) -> None:
    """Refuse a notebook written for another kernel's language (see :func:`inspection.kernel_mismatch`)."""
    from jupyter_client.kernelspec import KernelSpecManager

    from zhili_data.publish.inspection import kernel_mismatch

    manager = KernelSpecManager()
    language = manager.get_kernel_spec(kernel_name).language or ""
    installed = sorted(manager.find_kernel_specs())
    for item in items:
        why = kernel_mismatch(item.spec.notebook, kernel_name, language, installed)
        if why:
            raise ConfigError(
                f"{item.where}: {why}; nothing was run (run it with --kernel NAME once that kernel is here)"
            )


def _check_data(report_ids: set[str], checked: _Checked, hooks: Hooks) -> None:
    """The checks of ``zhili validate`` on each catalogue report a run will use (:attr:`Hooks.data_problems`)."""
    for report_id in sorted(report_ids - checked.data):
        try:
            problems = hooks.data_problems(report_id)
        except Exception as exc:  # a broken catalogue entry: its own message, never a traceback
            raise DataError(f"the data of report {report_id!r} cannot be validated: {exc}; no report was run") from None
        if problems:
            shown = problems[:25]
            listing = "\n".join(f"  {p}" for p in shown)
            more = (
                f"\n  … and {len(problems) - len(shown)} more (`zhili validate` lists them all)"
                if len(problems) > len(shown)
                else ""
            )
            raise DataError(
                f"the data of report {report_id!r} ({hooks.report(report_id).folder}) does not pass `zhili validate`: "
                f"{len(problems)} problem(s); no report was run and the published folder is unchanged:\n{listing}{more}\n"
                "Fix the data, or pass --no-validate to publish it anyway."
            )
        checked.data.add(report_id)


def _plan(
    options: RunOptions, config: RunConfig, specs: list[ReportSpec], out: Path, checked: _Checked, will_run=None
) -> Plan:
    """Decide what runs and check all of it; raises what refuses the run (exit 2). Writes nothing.

    ``will_run`` is called once it is known that a report will run, before the checks of the
    reports that run (parameters, kernel, data), which are the slow part of planning.
    """
    from zhili_data.publish import manifest as mf

    previous = mf.load_manifest(out) if out.is_dir() else None  # check_output has vouched for it
    previous_entries = {e["name"]: ManifestEntry.from_json(e) for e in previous["reports"]} if previous else {}
    overrides = _route_overrides(specs, options.params, lambda s: _declared(s, checked)) if options.params else {}
    try:
        data = mf.catalogue_hashes(options.hooks)  # the curated files, wherever the catalogue lies
    except Exception as exc:  # e.g. ZHILI_REPORTS_DIR naming no folder
        raise DataError(f"the report catalogue cannot be read: {exc}; no report was run") from None
    planned = [_planned(options, spec, out, passed=overrides.get(spec.name, {}), data=data) for spec in specs]
    for item in planned:
        item.previous = previous_entries.get(item.spec.name)
        item.reuse = not options.force and _reusable(item, out)

    # Reports of the config that this run does not select (--only) keep their published state.
    configured = [s.name for s in config.reports]
    selected = {p.spec.name for p in planned}
    carried = [previous_entries[n] for n in configured if n not in selected and n in previous_entries]
    order = [n for n in configured if n in selected or n in previous_entries]
    to_run = [p for p in planned if not p.reuse]
    if to_run and will_run is not None:
        will_run()
    _check_to_run(options, config, to_run, checked)
    foreign = _foreign(out, list(previous_entries.values()), to_run)
    return Plan(previous, planned, to_run, carried, order, foreign)


def _planned(options: RunOptions, spec: ReportSpec, out: Path, *, passed: dict, data: dict) -> Planned:
    """One report of the run with its inputs hashed: ``passed`` its parameters given on the command line,
    ``data`` the catalogue's hashes."""
    from zhili_data.publish import manifest as mf

    passed = {**spec.parameters, **passed}
    try:
        notebook_sha = mf.sha256_file(spec.notebook)
    except OSError as exc:
        raise ConfigError(f"report {spec.name!r}: cannot read {spec.notebook}: {exc.strerror or exc}") from None
    key = mf.report_inputs_hash(
        notebook_sha256=notebook_sha, parameters=passed, kernel_name=options.kernel_name, data=data
    )
    return Planned(spec, passed, key, notebook_sha, formats=_formats_of(spec, options.formats))


def _reusable(item: Planned, out: Path) -> bool:
    """Whether the published files of ``item`` are what running it again would give."""
    previous = item.previous
    return (
        previous is not None
        and previous.status == "ok"
        and previous.inputs_sha256 == item.inputs_sha256
        and tuple(previous.formats) == item.formats
        and not previous.pdf_error
        and _complete(out, previous)
    )


def _check_to_run(options: RunOptions, config: RunConfig, to_run: list[Planned], checked: _Checked) -> None:
    """Every parameter, the kernel and the data of the reports that will run, checked before any kernel starts."""
    from zhili_data.publish import manifest as mf
    from zhili_data.publish.inspection import check_parameters, effective_parameters

    report_ids = set()
    for item in to_run:
        spec = item.spec
        declared = _declared(spec, checked)
        where = f"{config.path}{f':{spec.line}' if spec.line else ''}: report {spec.name!r} ({spec.notebook.name})"
        item.passed = check_parameters(item.passed, declared, where=where)
        item.effective = effective_parameters(item.passed, declared)
        item.lang = str(item.effective.get("lang", "zh"))
        item.where = where
        report_id = options.hooks.report_of(item.effective)
        try:
            item.data_version = mf.data_version(report_id, options.hooks)
        except Exception as exc:  # an unknown id, or a catalogue entry that cannot be read
            raise ParameterError(f"{where}: parameter 'report': {exc}") from None
        report_ids.add(report_id)
    if to_run:
        _check_kernel(options.kernel_name, checked)
        _check_notebook_kernels(to_run, options.kernel_name)
        if options.validate:
            _check_data(report_ids, checked, options.hooks)
    # Values after the data: some are checked against it (the indicators a notebook may show).
    for item in to_run:
        _check_values(item, item.where, options.hooks)
    # A PDF wanted and no Chromium to print it: said now, before any kernel starts.
    if any("pdf" in item.formats for item in to_run):
        from zhili_data.publish.pdf import find_chromium

        find_chromium()


def _foreign(out: Path, published: list[ManifestEntry], to_run: list[Planned]) -> list[str]:
    """The entries of ``out`` no run wrote (carried as they are); refused where a report to run would write."""
    from zhili_data.publish import manifest as mf
    from zhili_data.publish import publish
    from zhili_data.publish.index import OPS_NAME

    managed = {"index.html", OPS_NAME, mf.MANIFEST_NAME, HISTORY_NAME}
    for entry in published:
        managed.update(entry.files())
    foreign = publish.foreign_entries(out, managed)
    for item in to_run:
        for target in mf.report_files(item.spec.name):
            clash = [f for f in foreign if f == target or f.startswith(target + "/")]
            if clash:
                raise UnsafeOutputError(
                    f"{out / clash[0]}: report {item.spec.name!r} would write there, but it is not a file `zhili run` "
                    "published; move it away (nothing was changed)"
                )
    return foreign


def _run_locked(options, config, specs, out, checked, limits, progress, started, kernels=None) -> int:
    from zhili_data.publish import publish

    for line in publish.recover(out):
        progress.log(line)
    out = publish.check_output(out)  # another run may have published while this one waited
    plan = _plan(options, config, specs, out, checked)
    if plan.up_to_date and (out / "index.html").is_file():
        progress.log(f"{len(plan.planned)} report(s) unchanged; {out} is up to date (--force re-runs)")
        return EXIT_OK

    staging = publish.new_staging(out)
    private = publish.new_private(out)
    try:
        return _build_and_publish(options, out, staging, private, plan, limits, progress, started, kernels)
    except BaseException:
        publish.remove(staging)
        raise
    finally:
        publish.remove(private)


def _build_and_publish(options, out, staging, private, plan: Plan, limits, progress, started, kernels=None) -> int:
    from zhili_data.publish import manifest as mf
    from zhili_data.publish.index import write_index

    generated = _now()
    results = _execute(_tasks(options, plan, limits, staging, private), options, plan, progress, kernels)
    # Only now, with every worker done, are published files linked into the new folder: no
    # worker ever writes through a link into a live page.
    entries, statuses = _carry_over(out, staging, plan)
    printed = _print_handouts(
        staging,
        [item for item in plan.to_run if "pdf" in item.formats and results[item.spec.name]["status"] == "ok"],
        results,
        progress,
    )
    failed: list[ManifestEntry] = []
    unprinted = []  # reports published without the PDF they want (said when it happened)
    for item in plan.to_run:
        entry = _new_entry(item, results[item.spec.name], printed.get(item.spec.name, {}), options, generated)
        if entry.pdf_error:
            unprinted.append(entry.name)
        if entry.failed:
            failed.append(entry)
            _keep_last_good(out, staging, item, entry)
        entries[entry.name] = entry
        statuses[entry.name] = entry.status
    manifest = _manifest(options, plan, entries, generated)
    runs = _record_history(out, staging, plan, statuses, generated, started, progress)
    write_index(staging, manifest, runs, hooks=options.hooks)
    mf.write_manifest(staging, manifest)
    return _swap_in(out, staging, failed, unprinted, statuses, entries, started, progress)


def _tasks(options: RunOptions, plan: Plan, limits: tuple[float, float], staging: Path, private: Path) -> list[Task]:
    """What each worker is asked to do: the reports to run, the longest (by the last published duration)
    first, which keeps every worker busy to the end."""
    pages_of: dict[str, dict[str, str]] = {}  # each report's page in each of its languages
    for item in plan.planned:
        pages_of.setdefault(item.spec.group, {})[item.spec.lang or item.lang] = f"{item.spec.name}.html"
    return [
        Task(
            name=item.spec.name,
            notebook=str(item.spec.notebook),
            parameters=item.passed,
            effective_parameters=item.effective,
            title=item.spec.title_for(item.lang),
            lang=item.lang,
            data_version=item.data_version,
            kernel_name=options.kernel_name,
            # --no-validate reaches the notebooks too: their load_figures() would refuse the data.
            kernel_env={} if options.validate else {SKIP_VALIDATION_VARIABLE: "1"},
            environment=options.environment,
            timeout=limits[0],
            report_timeout=limits[1],
            folder=str(staging),
            private=str(private),
            hooks=options.hooks,
            pdf=f"{item.spec.name}.pdf" if "pdf" in item.formats else None,
            slides=slides_name(item.spec.name) if "slides" in item.formats else None,
            languages=pages_of[item.spec.group],
            show_code=item.spec.show_code,
            solutions=item.spec.solutions,
            glossary=pages_of.get(GLOSSARY_PAGE, {}).get(item.lang),
        )
        for item in sorted(plan.to_run, key=lambda p: -(p.previous.seconds if p.previous else 0.0))
    ]


def _execute(tasks: list[Task], options: RunOptions, plan: Plan, progress: Progress, kernels) -> dict[str, dict]:
    """Run ``tasks`` (with the run's kernels, or kernels of their own); each report's result by name."""
    reused = len(plan.planned) - len(plan.to_run)
    progress.log(
        f"running {len(tasks)} report(s) with {min(options.jobs, len(tasks))} job(s)"
        + (f"; {reused} unchanged, reused" if reused else "")
    )
    progress.start(len(tasks))
    results: dict[str, dict] = {}
    if tasks:
        owned = kernels is None
        kernels = start_kernels(options, progress) if owned else kernels
        try:
            results = execute_reports(tasks, jobs=options.jobs, progress=progress, kernels=kernels)
        finally:
            if owned:
                kernels.close()
    progress.close()
    return results


def _carry_over(out: Path, staging: Path, plan: Plan) -> tuple[dict[str, ManifestEntry], dict[str, str]]:
    """Link into ``staging`` what the run keeps of ``out``: the entries no run wrote, the reports not
    selected and the reports reused unchanged. Their entries and statuses, by name."""
    from zhili_data.publish import publish

    for relative in plan.foreign:
        source = out / relative
        if source.is_dir() and not source.is_symlink():
            publish.carry_folder(source, staging / relative)
        else:
            publish.link_or_copy(source, staging / relative)
    entries: dict[str, ManifestEntry] = {}
    statuses: dict[str, str] = {}
    for entry in plan.carried:
        for relative in entry.files():
            if (out / relative).is_file():
                publish.link_or_copy(out / relative, staging / relative)
        entries[entry.name] = entry
        statuses[entry.name] = "kept"
    for item in plan.planned:
        if item.reuse:
            for relative in item.previous.files():
                publish.link_or_copy(out / relative, staging / relative)
            entries[item.spec.name] = replace(item.previous, reused=True)
            statuses[item.spec.name] = "reused"
    return entries, statuses


def _new_entry(item: Planned, result: dict, printed: dict, options: RunOptions, generated: str) -> ManifestEntry:
    """The manifest's entry of a report this run ran: ``result`` its worker's record, ``printed`` its handout's fields."""
    return ManifestEntry(
        name=item.spec.name,
        notebook=_display_path(item.spec.notebook, options.config),
        parameters=item.effective,
        html=result["html"],
        slides=result.get("slides"),
        formats=list(item.formats),
        pdf=printed.get("pdf"),
        pdf_error=printed.get("pdf_error"),
        status=result["status"],
        seconds=result["seconds"],
        cpu_seconds=result.get("cpu_seconds"),
        title=item.spec.title_for(item.lang),
        lang=item.lang,
        group=item.spec.group,
        summary=item.spec.summary_for(item.lang),
        section=item.spec.section,
        data_version=item.data_version,
        run_at=generated,
        inputs_sha256=item.inputs_sha256,
        notebook_sha256=item.notebook_sha256,
        passed_parameters=item.passed,
        executed_notebook=result["executed_notebook"],
        tables=result["tables"],
        xlsx=result.get("xlsx"),
        headline=result.get("headline") or [],
        error=result["error"],
    )


def _manifest(options: RunOptions, plan: Plan, entries: dict[str, ManifestEntry], generated: str) -> dict:
    """The new ``manifest.json``: every report of the run in config order, and the hashes of its inputs."""
    from zhili_data.publish import manifest as mf

    hashes = mf.catalogue_hashes(options.hooks)
    reports = [entries[name].to_json() for name in plan.order]
    return {
        "format": mf.FORMAT,
        "generated": generated,
        "config": _display_path(Path(options.config).resolve(), options.config),
        "reports": reports,
        "inputs": {
            "figures": hashes["figures"],
            "source": hashes["source"],
            "notebooks": {entry["notebook"]: entry["notebook_sha256"] for entry in reports},
            "parameters": {entry["name"]: mf.sha256_json(entry["passed_parameters"]) for entry in reports},
            "code": mf.code_hash(),
        },
        "packages": mf.package_versions(),
    }


def _record_history(out: Path, staging: Path, plan: Plan, statuses: dict, generated: str, started: float, progress):
    """``history.json`` of the new folder: the published runs and this one; the runs, newest last."""
    from zhili_data.publish import history as hist

    try:
        previous_runs = hist.load_history(out)
    except hist.HistoryError as exc:
        kept = hist.set_aside(out, staging, generated.replace(":", ""))
        progress.log(
            f"{out / HISTORY_NAME} is damaged ({exc}); kept as {kept.name} and a new history started", important=True
        )
        previous_runs = []
    runs = hist.add_run(
        previous_runs,
        hist.run_record(
            started=generated, seconds=time.monotonic() - started, reports={name: statuses[name] for name in plan.order}
        ),
    )
    hist.write_history(staging, runs)
    return runs


def _swap_in(out, staging, failed, unprinted, statuses, entries, started, progress) -> int:
    """Publish ``staging`` as ``out`` and say what happened; the run's exit code."""
    from zhili_data.publish import publish

    try:
        publish.swap_in(staging, out)
    except OSError as exc:
        publish.remove(staging)
        for entry in failed:
            progress.log(_failure_line(entry, None), important=True)
        progress.log(f"error: could not publish {out}: {exc}; the previous reports are unchanged", important=True)
        return EXIT_PUBLISH
    for entry in failed:
        progress.log(_failure_line(entry, out), important=True)
    progress.log(_summary(out, time.monotonic() - started, statuses, entries), important=bool(failed))
    if unprinted:
        progress.log(f"published without their PDF handout: {', '.join(unprinted)}", important=True)
    return EXIT_FAILED if failed or unprinted else EXIT_OK


def _failure_line(entry: ManifestEntry, out: Path | None) -> str:
    """``growth FAILED: ZeroDivisionError: division by zero; in cell 7 (In [5]: x = 1 / 0); notebook: …``"""
    error = entry.error or {}
    parts = [f"{entry.name} FAILED: {error.get('ename')}: {first_line(str(error.get('evalue', '')), 300)}"]
    if error.get("cell_index") is not None:
        count = f"In [{error['execution_count']}]: " if error.get("execution_count") else ""
        parts.append(
            f"in cell {error['cell_index'] + 1} of the executed notebook ({count}{first_line(error.get('cell_source', ''), 120)})"
        )
    if entry.executed_notebook:
        where = str(out / entry.executed_notebook) if out is not None else f"{entry.executed_notebook} (not published)"
        parts.append(f"failed notebook: {where}")
    else:
        parts.append("no notebook was saved")
    if entry.html:
        parts.append(f"the page keeps its last good version of {str(entry.last_good_run_at or '').replace('T', ' ')}")
    return "; ".join(parts)


def _summary(out: Path, seconds: float, statuses: dict[str, str], entries: dict[str, ManifestEntry]) -> str:
    """What ran, what was reused and what was kept, counted apart."""
    ran = [n for n, s in statuses.items() if s in ("ok", "failed")]
    failed = [n for n, s in statuses.items() if s == "failed"]
    reused = sum(s == "reused" for s in statuses.values())
    kept = [n for n, s in statuses.items() if s == "kept"]
    text = f"published {out} in {seconds:.1f} s: ran {len(ran)} ({len(ran) - len(failed)} ok, {len(failed)} failed"
    text += f": {', '.join(failed)})" if failed else ")"
    if reused:
        text += f", reused {reused} unchanged"
    if kept:
        still = [n for n in kept if entries[n].failed]
        text += f", kept {len(kept)} not selected as published"
        text += f" ({len(still)} of them failed in an earlier run: {', '.join(still)})" if still else ""
    return text


def _keep_last_good(out: Path, staging: Path, item: Planned, entry: ManifestEntry) -> None:
    """Drop what the failed attempt produced, except its executed notebook, and carry the
    last good page, notebook and tables of the report into the new folder."""
    from zhili_data.publish import manifest as mf
    from zhili_data.publish import publish

    for relative in mf.report_files(item.spec.name):
        if relative != entry.executed_notebook and (staging / relative).exists():
            publish.remove(staging / relative)
    entry.html = entry.pdf = entry.slides = entry.xlsx = entry.good_notebook = entry.last_good_run_at = None
    entry.tables, entry.headline = [], []
    previous = item.previous
    if not previous:
        return
    good = ManifestEntry(
        name=entry.name,
        html=previous.html,
        pdf=previous.pdf,
        slides=previous.slides,
        good_notebook=previous.good_notebook if previous.failed else previous.executed_notebook,
        tables=previous.tables,
        xlsx=previous.xlsx,
        headline=previous.headline,
        last_good_run_at=previous.last_good_run_at if previous.failed else previous.run_at,
    )
    if not good.html or not good.good_notebook or not all((out / f).is_file() for f in good.files()):
        return
    for relative in good.files():
        publish.link_or_copy(out / relative, staging / relative)
    for name in ("html", "pdf", "slides", "good_notebook", "tables", "xlsx", "headline", "last_good_run_at"):
        setattr(entry, name, getattr(good, name))
    _mark_stale(staging, item, entry)


def _mark_stale(staging: Path, item: Planned, entry: ManifestEntry) -> None:
    """The kept page, deck and handout say at their top that they are out of date (the new folder
    gets its own copies; the handout is printed again from the marked page)."""
    from zhili_data.publish.index import OPS_NAME
    from zhili_data.publish.stale import banner, write_stale

    notice = banner(
        lang=item.spec.lang or item.lang,
        failed_at=entry.run_at,
        last_good_at=entry.last_good_run_at or "",
        ops_href=f"{OPS_NAME}#report-{entry.name}",
    )
    marked = write_stale(staging / entry.html, notice)
    if entry.slides:
        write_stale(staging / entry.slides, notice)
    if entry.pdf and marked:
        _reprint_kept(staging / entry.html, staging / entry.pdf)


def _reprint_kept(html: Path, pdf: Path) -> None:
    """Print the kept handout again from its page, now marked out of date; where it cannot be
    printed, the kept handout stays as it was (the last good output is never lost)."""
    from zhili_data.publish.pdf import ChromiumNotFoundError, PrintError, print_pdfs

    try:
        print_pdfs([(html, pdf)])  # written beside and renamed into place: never through a link
    except (ChromiumNotFoundError, PrintError):
        pass


def _print_handouts(
    staging: Path, items: list[Planned], results: dict[str, dict], progress: Progress
) -> dict[str, dict]:
    """Print the PDF handout of each of ``items`` (reports run ok that want one) into ``staging``.

    Returns each report's manifest fields: ``{"pdf": name}`` or ``{"pdf": None, "pdf_error": why}``.
    A report whose PDF could not be printed keeps its new page; the run says why and exits 1.
    """
    if not items:
        return {}
    from zhili_data.publish.pdf import print_pdfs

    reaper.start()
    pages = {
        item.spec.name: (staging / results[item.spec.name]["html"], staging / f"{item.spec.name}.pdf") for item in items
    }
    started = time.monotonic()
    try:
        outcome = print_pdfs(list(pages.values()))
    except ZhiliError as exc:
        outcome = {pdf: str(exc) for _, pdf in pages.values()}
    fields = {}
    for name, (_, pdf) in pages.items():
        error = outcome.get(pdf)
        if error:
            progress.log(f"{name}: PDF not published: {error}", important=True)
            fields[name] = {"pdf": None, "pdf_error": error}
        else:
            fields[name] = {"pdf": pdf.name}
    progress.log(
        f"printed {sum(1 for f in fields.values() if f['pdf'])} PDF handout(s) in {time.monotonic() - started:.1f} s"
    )
    return fields


def _display_path(path: Path, config: Path) -> str:
    """``path`` relative to the folder holding the config's folder (the project root)."""
    root = Path(config).resolve().parent.parent
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
