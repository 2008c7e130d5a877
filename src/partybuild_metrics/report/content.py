"""The tables of the annual report, built from an IndicatorTable, a Dataset and claim results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import pandas as pd

from partybuild_metrics.claims.check import id_numbers_masked
from partybuild_metrics.indicators.base import FAMILIES, Indicator, ordered
from partybuild_metrics.indicators.change import exact_change
from partybuild_metrics.indicators.names import display_name
from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.id_numbers import mask_id_numbers_in, mask_quarantine
from partybuild_metrics.report.tables import Cell, ReportTable, indicator_cell, text
from partybuild_metrics.rounding import round_fraction

FAMILY_TITLES: Final[dict[str, str]] = {
    "posts": '班子建设与"一肩挑"',
    "education": "学历结构",
    "age": "年龄结构",
    "members": "性别与政治面貌",
    "cadre_work": "后备干部、流动党员与干部联审",
    "organisations": "软弱涣散村党组织整顿",
    "low_income": "低收入村",
    "projects": "扶贫产业项目",
    "poverty": "建档立卡贫困户脱贫",
    "first_secretaries": "驻村第一书记",
    "collective_income": "村级集体经济",
}
"""The heading of each family's section and sheet, in :data:`FAMILIES` order."""

VERDICT_ZH: Final[dict[str, str]] = {
    "consistent": "一致",
    "inconsistent": "不一致",
    "not_testable": "无法检验",
    "matches": "与记录一致",
    "differs": "与记录不符",
    "not_computable": "无法重算",
    "": "未核对",
}

Key = tuple[str, str, str, int]  # indicator, category, code, year


class Found(NamedTuple):
    """One value of an IndicatorTable as the report needs it."""

    kind: str
    numerator: Any
    denominator: Any
    missing: bool
    note: str

    def cell(self, decimals: int, mode: str) -> Cell:
        return indicator_cell(
            self.kind, self.numerator, self.denominator, decimals, mode,
            missing=self.missing, note=self.note,
        )  # fmt: skip


@dataclass(frozen=True)
class _Indexed:
    """An IndicatorTable read once: its rows by key, and each indicator's categories."""

    values: dict[Key, Found]
    categories: dict[str, list[str]]
    """Indicator → its categories in table order ([""] for a plain indicator)."""
    params: dict[str, str]
    """Indicator → the JSON of the parameters it was computed with."""

    def columns(self, indicators: Sequence[Indicator]) -> list[tuple[Indicator, str]]:
        """Each indicator's categories, once per printed name: the threshold indicator at
        its default (5万元) is the fixed 集体经济收入5万元以上村比例, not a second row of it."""
        named: dict[tuple[str, str], tuple[Indicator, str]] = {}
        for ind in indicators:
            name = self.name(ind)
            for category in self.categories.get(ind.id, []):
                named.setdefault((name, category), (ind, category))
        return list(named.values())

    def name(self, ind: Indicator) -> str:
        """The indicator's printed name, with the parameters it was computed with."""
        return display_name(ind, self.params.get(ind.id))


def _index(table: pd.DataFrame) -> _Indexed:
    values: dict[Key, Found] = {}
    categories: dict[str, dict[str, None]] = {}
    params: dict[str, str] = {}
    notes = table["note"] if "note" in table.columns else pd.Series("", index=table.index)
    for i, c, code, y, k, n, d, v, note, p in zip(
        table["indicator"], table["category"], table["code"], table["year"], table["kind"],
        table["numerator"], table["denominator"], table["value"], notes, table["params"],
        strict=True,
    ):  # fmt: skip
        text = "" if pd.isna(note) else str(note)
        values[(str(i), str(c), str(code), int(y))] = Found(str(k), n, d, bool(pd.isna(v)), text)
        categories.setdefault(str(i), {})[str(c)] = None
        params.setdefault(str(i), str(p))
    return _Indexed(values, {i: list(c) for i, c in categories.items()}, params)


