"""The briefing as slides: what each slide of the deck says, built from the analysis tables.

A slide deck is read from the back of a room, so each slide says one thing in large type: the
title and citation, one headline number per slide (with its caveat and the sentence it is quoted
from), the key numbers of each theme, the targets at a glance and the caveats that matter. The
charts that fit a projector's 16:9 screen (growth, targets) are taken from the notebook's own chart
outputs, not drawn a second time: a chart slide here names the notebook cell whose chart it shows
(the cell tagged ``slide-chart-<key>``).

:func:`deck_slides` returns a tidy frame, one row per slide in the order shown, so the deck can be
tested like any table; :func:`show_deck` displays it in a notebook as one output of media type
:data:`SLIDES_MIME`, which ``zhili run --format slides`` turns into a reveal.js deck
(:mod:`zhili_data.runner.slides`). Every text is escaped (:func:`zhili_data.markup.escape`).
"""

from __future__ import annotations

import pandas as pd

from zhili_data import briefing, labels
from zhili_data.analysis import OVERVIEW_THEMES, VERDICTS, theme_figures
from zhili_data.catalog import DEFAULT_REPORT, get_report
from zhili_data.display import format_amount
from zhili_data.markup import escape
from zhili_data.params import check_lang
from zhili_data.prose import CLAIM_ATTRIBUTE, status_counts

__all__ = [
    "CHART_TAG_PREFIX",
    "SLIDES_MIME",
    "SLIDE_COLUMNS",
    "THEME_TILES",
    "caveat_slide",
    "message_slide",
    "chart_slide",
    "deck_slides",
    "headline_slides",
    "show_deck",
    "show_slides",
    "target_slide",
    "theme_slides",
    "title_slide",
]

SLIDES_MIME = "application/vnd.zhili.slides+json"
"""The media type of the deck's output in a notebook: a list of slides (``key``, ``kind``, ``title``,
``html``, ``chart``)."""
SLIDE_COLUMNS = ["key", "kind", "title", "html", "chart"]
CHART_TAG_PREFIX = "slide-chart-"
"""A notebook cell tagged ``slide-chart-<key>`` holds the chart of the deck's chart slide ``<key>``."""
THEME_TILES = 6
"""Numbers on a theme slide: two rows of three stay legible at the back of a room, in English too."""

TEXT = {
    "more": ("另有{n}项数字见完整报告。", "{n} more figures in the full report."),
    "page": ("第{page}页", "page {page}"),
    "growth_chart": ("主要指标同比增长", "Growth of the main indicators"),
    "target_chart": ("目标完成进度", "Progress towards the targets"),
    "keys": (
        "← → 翻页 · Esc 总览 · F 全屏 · 打印：在地址后加 ?print-pdf",
        "← → next and previous slide · Esc overview · F full screen · to print, add ?print-pdf to the address",
    ),
    "deck_title": ("{title}：简报", "{title}: briefing"),
}


def _t(key: str, lang: str, **fields: object) -> str:
    pair = TEXT[key]
    return (pair[0] if check_lang(lang) == "zh" else pair[1]).format(**fields)


def _brief(key: str, lang: str, **fields: object) -> str:
    """A text of the briefing's first screen (:data:`zhili_data.briefing.TEXT`), so slide and page say the same."""
    pair = briefing.TEXT[key]
    return (pair[0] if check_lang(lang) == "zh" else pair[1]).format(**fields)


def _slide(key: str, kind: str, title: str, html: str, chart: str = "") -> dict:
    return {"key": key, "kind": kind, "title": title, "html": html, "chart": chart}


def _quote(figures: pd.DataFrame, figure_id: str, lang: str) -> str:
    """The sentence a number is quoted from, with its page, as a block for the foot of a slide."""
    rows = figures[figures["figure_id"] == figure_id]
    if not figure_id or rows.empty:
        return ""
    row = rows.iloc[0]
    quote = row["quote"] if lang == "zh" or not isinstance(row.get("quote_en"), str) else row["quote_en"]
    return (
        f'<blockquote class="zs-quote"><p>{escape(quote)}</p>'
        f"<cite>{escape(_t('page', lang, page=int(row['page'])))}</cite></blockquote>"
    )


