"""Is there a fraction n / d in a given range, with n and d in given ranges? Decided exactly, fast.

A share check asks for integers ``n`` and ``d`` with ``n_low ≤ n ≤ n_high``,
``d_low ≤ d ≤ d_high``, ``0 ≤ n ≤ d`` and ``n / d`` inside a target interval. Walking
every ``d`` costs time in proportion to the numbers (a denominator printed "9671.2万"
has a thousand candidates, each with ninety thousand numerators). Here the question is
answered with a few comparisons when the target is wide enough for every ``d`` to
hold an ``n``, and otherwise by counting lattice points with floor sums (AtCoder
Library's ``floor_sum``, O(log) in the size of the numbers) and a binary search for
the smallest ``d`` that works. The cost grows with the number of digits, never with
the numbers.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple


class Ratio(NamedTuple):
    """A bound of a ratio: the value and whether it is excluded."""

    value: Fraction
    open: bool


class Witness(NamedTuple):
    """The smallest denominator that works, and the numerators that work with it."""

    denominator: int
    numerator_low: int
    numerator_high: int


def floor_sum(n: int, m: int, a: int, b: int) -> int:
    """Σ_{i=0}^{n-1} ⌊(a·i + b) / m⌋ for m > 0 and any integers a, b, in O(log m) steps.

    >>> floor_sum(4, 3, 2, 1), sum((2 * i + 1) // 3 for i in range(4))
    (4, 4)
    >>> floor_sum(5, 7, -3, 2) == sum((-3 * i + 2) // 7 for i in range(5))
    True
    """
    total = 0
    if n <= 0:
        return 0
    if a < 0 or a >= m:
        total += (a // m) * n * (n - 1) // 2
        a %= m
    if b < 0 or b >= m:
        total += (b // m) * n
        b %= m
    while True:
        if a >= m:
            total += (a // m) * n * (n - 1) // 2
            a %= m
        if b >= m:
            total += (b // m) * n
            b %= m
        y_max = a * n + b
        if y_max < m:
            return total
        n, b, m, a = y_max // m, y_max % m, a, m


def _ceil_div(p: int, q: int) -> int:
    return -((-p) // q)


def _lowest(a: Ratio, d: int) -> int:
    """The smallest integer n with n ≥ a·d (n > a·d when open)."""
    p, q = a.value.numerator * d, a.value.denominator
    return p // q + 1 if a.open else _ceil_div(p, q)


def _highest(b: Ratio, d: int) -> int:
    """The largest integer n with n ≤ b·d (n < b·d when open)."""
    p, q = b.value.numerator * d, b.value.denominator
    return _ceil_div(p, q) - 1 if b.open else p // q


def _sum_lowest(a: Ratio, start: int, count: int) -> int:
    p, q = a.value.numerator, a.value.denominator
    if a.open:
        return floor_sum(count, q, p, p * start) + count
    return -floor_sum(count, q, -p, -p * start)


def _sum_highest(b: Ratio, start: int, count: int) -> int:
    p, q = b.value.numerator, b.value.denominator
    if b.open:
        return -floor_sum(count, q, -p, -p * start) - count
    return floor_sum(count, q, p, p * start)


def _points(a: Ratio, b: Ratio, start: int, count: int) -> int:
    """Lattice points (n, d) with a ≤ n/d ≤ b for d in [start, start + count)."""
    return _sum_highest(b, start, count) - _sum_lowest(a, start, count) + count


def smallest_fraction(
    a: Ratio,
    b: Ratio,
    n_low: int,
    n_high: int | None,
    d_low: int,
    d_high: int | None,
) -> Witness | None:
    """The smallest d in [d_low, d_high] with an n in [n_low, n_high] and a ≤ n / d ≤ b.

    ``a`` and ``b`` must lie in [0, 1] (so 0 ≤ n ≤ d), ``d_low ≥ 1``, ``n_low ≥ 0``;
    ``None`` is unbounded.

    >>> smallest_fraction(Ratio(Fraction(648, 1000), False), Ratio(Fraction(649, 1000), True), 0, None, 205, 205)
    Witness(denominator=205, numerator_low=133, numerator_high=133)
    >>> smallest_fraction(Ratio(Fraction(1, 2), False), Ratio(Fraction(1, 2), False), 0, None, 7, 7) is None
    True
    """
    if a.value > b.value or (a.value == b.value and (a.open or b.open)):
        return None
    if n_high is not None and n_low > n_high:
        return None
    if d_high is not None and d_low > d_high:
        return None
    # d from which n ≥ n_low is reachable (b·d ≥ n_low), and up to which n ≤ n_high is (a·d ≤ n_high)
    first = d_low
    if n_low > 0:
        if b.value == 0:
            return None
        bound = Fraction(n_low) / b.value
        first = max(
            first,
            bound.numerator // bound.denominator + 1
            if b.open
            else _ceil_div(bound.numerator, bound.denominator),
        )
    last = d_high
    if n_high is not None and a.value > 0:
        bound = Fraction(n_high) / a.value
        top = (
            _ceil_div(bound.numerator, bound.denominator) - 1
            if a.open
            else bound.numerator // bound.denominator
        )
        last = top if last is None else min(last, top)
    elif n_high is not None and a.open and n_high < 1:
        return None
    if last is not None and first > last:
        return None
    d = _first_with_integer(a, b, first, last)
    if d is None:
        return None
    low = max(n_low, _lowest(a, d))
    high = _highest(b, d) if n_high is None else min(n_high, _highest(b, d))
    return Witness(d, low, high) if low <= high else None


def _first_with_integer(a: Ratio, b: Ratio, first: int, last: int | None) -> int | None:
    """The smallest d in [first, last] with an integer n, a ≤ n/d ≤ b (openness as given)."""
    width = b.value - a.value
    if width == 0:  # a single ratio p/q: d must be a multiple of q
        q = a.value.denominator
        d = _ceil_div(first, q) * q
        return d if last is None or d <= last else None
    # from `always` on, the interval (a·d, b·d) is longer than 1 and holds an integer inside
    always = (1 / width).numerator // (1 / width).denominator + 1
    if first >= always:
        return first
    stop = always - 1 if last is None else min(last, always - 1)
    if stop >= first and _points(a, b, first, stop - first + 1) > 0:
        low, high = first, stop
        while low < high:  # the smallest end with a point at or before it
            middle = (low + high) // 2
            if _points(a, b, first, middle - first + 1) > 0:
                high = middle
            else:
                low = middle + 1
        return low
    if last is None or last >= always:
        return max(first, always)
    return None
