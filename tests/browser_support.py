"""Driving Debian's Chromium with Playwright for the browser tests.

Playwright's own browser download does not work on these machines, so the tests launch the
system Chromium (`make browser` installs it together with a CJK font). Where it cannot be
launched the tests fail: a browser check that silently skips would prove nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which
# a closed network refuses; --no-sandbox because CI runs as root; --disable-dev-shm-usage
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

# Schemes that never leave the machine.
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def chromium_executable() -> str:
    """Path of the system Chromium; ZHILI_CHROMIUM overrides it."""
    configured = os.environ.get("ZHILI_CHROMIUM")
    found = configured or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).exists():
        where = f"ZHILI_CHROMIUM={configured!r} does not exist" if configured else "no `chromium` on PATH"
        raise RuntimeError(
            f"Cannot run the browser tests: {where}. Install Debian's Chromium and a CJK font "
            "with `make browser` (apt-get install chromium fonts-noto-cjk), or point "
            "ZHILI_CHROMIUM at a Chromium binary."
        )
    return found


def launch_chromium(playwright, **options):
    """Launch the system Chromium headless with the flags known to work on a closed network."""
    return playwright.chromium.launch(
        executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True, **options
    )


@dataclass
class PageWatch:
    """What a page did that it should not: requests leaving the machine, console errors."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"request left the machine: {url}" for url in self.external_requests] + [
            f"console error: {text}" for text in self.console_errors
        ]


def watch_page(page) -> PageWatch:
    """Block and record every non-local request of `page`, and record its console errors.

    Blocking (not merely observing) means a report that depends on the network looks broken in
    the screenshots too, as it would on a briefer's offline laptop.
    """
    watch = PageWatch()

    def route(route):
        url = route.request.url
        if urlsplit(url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            watch.external_requests.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("websocket", lambda ws: watch.external_requests.append(ws.url))
    page.on(
        "console",
        lambda message: watch.console_errors.append(f"{message.text} ({message.location})")
        if message.type == "error"
        else None,
    )
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
    return watch


# Draws each Han character of `text` on a canvas in the element's own font and compares the
# pixels with the drawing of two code points that no font has (plane-16 private use): a
# missing glyph is drawn as the same .notdef box (or nothing) whatever the character, so tofu
# shows up as "looks like the missing glyph" or "several characters look identical".
_GLYPH_SCRIPT = """
([element, sample]) => {
  const style = getComputedStyle(element);
  const font = `${style.fontStyle} ${style.fontWeight} 40px ${style.fontFamily}`;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (text) => {
    context.clearRect(0, 0, 64, 64);
    context.font = font;
    context.fillStyle = '#000';
    context.textBaseline = 'alphabetic';
    context.fillText(text, 8, 48);
    const alpha = context.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
    return {ink: alpha.reduce((a, b) => a + (b > 0 ? 1 : 0), 0), key: alpha.join(','),
            width: context.measureText(text).width};
  };
  const missing = [draw('\\u{10FFFD}'), draw('\\u{10FFFC}')];
  const chars = [...new Set([...element.textContent].filter((c) => /\\p{Script=Han}/u.test(c)))]
    .slice(0, sample);
  const drawn = chars.map((c) => ({char: c, ...draw(c)}));
  return {
    font: style.fontFamily,
    missingAlike: missing[0].key === missing[1].key,
    missingWidth: missing[0].width,
    chars: drawn.map(({char, ink, width, key}) => ({
      char, ink, width,
      likeMissing: key === missing[0].key,
      twins: drawn.filter((other) => other.char !== char && other.key === key).map((o) => o.char),
    })),
  };
}
"""


def tofu_problems(page, selector: str = "body", sample: int = 24) -> list[str]:
    """Han characters in the first element matching `selector` that are not drawn with real glyphs.

    Also fails when the element has no Han character at all, so a page that lost its Chinese
    text cannot pass.
    """
    element = page.query_selector(selector)
    if element is None:
        return [f"no element matches {selector!r}"]
    result = page.evaluate(_GLYPH_SCRIPT, [element, sample])
    if not result["chars"]:
        return [f"{selector!r} holds no Chinese character to check"]
    problems = []
    if not result["missingAlike"]:
        problems.append("the check itself is unsound: two missing code points were drawn differently")
    for char in result["chars"]:
        reason = (
            "is drawn with no ink" if char["ink"] == 0
            else "is drawn like a missing glyph" if char["likeMissing"]
            else f"is drawn exactly like {''.join(char['twins'])}" if char["twins"]
            else None
        )
        if reason:
            problems.append(f"{char['char']!r} {reason} in font {result['font']!r} (tofu: no CJK font?)")
    return problems
