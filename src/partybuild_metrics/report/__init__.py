"""The annual report: HTML with embedded charts, an Excel workbook of its tables, PNG figures."""

from partybuild_metrics.report.build import Report, build_report
from partybuild_metrics.report.model import Section

__all__ = ["Report", "Section", "build_report"]
