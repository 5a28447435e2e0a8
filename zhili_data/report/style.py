"""The house chart style: seaborn's theme carrying a CJK font shipped by the project's own
dependencies, projector sizes, a title, the unit on the axis and the report's citation at the bottom
of every chart. Every render setting (size, resolution, fonts) is decided here, in one place.

The charts are drawn with seaborn on matplotlib: :func:`rc` is seaborn's ``ticks`` style and
``notebook`` context with the house choices on top, so a seaborn plot inside :func:`house_style`
(or after :func:`use`) is a house chart.

The font is the Noto Sans CJK SC file inside the ``mplfonts`` package (see :mod:`zhili_data.report.fonts`,
which also makes it a fallback of every plot once ``zhili_data`` is imported). It is registered with
matplotlib under a family name of its own, so a machine that has (or lacks) a system CJK font of
the same name renders exactly the same charts.
"""

from __future__ import annotations

import contextlib
import re
import textwrap
from collections.abc import Iterator

import matplotlib
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from zhili_data.core.catalog import DEFAULT_REPORT, get_report
from zhili_data.core.checks import check_lang
from zhili_data.report.fonts import FONT_FAMILY, FONT_FILE, font_path, register_font

__all__ = [
    "ACCENT",
    "FONT_FAMILY",
    "FONT_FILE",
    "BASE_SIZE",
    "CHART_DPI",
    "FIGSIZE",
    "GRID",
    "NAME_WIDTHS",
    "NARROW_DPI",
    "NARROW_WIDTH",
    "PAGE_WIDTH",
    "INK",
    "MUTED",
    "PALETTE",
    "SLIDE_DPI",
    "SLIDE_WIDTH",
    "SECOND",
    "STATUS_COLORS",
    "citation",
    "describe",
    "description",
    "finish",
    "font_path",
    "house_style",
    "bar_names",
    "narrow_layout",
    "new_chart",
    "page_texts",
    "title_claim",
    "rc",
    "register_font",
    "slide_layout",
    "slide_size",
    "title_figure",
    "use",
    "without_texts",
    "wrap_title",
]

# Projector-legible: nothing below 13 pt on a 12-inch-wide figure.
BASE_SIZE = 15
FIGSIZE = (12, 6.5)
# A page shows a chart 1440 px wide, the width of a report page's column at 1920 px: it is
# drawn 9 in wide at 160 dpi, so its smallest text (12 pt) is about 27 px there, and 9 pt or more
# printed in an A4 column of 7 in.
PAGE_WIDTH = 9.0
CHART_DPI = 160
# A phone's column is about 310 CSS px at 390: a chart drawn 4 in wide and shown that wide has its smallest
# text (12 pt) at about 13 CSS px; 160 dpi gives the 640 px a phone's two pixels per CSS px need.
NARROW_WIDTH = 4.0
NARROW_DPI = 160
# A slide shows a chart 1840 px wide (1766 px at 1920×1080, reveal.js's scale 0.96): drawn 11 in wide, its
# smallest text (12 pt) is 27 px there. Its height is what the slide leaves below the chart's message
# and above its note: see slide_size (zhili_slides.css sets the same type sizes).
SLIDE_WIDTH = 11.0
SLIDE_DPI = 160
SLIDE_CHART_PX = 1840
SLIDE_TEXT_PX = 1032  # a 1080 px slide less its padding
SLIDE_TITLE_PX = 44  # the chart's message above it
SLIDE_CAPTION_PX = 30  # its note and source under it: at least 28 px on screen at reveal.js's scale 0.96
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d9dee3"
ACCENT = "#1b6ca8"
SECOND = "#e07b39"
PALETTE = ("#1b6ca8", "#e07b39", "#3a9d5d", "#b8405e", "#7c5cbf", "#8c6d31", "#4b9fb5")
STATUS_COLORS = {"ahead": "#3a9d5d", "on_track": "#1b6ca8", "behind": "#c0392b", "no_baseline": "#9aa5b1"}


