"""The briefing's first screen: headline number tiles, target progress at a glance, the caveats
that matter and the citation, built from the analysis tables.

:func:`headline_tiles` and :func:`target_glance` return tidy frames (one row per tile), so the
numbers on the first screen can be tested and traced like any table; :func:`summary_html` turns
them into one escaped HTML block that :func:`show_summary` displays in a notebook. Every number
links to its quote in the sources appendix, as the tables and the prose do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from zhili_data.core import claims
from zhili_data.core.analysis import VERDICTS
from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.cells import items as cell_items
from zhili_data.core.checks import check_lang
from zhili_data.markup import escape
from zhili_data.protocol import HEADLINE, METADATA_KEY
from zhili_data.report import charts, labels, prose
from zhili_data.report.display import anchor, format_amount, format_percent, show_chart, show_table
from zhili_data.report.messages import localised, message
from zhili_data.report.prose import caveat_rows, concerns, status_counts

__all__ = [
    "GLANCE_COLUMNS",
    "GLANCE_STATUSES",
    "HEADLINE_METADATA",
    "FASTEST_CLAIM",
    "MESSAGES_ID",
    "SUMMARY_ID",
    "TILE_CLAIMS",
    "TILE_COLUMNS",
    "citation",
    "headline",
    "headline_tiles",
    "key_caveats",
    "key_messages_html",
    "share_tile",
    "show_headline",
    "show_summary",
    "show_theme",
    "summary_html",
    "target_glance",
    "target_tile",
]

TILE_COLUMNS = ["key", "label", "value", "note", "figure_id"]
GLANCE_COLUMNS = ["status", "label", "robust", "contingent"]
SUMMARY_ID = "zhili-summary"
MESSAGES_ID = "zhili-messages"
"""The id of the key messages' heading, the first thing the briefing shows."""
FASTEST_CLAIM = "growth_fastest_by_basis"
TILE_CLAIMS = {"fastest": FASTEST_CLAIM, "targets": "targets_robust"}
"""Tile key -> the id of the claim it renders (the other tiles state one figure each)."""
"""The claim the fastest-growth tile renders (:func:`zhili_data.core.claims.growth_claim`): fastest of one price basis."""


GLANCE_STATUSES = (*VERDICTS, "not_started", "undetermined")
# Caveat codes the summary states in its own words, or of numbers it does not show (no prior-year
# value is on the first screen or a slide): a screen lists only the caveats of what it shows.
SAID_ELSEWHERE = frozenset({"no_actual", "implied_prior"})


def headline_tiles(
    growth: pd.DataFrame, shares: pd.DataFrame | None = None, *, lang: str = "zh", reference: str = "gdp"
) -> pd.DataFrame:
    """The headline numbers as tiles: the reference indicator's level, its growth (with the low-base
    caveat where it applies) and its stated share of the larger whole (when ``shares`` is given),
    then the fastest growth.

    Returns
    -------
    pandas.DataFrame
        One row per tile: ``key``, ``label``, ``value`` (formatted with unit and hedge), ``note``
        (a caveat or ``""``) and ``figure_id`` (the figure the value is quoted from, or ``""``).

    Parameters
    ----------
    growth, shares : DataFrame
        The growth and share tables.
    lang : {"zh", "en"}, default "zh"
        The language.
    reference : str, default "gdp"
        The indicator the tiles start from.

    Returns
    -------
    DataFrame
        One row per tile, the columns :data:`TILE_COLUMNS`.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> growth, shares, gap = growth_table(), share_table(), target_gap_table()
    >>> headline_tiles(growth, shares, lang="en")[["key", "value"]]
           key         value
    0    level  18.1 bn yuan
    1   growth        +17.5%
    2    share         45.1%
    3  fastest        +83.3%
    """
    check_lang(lang)
    rows: list[dict] = []
    ref = growth[growth["indicator_id"] == reference]
    if len(ref):
        r = ref.iloc[0]
        name, period = labels.indicator(r, lang), labels.period(str(r["period"]), lang)
        if not _missing(r["value"]):
            rows.append(
                {
                    "key": "level",
                    "label": message("briefing.level", lang, name=name, period=period),
                    "value": format_amount(r["value"], r["unit"], r["qualifier"], lang=lang, noun=r.get("unit_en")),
                    "note": "",
                    "figure_id": r["level_figure_id"],
                }
            )
        if not _missing(r["growth_pct"]):
            low_base = "low_base" in cell_items(r["caveat_codes"])
            note = (
                message("briefing.low_base", lang, base=labels.period(str(r["base_period"]), lang)) if low_base else ""
            )
            rows.append(
                {
                    "key": "growth",
                    "label": message("briefing.growth", lang, name=name),
                    "value": _signed(format_percent(r["growth_pct"], r["growth_qualifier"], lang=lang)),
                    "note": note,
                    "figure_id": r["growth_figure_id"],
                }
            )
        if shares is not None:
            rows += share_tile(shares, lang=lang, reference=reference, named=False).to_dict("records")
    # ranked within one price basis only (claims.growth_claim): the fastest at current prices
    claim = claims.growth_claim(growth)
    fastest_id = claim.fields["fastest"].get("nominal") if claim is not None else None
    fastest = growth[growth["indicator_id"] == fastest_id] if fastest_id else growth.head(0)
    if len(fastest) and fastest_id != reference:
        f = fastest.iloc[0]
        codes = cell_items(f["caveat_codes"])
        note = (
            message("briefing.low_base", lang, base=labels.period(str(f["base_period"]), lang))
            if "low_base" in codes
            else ""
        )
        rows.append(
            {
                "key": "fastest",
                "label": message(
                    "briefing.fastest", lang, name=labels.indicator(f, lang), basis=labels.text("basis_nominal", lang)
                ),
                "value": _signed(format_percent(f["growth_pct"], f["growth_qualifier"], lang=lang)),
                "note": note,
                "figure_id": f["growth_figure_id"],
            }
        )
    return pd.DataFrame(rows, columns=TILE_COLUMNS)


