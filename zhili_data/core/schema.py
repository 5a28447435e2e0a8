"""The figures table: its columns, their meaning and the allowed vocabularies.

This module is the single description of the dataset. The loader, the validator,
the pandera schema and the Frictionless ``datapackage.json`` all read it, so a
column is documented once.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhili_data.core.periods import PERIOD_PATTERN

__all__ = [
    "Column",
    "BASES",
    "MEASURES",
    "QUALIFIERS",
    "PART_RELATIONS",
    "PERCENT_MEASURES",
    "THEMES",
    "QUALIFIER_MARKERS",
    "EXCLUSION_REASONS",
    "TOPICS",
    "TOPIC_COLUMNS",
    "TOPIC_SEPARATOR",
    "COLUMNS",
    "COLUMN_NAMES",
    "CURATED_COLUMNS",
    "CATEGORICAL_COLUMNS",
    "FREE_TEXT_COLUMNS",
    "EXCLUSION_COLUMNS",
]

BASES = ("actual", "target")
MEASURES = ("level", "growth", "share", "rate")
QUALIFIERS = ("exact", "about", "nearly", "at_least")
PART_RELATIONS = ("subset", "overlap")
"""How a part (``part_of``) stands to its whole: ``subset`` (the default: 其中, contained in the whole) or
``overlap`` (given under 其中 but counting things outside the whole, e.g. 含续建: so it is no share of it)."""
PERCENT_MEASURES = ("growth", "share", "rate")
THEMES = ("context", "economy", "urban_rural", "livelihood", "governance")

QUALIFIER_MARKERS = {
    # printed hedge -> qualifier; a figure's text carries at most one
    "约": "about",
    "近": "nearly",
    "余": "at_least",
    "多": "at_least",
    "以上": "at_least",
    "超过": "at_least",
    "超": "at_least",
    "突破": "at_least",
}

EXCLUSION_REASONS = {
    "date": "a calendar date or time of day (2021年, 5月20日, 六月底)",
    "ordinal": "an ordinal or edition (第十八届, 第三届, 第六号, 三期)",
    "list_marker": "a list or heading marker (一是, （一）, 1.)",
    "structure": "counts the report's own parts (以下三个方面)",
    "slogan": "part of a slogan or programme name (八八战略, 五大工程, 一村万树)",
    "name": "part of a proper name (5G, 万邦德, 建党100周年)",
    "word": "part of an ordinary word, not a number (进一步, 一体化, 统一)",
    "threshold": "a threshold inside a curated figure's quote (亿元以上项目, 80周岁以上)",
    "period": "the period of a curated figure (五年内)",
    "repeat": "a figure already curated from an earlier clause",
    "descriptor": "a descriptive attribute, not a measured figure (24小时不间断)",
}
"""Why a numeric mention of the source is not a figure. Keys are the allowed ``reason`` values."""

TOPICS = {
    # tag: (Chinese label, what it covers)
    "economy": ("经济总量", "output, revenue and the headline aggregates (GDP, fiscal revenue, value added)"),
    "investment": ("投资", "fixed-asset and industrial investment, money invested in projects"),
    "projects": ("项目", "projects introduced, started, completed or put into production"),
    "industry": ("产业", "industrial structure, enterprises and their upgrading, childrenswear"),
    "innovation": ("科技创新", "research, technology enterprises, R&D centres, innovation platforms"),
    "talent": ("人才", "people recruited or trained for their skills, talent programmes"),
    "finance": ("金融", "loans, listings, shareholding reform, the town's investment company"),
    "trade": ("贸易", "exports, market-procurement trade and cross-border e-commerce"),
    "land": ("土地", "land use, requisition, supply, reserve and planned areas"),
    "urban": ("城市建设", "roads, streets, parking, residential communities, urban management"),
    "rural": ("乡村振兴", "villages, agriculture, agritourism and village collective income"),
    "environment": ("环境", "waste sorting, public toilets and the cleanliness of town and country"),
    "welfare": ("民生保障", "social assistance, allowances, the elderly and needy households"),
    "safety": ("安全", "safety inspections, hazards, fire alarms and public order"),
    "governance": ("政府治理", "dispute mediation, discipline, government services and the administration"),
    "population": ("人口", "the population of the town"),
}
"""Vocabulary of the topic tags of ``topics.csv``: tag -> (Chinese label, what it covers)."""

TOPIC_COLUMNS = ("figure_id", "topics")
"""topics.csv: one row per figure; ``topics`` holds one or more tags of TOPICS, ``;``-separated."""
TOPIC_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column of the figures table: its name, type, meaning and what values it allows."""

    name: str
    type: str  # Frictionless Table Schema type
    title: str
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    derived: bool = False  # computed by the loader, not typed into figures.csv
    origin: str = "Derived by zhili_data from the source, not typed."  # where a derived column comes from


