"""The project's CJK font for matplotlib: Noto Sans CJK SC as shipped by the ``mplfonts`` package.

matplotlib has no CJK font of its own, so a plain pandas or seaborn plot with a Chinese title draws
empty boxes and warns "Glyph … missing from font(s) DejaVu Sans". Importing ``zhili_data`` fixes
that in any notebook: once matplotlib's font manager is loaded (at once if it already is, else the
moment the first plot loads it), :func:`add_fallback` registers the font and appends its family to
``rcParams["font.family"]``. matplotlib draws each character in the first family of that list that
has it, so the families the user chose still draw Latin text and the CJK font only fills in what
they lack.

Nothing here imports matplotlib or mplfonts at module level: ``import zhili_data`` stays cheap,
and the package works without them (they come with the ``report`` extra: ``pip install
'zhili-data[report]'``); :func:`install`, which ``import zhili_data`` calls, only waits for
matplotlib to be imported.
"""

from __future__ import annotations

import dataclasses
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from pathlib import Path

from zhili_data.exceptions import ZhiliError

__all__ = [
    "FONT_FAMILY",
    "FONT_FILE",
    "FontNotFoundError",
    "add_fallback",
    "font_path",
    "install",
    "register_font",
    "uninstall",
]

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Zhili Noto Sans CJK SC"
_FONT_MANAGER = "matplotlib.font_manager"


class FontNotFoundError(ZhiliError, FileNotFoundError):
    """The CJK font the charts need is not installed (mplfonts ships it)."""


def font_path() -> Path:
    """The Noto Sans CJK SC file shipped by mplfonts (found without importing mplfonts, which is slow).

    Returns
    -------
    Path

    Raises
    ------
    FontNotFoundError
        mplfonts or its font file is missing.

    Examples
    --------
    >>> font_path().name
    'NotoSansCJKsc-Regular.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder).resolve() / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise FontNotFoundError(
        f"{FONT_FILE} not found in the mplfonts package ({', '.join(folders) or 'not installed'}): "
        "mplfonts, pinned in the report extra, ships it: `pip install 'zhili-data[report]'` (or `make setup`)"
    )


def register_font() -> str:
    """Make the project font known to matplotlib under ``FONT_FAMILY``; idempotent. Returns the family.

    Returns
    -------
    str
        The family name.

    Examples
    --------
    >>> register_font()
    'Zhili Noto Sans CJK SC'
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if any(entry.name == FONT_FAMILY for entry in manager.ttflist):
        return FONT_FAMILY
    path = font_path()
    # A distinct family name: a system "Noto Sans CJK SC" must not take the project font's place.
    entry = font_manager.ttfFontProperty(font_manager.get_font(str(path)))
    manager.ttflist.append(dataclasses.replace(entry, name=FONT_FAMILY))
    return FONT_FAMILY


def add_fallback() -> list[str]:
    """Register the font and append its family to ``rcParams["font.family"]`` unless it is there.

    The families already listed keep their place, so a style the user chose still decides how
    Latin text looks. A style applied later that sets ``font.family`` anew (``seaborn.set_theme()``,
    ``matplotlib.rcdefaults()``) replaces the list: call this again after it.

    Returns
    -------
    list of str
        ``rcParams["font.family"]`` as it now is, the project's family last unless it was there.

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):  # as a style that sets the family anew
    ...     add_fallback()
    ['DejaVu Sans', 'Zhili Noto Sans CJK SC']
    """
    import matplotlib

    family = register_font()
    current = matplotlib.rcParams["font.family"]
    families = [current] if isinstance(current, str) else list(current)
    if family not in families:
        matplotlib.rcParams["font.family"] = [*families, family]
    return list(matplotlib.rcParams["font.family"])


class _AfterFontManagerImport(importlib.abc.MetaPathFinder):
    """Runs :func:`add_fallback` right after ``matplotlib.font_manager`` is first imported."""

    def find_spec(self, name, path, target=None):
        if name != _FONT_MANAGER:
            return None
        uninstall()
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _add_fallback_or_warn()

        spec.loader.exec_module = exec_module
        return spec


_HOOK = _AfterFontManagerImport()


def _add_fallback_or_warn() -> None:
    # A missing font must not break matplotlib itself: say so and let plots draw without it.
    try:
        add_fallback()
    except Exception as error:
        warnings.warn(
            f"zhili_data could not add its CJK font to matplotlib, Chinese may show as boxes: {error}", stacklevel=2
        )


def install() -> None:
    """Add the CJK fallback now if matplotlib's font manager is loaded, else as soon as it is.

    ``import zhili_data`` calls it: this is the package's one import-time action. It does not import
    matplotlib; a finder on ``sys.meta_path`` waits for ``matplotlib.font_manager`` and leaves once
    it has seen it. A missing font is a warning, never an error: plots still draw.

    Returns
    -------
    None

    Examples
    --------
    >>> install()  # already done by ``import zhili_data``; again is harmless
    >>> import matplotlib.pyplot
    >>> register_font() in matplotlib.rcParams["font.family"]
    True
    """
    if _FONT_MANAGER in sys.modules:
        _add_fallback_or_warn()
    elif _HOOK not in sys.meta_path:
        sys.meta_path.insert(0, _HOOK)


def uninstall() -> None:
    """Stop waiting for matplotlib (the fallback already added stays).

    Returns
    -------
    None

    Examples
    --------
    >>> uninstall()  # a first import of matplotlib after this gets no fallback
    >>> install()  # wait for it again
    """
    if _HOOK in sys.meta_path:
        sys.meta_path.remove(_HOOK)
