"""The published reports in a real headless Chromium, with the network cut off.

A fresh `zhili run` publishes into a temporary folder; Debian's Chromium (driven by Playwright,
`make browser` installs it) opens index.html with every request that is not file:, data: or
blob: blocked and counted, as on a briefer's laptop with no network. Screenshots of every page
land in test-artifacts/browser/. With ZHILI_UPDATE_SCREENSHOT=1 the test also refreshes the
README's screenshot, notebooks/images/report-screenshot.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import chinese_samples, launch_chromium, tofu_problems, watch_page
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
README_SCREENSHOT = ROOT / "notebooks" / "images" / "report-screenshot.png"
README_SCREENSHOT_MAX_BYTES = 300_000
RUN_TIMEOUT = 1200

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# What a reader must never see: an id (gdp_2021h1_actual) or a parameter as the notebook spells it (report='…').
SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
PARAMETER = re.compile(r"\b(?:report|lang|indicators|as_of|tolerance)\s*=\s*\S+")


def publish(out: Path) -> Path:
    """A fresh `zhili run` into `out`, as `make report` does into outputs/."""
    zhili = Path(sys.executable).with_name("zhili")
    result = subprocess.run(
        [str(zhili), "run", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, (
        f"zhili run --out {out} exited with {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("published") / "outputs")


@pytest.fixture(scope="module")
def manifest(published) -> dict:
    return json.loads((published / "manifest.json").read_text(encoding="utf-8"))


# Module scope: Playwright's event loop lives only while this module's tests run, out of the
# way of the notebook runs of other tests.
@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright):
    chromium = launch_chromium(playwright)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.watch = watch_page(page)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def open_file(page, path: Path):
    response = page.goto(path.as_uri(), wait_until="load")
    assert response is None or response.ok, f"{path.name} did not open: {response and response.status}"
    return response


def report_links(page) -> list[str]:
    """The report pages the open index links to (relative hrefs ending in .html; not the ops page or a slide deck)."""
    return page.eval_on_selector_all(
        "a[href$='.html']:not([href='ops.html']):not([href$='-slides.html'])",
        "links => [...new Set(links.map((a) => a.getAttribute('href')))]",
    )


def broken_images(page) -> list[str]:
    return page.eval_on_selector_all(
        "img",
        "images => images.filter((img) => !(img.complete && img.naturalWidth > 0))"
        ".map((img) => (img.alt || img.src).slice(0, 80))",
    )


# How a browser finds a fragment's target (HTML "find a potential indicated element"): the
# fragment as written, then percent-decoded; by id, then by <a name>.
_FIND_TARGET = """(fragment) => {
  const find = (name) => document.getElementById(name) || document.getElementsByName(name)[0] || null;
  let decoded = null;
  try { decoded = decodeURIComponent(fragment); } catch (error) {}
  return find(fragment) || (decoded === null ? null : find(decoded));
}"""


def dangling_fragment_links(page) -> list[str]:
    """In-page links anywhere in the page (source links, heading anchors) that target nothing."""
    return page.evaluate(
        f"""() => [...new Set([...document.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute('href')))]
              .filter((href) => href.length > 1 && ({_FIND_TARGET})(href.slice(1)) === null)"""
    )


def contents_problems(page) -> list[str]:
    """Click every table-of-contents link: each must target an element and bring it into view."""
    hrefs = page.eval_on_selector_all("nav a[href^='#']", "links => links.map((a) => a.getAttribute('href'))")
    if not hrefs:
        return ["no table of contents (no nav with in-page links)"]
    problems = []
    for index, href in enumerate(hrefs):
        target_id = href[1:]
        exists = page.evaluate(f"(id) => ({_FIND_TARGET})(id) !== null", target_id)
        if not exists:
            problems.append(f"contents link {href} targets no element")
            continue
        page.evaluate("() => window.scrollTo(0, 0)")
        page.locator("nav a[href^='#']").nth(index).click()
        try:
            page.wait_for_function(
                f"""(id) => {{
                     const box = ({_FIND_TARGET})(id).getBoundingClientRect();
                     return location.hash.slice(1) === id && box.bottom > 0 && box.top < window.innerHeight;
                   }}""",
                arg=target_id,
                timeout=5000,
            )
        except Exception:
            problems.append(f"clicking contents link {href} did not bring its target into view")
    return problems


def test_index_opens_offline_and_links_every_report(page, published, manifest, artifacts):
    open_file(page, published / "index.html")
    page.screenshot(path=artifacts / "index.png", full_page=True)

    linked = set(report_links(page))
    expected = {report["html"] for report in manifest["reports"]}
    assert expected, "the manifest lists no report"
    assert expected <= linked, f"reports missing from the index: {sorted(expected - linked)}"
    assert all(report["status"] == "ok" for report in manifest["reports"]), manifest["reports"]
    local = page.eval_on_selector_all(
        "a[href]", "links => links.map((a) => a.getAttribute('href')).filter((h) => !/^(#|[a-z]+:)/i.test(h))"
    )
    dangling = [href for href in local if not (published / href.split("#")[0]).is_file()]
    assert not dangling, f"the index links files that were not published: {dangling}"
    assert not (found := tofu_problems(page)), "\n".join(found)
    assert not (found := page.watch.problems()), "\n".join(found)


def test_every_report_opens_offline_with_charts_and_contents(page, published, manifest, artifacts):
    open_file(page, published / "index.html")
    links = report_links(page)
    teaching = {r["html"] for r in manifest["reports"] if r.get("section") == "teaching"}
    problems = {}
    for href in links:
        target = (published / href).resolve()
        if not target.is_file():
            problems[href] = ["linked from the index but not published"]
            continue
        open_file(page, target)
        found = [f"chart does not decode: {image}" for image in broken_images(page)]
        if page.locator("img").count() == 0 and href not in teaching:  # the teaching pages teach without charts
            found.append("shows no chart")
        if not page.title().strip():
            found.append("has no title")
        found += [f"in-page link {href} targets no element" for href in dangling_fragment_links(page)]
        found += contents_problems(page)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=artifacts / f"{Path(href).stem}.png", full_page=True)
        found += page.watch.problems()
        page.watch.external_requests.clear()
        page.watch.console_errors.clear()
        if found:
            problems[href] = found
    assert len(links) == len(manifest["reports"]), f"the index links {links}"
    assert not problems, _listing(problems)


def test_chinese_is_drawn_with_real_glyphs(page, published, manifest):
    problems = {}
    for report in manifest["reports"]:
        open_file(page, published / report["html"])
        # A font shipped with the page would hide a missing system font; reports carry none.
        web_fonts = page.evaluate("() => [...document.fonts].map((font) => font.family)")
        if web_fonts:
            problems[report["html"]] = [f"brings web fonts {web_fonts}"]
            continue
        if _is_english(report) and not chinese_samples(page):
            continue
        found = tofu_problems(page)
        if found:
            problems[report["html"]] = found
    chinese = [r for r in manifest["reports"] if not _is_english(r)]
    assert chinese, "no Chinese report was published"
    assert not problems, _listing(problems)


# Every text node holding a Chinese character (or full-width punctuation) whose nearest element with a
# lang attribute is not Chinese: on an English page, Chinese must stand only where it is marked.
# On a page that shows its code (the methods page, the lesson), a code cell and what it prints are the
# notebook as run, the same in both languages, and are not held to this; the prose around them is.
UNMARKED_CHINESE = r"""() => {
  const cjk = /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const showsCode = document.querySelector(".jp-InputArea-editor") !== null;
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!cjk.test(node.data) || parent.closest("style, script")) continue;
    if (showsCode && parent.closest(".jp-CodeCell")) continue;
    const marked = parent.closest("[lang]");
    if (!marked || !marked.lang.toLowerCase().startsWith("zh")) found.push(node.data.trim().slice(0, 80));
  }
  const title = document.title;
  if (cjk.test(title)) found.push("title: " + title);
  return found;
}"""

# Each quote cell of the sources appendix: its English translation and its original, marked Chinese.
QUOTE_CELLS = r"""() => [...document.querySelectorAll(".zhili-sources td.quote")].map((cell) => ({
  english: (cell.querySelector(".quote-en") || {}).textContent || "",
  original: (cell.querySelector('.quote-zh[lang="zh"]') || {}).textContent || "",
}))"""


def test_english_pages_are_english_with_chinese_only_where_marked(page, published, manifest):
    problems = {}
    english = [r for r in manifest["reports"] if _is_english(r)]
    assert {"overview-en.html", "growth-en.html", "share-en.html", "target_gap-en.html"} <= {r["html"] for r in english}
    for report in english:
        open_file(page, published / report["html"])
        found = [f"Chinese outside lang=zh: {text!r}" for text in page.evaluate(UNMARKED_CHINESE)]
        if page.evaluate("() => document.documentElement.lang") != "en":
            found.append(f"<html lang={page.evaluate('() => document.documentElement.lang')!r}>, expected 'en'")
        quotes = page.evaluate(QUOTE_CELLS)
        if not quotes and report.get("section") != "teaching":  # the lesson and methods quote no source
            found.append("shows no source quote")
        found += [
            f"quote without its translation or its original: {q}"
            for q in quotes
            if not q["english"].strip() or not q["original"].strip()
        ]
        if found:
            problems[report["html"]] = found
    assert not problems, _listing(problems)


def test_chinese_pages_say_they_are_chinese(page, published, manifest):
    langs = {}
    for report in manifest["reports"]:
        if not _is_english(report):
            open_file(page, published / report["html"])
            langs[report["html"]] = page.evaluate("() => document.documentElement.lang")
    assert langs and set(langs.values()) <= {"zh", "zh-CN"}, langs


def test_glyph_check_sees_tofu_without_a_cjk_font(playwright, published, tmp_path):
    """The check above would fail on tofu: with only a Latin font Chromium draws empty boxes."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    latin_only = launch_chromium(playwright, env={**os.environ, "FONTCONFIG_FILE": str(config)})
    try:
        page = latin_only.new_page()
        open_file(page, published / "index.html")
        assert chinese_samples(page), "the index holds no Chinese text"
        assert tofu_problems(page), "tofu went unnoticed with no CJK font installed"
    finally:
        latin_only.close()


