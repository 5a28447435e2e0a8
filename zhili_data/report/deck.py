"""The briefing as slides: what each slide of the deck says, built from the analysis tables.

A slide deck is read from the back of a room, so each slide says one thing in large type: the
title and citation, the key messages, one headline number per slide (with its caveat and the
sentence it is quoted from), each theme's first number (the rest in the handout, linked), the
targets at a glance, the caveats that matter and a closing summary. Each slide's speaker notes
(:func:`speaker_notes`, reveal.js's ``aside.notes``) say what to say, the evidence (each figure with
its place in the report and its quote) and the caveats, in the claims' own words
(:mod:`zhili_data.core.claims`, :mod:`zhili_data.report.prose`). Title and closing slides link the handout, the
front page and the other language's deck (:func:`deck_links`). The
charts that fit a projector's 16:9 screen (growth, targets) are taken from the notebook's own chart
outputs, not drawn a second time: a chart slide here names the notebook cell whose chart it shows
(the cell tagged ``slide-chart-<key>``).

:func:`deck_slides` returns a tidy frame, one row per slide in the order shown, so the deck can be
tested like any table; :func:`show_deck` displays it in a notebook as one output of media type
:data:`SLIDES_MIME`, which ``zhili run --format slides`` turns into a reveal.js deck
(:mod:`zhili_data.publish.slides`). Every text is escaped (:func:`zhili_data.markup.escape`).
"""

from __future__ import annotations

import pandas as pd

from zhili_data.core import claims
from zhili_data.core.analysis import VERDICTS, theme_figures
from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.markup import escape
from zhili_data.protocol import CHART_TAG_PREFIX, SLIDES_MIME
from zhili_data.report import briefing, labels, prose
from zhili_data.report.display import figure_place, format_amount
from zhili_data.report.messages import localised, message
from zhili_data.report.params import check_lang
from zhili_data.report.prose import CLAIM_ATTRIBUTE, status_counts

__all__ = [
    "CHART_TAG_PREFIX",
    "SLIDES_MIME",
    "SLIDE_COLUMNS",
    "THEME_TILES",
    "caveat_slide",
    "message_slide",
    "chart_slide",
    "closing_slide",
    "deck_links",
    "deck_slides",
    "headline_slides",
    "show_deck",
    "show_slides",
    "speaker_notes",
    "target_slide",
    "theme_slides",
    "title_slide",
]

SLIDE_COLUMNS = ["key", "kind", "title", "html", "chart", "notes"]
THEME_TILES = 1
"""Numbers of each theme on the areas slide: the first the report gives; the rest are in the handout."""


def _slide(key: str, kind: str, title: str, html: str, chart: str = "", notes: str = "") -> dict:
    return {"key": key, "kind": kind, "title": title, "html": html, "chart": chart, "notes": notes}


def _quote_text(row: pd.Series, lang: str) -> str:
    """A figure's quote in ``lang`` (its translation where it has one)."""
    translated = row.get(localised("quote", lang))
    return translated if isinstance(translated, str) else row["quote"]


def _quote(figures: pd.DataFrame, figure_id: str, lang: str) -> str:
    """The sentence a number is quoted from, with its page, as a block for the foot of a slide."""
    rows = figures[figures["figure_id"] == figure_id]
    if not figure_id or rows.empty:
        return ""
    row = rows.iloc[0]
    return (
        f'<blockquote class="zs-quote"><p>{escape(_quote_text(row, lang))}</p>'
        f"<cite>{escape(message('deck.page', lang, page=int(row['page'])))}</cite></blockquote>"
    )


def _note_line(key: str, text: str, lang: str, claim: str = "") -> str:
    marked = f' data-claim="{escape(claim)}"' if claim else ""  # a conclusion said aloud is a claim too
    return f'<p class="zs-notes-{key}"{marked}>{escape(message(f"deck.{key}", lang))}{escape(text)}</p>' if text else ""


