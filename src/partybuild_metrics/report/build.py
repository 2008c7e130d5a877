"""build_report(): the annual report of one unit for one year, from validated records."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from partybuild_metrics._version import __version__
from partybuild_metrics.claims.check import failed
from partybuild_metrics.claims.entry import check_claims
from partybuild_metrics.claims.model import claims_files
from partybuild_metrics.indicators.base import FAMILIES
from partybuild_metrics.indicators.compute import compute
from partybuild_metrics.indicators.units import level_below, top_unit
from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.report.content import (
    claims_table,
    family_tables,
    inputs_table,
    quality_tables,
    summary_table,
)
from partybuild_metrics.report.figures import (
    TREND_INDICATORS,
    ChartContext,
    claims_figure,
    family_charts,
)
from partybuild_metrics.report.html import render_html
from partybuild_metrics.report.model import ReportContent, Section
from partybuild_metrics.report.xlsx import write_workbook
from partybuild_metrics.rounding import check_decimals, check_mode


@dataclass(frozen=True)
class Report(ReportContent):
    """The annual report: tables and charts, ready to be written as HTML and XLSX.

    Build it with :func:`build_report`; write it with :meth:`write`, or take the HTML
    with :meth:`html`.
    """

    def html(self) -> str:
        """The report as one self-contained HTML page (figures embedded)."""
        return render_html(self)

    def write(self, out: str | Path) -> dict[str, Path]:
        """Write report.html, report.xlsx and figures/*.png into ``out``; return their paths."""
        folder = Path(out)
        (folder / "figures").mkdir(parents=True, exist_ok=True)
        written = {"html": folder / "report.html", "xlsx": folder / "report.xlsx"}
        written["html"].write_text(self.html(), encoding="utf-8")
        write_workbook(self, written["xlsx"])
        for chart in self.charts:
            path = folder / "figures" / f"{chart.name}.png"
            path.write_bytes(chart.png)
            written[f"figures/{chart.name}.png"] = path
        return written


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _inputs(dataset: Dataset, claim_files: Sequence[Path]) -> list[tuple[str, str]]:
    """Each input file by name with its SHA-256; frames given in memory by their content."""
    inputs = [(Path(f).name, _sha256(Path(f))) for f in dataset.files]
    if not dataset.files:
        digest = hashlib.sha256()
        for name in sorted(dataset.tables):
            digest.update(name.encode())
            digest.update(
                pd.util.hash_pandas_object(dataset[name], index=False).to_numpy().tobytes()
            )
        inputs.append(("内存中的数据表 (tables in memory)", digest.hexdigest()))
    return inputs + [(f.name, _sha256(f)) for f in claim_files]


def build_report(
    dataset: Dataset,
    year: int,
    *,
    level: str = "county",
    code: str | None = None,
    claims: Iterable[str | Path] | str | Path | None = None,
    rounding: str = "half_up",
    decimals: int = 1,
) -> Report:
    """The annual report of one unit (``code``, or the one unit at ``level``) for ``year``.

    Every indicator for the unit with the change from the previous year, a section per
    family with its table by the units one level down and its charts, the data-quality
    section, and, with ``claims`` (claims files or folders), the check of each published
    figure against the records. Values are rounded with ``rounding``, exactly.

    >>> import partybuild_metrics as pbm
    >>> report = pbm.build_report(pbm.read_dataset("data/sample/parquet"), year=2020)
    >>> report.title, len(report.sections)
    ('庄河市2020年度村级党建与乡村振兴指标报告', 11)
    """
    mode = check_mode(rounding)
    decimals = check_decimals(decimals)
    unit, unit_level = top_unit(dataset, code, None if code else level)
    years = sorted(int(y) for y in dataset.villages["year"].unique())
    if int(year) not in years:
        raise ValueError(f"`year` must be one of {', '.join(map(str, years))}, got {year}")
    sub_level = level_below(unit_level)
    levels = [unit_level] + ([sub_level] if sub_level else [])
    chosen = [y for y in (year - 1, year) if y in years]
    table = compute(dataset, level=levels, years=chosen, progress=False)
    table = table[table["code"].astype(str).str.startswith(unit)]
    if table.empty or unit not in set(table["code"].astype(str)):
        raise ValueError(f"no villages of code {unit} in {year}")
    history = compute(dataset, TREND_INDICATORS, level=unit_level, progress=False)
    now = table[(table["year"] == year) & (table["code"].astype(str) == unit)]
    name = str(now["name"].astype(str).iloc[0]) or unit
    below = table[(table["year"] == year) & (table["level"].astype(str) == (sub_level or ""))]
    ctx = ChartContext(
        dataset, table, history, unit, int(year), below["code"].nunique(), mode, decimals
    )
    families = family_tables(table, unit, sub_level, int(year), decimals, mode)
    sections = tuple(
        Section(t.key, t, tuple(family_charts(ctx, t.key)))
        for t in families
        if t.key in FAMILIES or t.rows
    )
    quality, quarantine = quality_tables(dataset)
    claim_results, claim_files = None, []
    if claims is not None:
        claim_files = claims_files([claims] if isinstance(claims, (str, Path)) else claims)
        claim_results = check_claims(claim_files, dataset, rounding=mode)
    return Report(
        title=f"{name}{year}年度村级党建与乡村振兴指标报告",
        code=unit,
        name=name,
        level=unit_level,
        year=int(year),
        rounding=mode,
        version=__version__,
        inputs=inputs_table(_inputs(dataset, claim_files), __version__, mode),
        summary=summary_table(table, unit, int(year), decimals, mode),
        sections=sections,
        quality=quality,
        quarantine=quarantine,
        claims=claims_table(claim_results) if claim_results is not None else None,
        claims_chart=claims_figure(claim_results)
        if claim_results is not None and not claim_results.empty
        else None,
        claims_failed=int(failed(claim_results).sum()) if claim_results is not None else 0,
    )
