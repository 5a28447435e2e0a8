"""Published pages printed to A4 PDF handouts by the system Chromium, through Playwright.

nbconvert's webpdf exporter downloads its own Chromium, which a closed network refuses; the
Chromium of the operating system (Debian's ``chromium``, installed by ``make browser``) prints
the page exactly as a reader's browser would, with the page's own print stylesheet (A4, the
title and page number in each page's footer). Text stays text: Chinese is extractable from the
PDF because Chromium embeds the system CJK font as a font, not as pictures.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from zhili_data.exceptions import ParameterError, ZhiliError
from zhili_data.publish.progress import first_line

FORMATS = ("html", "pdf", "slides")
ENV_CHROMIUM = "ZHILI_CHROMIUM"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
# closed network refuses; --no-sandbox because CI and containers run as root; --disable-dev-shm-usage
# because containers often have a tiny /dev/shm.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
_CANDIDATES = ("chromium", "chromium-browser")
# Seconds a page may take to load and print before the PDF is given up.
PRINT_TIMEOUT = 120
# Chromium writes the time of printing as the PDF's creation and modification dates, its only
# bytes that differ between two prints of the same page: they get this fixed time instead
# (the run's time is in the manifest). Same length, so no offset in the file moves.
FIXED_PDF_DIGITS = b"20000101000000"
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)(\d{14})")


class ChromiumNotFoundError(ZhiliError):
    """No Chromium to print with; the message says how to get one or how to do without."""


class PrintError(ZhiliError):
    """Chromium was found but could not print a page."""


def find_chromium() -> str:
    """Path of the Chromium that prints the PDFs: ``$ZHILI_CHROMIUM``, else ``chromium`` on PATH.

    Raises
    ------
    ChromiumNotFoundError
        With what was looked for and the ways out (``make browser``, ``ZHILI_CHROMIUM``,
        ``--format html``).
    """
    configured = os.environ.get(ENV_CHROMIUM)
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        where = f"{ENV_CHROMIUM}={configured!r} is not an executable file"
    else:
        found = next((shutil.which(name) for name in _CANDIDATES if shutil.which(name)), None)
        if found:
            return found
        where = f"no {' or '.join(_CANDIDATES)} on PATH"
    raise ChromiumNotFoundError(
        f"cannot print PDF handouts: {where}. Install Debian's Chromium and a CJK font with "
        f"`make browser` (apt-get install chromium fonts-noto-cjk), point {ENV_CHROMIUM} at a Chromium "
        "binary, or publish HTML only with `zhili run --format html`."
    )


def parse_formats(text: str, *, where: str = "--format") -> tuple[str, ...]:
    """``"html,pdf,slides"`` → ``("html", "pdf", "slides")``, checked: known formats, html always among them."""
    return check_formats([part.strip() for part in text.split(",") if part.strip()], where=where)


def check_formats(formats: Iterable[object], *, where: str) -> tuple[str, ...]:
    """The formats of a report in a fixed order, or a :class:`~zhili_data.exceptions.ParameterError` naming ``where`` and what is allowed."""
    chosen = list(formats)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise ParameterError(f"{where}: unknown format {unknown[0]!r}; allowed: {', '.join(FORMATS)}")
    if "html" not in chosen:
        raise ParameterError(
            f"{where}: the formats must include 'html' (the PDF is printed from the page), "
            'e.g. ["html", "pdf"] or ["html", "pdf", "slides"]'
        )
    return tuple(f for f in FORMATS if f in chosen)


def print_pdfs(pages: list[tuple[Path, Path]], *, executable: str | None = None) -> dict[Path, str | None]:
    """Print each ``(html, pdf)`` pair to A4 with one headless Chromium.

    Each PDF is written beside its final name and renamed into place, so a failed print leaves
    no partial file. Returns, for each PDF path, ``None`` when printed or the error message.

    Raises
    ------
    ChromiumNotFoundError
        When no Chromium is found (before anything is printed).
    PrintError
        When Chromium cannot be started at all.
    """
    executable = executable or find_chromium()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    outcome: dict[Path, str | None] = {}
    try:
        with sync_playwright() as driver:
            try:
                # In UTC the dates' zone suffix is the same wherever the PDF is printed.
                browser = driver.chromium.launch(
                    executable_path=executable, args=CHROMIUM_ARGS, headless=True, env={**os.environ, "TZ": "UTC"}
                )
            except PlaywrightError as exc:
                raise PrintError(f"cannot start Chromium ({executable}) to print PDFs: {_message(exc)}") from None
            try:
                for html, pdf in pages:
                    outcome[pdf] = _print_one(browser, html, pdf)
            finally:
                browser.close()
    except PlaywrightError as exc:  # the driver itself failed
        raise PrintError(f"cannot print PDFs with Chromium ({executable}): {_message(exc)}") from None
    return outcome


_UNLINK_OTHER_FILES = """() => {
  for (const link of document.querySelectorAll("a[href]")) {
    const target = new URL(link.href, document.baseURI);
    const elsewhere = target.protocol === "file:" && target.pathname !== location.pathname;
    if (elsewhere) link.removeAttribute("href");
  }
}"""


def _print_one(browser, html: Path, pdf: Path) -> str | None:
    from playwright.sync_api import Error as PlaywrightError

    partial = pdf.with_name(f".{pdf.name}.partial")
    context = browser.new_context()
    try:
        page = context.new_page()
        # Nothing leaves the machine while printing: the pages are self-contained by design.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort("blockedbyclient")
            ),
        )
        page.goto(Path(html).resolve().as_uri(), wait_until="load", timeout=PRINT_TIMEOUT * 1000)
        page.emulate_media(media="print")
        # Paper follows no link to another file, and Chromium would write the link as the absolute path of
        # the folder being printed in (a folder of this run's own: a dead link, different in every run).
        page.evaluate(_UNLINK_OTHER_FILES)
        page.pdf(path=str(partial), prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
        partial.write_bytes(fixed_dates(partial.read_bytes()))
        partial.rename(pdf)
        return None
    except (PlaywrightError, OSError) as exc:
        if partial.exists():
            partial.unlink()
        return f"{html.name} could not be printed: {_message(exc)}"
    finally:
        context.close()


def fixed_dates(data: bytes) -> bytes:
    """``data``, a PDF Chromium printed, with its creation and modification dates set to a fixed time.

    Parameters
    ----------
    data : bytes
        The PDF as Chromium wrote it.

    Returns
    -------
    bytes
        The same PDF, of the same length, the same for two prints of the same page.

    Examples
    --------
    >>> fixed_dates(b"<</CreationDate (D:20261204124154+00'00')>>")
    b"<</CreationDate (D:20000101000000+00'00')>>"
    """
    return _PDF_DATE.sub(lambda match: match.group(1) + FIXED_PDF_DIGITS, data)


def _message(exc: BaseException) -> str:
    """The first line of what ``exc`` says, or its type when it says nothing."""
    return first_line(str(exc)) or type(exc).__name__
