"""PDF handouts: the formats a run publishes and the Chromium that prints them."""

from __future__ import annotations

import pytest


def test_format_option_is_parsed_and_checked():
    from zhili_data.publish.pdf import parse_formats

    assert parse_formats("pdf, html") == ("html", "pdf")
    assert parse_formats("html") == ("html",)
    assert parse_formats("slides,html,pdf") == ("html", "pdf", "slides")
    with pytest.raises(ValueError, match="--format: unknown format 'pptx'"):
        parse_formats("html,pptx")


def test_missing_chromium_is_named_with_the_ways_out(monkeypatch, tmp_path):
    from zhili_data.publish import pdf

    monkeypatch.setenv(pdf.ENV_CHROMIUM, str(tmp_path / "no-chromium"))
    with pytest.raises(pdf.ChromiumNotFoundError) as caught:
        pdf.find_chromium()
    assert "is not an executable file" in str(caught.value)
    assert "make browser" in str(caught.value) and "--format html" in str(caught.value)
    monkeypatch.delenv(pdf.ENV_CHROMIUM)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pdf.ChromiumNotFoundError, match="no chromium or chromium-browser on PATH"):
        pdf.find_chromium()
