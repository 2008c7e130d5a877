"""The annual report: HTML with embedded charts, an Excel workbook of its tables, PNG figures."""

from partybuild_metrics.report.build import Report, Section, build_report

__all__ = ["Report", "Section", "build_report"]