def _change(kind: str, before: Found, after: Found, decimals: int, mode: str) -> Cell:
    if before.missing or after.missing:
        return Cell(None, "text")
    points, percent = exact_change(
        kind, (before.numerator, before.denominator), (after.numerator, after.denominator)
    )
    if points is not None:
        return Cell(round_fraction(points, decimals, mode), "points")
    if percent is not None and kind != "growth":
        return Cell(round_fraction(percent, decimals, mode), "percent_change")
    return Cell(None, "text")


def _integer(value: Any) -> Cell:
    return Cell(None if pd.isna(value) else int(value), "int")


def _dated(year: int, note: str) -> str:
    """A note with the year it is about, unless it already begins with it.

    >>> _dated(2019, "分母为0"), _dated(2019, "2019年无记录"), _dated(2019, "")
    ('2019年:分母为0', '2019年无记录', '')
    """
    if not note or note.startswith(f"{year}年"):
        return note
    return f"{year}年:{note}"


def summary_table(
    table: pd.DataFrame, code: str, year: int, decimals: int, mode: str
) -> ReportTable:
    """Every indicator for the top unit: this year, last year, the change, the integers,
    and why a value is missing."""
    indexed = _index(table)
    rows: list[tuple[Cell, ...]] = []
    for ind, category in indexed.columns(ordered()):
        now = indexed.values.get((ind.id, category, code, year))
        if now is None:
            continue
        before = indexed.values.get((ind.id, category, code, year - 1))
        notes = [_dated(year, now.note)]
        if before is not None:
            notes.append(_dated(year - 1, before.note))
        rows.append(
            (
                text(indexed.name(ind)),
                text(category),
                now.cell(decimals, mode),
                before.cell(decimals, mode) if before else Cell(None, "text"),
                _change(now.kind, before, now, decimals, mode) if before else Cell(None, "text"),
                _integer(now.numerator),
                _integer(now.denominator),
                text(";".join(note for note in notes if note)),
            )
        )
    return ReportTable(
        "summary", "指标汇总",
        ("指标", "类别", f"{year}年", f"{year - 1}年", "较上年", "分子", "分母", "说明"),
        tuple(rows),
        note="比例的变化以个百分点计,数量和平均值的变化以百分比计。“—”表示没有可计算的数据,原因见“说明”。",
    )  # fmt: skip


def _units(
    table: pd.DataFrame, code: str, sub_level: str | None, year: int
) -> list[tuple[str, str]]:
    """(code, name) of the top unit, then of each unit one level down, by code."""
    now = table[table["year"] == year]
    units = [(code, str(now.loc[now["code"].astype(str) == code, "name"].astype(str).iloc[0]))]
    if sub_level:
        below = now[
            (now["level"].astype(str) == sub_level) & now["code"].astype(str).str.startswith(code)
        ]
        pairs = below[["code", "name"]].astype(str).drop_duplicates().sort_values("code")
        units += list(pairs.itertuples(index=False, name=None))
    return units


def _family_table(
    indexed: _Indexed,
    units: list[tuple[str, str]],
    family: str,
    year: int,
    decimals: int,
    mode: str,
) -> ReportTable:
    """One family's indicators: a row per unit, a column per indicator (and category)."""
    columns = indexed.columns([ind for ind in ordered() if ind.family == family])
    rows: list[tuple[Cell, ...]] = []
    for unit_code, unit_name in units:
        cells: list[Cell] = [text(unit_code), text(mask_id_numbers_in(unit_name))]
        for ind, category in columns:
            found = indexed.values.get((ind.id, category, unit_code, year))
            cells.append(found.cell(decimals, mode) if found else Cell(None, "text"))
        rows.append(tuple(cells))
    headers = ["代码", "单位"] + [
        indexed.name(ind) + (f"·{category}" if category else "") for ind, category in columns
    ]
    return ReportTable(family, FAMILY_TITLES.get(family, family), tuple(headers), tuple(rows))


