"""Vectorised parsers: a raw column as a clerk wrote it → typed values + a mask of bad cells.

Every parser takes a whole column (strings from CSV, Python objects from Excel, typed
values from Parquet) and returns :class:`Parsed`: the typed values, with missing cells
as NA, and ``bad``, True where a cell holds something that cannot be read. A blank cell
is missing, never bad and never False. Where the reason matters to the clerk,
``reason`` holds a key of :data:`partybuild_metrics.records.rules.REASONS`.

The functions on one cell (:func:`excel_error`) and on whole columns are the same rules;
any reading path (pandas here, a columnar engine elsewhere) can call them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd

from partybuild_metrics.records.vocabularies import (
    EDUCATION_ALIASES,
    EDUCATION_LEVELS,
    FALSE_WORDS,
    LEVEL_WORDS,
    SEX_WORDS,
    TRUE_WORDS,
    is_party_member,
    parse_posts,
)

EDUCATION_DTYPE = pd.CategoricalDtype(list(EDUCATION_LEVELS), ordered=True)
SEX_DTYPE = pd.CategoricalDtype(["男", "女"])
LEVEL_DTYPE = pd.CategoricalDtype(["province", "city", "county", "township", "village"])


class Parsed(NamedTuple):
    """Typed values, the mask of cells that could not be read, and why (where it helps)."""

    values: pd.Series
    bad: pd.Series
    reason: pd.Series | None = None
    """A reason key (with ``|``-separated arguments) where ``bad``, or None for the rule's own words."""


EXCEL_ERRORS: Final[frozenset[str]] = frozenset(
    {
        "#N/A", "#VALUE!", "#DIV/0!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
        "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
        "#BUSY!", "#UNKNOWN!",
    }
)  # fmt: skip
"""The error values Excel and WPS show in a cell whose formula failed (and write to CSV)."""
_CALC_ERROR = re.compile(r"Err:\d{3}")
"""LibreOffice's numbered errors (Err:502), which its CSV export writes as such."""
_ERROR_HINT = re.compile(r"^\s*(?:#|＃|Err:\d)")


def excel_error(cell: object) -> str | None:
    """The Excel error a cell holds (#N/A, #VALUE!, #DIV/0! …), or None.

    Spreadsheets write a failed formula's error as its text; it is never data, and never
    a blank.

    >>> excel_error("#N/A"), excel_error(" #div/0! "), excel_error("＃REF!"), excel_error("N/A")
    ('#N/A', '#DIV/0!', '#REF!', None)
    """
    if not isinstance(cell, str) or not _ERROR_HINT.match(cell):
        return None
    text = unicodedata.normalize("NFKC", cell).strip()
    upper = text.upper()
    if upper in EXCEL_ERRORS:
        return upper
    return text if _CALC_ERROR.fullmatch(text) else None


def all_text(values: pd.Series) -> bool:
    """True when a column of Python objects holds only strings (and blanks), as every
    column read from a CSV file does: the checks for numbers, dates, lists and unsaved
    formulas among its cells can be skipped. One pass in C.

    >>> all_text(pd.Series(["a", None], dtype=object)), all_text(pd.Series(["a", 1.5]))
    (True, False)
    """
    return values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in (
        "string",
        "empty",
    )


class UnsavedFormula:
    """A workbook cell holding a formula whose result was never saved (the workbook was
    written by a program and not opened in a spreadsheet since): it has no value to read.

    Not a string, so that a column holding one is never taken for plain text.
    """

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"UnsavedFormula({self.formula!r})"


def unsaved_formulas(values: pd.Series) -> pd.Series:
    """True where a cell is an :class:`UnsavedFormula`.

    >>> unsaved_formulas(pd.Series(["=1+1", UnsavedFormula("=1+1")], dtype=object)).tolist()
    [False, True]
    """
    if values.dtype != object or all_text(values):
        return _none_bad(values)
    return values.map(lambda cell: isinstance(cell, UnsavedFormula)).astype(bool)


_COMPOUND = (list, tuple, dict, set, frozenset, np.ndarray)


def compound_cells(values: pd.Series) -> pd.Series:
    """True where a cell holds a list, a record or an array (from Parquet or memory), not one value.

    >>> compound_cells(pd.Series(["a", ["b"], {"c": 1}, None])).tolist()
    [False, True, True, False]
    """
    if values.dtype != object or all_text(values):
        return _none_bad(values)
    return values.map(lambda cell: isinstance(cell, _COMPOUND)).astype(bool)