def title_slide(*, lang: str = "zh", report: str = DEFAULT_REPORT, title: str = "") -> dict:
    """The opening slide: the deck's title, the report it briefs on (citation) and how to move on.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    title : str, optional
        The deck's title (default: the report's, with "briefing").

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> title_slide(lang="en")["title"]
    'Government Work Report of Zhili Town: briefing'
    """
    entry = get_report(report)
    zh = check_lang(lang) == "zh"
    heading = title or _t("deck_title", lang, title=entry.title if zh else entry.title_en)
    return _slide(
        "title",
        "title",
        heading,
        f'<h1 class="zs-title">{escape(heading)}</h1>'
        f'<p class="zs-subtitle">{escape(entry.subtitle if zh else entry.subtitle_en)}</p>'
        f'<p class="zs-citation">{escape(briefing.citation(report, lang=lang))}</p>'
        f'<p class="zs-keys">{escape(_t("keys", lang))}</p>',
    )


def message_slide(growth: pd.DataFrame, gap: pd.DataFrame, *, lang: str = "zh") -> dict:
    """The key messages (:func:`zhili_data.briefing.key_messages_html`), the first slide after the title.

    Parameters
    ----------
    growth, gap : DataFrame
        The growth and target-gap tables.
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> from zhili_data.analysis import growth_table, target_gap_table
    >>> message_slide(growth_table(), target_gap_table(), lang="en")["title"]
    'Key messages'
    """
    return _slide(
        "messages",
        "messages",
        labels.text("key_messages_heading", lang),
        briefing.key_messages_html(growth, gap, lang=lang, evidence=False),
    )


def headline_slides(
    growth: pd.DataFrame, shares: pd.DataFrame, figures: pd.DataFrame, *, lang: str = "zh", reference: str = "gdp"
) -> list[dict]:
    """One slide per headline tile of the briefing (:func:`zhili_data.briefing.headline_tiles`):
    its label, the number in very large type, its caveat and the sentence it is quoted from.

    Parameters
    ----------
    growth, shares : DataFrame
        The growth and share tables.
    figures : DataFrame
        The figures, for the quoted sentences.
    lang : {"zh", "en"}, default "zh"
        The language.
    reference : str, default "gdp"

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from zhili_data.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.figures import load_figures
    >>> growth, shares, gap, figures = growth_table(), share_table(), target_gap_table(), load_figures()
    >>> [slide["key"] for slide in headline_slides(growth, shares, figures, lang="en")]
    ['headline-level', 'headline-growth', 'headline-share', 'headline-fastest']
    """
    slides = []
    for t in briefing.headline_tiles(growth, shares, lang=lang, reference=reference).itertuples():
        note = f'<p class="zs-note">{escape(t.note)}</p>' if t.note else ""
        slides.append(
            _slide(
                f"headline-{t.key}",
                "headline",
                t.label,
                f'<h2 class="zs-label">{escape(t.label)}</h2>'
                f'<p class="zs-value">{escape(t.value)}</p>{note}'
                f"{_quote(figures, t.figure_id, lang)}",
            )
        )
    return slides