def _evidence(figure_ids, figures: pd.DataFrame, lang: str, report: str) -> str:
    """The figures a slide rests on, each with its value, its place in the report and its quote."""
    items = []
    for figure_id in dict.fromkeys(figure_ids):
        rows = figures[figures["figure_id"] == figure_id]
        if rows.empty:
            continue
        r = rows.iloc[0]
        quote = _quote_text(r, lang)
        value = format_amount(r["value"], r["unit"], r["qualifier"], lang=lang, noun=r.get("unit_en"))
        items.append(
            f"<li>{escape(labels.indicator(r, lang))}: {escape(value)} "
            f"({escape(figure_place(figure_id, lang, report))}) “{escape(quote)}”</li>"
        )
    return (
        f'<p>{escape(message("deck.evidence", lang))}</p><ul class="zs-notes-evidence">{"".join(items)}</ul>'
        if items
        else ""
    )


def speaker_notes(
    say: str,
    lang: str,
    *,
    figure_ids=(),
    figures: pd.DataFrame | None = None,
    care=(),
    report: str = DEFAULT_REPORT,
    claim: str = "",
) -> str:
    """A slide's speaker notes (escaped HTML): what to say, the evidence (each figure with its place
    in the report and its quote) and the caveats, in the page's words.

    Parameters
    ----------
    say : str
        What to say.
    lang : {"zh", "en"}
    figure_ids : iterable of str, optional
        The figures the slide rests on.
    figures : DataFrame, optional
        The figures (for ``figure_ids``).
    care : iterable of str, optional
        The caveats.
    report : str, default DEFAULT_REPORT
    claim : str, optional
        The id of the claim ``say`` renders (:class:`zhili_data.core.claims.Claim`), marked on its line.

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.figures import load_figures
    >>> notes = speaker_notes("Growth was strong.", "en", figure_ids=["gdp_2021h1_actual"], figures=load_figures())
    >>> notes.startswith('<p class="zs-notes-say">Say&#58; Growth was strong&#46;</p><p>Evidence&#58; </p>')
    True
    >>> "GDP: 18&#46;1 bn yuan (p&#46; 2&#44; §1&#44; ¶1)" in notes
    True
    """
    evidence = _evidence(figure_ids, figures, lang, report) if figures is not None else ""
    return _note_line("say", say, lang, claim) + evidence + _note_line("care", " ".join(dict.fromkeys(care)), lang)


def deck_links(lang: str = "zh", *, name: str = "overview") -> dict[str, str]:
    """The files a deck links to, beside it in a run's folder: the handout, the front page and the
    other language's deck (``name`` is the Chinese notebook's; the English one adds ``-en``).

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
    name : str, default "overview"

    Returns
    -------
    dict
        ``handout``, ``front`` and ``other_lang`` → a relative address.

    Examples
    --------
    >>> deck_links("en")
    {'handout': 'overview-en.pdf', 'front': 'index.html', 'other_lang': 'overview-slides.html'}
    """
    check_lang(lang)
    own, other = name + message("language.page_suffix", lang), name + message("language.other_page_suffix", lang)
    return {"handout": f"{own}.pdf", "front": "index.html", "other_lang": f"{other}-slides.html"}


def _links_html(lang: str, name: str) -> str:
    links = deck_links(lang, name=name)
    other = message("deck.other_lang_code", lang)
    return (
        '<nav class="zs-links">'
        f'<a href="{escape(links["handout"])}">{escape(message("deck.handout", lang))}</a>'
        f'<a href="{escape(links["front"])}">{escape(message("deck.front", lang))}</a>'
        f'<a href="{escape(links["other_lang"])}" hreflang="{other}" lang="{other}">{escape(message("deck.other_lang", lang))}</a>'
        "</nav>"
    )


def title_slide(
    *, lang: str = "zh", report: str = DEFAULT_REPORT, title: str = "", name: str = "", notes: str = ""
) -> dict:
    """The opening slide: the deck's title, the report it briefs on (citation) and how to move on.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    title : str, optional
        The deck's title (default: the report's, with "briefing").
    name : str, optional
        The Chinese notebook's name, for links to the handout, the front page and the other
        language's deck (:func:`deck_links`); none without it.
    notes : str, optional
        The speaker notes (escaped HTML, :func:`speaker_notes`).

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped), ``chart`` and ``notes`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> title_slide(lang="en")["title"]
    'Government Work Report of Zhili Town: briefing'
    """
    entry = get_report(report)
    check_lang(lang)
    heading = title or message("deck.deck_title", lang, title=getattr(entry, localised("title", lang)))
    return _slide(
        "title",
        "title",
        heading,
        f'<h1 class="zs-title">{escape(heading)}</h1>'
        f'<p class="zs-subtitle">{escape(getattr(entry, localised("subtitle", lang)))}</p>'
        f'<p class="zs-citation">{escape(briefing.citation(report, lang=lang))}</p>'
        f"{_links_html(lang, name) if name else ''}"
        f'<p class="zs-keys">{escape(message("deck.keys", lang))}</p>',
        notes=notes,
    )


