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

# The flags that work on a closed network, shared with the PDF printing of `zhili run`.
from zhili_data.publish.pdf import CHROMIUM_ARGS

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


def watch_page(page, allow_origin: str | None = None) -> PageWatch:
    """Block and record every non-local request of `page`, and record its console errors.

    Blocking (not merely observing) means a report that depends on the network looks broken in
    the screenshots too, as it would on a briefer's offline laptop. `allow_origin` lets through
    one server of the test's own (such as "http://127.0.0.1:8888").
    """
    watch = PageWatch()

    def route(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or (allow_origin and f"{parts.scheme}://{parts.netloc}" == allow_origin):
            route.continue_()
        else:
            watch.external_requests.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", route)
    page.on(
        "websocket",
        lambda ws: (
            None
            if allow_origin and ws.url.startswith(allow_origin.replace("http", "ws", 1) + "/")
            else watch.external_requests.append(ws.url)
        ),
    )
    page.on(
        "console",
        lambda message: (
            watch.console_errors.append(
                f"{message.text} ({message.location.get('url')}:{message.location.get('lineNumber')})"
            )
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: watch.console_errors.append(f"uncaught: {error}"))
    return watch


# For each kind of element holding Chinese (by tag and font), draws its Han characters on a
# canvas in that element's own font and compares the pixels with the drawing of two code points
# that no font has (plane-16 private use). A missing glyph is drawn as the same .notdef box (or
# nothing) whatever the character, so tofu shows up as "looks like the missing glyph",
# "draws no ink" or "several characters look identical".
_GLYPH_SCRIPT = """
([kinds, sample]) => {
  const han = /\\p{Script=Han}/u;
  const ownText = (element) => [...element.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
  const groups = new Map();
  for (const element of document.body.querySelectorAll('*')) {
    const text = ownText(element);
    if (!han.test(text)) continue;
    const style = getComputedStyle(element);
    const key = `${element.tagName}|${style.fontFamily}|${style.fontWeight}|${style.fontStyle}`;
    if (!groups.has(key)) groups.set(key, {element, style, text: ''});
    groups.get(key).text += text;
  }
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  return [...groups.values()].slice(0, kinds).map(({element, style, text}) => {
    const font = `${style.fontStyle} ${style.fontWeight} 40px ${style.fontFamily}`;
    const draw = (ch) => {
      context.clearRect(0, 0, 64, 64);
      context.font = font;
      context.fillStyle = '#000';
      context.fillText(ch, 8, 48);
      const alpha = context.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
      return {ink: alpha.reduce((a, b) => a + (b > 0 ? 1 : 0), 0), key: alpha.join(',')};
    };
    const missing = [draw('\\u{10FFFD}'), draw('\\u{10FFFC}')];
    const drawn = [...new Set([...text].filter((c) => han.test(c)))].slice(0, sample)
      .map((c) => ({char: c, ...draw(c)}));
    return {
      element: element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ')[0] : ''),
      font: style.fontFamily,
      missingAlike: missing[0].key === missing[1].key,
      chars: drawn.map(({char, ink, key}) => ({
        char, ink,
        likeMissing: key === missing[0].key,
        twins: drawn.filter((other) => other.char !== char && other.key === key).map((o) => o.char),
      })),
    };
  });
}
"""


def chinese_samples(page, kinds: int = 12, sample: int = 16) -> list[dict]:
    """How the Han characters of the open page are drawn, one entry per kind of element."""
    return page.evaluate(_GLYPH_SCRIPT, [kinds, sample])


def tofu_problems(page, kinds: int = 12, sample: int = 16) -> list[str]:
    """Han characters of the open page that are not drawn with real glyphs.

    A page with no Han character at all is a problem too, so a page that lost its Chinese text
    cannot pass.
    """
    samples = chinese_samples(page, kinds, sample)
    if not samples:
        return ["the page holds no Chinese text"]
    problems = []
    for entry in samples:
        if not entry["missingAlike"]:
            problems.append("the check is unsound here: two missing code points were drawn differently")
        for char in entry["chars"]:
            reason = (
                "is drawn with no ink"
                if char["ink"] == 0
                else "is drawn like a missing glyph"
                if char["likeMissing"]
                else f"is drawn exactly like {''.join(char['twins'])}"
                if char["twins"]
                else None
            )
            if reason:
                problems.append(
                    f"{char['char']!r} in <{entry['element']}> {reason} (font-family {entry['font']}): no CJK font?"
                )
    return problems
