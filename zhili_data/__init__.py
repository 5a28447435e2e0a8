"""Figures of the Zhili town government work report (2021-08-06), each traced to its clause."""

from zhili_data.catalog import DEFAULT_REPORT, get_report, list_reports

__all__ = ["DEFAULT_REPORT", "get_report", "list_reports"]