def _claims_notes(claim_list, figures: pd.DataFrame | None, lang: str, report: str) -> str:
    """Speaker notes for claims: each sentence, its evidence and its caveats."""
    return "".join(
        speaker_notes(
            prose.claim_text(c, lang),
            lang,
            figure_ids=c.figure_ids,
            figures=figures,
            care=prose.claim_caveats(c, lang),
            report=report,
            claim=c.claim_id,
        )
        for c in claim_list
        if c is not None
    )


def message_slide(
    growth: pd.DataFrame,
    gap: pd.DataFrame,
    *,
    lang: str = "zh",
    figures: pd.DataFrame | None = None,
    report: str = DEFAULT_REPORT,
) -> dict:
    """The key messages (:func:`zhili_data.report.briefing.key_messages_html`), the first slide after the title.

    Parameters
    ----------
    growth, gap : DataFrame
        The growth and target-gap tables.
    lang : {"zh", "en"}, default "zh"
    figures : DataFrame, optional
        The figures, for the evidence in the speaker notes.
    report : str, default DEFAULT_REPORT

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, target_gap_table
    >>> message_slide(growth_table(), target_gap_table(), lang="en")["title"]
    'Key messages'
    """
    return _slide(
        "messages",
        "messages",
        labels.text("key_messages_heading", lang),
        briefing.key_messages_html(growth, gap, lang=lang, evidence=False),
        notes=_claims_notes(claims.key_messages(growth, gap), figures, lang, report),
    )


