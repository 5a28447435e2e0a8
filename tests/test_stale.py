"""The banner of a page kept from an earlier run (zhili_data.publish.stale)."""

from __future__ import annotations

from zhili_data.publish.stale import SLOT_END, SLOT_START, banner, mark_stale, write_stale

PAGE = f"<html><body><header>{SLOT_START}{SLOT_END}<h1>t</h1></header></body></html>"


def test_banner_names_both_runs_to_the_minute_and_links_the_ops_page():
    zh = banner(
        lang="zh",
        failed_at="2021-10-01T08:00:05+08:00",
        last_good_at="2021-09-30T07:59:59+08:00",
        ops_href="ops.html#report-a",
    )
    assert "此页不是最新的" in zh and "2021-10-01 08:00" in zh and "2021-09-30 07:59" in zh
    assert 'href="ops.html#report-a"' in zh
    en = banner(lang="en", failed_at="2021-10-01T08:00", last_good_at="2021-09-30T07:00", ops_href="ops.html")
    assert "This page is out of date" in en and "<span" not in en


def test_banner_escapes_what_it_is_given():
    html = banner(lang="en", failed_at="<script>", last_good_at="x", ops_href='"><img src=x>')
    assert "<script>" not in html and "<img" not in html


def test_mark_stale_fills_the_slot_once_and_replaces_an_earlier_banner():
    once = mark_stale(PAGE, "<div>first</div>")
    assert once.count("<div>first</div>") == 1
    twice = mark_stale(once, "<div>second</div>")
    assert "first" not in twice and twice.count("<div>second</div>") == 1
    assert mark_stale("<html>no slot</html>", "<div>x</div>") == "<html>no slot</html>"


def test_write_stale_never_writes_through_a_hard_link(tmp_path):
    published = tmp_path / "published.html"
    published.write_text(PAGE, encoding="utf-8")
    staged = tmp_path / "staged.html"
    staged.hardlink_to(published)
    assert write_stale(staged, "<div>old</div>")
    assert "<div>old</div>" in staged.read_text(encoding="utf-8")
    assert published.read_text(encoding="utf-8") == PAGE  # the live page is untouched
    plain = tmp_path / "plain.html"
    plain.write_text("<html></html>", encoding="utf-8")
    assert not write_stale(plain, "<div>old</div>") and plain.read_text(encoding="utf-8") == "<html></html>"
