"""One report, start to finish, inside a worker process: papermill, then HTML and CSV.

Everything here runs in a worker of the run's process pool, so papermill, nbconvert and
their templates are imported and compiled once per worker rather than once per report, and
the parent process stays light.
"""

from __future__ import annotations

import os
import re
import signal
import tempfile
import time
import traceback
from pathlib import Path

from zhili_data.protocol import HEADLINE, HEADLINE_KEYS, INJECTED_PARAMETERS_TAG, XLSX, zhili_metadata
from zhili_data.publish import slides
from zhili_data.publish.inspection import papermill_messages
from zhili_data.publish.process import die_with_parent
from zhili_data.publish.records import Task

# The inline backend renders figures into the notebook without any display; it is what
# JupyterLab uses. (Agg would also be headless but shows nothing: plt.show() becomes a no-op.)
KERNEL_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    # ipykernel's debugger otherwise prints a frozen-modules warning at every kernel start
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def error_record(
    ename: str,
    evalue: str,
    *,
    cell_index: int | None = None,
    execution_count: int | None = None,
    cell_source: str = "",
    traceback: str = "",
) -> dict:
    """What the manifest and the ops page keep of a report's failure: the exception, its cell and traceback.

    Examples
    --------
    >>> error_record("WorkerDied", "the worker process running it died")["cell_index"] is None
    True
    """
    return {
        "ename": ename,
        "evalue": evalue,
        "cell_index": cell_index,
        "execution_count": execution_count,
        "cell_source": cell_source,
        "traceback": traceback,
    }


def report_record(name: str, *, status: str = "ok", error: dict | None = None) -> dict:
    """A report's record for the manifest before it has produced anything: a worker fills it in as the
    report runs; the run keeps it as it is for a report whose worker died."""
    return {
        "name": name,
        "status": status,
        "seconds": 0.0,
        "error": error,
        "tables": [],
        "xlsx": None,
        "html": None,
        "slides": None,
        "executed_notebook": None,
    }


def init_worker() -> None:
    """Prepare a pool worker: kernel environment, quiet kernel stderr, heavy imports done early."""
    # Linux ends the worker when the run that started it dies (even by SIGKILL); its kernel follows,
    # as ipykernel exits when its parent process goes away.
    if not die_with_parent(signal.SIGTERM):
        os._exit(1)  # the run died before the request took effect
    # The run decides what an interruption means: Ctrl-C reaches the whole process group, and
    # the run then ends its workers itself; a worker must not survive that as a Python exception.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ.update(KERNEL_ENV)
    # Kernels inherit the worker's stderr; their start-up chatter (e.g. ipykernel's
    # "running over TCP without encryption") is noise in a scheduled job's log.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    from zhili_data.publish.warm import preload_runner

    preload_runner()  # done already when the run forked this worker after its own preload


def _use_private_folder(folder: str | None) -> None:
    """Kernel connection files (they hold the kernel's HMAC key) and temporary files go into the
    run's private folder, which the run removes, rather than the shared temporary folder."""
    if not folder:
        return
    tempfile.tempdir = folder  # jupyter_client writes the connection file with tempfile.mkstemp
    os.environ.update(TMPDIR=folder, JUPYTER_RUNTIME_DIR=folder)


class _Limits:
    """Per-cell and per-report time limits for nbclient, which asks before each cell how long to wait.

    Its hooks also keep the notebook being executed and the cell running, so that a report
    stopped by a limit still saves what ran and names the cell that ran too long.
    """

    def __init__(self, cell_timeout: float | None, report_timeout: float | None) -> None:
        self.cell_timeout = cell_timeout
        self.report_timeout = report_timeout
        self.deadline = time.monotonic() + report_timeout if report_timeout else None
        self.notebook = None
        self.cell = None
        self.cell_index = None
        self.report_limit_struck = False

    def __call__(self, cell) -> float | None:
        limits = [t for t in (self.cell_timeout,) if t]
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            self.report_limit_struck = not self.cell_timeout or left < self.cell_timeout
            limits.append(max(left, 0.01))  # nbclient reads 0 as "no limit"
        return min(limits) if limits else None

    def hooks(self) -> dict:
        return {
            "on_notebook_start": self._notebook,
            "on_notebook_complete": self._notebook,
            "on_cell_start": self._cell,
        }

    def _notebook(self, notebook, **_):
        self.notebook = notebook

    def _cell(self, cell, cell_index, **_):
        self.cell, self.cell_index = cell, cell_index

    def error(self) -> dict:
        if self.report_limit_struck:
            ename, what = (
                "ReportTimeout",
                f"the report ran longer than its limit of {self.report_timeout:g} s (report_timeout)",
            )
        else:
            ename, what = "CellTimeout", f"a cell ran longer than {self.cell_timeout:g} s (cell_timeout)"
        return error_record(
            ename,
            f"{what}; it was stopped",
            cell_index=self.cell_index,
            execution_count=self.cell.get("execution_count") if self.cell is not None else None,
            cell_source=self.cell.source if self.cell is not None else "",
        )