def rc(lang: str = "zh") -> dict[str, object]:
    """The rcParams of the house style: seaborn's theme (``ticks`` style, ``notebook`` context) with
    the house font, sizes and colours on top (the same font in both languages: it has Latin glyphs too).

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    dict
        matplotlib rcParams.

    Examples
    --------
    >>> rc()["font.family"]
    ['Zhili Noto Sans CJK SC', 'DejaVu Sans']
    """
    check_lang(lang)
    family = register_font()
    return {
        **sns.axes_style("ticks"),
        **sns.plotting_context("notebook"),
        # Named, not the generic "sans-serif": a text object keeps the font it was made with even
        # when it is drawn after the style is gone.
        "font.family": [family, "DejaVu Sans"],
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": True,  # the project font has U+2212
        "font.size": BASE_SIZE,
        "axes.titlesize": BASE_SIZE + 4,
        "axes.titleweight": "normal",  # the shipped font has one weight; asking for bold only logs a fallback
        "axes.titlelocation": "left",
        "axes.titlepad": 14,
        "axes.labelsize": BASE_SIZE,
        "axes.labelcolor": INK,
        "axes.edgecolor": MUTED,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "x",
        "axes.axisbelow": True,
        "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE)),
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "xtick.labelsize": BASE_SIZE - 1,
        "ytick.labelsize": BASE_SIZE - 1,
        "xtick.color": INK,
        "ytick.color": INK,
        "legend.fontsize": BASE_SIZE - 2,
        "legend.frameon": False,
        "figure.figsize": FIGSIZE,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "text.color": INK,
    }


def use(lang: str = "zh") -> None:
    """Apply the house style (seaborn's theme with the house rc) for the rest of the session;
    notebooks call it once.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    None

    Examples
    --------
    >>> import matplotlib
    >>> previous = dict(matplotlib.rcParams)
    >>> use("en")
    >>> matplotlib.rcParams["font.family"][0]
    'Zhili Noto Sans CJK SC'
    >>> matplotlib.rcParams.update(previous)
    """
    sns.set_theme(context="notebook", style="ticks", palette=list(PALETTE), rc=rc(lang))


@contextlib.contextmanager
def house_style(lang: str = "zh") -> Iterator[None]:
    """The house style inside a ``with`` block only.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    context manager

    Examples
    --------
    >>> import matplotlib
    >>> with house_style("en"):
    ...     matplotlib.rcParams["font.size"]
    15.0
    """
    with matplotlib.rc_context(rc(lang)):
        yield


def citation(report: str = DEFAULT_REPORT, lang: str = "zh") -> str:
    """The citation line under a chart, from report.toml (``citation`` / ``citation_en``).

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
    >>> citation(lang="en")
    'Source: Government Work Report of Zhili Town, 6 August 2021'
    >>> citation()
    '来源：织里镇人民政府工作报告，2021年8月6日'
    """
    entry = get_report(report)
    return entry.citation if check_lang(lang) == "zh" else entry.citation_en


def wrap_title(title: str, lang: str = "zh") -> str:
    """A long chart title on two lines: Chinese after its first comma (never inside a number),
    English at a space, so a message title stays inside the chart's width.

    Parameters
    ----------
    title : str
        The chart's message title.
    lang : {"zh", "en"}, default "zh"
        The title's language.

    Returns
    -------
    str
        The title with a line break where it is too long for one line.

    Examples
    --------
    >>> print(wrap_title("工业性投入增速（83.3%）是GDP增速（17.5%）的近5倍，社会固定资产投资增速为29.6%"))
    工业性投入增速（83.3%）是GDP增速（17.5%）的近5倍，
    社会固定资产投资增速为29.6%
    >>> wrap_title("Industrial investment grew nearly 5 times as fast as GDP", "en")
    'Industrial investment grew nearly 5 times as fast as GDP'
    """
    if check_lang(lang) == "zh":
        head, comma, tail = title.partition("，")
        return f"{head}{comma}\n{tail}" if len(title) > 40 and tail else title
    return "\n".join(textwrap.wrap(title, 90)) or title


