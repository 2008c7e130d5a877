"""What a report holds: its tables and charts, before it is written as HTML or XLSX."""

from __future__ import annotations

from dataclasses import dataclass

from partybuild_metrics.report.figures import Chart
from partybuild_metrics.report.tables import ReportTable


@dataclass(frozen=True)
class Section:
    """One family's part of the report: its table by unit and its charts."""

    family: str
    table: ReportTable
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class ReportContent:
    """The annual report's tables and charts; :class:`Report` adds the writers."""

    title: str
    code: str
    name: str
    level: str
    year: int
    rounding: str
    version: str
    inputs: ReportTable
    summary: ReportTable
    sections: tuple[Section, ...]
    quality: ReportTable
    quarantine: ReportTable
    claims: ReportTable | None
    claims_chart: Chart | None
    claims_failed: int = 0
    """Published figures that do not hold (inconsistent, or differing from the records)."""

    @property
    def charts(self) -> list[Chart]:
        """Every chart of the report, in the order it appears."""
        charts = [c for s in self.sections for c in s.charts]
        return charts + ([self.claims_chart] if self.claims_chart else [])

    @property
    def tables(self) -> list[ReportTable]:
        """Every table of the report, in the order of the workbook's sheets."""
        tables = [self.inputs, self.summary, *(s.table for s in self.sections)]
        tables += [self.quality, self.quarantine]
        return tables + ([self.claims] if self.claims else [])
