"""The one-claim path: every claim's consistency, verification with data, and the result
frame (its columns, categoricals and sources' rounding habits) that every path returns."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from partybuild_metrics.claims.compare import COMPARISON_COLUMNS, compare
from partybuild_metrics.claims.consistency import (
    ALL_MODES,
    MODE_LISTS,
    Consistency,
    check_bound,
    check_change,
    check_growth,
    check_mean,
    check_parts_sum,
    check_share,
    says_its_unit,
    shared_modes,
)
from partybuild_metrics.claims.model import (
    Claim,
)
from partybuild_metrics.claims.numbers import PublishedNumber, parse_change, parse_number
from partybuild_metrics.claims.problems import ClaimProblem
from partybuild_metrics.claims.published import parse_count, parse_decimal, rounded_interval
from partybuild_metrics.records.id_numbers import mask_id_numbers_in_texts
from partybuild_metrics.records.vocabularies import level_of_code
from partybuild_metrics.rounding import round_fraction

if TYPE_CHECKING:
    from partybuild_metrics.records.dataset import Dataset

RESULT_COLUMNS = [
    "id", "source", "kind", "verdict", "consistent_modes", "source_modes", "verification",
    "published", "recomputed", "message_en", "message_zh", "quote", "file", "rounding_matters",
    *COMPARISON_COLUMNS, "witness_numerator", "witness_denominator",
]  # fmt: skip
"""Columns of a check's result. ``witness_numerator`` is the first numerator (or sum) that
produces the printed figure under the chosen rounding mode, ``witness_denominator`` the
denominator it goes with (for a share)."""


class Verification(NamedTuple):
    """A claim recomputed from records: verdict, what was found, and its integers."""

    verdict: str
    recomputed: str
    message_en: str
    message_zh: str
    numerator: int | None = None
    denominator: int | None = None


def _signed_parts(parts: list[str]) -> tuple[list[PublishedNumber], list[int]]:
    """Parts as counts (or percents of one whole) and signs: a part written "-18659" (or
    "−18659") is subtracted."""
    numbers, signs = [], []
    for part in parts:
        text = part.strip()
        subtracted = text[:1] in ("-", "−", "－")
        numbers.append(parse_number(text[1:] if subtracted else text))
        signs.append(-1 if subtracted else 1)
    return numbers, signs


def consistency_of(claim: Claim) -> Consistency:
    """Check one claim's figures against each other under every rounding mode."""
    v = claim.values
    if claim.kind == "share":
        return check_share(
            parse_count(v["numerator"]) if "numerator" in v else None,
            parse_count(v["denominator"]) if "denominator" in v else None,
            parse_decimal(v["percent"]) if "percent" in v else None,
        )
    if claim.kind == "mean":
        return check_mean(parse_decimal(v["value"]), parse_count(v["n"]), int(v.get("items", 1)))
    if claim.kind == "parts_sum":
        parts, signs = _signed_parts(v["parts"])
        return check_parts_sum(parts, parse_change(v["total"]), signs)
    if claim.kind == "bound":
        return check_bound(parse_count(v["part"]), parse_count(v["whole"]))
    if claim.kind == "growth":
        return check_growth(
            parse_count(v["previous"]) if "previous" in v else None,
            parse_count(v["current"]) if "current" in v else None,
            parse_change(v["increase"]) if "increase" in v else None,
            parse_change(v["rate"]) if "rate" in v else None,
        )
    return check_change(
        parse_decimal(v["before"]), parse_decimal(v["after"]), parse_change(v["change_points"])
    )


def _published(claim: Claim) -> str:
    v = claim.values
    if claim.kind == "share":
        parts = [v.get("numerator", "?"), "/", v.get("denominator", "?")]
        percent = v.get("percent", "")
        sign = "" if not percent or not percent[-1:].isdigit() else "%"
        return "".join(parts) + (f" = {percent}{sign}" if percent else "")
    if claim.kind == "mean":
        return f"mean {v['value']} (n = {v['n']})"
    if claim.kind == "parts_sum":
        text = " + ".join(v["parts"]).replace("+ -", "− ").replace("+ −", "− ")
        return text + f" = {v['total']}"
    if claim.kind == "bound":
        return f"{v['part']} ≤ {v['whole']}"
    if claim.kind == "growth":
        named = [f"{k} {v[k]}" for k in ("previous", "current", "increase", "rate") if k in v]
        return ", ".join(named)
    change = v["change_points"].strip()
    return f"{v['after']} − {v['before']} = {change}{'' if says_its_unit(change) else ' points'}"