def new_chart(*, title: str, subtitle: str = "", height: float | None = None, lang: str = "zh") -> tuple[Figure, Axes]:
    """A figure with one axes in the house style, titled. Built without pyplot, so it is shown
    once when a notebook cell returns it and leaves no global figure behind.

    Parameters
    ----------
    title : str
        The chart's message.
    subtitle : str, optional
        What the numbers are, in which unit.
    height : float, optional
        Inches (default: the house figure's).
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    (Figure, Axes)

    Examples
    --------
    >>> fig, ax = new_chart(title="GDP", lang="en")
    >>> fig.get_size_inches().tolist()
    [12.0, 6.5]
    """
    with house_style(lang):
        fig = Figure(figsize=(FIGSIZE[0], height or FIGSIZE[1]), layout="constrained")
        ax = fig.add_subplot()
        title_figure(fig, title, lang)
        if subtitle:
            ax.set_title(subtitle, loc="left", fontsize=BASE_SIZE - 1, color=MUTED, pad=10)
    setattr(fig, SUBTITLE_ATTRIBUTE, subtitle)
    return fig, ax


TITLE_ATTRIBUTE = "zhili_title"
SUBTITLE_ATTRIBUTE = "zhili_subtitle"
CAPTION_ATTRIBUTE = "zhili_caption"


def title_figure(fig: Figure, title: str, lang: str = "zh") -> Figure:
    """Title ``fig`` with its message: drawn at its top (a notebook, a slide) and kept as text for a
    page, which shows it as HTML above the chart (:func:`page_texts`).

    Parameters
    ----------
    fig : Figure
    title : str
        The chart's message.
    lang : {"zh", "en"}, default "zh"
        The language.

    Returns
    -------
    Figure
        ``fig`` itself.

    Examples
    --------
    >>> page_texts(title_figure(Figure(), "Industrial investment grew nearly 5 times as fast as GDP", "en"))[0]
    'Industrial investment grew nearly 5 times as fast as GDP'
    """
    fig.suptitle(wrap_title(title, lang), x=0.01, ha="left", fontsize=BASE_SIZE + 5, color=INK)
    setattr(fig, TITLE_ATTRIBUTE, title)
    return fig


TITLE_CLAIM_ATTRIBUTE = "_zhili_title_claim"
"""The attribute of a chart that holds the id of the claim its title renders (set by the charts of
:mod:`zhili_data.report.charts`; the page marks the title with it)."""


def title_claim(fig: Figure) -> str:
    """The id of the claim whose sentence a chart's title is, for the page to mark the title with it
    (``data-claim``) now that the title is the page's text.

    Parameters
    ----------
    fig : Figure
        A chart of :mod:`zhili_data.report.charts`.

    Returns
    -------
    str
        The claim's id; empty when the title states no conclusion.

    Examples
    --------
    >>> from zhili_data.core.analysis import growth_table, target_gap_table
    >>> from zhili_data.report.charts import growth_chart, target_chart
    >>> title_claim(target_chart(target_gap_table())), title_claim(growth_chart(growth_table().head(0)))
    ('targets_robust', '')
    """
    return getattr(fig, TITLE_CLAIM_ATTRIBUTE, "")


def page_texts(fig: Figure) -> tuple[str, str, str]:
    """The chart's title, subtitle and caption (its note and source line), as a page shows them in HTML.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    (str, str, str)
        Title, subtitle, caption; an empty string for what the chart has not.

    Examples
    --------
    >>> fig, _ = new_chart(title="GDP", subtitle="H1 2021", lang="en")
    >>> page_texts(finish(fig, lang="en"))
    ('GDP', 'H1 2021', 'Source: Government Work Report of Zhili Town, 6 August 2021')
    """
    return tuple(getattr(fig, name, "") for name in (TITLE_ATTRIBUTE, SUBTITLE_ATTRIBUTE, CAPTION_ATTRIBUTE))


