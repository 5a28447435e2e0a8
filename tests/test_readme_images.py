"""The README's pictures of the briefing (docs/images/, taken by docs/screenshots.py): there, shown, small."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 300_000
# picture: (width, height) it was taken at, or the page it shows
PICTURES = {
    "briefing-projector.png": (1280, 720),  # 1920×1080, reduced
    "briefing-phone.png": (390, 844),
    "briefing-print-a4.png": (620, 877),  # an A4 page at 75 dpi
    "slides-projector.png": (1280, 720),
}


def test_every_picture_is_shown_in_the_readme_at_its_size_and_small():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\((docs/images/[^)]+\.png)\)", readme))
    assert shown == {f"docs/images/{name}" for name in PICTURES}
    for name, size in PICTURES.items():
        path = ROOT / "docs" / "images" / name
        assert path.stat().st_size < MAX_BYTES, f"{name}: {path.stat().st_size} bytes"
        with Image.open(path) as image:
            assert image.size == size, f"{name}: {image.size}"


def test_make_screenshots_takes_them_again():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^screenshots:.*\n\t\$\(BIN\)/python docs/screenshots\.py$", makefile, re.M)
    script = (ROOT / "docs" / "screenshots.py").read_text(encoding="utf-8")
    assert all(name in script for name in (n.removesuffix(".png") for n in PICTURES))