def excel_errors(values: pd.Series) -> pd.Series | None:
    """The Excel error of each cell that holds one, NA elsewhere (see :func:`excel_error`);
    None when no cell does.

    Typed columns (numbers, dates, booleans) hold none; text columns are searched, clean
    ones at the cost of one regex pass.

    >>> excel_errors(pd.Series(["是", "#N/A", None, 3.0])).tolist()
    [nan, '#N/A', nan, nan]
    >>> excel_errors(pd.Series(["是", "否"])) is None
    True
    """
    if isinstance(values.dtype, pd.StringDtype):
        maybe = values.str.match(_ERROR_HINT.pattern).fillna(False).to_numpy(dtype=bool)
        if not maybe.any():
            return None
        errors = pd.Series(np.nan, index=values.index, dtype="object")
        errors[maybe] = values[maybe].map(excel_error).to_numpy(dtype=object)
    elif values.dtype != object:
        return None
    elif all_text(values):
        # Only the cells that can begin an error are looked at: one pass of Arrow's regex.
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pa.array(values.to_numpy(), type=pa.string(), from_pandas=True)
        hint = pc.fill_null(pc.match_substring_regex(text, _ERROR_HINT.pattern), False)
        maybe = np.asarray(hint.to_numpy(zero_copy_only=False), dtype=bool)
        if not maybe.any():
            return None
        errors = pd.Series(np.nan, index=values.index, dtype="object")
        errors[maybe] = values[maybe].map(excel_error).to_numpy(dtype=object)
    else:
        errors = values.map(excel_error)
    return errors if errors.notna().any() else None


def _none_bad(values: pd.Series) -> pd.Series:
    """An all-False mask; zeroed pages cost nothing until written, which a clean column never is."""
    return pd.Series(np.zeros(len(values), dtype=bool), index=values.index, copy=False)


def _is_textual(values: pd.Series) -> bool:
    return values.dtype == object or isinstance(values.dtype, pd.StringDtype)


def as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped strings; blanks and NaN become NA; integral floats lose '.0'.

    >>> as_text(pd.Series([" 是 ", "", None, 210283101201.0])).tolist()
    ['是', nan, nan, '210283101201']
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    if values.dtype.kind == "f":
        # Floats hold whole numbers exactly below 2**53; codes (< 10**12) are far below.
        whole = values.notna() & (values.abs() < 1e15) & (values == np.floor(values))
        text = values.astype("str")
        text = text.where(~whole, values.where(whole).astype("Int64").astype("str"))
        return text.where(values.notna())
    if values.dtype.kind in "iub" or not _is_textual(values):
        return values.astype("str").where(values.notna())
    if isinstance(values.dtype, pd.StringDtype):
        text = values.str.strip()
        return text.where(text != "")
    if values.dtype == object and not all_text(values):
        is_float = values.map(lambda v: isinstance(v, float))
        if is_float.any():
            floats = pd.to_numeric(values.where(is_float), errors="coerce")
            values = values.where(~is_float, as_text(floats))
        is_bytes = values.map(lambda v: isinstance(v, bytes))
        if is_bytes.any():
            decoded = values[is_bytes].map(lambda v: v.decode("utf-8", errors="replace"))
            values = values.where(~is_bytes, decoded)
    text = values.astype("str").str.strip()
    text = text.where(values.notna() & (text != "") & (text != "nan") & (text != "None"))
    return text


_TEXT_MARKS = re.compile(r"^(?:'|=\"(.*)\"$)")


def unwrap_text(text: pd.Series) -> pd.Series:
    """Remove the marks clerks add to keep digits as text: a leading apostrophe, ``="…"``.

    >>> unwrap_text(pd.Series(["'210283101201", '="210283101201"', "210283"])).tolist()
    ['210283101201', '210283101201', '210283']
    """
    marked = text.str.match(_TEXT_MARKS.pattern).fillna(False).astype(bool)
    if not marked.any():
        return text
    unwrapped = text[marked].str.replace(r"^=\"(.*)\"$", r"\1", regex=True).str.lstrip("'")
    return text.mask(marked, unwrapped.str.strip())


_GROUPED_NUMBER: Final[str] = r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?"
"""A number whose commas set off groups of three digits: 1,234 / -12,345.6 / 1,234,567."""


