"""Which unit a report or chart is about, and the level below it."""

from __future__ import annotations

from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS, level_of_code


def top_unit(
    dataset: Dataset, code: str | None = None, level: str | None = None
) -> tuple[str, str]:
    """(code, level) of ``code``, or of the one unit at ``level`` (default: the lowest
    level at which one unit holds every village in the data).

    >>> import partybuild_metrics as pbm
    >>> top_unit(pbm.read_dataset("data/sample/parquet"))
    ('210283', 'county')
    """
    if code is not None:
        if not level_of_code(str(code)):
            raise ValueError(f"`code` must have 2, 4, 6, 9 or 12 digits, got '{code}'")
        return str(code), level_of_code(str(code))
    villages = dataset.villages["village_code"].astype(str)
    if villages.empty:
        raise ValueError("the dataset has no villages")
    if level is not None and level not in DIVISION_LEVELS:
        allowed = ", ".join(f"'{lv}'" for lv in DIVISION_LEVELS)
        raise ValueError(f"`level` must be one of {allowed}, got '{level}'")
    for candidate in (level,) if level else ("township", "county", "city", "province"):
        prefixes = sorted(villages.str[: DIVISION_LEVELS[candidate]].unique())
        if len(prefixes) == 1:
            return str(prefixes[0]), candidate
        if level:
            shown = ", ".join(prefixes[:10]) + (" …" if len(prefixes) > 10 else "")
            raise ValueError(
                f"the villages lie in {len(prefixes)} units at level '{level}' ({shown}); pass `code`"
            )
    raise ValueError("the villages span several provinces; pass `code`")


def level_below(level: str) -> str | None:
    """The next level down, or None below villages.

    >>> level_below("county"), level_below("village")
    ('township', None)
    """
    levels = list(DIVISION_LEVELS)
    position = levels.index(level)
    return levels[position + 1] if position + 1 < len(levels) else None
