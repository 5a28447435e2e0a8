"""The ``zhili`` command.

    zhili validate   check figures.csv and exclusions.csv against the source (exit 1 on any problem)
    zhili coverage   every numeric mention of the source: curated, excluded, or unaccounted
    zhili export     write data/processed/figures.csv, exclusions.csv and datapackage.json
    zhili draft      draft a catalogue folder (figures, exclusions, report.toml) from a new report's text
    zhili show       a figure or an indicator with its quote, page and section; else a search
    zhili run        execute the notebooks and publish the HTML reports (see `zhili run --help`)

Heavy libraries are imported inside the commands, so that ``zhili --help`` and a ``zhili run``
with nothing to do start at once.
"""

from __future__ import annotations

import argparse
import os
import sys


def cmd_validate(args) -> int:
    from zhili_data.core.catalog import UnknownReportError, list_reports
    from zhili_data.core.validate import validate_report
    from zhili_data.exceptions import ZhiliError

    chosen = args.report or list(list_reports())
    unknown = [r for r in chosen if r not in list_reports()]
    if unknown:
        raise UnknownReportError(f"unknown report {unknown[0]!r}; allowed: {', '.join(list_reports())}")
    failed = False
    for report in chosen:
        try:
            problems = validate_report(report, figures_path=args.figures, exclusions_path=args.exclusions)
        except ZhiliError as error:  # report.toml or the folder itself: the other reports are still checked
            print(f"zhili validate: {error}", file=sys.stderr)
            failed = True
            continue
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            failed = True
            print(f"{report}: {len(problems)} problem(s)", file=sys.stderr)
        else:
            print(f"{report}: figures and exclusions valid; every numeric mention accounted for")
    return 1 if failed else 0


def cmd_coverage(args) -> int:
    from zhili_data.core.coverage import main as coverage_main

    return coverage_main(args.arguments)


def cmd_export(args) -> int:
    from zhili_data.report.export import export

    for path in export(args.out, reports=args.report):
        print(f"wrote {path}")
    return 0


def cmd_draft(args) -> int:
    from pathlib import Path

    from zhili_data.core.draft import write_draft

    source = Path(args.source)
    folder = Path(args.out) if args.out else Path.cwd() / (args.id or source.stem)
    written = write_draft(source, folder, report_id=args.id)
    for path in written:
        print(f"wrote {path}")
    print(
        f"next: ZHILI_REPORTS_DIR={folder.resolve().parent} zhili validate --report {args.id or folder.name}"
        " lists what is left to do (every TODO, by file, line and column)"
    )
    return 0