def number_text(text: pd.Series) -> pd.Series:
    """Text of a number as pandas reads it: full-width digits and commas made ASCII
    (NFKC), thousands separators and text marks removed.

    A comma is a thousands separator only where commas set off groups of three digits
    (1,234 / 12,345.6 / 1,234,567); any other comma is kept, and the text is no number:
    '12,34' is not 1234, '1,5.1' is not 15.1, '0,5' is not 5.

    >>> number_text(pd.Series(["１，２００", "'3.5", " 1,000 ", "12,34", "1,2345"])).tolist()
    ['1200', '3.5', '1000', '12,34', '1,2345']
    """
    text = unwrap_text(text.str.normalize("NFKC").str.strip())
    comma = text.str.contains(",", regex=False).fillna(False).to_numpy(dtype=bool)
    if not comma.any():
        return text
    grouped = text.str.fullmatch(_GROUPED_NUMBER).fillna(False).to_numpy(dtype=bool)
    return text.mask(grouped, text.str.replace(",", "", regex=False))


def _misplaced_separators(text: pd.Series, unread: pd.Series) -> pd.Series:
    """True where a number text (from :func:`number_text`) that is no number would be
    one without its commas: its thousands separators are misplaced ('12,34', '1,5.1')."""
    maybe = (unread & text.str.contains(",", regex=False).fillna(False)).to_numpy(dtype=bool)
    misplaced = np.zeros(len(text), dtype=bool)
    if maybe.any():
        bare = text[maybe].str.replace(",", "", regex=False)
        misplaced[maybe] = pd.to_numeric(bare, errors="coerce").notna().to_numpy(dtype=bool)
    return pd.Series(misplaced, index=text.index)


def _reasons(index: pd.Index, **where: np.ndarray | pd.Series) -> pd.Series | None:
    """A reason column: each key where its mask is True (the first that is), NA elsewhere;
    None when no mask is True anywhere."""
    masks = {key: np.asarray(mask, dtype=bool) for key, mask in where.items()}
    if not any(mask.any() for mask in masks.values()):
        return None
    reason = np.full(len(index), np.nan, dtype=object)
    for key, mask in reversed(masks.items()):
        reason[mask] = key
    return pd.Series(reason, index=index, dtype="object")


def _lower(text: pd.Series) -> pd.Series:
    return text.str.lower()


