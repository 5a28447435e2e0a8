"""The cleaned source: junk lines gone, whitespace-insensitive matching, pages and heading paths."""

import dataclasses

import pytest

from zhili_data.core.catalog import get_report
from zhili_data.core.source import CleanSource, clean_source, heading_level, is_junk_line, normalize, source_text

FIRST_HALF = "一、上半年工作回顾"
ECONOMY = "一、上半年工作回顾 › （一）经济发展稳中有进"


@pytest.fixture(scope="module")
def source():
    return clean_source()


def test_normalize_removes_every_kind_of_whitespace():
    assert normalize(" 181亿元，\n同比\t增长\u3000 17.5%\r\n") == "181亿元，同比增长17.5%"


@pytest.mark.parametrize(
    "line, junk",
    [
        ("http://www.so.com/s?q=%E5%87%9D&ie=utf-8", True),
        ("  https://example.org/a/b  ", True),
        ("www.example.org/path", True),
        ("访问 http://www.so.com 了解更多", False),
        ("2021年 8月 6日在织里镇", False),
        ("", False),
    ],
)
def test_junk_lines_are_lines_that_are_urls(line, junk):
    assert is_junk_line(line) is junk


def test_junk_url_lines_are_dropped_from_the_clean_text(source):
    raw = source_text()
    assert "http://www.so.com" in raw  # the raw file keeps them, byte for byte
    assert "http" not in source.text and "so.com" not in source.text and "%E5" not in source.text
    # the text on both sides of the junk lines joins up
    assert source.find("力，充分依托平安共同体加强社会治理能力。（四）全面提升政府效能") is not None


def test_clean_text_has_no_whitespace(source):
    assert source.text == normalize(source.text)
    assert source.text.startswith("政府工作报告2021年8月6日在织里镇")


def test_source_has_twelve_pages(source):
    assert source.pages == 12
    assert source.page_at(0) == 1
    assert source.page_at(len(source.text) - 1) == 12


@pytest.mark.parametrize(
    "quote, page, section",
    [
        ("政府工作报告", 1, ""),
        ("回应全镇 45万人民群众", 1, FIRST_HALF),
        ("交出了亮丽答卷。上半年，全镇完成地区生产总值 181亿元", 2, FIRST_HALF),
        ("引进设计人才近千名", 3, ECONOMY),
        ("效推进项目建设，完成亿元以上项目新开工入库 23个", 3, ECONOMY),
        ("9个行政村村集体经营性收入超百万", 5, "一、上半年工作回顾 › （二）城乡发展协调共进"),
        ("累计开展安全检查 29.6万家次", 5, "一、上半年工作回顾 › （三）民生福祉稳步增强"),
        ("全年计划引进亿元以上项目 20个", 7, "二、下半年工作计划 › （一）突出稳企业、增动能，构建产业发展新格局"),
        ("新增路边计时收费车位 1000 个", 9, "二、下半年工作计划 › （二）聚焦提能级、添活力，拓展城市发展新空间"),
        ("新形势新任务对政府工作提出了新的更高要求", 11, "二、下半年工作计划 › （四）全面提升政府效能"),
        # numbered paragraphs and 一是 markers are not headings
        ("1.更大力度推进法治政府建设", 11, "二、下半年工作计划 › （四）全面提升政府效能"),
        ("4.更高站位推进廉洁政府建设", 12, "二、下半年工作计划 › （四）全面提升政府效能"),
        ("一是工业经济提质扩量", 2, ECONOMY),
    ],
)
def test_page_and_section_of_known_quotes(source, quote, page, section):
    offset = source.find(quote)
    assert offset is not None, quote
    assert source.page_at(offset) == page
    assert source.section_at(offset) == section


def test_line_of_a_quote_is_the_raw_line_it_starts_on(source):
    raw_lines = source_text().splitlines()
    offset = source.find("总资产已达 398.44亿")
    line = source.line_at(offset)
    assert "总资产已达" in raw_lines[line - 1]


@pytest.mark.parametrize(
    "printed, as_broken_in_the_source",
    [
        ("请予审议", "请予审\n\n议"),  # a line break in the middle of a word
        ("地区生产总值181亿元", "地区生产总值 181亿元"),  # the space before a figure
        ("发现隐患4.5万处", "发现隐患 4.5\n\n万处"),  # a figure broken across lines
    ],
)
def test_find_ignores_whitespace(source, printed, as_broken_in_the_source):
    assert as_broken_in_the_source in source_text()
    assert source.find(printed) is not None
    assert source.find(printed) == source.find(as_broken_in_the_source)