def _listing(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {problem}" for page, found in problems.items() for problem in found)


def _is_english(report: dict) -> bool:
    return any(str(value).lower() in {"en", "english"} for value in report.get("parameters", {}).values())


def test_readme_screenshot_shows_chinese_text_and_a_chart(browser, published, manifest, artifacts):
    """A small screenshot of the Chinese overview: its first chart and the heading above it."""
    overview = [r for r in manifest["reports"] if Path(r["notebook"]).stem == "overview" and not _is_english(r)]
    assert overview, f"no Chinese overview among {[r['name'] for r in manifest['reports']]}"
    context = browser.new_context(viewport={"width": 1200, "height": 800}, device_scale_factor=1)
    try:
        page = context.new_page()
        watch = watch_page(page)
        open_file(page, published / overview[0]["html"])
        assert not (found := tofu_problems(page)), "\n".join(found)
        where = page.evaluate(
            """() => {
                 const box = (el) => {
                   const r = el.getBoundingClientRect();
                   return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY};
                 };
                 const chart = [...document.images].find((img) => img.naturalWidth > 0 && img.width >= 300);
                 if (!chart) return null;
                 const above = [...document.querySelectorAll('h1, h2, h3, h4')]
                   .filter((h) => box(h).top < box(chart).top && /\\p{Script=Han}/u.test(h.textContent));
                 const heading = above[above.length - 1];
                 return {chart: box(chart), heading: heading ? {...box(heading), text: heading.textContent} : null};
               }"""
        )
        assert where, "the overview shows no decoded chart"
        assert where["heading"], "no Chinese heading above the overview's first chart"
        # From the heading down to the chart, at most 1400 px tall.
        bottom = where["chart"]["bottom"] + 24
        top = max(0, where["heading"]["top"] - 24, bottom - 1400)
        chinese_in_view = page.evaluate(
            """([top, bottom]) => [...document.querySelectorAll('h1, h2, h3, h4, p, li, td')].some((el) => {
                 const r = el.getBoundingClientRect();
                 return r.top + window.scrollY >= top && r.bottom + window.scrollY <= bottom
                   && /\\p{Script=Han}/u.test(el.textContent);
               })""",
            [top, bottom],
        )
        assert chinese_in_view, "no Chinese text beside the overview's first chart"
        clip = {"x": 0, "y": top, "width": 1200, "height": bottom - top}
        raw = artifacts / "readme-screenshot-raw.png"
        page.screenshot(path=raw, full_page=True, clip=clip)
        assert not (found := watch.problems()), "\n".join(found)
    finally:
        context.close()

    # 256 colours keep text and a chart legible at a fraction of the size.
    small = artifacts / "readme-screenshot.png"
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(small, optimize=True)
    size = small.stat().st_size
    assert size <= README_SCREENSHOT_MAX_BYTES, f"the README screenshot is {size} bytes"
    if os.environ.get("ZHILI_UPDATE_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(small, README_SCREENSHOT)


# --- the briefing: first screen on a projector, and print ------------------------------------

BRIEFING_SCREEN = {"width": 1920, "height": 1080}
MAX_PRINTED_PAGES = 12


def _briefings(manifest) -> list[dict]:
    found = [r for r in manifest["reports"] if Path(r["notebook"]).stem == "overview"]
    assert {_is_english(r) for r in found} == {False, True}, f"no zh and en briefing among {[r['name'] for r in found]}"
    return found


# Elements of the summary and whether they lie wholly inside the first screen.
_FIRST_SCREEN = """() => {
  const inView = (el) => { const b = el.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= innerWidth; };
  const summary = document.querySelector('.zhili-briefing');
  const tiles = [...document.querySelectorAll('.zb-tile')].map((t) => ({
    key: [...t.classList].find((c) => c !== 'zb-tile').slice(3), text: t.innerText, inView: inView(t),
    valuePx: parseFloat(getComputedStyle(t.querySelector('.zb-value')).fontSize) }));
  return {
    summaryInView: !!summary && inView(summary),
    tiles,
    targetsInView: [...document.querySelectorAll('.zb-targets')].some(inView),
    messages: [...document.querySelectorAll('.zb-messages li')].length,
    messagesInView: [...document.querySelectorAll('.zb-messages li')].filter(inView).length,
    messagesFirst: !!document.querySelector('.zb-messages') && !!document.querySelector('.zb-tile')
      && document.querySelector('.zb-messages').getBoundingClientRect().bottom
         <= document.querySelector('.zb-tile').getBoundingClientRect().top,
    targetsStart: [...document.querySelectorAll('.zb-targets')].some((el) => el.getBoundingClientRect().top < innerHeight),
    caveatsInView: [...document.querySelectorAll('.zb-caveats li')].filter(inView).length,
    citationInView: [...document.querySelectorAll('.zb-citation')].some(inView),
    mainWidth: document.querySelector('main').getBoundingClientRect().width,
    bodyPx: parseFloat(getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon')).fontSize),
    summaryPx: summary ? parseFloat(getComputedStyle(summary).fontSize) : 0,
  };
}"""


def test_briefing_first_screen_at_1920_shows_the_summary(browser, published, manifest, artifacts):
    """On a projector the first screen opens with the key messages (3 to 5, every one in view),
    then GDP, its growth and district share, and the targets begin; in a wide column and large
    text (the caveats and the citation follow on scrolling)."""
    problems = {}
    for report in _briefings(manifest):
        context = browser.new_context(viewport=BRIEFING_SCREEN)
        page = context.new_page()
        watch = watch_page(page)
        try:
            open_file(page, published / report["html"])
            page.screenshot(path=artifacts / f"briefing-{report['name']}-1920.png")
            seen = page.evaluate(_FIRST_SCREEN)
        finally:
            context.close()
        found = watch.problems()
        tiles = {t["key"]: t for t in seen["tiles"]}
        english = _is_english(report)
        expected = {"level": "18.1 bn yuan" if english else "181亿元", "growth": "+17.5%", "share": "45.1%"}
        for key, value in expected.items():
            if key not in tiles or value not in tiles[key]["text"] or not tiles[key]["inView"]:
                found.append(f"tile {key} with {value} not on the first screen: {tiles.get(key)}")
            elif tiles[key]["valuePx"] < 36:
                found.append(f"tile {key} is not large: {tiles[key]['valuePx']} px")
        if not 3 <= seen["messages"] <= 5 or seen["messagesInView"] != seen["messages"]:
            found.append(
                f"{seen['messagesInView']} of {seen['messages']} key messages on the first screen (3 to 5, all)"
            )
        for what in ("messagesFirst", "targetsStart"):
            if not seen[what]:
                found.append(f"{what} is false")
        if seen["mainWidth"] < 1400:
            found.append(f"content column {seen['mainWidth']} px < 1400 px")
        if min(seen["bodyPx"], seen["summaryPx"]) < 18:
            found.append(f"body text {seen['bodyPx']} px, summary {seen['summaryPx']} px: under 18 px")
        if found:
            problems[report["name"]] = found
    assert not problems, _listing(problems)


def _print_layout(page) -> dict:
    """In print media at A4 width: tables or images wider than the page."""
    page.emulate_media(media="print")
    return page.evaluate("""() => {
      const limit = document.documentElement.clientWidth + 1;
      const wide = [...document.querySelectorAll('table, img, .zhili-briefing')]
        .filter((el) => el.getBoundingClientRect().right > limit || el.scrollWidth > el.clientWidth + 1 && el.tagName === 'TABLE')
        .map((el) => `${el.tagName.toLowerCase()} ${(el.querySelector('caption') || el).textContent.slice(0, 40)}: `
                     + `${Math.round(el.getBoundingClientRect().right)} > ${limit}`);
      return {wide};
    }""")


def test_every_page_in_print_media_has_no_table_wider_than_the_page(browser, published, manifest):
    """In print media at the width of the printed A4 column, no table, chart or summary sticks out,
    on the briefing and on every other report page."""
    _briefings(manifest)
    problems = {}
    for report in manifest["reports"]:
        # A4 at 96 dpi less the @page side margins (10 mm each): the printed column.
        context = browser.new_context(viewport={"width": 718, "height": 1000})
        page = context.new_page()
        try:
            open_file(page, published / report["html"])
            wide = _print_layout(page)["wide"]
        finally:
            context.close()
        if wide:
            problems[report["name"]] = [f"wider than the printed page: {w}" for w in wide]
    assert not problems, _listing(problems)


def test_briefing_pdf_handout_is_published_whole_and_short(published, manifest, artifacts):
    """`zhili run` publishes overview.pdf and overview-en.pdf: at most 12 A4 pages with the quote
    appendix, the key messages and the summary on page 1, no blank page, Chinese text extractable."""
    problems = {}
    for report in _briefings(manifest):
        pdf = report.get("pdf")
        if not pdf or not (published / pdf).is_file():
            problems[report["name"]] = [f"no PDF handout published (manifest: pdf={pdf!r}, {report.get('pdf_error')})"]
            continue
        shutil.copy(published / pdf, artifacts / pdf)
        found = pdf_problems(published / pdf, english=_is_english(report))
        size = subprocess.run(["pdfinfo", str(published / pdf)], capture_output=True, text=True, check=True).stdout
        if not re.search(r"Page size:.*\(A4\)", size):
            found.append("pages are not A4: " + re.search(r"Page size:.*", size)[0])
        if found:
            problems[report["name"]] = found
    assert not problems, _listing(problems)


def pdf_problems(pdf: Path, *, english: bool) -> list[str]:
    """Pages, blank pages, the summary on page 1 and Chinese text in a printed briefing."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    found = [] if pages <= MAX_PRINTED_PAGES else [f"{pages} printed pages > {MAX_PRINTED_PAGES}"]
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]
    # A page with nothing but its footer (title and page number) and no image is blank.
    for number, text in enumerate(texts, start=1):
        body = [
            line for line in text.splitlines() if line.strip() and not re.search(rf"\b{number} / {pages}\s*$", line)
        ]
        images = subprocess.run(
            ["pdfimages", "-list", "-f", str(number), "-l", str(number), str(pdf)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[2:]
        if not body and not images:
            found.append(f"page {number} is blank")
    first = re.sub(r"\s+", "", texts[0]) if texts else ""
    for value in (["18.1bnyuan"] if english else ["181亿元"]) + ["+17.5%", "45.1%"]:
        if value not in first:
            found.append(f"{value} is not on page 1")
    for words in (
        ["Key messages", "Targets", "Read with care", "Source"]
        if english
        else ["核心结论", "目标进度", "需要注意", "出处"]
    ):
        if words.replace(" ", "") not in first:
            found.append(f"{words!r} is not on page 1")
    if not re.search(r"[\u4e00-\u9fff]{4}", "".join(texts)):
        found.append("no Chinese text can be extracted from the PDF")
    # nothing of the machinery: no id (snake_case), no parameters (report='…', lang=…)
    whole = "\n".join(texts)
    found += [f"an id is printed: {i}" for i in sorted(set(SNAKE_CASE.findall(whole)))]
    found += [f"the run's parameters are printed: {p}" for p in sorted(set(PARAMETER.findall(whole)))]
    return found


# --- the briefing's slide deck: offline, keyboard, projector type, one slide per printed page --

# title, the key messages, four headline numbers, the growth chart, the areas, the targets, the
# target chart, the caveats, the closing summary
DECK_SLIDES = 12
# The smallest text on a slide, in screen pixels at 1920×1080: legible from the back of a room.
DECK_MIN_TEXT_PX = 28
# The smallest text drawn in a slide's chart, in screen pixels at 1920×1080.
DECK_CHART_MIN_TEXT_PX = 24


def _decks(manifest) -> list[dict]:
    decks = _briefings(manifest)
    missing = [r["name"] for r in decks if not r.get("slides")]
    assert not missing, f"no slide deck published for {missing}"
    return decks


def _strict_offline(page, allowed: str) -> list[str]:
    """Record every request of ``page``; only ``allowed`` (the deck's own file) and data: URLs are let through."""
    seen: list[str] = []

    def route(route):
        url = route.request.url
        seen.append(url)
        if url == allowed or url.startswith("data:"):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    page.route("**/*", route)
    return seen


def _open_deck(page, path: Path, query: str = "") -> list[str]:
    url = path.as_uri() + query
    seen = _strict_offline(page, url)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    if "print-pdf" in query:  # reveal.js lays out the print pages after it is ready, once fonts and images load
        page.wait_for_function("() => document.querySelectorAll('.reveal .pdf-page').length > 0", timeout=30_000)
    return seen


# The current slide: does its content fit the 1920×1080 slide, and the smallest text on it (screen px).
_CURRENT_SLIDE = """() => {
  const slide = Reveal.getCurrentSlide();
  const scale = Reveal.getScale();
  const sizes = [...slide.querySelectorAll('*')]
    .filter((el) => !el.closest('.zs-sr') && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => parseFloat(getComputedStyle(el).fontSize) * scale);
  return {
    key: slide.dataset.slide, index: Reveal.getIndices().h,
    fits: slide.scrollHeight <= slide.clientHeight + 1 && slide.scrollWidth <= slide.clientWidth + 1,
    height: [slide.scrollHeight, slide.clientHeight], minText: Math.min(...sizes),
    images: [...slide.querySelectorAll('img')].map((i) => i.naturalWidth > 0 && i.alt !== ''),
    // a chart's smallest text as shown: its size in the image (data-text-px) times the image's scale on screen
    chartText: [...slide.querySelectorAll('img.zs-chart')].map((i) =>
      i.getBoundingClientRect().width / i.naturalWidth * parseFloat(i.dataset.textPx)),
    captions: [...slide.querySelectorAll('img.zs-chart')].map((i) =>
      (i.closest('section').querySelector('.zs-chart-caption') || {}).textContent || ''),
  };
}"""


def test_slide_deck_opens_offline_and_the_keys_move_through_it(browser, published, manifest, artifacts):
    """Each briefing deck loads nothing but itself (every request other than the file and data: URLs
    is refused and counted), has a slide per headline number, theme and target chart, answers the
    arrow keys, Home and End, fits every slide in 1920×1080 in large type (its charts' text at least 24 px, their source shown), and draws
    Chinese with real glyphs."""
    problems = {}
    for report in _decks(manifest):
        deck = published / report["slides"]
        context = browser.new_context(viewport=BRIEFING_SCREEN)
        page = context.new_page()
        watch = watch_page(page)  # for its console errors: a script or style the policy refused shows there
        page.unroute("**/*")  # requests: the stricter routing of _open_deck
        try:
            seen = _open_deck(page, deck)
            found = []
            total = page.evaluate("Reveal.getTotalSlides()")
            if total != DECK_SLIDES:
                found.append(f"{total} slides, expected {DECK_SLIDES}")
            moves = []
            for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "End", "Home"):
                page.keyboard.press(key)
                moves.append(page.evaluate("Reveal.getIndices().h"))
            if moves != [1, 2, 1, total - 1, 0]:
                found.append(f"ArrowRight, ArrowRight, ArrowLeft, End, Home went to slides {moves}")
            for index in range(total):
                page.evaluate(f"Reveal.slide({index})")
                slide = page.evaluate(_CURRENT_SLIDE)
                page.screenshot(path=artifacts / f"deck-{report['name']}-{index + 1:02d}.png")
                if not slide["fits"]:
                    found.append(f"slide {index + 1} ({slide['key']}) overflows: {slide['height']}")
                if slide["minText"] < DECK_MIN_TEXT_PX:
                    found.append(f"slide {index + 1} ({slide['key']}) has {slide['minText']:.0f} px text")
                if not all(slide["images"]):
                    found.append(f"slide {index + 1} ({slide['key']}) has a broken image or one without alt text")
                found += [
                    f"slide {index + 1} ({slide['key']}) draws chart text at {px:.1f} px"
                    for px in slide["chartText"]
                    if not px >= DECK_CHART_MIN_TEXT_PX
                ]
                found += [
                    f"slide {index + 1} ({slide['key']}) shows its chart without its source"
                    for caption in slide["captions"]
                    if "来源" not in caption and "Source" not in caption
                ]
            if not _is_english(report):
                found += tofu_problems(page)
            found += [f"request refused: {url}" for url in seen if url != deck.as_uri() and not url.startswith("data:")]
            found += watch.console_errors
        finally:
            context.close()
        if found:
            problems[report["name"]] = found
    assert not problems, _listing(problems)


# Each slide's speaker notes (reveal.js's own reading of them), the deck's links and its key-messages slide.
_DECK_NOTES_AND_LINKS = """() => ({
  notes: Reveal.getSlides().map((s) => ({ key: s.dataset.slide, notes: (Reveal.getSlideNotes(s) || '').trim() })),
  shownNotes: [...document.querySelectorAll('aside.notes')].filter((a) => a.getClientRects().length > 0).length,
  links: [...document.querySelectorAll('.reveal .slides a[href]')].map((a) => ({
    href: a.getAttribute('href'), underlined: getComputedStyle(a).textDecorationLine.includes('underline'),
    slide: a.closest('section[data-slide]').dataset.slide })),
  messages: !!document.querySelector('section[data-slide="messages"] .zb-messages li'),
})"""


def test_deck_has_notes_on_every_slide_key_messages_and_links_to_files_that_exist(browser, published, manifest):
    """Every slide carries speaker notes (hidden on screen) as reveal.js reads them; the deck has a
    key-messages slide; its title and closing slides link, underlined, to its handout, the front
    page and the other language's deck, each a file the run published."""
    problems = {}
    for report in _decks(manifest):
        context = browser.new_context(viewport=BRIEFING_SCREEN)
        page = context.new_page()
        try:
            _open_deck(page, published / report["slides"])
            deck = page.evaluate(_DECK_NOTES_AND_LINKS)
        finally:
            context.close()
        found = [f"slide {s['key']} has no speaker notes" for s in deck["notes"] if not s["notes"]]
        if deck["shownNotes"]:
            found.append(f"{deck['shownNotes']} speaker notes shown on screen")
        if not deck["messages"]:
            found.append("no key-messages slide")
        handout = Path(report["slides"]).name.replace("-slides.html", ".pdf")
        for slide in ("title", "closing"):
            hrefs = {link["href"] for link in deck["links"] if link["slide"] == slide}
            if not {handout, "index.html"} <= hrefs or not any(h.endswith("-slides.html") for h in hrefs):
                found.append(f"slide {slide} links {sorted(hrefs)}")
        other = {link["href"] for link in deck["links"] if link["href"].endswith("-slides.html")}
        if other != {r["slides"] for r in _decks(manifest) if r["slides"] != report["slides"]}:
            found.append(f"the language switch goes to {sorted(other)}")
        found += [
            f"{link['href']} does not exist" for link in deck["links"] if not (published / link["href"]).is_file()
        ]
        found += [f"{link['href']} is not underlined" for link in deck["links"] if not link["underlined"]]
        if found:
            problems[report["name"]] = found
    assert not problems, _listing(problems)


PHONE = {"width": 390, "height": 844}
# The smallest text of a deck on a phone held upright (its slides turn 960×2000), in screen pixels.
DECK_PHONE_MIN_TEXT_PX = 12


def test_slide_deck_on_a_phone_turns_upright_and_stays_legible(browser, published, manifest, artifacts):
    """At 390×844 the deck's slides turn portrait: every slide fits and its smallest text is still
    legible on the phone, in zh and en."""
    problems = {}
    for report in _decks(manifest):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            _open_deck(page, published / report["slides"])
            found = []
            if "zs-portrait" not in page.evaluate("document.documentElement.className"):
                found.append("the slides did not turn upright")
            for index in range(page.evaluate("Reveal.getTotalSlides()")):
                page.evaluate(f"Reveal.slide({index})")
                slide = page.evaluate(_CURRENT_SLIDE)
                page.screenshot(path=artifacts / f"deck-{report['name']}-phone-{index + 1:02d}.png")
                if not slide["fits"]:
                    found.append(f"slide {index + 1} ({slide['key']}) overflows: {slide['height']}")
                if slide["minText"] < DECK_PHONE_MIN_TEXT_PX:
                    found.append(f"slide {index + 1} ({slide['key']}) has {slide['minText']:.1f} px text")
        finally:
            context.close()
        if found:
            problems[report["name"]] = found
    assert not problems, _listing(problems)


def test_printed_deck_has_one_slide_per_page_with_chinese_as_text(browser, published, manifest, artifacts):
    """Printed through reveal.js's print view (?print-pdf), a deck gives one landscape page per
    slide, none blank; its Chinese is text (pdftotext). Chromium
    embeds the scaled slide's fonts as Type 3 fonts, so that the glyphs are real ones is checked on
    screen, by the previous test, with the same browser and fonts."""
    problems = {}
    for report in _decks(manifest):
        deck = published / report["slides"]
        pdf = artifacts / f"{Path(report['slides']).stem}.pdf"
        context = browser.new_context(viewport=BRIEFING_SCREEN)
        page = context.new_page()
        try:
            seen = _open_deck(page, deck, "?print-pdf")
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            context.close()
        found = [f"request refused: {url}" for url in seen if not url.startswith(("file:", "data:"))]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        if pages != DECK_SLIDES:
            found.append(f"{pages} printed pages for {DECK_SLIDES} slides")
        if width <= height:
            found.append(f"pages are not landscape: {width} x {height} pt")
        for number in range(1, pages + 1):
            text = subprocess.run(
                ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            images = subprocess.run(
                ["pdfimages", "-list", "-f", str(number), "-l", str(number), str(pdf)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[2:]
            # the slide number alone ("3 / 13") does not make a page
            if not re.sub(r"\d+\s*/\s*\d+", "", text).strip() and not images:
                found.append(f"page {number} is blank")
            if number == 2:
                expected = "18.1 bn yuan" if _is_english(report) else "181亿元"
                if expected not in text:
                    found.append(f"page 2 does not say {expected}: {text[:200]!r}")
        whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # for the screen only: the keyboard hint and the speaker notes
        found += [f"{text!r} is printed" for text in ("Esc", "?print-pdf", "Say:", "要说的") if text in whole]
        if not _is_english(report) and not re.search(r"[\u4e00-\u9fff]{4}", whole):
            found.append("no Chinese text can be extracted from the printed deck")
        if found:
            problems[report["name"]] = found
    assert not problems, _listing(problems)


# --- accessibility: axe-core's WCAG 2 A/AA rules on every published page ------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# Screen at a projector's and a phone's size, and print media at an A4 page's width.
AUDIT_VIEWS = [("screen", 1920, 1080), ("screen", 390, 844), ("print", 794, 1123)]


def axe_violations(page) -> list[dict]:
    """axe-core's violations of the WCAG 2 A and AA rules on the open page (axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def _blocking(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×, e.g. {v['nodes'][0]['target']}): {v['help']}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def published_pages(published: Path, manifest: dict) -> list[str]:
    """Every page a run publishes: the front page, the ops page, each report's page and slide deck."""
    pages = [r[kind] for r in manifest["reports"] for kind in ("html", "slides") if r.get(kind)]
    return ["index.html", "ops.html", *pages]


def test_no_page_has_a_serious_wcag_violation(browser, published, manifest, artifacts):
    pages = published_pages(published, manifest)
    # four reports in two languages, the briefing's two decks, the front page and the ops page
    assert len(pages) >= 12, pages
    problems, counts = {}, {}
    for media, width, height in AUDIT_VIEWS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.emulate_media(media=media)
        try:
            for name in pages:
                open_file(page, published / name)
                violations = axe_violations(page)
                view = f"{name} ({media} {width}×{height})"
                counts[view] = {v["id"]: len(v["nodes"]) for v in violations}
                if found := _blocking(violations):
                    problems[view] = found
        finally:
            context.close()
    (artifacts / "axe.json").write_text(json.dumps(counts, indent=1, ensure_ascii=False), encoding="utf-8")
    assert not problems, _listing(problems)


def test_the_audit_sees_low_contrast_and_links_told_by_colour_alone(browser):
    """The audit above would fail on the faults it is there for."""
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="en"><head><title>t</title></head><body><main>'
            '<p style="color:#aaa;background:#fff">Muted note</p>'
            '<p style="color:#222">Text with <a href="#x" style="color:#333;text-decoration:none">a link</a> inside.</p>'
            '<p id="x">x</p></main></body></html>'
        )
        found = {v["id"] for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS}
    finally:
        page.close()
    assert {"color-contrast", "link-in-text-block"} <= found, found


# A table that shows in its box (and the page in its window) with nothing to scroll sideways.
_TABLES_FIT = """() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px on ${window.innerWidth}px)`);
  const column = (document.querySelector("main") || document.body).getBoundingClientRect();
  for (const box of document.querySelectorAll(".zhili-table")) {
    const name = box.getAttribute("aria-label") || "";
    const table = box.querySelector("table").getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth + 1 || table.right > column.right + 1)
      out.push(`table ${name} is ${Math.round(table.width)}px wide in a ${box.clientWidth}px box`);
  }
  return out;
}"""


# A chart shown whole at the screen's width, in the rendition drawn for a phone, its title as text above it.
_CHARTS_FIT = """() => {
  const out = [];
  for (const img of document.querySelectorAll(".jp-OutputArea-output img")) {
    const box = img.getBoundingClientRect();
    const figure = img.closest("figure.zhili-chart");
    const name = (img.alt || "").slice(0, 40);
    if (box.left < -1 || box.right > window.innerWidth + 1)
      out.push(`chart ${name} spans ${Math.round(box.left)}..${Math.round(box.right)}px of ${window.innerWidth}px`);
    if (box.width < 0.8 * window.innerWidth)
      out.push(`chart ${name} is shown ${Math.round(box.width)}px wide on a ${window.innerWidth}px screen`);
    for (let el = img.parentElement; el; el = el.parentElement)
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
        out.push(`chart ${name} is in a box that scrolls sideways`);
    if (!figure) { out.push(`chart ${name} is not a figure`); continue; }
    const title = figure.querySelector("figcaption .zhili-chart-title");
    if (!title || !title.textContent.trim()) out.push(`chart ${name} has no title as text`);
    const source = figure.querySelector("picture source");
    if (!img.currentSrc || img.currentSrc === img.src || !source) {
      out.push(`chart ${name} is not its phone rendition`);
      continue;
    }
    // data-text-px: the smallest text of the rendition in its own pixels, shown at least 12 CSS px
    const shownText = box.width / img.naturalWidth * parseFloat(source.dataset.textPx);
    if (!(shownText >= 12)) out.push(`chart ${name}: its smallest text is ${shownText.toFixed(1)} px`);
    // data-legend: the legend entries a rendition draws whole; the phone's has those of the page's
    if (parseInt(source.dataset.legend) < parseInt(img.dataset.legend))
      out.push(`chart ${name}: its legend has ${source.dataset.legend} of ${img.dataset.legend} entries`);
  }
  return [...new Set(out)];
}"""


def test_on_a_phone_nothing_scrolls_sideways_and_each_table_is_a_list(browser, published, manifest):
    """At 390×844 no page (reports, decks, the front page, the ops page) scrolls sideways, a table is a
    list: each row a card whose cells are shown under their column's name, nothing to swipe; and every
    chart is shown whole at the screen's width, in its phone rendition, with its title as text."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = {}
    try:
        for name in published_pages(published, manifest):
            open_file(page, published / name)
            found = page.evaluate(_TABLES_FIT)
            found += page.evaluate(
                """() => [...document.querySelectorAll(".zhili-table tbody td[data-label]")]
                  .filter((td) => td.textContent.trim() && td !== td.parentElement.firstElementChild)
                  .filter((td) => getComputedStyle(td).display !== "block"
                    || getComputedStyle(td, "::before").content !== `"${td.dataset.label}"`)
                  .slice(0, 3).map((td) => `a cell is not listed under its name: ${td.dataset.label}`)"""
            )
            found += page.evaluate(_CHARTS_FIT)
            if found:
                problems[name] = found
    finally:
        context.close()
    assert not problems, _listing(problems)


def test_at_1920_no_reader_table_is_wider_than_the_column(browser, published, manifest):
    """On a projector every table fits the page's column: cells wrap, a row's computation opens on demand."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    problems = {}
    try:
        for report in manifest["reports"]:
            open_file(page, published / report["html"])
            if found := page.evaluate(_TABLES_FIT):
                problems[report["html"]] = found
            # the computation is on demand: closed, so a row is as tall as its figures and caveat
            opened = page.eval_on_selector_all(".zhili-table details", "ds => ds.filter((d) => d.open).length")
            if opened:
                problems.setdefault(report["html"], []).append(f"{opened} computations shown open")
    finally:
        context.close()
    assert not problems, _listing(problems)


# --- teaching: the glossary's links, the lesson's handouts and deck ------------------------------

GLOSSARY_LINK = re.compile(r'href="(glossary(?:-en)?\.html)#(term-[a-z0-9_]+)"')


def test_first_uses_of_terms_link_to_their_glossary_entries(published, manifest):
    """Every page but the glossary links the first use of a term to its entry, once per term, and
    every such link targets an entry that exists on the glossary page of its language."""
    entries = {
        page: set(re.findall(r'<dt id="(term-[a-z0-9_]+)"', (published / page).read_text(encoding="utf-8")))
        for page in ("glossary.html", "glossary-en.html")
    }
    assert all(len(ids) >= 19 for ids in entries.values()), entries
    problems, linking = {}, []
    for report in manifest["reports"]:
        if report["group"] == "glossary":
            continue
        links = GLOSSARY_LINK.findall((published / report["html"]).read_text(encoding="utf-8"))
        expected_page = "glossary-en.html" if _is_english(report) else "glossary.html"
        found = [f"links {p}#{a}, which has no such entry" for p, a in links if a not in entries.get(p, ())]
        found += [f"links {p}, not {expected_page}" for p, _ in links if p != expected_page]
        anchors = [a for _, a in links]
        found += [f"links {a} twice" for a in sorted({a for a in anchors if anchors.count(a) > 1})]
        if links:
            linking.append(report["html"])
        if found:
            problems[report["html"]] = found
    assert {"lesson.html", "lesson-en.html", "methods.html", "target_gap.html"} <= set(linking), linking
    assert not problems, _listing(problems)


def test_lesson_handouts_are_printed_and_the_students_has_no_answers(published, manifest):
    """The teacher's and the student's handouts, in both languages, are A4 PDFs whose Chinese is text;
    the teacher's shows the solutions and every check right, the student's neither."""
    handouts = {r["name"]: r for r in manifest["reports"] if r["group"] in ("lesson", "lesson-student")}
    assert set(handouts) == {"lesson", "lesson-en", "lesson-student", "lesson-student-en"}, sorted(handouts)
    problems = {}
    for name, report in handouts.items():
        pdf = published / report["pdf"]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        found = [] if re.search(r"Page size:.* pts \(A4\)", info) else ["not A4"]
        if not re.search(r"[\u4e00-\u9fff]{4}", text):
            found.append("no Chinese text can be extracted")
        teacher = report["group"] == "lesson"
        solution_shown = "181 / (1 + 17.5 / 100)" in text
        right = "✔" in text
        if solution_shown != teacher or right != teacher:
            found.append(f"solutions shown: {solution_shown}, a check right: {right}")
        if found:
            problems[name] = found
    assert not problems, _listing(problems)


def test_teaching_deck_shows_the_method_offline(browser, published, manifest):
    """The lesson's deck, in both languages, loads nothing but itself, has its eight slides of the method
    (time elapsed, completion, readings…) and fits each in 1920×1080 in large type."""
    decks = [r for r in manifest["reports"] if r["group"] == "lesson"]
    assert {bool(r.get("slides")) for r in decks} == {True} and len(decks) == 2, decks
    problems = {}
    for report in decks:
        context = browser.new_context(viewport=BRIEFING_SCREEN)
        page = context.new_page()
        page.unroute("**/*")
        try:
            deck = published / report["slides"]
            seen = _open_deck(page, deck)
            found = [f"requested {url}" for url in seen if url != deck.as_uri() and not url.startswith("data:")]
            keys = page.evaluate("() => Reveal.getSlides().map((s) => s.dataset.slide)")
            total = page.evaluate("Reveal.getTotalSlides()")
            if total != 8:
                found.append(f"{total} slides, expected 8: {keys}")
            for index in range(total):
                page.evaluate(f"Reveal.slide({index})")
                slide = page.evaluate(_CURRENT_SLIDE)
                if not slide["fits"]:
                    found.append(f"slide {index + 1} does not fit: {slide['height']}")
                if slide["minText"] < 28:
                    found.append(f"slide {index + 1} has text of {slide['minText']:.0f} px")
        finally:
            context.close()
        if found:
            problems[report["name"]] = found


def test_english_tile_values_fit_their_boxes_at_every_width(browser, published, manifest):
    """A briefing's number tiles hold their values ("18.1 bn yuan") at every window width from 320 to 1920 px."""
    problems = {}
    for report in _briefings(manifest):
        for width in [*range(320, 1921, 40), 390, 414, 700, 701]:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            try:
                open_file(page, published / report["html"])
                found = page.evaluate(
                    """() => [...document.querySelectorAll(".zb-value")].filter((v) => {
                         const tile = v.closest(".zb-tile").getBoundingClientRect();
                         return v.scrollWidth > v.clientWidth + 1 || v.getBoundingClientRect().right > tile.right + 1;
                       }).map((v) => `${v.textContent.trim()}: ${v.scrollWidth}px in ${v.clientWidth}px`)"""
                )
            finally:
                context.close()
            if found:
                problems[f"{report['html']} at {width}px"] = found
    assert not problems, _listing(problems)


def test_reader_pages_show_no_machinery(browser, published, manifest):
    """No id (snake_case) and no parameter anywhere a reader looks, computations opened or not: the
    parameters and data version are on the ops page, the sources are places in the report. (The methods
    page and the lesson teach Python: their code, with its names, is what they show.)"""
    import tomllib

    config = tomllib.loads((ROOT / "notebooks" / "reports.toml").read_text(encoding="utf-8"))
    teaching_code = {r["name"] for r in config["report"] if r.get("show_code")}
    code_pages = {
        r[kind]
        for r in manifest["reports"]
        if r["group"] in teaching_code
        for kind in ("html", "slides")
        if r.get(kind)
    }
    assert {"methods.html", "lesson-en.html"} <= code_pages, code_pages
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    problems = {}
    try:
        for name in published_pages(published, manifest):
            if name == "ops.html" or name in code_pages:
                continue
            open_file(page, published / name)
            page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            text = page.evaluate("() => document.body.innerText")
            found = [f"an id is shown: {i}" for i in sorted(set(SNAKE_CASE.findall(text)))]
            found += [f"a parameter is shown: {p}" for p in sorted(set(PARAMETER.findall(text)))]
            if found:
                problems[name] = found
    finally:
        context.close()
    assert not problems, _listing(problems)


def banned_phrases() -> list[str]:
    """The phrases docs/style-en.md bans from every English output (its "Banned phrases" list)."""
    text = (ROOT / "docs" / "style-en.md").read_text(encoding="utf-8")
    listed = text[text.index("<!-- banned-phrases -->") : text.index("<!-- /banned-phrases -->")]
    phrases = re.findall(r"^- `([^`]+)`$", listed, re.MULTILINE)
    assert phrases, "docs/style-en.md lists no banned phrase"
    return phrases


def english_outputs(published: Path, manifest: dict) -> dict[str, str]:
    """The text of every English output of a run: pages, decks, PDF handouts, workbooks and the front page."""
    import html as html_module

    from openpyxl import load_workbook

    texts = {"index.html": (published / "index.html").read_text(encoding="utf-8")}
    for report in manifest["reports"]:
        if not _is_english(report):
            continue
        for kind in ("html", "slides"):
            if report.get(kind):
                texts[report[kind]] = (published / report[kind]).read_text(encoding="utf-8")
        if report.get("pdf"):
            texts[report["pdf"]] = subprocess.run(
                ["pdftotext", str(published / report["pdf"]), "-"], capture_output=True, text=True, check=True
            ).stdout
        for workbook in sorted((published / "tables" / report["name"]).glob("*.xlsx")):
            cells = load_workbook(workbook, read_only=True).worksheets
            texts[workbook.name] = "\n".join(
                str(value) for sheet in cells for row in sheet.iter_rows(values_only=True) for value in row if value
            )
    assert len(texts) >= 8, sorted(texts)
    return {name: " ".join(html_module.unescape(text).split()) for name, text in texts.items()}


def test_english_outputs_follow_the_style_sheet(published, manifest):
    """No phrase the English style sheet bans in an English page, deck, PDF handout or workbook, nor on the front page."""
    texts = english_outputs(published, manifest)
    problems = {name: found for name, text in texts.items() if (found := [p for p in banned_phrases() if p in text])}
    assert not problems, _listing(problems)


def test_one_noun_per_figure_across_the_english_outputs(published, manifest):
    """A count is named by its curated noun (unit_en) wherever it is shown: page, deck, PDF and workbook
    never call 296,000 inspection visits "firms", 1,089 disputes "cases" or 31 talks "people"."""
    from zhili_data.core.figures import load_figures
    from zhili_data.report.display import format_amount

    texts = english_outputs(published, manifest)
    figures = load_figures()
    problems, checked = {}, 0
    for _, f in figures[figures["unit_en"].notna() & (figures["measure"] == "level")].iterrows():
        named = format_amount(f["value"], f["unit"], lang="en", noun=f["unit_en"])
        generic = format_amount(f["value"], f["unit"], lang="en")
        if named == generic or not re.search(r"[a-z]", generic):
            continue  # the curated noun is the usual one, or a bare count ("15") that names nothing
        checked += 1
        shown = [name for name, text in texts.items() if named in text]
        wrong = [name for name, text in texts.items() if re.search(rf"{re.escape(generic)}\b", text)]
        if wrong:
            problems[f["figure_id"]] = [f"{generic!r} instead of {named!r} in {', '.join(wrong)} (right in {shown})"]
    assert checked >= 5, checked
    assert not problems, _listing(problems)