def _error_of(exc: BaseException, nb=None) -> dict:
    """What the index shows of a failure: the exception, the cell and its source."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return error_record(
            exc.ename,
            exc.evalue,
            cell_index=exc.cell_index,
            execution_count=exc.exec_count,
            cell_source=exc.source,
            traceback=_ANSI.sub("", "\n".join(exc.traceback)),
        )
    from nbformat import ValidationError

    if isinstance(exc, ValidationError):
        # nbconvert refuses a notebook nbformat's schema refuses; papermill wrote it all the same.
        path = [str(part) for part in (getattr(exc, "absolute_path", None) or getattr(exc, "path", None) or [])]
        message = getattr(exc, "message", None) or str(exc).splitlines()[0]
        return error_record(
            type(exc).__name__,
            f"every cell ran, but the executed notebook is not valid nbformat, so its page cannot be made: "
            f"{'.'.join(path) or 'the notebook'}: {message} (fix that field of the notebook, e.g. "
            "Kernel › Change kernel in Jupyter for metadata.kernelspec)",
            traceback="".join(traceback.format_exception(exc)),
        )
    return error_record(type(exc).__name__, str(exc), traceback="".join(traceback.format_exception(exc)))


def headline_of(nb) -> list[dict]:
    """The headline a report gives the front page: the ``zhili.headline`` metadata of its first output
    that has one (:func:`zhili_data.report.briefing.show_headline`), else ``[]``. Only text is kept."""
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            items = zhili_metadata(output).get(HEADLINE)
            if isinstance(items, list):
                return [{k: str(item.get(k) or "") for k in HEADLINE_KEYS} for item in items if isinstance(item, dict)]
    return []


def run_report(task: Task) -> dict:
    """Execute ``task.notebook`` into ``task.folder``; never raises for a notebook error.

    Writes ``<name>.ipynb`` (``<name>.failed.ipynb`` when execution fails), ``<name>.html`` (and
    ``task.slides``, the slide deck, when the task names one),
    ``tables/<name>/*.csv`` and ``tables/<name>/<name>-tables.xlsx``. Returns the report's record
    for the manifest, with what papermill said on the way (``papermill_notes``, for the run's log).
    """
    with papermill_messages() as said:
        result = _run_report(task)
    result["papermill_notes"] = said
    return result


def _run_report(task: Task) -> dict:
    from zhili_data.publish import warm

    folder = Path(task.folder)
    executed = folder / f"{task.name}.ipynb"
    started, cpu_started = time.monotonic(), time.process_time()
    result = report_record(task.name)
    _enter_environment(task)
    limits = _Limits(task.timeout, task.report_timeout)
    try:
        nb = _execute(task, limits, executed)
    except Exception as exc:  # a notebook error, a dead kernel or a timeout: this report failed
        from nbclient.exceptions import CellTimeoutError

        error = limits.error() if isinstance(exc, CellTimeoutError) else _error_of(exc)
        # papermill saves the notebook only on cell errors: after a timeout or a dead kernel, what ran
        # is the notebook nbclient was executing.
        if limits.notebook is not None and not executed.exists():
            _save(limits.notebook, executed)
        result.update(
            status="failed",
            error=error,
            executed_notebook=_keep_failed(folder, task.name),
            kernel_notes=warm.take_fallbacks(),
        )
        result["seconds"] = round(time.monotonic() - started, 2)
        return result
    result["executed_notebook"] = executed.name
    result["kernel_notes"] = warm.take_fallbacks()
    result["headline"] = headline_of(nb)
    cpu_executed = time.process_time()
    try:
        _write_outputs(task, nb, executed, result)
    except Exception as exc:
        # The notebook ran but its page or tables could not be made: what ran is this attempt's
        # notebook, never to be mistaken for the last good one (which keeps the plain name).
        result.update(status="failed", error=_error_of(exc), executed_notebook=_keep_failed(folder, task.name))
    result["seconds"] = round(time.monotonic() - started, 2)
    # This worker's own CPU (the kernel's is its own process): driving the kernel, then tables and HTML.
    result["cpu_seconds"] = {
        "execution": round(cpu_executed - cpu_started, 3),
        "conversion": round(time.process_time() - cpu_executed, 3),
    }
    return result


def _enter_environment(task: Task) -> None:
    """The worker's environment for ``task``: the run's as it began, the kernel's settings, the private folder."""
    if task.environment is not None:  # the run's environment as it began (see RunOptions.environment)
        os.environ.clear()
        os.environ.update({**task.environment, **KERNEL_ENV})
    _use_private_folder(task.private)
    os.environ.update(task.kernel_env or {})  # a kernel inherits its worker's environment


def _execute(task: Task, limits: _Limits, executed: Path):
    """Run the notebook of ``task`` with papermill into ``executed``, in a forked kernel where it can;
    the executed notebook."""
    import papermill

    from zhili_data.publish import forked_kernel, warm

    source = task.notebook
    if task.solutions is False:
        source = _student_notebook(task, Path(task.private or task.folder))

    def execute(fork_server: str | None):
        return papermill.execute_notebook(
            source,
            str(executed),
            parameters=task.parameters,
            kernel_name=task.kernel_name,
            cwd=str(Path(task.notebook).parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            timeout_func=limits,
            **limits.hooks(),
            **forked_kernel.papermill_options(fork_server),
        )

    fork_server = task.fork_server
    if fork_server:
        import nbformat

        reason, project = warm.kernel_needs(nbformat.read(task.notebook, as_version=4))
        warm.next_kernel(project_fonts=project)
        if reason:
            warm.note_fallback(f"the notebook needs a kernel of its own process: {reason}")
            fork_server = None
    try:
        return execute(fork_server)
    except warm.WarmUnavailable as exc:
        if not fork_server:
            raise
        # A forked kernel that never answered ran no cell: the report runs again, once, in a
        # plain kernel, and the run's log says why.
        warm.note_fallback(f"a forked kernel did not start ({exc}); the report ran in a plain kernel")
        return execute(None)


def _write_outputs(task: Task, nb, executed: Path, result: dict) -> None:
    """The executed notebook, its tables, workbook, page and deck, written beside ``executed``; ``result``
    gets their names."""
    import nbformat

    from zhili_data.publish.convert import notebook_to_html
    from zhili_data.publish.tables import harvest_tables, table_outputs, write_workbook

    folder, name = executed.parent, task.name
    nb = without_run_details(nb, Path(task.notebook))
    nbformat.write(nb, str(executed))  # papermill's copy carried the run's times
    tables = folder / "tables" / name
    result["tables"] = harvest_tables(nb, tables, report=name, link_prefix=f"tables/{name}")
    result["xlsx"] = write_workbook(
        result["tables"], tables, report=name, link_prefix=f"tables/{name}", hooks=task.hooks
    )
    for _, meta in table_outputs(nb):
        meta[XLSX] = result["xlsx"]  # each table links to the workbook of all of them too
    html = notebook_to_html(
        nb,
        title=task.title,
        parameters=task.effective_parameters,
        data_version=task.data_version,
        lang=task.lang,
        pdf=task.pdf,
        xlsx=result["xlsx"],
        slides=task.slides,
        languages=task.languages,
        name=name,
        base_dir=Path(task.notebook).parent,
        show_code=bool(task.show_code),
        glossary=task.glossary,
        hooks=task.hooks,
    )
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    result["html"] = f"{name}.html"
    if task.slides:
        deck = slides.notebook_to_slides(nb, title=task.title, lang=task.lang)
        (folder / task.slides).write_text(deck, encoding="utf-8")
        result["slides"] = task.slides


def _student_notebook(task: Task, private: Path) -> str:
    """The student's version of the task's notebook (:attr:`Hooks.student_version`: the cells tagged
    ``solution`` emptied), written into the run's private folder; its path."""
    import nbformat

    path = private / f"{task.name}.student.ipynb"
    nbformat.write(task.hooks.student_version(nbformat.read(task.notebook, as_version=4)), str(path))
    return str(path)


RUN_TIME_KEYS = ("start_time", "end_time", "duration")


def without_run_details(nb, source: Path | None = None):
    """The executed notebook with what differs between two runs of the same inputs taken out.

    papermill and nbclient record when the notebook and each cell ran (the run's time is in the
    manifest, the ops page and the history instead) and where the notebook was written (a folder
    of the run's own); papermill gives the parameters cell it injects a random id, and nbformat
    gives random ids to the cells of a notebook saved without them (``source``, read as stored,
    says which). Those cells get ids from their place instead. Changes ``nb`` in place.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook papermill executed.
    source : Path, optional
        The notebook as stored, before execution.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``, the same for two runs that gave the same outputs.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    >>> nb.cells[0].metadata["tags"] = [INJECTED_PARAMETERS_TAG]
    >>> nb.cells[0].metadata["execution"] = {"shell.execute_reply": "2026-12-04T12:00:00Z"}
    >>> nb.metadata["papermill"] = {"duration": 1.5, "output_path": "/tmp/run-1/a.ipynb"}
    >>> nb = without_run_details(nb)
    >>> nb.cells[0].id, dict(nb.cells[0].metadata), dict(nb.metadata["papermill"])
    ('injected-parameters', {'tags': ['injected-parameters']}, {'output_path': 'a.ipynb'})
    """
    import json

    recorded = nb.metadata.get("papermill")
    if recorded is not None:
        for key in RUN_TIME_KEYS:
            recorded.pop(key, None)
        for key in ("input_path", "output_path"):  # a folder of the run's own
            if recorded.get(key):
                recorded[key] = Path(recorded[key]).name
    stored_ids = True
    if source is not None:
        try:
            stored = json.loads(source.read_text(encoding="utf-8"))
            stored_ids = all("id" in cell for cell in stored.get("cells", []))
        except (OSError, ValueError, AttributeError):
            stored_ids = True
    taken: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for key in RUN_TIME_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if INJECTED_PARAMETERS_TAG in cell.metadata.get("tags", []):
            cell.id = INJECTED_PARAMETERS_TAG
        elif not stored_ids and "id" in cell:
            cell.id = f"cell-{index}"
        while cell.get("id") in taken:  # ids are unique in a notebook
            cell.id = f"{cell.id}-{index}"
        if "id" in cell:
            taken.add(cell.id)
        if cell.get("outputs"):
            cell.outputs = _joined_streams(cell.outputs)
    return nb


def _joined_streams(outputs: list) -> list:
    """``outputs`` with each run of stream outputs to the same stream joined into one: how the kernel's
    messages split a cell's printed text depends on timing, not on the notebook (Jupyter shows them
    joined too)."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            joined.append(output)
    return joined


def _save(nb, path: Path) -> None:
    import nbformat

    try:
        nbformat.write(nb, str(path))
    except Exception:  # e.g. a full disk: _keep_failed then drops the half-written file
        pass


def _read_notebook(path: Path):
    """The notebook at ``path``, or None when it is missing, empty or not a notebook (a full disk)."""
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except Exception:
        return None


def _keep_failed(folder: Path, name: str) -> str | None:
    """``<name>.ipynb`` of a failed attempt renamed ``<name>.failed.ipynb``; its file name, or
    None when there is no readable notebook to keep (a half-written file is removed, not published)."""
    executed, failed = folder / f"{name}.ipynb", folder / f"{name}.failed.ipynb"
    if not executed.exists():
        return None
    if _read_notebook(executed) is None:
        executed.unlink()
        return None
    executed.replace(failed)
    return failed.name