def test_find_and_count(source):
    assert source.find("这句话不在报告里") is None
    assert source.count("这句话不在报告里") == 0
    assert source.count("上半年") > 1
    assert source.count("引进设计人才近千名") == 1
    assert len(source.find_all("上半年")) == source.count("上半年")
    with pytest.raises(ValueError, match="empty quote"):
        source.find(" \n")


def test_offsets_outside_the_text_are_refused(source):
    with pytest.raises(IndexError, match="outside"):
        source.page_at(len(source.text))


def test_clean_source_is_cached():
    assert clean_source() is clean_source()


def test_source_text_checks_the_recorded_sha256():
    tampered = dataclasses.replace(get_report(), source_sha256="0" * 64)
    with pytest.raises(ValueError, match="sha256"):
        source_text(tampered)
    assert source_text(get_report()).startswith(" 政府工作报告")


@pytest.mark.parametrize(
    "line, level",
    [
        ("一、上半年工作回顾", 1),
        (" （四）全面提升政府效能", 2),
        ("（一）突出稳企业、增动能，构建产业发展新格局", 2),
        ("一是更大力度推动项目双进。", None),
        ("1.更大力度推进法治政府建设。坚持依法决策", None),
        ("各位代表、同志们：", None),
    ],
)
def test_heading_level(line, level):
    assert heading_level(line) == level


def test_pages_and_headings_of_a_small_text():
    raw = " 标题\n\n一、回顾\n（一）经济\n正文 1\n个\n 下一页\nhttps://junk.example/x\n（二）城乡\n 二、计划\n正文\n"
    clean = CleanSource.from_raw(raw)
    assert clean.text == "标题一、回顾（一）经济正文1个下一页（二）城乡二、计划正文"
    assert clean.pages == 3
    assert [clean.page_at(clean.find(q)) for q in ("标题", "正文1个", "下一页", "（二）城乡", "计划正文")] == [
        1,
        1,
        2,
        2,
        3,
    ]
    assert clean.section_at(clean.find("正文1个")) == "一、回顾 › （一）经济"
    assert clean.section_at(clean.find("城乡")) == "一、回顾 › （二）城乡"
    assert clean.section_at(clean.find("计划正文")) == "二、计划"


def test_paragraph_of_a_quote_is_its_numbered_point():
    source = clean_source()
    at = source.find("引进申报海外工程师4名")
    paragraph = source.paragraph_at(at)
    assert paragraph.startswith("四是科技创新提效赋能。") and paragraph.endswith("覆盖全镇12家企业及全市3个科研院所。")
    start, end = source.paragraph_span(at)
    assert source.text[start:end] == paragraph
    # the next heading is a paragraph of its own, and the next paragraph starts after it
    assert source.paragraph_at(end) == "（二）城乡发展协调共进"


def test_paragraphs_split_at_numbered_points_and_short_lines():
    source = clean_source()
    first = source.paragraph_at(source.find("上半年共引进亿元以上项目15个"))
    assert first.startswith("一是工业经济提质扩量。") and first.endswith("共同富裕基础愈发夯实。")
    intro = source.paragraph_at(source.find("坚持把发展作为第一要务"))
    assert intro.endswith("全力推动经济高质量发展。")
    assert source.paragraph_at(source.find("更大力度推进法治政府建设")).startswith("1.更大力度推进法治政府建设。")


def test_an_untitled_paragraph_opens_a_section_of_its_own():
    raw = "一、回顾\n（一）民生\n发放救助金 5万元。\n今年以来，我们加强自身建设，\n开展督查 50余次。\n二、计划\n"
    plain = CleanSource.from_raw(raw)
    marked = CleanSource.from_raw(raw, untitled_sections=("今年以来，我们加强自身建设",))
    at = marked.find("开展督查")
    assert plain.section_at(at) == "一、回顾 › （一）民生"
    assert marked.section_at(at) == "一、回顾 › 今年以来，我们加强自身建设"
    assert marked.section_at(marked.find("发放救助金")) == "一、回顾 › （一）民生"
    assert marked.section_at(marked.find("二、计划")) == "二、计划"
    with pytest.raises(ValueError, match="untitled_sections"):
        CleanSource.from_raw(raw, untitled_sections=("没有这一段",))


def test_the_report_marks_its_government_building_paragraph():
    assert get_report().untitled_sections == ("今年以来，我们切实加强政府自身建设",)
