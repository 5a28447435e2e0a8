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
    "INK",
    "MUTED",
    "PALETTE",
    "SECOND",
    "STATUS_COLORS",
    "citation",
    "describe",
    "description",
    "finish",
    "font_path",
    "house_style",
    "new_chart",
    "rc",
    "register_font",
    "use",
    "wrap_title",
]

# Projector-legible: nothing below 13 pt on a 12-inch-wide figure.
BASE_SIZE = 15
FIGSIZE = (12, 6.5)
# Charts are 12 in wide: 120 dpi makes them 1440 px, the width of a report page's column at 1920 px,
# so a chart is drawn once, at the size the page shows it.
CHART_DPI = 120

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
        fig.suptitle(wrap_title(title, lang), x=0.01, ha="left", fontsize=BASE_SIZE + 5, color=INK)
        if subtitle:
            ax.set_title(subtitle, loc="left", fontsize=BASE_SIZE - 1, color=MUTED, pad=10)
    return fig, ax


def finish(fig: Figure, *, report: str = DEFAULT_REPORT, lang: str = "zh", note: str = "") -> Figure:
    """Add the source line (and an optional note) at the bottom left of ``fig``.

    Parameters
    ----------
    fig : Figure
    report : str, default DEFAULT_REPORT
    lang : {"zh", "en"}, default "zh"
        The language.
    note : str, optional
        A line above the source.

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
        line = citation(report, lang) + (f"    {note}" if note else "")
        fig.get_layout_engine().set(h_pad=0.15, w_pad=0.1)
        fig.supxlabel(line, x=0.01, ha="left", fontsize=BASE_SIZE - 3, color=MUTED)
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