def verify(claim: Claim, dataset: Dataset, modes: tuple[str, ...]) -> Verification:
    """Recompute a claim's indicator for its scope.

    The published percent or mean matches when the recomputed value, rounded with any of
    ``modes`` (the source's habits), prints the same; counts must be equal.
    """
    from partybuild_metrics.indicators import compute
    from partybuild_metrics.indicators.base import REGISTRY

    scope = claim.scope or {}
    code, year = str(scope.get("code", "")), scope.get("year")
    if claim.indicator not in REGISTRY:
        return Verification(
            "not_computable",
            "",
            f"no indicator '{claim.indicator}'",
            f"没有指标“{claim.indicator}”",
        )
    if not level_of_code(code) or year is None:
        return Verification(
            "not_computable",
            "",
            "the scope needs a 2/4/6/9/12-digit code and a year",
            "范围需要区划代码和年度",
        )
    table = compute(
        dataset, claim.indicator, level=level_of_code(code), years=int(year), progress=False
    )
    rows = table[table["code"].astype(str) == code]
    if rows.empty:
        return Verification(
            "not_computable", "", f"no records for {code} in {year}", f"{year}年没有{code}的记录"
        )
    row = rows.iloc[0]
    if pd.isna(row["numerator"]):
        # The records have no rows for the year in a table the indicator needs: no data,
        # which is not a zero; compute's note names the table and the year.
        note = str(row.get("note", "") or "")
        zh, _, en = note.partition(" / ")
        return Verification(
            "not_computable",
            "",
            f"the records give no value: {en or 'no data'}",
            f"记录无法给出数值:{zh or '无数据'}",
        )
    numerator = int(row["numerator"])
    denominator = None if pd.isna(row["denominator"]) else int(row["denominator"])
    shown = f"{numerator}" + (f"/{denominator}" if denominator is not None else "")
    if denominator == 0:
        return Verification(
            "not_computable", shown, "the recomputed denominator is 0", "重新计算的分母为0"
        )
    v = claim.values
    problems: list[str] = []
    if claim.kind == "share":
        if "numerator" in v and not parse_count(v["numerator"]).interval.contains(
            Fraction(numerator)
        ):
            problems.append(f"numerator {v['numerator']} ≠ {numerator}")
        if (
            "denominator" in v
            and denominator is not None
            and not parse_count(v["denominator"]).interval.contains(Fraction(denominator))
        ):
            problems.append(f"denominator {v['denominator']} ≠ {denominator}")
        if "percent" in v and denominator:
            printed = parse_decimal(v["percent"])
            share = Fraction(numerator * 100, denominator)
            values = {m: round_fraction(share, printed.decimals, m) for m in modes}
            shown += " = " + ", ".join(f"{value}% ({m})" for m, value in values.items())
            if not any(rounded_interval(printed, m).contains(share) for m in modes):
                problems.append(
                    f"percent {v['percent']} ≠ {', '.join(str(x) for x in values.values())}"
                )
    elif claim.kind == "mean" and denominator:
        printed = parse_decimal(v["value"])
        mean = Fraction(numerator, denominator)
        values = {m: round_fraction(mean, printed.decimals, m) for m in modes}
        shown += " = " + ", ".join(f"{value} ({m})" for m, value in values.items())
        if not any(rounded_interval(printed, m).contains(mean) for m in modes):
            problems.append(f"mean {v['value']} ≠ {', '.join(str(x) for x in values.values())}")
        if not parse_count(v["n"]).interval.contains(Fraction(denominator)):
            problems.append(f"n {v['n']} ≠ {denominator}")
    else:
        return Verification(
            "not_computable",
            shown,
            f"a {claim.kind} claim is not verified against data",
            f"{claim.kind}类声明不与数据核对",
        )
    if problems:
        message = "; ".join(problems)
        return Verification(
            "differs", shown, message, "与数据不符:" + message, numerator, denominator
        )
    return Verification(
        "matches", shown, "matches the records", "与记录一致", numerator, denominator
    )


def _witness(claim: Claim, result: Consistency, mode: str) -> tuple[int | None, int | None]:
    found = result.witnesses.get(mode) or result.witnesses.get("sum")
    if not found or result.verdict != "consistent":
        return None, None
    if claim.kind != "share":
        return found[0], None
    denominator = result.denominators.get(mode)
    if denominator is None:
        denominator = parse_count(claim.values["denominator"]).interval.integers()[0]
    return found[0], denominator


REPEATED_TEXT: Final = (
    "source", "kind", "verdict", "verification", "recomputed", "message_en", "message_zh",
    "file", "figure", "against_from",
)  # fmt: skip
"""Result columns of text that repeats from row to row, held as categoricals (sorted categories)."""