def target_glance(gap: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """How many targets have each status, robust verdicts apart from those that depend on a reading.

    Parameters
    ----------
    gap : DataFrame
        A :func:`zhili_data.core.analysis.target_gap_table`.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    pandas.DataFrame
        One row per status of :data:`GLANCE_STATUSES` (ahead, on track, behind, not started,
        undetermined), with its ``label`` and the counts ``robust`` and ``contingent`` (statuses
        other than the three verdicts are counted as robust).

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> growth, shares, gap = growth_table(), share_table(), target_gap_table()
    >>> target_glance(gap, lang="en").head(2)
         status     label  robust  contingent
    0     ahead     ahead       3           1
    1  on_track  on track       0           0
    """
    check_lang(lang)
    counts = status_counts(gap)
    rows = []
    for status in GLANCE_STATUSES:
        if status in VERDICTS:
            robust, contingent = counts[f"robust_{status}"], counts[f"contingent_{status}"]
        else:
            robust, contingent = counts[status], 0
        rows.append(
            {"status": status, "label": labels.status(status, lang), "robust": robust, "contingent": contingent}
        )
    return pd.DataFrame(rows, columns=GLANCE_COLUMNS)


def share_tile(shares: pd.DataFrame, *, lang: str = "zh", reference: str = "gdp", named: bool = True) -> pd.DataFrame:
    """The reference indicator's stated share of the larger whole as one tile (none when the report states none).

    Its label names the indicator unless ``named`` is False (beside a tile of the indicator's level).

    Parameters
    ----------
    shares : DataFrame
        The share table (:func:`zhili_data.core.analysis.share_table`).
    lang : {"zh", "en"}, default "zh"
        The language of the label.
    reference : str, default "gdp"
        The indicator whose stated share is shown.
    named : bool, default True
        Whether the label names the indicator.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`headline_tiles`, ``key`` ``"share"``.

    Examples
    --------
    >>> from zhili_data.core.analysis import share_table
    >>> share_tile(share_table(), lang="en")[["label", "value"]].values.tolist()
    [["GDP: share of Wuxing District's GDP", '45.1%']]
    """
    check_lang(lang)
    share = shares[(shares["indicator_id"] == reference) & (shares["kind"] == "stated")]
    rows = []
    if len(share):
        s = share.iloc[0]
        rows.append(
            {
                "key": "share",
                "label": message(
                    "briefing.share_named" if named else "briefing.share",
                    lang,
                    name=labels.indicator(s, lang),
                    whole=labels.share_of(s, lang),
                ),
                "value": format_percent(s["share_pct"], lang=lang),
                "note": "",
                "figure_id": s["share_figure_id"],
            }
        )
    return pd.DataFrame(rows, columns=TILE_COLUMNS)


def target_tile(gap: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """Target progress as one tile: how many of the targets with an actual are ahead or on track
    whatever the reading, with those that depend on a reading in its note.

    Parameters
    ----------
    gap : DataFrame
        The target-gap table (:func:`zhili_data.core.analysis.target_gap_table`).
    lang : {"zh", "en"}, default "zh"
        The language of the label.

    Returns
    -------
    pandas.DataFrame
        One row with the columns of :func:`headline_tiles` (``key`` is ``"targets"``, no ``figure_id``:
        the count comes from every target of the table).

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> target_tile(target_gap_table(), lang="zh")[["value", "note"]].values.tolist()
    [['3项', '另1项取决于读法']]
    """
    check_lang(lang)
    counts = status_counts(gap)
    compared = len(gap) - counts["no_baseline"]
    sure = counts["robust_ahead"] + counts["robust_on_track"]
    depending = counts["contingent_ahead"] + counts["contingent_on_track"]
    row = {
        "key": "targets",
        "label": message("briefing.targets_sure", lang, compared=compared),
        "value": message("briefing.targets_sure_value", lang, n=sure),
        "note": message("briefing.contingent", lang, n=depending) if depending else "",
        "figure_id": "",
    }
    return pd.DataFrame([row], columns=TILE_COLUMNS)


def headline(tiles: pd.DataFrame, keys: Sequence[str] | None = None) -> list[dict]:
    """The tiles of ``keys`` (all, in order, when None) as the headline a report gives the front page.

    Parameters
    ----------
    tiles : DataFrame
        Tiles as :func:`headline_tiles`, :func:`share_tile` or :func:`target_tile` return them.
    keys : sequence of str, optional
        The tiles wanted, in order; all of them when None.

    Returns
    -------
    list of dict
        ``label``, ``value``, ``note``, ``href`` (the fragment of the value's quote on the
        report's page, or ``""``) and ``claim`` (the id of the claim a conclusion renders, or ``""``),
        in the order of ``keys``; a key with no tile is left out.

    Examples
    --------
    >>> tiles = pd.DataFrame([{"key": "level", "label": "GDP", "value": "181亿元", "note": "", "figure_id": "gdp_x"}])
    >>> headline(tiles, ["growth", "level"])[0]["href"]
    '#src-gdp_x'
    """
    by_key = {t.key: t for t in tiles.itertuples()}
    chosen = [by_key[k] for k in keys if k in by_key] if keys is not None else list(by_key.values())
    return [
        {
            "label": t.label,
            "value": t.value,
            "note": t.note,
            "href": f"#{anchor(t.figure_id)}" if t.figure_id else "",
            "claim": TILE_CLAIMS.get(t.key, ""),
        }
        for t in chosen
    ]


HEADLINE_METADATA = HEADLINE
"""The key, under an output's ``zhili`` metadata, of the headline ``zhili run`` puts on its front page
(:data:`zhili_data.protocol.HEADLINE`)."""


def show_headline(tiles: pd.DataFrame, keys: Sequence[str] | None = None, *, limit: int = 1) -> None:
    """Give ``zhili run`` the report's headline number: the first ``limit`` tiles of ``keys`` there are.

    The output is plain text in the notebook; the run reads its metadata
    (``{"zhili": {"headline": [...]}}``) and shows the number, linked to its quote, on the front page.

    Parameters
    ----------
    tiles : DataFrame
        Tiles as :func:`headline_tiles`, :func:`share_tile` or :func:`target_tile` return them.
    keys : sequence of str, optional
        The tiles to choose from, in order of preference; all of them when None.
    limit : int, default 1
        How many of them the front page shows.

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.core.analysis import target_gap_table
    >>> show_headline(target_tile(target_gap_table(), lang="en"))  # outside a notebook: the raw output
    {'text/plain': 'Of the 7 targets with a result so far, ahead or on track whichever way the report is read: 3'}
    """
    from IPython.display import display

    items = headline(tiles, keys)[:limit]
    display(
        {"text/plain": "\n".join(f"{h['label']}: {h['value']}" for h in items)},
        raw=True,
        metadata={METADATA_KEY: {HEADLINE: items}},
    )


def citation(report: str = DEFAULT_REPORT, *, lang: str = "zh") -> str:
    """The report cited in one line of plain text: title, subtitle, speaker, date and venue.

    Parameters
    ----------
    report : str, default DEFAULT_REPORT
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> print(citation(lang="en"))
    Government Work Report of Zhili Town (Review of the first half of 2021 and plan for the second half), Chen Yongjie, ...
    """
    entry = get_report(report)
    return message(
        "briefing.citation_text",
        lang,
        **{part: getattr(entry, localised(part, lang)) for part in ("title", "subtitle", "speaker", "venue")},
        date=labels.date(entry.delivered, lang),
    )


def key_caveats(
    growth: pd.DataFrame,
    shares: pd.DataFrame,
    gap: pd.DataFrame,
    *,
    lang: str = "zh",
    limit: int = 4,
) -> list[str]:
    """The ``limit`` caveats of the three tables that concern most rows, as plain text lines naming those rows.

    Only the caveats of what the briefing shows: targets with no actual are left out (the target
    line counts them), so are the per-head shares and the implied prior-year values it never shows.

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    lang : {"zh", "en"}, default "zh"
        The language.
    limit : int, default 4
        At most this many caveats.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> growth, shares, gap = growth_table(), share_table(), target_gap_table()
    >>> print(key_caveats(growth, shares, gap, lang="en")[0])
    The base period, H1 2020, was depressed by COVID-19, ...
    """
    shown_shares = shares[shares["kind"] != "per_head"] if "kind" in shares.columns else shares
    tables = [
        t.assign(caveat_codes=t["caveat_codes"].map(_without(SAID_ELSEWHERE))) if "caveat_codes" in t.columns else t
        for t in (growth, shown_shares, gap)
    ]
    return [text + concerns(names, lang) for text, names in caveat_rows(*tables, lang=lang, limit=limit)]


def summary_html(
    growth: pd.DataFrame,
    shares: pd.DataFrame,
    gap: pd.DataFrame,
    *,
    lang: str = "zh",
    report: str = DEFAULT_REPORT,
    reference: str = "gdp",
    caveats: int = 4,
) -> str:
    """The first screen of the briefing as one HTML block; every text is escaped (:func:`zhili_data.markup.escape`).

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    reference : str, default "gdp"
    caveats : int, default 4
        How many caveats the first screen names.

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> growth, shares, gap = growth_table(), share_table(), target_gap_table()
    >>> print(summary_html(growth, shares, gap, lang="en"))
    <section class="zhili-briefing" aria-labelledby="zhili-summary"><div class="zb-messages"><h2 id="zhili-messages" class="zb-heading">Key messages</h2>...
    """
    esc = escape
    tiles = headline_tiles(growth, shares, lang=lang, reference=reference)
    glance = target_glance(gap, lang=lang)
    counts = status_counts(gap)
    compared = len(gap) - counts["no_baseline"]

    tile_html = []
    for t in tiles.itertuples():
        value = esc(t.value)
        if t.figure_id:
            value = f'<a href="#{esc(anchor(t.figure_id))}">{value}</a>'
        note = f'<span class="zb-note">{esc(t.note)}</span>' if t.note else ""
        claimed = f' {prose.CLAIM_ATTRIBUTE}="{TILE_CLAIMS[t.key]}"' if t.key in TILE_CLAIMS else ""
        tile_html.append(
            f'<div class="zb-tile zb-{esc(t.key)}"{claimed}><span class="zb-label">{esc(t.label)}</span>'
            f'<span class="zb-value">{value}</span>{note}</div>'
        )

    glance_html = []
    for g in glance.itertuples():
        if not g.robust and not g.contingent and g.status not in VERDICTS:
            continue
        extra = (
            f'<span class="zb-contingent">{esc(message("briefing.contingent", lang, n=g.contingent))}</span>'
            if g.contingent
            else ""
        )
        glance_html.append(
            f'<li class="zb-status zb-status-{esc(g.status)}"><span class="zb-count">{g.robust}</span>'
            f'<span class="zb-status-label">{esc(g.label)}</span>{extra}</li>'
        )

    caveat_items = "".join(
        f"<li>{esc(line)}</li>" for line in key_caveats(growth, shares, gap, lang=lang, limit=caveats)
    )
    targets_line = message(
        "briefing.targets_compared", lang, total=len(gap), compared=compared, rest=counts["no_baseline"]
    )
    return (
        f'<section class="zhili-briefing" aria-labelledby="{SUMMARY_ID}">'
        f"{key_messages_html(growth, gap, lang=lang)}"
        f'<h2 id="{SUMMARY_ID}" class="zb-heading">{esc(message("briefing.heading", lang))}</h2>'
        f'<div class="zb-tiles">{"".join(tile_html)}</div>'
        f'<div class="zb-columns">'
        f'<div class="zb-targets"><h3>{esc(message("briefing.targets", lang))}</h3><ul class="zb-glance" {prose.CLAIM_ATTRIBUTE}="targets_robust">{"".join(glance_html)}</ul>'
        f'<p class="zb-small">{esc(targets_line)} {esc(message("briefing.robust_note", lang))}</p></div>'
        f'<div class="zb-caveats"><h3>{esc(message("briefing.caveats", lang))}</h3><ul>{caveat_items}</ul></div>'
        f"</div>"
        f'<p class="zb-citation"><strong>{esc(message("briefing.citation", lang))}</strong>{message("prose.colon", lang)}'
        f"{esc(citation(report, lang=lang))} {esc(message('briefing.more', lang))}</p>"
        f"</section>"
    )


def key_messages_html(growth: pd.DataFrame, gap: pd.DataFrame, *, lang: str = "zh", evidence: bool = True) -> str:
    """The briefing's key messages (:func:`zhili_data.core.claims.key_messages`) as an escaped HTML list,
    each sentence marked with its claim id, its evidence linked and its caveat.

    Parameters
    ----------
    growth, gap : DataFrame
        The growth and target-gap tables.
    lang : {"zh", "en"}, default "zh"
    evidence : bool, default True
        Whether each message links to the quotes of its figures (a page has them; a slide deck does not).

    Returns
    -------
    str

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, target_gap_table
    >>> html = key_messages_html(growth_table(), target_gap_table(), lang="en")
    >>> html.count('data-claim="')
    4
    """
    items, said = [], set()
    for claim in claims.key_messages(growth, gap):
        # a caveat is said once, beside the first message it concerns
        fresh = tuple(c for c in claim.caveats if c not in said)
        said.update(claim.caveats)
        items.append(prose.claim_html(replace(claim, caveats=fresh), lang, evidence=evidence))
    items = "".join(items)
    heading = escape(labels.text("key_messages_heading", lang))
    return f'<div class="zb-messages"><h2 id="{MESSAGES_ID}" class="zb-heading">{heading}</h2><ol class="zb-message-list">{items}</ol></div>'


def show_summary(
    growth: pd.DataFrame,
    shares: pd.DataFrame,
    gap: pd.DataFrame,
    *,
    lang: str = "zh",
    report: str = DEFAULT_REPORT,
    reference: str = "gdp",
) -> None:
    """Display :func:`summary_html` in a notebook, with the tiles as ``text/csv`` for machines.

    Parameters
    ----------
    growth, shares, gap : DataFrame
        The three analysis tables.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT
    reference : str, default "gdp"

    Returns
    -------
    None

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, share_table, target_gap_table
    >>> growth, shares, gap = growth_table(), share_table(), target_gap_table()
    >>> show_summary(growth, shares, gap, lang="en")  # outside a notebook: the raw output
    {'text/html': '<section class="zhili-briefing"...', 'text/plain': ...}
    """
    from IPython.display import display

    tiles = headline_tiles(growth, shares, lang=lang, reference=reference)
    display(
        {
            "text/html": summary_html(growth, shares, gap, lang=lang, report=report, reference=reference),
            "text/plain": "\n".join(f"{t.label}: {t.value}" for t in tiles.itertuples()),
        },
        raw=True,
        # The briefing's headline on the front page: the level, its growth and its share.
        metadata={METADATA_KEY: {HEADLINE: headline(tiles, ["level", "growth", "share"])}},
    )


def _without(codes: frozenset[str]):
    def drop(cell: object) -> str:
        return [c for c in cell_items(cell) if c not in codes]

    return drop


def _signed(text: str) -> str:
    return text if text.startswith(("+", "-", "−")) else "+" + text


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


THEME_TABLE_COLUMNS = ["indicator", "period", "value", "figure_ids"]
"""What the table beside a theme chart shows of each figure the chart does not draw."""


def show_theme(figures: pd.DataFrame | None, theme: str, *, lang: str = "zh", report: str = DEFAULT_REPORT) -> None:
    """Display a theme of the overview: the chart of its comparable figures, then the table of
    every other figure of the theme (nothing is dropped: chart and table hold all of them).

    Parameters
    ----------
    figures : DataFrame or None
        The figures (None: the report's).
    theme : str
        One of the overview's themes.
    lang : {"zh", "en"}, default "zh"
        The language.
    report : str, default DEFAULT_REPORT

    Returns
    -------
    None

    Examples
    --------
    >>> show_theme(None, "economy", lang="en")  # outside a notebook: the chart's and the table's raw outputs
    {'image/png': ...}
    {'text/html': ...}
    """
    show_chart(charts.theme_chart(figures, theme, report=report, lang=lang))
    alone = charts.theme_singles(figures, theme, report=report)
    if len(alone):
        show_table(
            alone.rename(columns={"figure_id": "figure_ids"})[
                THEME_TABLE_COLUMNS + ["indicator_en", "unit", "unit_en", "qualifier"]
            ],
            name=f"{theme}_figures",
            title=labels.text("theme_singles_title", lang, theme=labels.theme(theme, lang)),
            lang=lang,
            columns=THEME_TABLE_COLUMNS,
            report=report,
        )