def theme_slides(
    figures: pd.DataFrame, *, lang: str = "zh", report: str = DEFAULT_REPORT, limit: int = THEME_TILES
) -> list[dict]:
    """One slide per overview theme: its first ``limit`` numbers in the report's order as tiles
    (value with unit and hedge, indicator, period), and how many more the full report gives.

    Parameters
    ----------
    figures : DataFrame
        The figures.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    limit : int, default 6
        Numbers on a slide.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from zhili_data.figures import load_figures
    >>> [slide["title"] for slide in theme_slides(load_figures(), lang="en")]
    ['Economy', 'Urban and rural development', 'Livelihoods', 'Government and governance']
    """
    slides = []
    for theme in OVERVIEW_THEMES:
        rows = theme_figures(figures, theme, report=report)
        if rows.empty:
            continue
        name = labels.theme(theme, lang)
        tiles = "".join(
            f'<div class="zs-tile"><span class="zs-tile-value">'
            f"{escape(format_amount(r['value'], r['unit'], r['qualifier'], lang=lang, noun=r.get('unit_en')))}</span>"
            f'<span class="zs-tile-label">{escape(labels.indicator(r, lang))}</span>'
            f'<span class="zs-tile-period">{escape(labels.period(str(r["period"]), lang))}</span></div>'
            for _, r in rows.head(limit).iterrows()
        )
        more = f'<p class="zs-more">{escape(_t("more", lang, n=len(rows) - limit))}</p>' if len(rows) > limit else ""
        slides.append(
            _slide(
                f"theme-{theme}",
                "theme",
                name,
                f'<h2>{escape(name)}</h2><div class="zs-tiles">{tiles}</div>{more}',
            )
        )
    return slides


def target_slide(gap: pd.DataFrame, *, lang: str = "zh") -> dict:
    """The targets at a glance: how many are ahead, on track, behind…, verdicts that depend on a
    reading counted apart (:func:`zhili_data.briefing.target_glance`), and how many have no actual.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.analysis.target_gap_table`.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> from zhili_data.analysis import target_gap_table
    >>> target_slide(target_gap_table(), lang="en")["title"]
    'Targets'
    """
    glance = briefing.target_glance(gap, lang=lang)
    counts = status_counts(gap)
    items = []
    for g in glance.itertuples():
        if not g.robust and not g.contingent and g.status not in VERDICTS:
            continue
        extra = (
            f'<span class="zs-contingent">{escape(_brief("contingent", lang, n=g.contingent))}</span>'
            if g.contingent
            else ""
        )
        items.append(
            f'<li class="zb-status-{escape(g.status)}"><span class="zs-count">{g.robust}</span>'
            f'<span class="zs-status">{escape(g.label)}</span>{extra}</li>'
        )
    line = _brief(
        "targets_compared", lang, total=len(gap), compared=len(gap) - counts["no_baseline"], rest=counts["no_baseline"]
    )
    title = _brief("targets", lang)
    return _slide(
        "targets",
        "targets",
        title,
        f'<h2>{escape(title)}</h2><ul class="zs-glance" {CLAIM_ATTRIBUTE}="targets_robust">{"".join(items)}</ul>'
        f'<p class="zs-small">{escape(line)} {escape(_brief("robust_note", lang))}</p>',
    )


def chart_slide(key: str, title: str) -> dict:
    """A slide showing the chart of the notebook cell tagged ``slide-chart-<key>``; ``title`` names it.

    Parameters
    ----------
    key : str
        The chart's key (``growth``, ``targets``).
    title : str

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> chart_slide("growth", "Growth")
    {'key': 'chart-growth', 'kind': 'chart', 'title': 'Growth', 'html': '', 'chart': 'growth'}
    """
    return _slide(f"chart-{key}", "chart", title, "", chart=key)


def caveat_slide(
    growth: pd.DataFrame, shares: pd.DataFrame, gap: pd.DataFrame, *, lang: str = "zh", report: str = DEFAULT_REPORT
) -> dict:
    """The caveats that matter (:func:`zhili_data.briefing.key_caveats`) and the citation.

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> from zhili_data.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.figures import load_figures
    >>> growth, shares, gap, figures = growth_table(), share_table(), target_gap_table(), load_figures()
    >>> caveat_slide(growth, shares, gap, lang="en")["title"]
    'Read with care'
    """
    title = _brief("caveats", lang)
    items = "".join(f"<li>{escape(line)}</li>" for line in briefing.key_caveats(growth, shares, gap, lang=lang))
    return _slide(
        "caveats",
        "caveats",
        title,
        f'<h2>{escape(title)}</h2><ul class="zs-caveats">{items}</ul>'
        f'<p class="zs-small">{escape(_brief("citation", lang))}{"：" if lang == "zh" else ": "}'
        f"{escape(briefing.citation(report, lang=lang))}</p>",
    )


