"""Charts: every chart renders Chinese without missing glyphs, shows values as printed, saves."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

import partybuild_metrics as pbm
from partybuild_metrics.plots import fonts

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "parquet"
CLAIMS = Path(__file__).parents[1] / "data" / "claims"


@pytest.fixture(scope="module")
def sample() -> pbm.Dataset:
    return pbm.read_dataset(SAMPLE)


@pytest.fixture(scope="module")
def table(sample: pbm.Dataset) -> pbm.IndicatorTable:
    return pbm.compute(sample, level=["county", "township"], progress=False)


@pytest.fixture(scope="module")
def results(sample: pbm.Dataset) -> pd.DataFrame:
    return pbm.check_claims(CLAIMS, sample)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def charts(
    sample: pbm.Dataset, table: pbm.IndicatorTable, results: pd.DataFrame
) -> dict[str, Callable[[str], Axes]]:
    return {
        "ranked_bar": lambda lang: pbm.plots.ranked_bar(table, "one_person_two_posts_share", lang=lang),
        "ranked_bar_negative": lambda lang: pbm.plots.ranked_bar(table, "income_growth", lang=lang),
        "trend": lambda lang: pbm.plots.trend(table, "income_at_least_5w_share", lang=lang),
        "income_tiers": lambda lang: pbm.plots.income_tiers(table, lang=lang),
        "income_tiers_by_year": lambda lang: pbm.plots.income_tiers(table, by="year", lang=lang),
        "age_pyramid": lambda lang: pbm.plots.age_pyramid(sample, lang=lang),
        "education_levels": lambda lang: pbm.plots.education_levels(sample, lang=lang),
        "claims_chart": lambda lang: pbm.plots.claims_chart(results, lang=lang),
    }  # fmt: skip


CHART_NAMES = [
    "ranked_bar", "ranked_bar_negative", "trend", "income_tiers", "income_tiers_by_year",
    "age_pyramid", "education_levels", "claims_chart",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_renders_every_glyph(
    name: str, lang: str, sample: pbm.Dataset, table: pbm.IndicatorTable,
    results: pd.DataFrame, tmp_path: Path,
) -> None:  # fmt: skip
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing")
        warnings.filterwarnings("error", category=fonts.FontWarning)
        ax = charts(sample, table, results)[name](lang)
        written = pbm.plots.save(ax, tmp_path / name)
    assert [p.suffix for p in written] == [".png", ".svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in written[1].read_text(encoding="utf-8")
    title = ax.get_title()
    if lang == "zh":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title), title
    else:  # English words; unit names such as 庄河市 stay as they are
        assert title[0].isascii() and title[0].isalpha(), title


def test_the_minus_sign_is_drawn(table: pbm.IndicatorTable) -> None:
    growth = table[(table["indicator"] == "income_growth") & (table["year"] == 2020)]
    assert (growth["value"] < 0).any(), "the sample needs a falling township for this test"
    ax = pbm.plots.ranked_bar(table, "income_growth", year=2020)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing")
        ax.figure.canvas.draw()
    assert any("\u2212" in label.get_text() for label in ax.get_xticklabels())


def test_values_are_labelled_as_the_report_prints_them(table: pbm.IndicatorTable) -> None:
    # the county's 133 / 205 = 64.878…% prints 64.9% under half_up and 64.8% truncated
    half_up = pbm.plots.ranked_bar(table, "one_person_two_posts_share", year=2020)
    truncated = pbm.plots.ranked_bar(
        table, "one_person_two_posts_share", year=2020, rounding="truncate"
    )
    assert half_up.get_lines()[0].get_label() == "庄河市 64.9%"
    assert truncated.get_lines()[0].get_label() == "庄河市 64.8%"
    rows = table[
        (table["indicator"] == "one_person_two_posts_share")
        & (table["year"] == 2020)
        & (table["level"] == "township")
    ]
    top = rows.sort_values(["value", "code"], ascending=[False, True]).iloc[0]
    labels = [t.get_text().strip() for t in half_up.texts]
    expected = f"{round(100 * top['numerator'] / top['denominator'], 1)}%"
    assert labels[-1] == expected  # the highest bar is drawn last, at the top
    assert half_up.get_yticklabels()[-1].get_text() == top["name"]


def test_a_chart_draws_on_the_axes_it_is_given(table: pbm.IndicatorTable) -> None:
    fig, (left, right) = plt.subplots(1, 2)
    assert pbm.plots.trend(table, "income_total", ax=left) is left
    assert pbm.plots.income_tiers(table, ax=right) is right
    assert len(fig.axes) == 2 + 0  # no hidden axes were added


def test_the_age_pyramid_counts_men_and_women(sample: pbm.Dataset) -> None:
    ax = pbm.plots.age_pyramid(sample, year=2020)
    men = -sum(p.get_width() for p in ax.patches[:8])
    women = sum(p.get_width() for p in ax.patches[8:])
    cadres = sample.cadres[(sample.cadres["year"] == 2020) & sample.cadres["birth_date"].notna()]
    assert (men, women) == (
        int((cadres["sex"] == "男").sum()),
        int((cadres["sex"] == "女").sum()),
    )
    # the oldest band, counted independently: born on or before 1959-12-31 → 61 or more
    old = cadres[cadres["birth_date"] <= pd.Timestamp(date(1959, 12, 31))]
    assert -ax.patches[7].get_width() == int((old["sex"] == "男").sum())


def test_the_claims_chart_colours_by_outcome(results: pd.DataFrame) -> None:
    ax = pbm.plots.claims_chart(results)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("one-person-two-posts")
    first_dot = next(line for line in ax.get_lines() if line.get_marker() == "o")
    assert first_dot.get_color() == pbm.plots.common.VERDICT_COLOURS["failed"]


def test_without_a_cjk_font_charts_warn_once_and_use_english(
    table: pbm.IndicatorTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    fonts._warn_no_font.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = pbm.plots.ranked_bar(table, "one_person_two_posts_share")
        pbm.plots.trend(table, "income_total")
        first.figure.canvas.draw()
    font_warnings = [w for w in caught if issubclass(w.category, fonts.FontWarning)]
    assert len(font_warnings) == 1 and "pip install" in str(font_warnings[0].message)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    name_en = pbm.indicators.get("one_person_two_posts_share").name_en
    assert first.get_title() == f"{name_en}, 2020"
    assert first.get_lines()[0].get_label() == "210283 64.9%"
    assert first.get_yticklabels()[0].get_text().isdigit()  # codes stand in for names
    fonts._warn_no_font.cache_clear()


def test_the_dependency_font_is_found_without_installed_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "INSTALLED_CJK_FAMILIES", ())
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    assert fonts.cjk_font.__wrapped__() == "Noto Sans CJK SC"


def test_errors_name_the_argument_and_the_way_out(table: pbm.IndicatorTable) -> None:
    with pytest.raises(ValueError, match="compute it first"):
        pbm.plots.ranked_bar(table[table["indicator"] != "female_share"], "female_share")
    with pytest.raises(ValueError, match="choose `category`"):
        pbm.plots.ranked_bar(table, "income_tier_share")
    with pytest.raises(ValueError, match="`year` must be one of 2017, 2018, 2019, 2020"):
        pbm.plots.ranked_bar(table, "female_share", year=2030)
    with pytest.raises(ValueError, match="`lang` must be one of"):
        pbm.plots.trend(table, "female_share", lang="fr")


def test_saved_charts_are_byte_identical(table: pbm.IndicatorTable, tmp_path: Path) -> None:
    first = pbm.plots.save(pbm.plots.income_tiers(table), tmp_path / "a")
    second = pbm.plots.save(pbm.plots.income_tiers(table), tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