def family_tables(
    table: pd.DataFrame, code: str, sub_level: str | None, year: int, decimals: int, mode: str
) -> list[ReportTable]:
    """A table for each family that has indicators, in :data:`FAMILIES` order: the top
    unit, then each unit of the level below."""
    present = {ind.family for ind in ordered()}
    families = [f for f in FAMILIES if f in present] + sorted(present - set(FAMILIES))
    indexed, units = _index(table), _units(table, code, sub_level, year)
    return [_family_table(indexed, units, f, year, decimals, mode) for f in families]


QUARANTINE_TEXT_LIMIT: Final[int] = 500
"""Characters of a quarantined value or message the report shows (the CSV keeps all)."""


def _cut(value: object) -> str:
    text_value = str(value)
    if len(text_value) <= QUARANTINE_TEXT_LIMIT:
        return text_value
    return f"{text_value[:QUARANTINE_TEXT_LIMIT]}…(共{len(text_value):,}个字符)"


def quality_tables(dataset: Dataset) -> tuple[ReportTable, ReportTable]:
    """What was read and accepted per table, and every quarantined problem."""
    summary = tuple(
        (
            text(row["table"]), text(row["table_zh"]), text("是" if row["present"] else "未找到"),
            Cell(int(row["rows_read"]), "int"), Cell(int(row["accepted"]), "int"),
            Cell(int(row["quarantined"]), "int"),
        )
        for row in dataset.summary.to_dict("records")
    )  # fmt: skip
    # Masked whatever the dataset was read with: a report is read by more than the clerk.
    quarantine = mask_quarantine(dataset.quarantine)
    entries = tuple(
        (
            text(entry["table"]), text(entry["file"]),
            Cell(None if pd.isna(entry["row"]) else int(entry["row"]), "int"),
            text(entry["column"]), text(_cut(entry["value"])), text(entry["rule"]),
            text(_cut(entry["message_zh"])),
        )
        for entry in quarantine.to_dict("records")
    )  # fmt: skip
    return (
        ReportTable(
            "quality",
            "数据质量",
            ("表", "中文名", "是否找到", "读入行数", "接收行数", "隔离行数"),
            summary,
        ),
        ReportTable(
            "quarantine",
            "隔离明细",
            ("表", "文件", "行", "列", "值", "规则", "说明"),
            entries,
            note="行号为文件中看到的行号(含表头行);整份文件的问题行号为空。",
        ),
    )


def claims_table(results: pd.DataFrame) -> ReportTable:
    """One row per published figure: what was printed, whether it holds, and why (any ID
    number a quote holds masked)."""
    results = id_numbers_masked(results)
    rows = tuple(
        (
            text(r["id"]), text(r["source"]), text(r["published"]),
            text(VERDICT_ZH.get(str(r["verdict"]), str(r["verdict"]))),
            text("、".join(r["consistent_modes"]) or "—"),
            text(VERDICT_ZH.get(str(r["verification"]), str(r["verification"]))),
            text(r["recomputed"] or "—"), text(r["message_zh"]), text(r["quote"]),
        )
        for r in results.to_dict("records")
    )  # fmt: skip
    return ReportTable(
        "claims", "公布数字核对",
        ("编号", "来源", "公布数字", "一致性", "相容的舍入方式", "与记录核对", "重算结果", "说明", "原文"),
        rows,
    )  # fmt: skip


def inputs_table(inputs: Sequence[tuple[str, str]], version: str, mode: str) -> ReportTable:
    """The files the report was made from, with their SHA-256, and how it was made."""
    rows = [(text(mask_id_numbers_in(name)), text(digest)) for name, digest in inputs]
    rows += [(text("partybuild-metrics 版本"), text(version)), (text("舍入方式"), text(mode))]
    return ReportTable("inputs", "输入与版本", ("输入", "SHA-256 / 值"), tuple(rows))