@contextlib.contextmanager
def without_texts(fig: Figure) -> Iterator[float]:
    """``fig`` without the title, subtitle and caption that :func:`page_texts` gives as text, inside a
    ``with`` block.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    context manager
        Yields the inches of height those texts took (their lines and the space about them): a
        rendition drawn that much shorter keeps the plot its height.

    Examples
    --------
    >>> fig, _ = new_chart(title="GDP", lang="en")
    >>> with without_texts(fig) as freed:
    ...     fig._suptitle.get_visible(), round(freed, 2)
    (False, 0.47)
    >>> fig._suptitle.get_visible()
    True
    """
    texts = [fig._suptitle, fig._supxlabel] if getattr(fig, TITLE_ATTRIBUTE, "") else []
    if getattr(fig, SUBTITLE_ATTRIBUTE, "") and fig.axes:
        texts.append(fig.axes[0]._left_title)  # set_title(loc="left") draws it
    texts = [text for text in texts if text is not None]
    shown = [(text.get_visible(), text.get_in_layout()) for text in texts]
    for text in texts:
        text.set_visible(False)
        text.set_in_layout(False)
    freed = sum(
        (text.get_text().count("\n") + 1) * text.get_fontsize() * 1.3 / 72 + 0.1 for text in texts if text.get_text()
    )
    try:
        yield freed
    finally:
        for text, (visible, in_layout) in zip(texts, shown, strict=True):
            text.set_visible(visible)
            text.set_in_layout(in_layout)


NAMES_ATTRIBUTE = "zhili_names"
NAME_WIDTHS = {"page": {"zh": 14, "en": 36}, "slide": {"zh": 26, "en": 66}, "narrow": {"zh": 16, "en": 34}}
"""The characters a line of a bar's name holds, by rendition: beside the bar on a page and a slide,
above it, over the whole width, on a phone."""


def _wrapped(parts: list[str], width: int) -> str:
    """The name (the first part) wrapped at ``width``; an amount or period after it (short words,
    lines up to 1.3 times as long) breaks only after a semicolon or before a bracket, never inside a number."""
    name, *rest = parts
    lines = textwrap.wrap(name, width) or [name]
    width = int(width * 1.3)
    for part in rest:
        line = ""
        for piece in re.split(r"(?<=[;；])\s*|\s(?=\()|(?=（)", part):
            joined = f"{line}{'' if _is_cjk(piece) or not line else ' '}{piece}"
            if line and len(joined) > width:
                lines.append(line)
                joined = piece
            line = joined
        lines.append(line)
    return "\n".join(lines)


def bar_names(ax: Axes, names: list, lang: str = "zh", *, fontsize: float | None = None) -> Axes:
    """Name the bars of ``ax`` (the first at y = 0): each name is a list of parts (the indicator, then
    its period or amounts), each part on lines of its own, wrapped at the width of the rendition
    drawn (:data:`NAME_WIDTHS`; a page's here).

    Parameters
    ----------
    ax : Axes
    names : list of (str or list of str)
        One name a bar; a list gives parts that each start a line.
    lang : {"zh", "en"}, default "zh"
        The names' language.
    fontsize : float, optional
        The names' size (default: the house tick labels').

    Returns
    -------
    Axes
        ``ax`` itself.

    Examples
    --------
    >>> fig, ax = new_chart(title="GDP", lang="en")
    >>> _ = bar_names(ax, [["Projects of 100 million yuan or more introduced", "15 / 20 projects"]], "en")
    >>> ax.get_yticklabels()[0].get_text().splitlines()
    ['Projects of 100 million yuan or more', 'introduced', '15 / 20 projects']
    """
    parts = [[name] if isinstance(name, str) else [part for part in name if part] for name in names]
    ax.set_yticks(range(len(parts)), [_wrapped(p, NAME_WIDTHS["page"][lang]) for p in parts], fontsize=fontsize)
    setattr(ax, NAMES_ATTRIBUTE, (parts, lang))
    return ax


def _rewrapped(ax: Axes, rendition: str) -> list[str]:
    """The names of ``ax``'s bars wrapped for ``rendition`` (the tick labels as they are, if not named by :func:`bar_names`)."""
    if not hasattr(ax, NAMES_ATTRIBUTE):
        return [label.get_text() for label in ax.get_yticklabels()]
    parts, lang = getattr(ax, NAMES_ATTRIBUTE)
    return [_wrapped(p, NAME_WIDTHS[rendition][lang]) for p in parts]


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _one_column_legends(fig: Figure, stack: contextlib.ExitStack) -> None:
    """The figure's legends with their entries one under another, not side by side past a narrow edge."""
    for legend in list(fig.legends):
        single = fig.legend(
            legend.legend_handles,
            [_narrow_label(text.get_text()) for text in legend.get_texts()],
            loc="outside upper left",
            ncols=1,
            frameon=legend.get_frame_on(),
            fontsize=legend.get_texts()[0].get_fontsize() if legend.get_texts() else None,
        )
        fig.legends.remove(legend)
        stack.callback(lambda legend=legend, single=single: (fig.legends.remove(single), fig.legends.append(legend)))