def deck_slides(
    growth: pd.DataFrame,
    shares: pd.DataFrame,
    gap: pd.DataFrame,
    figures: pd.DataFrame,
    *,
    lang: str = "zh",
    report: str = DEFAULT_REPORT,
    title: str = "",
) -> pd.DataFrame:
    """Every slide of the briefing's deck, in order: title, the headline numbers, the growth chart,
    the themes, the targets at a glance, the target chart and the caveats.

    Returns
    -------
    pandas.DataFrame
        One row per slide: ``key`` (unique), ``kind`` (title, headline, chart, theme, targets,
        caveats), ``title`` (plain text), ``html`` (the slide's escaped content; empty for a chart
        slide) and ``chart`` (for a chart slide, the key of the notebook cell tagged
        ``slide-chart-<key>`` whose chart it shows; else empty).

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    figures : DataFrame
        The figures.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    title : str, optional
        The deck's title.

    Returns
    -------
    DataFrame
        One row per slide, the columns :data:`SLIDE_COLUMNS`.

    Examples
    --------
    >>> from zhili_data.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.figures import load_figures
    >>> growth, shares, gap, figures = growth_table(), share_table(), target_gap_table(), load_figures()
    >>> deck_slides(growth, shares, gap, figures, lang="en")["kind"].value_counts().to_dict()
    {'headline': 4, 'theme': 4, 'chart': 2, 'title': 1, 'messages': 1, 'targets': 1, 'caveats': 1}
    """
    check_lang(lang)
    rows = [
        title_slide(lang=lang, report=report, title=title),
        message_slide(growth, gap, lang=lang),
        *headline_slides(growth, shares, figures, lang=lang),
        chart_slide("growth", _t("growth_chart", lang)),
        *theme_slides(figures, lang=lang, report=report),
        target_slide(gap, lang=lang),
        chart_slide("targets", _t("target_chart", lang)),
        caveat_slide(growth, shares, gap, lang=lang, report=report),
    ]
    return pd.DataFrame(rows, columns=SLIDE_COLUMNS)


def show_deck(
    growth: pd.DataFrame,
    shares: pd.DataFrame,
    gap: pd.DataFrame,
    figures: pd.DataFrame,
    *,
    lang: str = "zh",
    report: str = DEFAULT_REPORT,
) -> None:
    """Display :func:`deck_slides` as one output of media type :data:`SLIDES_MIME` (the slide titles as plain text).

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    figures : DataFrame
        The figures.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.figures import load_figures
    >>> growth, shares, gap, figures = growth_table(), share_table(), target_gap_table(), load_figures()
    >>> show_deck(growth, shares, gap, figures, lang="en")  # outside a notebook: the raw output
    {'application/vnd.zhili.slides+json': [{'key': 'title', ...}
    """
    show_slides(deck_slides(growth, shares, gap, figures, lang=lang, report=report))


def show_slides(slides: pd.DataFrame) -> None:
    """Display a frame of slides (:data:`SLIDE_COLUMNS`) as one output of media type :data:`SLIDES_MIME`,
    the slide titles as its plain text: what ``zhili run --format slides`` makes a deck of.

    Parameters
    ----------
    slides : DataFrame
        One row per slide, e.g. :func:`deck_slides`.

    Returns
    -------
    None

    Examples
    --------
    >>> show_slides(pd.DataFrame([title_slide(lang="en")], columns=SLIDE_COLUMNS))  # outside a notebook
    {'application/vnd.zhili.slides+json': [{'key': 'title', ...}], 'text/plain': 'Government Work Report of Zhili Town: briefing'}
    """
    from IPython.display import display

    display({SLIDES_MIME: slides.to_dict(orient="records"), "text/plain": "\n".join(slides["title"])}, raw=True)
