"""partybuild_metrics: party-building and rural-revitalisation indicators from village records.

>>> import partybuild_metrics as pbm
>>> pbm.EDUCATION_LEVELS[3]
'大专'
"""

from typing import TYPE_CHECKING

from partybuild_metrics._lazy import lazy_names
from partybuild_metrics._version import __version__
from partybuild_metrics.errors import InputError, NoDataWarning, PartybuildError, ValidationError

if TYPE_CHECKING:
    from partybuild_metrics import claims, indicators, plots
    from partybuild_metrics.claims.entry import check_claims, check_claims_leniently
    from partybuild_metrics.claims.extract import extract_claims, read_document
    from partybuild_metrics.claims.model import load_claims
    from partybuild_metrics.claims.problems import ClaimFileError, ClaimProblem
    from partybuild_metrics.claims.table import read_claims_table
    from partybuild_metrics.claims.text_report import check_document, highlighted_html
    from partybuild_metrics.indicators import (
        Indicator,
        IndicatorTable,
        catalogue,
        change_between,
        compute,
        display_name,
    )
    from partybuild_metrics.records.dataset import Dataset, read_dataset, read_frames
    from partybuild_metrics.records.schemas import TABLES, columns_of
    from partybuild_metrics.records.vocabularies import EDUCATION_LEVELS, parse_posts
    from partybuild_metrics.report import Report, build_report
    from partybuild_metrics.rounding import format_percent, round_share
    from partybuild_metrics.synth.sample import sample_county, write_sample

# Each name is imported when first used, so that a command that checks a report's text
# does not wait for the records' validation (pandera), the engine (Ibis) or matplotlib.
__getattr__ = lazy_names(
    __name__,
    {
        **dict.fromkeys(["claims", "indicators", "plots"], ""),
        "check_claims": "claims.entry",
        "check_claims_leniently": "claims.entry",
        "ClaimFileError": "claims.problems",
        "ClaimProblem": "claims.problems",
        "read_claims_table": "claims.table",
        "extract_claims": "claims.extract",
        "read_document": "claims.extract",
        "load_claims": "claims.model",
        "check_document": "claims.text_report",
        "highlighted_html": "claims.text_report",
        **dict.fromkeys(
            [
                "Indicator",
                "IndicatorTable",
                "catalogue",
                "change_between",
                "compute",
                "display_name",
            ],
            "indicators",
        ),
        **dict.fromkeys(["Dataset", "read_dataset", "read_frames"], "records.dataset"),
        **dict.fromkeys(["TABLES", "columns_of"], "records.schemas"),
        **dict.fromkeys(["EDUCATION_LEVELS", "parse_posts"], "records.vocabularies"),
        **dict.fromkeys(["Report", "build_report"], "report"),
        **dict.fromkeys(["format_percent", "round_share"], "rounding"),
        **dict.fromkeys(["sample_county", "write_sample"], "synth.sample"),
    },
)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "EDUCATION_LEVELS",
    "TABLES",
    "ClaimFileError",
    "ClaimProblem",
    "Dataset",
    "Indicator",
    "IndicatorTable",
    "InputError",
    "NoDataWarning",
    "PartybuildError",
    "Report",
    "ValidationError",
    "__version__",
    "build_report",
    "catalogue",
    "change_between",
    "check_claims",
    "check_claims_leniently",
    "check_document",
    "claims",
    "columns_of",
    "compute",
    "display_name",
    "extract_claims",
    "format_percent",
    "highlighted_html",
    "indicators",
    "load_claims",
    "parse_posts",
    "plots",
    "read_claims_table",
    "read_dataset",
    "read_document",
    "read_frames",
    "round_share",
    "sample_county",
    "write_sample",
]