def _narrow_label(label: str) -> str:
    return label if _is_cjk(label) else "\n".join(textwrap.wrap(label, 30)) or label


NARROW_BAR = 0.28
"""Inches of a bar's thickness on a phone: its name above it takes the row's height, not the bar."""


def _lines_height(texts, *, default_size: float) -> float:
    """Inches the tallest of ``texts`` takes."""
    return max((t.get_text().count("\n") + 1) * t.get_fontsize() * 1.35 / 72 for t in texts) if texts else 0.0


def _names_above_bars(ax: Axes, stack: contextlib.ExitStack) -> float:
    """Each bar's name written above the bar, over the axes' whole width, the bar thinner (as thick
    as a text written on it, in white, needs); returns the inches the axes' rows take."""
    ticks, names = list(ax.get_yticks()), _rewrapped(ax, "narrow")
    labels = ax.get_yticklabels()
    size = labels[0].get_fontsize()
    on_bars = [text for text in ax.texts if text.get_color() == "white"]
    beside = [text for text in ax.texts if text.get_color() != "white"]
    thick = max(NARROW_BAR, _lines_height(on_bars, default_size=size) + 0.06)
    # a row: the name, then the bar or the note beside it, whichever is taller
    name_height = max(name.count("\n") + 1 for name in names) * size * 1.35 / 72
    body = max(thick, _lines_height(beside, default_size=size))
    row = name_height + body + 0.12
    old = max((patch.get_height() for patch in ax.patches if hasattr(patch, "get_height")), default=0.6)
    _thinner(ax, thick / row / old, stack)
    above = -1 if ax.yaxis_inverted() else 1
    shown = [label.get_text() for label in labels]
    ax.set_yticks(ticks, [""] * len(ticks))
    stack.callback(ax.set_yticks, ticks, shown)
    for tick, name in zip(ticks, names, strict=True):
        added = ax.text(0.0, tick + above * (body / 2 + 0.04) / row, name, transform=ax.get_yaxis_transform())
        # on white: a line across the plot (100%, a grid line) passes behind the name, not through it
        white = {"facecolor": "white", "edgecolor": "none", "pad": 0}
        added.set(ha="left", va="bottom", fontsize=size, color=INK, bbox=white, in_layout=False)
        stack.callback(added.remove)
    # the first bar's name inside the axes, under a panel's title
    bottom, top = ax.get_ylim()
    reach = above * (body / 2 + 0.06 + name_height) / row
    first = (min if ax.yaxis_inverted() else max)(ticks) + reach
    wider = min(top, first) if ax.yaxis_inverted() else max(top, first)
    ax.set_ylim(bottom, wider)
    stack.callback(ax.set_ylim, bottom, top)
    return abs(wider - bottom) * row


def _thinner(ax: Axes, factor: float, stack: contextlib.ExitStack) -> None:
    """The bars of ``ax`` and the marks across them (a vertical line in data coordinates) ``factor`` as thick, about their middles."""
    for patch in ax.patches:
        if hasattr(patch, "get_height") and hasattr(patch, "set_y"):
            y, height = patch.get_y(), patch.get_height()
            patch.set_y(y + height * (1 - factor) / 2)
            patch.set_height(height * factor)
            stack.callback(lambda patch=patch, y=y, height=height: (patch.set_y(y), patch.set_height(height)))
    for mark in ax.lines:
        xs, ys = list(mark.get_xdata()), list(mark.get_ydata())
        if mark.get_transform() == ax.transData and len(xs) == 2 and xs[0] == xs[1]:
            middle = sum(ys) / 2
            mark.set_ydata([middle + (y - middle) * factor for y in ys])
            stack.callback(mark.set_ydata, ys)