def _lookup(
    values: pd.Series,
    mapping: dict[str, str],
    dtype: pd.CategoricalDtype,
    prepare: Callable[[pd.Series], pd.Series] = lambda text: text,
) -> Parsed:
    """Words → categories of ``dtype`` through ``mapping``; a word it lacks is bad."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Each distinct word is read once and the row codes carried over: no pass over text.
        words = _lookup(pd.Series(values.cat.categories, dtype=object), mapping, dtype, prepare)
        recode = np.append(np.asarray(words.values.cat.codes), -1)  # a blank's -1 stays -1
        codes = recode[np.asarray(values.cat.codes)]
        out = pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=values.index)
        return Parsed(out, values.notna() & out.isna())
    text = as_text(values)
    out = prepare(text).map(mapping)
    return Parsed(out.astype(dtype), text.notna() & out.isna())


def parse_bool(values: pd.Series) -> Parsed:
    """是/否, √/×, 1/0, Y/N, TRUE/FALSE → nullable boolean.

    >>> parse_bool(pd.Series(["是", "×", "", "Y", "maybe"])).values.tolist()
    [True, False, <NA>, True, <NA>]
    """
    if values.dtype == bool or isinstance(values.dtype, pd.BooleanDtype):
        return Parsed(values.astype("boolean"), _none_bad(values))
    text = as_text(values)
    key = text.str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[key.isin(TRUE_WORDS).fillna(False).astype(bool)] = True
    out[key.isin(FALSE_WORDS).fillna(False).astype(bool)] = False
    return Parsed(out, text.notna() & out.isna())


def parse_text(values: pd.Series) -> Parsed:
    """Free text, stripped; never bad.

    >>> parse_text(pd.Series([" 东山村 ", "", "西山村"])).values.tolist()
    ['东山村', nan, '西山村']
    """
    return Parsed(as_text(values).astype("str"), _none_bad(values))


_SCIENTIFIC_TEXT: Final[str] = r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$"


def parse_person_id(values: pd.Series) -> Parsed:
    """Person ids as text; an id that Excel turned into scientific notation is bad, since
    its lost digits may make it someone else's.

    >>> parse_person_id(pd.Series(["P0001", 2.10283196805061e17, "2.1E+17"])).bad.tolist()
    [False, True, True]
    >>> parsed = parse_person_id(pd.Series([210299101201001.0, 2102991012010001.0], dtype=object))
    >>> parsed.values.tolist(), parsed.bad.tolist()
    (['210299101201001', '2102991012010001.0'], [False, True])
    """
    text = unwrap_text(parse_text(values).values)  # 'P0001 is P0001
    mangled = text.str.contains(_SCIENTIFIC_TEXT, regex=True).fillna(False).astype(bool)
    numbers = _number_cells(values)
    if numbers.notna().any():
        # a number cell: a whole number of up to 15 digits is the id Excel shows
        # (2102991012010001.0 is no id); Excel keeps no more digits than 15
        whole = numbers.notna() & (numbers == np.floor(numbers)) & (numbers.abs() < 1e15)
        text = text.mask(whole, numbers[whole].map(lambda x: str(int(x))))
        mangled |= numbers.notna() & ~whole
    return Parsed(text, pd.Series(mangled.to_numpy(), index=values.index))


def _number_cells(values: pd.Series) -> pd.Series:
    """Each cell that is a number (not text of digits) as a float; NaN elsewhere."""
    if values.dtype.kind in "iuf":
        return values.astype("float64")
    if values.dtype != object or all_text(values):
        return pd.Series(np.nan, index=values.index, dtype="float64")
    is_number = values.map(
        lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
    ).to_numpy(dtype=bool)
    return values.where(is_number).astype("float64")


def _codes_from_cells(values: pd.Series, lengths: tuple[int, ...]) -> Parsed:
    """Codes from cells of any kind: Excel numbers, padded or full-width text."""
    # Full-width digits typed with a Chinese input method are the same code (NFKC).
    text = unwrap_text(as_text(values).str.normalize("NFKC").str.strip())  # '210283…, ="…"
    text = text.str.replace(r"\.0+$", "", regex=True)
    digits = "|".join(f"[0-9]{{{length}}}" for length in lengths)
    ok = text.str.fullmatch(digits).fillna(False).astype(bool)
    return Parsed(text.where(ok).astype("str"), text.notna() & ~ok)


def parse_code(values: pd.Series, lengths: tuple[int, ...] = (12,)) -> Parsed:
    """Statistical division codes as digit strings of one of ``lengths``.

    A code that Excel turned into a number (``210283101201.0``) is restored; one that
    lost digits (too short, scientific notation) is bad, never padded into another code.

    >>> parse_code(pd.Series([210283101201.0, "21028310120", "2.10283E+11"])).bad.tolist()
    [False, True, True]
    >>> parse_code(pd.Series(["'210283101201", '="210283101202"', "\t210283101203"])).values.tolist()
    ['210283101201', '210283101202', '210283101203']
    """
    return _codes_from_cells(values, lengths)


def _arrow_integers(values: pd.Series) -> pd.Series:
    """Arrow-backed whole numbers (blanks allowed) as Int64, the values read in place.

    Ten times faster than ``astype("Int64")``, which goes through Python objects.
    """
    import pyarrow as pa

    arrow = pa.array(values)
    whole = (arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow).cast(
        pa.int64()
    )
    numbers = np.frombuffer(
        whole.buffers()[1], dtype=np.int64, count=len(whole), offset=whole.offset * 8
    )
    blank = np.asarray(whole.is_null().to_numpy(zero_copy_only=False))
    return pd.Series(pd.arrays.IntegerArray(numbers, blank), index=values.index, copy=False)


def whole_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A whole-number column as int64 numbers (any value where blank) and its blanks.

    >>> numbers, blank = whole_numbers(pd.Series([2016, None], dtype="Int64"))
    >>> int(numbers[0]), blank.tolist()
    (2016, [False, True])
    """
    blank = values.isna().to_numpy()
    if isinstance(values.array, pd.arrays.IntegerArray) and values.dtype == "Int64":
        # The numbers under the mask, read in place. No public view exists, and
        # ``to_numpy(na_value=...)`` assigns through the mask: 0.1 s at 30M rows.
        numbers: np.ndarray = values.array._data  # type: ignore[attr-defined]
        return numbers, blank
    return values.to_numpy(dtype=np.int64, na_value=0), blank


def parse_int(values: pd.Series) -> Parsed:
    """Whole numbers ('3', 3.0); fractions and words are bad.

    >>> parse_int(pd.Series(["3", 4.0, "2.5", ""])).bad.tolist()
    [False, False, True, False]
    """
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu":
        # A numpy integer column has no blanks: it stays as it is, without a mask.
        return Parsed(values.astype("int64"), _none_bad(values))
    if isinstance(values.dtype, pd.ArrowDtype) and values.dtype.kind in "iu":
        return Parsed(_arrow_integers(values), _none_bad(values))
    if values.dtype.kind in "iu":
        return Parsed(values.astype("Int64"), _none_bad(values))
    if values.dtype.kind == "f":
        # Built directly: ``where(...).astype("Int64")`` makes three passes over 30M rows.
        floats = values.to_numpy(dtype=np.float64)
        present = ~np.isnan(floats)
        integral = present & (np.abs(floats) < 2**53) & (floats == np.floor(floats))
        integers = np.where(integral, floats, 0).astype(np.int64)
        typed = pd.Series(pd.arrays.IntegerArray(integers, ~integral), index=values.index)
        return Parsed(typed, pd.Series(present & ~integral, index=values.index))
    text = number_text(as_text(values))
    number = pd.to_numeric(text, errors="coerce")
    whole = number.notna() & (number == np.floor(number)) & (number.abs() < 2**53)
    out = number.where(whole).astype("Int64")
    bad = text.notna() & ~whole
    misplaced = _misplaced_separators(text, number.isna())
    return Parsed(out, bad, _reasons(values.index, misplaced_separator=misplaced))


