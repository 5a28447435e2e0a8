"""Regenerate the README's pictures of the briefing: on a projector, on a phone, printed, as slides.

    .venv/bin/python docs/screenshots.py [OUTPUTS]      # or: make screenshots

OUTPUTS is a folder `zhili run` published (default: a fresh run into a temporary folder, with the
briefing's PDF and slides). Debian's Chromium (``make browser``) takes the screenshots with the
network cut off, as the browser tests do, and ``pdftoppm`` turns the first page of the printed
handout into a picture. Each picture is reduced to 256 colours (and the 1920 px wide ones to 1280 px)
so that it stays well under 300 KB in git; they are written to docs/images/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
MAX_BYTES = 300_000
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def publish(out: Path) -> Path:
    """A fresh ``zhili run`` into ``out`` with the briefing's page, PDF and slides."""
    zhili = Path(sys.executable).with_name("zhili")
    subprocess.run(
        [str(zhili), "run", "--out", str(out), "--only", "overview", "--format", "html,pdf,slides"], check=True
    )
    return out


def small_png(raw: Path, target: Path, *, width: int | None = None) -> int:
    """``raw`` as a 256-colour PNG at ``target`` (resized to ``width`` px wide if given); its size in bytes."""
    with Image.open(raw) as image:
        image = image.convert("RGB")
        if width and image.width > width:
            image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    size = target.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{target.name} is {size} bytes, over {MAX_BYTES}")
    return size


def screenshots(outputs: Path, scratch: Path) -> dict[str, int]:
    """Take every picture from the published folder ``outputs``; returns each file's size."""
    from playwright.sync_api import sync_playwright

    shots = {
        # name: (page, viewport, query, width of the committed picture)
        "briefing-projector": ("overview.html", {"width": 1920, "height": 1080}, "", 1280),
        "briefing-phone": ("overview.html", {"width": 390, "height": 844}, "", None),
        "slides-projector": ("overview-slides.html", {"width": 1920, "height": 1080}, "#/1", 1280),
    }
    sizes = {}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            for name, (page_name, viewport, fragment, width) in shots.items():
                context = browser.new_context(viewport=viewport, device_scale_factor=1)
                page = context.new_page()
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(("file:", "data:"))
                        else route.abort("blockedbyclient")
                    ),
                )
                page.goto((outputs / page_name).as_uri() + fragment, wait_until="load")
                if page_name.endswith("-slides.html"):
                    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
                raw = scratch / f"{name}.png"
                page.screenshot(path=str(raw))
                context.close()
                sizes[f"{name}.png"] = small_png(raw, IMAGES / f"{name}.png", width=width)
        finally:
            browser.close()
    # The first printed A4 page of the handout, as pdftoppm draws it at 75 dpi (620×877 px).
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "75",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(outputs / "overview.pdf"),
            str(scratch / "print"),
        ],
        check=True,
    )
    sizes["briefing-print-a4.png"] = small_png(scratch / "print.png", IMAGES / "briefing-print-a4.png")
    return sizes


def _chromium() -> str:
    from zhili_data.publish.pdf import find_chromium

    return find_chromium()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", nargs="?", type=Path, help="a folder zhili run published (default: a fresh run)")
    args = parser.parse_args(argv)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zhili-screenshots-") as scratch:
        outputs = args.outputs or publish(Path(scratch) / "outputs")
        for name, size in screenshots(outputs.resolve(), Path(scratch)).items():
            print(f"docs/images/{name}: {size / 1000:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
