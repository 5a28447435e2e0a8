"""Where the reports' domain meets the publishing engine: the hooks ``zhili run`` publishes with.

:func:`publishing_hooks` is the one place that says what the runner (``zhili_data.publish``, which
imports nothing of the domain) gets of it. Each hook is a function of this module or of the
catalogue that imports what it needs when it is called, so that building the hooks costs nothing
(a run with nothing to do answers before pandas loads) and the object pickles into the run's workers.
"""

from __future__ import annotations

from zhili_data.core.catalog import DEFAULT_REPORT, get_report, list_reports
from zhili_data.publish.hooks import Hooks

__all__ = ["data_problems", "glossary_terms", "parameter_problem", "publishing_hooks"]


def data_problems(report_id: str) -> list[str]:
    """What ``zhili validate`` finds wrong with the curated data of ``report_id`` (empty: it passes).

    A pass is remembered (:func:`zhili_data.core.gate.require_valid`), so the notebooks' ``load_figures()``
    need not validate again; the validator itself (pandas, pandera) loads only when there is no pass
    to remember.

    Parameters
    ----------
    report_id : str
        A report of the catalogue.

    Returns
    -------
    list of str
        Every problem, as ``zhili validate`` words it.

    Examples
    --------
    >>> data_problems("zhili-2021-midyear")
    []
    """
    from zhili_data.core.gate import require_valid

    try:
        require_valid(report_id, skippable=False)
    except Exception as exc:
        from zhili_data.core.validate import FiguresInvalid

        if not isinstance(exc, FiguresInvalid):
            raise
        return [str(problem) for problem in exc.problems]
    return []


def parameter_problem(notebook: str, values: dict) -> str | None:
    """Why the project's rules (:mod:`zhili_data.report.params`) refuse ``values`` for ``notebook``, or None.

    A notebook the rules do not know is not refused; nor are values checked against data that itself
    fails validation (a run with ``--no-validate``: the notebook checks them again).

    Parameters
    ----------
    notebook : str
        The notebook's file name without ``.ipynb``.
    values : dict
        Its parameters as the run would execute it.

    Returns
    -------
    str or None
        The rules' message, or None when the values pass.

    Examples
    --------
    >>> parameter_problem("growth", {"lang": "klingon"}) is not None
    True
    >>> parameter_problem("not-a-project-notebook", {"lang": "klingon"}) is None
    True
    """
    from zhili_data.report import params as rules

    if notebook not in rules.NOTEBOOK_PARAMETERS:
        return None
    try:
        rules.validate_parameters(notebook, **values)
    except (rules.ParameterError, TypeError) as exc:
        return str(exc)
    except ValueError as exc:
        from zhili_data.core.validate import FiguresInvalid

        if isinstance(exc, FiguresInvalid):
            return None
        raise
    return None


def page_words(lang: str) -> dict[str, str]:
    """The words of a published page's frame (:func:`zhili_data.report.labels.page`)."""
    from zhili_data.report.labels import page

    return page(lang)


def glossary_terms(lang: str, report: str) -> list[tuple[str, str]]:
    """(term, anchor) of each term of the report's glossary in ``lang``, longest first; empty when
    the report has no glossary.csv.

    Parameters
    ----------
    lang : {"zh", "en"}
        The language of the page whose text links its terms.
    report : str
        A report of the catalogue.

    Returns
    -------
    list of tuple of str
        The terms, each with the anchor of its entry on the glossary page.

    Examples
    --------
    >>> ("含续建", "term-including_continuing") in glossary_terms("zh", "zhili-2021-midyear")
    True
    """
    from zhili_data.core.terms import FILE_NAME, report_glossary

    if not (get_report(report).folder / FILE_NAME).is_file():
        return []
    glossary = report_glossary(report)
    column = "term_en" if lang == "en" else "term_zh"
    pairs = list(zip(glossary[column], glossary["anchor"], strict=True))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def student_version(nb):
    """The lesson notebook ``nb`` with its solutions emptied (:func:`zhili_data.report.lesson.student_version`)."""
    from zhili_data.report.lesson import student_version as emptied

    return emptied(nb)


def workbook_bytes(sheets: dict) -> bytes:
    """An Excel workbook of ``sheets`` (:func:`zhili_data.report.spreadsheet.workbook_bytes`)."""
    from zhili_data.report.spreadsheet import workbook_bytes as written

    return written(sheets)


def sheet_name(name: str, taken: set) -> str:
    """A sheet name for ``name``, none of ``taken`` (:func:`zhili_data.report.spreadsheet.sheet_name`)."""
    from zhili_data.report.spreadsheet import sheet_name as named

    return named(name, taken)


def describe_column(column: str) -> str:
    """What a column of a published table holds (:func:`zhili_data.report.glossary.describe`)."""
    from zhili_data.report.glossary import describe

    return describe(column)


def publishing_hooks() -> Hooks:
    """The hooks ``zhili run`` publishes with: what the runner needs of the domain.

    Returns
    -------
    Hooks
        Functions of this module and of the catalogue; it pickles (into the run's worker processes).

    Examples
    --------
    >>> hooks = publishing_hooks()
    >>> hooks.report(hooks.default_report).id
    'zhili-2021-midyear'
    """
    return Hooks(
        default_report=DEFAULT_REPORT,
        report_ids=list_reports,
        report=get_report,
        data_problems=data_problems,
        parameter_problem=parameter_problem,
        page_words=page_words,
        glossary_terms=glossary_terms,
        student_version=student_version,
        workbook_bytes=workbook_bytes,
        sheet_name=sheet_name,
        describe_column=describe_column,
    )