_YEAR_SUFFIX = re.compile(r"\s*年度?$")


def parse_year(values: pd.Series) -> Parsed:
    """Years as whole numbers; '2020年', '2020年度', '２０２０' and 2020.0 are 2020.

    >>> parse_year(pd.Series(["2020年", "２０２１", 2019.0, "", "二〇二〇"])).values.tolist()
    [2020, 2021, 2019, <NA>, <NA>]
    >>> parse_year(pd.Series(["未脱贫", "—", "2019"])).values.tolist()
    [<NA>, <NA>, 2019]
    """
    if not _is_textual(values):
        return parse_int(values)
    text = as_text(values)
    text = text.mask(text.isin(_NO_YEAR))  # 脱贫年度 "未脱贫", "—": not yet, a blank
    return parse_int(text.where(text.isna(), text.str.replace(_YEAR_SUFFIX, "", regex=True)))


_NONE_MARKS: Final = frozenset({"—", "－", "-", "–", "/", "／", "无", "暂无"})
"""Marks clerks put in a cell for "none"."""
_NO_YEAR: Final = _NONE_MARKS | {"未脱贫", "未退出", "未出列", "未销号", "否"}
_NO_END: Final = _NONE_MARKS | {"至今", "今", "现在", "目前", "在岗", "至今在岗", "仍在岗"}
"""An end date that has not come: a blank, as an empty cell is."""


FLOAT_NOISE: Final[float] = 1e-13
"""How far, relative to it, a product may lie from a fen and still be that fen: the
noise of binary floating point (15.13 万元 × 10000 is 151299.99999999997; a sum of a
thousand cells is off by some hundred units in the last place), far below a fen for any
amount under 100亿元."""


def _exact_product(decimal: str, scale: int) -> float:
    """``decimal × scale`` computed in decimal: the double nearest the exact amount."""
    try:
        return float(Decimal(decimal) * scale)
    except InvalidOperation:  # no text pandas reads as a number gets here
        return float(decimal) * scale


