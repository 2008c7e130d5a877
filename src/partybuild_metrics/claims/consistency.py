"""Consistency of published figures with each other, under every rounding mode, without data.

Each check returns a :class:`Consistency`: a verdict (``consistent``, ``inconsistent``
or ``not_testable``), the rounding modes under which the figures fit, and witnesses:
the integer numerators (or sums) that produce the printed figure. All arithmetic is on
exact fractions: a value exactly on a tie is a tie, never "close enough".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from partybuild_metrics.claims.published import Interval, PublishedNumber, rounded_interval
from partybuild_metrics.rounding import MODES

Verdict = Literal["consistent", "inconsistent", "not_testable"]
ALL_MODES: tuple[str, ...] = tuple(MODES)
MAX_ENUMERATED = 20_000
"""Denominator ranges up to this many integers are searched one by one; wider ones by intervals."""


@dataclass(frozen=True)
class Consistency:
    """The outcome of one check."""

    verdict: Verdict
    consistent_modes: tuple[str, ...]
    witnesses: dict[str, list[int]] = field(default_factory=dict)
    message_en: str = ""
    message_zh: str = ""
    rounding_matters: bool = True
    """False for checks no rounding enters (bounds, sums of counts): they say nothing of a habit."""


def _before(a: Interval, b: Interval) -> bool:
    """Whether all of ``a`` lies below all of ``b``."""
    if a.high is None or b.low is None:
        return False
    return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))


def _overlap(a: Interval, b: Interval) -> bool:
    """Whether two intervals share a point."""
    return not (_before(a, b) or _before(b, a))


def _scaled_integers(target: Interval, scale: Fraction) -> tuple[int, int]:
    """Integers k with k / scale inside ``target`` (target bounded), as an inclusive range."""
    assert target.low is not None and target.high is not None
    low, high = Interval(
        target.low * scale, target.high * scale, target.low_open, target.high_open
    ).integers()
    assert low is not None and high is not None
    return low, high


def _all_or_none(ok: bool, what_en: str, what_zh: str) -> Consistency:
    if ok:
        return Consistency("consistent", ALL_MODES, {}, what_en, what_zh, rounding_matters=False)
    return Consistency("inconsistent", (), {}, what_en, what_zh, rounding_matters=False)


def check_share(
    numerator: PublishedNumber | None,
    denominator: PublishedNumber | None,
    percent: PublishedNumber | None,
    modes: tuple[str, ...] = ALL_MODES,
) -> Consistency:
    """Does numerator ÷ denominator round to the printed percent, and under which modes?

    >>> from partybuild_metrics.claims.published import parse_count, parse_decimal
    >>> result = check_share(parse_count("133"), parse_count("205"), parse_decimal("64.8"))
    >>> result.verdict, result.consistent_modes
    ('consistent', ('truncate', 'floor'))
    >>> no_numerator = check_share(None, parse_count("205"), parse_decimal("64.8"))
    >>> no_numerator.witnesses  # no n/205 rounds half up to 64.8: 133/205 = 64.878…
    {'truncate': [133], 'floor': [133]}
    """
    if denominator is None:
        return Consistency(
            "not_testable", (), {}, "no denominator: the share cannot be tested", "无分母,无法检验"
        )
    d_low, d_high = denominator.interval.integers()
    if percent is None:
        if numerator is None:
            return Consistency(
                "not_testable", (), {}, "neither numerator nor percent", "既无分子也无百分比"
            )
        possible = _overlap(
            numerator.interval, Interval(Fraction(0), None if d_high is None else Fraction(d_high))
        )
        return _all_or_none(
            possible,
            "numerator within [0, denominator]"
            if possible
            else "numerator exceeds the denominator",
            "分子不超过分母" if possible else "分子大于分母",
        )
    quantum = Fraction(1, 10**percent.decimals)
    if numerator is None and d_low is not None and d_low > 0 and Fraction(100, d_low) < quantum:
        return Consistency(
            "not_testable", (), {},
            f"denominator {denominator.text} is so large that every {percent.decimals}-decimal percent is possible",
            f"分母{denominator.text}过大,任何保留{percent.decimals}位小数的百分比都可能出现",
        )  # fmt: skip
    consistent: list[str] = []
    witnesses: dict[str, list[int]] = {}
    for mode in modes:
        target = rounded_interval(percent, mode)
        found = _share_witnesses(numerator, d_low, d_high, target)
        if found is None:
            continue
        consistent.append(mode)
        witnesses[mode] = found
    if consistent:
        return Consistency(
            "consistent",
            tuple(consistent),
            witnesses,
            f"fits under {', '.join(consistent)}",
            f"在{'、'.join(consistent)}下一致",
        )
    return Consistency(
        "inconsistent",
        (),
        {},
        f"{percent.text}% cannot come from these counts under any rounding mode",
        f"在任何舍入方式下,{percent.text}%都不能由这些数得到",
    )


def _share_witnesses(
    numerator: PublishedNumber | None, d_low: int | None, d_high: int | None, target: Interval
) -> list[int] | None:
    """Numerators that give a percent inside ``target`` for some allowed denominator."""
    n_interval = numerator.interval if numerator is not None else Interval(Fraction(0), None)
    if d_low is None or d_high is None or d_high - d_low > MAX_ENUMERATED:
        # A rounded or bounded denominator: compare the ranges of the ratio.
        n_low, n_high = n_interval.integers()
        if d_low is None or n_low is None or d_low <= 0:
            return []
        lowest = Fraction(n_low * 100, d_high) if d_high else Fraction(0)
        highest = Fraction(n_high * 100, d_low) if n_high is not None else None
        return [] if _overlap(Interval(lowest, highest), target) else None
    found: list[int] = []
    for d in range(max(d_low, 1), d_high + 1):
        low, high = _scaled_integers(target, Fraction(d, 100))
        low, high = max(low, 0), min(high, d)
        for n in range(low, high + 1):
            if n_interval.contains(Fraction(n)):
                found.append(n)
                if len(found) >= 50:
                    return found
    return found or None


def check_mean(
    value: PublishedNumber, n: PublishedNumber, items: int = 1, modes: tuple[str, ...] = ALL_MODES
) -> Consistency:
    """GRIM: can a mean of ``n`` cases of integer data (``items`` integers each) print as ``value``?

    >>> from partybuild_metrics.claims.published import parse_count, parse_decimal
    >>> check_mean(parse_decimal("5.19"), parse_count("28")).verdict
    'inconsistent'
    >>> check_mean(parse_decimal("5.18"), parse_count("28")).witnesses["half_up"]
    [145]
    """
    n_low, n_high = n.interval.integers()
    if n_low is None or n_high is None or n_low != n_high:
        return Consistency(
            "not_testable", (), {}, "the sample size is not an exact count", "样本量不是确切的整数"
        )
    cases = n_low * items
    if cases <= 0:
        return Consistency("not_testable", (), {}, "the sample size is 0", "样本量为0")
    if Fraction(1, cases) <= Fraction(1, 10**value.decimals):
        return Consistency(
            "not_testable", (), {},
            f"with {cases} integers every {value.decimals}-decimal mean is possible",
            f"{cases}个整数的均值可取任何{value.decimals}位小数",
        )  # fmt: skip
    consistent: list[str] = []
    witnesses: dict[str, list[int]] = {}
    for mode in modes:
        target = rounded_interval(value, mode)
        low, high = _scaled_integers(target, Fraction(cases))
        if low <= high:
            consistent.append(mode)
            witnesses[mode] = list(range(low, min(high, low + 49) + 1))
    if consistent:
        return Consistency(
            "consistent",
            tuple(consistent),
            witnesses,
            f"a sum of {cases} integers fits under {', '.join(consistent)}",
            f"在{'、'.join(consistent)}下一致",
        )
    return Consistency(
        "inconsistent",
        (),
        {},
        f"no sum of {cases} integers gives a mean printed as {value.text}",
        f"{cases}个整数之和都不能得到均值{value.text}",
    )


def check_parts_sum(parts: list[PublishedNumber], total: PublishedNumber) -> Consistency:
    """Can the listed parts add up to the stated total?

    >>> from partybuild_metrics.claims.published import parse_count
    >>> check_parts_sum([parse_count("201"), parse_count("484"), parse_count("359")], parse_count("1044")).verdict
    'consistent'
    """
    lows = [p.interval.low for p in parts]
    highs = [p.interval.high for p in parts]
    low = None if any(x is None for x in lows) else sum(x for x in lows if x is not None)
    high = None if any(x is None for x in highs) else sum(x for x in highs if x is not None)
    sums = Interval(
        Fraction(low) if low is not None else None,
        Fraction(high) if high is not None else None,
        low_open=any(p.interval.low_open for p in parts),
        high_open=any(p.interval.high_open for p in parts),
    )
    ok = _overlap(sums, total.interval)
    return Consistency(
        "consistent" if ok else "inconsistent",
        ALL_MODES if ok else (),
        {"sum": [int(low)]} if low is not None and low == high else {},
        f"parts sum to {sums}, total {total.interval}",
        f"各部分之和为{sums},总数为{total.interval}",
        rounding_matters=False,
    )


def check_bound(part: PublishedNumber, whole: PublishedNumber) -> Consistency:
    """A part cannot exceed its whole.

    >>> from partybuild_metrics.claims.published import parse_count
    >>> check_bound(parse_count("1678"), parse_count("1458")).verdict
    'inconsistent'
    """
    ok = _overlap(
        part.interval,
        Interval(Fraction(0), whole.interval.high, high_open=whole.interval.high_open),
    )
    return _all_or_none(
        ok,
        f"part {part.text} {'fits within' if ok else 'exceeds'} whole {whole.text}",
        f"部分{part.text}{'不超过' if ok else '超过'}整体{whole.text}",
    )


def check_change(
    before: PublishedNumber,
    after: PublishedNumber,
    change_points: PublishedNumber,
    modes: tuple[str, ...] = ALL_MODES,
) -> Consistency:
    """Does a change in percentage points fit the two printed shares?

    Consistent when the printed change is the difference of the printed shares, or when
    some true shares behind them differ by a value that rounds to the printed change.

    >>> from partybuild_metrics.claims.published import parse_decimal as d
    >>> check_change(d("41.2"), d("42.5"), d("1.3")).verdict, check_change(d("41.2"), d("42.5"), d("1.9")).verdict
    ('consistent', 'inconsistent')
    """
    printed_difference = after.value - before.value
    consistent: list[str] = []
    for mode in modes:
        if printed_difference == change_points.value:
            consistent.append(mode)
            continue
        b = rounded_interval(before, mode)
        a = rounded_interval(after, mode)
        assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
        true_change = Interval(
            a.low - b.high,
            a.high - b.low,
            low_open=a.low_open or b.high_open,
            high_open=a.high_open or b.low_open,
        )
        if _overlap(true_change, rounded_interval(change_points, mode)):
            consistent.append(mode)
    witness = (
        {"difference_x10": [int(printed_difference * 10)]}
        if (printed_difference * 10).denominator == 1
        else {}
    )
    if consistent:
        return Consistency(
            "consistent",
            tuple(consistent),
            witness,
            f"fits under {', '.join(consistent)}",
            f"在{'、'.join(consistent)}下一致",
        )
    return Consistency(
        "inconsistent", (), witness,
        f"{after.text} − {before.text} = {float(printed_difference):g}, not {change_points.text} points under any mode",
        f"{after.text}−{before.text}={float(printed_difference):g},任何舍入方式下都不是{change_points.text}个百分点",
    )  # fmt: skip


def shared_modes(results: list[Consistency]) -> tuple[str, ...]:
    """The rounding habits that fit every testable claim of a source in which rounding matters.

    >>> shared_modes([Consistency("consistent", ("half_up", "truncate")), Consistency("consistent", ("truncate",))])
    ('truncate',)
    """
    modes = list(ALL_MODES)
    for result in results:
        if result.verdict != "not_testable" and result.rounding_matters:
            modes = [m for m in modes if m in result.consistent_modes]
    return tuple(modes)
