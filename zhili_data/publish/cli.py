"""``zhili run``: the sub-command's options and its entry point.

Only the standard library is imported here: ``zhili --help`` and a run with nothing to do
must start at once, and papermill and nbconvert are loaded by the workers that need them.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from zhili_data.exceptions import ParameterError

EPILOG = """\
exit codes:
  0    every report ok (run now, or unchanged and reused)
  1    at least one report failed; the others were published, a failed report keeps its last good page
  2    refused before anything ran: bad config, parameters, kernel or data (the checks of
       `zhili validate`), a PDF wanted and no Chromium found, or an --out that is not absent, empty or a folder `zhili run` published;
       nothing was executed or written
  3    another run is publishing to the same output folder (see --wait)
  4    the output folder could not be published; the previous one is unchanged
  5    --check: a published file differs from what its inputs give now (each is named)
  130  interrupted; the published folder is unchanged

time limits (seconds; a limit is always set, there is no "no limit"):
  --cell-timeout, else cell_timeout of the config's [run] table, else 300 for one cell;
  --report-timeout, else report_timeout, else 1200 for all cells of one report.
  A report over its limit fails; the others publish and the lock is released.

examples:
  zhili run                                   every report of notebooks/reports.toml into outputs/
  zhili run --only target_gap --param as_of=2021-09-30   the targets judged as at 30 September
  zhili run --param target_gap-en:tolerance=2.5 --force
  zhili run --format html                     pages only, no PDF handouts (no Chromium needed)
  zhili run --format html,pdf,slides          pages, PDF handouts and the briefing's slide deck
  zhili run --check                           are the published files still what their inputs give?
"""


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError("must be a number of seconds, not negative")
    return value


def _limit(text: str) -> float:
    from zhili_data.publish.config import check_seconds

    try:
        return check_seconds(float(text), "the limit")
    except ValueError as exc:  # not a number (float), or not a limit (ConfigError)
        raise argparse.ArgumentTypeError(str(exc).removeprefix("the limit ")) from None


def _formats(text: str) -> tuple[str, ...]:
    from zhili_data.publish.pdf import parse_formats

    try:
        return parse_formats(text, where=f"--format {text!r}")
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def configure_run_parser(parser: argparse.ArgumentParser, hooks) -> argparse.ArgumentParser:
    """Give ``parser`` the options of ``zhili run``; ``hooks`` builds what the run needs of the reports'
    domain (:func:`zhili_data.app.publishing_hooks`), called when the command runs."""
    _add_input_arguments(parser)
    _add_run_arguments(parser)
    _add_output_arguments(parser)
    parser.set_defaults(func=cmd_run, hooks=hooks)
    return parser


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """What is run and where it is published: the config, its reports, their parameters, the output folder."""
    parser.add_argument(
        "--config", metavar="TOML", help="reports config (default: notebooks/reports.toml of the project)"
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="output folder: absent, empty, or one `zhili run` published (default: outputs/ beside the "
        "config's folder, i.e. the project's outputs/ for notebooks/reports.toml)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this report of the config (repeatable); the others keep their published pages",
    )
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter in every report whose notebook declares it, or in one report with "
        "REPORT:NAME=VALUE; values are read as the parameter's type (numbers, true/false, "
        "JSON or comma-separated lists, text)",
    )


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """How it runs: in parallel, again, checked, waiting for another run, in which kernel, within which limits."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="reports run in parallel (default: the machine's cores, %(default)s here)",
    )
    parser.add_argument("--force", action="store_true", help="re-run every report even if its inputs are unchanged")
    parser.add_argument(
        "--check",
        action="store_true",
        help="publish nothing: run every report again into a temporary folder and name each published "
        "file whose bytes differ from what its inputs give now (exit code 5)",
    )
    parser.add_argument(
        "--wait",
        nargs="?",
        type=_seconds,
        const=-1.0,
        default=0.0,
        metavar="SECONDS",
        help="if another run holds the output folder, wait for it (at most SECONDS) instead of refusing",
    )
    parser.add_argument("--kernel", default="python3", metavar="NAME", help="Jupyter kernel (default: %(default)s)")
    parser.add_argument(
        "--cell-timeout",
        type=_limit,
        default=None,
        metavar="SECONDS",
        help="fail a report whose cell runs longer than this (default: the config's cell_timeout, else 300)",
    )
    parser.add_argument(
        "--report-timeout",
        type=_limit,
        default=None,
        metavar="SECONDS",
        help="fail a report whose cells together run longer than this "
        "(default: the config's report_timeout, else 1200)",
    )


def _add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """What is checked and published, and what the run says."""
    parser.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="for experts: skip the checks of `zhili validate` on the data before the run "
        "(invalid data is then published)",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=_formats,
        default=None,
        metavar="FORMATS",
        help="what every report of this run publishes, comma-separated: html, html,pdf or html,pdf,slides "
        "(default: each report's formats in reports.toml); the PDF is printed by the system Chromium; "
        "slides: an offline reveal.js deck <name>-slides.html, for the reports whose notebook makes one",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only failures and errors")


def add_run_parser(subparsers, hooks) -> argparse.ArgumentParser:
    """Add ``run`` to the ``zhili`` sub-commands; ``hooks`` as :func:`configure_run_parser` takes it."""
    parser = subparsers.add_parser(
        "run",
        help="execute the notebooks and publish self-contained HTML reports",
        description="Execute every configured report (a notebook with a parameter set) with papermill,\n"
        "convert it to offline HTML and publish index.html, the pages, the executed notebooks,\n"
        "table CSVs and manifest.json atomically into the output folder. Reports whose inputs\n"
        "have not changed since the last run are reused as they are.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return configure_run_parser(parser, hooks)


def cmd_run(args) -> int:
    from zhili_data.publish.config import default_config_path, default_output_path
    from zhili_data.publish.progress import Progress
    from zhili_data.publish.run import RunOptions, run

    config = Path(args.config) if args.config else default_config_path()
    # Without --out, the outputs/ of the config's project, never of the current directory.
    out = Path(args.out) if args.out else default_output_path(config)
    options = RunOptions(
        config=config,
        out=out,
        hooks=args.hooks(),
        jobs=args.jobs,
        force=args.force,
        params=args.param,
        reports=args.only,
        wait=None if args.wait is not None and args.wait < 0 else args.wait,
        kernel_name=args.kernel,
        timeout=args.cell_timeout,
        report_timeout=args.report_timeout,
        validate=args.validate,
        formats=args.formats,
    )
    if args.check:
        from zhili_data.publish.check import check

        code = check(options, progress=Progress(quiet=args.quiet))
    else:
        code = run(options, progress=Progress(quiet=args.quiet))
    # The command ends here. The collector's passes while the interpreter shuts down would walk
    # every object pandas, papermill and nbconvert made (a few tenths of a second of CPU, waited
    # for by whoever runs the command): keep those out of them.
    import gc

    gc.freeze()
    return code
