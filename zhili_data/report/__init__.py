"""The report layer: words (the message catalogues), labels, tables, charts, the briefing, the deck
and the lesson, for readers in Chinese or English. Imports the core, never
:mod:`zhili_data.publish` (tests/test_layers.py)."""