def _notes_within(ax: Axes, stack: contextlib.ExitStack) -> None:
    """The notes written after the bars kept inside a narrow figure: the value axis leaves them room,
    a long one wraps (Chinese before a bracket, never inside a number; English at a space)."""
    left, right = ax.get_xlim()
    ax.set_xlim(left, left + (right - left) * 1.5)
    stack.callback(ax.set_xlim, left, right)
    locator = ax.get_xaxis().get_major_locator()
    ax.locator_params(axis="x", nbins=4)
    stack.callback(ax.get_xaxis().set_major_locator, locator)
    for text in list(ax.texts):
        said, in_layout = text.get_text(), text.get_in_layout()
        text.set_in_layout(False)
        stack.callback(text.set_in_layout, in_layout)
        lines = [line.strip() for line in said.split("\n")]
        if any(len(line) > 24 for line in lines):
            lines = [part for line in lines for part in _short_lines(line)]
            indent = said[: len(said) - len(said.lstrip(" "))]  # a note set off from its bar by spaces keeps them
            text.set_text(indent + f"\n{indent}".join(line for line in lines if line))
            stack.callback(text.set_text, said)


def _short_lines(line: str) -> list[str]:
    """A long line of a note on lines of about 26 characters: Chinese before a bracket, never inside a number; English at a space."""
    if len(line) <= 24:
        return [line]
    return line.replace("（", "\n（").split("\n") if _is_cjk(line) else textwrap.wrap(line, 26)


@contextlib.contextmanager
def narrow_layout(fig: Figure) -> Iterator[float]:
    """``fig`` laid out for a phone inside a ``with`` block: each bar's name is written above its bar
    instead of beside it, so the bars have the whole width, the value axis has fewer ticks and a
    legend's entries stand one under another.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    context manager
        Yields the height in inches the figure then needs: its rows with the names above the bars,
        each panel's value axis and title, the legend.

    Examples
    --------
    >>> fig, ax = new_chart(title="GDP", lang="en")
    >>> _ = ax.barh([0, 1], [3, 4]); _ = ax.set_yticks([0, 1], ["GDP", "Industry"])
    >>> with narrow_layout(fig) as height:
    ...     [t.get_text() for t in ax.get_yticklabels()], round(float(height), 1)
    (['', ''], 2.7)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['GDP', 'Industry']
    """
    with contextlib.ExitStack() as stack:
        rows, panels = 0.0, 0
        for ax in fig.axes:
            if ax.patches and any(label.get_text() for label in ax.get_yticklabels()):
                _notes_within(ax, stack)
                rows += _names_above_bars(ax, stack)
                panels += 1
        for ax in fig.axes:
            title = ax.get_title(loc="left")  # a panel's message: Chinese after its commas, English at a space
            if len(title) > (20 if _is_cjk(title) else 40):
                lines = title.replace("，", "，\n").split("\n") if _is_cjk(title) else [title.replace("\n", " ")]
                width = 22 if _is_cjk(title) else 44
                ax._left_title.set_text("\n".join(part for line in lines for part in textwrap.wrap(line, width)))
                stack.callback(ax._left_title.set_text, title)
        _one_column_legends(fig, stack)
        entries = sum(text.get_text().count("\n") + 1 for legend in fig.legends for text in legend.get_texts())
        # each panel's value axis, its label and title about 1.3 in; a legend's line 0.3 in
        yield rows + 1.3 * panels + 0.3 * entries if panels else fig.get_size_inches()[1]


def slide_size(title: str, caption: str) -> tuple[float, float]:
    """The inches a slide's chart is drawn at: :data:`SLIDE_WIDTH` wide, as tall as the slide leaves
    below its title and above its caption, both of as many lines as their length takes (counted
    generously: a Chinese character is as wide as the type is high, a Latin one 0.62 of it).

    Parameters
    ----------
    title : str
        The chart's message, the slide's heading (:data:`SLIDE_TITLE_PX` type, 1.15 lines, 16 px below).
    caption : str
        The chart's note and source line under it (:data:`SLIDE_CAPTION_PX` type, 1.35 lines, 12 px above).

    Returns
    -------
    (float, float)
        Width and height in inches.

    Examples
    --------
    >>> slide_size("GDP grew 17.5%", "Source: the report")
    (11.0, 5.31)
    """

    def lines(text: str, px: float) -> int:
        per_line = SLIDE_CHART_PX / (px if _is_cjk(text) else 0.62 * px)
        return len(textwrap.wrap(text, int(per_line))) if text else 0

    heading = lines(title, SLIDE_TITLE_PX) * SLIDE_TITLE_PX * 1.15 + 16
    left = SLIDE_TEXT_PX - heading - (lines(caption, SLIDE_CAPTION_PX) * SLIDE_CAPTION_PX * 1.35 + 12) - 24
    return SLIDE_WIDTH, round(min(left, SLIDE_CHART_PX * 0.6) / SLIDE_CHART_PX * SLIDE_WIDTH, 2)