def categorical(
    codes: np.ndarray, values: Sequence[str], used: np.ndarray | None = None
) -> pd.Categorical:
    """Codes into ``values`` (which may repeat or go unused) as a Categorical of the values used.

    ``used`` is :func:`used_codes` of ``codes``, when it is known already.

    >>> categorical(np.array([2, 0, 2]), ["b", "x", "a"]).tolist()
    ['a', 'b', 'a']
    """
    if len(values) == 1:  # one value: codes of zeros, which the system hands out untouched
        return pd.Categorical.from_codes(
            np.zeros(len(codes), np.int8),
            categories=pd.Index(list(values), dtype="str"),
            validate=False,
        )
    table = np.empty(len(values), dtype=object)
    table[:] = values
    if used is None:
        used = used_codes(codes, len(values))
    distinct = sorted(set(table[np.flatnonzero(used)]))
    position = {value: i for i, value in enumerate(distinct)}
    recode = np.array([position.get(value, -1) for value in values], dtype=np.int32)
    seen = np.flatnonzero(used)
    if np.array_equal(recode[seen], seen):  # the values used come sorted and first: as they are
        return pd.Categorical.from_codes(
            codes, categories=pd.Index(distinct, dtype="str"), validate=False
        )
    small = recode.astype(np.int8) if len(distinct) < 127 else recode
    return pd.Categorical.from_codes(
        small[codes], categories=pd.Index(distinct, dtype="str"), validate=False
    )


def used_codes(codes: np.ndarray, count: int) -> np.ndarray:
    """Which of ``count`` codes occur."""
    if count <= 8:  # a comparison per value is cheaper than counting into int64
        return np.array([bool((codes == value).any()) for value in range(count)], dtype=bool)
    found: np.ndarray = np.bincount(codes, minlength=count) > 0
    return found


def categorised(frame: pd.DataFrame) -> pd.DataFrame:
    """The repeated-text columns of a result frame as categoricals (the others as they are)."""
    for column in REPEATED_TEXT:
        codes, values = pd.factorize(frame[column].astype(object))
        frame[column] = categorical(codes, [str(v) for v in values])
    return frame


def empty_results() -> pd.DataFrame:
    """A result frame without rows."""
    return categorised(pd.DataFrame(columns=RESULT_COLUMNS))