def parse_number(values: pd.Series, scale: int = 1) -> Parsed:
    """Amounts in yuan: decimal numbers (with thousands separators where commas set off
    groups of three digits), multiplied by ``scale`` (10000 for 万元).

    Money is float64 of yuan. A product within float noise of a fen is that fen, so
    that 3.7 万元 is exactly 37000 yuan and 15.13 万元 exactly 151300. An amount with a
    fraction of a fen (12345.678 元, 1.2345678 万元) is kept as written, never rounded:
    float64 holds it as exactly as it holds any amount in fen (the double that reads
    back as the same decimal, up to 15 significant digits), and the project accepts such
    rows as read (the columnar engine hands them to this parser, and they pass). Its
    product is computed in decimal, so that no float noise is added to it.

    >>> parse_number(pd.Series(["3.7", "1,200", "1.2345678"]), scale=10000).values.tolist()
    [37000.0, 12000000.0, 12345.678]
    >>> parsed = parse_number(pd.Series(["12,34", "12345.678", "12,345.67", "1e5"]))
    >>> parsed.values.tolist(), parsed.bad.tolist(), parsed.reason.tolist()
    ([nan, 12345.678, 12345.67, 100000.0], [True, False, False, False], ['misplaced_separator', nan, nan, nan])
    """
    text: pd.Series | None = None
    misplaced = np.zeros(len(values), dtype=bool)
    if values.dtype.kind in "iuf":
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        present = ~np.isnan(numbers)
    else:
        text = number_text(as_text(values))
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        present = text.notna().to_numpy(dtype=bool)
        unread = pd.Series(np.isnan(numbers), index=text.index)
        misplaced = _misplaced_separators(text, unread).to_numpy(dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = numbers * scale
        # Past 2**53 fen a double holds no fen (its step is 1/64 yuan or more), and
        # ``round`` would go through a product too large to hold the number: kept as is.
        fen = np.where(np.abs(scaled) < 2**53 / 100, np.round(scaled, 2), scaled)
        sub_fen = np.isfinite(fen) & (np.abs(scaled - fen) > np.abs(scaled) * FLOAT_NOISE)
    yuan = np.where(sub_fen, scaled, fen)
    if sub_fen.any() and scale != 1:
        # A double's shortest text is the decimal it was read from (or typed in Excel).
        cells = text[sub_fen].tolist() if text is not None else numbers[sub_fen].tolist()
        decimals = [str(cell) for cell in cells]  # a float's str is its shortest repr
        yuan[sub_fen] = [_exact_product(decimal, scale) for decimal in decimals]
    yuan[~np.isfinite(yuan)] = np.nan  # 1e400, or 1e308 万元: no number at all
    bad = pd.Series(present & np.isnan(yuan), index=values.index)
    reason = _reasons(values.index, misplaced_separator=misplaced)
    return Parsed(pd.Series(yuan, index=values.index), bad, reason)


_DATE_PATTERN: Final[str] = r"""(?x)
    ^(?P<y>\d{4})\s*
    (?:[-./年]\s*(?P<m>\d{1,2})\s*
        (?:[-./月]\s*(?:(?P<d>\d{1,2})\s*日?
            (?:(?:\s+|T)\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?
        )?|月)?
    )?$"""
"""Year-month or date text, with an optional time of day after a full date."""
_COMPACT_PATTERN: Final[str] = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$"
_SERIAL_DIGITS: Final[str] = r"^\d{5}(?:\.\d+)?$"

EXCEL_EPOCH: Final[pd.Timestamp] = pd.Timestamp("1899-12-30")
"""Day 0 of Excel's (and WPS's) date serial numbers, past its 1900 leap-year slip."""
DATE_YEARS: Final[tuple[int, int]] = (1678, 2261)
"""Years a date can have here (pandas' nanosecond range); a date outside is bad, not blank."""
SERIAL_RANGE: Final[tuple[int, int]] = (10_000, 73_415)
"""Whole numbers read as Excel date serials: 1927-05-18 to 2100-12-31."""


def _cell_numbers(values: pd.Series) -> pd.Series:
    """Each cell's number where it is a number, or five digits of text; NaN elsewhere."""
    numbers = _number_cells(values)
    if values.dtype.kind in "iuf" or (
        values.dtype != object and not isinstance(values.dtype, pd.StringDtype)
    ):
        return numbers
    text = as_text(values.where(numbers.isna()) if numbers.notna().any() else values)
    digits = text.str.match(_SERIAL_DIGITS).fillna(False).to_numpy(dtype=bool)
    if digits.any():
        numbers[digits] = text[digits].astype("float64").to_numpy()
    return numbers
    if all_text(values) or isinstance(values.dtype, pd.StringDtype):
        is_number = np.zeros(len(values), dtype=bool)
    else:
        is_number = values.map(
            lambda v: (
                isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            )
        ).to_numpy(dtype=bool)
    if is_number.any():
        numbers[is_number] = values[is_number].astype("float64").to_numpy()
        values = values.where(~is_number)
    text = as_text(values)
    digits = text.str.match(_SERIAL_DIGITS).fillna(False).to_numpy(dtype=bool)
    if digits.any():
        numbers[digits] = text[digits].astype("float64").to_numpy()
    return numbers


def _serial_dates(numbers: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Excel date serials among ``numbers``: (dates, read as serial, ambiguous).

    A whole number such as 19685 could be 1968年5月 typed without its zero as well as a
    serial (1953-11-22): it is read as a serial only when the column holds other serials
    that cannot be a year and month, and is otherwise ambiguous.
    """
    low, high = SERIAL_RANGE
    serial = (numbers >= low) & (numbers < high + 1)
    whole = numbers == np.floor(numbers)
    year, month = numbers // 10, numbers % 10
    ambiguous = serial & whole & year.between(1900, 2099) & (month > 0)
    if not (serial & ~ambiguous).any():
        serial &= ~ambiguous
    else:
        ambiguous &= False
    days = np.floor(numbers.where(serial, 0)).astype("int64")
    dates = (EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).where(serial)
    return dates.astype("datetime64[ns]"), serial, ambiguous


def _date_text(values: pd.Series) -> pd.Series:
    """Cells as date text; a number such as 1968.1 is '1968.10', as Excel shows what was typed."""
    numbers = _cell_numbers(values)
    small = numbers < 3000
    if not numbers.notna().any():
        return as_text(values)
    shown = numbers.map(lambda x: f"{x:.2f}" if x < 3000 else f"{x:.0f}", na_action="ignore")
    text = as_text(values.astype(object) if values.dtype.kind in "iuf" else values)
    return text.mask(numbers.notna() & (small | (numbers == np.floor(numbers))), shown)


_YEAR_DOT_MONTH: Final = re.compile(r"^\s*(\d{4})\.(\d{1,2})\s*$")


def _october_where_numbers(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Year.month text from a column that went through a number format ("1968.10" typed, kept
    as the number 1968.1, exported to CSV as "1968.1"): its months are written with a zero
    (1968.01) and none as .10, so .1 is October there, as it is in the workbook. In a column
    of text as typed (months without a zero, 1968.1 … 1968.10) .1 is January. Where the
    column has both (1968.01 and 1968.10 beside 1968.1), .1 could be either: those cells
    are returned as ambiguous.

    >>> _october_where_numbers(pd.Series(["1968.1", "1970.03", "1981.12"]))[0].tolist()
    ['1968.10', '1970.03', '1981.12']
    >>> _october_where_numbers(pd.Series(["1968.1", "1970.3", "1975.10"]))[0].tolist()
    ['1968.1', '1970.3', '1975.10']
    >>> _october_where_numbers(pd.Series(["1968.1", "1970.03", "1975.10"]))[1].tolist()
    [True, False, False]
    """
    months = text.str.extract(_YEAR_DOT_MONTH)[1]
    written = set(months.dropna().unique())
    one = (months == "1").to_numpy(dtype=bool)
    if "1" not in written or not written & _ZERO_MONTHS:
        return text, np.zeros(len(text), dtype=bool)
    if "10" in written:
        return text, one
    return text.mask(one, text.str.strip() + "0"), np.zeros(len(text), dtype=bool)


_ZERO_MONTHS: Final = frozenset(f"0{m}" for m in range(1, 10))


def _date_texts(text: pd.Series) -> pd.Series:
    """Date texts (each once) as dates; NaT where a text is not one."""
    text = text.str.normalize("NFKC")
    parts = text.str.extract(_DATE_PATTERN).fillna(text.str.extract(_COMPACT_PATTERN))
    frame = pd.DataFrame(
        {
            "year": pd.to_numeric(parts["y"], errors="coerce"),
            "month": pd.to_numeric(parts["m"], errors="coerce"),
            "day": pd.to_numeric(parts["d"], errors="coerce").fillna(1),
        }
    )
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    complete = frame["year"].notna() & frame["month"].notna()
    if complete.any():
        out[complete] = pd.to_datetime(frame[complete], errors="coerce").astype("datetime64[ns]")
    return out


CHINA_TIME: Final = "Asia/Shanghai"


def parse_date(values: pd.Series) -> Parsed:
    """Dates and year-months: Excel dates, '1968.05', '1968-05', '1968年5月', '196805',
    date text with a time of day ('1983-09-01 00:00:00'), and Excel date serials
    (30560 is 1983-09-01) from 10000 to 73415 in a General cell or in CSV text.

    A year-month without a day is the first of that month; a time of day is dropped.

    >>> parse_date(pd.Series(["1968.05", "1968年5月", "196805", "1968-05-12"])).values.dt.day.tolist()
    [1, 1, 1, 12]
    >>> parse_date(pd.Series(["1983-09-01 00:00:00", 30560.0, "30560"])).values.dt.strftime("%F").tolist()
    ['1983-09-01', '1983-09-01', '1983-09-01']
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):  # a moment in a zone: its date in China
        values = values.dt.tz_convert(CHINA_TIME).dt.tz_localize(None)
    if values.dtype.kind == "M":
        if isinstance(values.dtype, np.dtype) and values.dtype != np.dtype("datetime64[ns]"):
            # Parquet dates come in s, ms or us: a year past 2262 does not fit in ns.
            years = values.dt.year
            outside = ~years.between(DATE_YEARS[0], DATE_YEARS[1]) & values.notna()
            if outside.any():
                kept = values.where(~outside).astype("datetime64[ns]").dt.normalize()
                return Parsed(kept, pd.Series(outside.to_numpy(), index=values.index))
        return Parsed(values.astype("datetime64[ns]").dt.normalize(), _none_bad(values))
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        words = as_text(values)
        values = values.mask(words.isin(_NO_END).to_numpy(dtype=bool))  # 至今, —: no date yet
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    outside = np.zeros(len(values), dtype=bool)
    if values.dtype == object and not all_text(values):
        is_date = values.map(lambda v: isinstance(v, dt.date)).to_numpy(dtype=bool)
        if is_date.any():
            cells = values[is_date]
            fits = cells.map(lambda d: DATE_YEARS[0] <= d.year <= DATE_YEARS[1]).to_numpy(bool)
            outside[np.flatnonzero(is_date)[~fits]] = True
            if fits.any():
                dates = pd.to_datetime(cells[fits].astype(object).tolist(), errors="coerce")
                stamps = pd.Series(dates).astype("datetime64[ns]").dt.normalize().to_numpy()
                out[np.flatnonzero(is_date)[fits]] = stamps
        values = values.where(~is_date)
    serials, is_serial, ambiguous = _serial_dates(_cell_numbers(values))
    out[is_serial] = serials[is_serial]
    taken = (is_serial | ambiguous).to_numpy()
    rest = values.astype(object).where(~taken) if taken.any() else values
    text, month_unclear = _october_where_numbers(_date_text(rest))
    text = text.mask(month_unclear)
    # Rosters repeat a few hundred year-months: each distinct text is read once.
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    if len(distinct):
        read = _date_texts(pd.Series(np.asarray(distinct, dtype=object)))
        from_text = read.to_numpy()[np.where(codes >= 0, codes, 0)]
        present = (codes >= 0) & ~np.isnat(from_text)
        out[present] = from_text[present]
    bad = ((text.notna() | ambiguous) & out.isna()) | outside | month_unclear
    reason = None
    if ambiguous.any():
        numbers = _cell_numbers(values).where(ambiguous)
        reason = numbers.map(
            lambda n: (
                f"ambiguous_serial|{int(n) // 10}|{int(n) % 10}|"
                f"{(EXCEL_EPOCH + pd.Timedelta(days=int(n))).date()}"
            ),
            na_action="ignore",
        ).astype("object")
    if month_unclear.any():
        years = (
            values.astype(object)
            .where(month_unclear)
            .map(lambda v: f"ambiguous_month|{str(v).strip()[:4]}", na_action="ignore")
        )
        reason = years if reason is None else reason.fillna(years)
    return Parsed(out, bad, reason)


def _education_words(text: pd.Series) -> pd.Series:
    return text.str.replace("（", "(").str.replace("）", ")").str.replace(" ", "")


def parse_education(values: pd.Series) -> Parsed:
    """学历 variants → ordered levels 小学及以下 < … < 研究生.

    >>> parse_education(pd.Series(["大学本科", "中专", "硕士", "幼儿园"])).values.tolist()
    ['本科', '高中', '研究生', nan]
    """
    return _lookup(values, EDUCATION_ALIASES, EDUCATION_DTYPE, _education_words)


def parse_sex(values: pd.Series) -> Parsed:
    """性别 → 男/女 (also M/F and the GB/T 2261 codes 1/2)."""
    return _lookup(values, SEX_WORDS, SEX_DTYPE, _lower)


def parse_level(values: pd.Series) -> Parsed:
    """级别 → province / city / county / township / village; full-width brackets as ASCII.

    >>> parse_level(pd.Series(["县（市、区）", "乡(镇)", "村委会", "Village"])).values.tolist()
    ['county', 'township', 'village', 'village']
    """
    return _lookup(values, LEVEL_WORDS, LEVEL_DTYPE, _lower_nfkc)


def _lower_nfkc(text: pd.Series) -> pd.Series:
    return text.str.normalize("NFKC").str.replace(" ", "", regex=False).str.lower()


def _word_table(text: pd.Series, reader: Callable[[str], Any]) -> dict[str, Any]:
    """Read each distinct word once: rosters repeat a handful of words millions of times."""
    return {word: reader(word) for word in pd.unique(text.dropna())}


def parse_party_member(values: pd.Series) -> Parsed:
    """政治面貌 → CPC member (中共党员 / 中共预备党员) or not."""
    text = as_text(values)
    out = text.map(_word_table(text, is_party_member))
    return Parsed(out.astype("boolean"), text.notna() & out.isna())


def parse_posts_column(values: pd.Series) -> tuple[Parsed, Parsed]:
    """职务 text → (secretary, director). A blank 职务 holds neither post."""
    text = as_text(values)
    table = _word_table(text, parse_posts)
    bad = text.notna() & text.map({w: p is None for w, p in table.items()}).fillna(False).astype(
        bool
    )
    secretary = text.map({w: bool(p and p[0]) for w, p in table.items()}).fillna(False).astype(bool)
    director = text.map({w: bool(p and p[1]) for w, p in table.items()}).fillna(False).astype(bool)
    return Parsed(secretary, bad), Parsed(director, bad)