@contextlib.contextmanager
def slide_layout(fig: Figure) -> Iterator[Figure]:
    """``fig`` laid out for a slide inside a ``with`` block: wider and shorter than on a page, so
    each bar's name takes fewer, longer lines (:data:`NAME_WIDTHS`).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    context manager
        Yields ``fig``.

    Examples
    --------
    >>> fig, ax = new_chart(title="GDP", lang="en")
    >>> _ = bar_names(ax, [["Projects of 100 million yuan or more introduced", "15 / 20 projects"]], "en")
    >>> with slide_layout(fig):
    ...     ax.get_yticklabels()[0].get_text().splitlines()
    ['Projects of 100 million yuan or more introduced', '15 / 20 projects']
    """
    with contextlib.ExitStack() as stack:
        for ax in fig.axes:
            if hasattr(ax, NAMES_ATTRIBUTE):
                shown = [label.get_text() for label in ax.get_yticklabels()]
                ax.set_yticks(ax.get_yticks(), _rewrapped(ax, "slide"))
                stack.callback(ax.set_yticks, ax.get_yticks(), shown)
        yield fig


def finish(fig: Figure, *, report: str = DEFAULT_REPORT, lang: str = "zh", note: str = "") -> Figure:
    """Add the source line (and an optional note) at the bottom left of ``fig``.

    Parameters
    ----------
    fig : Figure
    report : str, default DEFAULT_REPORT
    lang : {"zh", "en"}, default "zh"
        The language.
    note : str, optional
        A note under the source line.

    Returns
    -------
    Figure
        ``fig`` itself.

    Examples
    --------
    >>> fig, _ = new_chart(title="GDP", lang="en")
    >>> [text.get_text() for text in finish(fig, lang="en").texts][-1]
    'Source: Government Work Report of Zhili Town, 6 August 2021'
    """
    with house_style(lang):
        # a long note wraps at a width the chart's 12 in hold
        line = citation(report, lang) + ("\n" + textwrap.fill(note, 60 if lang == "zh" else 120) if note else "")
        fig.get_layout_engine().set(h_pad=0.15, w_pad=0.1)
        fig.supxlabel(line, x=0.01, ha="left", fontsize=BASE_SIZE - 3, color=MUTED)
    stop = "" if note.endswith((".", "。")) else "。" if lang == "zh" else "."
    setattr(fig, CAPTION_ATTRIBUTE, f"{note}{stop} {citation(report, lang)}" if note else citation(report, lang))
    return fig


DESCRIPTION_ATTRIBUTE = "zhili_description"


def describe(fig: Figure, text: str) -> Figure:
    """Give ``fig`` its alt text: what the chart shows, with its numbers (read by :func:`description`).

    Parameters
    ----------
    fig : Figure
    text : str
        What the chart shows, with its numbers.

    Returns
    -------
    Figure
        ``fig`` itself.

    Examples
    --------
    >>> fig, _ = new_chart(title="GDP")
    >>> description(describe(fig, "地区生产总值181亿元"))
    '地区生产总值181亿元'
    """
    setattr(fig, DESCRIPTION_ATTRIBUTE, text)
    return fig


def description(fig: Figure) -> str:
    """The alt text of a chart: the one :func:`describe` gave it, else its title.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    str

    Examples
    --------
    >>> fig, _ = new_chart(title="增长")
    >>> description(fig)
    '增长'
    """
    return getattr(fig, DESCRIPTION_ATTRIBUTE, "") or fig.get_suptitle() or ""