def concat_results(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Result frames one after the other, their categories united and habits found across them."""
    if len(frames) == 1:
        return frames[0]
    results = pd.concat(frames, ignore_index=True)
    for column in REPEATED_TEXT:
        results[column] = union_categoricals(
            [pd.Categorical(frame[column]) for frame in frames], sort_categories=True
        )
    counted = (results["verdict"] != "not_testable").to_numpy() & results[
        "rounding_matters"
    ].to_numpy(dtype=bool)
    masks = mode_masks(results["consistent_modes"])
    results["source_modes"] = habits_of(results["source"].array, masks, counted)
    return results


def mode_masks(modes: pd.Series) -> np.ndarray:
    """Lists of modes as bit masks (bit i: ALL_MODES[i]), one conversion per distinct list."""
    codes, lists = pd.factorize(modes.map(tuple))
    bits = np.array(
        [sum(1 << ALL_MODES.index(m) for m in found) for found in lists], dtype=np.int64
    )
    found: np.ndarray = bits[codes] if len(bits) else np.zeros(len(modes), dtype=np.int64)
    return found


def habits_of(sources: pd.Categorical, masks: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """For each row, the modes that fit every ``counted`` claim of its source (bit masks in).

    Counted are the testable claims in which rounding matters. A bitwise AND per source,
    so a million rows cost a few array operations.

    >>> habits_of(pd.Categorical(["a", "a", "b"]), np.array([3, 1, 4]), np.array([True, True, False])).tolist()
    [['half_up'], ['half_up'], ['half_up', 'half_even', 'truncate', 'half_down', 'ceiling', 'floor']]
    """
    every = (1 << len(ALL_MODES)) - 1
    lacking = np.where(counted, ~masks & every, 0)  # the modes each counted claim rules out
    table = np.empty(64, dtype=object)
    table[:] = MODE_LISTS
    if len(sources.categories) == 1:  # one source: one list for every row
        same = np.empty(len(masks), dtype=object)
        same.fill(MODE_LISTS[every & ~int(np.bitwise_or.reduce(lacking, initial=0))])
        return same
    codes = np.asarray(sources.codes, dtype=np.int64)
    if len(sources.categories) * (every + 1) <= 1 << 22:  # which (source, modes ruled out) occur
        pairs = codes * (every + 1) + lacking
        seen = np.bincount(pairs, minlength=len(sources.categories) * (every + 1)) > 0
        bits = (np.arange(every + 1)[:, None] >> np.arange(len(ALL_MODES))) & 1
        ruled = seen.reshape(-1, every + 1).astype(np.int64) @ bits > 0
        habit = every & ~(ruled.astype(np.int64) << np.arange(len(ALL_MODES))).sum(axis=1)
    else:
        habit = np.full(len(sources.categories), every, dtype=np.int64)
        for bit in range(len(ALL_MODES)):
            ruled_out = np.bincount(codes[(lacking >> bit) & 1 == 1], minlength=len(habit)) > 0
            habit &= ~(ruled_out.astype(np.int64) << bit)
    found: np.ndarray = table[habit[codes]] if len(codes) else np.empty(0, dtype=object)
    return found


def unknown_indicators(claims: Sequence[Claim], dataset: Dataset | None) -> list[ClaimProblem]:
    """A problem for each claim, checked against records, whose indicator is none the
    library computes: a misspelt name would leave the figure unverified, and the run
    would pass."""
    if dataset is None or not any(claim.indicator for claim in claims):
        return []
    from partybuild_metrics.indicators.base import REGISTRY

    return [
        ClaimProblem(
            str(claim.file),
            f"no indicator '{claim.indicator}'",
            claim.id,
            "indicator",
            hint="the names are in the README's indicator catalogue (pbm.catalogue())",
        )
        for claim in claims
        if claim.indicator and claim.indicator not in REGISTRY
    ]


def _check_objects(claims: list[Claim], dataset: Dataset | None, mode: str) -> pd.DataFrame:
    results = [consistency_of(claim) for claim in claims]
    habits: dict[str, tuple[str, ...]] = {}
    for source in {claim.source.id for claim in claims}:
        habits[source] = shared_modes(
            [r for c, r in zip(claims, results, strict=True) if c.source.id == source]
        )
    rows: list[dict[str, Any]] = []
    for claim, result in zip(claims, results, strict=True):
        verdict = result.verdict
        message_en, message_zh = result.message_en, result.message_zh
        if verdict == "consistent" and mode not in result.consistent_modes:
            verdict = "inconsistent"
            # what the figures come to under this mode, where its rounding of them differs
            message_en, message_zh = result.under.get(mode, (message_en, message_zh))
            message_en = f"not under {mode}; {message_en}"
            message_zh = f"按{mode}不一致;{message_zh}"
        found = Verification("", "", "", "")
        if dataset is not None and claim.indicator:
            found = verify(claim, dataset, habits[claim.source.id] or (mode,))
            message_en, message_zh = (
                f"{message_en}. Data: {found.message_en}",
                f"{message_zh}。数据:{found.message_zh}",
            )
        verification, recomputed = found.verdict, found.recomputed
        comparison = compare(claim, mode, found.numerator, found.denominator)
        witness_n, witness_d = _witness(claim, result, mode)
        rows.append(
            {
                "id": claim.id, "source": claim.source.id, "kind": claim.kind, "verdict": verdict,
                "consistent_modes": list(result.consistent_modes), "source_modes": list(habits[claim.source.id]),
                "verification": verification, "published": _published(claim), "recomputed": recomputed,
                "message_en": message_en, "message_zh": message_zh, "quote": claim.quote, "file": claim.file,
                "rounding_matters": result.rounding_matters, **comparison.row(),
                "witness_numerator": witness_n, "witness_denominator": witness_d,
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for column in ("witness_numerator", "witness_denominator"):
        frame[column] = witness_column([row[column] for row in rows])
    return categorised(frame)


def witness_column(values: list[int | None]) -> Any:
    """Witnesses as nullable Int64 when they fit, else as Python ints in an object column."""
    if all(v is None or -(2**63) < v < 2**63 for v in values):
        return pd.array(values, dtype="Int64")
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


SHOWN_TEXT: Final = (
    "id", "source", "file", "quote", "published", "recomputed", "message_en", "message_zh",
)  # fmt: skip
"""Result columns that may quote a report or claims file."""


def id_numbers_masked(results: pd.DataFrame) -> pd.DataFrame:
    """Results whose shown texts have their ID numbers masked, for whatever shows them (a
    claims file's quote may hold one; a report's text is masked as it is read).

    >>> id_numbers_masked(pd.DataFrame({"quote": ["书记21028319680506123X"]}))["quote"].tolist()
    ['书记210283********123X']
    """
    shown = [column for column in SHOWN_TEXT if column in results.columns]
    return results.assign(**{c: mask_id_numbers_in_texts(results[c]) for c in shown})


def failed(results: pd.DataFrame) -> pd.Series:
    """Rows that make a check fail: inconsistent, or differing from the data."""
    return (results["verdict"] == "inconsistent") | (results["verification"] == "differs")