COLUMNS: tuple[Column, ...] = (
    Column(
        "report_id",
        "string",
        "Report",
        "Stable id of the report the figure comes from; one folder under zhili_data/reports/.",
    ),
    Column(
        "figure_id",
        "string",
        "Figure",
        "Stable unique slug of this row (lowercase, digits, underscores).",
        pattern=r"^[a-z][a-z0-9_]*$",
    ),
    Column(
        "indicator_id",
        "string",
        "Indicator",
        "Shared by rows measuring the same thing in other periods, bases or measures (the H1 actual and the full-year target share it).",
        pattern=r"^[a-z][a-z0-9_]*$",
    ),
    Column("indicator", "string", "指标", "Chinese label of the indicator."),
    Column("indicator_en", "string", "Indicator (English)", "English label of the indicator."),
    Column("theme", "string", "Theme", "Briefing theme the figure belongs to.", enum=THEMES),
    Column(
        "section",
        "string",
        "Section",
        "Heading path of the clause in the report, e.g. 一、上半年工作回顾 › （一）经济发展稳中有进.",
        derived=True,
    ),
    Column(
        "period",
        "string",
        "Period",
        "2021H1 (first half, also 今年以来 in the review), to_date (cumulative at the report date), 2021 (full year), 2021H2 (any year likewise), a span such as 2021-2025, or unstated (a target that names no period).",
        pattern=PERIOD_PATTERN,
    ),
    Column("basis", "string", "Basis", "actual, or target (plans, 计划, 确保, 争创).", enum=BASES),
    Column(
        "measure",
        "string",
        "Measure",
        "level; growth (year-on-year % change); share (% of the whole named in share_of); rate (other percentages).",
        enum=MEASURES,
    ),
    Column(
        "value",
        "number",
        "Value",
        "The number as printed (181 for 181亿元; Chinese numerals converted: 近千名 -> 1000).",
    ),
    Column("unit", "string", "Unit", "The unit as printed, multiplier included (亿元, 万家次, %, 个).", required=False),
    Column(
        "value_std",
        "number",
        "Standard value",
        "value with 万/亿/千/百 applied: money in yuan or US dollars, counts as counts, percentages in percent.",
        derived=True,
    ),
    Column(
        "unit_std", "string", "Standard unit", "Unit of value_std, without multiplier (元, 美元, 家次, %, 平方公里)."
    ),
    Column(
        "unit_en",
        "string",
        "Unit (English)",
        "For a count: what is counted, as an English plural noun (projects, firms, people, households, cases), "
        "curated per figure because one Chinese measure word counts different things (个: projects, platforms, "
        "applications); English pages write 23 projects, not 23 (个). Empty for money, percentages and areas.",
        required=False,
    ),
    Column(
        "qualifier",
        "string",
        "Qualifier",
        "exact; about (约); nearly (近); at_least (余, 以上, 超, 突破).",
        enum=QUALIFIERS,
    ),
    Column("share_of", "string", "Share of", "For shares: the whole, in Chinese.", required=False),
    Column("share_of_en", "string", "Share of (English)", "For shares: the whole, in English.", required=False),
    Column(
        "part_of",
        "string",
        "Part of",
        "indicator_id of the whole when the report gives this figure as a part of it (其中).",
        required=False,
    ),
    Column(
        "part_relation",
        "string",
        "Part relation",
        "With part_of: subset (default when empty: contained in the whole) or overlap (given under 其中 but counting things outside the whole, such as 含续建 projects begun in earlier years; not a share of it).",
        required=False,
        enum=PART_RELATIONS,
    ),
    Column(
        "figure_text",
        "string",
        "Figure text",
        "The figure as printed in the quote, hedges included (突破10亿美元, 近千名, 100余个).",
    ),
    Column("quote", "string", "Quote", "The clause that states the figure, verbatim from the source up to whitespace."),
    Column(
        "quote_en",
        "string",
        "Quote (English)",
        "A curated English translation of the quote, faithful and in plain English, with no "
        "Chinese characters (pages show the original beside it). Numbers keep every printed digit, their multiplier "
        "converted exactly: 181亿元 -> 18.1 billion yuan, 29.6万 -> 296,000, 179.81万元 -> 1.7981 million yuan; "
        "hedges as in English (近 nearly, 约 about, 余/以上/超/突破 more than).",
    ),
    Column(
        "page",
        "integer",
        "Page",
        "Page of the source document on which the figure (its figure_text) is printed.",
        derived=True,
    ),
    Column(
        "paragraph",
        "string",
        "Paragraph",
        "The paragraph of the source holding the quote (or its numbered point: 一是…, 1.…), whitespace removed.",
        derived=True,
    ),
    Column(
        "topics",
        "string",
        "Topics",
        "Topic tags of the figure (talent, investment, projects…), ;-separated.",
        required=False,
        derived=True,
        origin="Curated in topics.csv beside figures.csv, one row per figure; the tags are those of zhili_data.core.schema.TOPICS.",
    ),
    Column(
        "note",
        "string",
        "Note",
        "Curator's remark: why a period, basis or pairing was chosen where the text is not explicit.",
        required=False,
    ),
)

COLUMN_NAMES = tuple(c.name for c in COLUMNS)
CURATED_COLUMNS = tuple(c.name for c in COLUMNS if not c.derived)
CATEGORICAL_COLUMNS = ("report_id", "theme", "period", "basis", "measure", "qualifier", "unit", "unit_std")

FREE_TEXT_COLUMNS = ("indicator", "indicator_en", "unit_en", "share_of", "share_of_en", "quote_en", "note")
"""Columns of figures.csv typed as prose by a curator (every other column has a vocabulary, a pattern,
or must match the source). They are shown in reports, so markup-like text is refused in them
(``zhili_data.markup.markup_problem``); the pages escape them in any case."""

EXCLUSION_COLUMNS = ("mention", "context", "reason", "figure_id", "note")
"""exclusions.csv: ``mention`` as found by the coverage scan; ``context`` a snippet of the
source containing it (verbatim up to whitespace; empty: every occurrence); ``reason`` one of
EXCLUSION_REASONS; ``figure_id`` the curated figure a threshold, period or repeat belongs to."""
