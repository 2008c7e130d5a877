"""Published figures beside what they were checked against: one row per claim."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from partybuild_metrics.claims.check import failed
from partybuild_metrics.plots.common import VERDICT_COLOURS, finish, new_axes
from partybuild_metrics.plots.fonts import chart_text, typography

LIMIT = 1000.0
"""Distances beyond this many units of the last printed digit are drawn at the edge."""

OUTCOME_WORDS = {
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "untested": ("无法检验", "not testable"),
}


def _outcome(results: pd.DataFrame) -> pd.Series:
    outcome = pd.Series("passed", index=results.index)
    outcome[results["verdict"] == "not_testable"] = "untested"
    outcome[failed(results)] = "failed"
    return outcome


def _units(values: pd.Series, results: pd.DataFrame) -> np.ndarray:
    """Distance from the printed figure in units of its last printed digit, clipped to ±LIMIT."""
    distance = (
        values.to_numpy(dtype=float) - results["printed_value"].to_numpy(dtype=float)
    ) / results["step"].to_numpy(dtype=float)
    clipped: np.ndarray = np.clip(distance, -LIMIT, LIMIT)
    return clipped


def claims_chart(results: pd.DataFrame, *, lang: str = "zh", ax: Axes | None = None) -> Axes:
    """Each checked claim as a row: the printed figure's interval and the value held against it.

    ``results`` is the frame of :func:`partybuild_metrics.check_claims`. The x axis is the
    distance from the printed figure in units of its last printed digit (symmetric log
    scale): the bar is the set of true values the figure stands for under the rounding
    mode checked, the dot the value recomputed from records (filled) or implied by the
    claim's other figures (hollow). Colour is the outcome: passed, failed, not testable.

    >>> import partybuild_metrics as pbm
    >>> results = pbm.check_claims("data/claims/000_zhuanghe_2020.yaml")
    >>> ax = pbm.plots.claims_chart(results)
    >>> len(ax.get_yticklabels()) == len(results)
    True
    """
    typo = typography(lang)
    if results.empty:
        raise ValueError("no claims to draw")
    outcome = _outcome(results)
    low = _units(results["interval_low"], results)
    high = _units(results["interval_high"], results)
    against = _units(results["against"], results)
    ax = new_axes(ax, (8.0, max(3.0, 0.3 * len(results) + 1.6)))
    positions = np.arange(len(results))
    for position, lo, hi, value, result, source in zip(
        positions, low, high, against, outcome, results["against_from"], strict=True
    ):
        colour = VERDICT_COLOURS[result]
        if lo == hi:  # an exact printed count: one point
            ax.plot([lo], [position], marker="|", markersize=12, color=colour, alpha=0.6)
        else:
            ax.plot([lo, hi], [position, position], color=colour, linewidth=5, alpha=0.35,
                    solid_capstyle="butt")  # fmt: skip
        if not np.isnan(value):
            ax.plot(
                [value], [position], marker="o", markersize=6, color=colour,
                markerfacecolor=colour if source == "records" else "white",
            )  # fmt: skip
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlim(-LIMIT * 1.5, LIMIT * 1.5)
    labels = [
        chart_text(f"{claim_id}  {published}", 40)
        for claim_id, published in zip(results["id"], results["published"], strict=True)
    ]
    ax.set_yticks(positions, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(
        typo.text(
            "与公布数字之差(以公布数字末位为单位,对称对数刻度)",
            "distance from the printed figure, in units of its last digit (symmetric log)",
        )
    )
    ax.set_title(typo.text("公布数字核对", "Published figures checked"))
    handles: list[Artist] = [
        Patch(color=VERDICT_COLOURS[key], alpha=0.6, label=typo.text(*words))
        for key, words in OUTCOME_WORDS.items()
    ]
    handles += [
        Line2D([], [], marker="o", linestyle="", color="black", label=typo.text("按记录重算", "recomputed from records")),
        Line2D([], [], marker="o", linestyle="", color="black", markerfacecolor="white",
               label=typo.text("由公布的其他数字推得", "implied by the other printed figures")),
    ]  # fmt: skip
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return finish(ax, typo)
