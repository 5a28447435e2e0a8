"""The core: the report's figures, the catalogue of reports, their checks, and the analysis
(growth, shares, targets, claims). Imports nothing of :mod:`zhili_data.report` or
:mod:`zhili_data.publish` (tests/test_layers.py)."""