def cmd_show(args) -> int:
    from zhili_data.core.catalog import DEFAULT_REPORT, list_reports
    from zhili_data.core.figures import FigureNotFoundError, figure, figures_for, load_figures

    if args.report:
        report = args.report[0]
    else:  # a catalogue of other reports (ZHILI_REPORTS_DIR) may lack the shipped one
        report = DEFAULT_REPORT if DEFAULT_REPORT in list_reports() else (list_reports() or (DEFAULT_REPORT,))[0]
    kwargs = {"report": report}
    if args.list:
        table = load_figures(**kwargs)
        for row in table.itertuples():
            print(f"{row.figure_id:<55} {row.indicator}")
        return 0
    query = " ".join(args.id).strip()
    if not query:
        print("zhili show: give an indicator_id, a figure_id or words to search for (人才), or --list", file=sys.stderr)
        return 2
    try:
        rows = figures_for(query, **kwargs)
    except FigureNotFoundError:
        try:
            rows = figure(query, **kwargs).to_frame().T
        except FigureNotFoundError as not_an_id:
            from zhili_data.core.figure_search import search

            found = search(query, min_score=args.min_score, topics=args.topic, **kwargs)
            direct = found[found["relevance"] == "direct"]
            nearby = found[found["relevance"] == "nearby"]
            where = f" of report {report!r}" if args.report else ""
            if found.empty:
                hint = str(not_an_id).partition("; ")[2]
                print(
                    f"zhili show: {query!r} is no indicator_id or figure_id{where} and no figure mentions it; {hint}",
                    file=sys.stderr,
                )
                return 2
            if direct.empty and not args.nearby:
                print(
                    f"zhili show: no figure{where} is about {query!r} (no indicator, id, topic or quote holds it); "
                    f"{len(nearby)} figure(s) only stand near it, in the same sentence, paragraph or section: "
                    "add --nearby to list them",
                    file=sys.stderr,
                )
                return 2
            rows = found if args.nearby else direct
            print(f"{len(direct)} figure(s) about {query!r}, most relevant first", end="")
            if args.nearby:
                print(f", then {len(nearby)} that only stand near it (same sentence, paragraph or section)", end="")
            elif len(nearby):
                print(f" ({len(nearby)} more only stand near it: --nearby lists them)", end="")
            print(":\n")
    for row in rows.itertuples():
        label = row.indicator_en if args.lang == "en" else row.indicator
        unit = row.unit if isinstance(row.unit, str) else ""
        print(f"{row.figure_id}  [{row.period}, {row.basis}, {row.measure}, {row.qualifier}]")
        print(f"  {label}: {row.value:g} {unit}  (standard: {row.value_std:.15g} {row.unit_std})")
        topics = f" · {row.topics}" if isinstance(row.topics, str) and row.topics else ""
        print(f"  p{row.page} · {row.section}{topics}")
        print(f"  「{row.quote}」")
        if hasattr(row, "relevance"):
            print(f"  {row.relevance} match, score {row.score:g}: {row.matched.replace(';', ', ')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from zhili_data.version import __version__

    parser = argparse.ArgumentParser(
        prog="zhili", description="Figures, analyses and reports of the Zhili town government work report."
    )
    parser.add_argument("--version", action="version", version=f"zhili_data {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_report(p):
        p.add_argument("--report", action="append", metavar="ID", help="report id (repeatable; default: every report)")
        return p

    p = with_report(sub.add_parser("validate", help="check the curated figures and exclusions against the source"))
    p.add_argument("--figures", metavar="CSV", help="validate this figures.csv instead of the shipped one")
    p.add_argument("--exclusions", metavar="CSV", help="validate this exclusions.csv instead of the shipped one")
    p.set_defaults(func=cmd_validate)

    # `zhili coverage` is zhili_data.core.coverage's own command line; its options are listed by `zhili coverage --help`.
    p = sub.add_parser(
        "coverage", add_help=False, help="list the numeric mentions that no figure or exclusion accounts for"
    )
    p.set_defaults(func=cmd_coverage, passes_arguments_on=True)

    p = with_report(sub.add_parser("export", help="write figures.csv, exclusions.csv and datapackage.json"))
    p.add_argument(
        "--out",
        metavar="DIR",
        help="output folder (default: data/processed of the project, whatever the current directory; "
        "$ZHILI_PROJECT_DIR names another project folder)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("draft", help="draft a catalogue folder for a new report from its extracted text")
    p.add_argument("source", metavar="SOURCE.txt", help="the report's text, extracted from its PDF (UTF-8)")
    p.add_argument("--out", metavar="DIR", help="the new report folder (default: ./ID); never overwritten")
    p.add_argument("--id", metavar="ID", help="the report id (default: the folder's name, else the file's name)")
    p.set_defaults(func=cmd_draft)

    p = with_report(sub.add_parser("show", help="a figure or indicator with its quote, or the figures matching words"))
    p.add_argument(
        "id",
        nargs="*",
        metavar="ID_OR_WORDS",
        help="an indicator_id (every row of it), a figure_id, or else words to search for "
        "(人才; 海外 工程师; 人才 OR 投资)",
    )
    p.add_argument("--list", action="store_true", help="list every figure_id with its label")
    p.add_argument("--min-score", type=float, metavar="N", help="only search results scoring at least N")
    p.add_argument(
        "--topic", action="append", metavar="TAG", help="only search results tagged with this topic (repeatable)"
    )
    p.add_argument(
        "--nearby",
        action="store_true",
        help="also list figures that only stand near the words (same sentence, paragraph or section)",
    )
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=cmd_show)

    from zhili_data.app import publishing_hooks
    from zhili_data.publish.cli import add_run_parser

    add_run_parser(sub, publishing_hooks)  # the one place the run is given the domain
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "passes_arguments_on", False):
        args.arguments = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    from zhili_data.exceptions import ZhiliError

    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (`zhili coverage --all | head`): stop quietly, as other commands do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except ZhiliError as error:
        # Bad input is explained by its message; a traceback would only hide it. Any other
        # exception is a bug: it propagates with its traceback (exit 1).
        print(f"zhili {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