def headline_slides(
    growth: pd.DataFrame,
    shares: pd.DataFrame,
    figures: pd.DataFrame,
    *,
    lang: str = "zh",
    reference: str = "gdp",
    report: str = DEFAULT_REPORT,
) -> list[dict]:
    """One slide per headline tile of the briefing (:func:`zhili_data.report.briefing.headline_tiles`):
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
    report : str, default DEFAULT_REPORT
        The report the figures come from (for the places in the speaker notes).

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.core.figures import load_figures
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
                notes=speaker_notes(
                    f"{t.label}: {t.value}",
                    lang,
                    figure_ids=[t.figure_id] if t.figure_id else [],
                    figures=figures,
                    care=[t.note] if t.note else [],
                    claim=briefing.TILE_CLAIMS.get(t.key, ""),
                    report=report,
                ),
            )
        )
    return slides


def theme_slides(
    figures: pd.DataFrame,
    *,
    lang: str = "zh",
    report: str = DEFAULT_REPORT,
    limit: int = THEME_TILES,
    name: str = "overview",
) -> list[dict]:
    """One slide of the overview themes: each theme's first ``limit`` numbers in the report's order
    as tiles (value with unit and hedge, indicator, period), and a link to the handout that gives the rest.
    The speaker notes give each shown number's place in the report and its quote.

    Parameters
    ----------
    figures : DataFrame
        The figures.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    limit : int, default 1
        Numbers of each theme on the slide.
    name : str, default "overview"
        The Chinese notebook's name (:func:`deck_links`).

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from zhili_data.core.figures import load_figures
    >>> [slide["title"] for slide in theme_slides(load_figures(), lang="en")]
    ['Each area in one number']
    """
    tiles, shown, total = [], [], 0
    for theme in labels.OVERVIEW_THEMES:
        rows = theme_figures(figures, theme, report=report)
        if rows.empty:
            continue
        total += len(rows)
        for _, r in rows.head(limit).iterrows():
            shown.append(r["figure_id"])
            tiles.append(
                f'<div class="zs-tile"><span class="zs-tile-theme">{escape(labels.theme(theme, lang))}</span>'
                f'<span class="zs-tile-value">'
                f"{escape(format_amount(r['value'], r['unit'], r['qualifier'], lang=lang, noun=r.get('unit_en')))}</span>"
                f'<span class="zs-tile-label">{escape(labels.indicator(r, lang))}</span>'
                f'<span class="zs-tile-period">{escape(labels.period(str(r["period"]), lang))}</span></div>'
            )
    if not tiles:
        return []
    title = message("deck.areas", lang)
    more = ""
    if total > len(shown):
        href = escape(deck_links(lang, name=name)["handout"])
        more = f'<p class="zs-more"><a href="{href}">{escape(message("deck.handout_more", lang, n=total - len(shown)))}</a></p>'
    return [
        _slide(
            "themes",
            "theme",
            title,
            f'<h2>{escape(title)}</h2><div class="zs-tiles">{"".join(tiles)}</div>{more}',
            notes=speaker_notes(title, lang, figure_ids=shown, figures=figures, report=report),
        )
    ]


def target_slide(
    gap: pd.DataFrame, *, lang: str = "zh", figures: pd.DataFrame | None = None, report: str = DEFAULT_REPORT
) -> dict:
    """The targets at a glance: how many are ahead, on track, behind…, verdicts that depend on a
    reading counted apart (:func:`zhili_data.report.briefing.target_glance`), and how many have no actual.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.core.analysis.target_gap_table`.
    lang : {"zh", "en"}, default "zh"
        The language.
    figures : DataFrame, optional
        The figures, for the evidence in the speaker notes.
    report : str, default DEFAULT_REPORT
        The report the figures come from.

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
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
            f'<span class="zs-contingent">{escape(message("briefing.contingent", lang, n=g.contingent))}</span>'
            if g.contingent
            else ""
        )
        items.append(
            f'<li class="zb-status-{escape(g.status)}"><span class="zs-count">{g.robust}</span>'
            f'<span class="zs-status">{escape(g.label)}</span>{extra}</li>'
        )
    line = message(
        "briefing.targets_compared",
        lang,
        total=len(gap),
        compared=len(gap) - counts["no_baseline"],
        rest=counts["no_baseline"],
    )
    title = message("briefing.targets", lang)
    return _slide(
        "targets",
        "targets",
        title,
        f'<h2>{escape(title)}</h2><ul class="zs-glance" {CLAIM_ATTRIBUTE}="targets_robust">{"".join(items)}</ul>'
        f'<p class="zs-small">{escape(line)} {escape(message("briefing.robust_note", lang))}</p>',
        notes=_claims_notes(
            [claims.verdict_count_claim(gap), claims.target_follow_up_claim(gap)], figures, lang, report
        )
        + speaker_notes("", lang, care=[line, message("briefing.robust_note", lang)]),
    )


def chart_slide(key: str, title: str, notes: str = "") -> dict:
    """A slide showing the chart of the notebook cell tagged ``slide-chart-<key>``; ``title`` names it.

    Parameters
    ----------
    key : str
        The chart's key (``growth``, ``targets``).
    title : str
    notes : str, optional
        The speaker notes (escaped HTML, :func:`speaker_notes`).

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped) and ``chart`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> chart_slide("growth", "Growth")
    {'key': 'chart-growth', 'kind': 'chart', 'title': 'Growth', 'html': '', 'chart': 'growth', 'notes': ''}
    """
    return _slide(f"chart-{key}", "chart", title, "", chart=key, notes=notes)


def caveat_slide(
    growth: pd.DataFrame, shares: pd.DataFrame, gap: pd.DataFrame, *, lang: str = "zh", report: str = DEFAULT_REPORT
) -> dict:
    """The caveats that matter (:func:`zhili_data.report.briefing.key_caveats`) and the citation.

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
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.core.figures import load_figures
    >>> growth, shares, gap, figures = growth_table(), share_table(), target_gap_table(), load_figures()
    >>> caveat_slide(growth, shares, gap, lang="en")["title"]
    'Read with care'
    """
    title = message("briefing.caveats", lang)
    items = "".join(f"<li>{escape(line)}</li>" for line in briefing.key_caveats(growth, shares, gap, lang=lang))
    return _slide(
        "caveats",
        "caveats",
        title,
        f'<h2>{escape(title)}</h2><ul class="zs-caveats">{items}</ul>'
        f'<p class="zs-small">{escape(message("briefing.citation", lang))}{message("prose.colon", lang)}'
        f"{escape(briefing.citation(report, lang=lang))}</p>",
        notes=speaker_notes(title, lang, care=briefing.key_caveats(growth, shares, gap, lang=lang)),
    )


def closing_slide(
    growth: pd.DataFrame, gap: pd.DataFrame, *, lang: str = "zh", report: str = DEFAULT_REPORT, name: str = "overview"
) -> dict:
    """The closing summary: the key messages restated in one line each, and where to read more
    (the handout, the front page, the other language's deck).

    Parameters
    ----------
    growth, gap : DataFrame
        The growth and target-gap tables.
    lang : {"zh", "en"}, default "zh"
    report : str, default DEFAULT_REPORT
    name : str, default "overview"
        The Chinese notebook's name (:func:`deck_links`).

    Returns
    -------
    dict
        ``key``, ``kind``, ``title``, ``html`` (escaped), ``chart`` and ``notes`` (:data:`SLIDE_COLUMNS`).

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, target_gap_table
    >>> closing_slide(growth_table(), target_gap_table(), lang="en")["title"]
    'What the report tells us'
    """
    title = message("deck.closing", lang)
    items = "".join(
        f'<li data-claim="{escape(c.claim_id)}">{escape(prose.claim_text(c, lang))}</li>'
        for c in claims.key_messages(growth, gap)
    )
    return _slide(
        "closing",
        "closing",
        title,
        f'<h2>{escape(title)}</h2><ol class="zs-closing">{items}</ol>'
        f'<p class="zs-small">{escape(message("deck.read_more", lang))}</p>{_links_html(lang, name)}',
        notes=speaker_notes(message("deck.closing_say", lang), lang, care=[briefing.citation(report, lang=lang)]),
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
    name: str = "overview",
) -> pd.DataFrame:
    """Every slide of the briefing's deck, in order: title, key messages, the headline numbers, the
    growth chart, the themes, the targets at a glance, the target chart, the caveats and the closing
    summary; each with speaker notes (``notes``).

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
    name : str, default "overview"
        The Chinese notebook's name (:func:`deck_links`).

    Returns
    -------
    DataFrame
        One row per slide, the columns :data:`SLIDE_COLUMNS`.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.core.figures import load_figures
    >>> growth, shares, gap, figures = growth_table(), share_table(), target_gap_table(), load_figures()
    >>> deck_slides(growth, shares, gap, figures, lang="en")["kind"].value_counts().to_dict()
    {'headline': 4, 'chart': 2, 'title': 1, 'messages': 1, 'theme': 1, 'targets': 1, 'caveats': 1, 'closing': 1}
    """
    check_lang(lang)
    growth_claims = [claims.growth_claim(growth), claims.contribution_claim(growth)]
    rows = [
        title_slide(
            lang=lang,
            report=report,
            title=title,
            name=name,
            notes=speaker_notes(message("deck.title_say", lang, citation=briefing.citation(report, lang=lang)), lang),
        ),
        message_slide(growth, gap, lang=lang, figures=figures, report=report),
        *headline_slides(growth, shares, figures, lang=lang, report=report),
        chart_slide(
            "growth",
            message("deck.growth_chart", lang),
            _claims_notes(growth_claims, figures, lang, report) + speaker_notes(message("deck.chart_say", lang), lang),
        ),
        *theme_slides(figures, lang=lang, report=report, name=name),
        target_slide(gap, lang=lang, figures=figures, report=report),
        chart_slide(
            "targets",
            message("deck.target_chart", lang),
            _claims_notes([claims.verdict_count_claim(gap)], figures, lang, report)
            + speaker_notes(message("deck.chart_say", lang), lang),
        ),
        caveat_slide(growth, shares, gap, lang=lang, report=report),
        closing_slide(growth, gap, lang=lang, report=report, name=name),
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
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> from zhili_data.core.figures import load_figures
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

    # a column a caller left out (say, no notes) is empty, never NaN
    records = slides.reindex(columns=SLIDE_COLUMNS).fillna("").to_dict(orient="records")
    display({SLIDES_MIME: records, "text/plain": "\n".join(slides["title"])}, raw=True)
