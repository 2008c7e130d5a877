"""Consistency of published figures with each other, under every rounding mode, without data.

Each check returns a :class:`Consistency`: a verdict (``consistent``, ``inconsistent``
or ``not_testable``), the rounding modes under which the figures fit, and witnesses:
the integer numerators (or sums) that produce the printed figure. All arithmetic is on
exact fractions: a value exactly on a tie is a tie, never "close enough".
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final, Literal

from partybuild_metrics.claims.lattice import Ratio, Witness, smallest_fraction
from partybuild_metrics.claims.numbers import MEASURED
from partybuild_metrics.claims.published import Interval, PublishedNumber, rounded_interval
from partybuild_metrics.rounding import MODES

Verdict = Literal["consistent", "inconsistent", "not_testable"]
ALL_MODES: tuple[str, ...] = tuple(MODES)
MODE_LISTS: tuple[list[str], ...] = tuple(
    [m for i, m in enumerate(ALL_MODES) if mask >> i & 1] for mask in range(1 << len(ALL_MODES))
)
"""The modes of each bit mask (bit i stands for ``ALL_MODES[i]``), as a list: the column-wise
paths give every row with one mask the same list."""
MAX_WITNESSES = 5
"""Witnesses are produced lazily: at most this many numerators (or sums) per mode."""


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
    denominators: dict[str, int] = field(default_factory=dict)
    """For a share whose denominator was not printed exactly: the denominator of the witnesses."""
    under: dict[str, tuple[str, str]] = field(default_factory=dict)
    """What the figures come to under each mode, in English and Chinese, where the counts
    themselves are rounded by it: said in place of the message when that mode is chosen."""


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


def by_mode(*numbers: PublishedNumber | None) -> bool:
    """Whether any of the figures is rounded by the mode: a percent or decimal as printed,
    a count in 万, a figure said to be about so much. A check of such figures says
    something of a source's rounding habit.

    >>> from partybuild_metrics.claims.numbers import MEASURED, parse_number as n
    >>> by_mode(n("133"), n("205")), by_mode(n("133"), n("约64.8%")), by_mode(n("2843.1万"))
    (False, True, True)
    """
    return any(
        number is not None
        and (
            number.bound in ("rounded", "about")
            or (number.kind in ("percent", "points") and number.printed)
        )
        for number in numbers
    )


def _rounded_figure(number: PublishedNumber | None) -> bool:
    """Whether a percent, rate or decimal is rounded at its last digit by the mode: as
    printed, or said to be about so much (not bounded, "三成多", nor a range)."""
    return number is not None and (number.printed or number.bound == "about")


def _all_or_none(ok: bool, what_en: str, what_zh: str) -> Consistency:
    if ok:
        return Consistency("consistent", ALL_MODES, {}, what_en, what_zh, rounding_matters=False)
    return Consistency("inconsistent", (), {}, what_en, what_zh, rounding_matters=False)


def _ratio_bounds(target: Interval, ratio: bool = False) -> tuple[Ratio, Ratio] | None:
    """A percent interval as bounds of n / d within [0, 1], or None when it misses [0, 1].

    With ``ratio`` (both counts printed), a target wholly above 100% is a ratio of the two
    (男女性别比为105.23:100, printed 57753 of 54882 as 105.23%), not a part of a whole: its
    bounds are not cut at 1.
    """
    low = Ratio(Fraction(0), False)
    if target.low is not None and target.low / 100 >= 0:
        low = Ratio(target.low / 100, target.low_open)
    above = target.low is not None and (target.low > 100 or (target.low == 100 and target.low_open))
    if ratio and above and target.high is not None:
        return low, Ratio(target.high / 100, target.high_open)
    high = Ratio(Fraction(1), False)
    if target.high is not None and target.high / 100 <= 1:
        high = Ratio(target.high / 100, target.high_open)
    if (
        low.value > 1
        or (low.value == 1 and low.open)
        or high.value < 0
        or (high.value == 0 and high.open)
    ):
        return None
    return low, high


def share_witness(
    numerator: Interval | None, denominator: Interval, target: Interval, ratio: bool = False
) -> Witness | None:
    """The smallest denominator, and its numerators, that give a percent inside ``target``
    (above 100% only as a ``ratio`` of two printed counts).

    >>> from partybuild_metrics.claims.numbers import parse_count as c
    >>> share_witness(c("2843.1万").interval, c("9671.2万").interval, Interval(Fraction(2935, 100), Fraction(2945, 100)))
    Witness(denominator=96711500, numerator_low=28430500, numerator_high=28431500)
    """
    bounds = _ratio_bounds(target, ratio)
    d_low, d_high = denominator.integers()
    n_low, n_high = numerator.integers() if numerator is not None else (0, None)
    if bounds is None or (d_high is not None and d_high < 1):
        return None
    return smallest_fraction(
        bounds[0], bounds[1], max(n_low or 0, 0), n_high, max(d_low or 1, 1), d_high
    )


def check_share(
    numerator: PublishedNumber | None,
    denominator: PublishedNumber | None,
    percent: PublishedNumber | None,
    modes: tuple[str, ...] = ALL_MODES,
) -> Consistency:
    """Does numerator ÷ denominator round to the printed percent, and under which modes?

    Decided on the bounds of the intervals in a few exact comparisons (lattice points
    counted with floor sums where the target is narrow), so a 20-digit figure costs as
    little as a 3-digit one. Witnesses are the first few numerators that work, with the
    smallest denominator that works (in ``denominators`` when it was not printed exactly).

    >>> from partybuild_metrics.claims.published import parse_count, parse_decimal
    >>> result = check_share(parse_count("133"), parse_count("205"), parse_decimal("64.8"))
    >>> result.verdict, result.consistent_modes
    ('consistent', ('truncate', 'floor'))
    >>> no_numerator = check_share(None, parse_count("205"), parse_decimal("64.8"))
    >>> no_numerator.witnesses  # no n/205 rounds half up to 64.8: 133/205 = 64.878…
    {'truncate': [133], 'floor': [133]}
    """
    if denominator is None:
        return _share_without_denominator(numerator, percent, modes)
    if percent is None:
        if numerator is None:
            return _untestable("neither numerator nor percent", "既无分子也无百分比")
        possible = (
            share_witness(
                numerator.interval, denominator.interval, Interval(Fraction(0), Fraction(100))
            )
            is not None
        )
        return _all_or_none(
            possible,
            "numerator within [0, denominator]"
            if possible
            else "numerator exceeds the denominator",
            "分子不超过分母" if possible else "分子大于分母",
        )
    # with no numerator, a denominator of 100 ÷ step or more (1000 for one decimal) gives
    # every percent on the step's grid: each is k of them, so every value fits
    d_top = _least_top(denominator)
    if (
        numerator is None and _rounded_figure(percent) and (d_top is None or d_top > 0)
        and (d_top is None or Fraction(100, d_top) <= percent.step) and 0 <= percent.value <= 100
    ):  # fmt: skip
        # the words of the column-wise path's messages, so that both paths say the same
        return _untestable(
            f"the denominator is so large that every {_step_words(percent)} percent is possible",
            f"分母过大,任何{_step_words_zh(percent)}的百分比都可能出现",
        )
    consistent: list[str] = []
    witnesses: dict[str, list[int]] = {}
    denominators: dict[str, int] = {}
    if numerator is not None and _amounts(numerator, denominator):
        # amounts of money need not be whole: n ÷ d over the two intervals, no witnesses
        consistent = [
            m for m in modes
            if _ratio_meets(
                _count_interval(numerator, m), _count_interval(denominator, m),
                rounded_interval(percent, m),
            )
        ]  # fmt: skip
        modes = ()
    for mode in modes:  # counts in 万 rounded by the mode too, as the percent is
        found = share_witness(
            _count_interval(numerator, mode) if numerator is not None else None,
            _count_interval(denominator, mode),
            rounded_interval(percent, mode),
            ratio=numerator is not None,
        )
        if found is None:
            continue
        consistent.append(mode)
        witnesses[mode] = list(
            range(
                found.numerator_low,
                min(found.numerator_high, found.numerator_low + MAX_WITNESSES - 1) + 1,
            )
        )
        if not denominator.exact:
            denominators[mode] = found.denominator
    if consistent:
        return Consistency(
            "consistent", tuple(consistent), witnesses,
            f"fits under {', '.join(consistent)}", f"在{'、'.join(consistent)}下一致",
            rounding_matters=by_mode(numerator, denominator) or _rounded_figure(percent), denominators=denominators,
        )  # fmt: skip
    return Consistency(
        "inconsistent", (), {},
        f"{percent.text} cannot come from these counts under any rounding mode",
        f"在任何舍入方式下,{percent.text}都不能由这些数得到",
        rounding_matters=by_mode(numerator, denominator) or _rounded_figure(percent),
    )  # fmt: skip


def _amounts(numerator: PublishedNumber, denominator: PublishedNumber) -> bool:
    """Whether a share is of amounts that need not be whole (人均工资性收入2715元 of 15294元),
    both bounded and the whole positive."""
    if numerator.unit not in _MEASURES and denominator.unit not in _MEASURES:
        return False
    n, d = numerator.interval, denominator.interval
    return None not in (n.low, n.high, d.low, d.high) and d.low > 0 and n.low >= 0  # type: ignore[operator]


def _ratio_meets(numerator: Interval, denominator: Interval, target: Interval) -> bool:
    """Whether some n ÷ d × 100, n and d real values of the two bounded intervals, lies in
    ``target``: the quotients fill [n_low ÷ d_high, n_high ÷ d_low].

    >>> i = lambda a, b: Interval(Fraction(a), Fraction(b))
    >>> _ratio_meets(i("2714.5", "2715.5"), i("15293.5", "15294.5"), i("17.65", "17.75"))
    True
    >>> _ratio_meets(i(2715, 2715), i(15294, 15294), i("17.65", "17.75"))
    False
    """
    assert numerator.low is not None and numerator.high is not None
    assert denominator.low is not None and denominator.high is not None
    quotients = Interval(
        100 * numerator.low / denominator.high,
        100 * numerator.high / denominator.low,
        numerator.low_open or denominator.high_open,
        numerator.high_open or denominator.low_open,
    )
    return _overlap(quotients, target)


def _share_without_denominator(
    numerator: PublishedNumber | None, percent: PublishedNumber | None, modes: tuple[str, ...]
) -> Consistency:
    """A count and its percent with no denominator printed: is there a whole denominator?

    "133个村…占比达64.8%": 133/d rounds half up to 64.8% for no whole d (133/205 =
    64.878…%, 133/206 = 64.56…%), so the pair is a finding on its own. When the count is so
    large that some whole denominator always fits, the pair cannot be tested.

    >>> from partybuild_metrics.claims.published import parse_count, parse_decimal
    >>> check_share(parse_count("133"), None, parse_decimal("64.8")).consistent_modes
    ('truncate', 'floor')
    >>> check_share(parse_count("147"), None, parse_decimal("71.7")).denominators["half_up"]
    205
    >>> check_share(parse_count("129"), None, parse_decimal("50.7")).consistent_modes  # 129/254 = 50.79%, 129/255 = 50.59%
    ('truncate', 'floor')
    """
    if numerator is None or percent is None or not _rounded_figure(percent):
        return _untestable("no denominator: the share cannot be tested", "无分母,无法检验")
    # Untestable when every percent would fit: from a count of 100 ÷ step or more (1000
    # for one decimal) the shares n ÷ d, d ≥ n, lie closer together than one step, so
    # each step of [0, 100] holds one under every mode. Below that, decided mode by mode;
    # a percent below 0 or above 100 is no share at all.
    n_top = _least_top(numerator)
    # a percent of 0 is decided mode by mode: no count above 0 is 0% rounded up
    if 0 < percent.value <= 100 and (n_top is None or n_top * percent.step >= 100):
        return _untestable(
            f"no denominator printed, and from a count this large every {_step_words(percent)} percent comes from some whole denominator",
            f"未给出分母,且此数量下任何{_step_words_zh(percent)}的百分比都有整数分母可得到",
        )
    consistent: list[str] = []
    witnesses: dict[str, list[int]] = {}
    denominators: dict[str, int] = {}
    for mode in modes:
        found = share_witness(
            _count_interval(numerator, mode),
            Interval(Fraction(1), None),
            rounded_interval(percent, mode),
        )
        if found is None:
            continue
        consistent.append(mode)
        witnesses[mode] = [found.numerator_low]
        denominators[mode] = found.denominator
    if consistent:
        shown = ", ".join(f"{denominators[m]} ({m})" for m in consistent)
        return Consistency(
            "consistent", tuple(consistent), witnesses,
            f"no denominator printed; whole denominators that give it: {shown}",
            f"未给出分母;可得到该百分比的整数分母:{shown}",
            rounding_matters=True, denominators=denominators,
        )  # fmt: skip
    return Consistency(
        "inconsistent", (), {},
        f"{percent.text} cannot come from {numerator.text} over any whole denominator",
        f"{numerator.text}除以任何整数都得不到{percent.text}",
        rounding_matters=True,
    )  # fmt: skip


def _step_words(number: PublishedNumber) -> str:
    return f"{number.decimals}-decimal" if number.step <= 1 else f"step-{number.step}"


def _step_words_zh(number: PublishedNumber) -> str:
    return f"{number.decimals}位小数" if number.step <= 1 else f"步长为{number.step}"


def _untestable(message_en: str, message_zh: str) -> Consistency:
    """Every value fits: not testable, and so consistent with every mode."""
    return Consistency("not_testable", ALL_MODES, {}, message_en, message_zh)


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
        return _untestable("the sample size is not an exact count", "样本量不是确切的整数")
    cases = n_low * items
    if cases <= 0:  # no values have no mean to print
        return _all_or_none(
            False, "a mean of no values (the sample size is 0)", "样本量为0,没有均值"
        )
    if not value.printed:
        return _untestable("a qualified mean fits any sum", "有限定词的均值无法检验")
    if Fraction(1, cases) <= value.step:
        return _untestable(
            f"with {cases} integers every {_step_words(value)} mean is possible",
            f"{cases}个整数的均值可取任何{_step_words(value)}的值",
        )
    consistent: list[str] = []
    witnesses: dict[str, list[int]] = {}
    for mode in modes:
        target = rounded_interval(value, mode)
        low, high = _scaled_integers(target, Fraction(cases))
        if low <= high:
            consistent.append(mode)
            witnesses[mode] = list(range(low, min(high, low + MAX_WITNESSES - 1) + 1))
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


def _add(a: Interval, b: Interval) -> Interval:
    return Interval(
        None if a.low is None or b.low is None else a.low + b.low,
        None if a.high is None or b.high is None else a.high + b.high,
        a.low_open or b.low_open,
        a.high_open or b.high_open,
    )


def _negate(a: Interval) -> Interval:
    return Interval(
        None if a.high is None else -a.high,
        None if a.low is None else -a.low,
        a.high_open,
        a.low_open,
    )


def check_parts_sum(
    parts: list[PublishedNumber], total: PublishedNumber, signs: list[int] | None = None
) -> Consistency:
    """Can the listed parts, each added or subtracted, make the stated total?

    ``signs`` holds +1 or -1 per part (inclusion–exclusion: members of the Party
    committee + members of the villagers' committee − those on both = the people on
    the two committees). Counts printed in 万 add as their intervals.

    >>> from partybuild_metrics.claims.published import parse_count
    >>> check_parts_sum([parse_count("201"), parse_count("484"), parse_count("359")], parse_count("1044")).verdict
    'consistent'
    >>> check_parts_sum([parse_count(x) for x in ("71821", "70690", "18659")], parse_count("123852"), [1, 1, -1]).witnesses
    {'sum': [123852]}
    """
    signs = signs or [1] * len(parts)

    def summed(interval_of: Callable[[PublishedNumber], Interval]) -> Interval:
        sums = Interval(Fraction(0), Fraction(0))
        for part, sign in zip(parts, signs, strict=True):
            interval = interval_of(part)
            sums = _add(sums, interval if sign > 0 else _negate(interval))
        return sums

    sums = summed(lambda number: number.interval)
    # A count printed in 万 is rounded at its last digit by the habit of its source: each
    # mode takes its own side of a tie (1.975万 is 1.98万 half up, 1.97万 half down).
    rounded = any(by_mode(n) for n in (*parts, total))
    under = {
        mode: (summed(functools.partial(_count_interval, mode=mode)), _count_interval(total, mode))
        for mode in ALL_MODES
    }
    modes = tuple(mode for mode in ALL_MODES if _overlap(*under[mode]))
    exact = sums.low is not None and sums.low == sums.high and sums.low.denominator == 1
    return Consistency(
        "consistent" if modes else "inconsistent",
        modes,
        {"sum": [int(sums.low)]} if exact and sums.low is not None else {},
        f"parts sum to {sums}, total {total.interval}",
        f"各部分之和为{sums},总数为{total.interval}",
        rounding_matters=rounded,
        under={
            mode: (f"parts sum to {a}, total {b}", f"各部分之和为{a},总数为{b}")
            for mode, (a, b) in under.items()
        }
        if rounded
        else {},
    )


_MEASURES: Final = frozenset({"元", "美元", "天", "小时", "岁", *MEASURED})
"""Units of amounts that need not be whole (money has jiao and fen); every other unit,
and none, counts whole things."""


def _count_interval(number: PublishedNumber, mode: str) -> Interval:
    """The true values of a count under ``mode``: rounded ones (万, 亿) by the mode, the
    rest (exact, qualified) as they stand; of a count of whole things, only its whole
    numbers (100余 is 101 or more, 1万 rounded half up 5000 to 14999)."""
    interval = rounded_interval(number, mode) if by_mode(number) else number.interval
    if number.kind != "number" or number.unit in _MEASURES or number.value.denominator != 1:
        return interval
    low, high = interval.integers()
    return Interval(
        None if low is None else Fraction(low), None if high is None else Fraction(high)
    )


def _least_top(number: PublishedNumber) -> int | None:
    """The largest value a count stands for under every mode (ceiling's, for one in 万);
    None when it has no top ("1000余")."""
    tops = [_count_interval(number, mode).integers()[1] for mode in ALL_MODES]
    return None if None in tops else min(top for top in tops if top is not None)


def check_bound(part: PublishedNumber, whole: PublishedNumber) -> Consistency:
    """A part cannot exceed its whole.

    >>> from partybuild_metrics.claims.published import parse_count
    >>> check_bound(parse_count("1678"), parse_count("1458")).verdict
    'inconsistent'
    """
    whole_values = _count_interval(whole, "half_up")  # neither is rounded by a mode
    ok = _overlap(
        _count_interval(part, "half_up"),
        Interval(Fraction(0), whole_values.high, high_open=whole_values.high_open),
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
    if (
        change_points.value == 0 and "持平" in change_points.text
    ):  # no change at the shares' last digit
        change_points = dataclasses.replace(
            change_points,
            step=min(before.step, after.step),
            decimals=max(before.decimals, after.decimals),
        )
    printed_difference = after.value - before.value
    all_printed = before.printed and after.printed and change_points.printed
    consistent: list[str] = []
    for mode in modes:
        if all_printed and printed_difference == change_points.value:
            consistent.append(mode)
            continue
        true_change = _add(rounded_interval(after, mode), _negate(rounded_interval(before, mode)))
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
    named = change_points.text.strip()
    unit_en, unit_zh = ("", "") if says_its_unit(named) else (" points", "个百分点")
    return Consistency(
        "inconsistent", (), witness,
        f"{after.text} − {before.text} = {float(printed_difference):g}, not {named}{unit_en} under any mode",
        f"{after.text}−{before.text}={float(printed_difference):g},任何舍入方式下都不是{named}{unit_zh}",
    )  # fmt: skip


def says_its_unit(change: str) -> bool:
    """Whether a change in points says so itself ("提高7.3个百分点", "持平"), so that
    "points" is not written after it again.

    >>> says_its_unit("提高7.3个百分点"), says_its_unit("7.3")
    (True, False)
    """
    return change.strip().endswith(("百分点", "points", "point", "pp", "持平"))


def _corners(
    previous: Interval | None, current: Interval | None, increase: Interval | None
) -> list[tuple[Fraction, Fraction]] | None:
    """The vertices (previous, increase) of the region the three counts allow; None if empty.

    previous ∈ P, increase ∈ I and previous + increase ∈ C, with every interval bounded.
    """
    boxes = [b for b in (previous, current, increase) if b is not None]
    if any(b.low is None or b.high is None for b in boxes):
        raise _Unbounded
    if previous is None:  # previous = current − increase
        assert current is not None and increase is not None
        previous = _add(current, _negate(increase))
    if increase is None:
        assert current is not None
        increase = _add(current, _negate(previous))
    if current is None:
        current = _add(previous, increase)
    assert previous.low is not None and previous.high is not None
    assert increase.low is not None and increase.high is not None
    assert current.low is not None and current.high is not None
    candidates = [
        (p, i) for p in (previous.low, previous.high) for i in (increase.low, increase.high)
    ]
    for c in (current.low, current.high):
        candidates += [(p, c - p) for p in (previous.low, previous.high)]
        candidates += [(c - i, i) for i in (increase.low, increase.high)]
    inside = [
        (p, i) for p, i in candidates
        if previous.low <= p <= previous.high and increase.low <= i <= increase.high
        and current.low <= p + i <= current.high
    ]  # fmt: skip
    return inside or None


class _Unbounded(Exception):
    pass


def _meet(a: Interval, b: Interval) -> Interval | None:
    """The values two intervals share; None when they share none."""
    if not _overlap(a, b):
        return None
    low, low_open = a.low, a.low_open
    if b.low is not None and (low is None or b.low > low or (b.low == low and b.low_open)):
        low, low_open = b.low, b.low_open
    high, high_open = a.high, a.high_open
    if b.high is not None and (high is None or b.high < high or (b.high == high and b.high_open)):
        high, high_open = b.high, b.high_open
    return Interval(low, high, low_open, high_open)


Levels = tuple[Interval | None, Interval | None, Interval | None]


def _one_side_settled(
    previous: Interval | None, current: Interval | None, increase: Interval | None
) -> Levels | None:
    """The three figures of a growth with one bounded on one side only ("减少8000多万人")
    narrowed to what the other two make of it; None when they make none of it.

    >>> from partybuild_metrics.claims.numbers import parse_count as c, parse_change as r
    >>> _one_side_settled(c("9899万").interval, c("1660万").interval, r("减少8000多万").interval)[2]
    Interval(low=Fraction(-82400000, 1), high=Fraction(-82380000, 1), low_open=False, high_open=False)
    >>> _one_side_settled(c("9899万").interval, c("1660万").interval, r("减少9000多万").interval) is None
    True
    """
    figures = [previous, current, increase]
    loose = [
        i for i, f in enumerate(figures) if f is not None and (f.low is None or f.high is None)
    ]
    if None in figures or len(loose) != 1:
        return previous, current, increase
    assert previous is not None and current is not None and increase is not None
    made = [
        _add(current, _negate(increase)),
        _add(previous, increase),
        _add(current, _negate(previous)),
    ][loose[0]]
    loose_figure = figures[loose[0]]
    assert loose_figure is not None
    narrowed = _meet(made, loose_figure)
    if narrowed is None:
        return None
    figures[loose[0]] = narrowed
    return figures[0], figures[1], figures[2]


def check_growth(
    previous: PublishedNumber | None,
    current: PublishedNumber | None,
    increase: PublishedNumber | None,
    rate: PublishedNumber | None,
    modes: tuple[str, ...] = ALL_MODES,
) -> Consistency:
    """Do a total, the one before it, the net increase and the growth rate agree?

    current = previous + increase, and rate = increase ÷ previous × 100, so a communiqué's
    "党员总数为9671.2万名, 比上年净增343.4万名, 增幅为3.7%" is 343.4 ÷ (9671.2 − 343.4).
    Any three of the four figures are checked; counts printed in 万 count as their
    intervals; "翻一番" is a rate of 100%.

    >>> from partybuild_metrics.claims.numbers import parse_count as c, parse_change as r
    >>> check_growth(None, c("9671.2万"), r("343.4万"), r("3.7%")).consistent_modes  # 3.68…%
    ('half_up', 'half_even', 'half_down', 'ceiling')
    >>> check_growth(None, c("9671.2万"), r("343.4万"), r("3.5%")).verdict
    'inconsistent'
    """

    def counts_under(mode: str) -> Levels:  # each count as the mode rounded it
        return (
            _count_interval(previous, mode) if previous else None,
            _count_interval(current, mode) if current else None,
            _count_interval(increase, mode) if increase else None,
        )

    if rate is not None and rate.kind == "times":  # 翻一番: × 2, a rise of 100%
        lifted = Interval(
            None if rate.interval.low is None else (rate.interval.low - 1) * 100,
            None if rate.interval.high is None else (rate.interval.high - 1) * 100,
            rate.interval.low_open, rate.interval.high_open,
        )  # fmt: skip
        targets = dict.fromkeys(modes, lifted)
    elif rate is not None:
        targets = {mode: rounded_interval(rate, mode) for mode in modes}
    consistent: list[str] = []
    rates: dict[str, tuple[Fraction, Fraction]] = {}
    missed: dict[str, str] = {}  # a one-sided figure the rate puts out of reach, per mode
    # counts of whole things (not money, land or time), and a rate printed as a percent
    whole = (
        rate is not None
        and rate.kind == "percent"
        and all(
            f is None or (f.unit not in _MEASURES and f.value.denominator == 1)
            for f in (previous, current, increase)
        )
    )
    for mode in modes:
        levels = _one_side_settled(*counts_under(mode))
        try:
            if (
                levels is not None
                and _loose(levels)
                and rate is not None
                and rate.kind == "percent"
            ):
                # a figure bounded on one side ("突破1000万") is held to what the other and
                # the rate make of it: 958.7万 rising by 3.0% never passes 1000万
                levels, made = _held_to_rate(levels, targets[mode])
                if levels is None:
                    missed[mode] = str(made)
            corners = _corners(*levels) if levels is not None else None
        except _Unbounded:
            return _untestable(
                "a figure is only bounded on one side", "有数字只有单侧界限,无法检验"
            )
        if corners is None:
            continue
        if rate is None:
            consistent.append(mode)
            continue
        if any(p <= 0 for p, _ in corners):
            return _untestable("the previous total may be 0 or less", "上年数可能为0")
        ratios = [i * 100 / p for p, i in corners]
        rates[mode] = (min(ratios), max(ratios))
        fits = _overlap(Interval(*rates[mode]), targets[mode])
        if fits and whole:  # a few small whole counts: is a rate of two of them inside?
            fits = _whole_rate(levels, targets[mode], rate.step)  # type: ignore[arg-type]
        if fits:
            consistent.append(mode)
    rounded = by_mode(previous, current, increase)
    sums: dict[str, tuple[str, str]] = {}  # what the counts come to under each mode
    for mode in modes if rounded and None not in (previous, current, increase) else ():
        p, c, i = counts_under(mode)
        assert p is not None and c is not None and i is not None
        sums[mode] = (
            f"previous + increase is {_add(p, i)}, current {c}",
            f"上年数加增量为{_add(p, i)},本年数为{c}",
        )
    if rate is not None and missed and not rates and not consistent:
        shown = missed.get("half_up") or next(iter(missed.values()))
        return Consistency(
            "inconsistent", (), {},
            f"the rate makes the other total {shown}, which the printed bound excludes",
            f"由增幅得另一总数{shown},超出所印界限",
            rounding_matters=True,
            under={m: (f"the rate makes the other total {v}", f"由增幅得另一总数{v}") for m, v in missed.items()},
        )  # fmt: skip
    if rate is None or not rates:  # the counts alone, or counts that do not add up
        added = bool(consistent)
        under = sums
        return Consistency(
            "consistent" if added else "inconsistent", tuple(consistent), {},
            f"previous + increase {'=' if added else '≠'} current",
            f"上年数加增量{'等于' if added else '不等于'}本年数",
            rounding_matters=rounded, under=under,
        )  # fmt: skip
    low = min(r[0] for r in rates.values())
    high = max(r[1] for r in rates.values())
    implied = f"{float(low):.4g}%…{float(high):.4g}%"
    under = {  # a mode whose counts do not add up says so, the others the rate they give
        **sums,
        **{
            mode: (
                f"the counts give a rate of {float(a):.4g}%…{float(b):.4g}%",
                f"由各数得增幅{float(a):.4g}%…{float(b):.4g}%",
            )
            for mode, (a, b) in rates.items()
        },
    }
    matters = rounded or (_rounded_figure(rate) and rate.kind != "times")
    if consistent:
        return Consistency(
            "consistent", tuple(consistent), {},
            f"the counts give a rate of {implied}; fits under {', '.join(consistent)}",
            f"由各数得增幅{implied},在{'、'.join(consistent)}下一致",
            rounding_matters=matters, under=under,
        )  # fmt: skip
    return Consistency(
        "inconsistent", (), {},
        f"the counts give a rate of {implied}, not {rate.text} under any rounding mode",
        f"由各数得增幅{implied},任何舍入方式下都不是{rate.text}",
        rounding_matters=matters, under=under,
    )  # fmt: skip


def _held_to_rate(levels: Levels, target: Interval) -> tuple[Levels | None, Interval]:
    """The growth's figures with the loose one met with what the other and the rate make
    of it (None when they meet nowhere), and what they make of it."""
    loose, made = _made_by_rate(levels, target)
    figure = levels[loose]
    assert figure is not None
    met = _meet(made, figure)
    if met is None:
        return None, made
    return ((met, levels[1], None) if loose == 0 else (levels[0], met, None)), made


def _loose(levels: Levels) -> bool:
    """Whether a figure of the growth is bounded on one side only ("突破1000万")."""
    return any(f is not None and (f.low is None or f.high is None) for f in levels)


def _made_by_rate(levels: Levels, target: Interval) -> tuple[int, Interval]:
    """Which figure is loose (0 the previous total, 1 the current) and what the other and
    the rate make of it: current = previous × (1 + rate), previous = current ÷ (1 + rate).
    Raises _Unbounded when they cannot bound it (an increase given too, a rate with no
    end, a total that may be 0 or less)."""
    previous, current, increase = levels
    if increase is not None or previous is None or current is None:
        raise _Unbounded
    if target.low is None or target.high is None or target.low <= -100:
        raise _Unbounded
    low, high = 1 + target.low / 100, 1 + target.high / 100
    if previous.low is not None and previous.high is not None and previous.low > 0:
        return 1, Interval(previous.low * low, previous.high * high)
    if current.low is not None and current.high is not None and current.low > 0:
        return 0, Interval(current.low / high, current.high / low)
    raise _Unbounded


_WHOLE_RATES: Final = 5000
"""Whole previous totals walked one by one, when they are fewer than this and small
enough that the rates of whole counts lie further apart than the printed rate's step."""


def _whole_rate(levels: Levels, target: Interval, step: Fraction) -> bool:
    """Whether whole counts previous p, increase i, p + i within ``levels`` give a rate
    i ÷ p × 100 inside ``target``. Decided by walking p when its values are few and small
    (below 100 ÷ step, where the rates of whole counts are coarser than the step: 80 and
    65…74 give −18.75%, −17.5%, …, none of them 16.1); otherwise the corners' answer
    stands, as every rate between them is then met closely enough."""
    previous, current, increase = levels
    assert current is not None or (previous is not None and increase is not None)
    if previous is None:
        assert current is not None and increase is not None
        previous = _add(current, _negate(increase))
    low, high = previous.integers()
    if low is None or high is None or high - low >= _WHOLE_RATES or low * step >= 100:
        return True
    i_low, i_high = (None, None) if increase is None else increase.integers()
    c_low, c_high = (None, None) if current is None else current.integers()
    for p in range(max(low, 1), high + 1):
        bounds = Interval(
            None if target.low is None else target.low * p / 100,
            None if target.high is None else target.high * p / 100,
            target.low_open, target.high_open,
        ).integers()  # fmt: skip
        lows = [
            x for x in (bounds[0], i_low, None if c_low is None else c_low - p) if x is not None
        ]
        highs = [
            x for x in (bounds[1], i_high, None if c_high is None else c_high - p) if x is not None
        ]
        if (not lows or not highs) or max(lows) <= min(highs):
            return True
    return False


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
