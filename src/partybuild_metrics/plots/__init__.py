"""Charts: one function per chart, each taking ``ax=None`` and returning the Axes.

Chinese labels by default (``lang="en"`` for English); values labelled as the report
prints them, rounded with an explicit mode. :func:`save` writes PNG and SVG.
"""

from partybuild_metrics.plots.cadre_charts import age_pyramid, education_levels
from partybuild_metrics.plots.claims_chart import claims_chart
from partybuild_metrics.plots.common import save
from partybuild_metrics.plots.fonts import FontWarning, cjk_font
from partybuild_metrics.plots.indicator_charts import income_tiers, ranked_bar, trend

__all__ = [
    "FontWarning",
    "age_pyramid",
    "cjk_font",
    "claims_chart",
    "education_levels",
    "income_tiers",
    "ranked_bar",
    "save",
    "trend",
]
