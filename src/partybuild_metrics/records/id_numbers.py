"""Resident ID numbers (身份证号 / 公民身份号码, GB 11643): read, checked, masked.

An 18-character number is six digits of address, eight of birth date, three of
sequence (odd for a man, even for a woman) and a check character (0-9 or X, ISO 7064
MOD 11-2), checked with python-stdnum. An old 15-digit number has a six-digit birth
date (19 implied) and no check character; it is read as the 18-character number it
became. A number that Excel turned into a number (scientific notation, lost digits) is
never accepted: it may be someone else's.

ID numbers are personal information: :func:`mask_id_number` and
:func:`mask_id_numbers_in` show them as ``210283********123X`` wherever they are printed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final, NamedTuple

import numpy as np
import pandas as pd
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from partybuild_metrics.records.parsing import SEX_DTYPE, Parsed, as_text, unwrap_text

_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+")
_SEPARATORS = re.compile(r"[\s\-]")


class IdNumbers(NamedTuple):
    """A column of ID numbers, read: each one's 18-character form, birth date and sex."""

    values: pd.Series
    """The 18-character number (15-digit ones upgraded), NA where blank or bad."""
    birth_date: pd.Series
    sex: pd.Series
    bad: pd.Series
    reason: pd.Series
    """Why a number is bad: a key of :data:`partybuild_metrics.records.rules.REASONS`."""


def upgrade_15(number: str) -> str:
    """The 18-character number a 15-digit one became: 19 inserted, a check character added.

    >>> upgrade_15("210283680513123")
    '210283196805131234'
    """
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def _birth_date_problem(number: str) -> str | None:
    try:
        born = ric.get_birth_date(number)
    except (StdnumError, ValueError):
        return f"id_birth_date|{number[6:14]}"
    if not dt.date(1900, 1, 1) <= born <= dt.date.today():
        return f"id_birth_date|{number[6:14]}"
    return None


def read_id_number(cell: object) -> tuple[str | None, str | None]:
    """One cell as ``(number, None)``, ``(None, reason)`` when it is not a usable ID
    number, or ``(None, None)`` when blank.

    >>> read_id_number("21028319680506123x"), read_id_number("210283680513123")
    (('21028319680506123X', None), ('210283196805131234', None))
    >>> read_id_number(2.10283196805061e17), read_id_number("210283196805061230")
    ((None, 'id_as_number'), (None, 'id_check_digit'))
    >>> read_id_number("２１０２８３１９６８０５０６１２３Ｘ")
    ('21028319680506123X', None)
    """
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return None, None
    if isinstance(cell, (float, np.floating)):
        # A number cell keeps 15 significant digits: 15-digit numbers survive, 18-digit do not.
        if cell == int(cell) and 10**14 <= cell < 10**15:
            cell = str(int(cell))
        else:
            return None, "id_as_number"
    # full-width digits (２１０２…), as a Chinese input method types them, are the same number
    text = unwrap_text(pd.Series([unicodedata.normalize("NFKC", str(cell))])).iloc[0]
    text = _SEPARATORS.sub("", str(text)).upper()
    if not text:
        return None, None
    if _SCIENTIFIC.fullmatch(text):
        return None, "id_as_number"
    if len(text) == 15 and text.isascii() and text.isdigit():
        problem = _birth_date_problem(text[:6] + "19" + text[6:12])
        return (None, problem) if problem else (upgrade_15(text), None)
    if len(text) != 18:
        digits = sum(ch.isdigit() for ch in text)
        return None, f"id_length|{len(text)}|{digits}"
    if not (text.isascii() and text[:17].isdigit() and (text[17].isdigit() or text[17] == "X")):
        return None, "id_characters"
    if ric.calc_check_digit(text) != text[17]:
        return None, "id_check_digit"
    problem = _birth_date_problem(text)
    return (None, problem) if problem else (text, None)


def parse_id_number(values: pd.Series) -> IdNumbers:
    """A column of ID numbers, each distinct cell read once with :func:`read_id_number`.

    Where several numbers fail their check character and end in 000, the column went
    through a number cell and lost its last digits: every number ending in 000 is then
    refused, though a few may pass their check by chance.

    >>> ids = parse_id_number(pd.Series(["21028319680506123X", "", "2.10283E+17"]))
    >>> ids.values.tolist(), ids.sex.tolist(), ids.reason.tolist()
    (['21028319680506123X', nan, nan], ['男', nan, nan], [nan, nan, 'id_as_number'])
    """
    cells = values.astype(object)
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        text = as_text(values)
        floats = values.map(lambda v: isinstance(v, float)).to_numpy(dtype=bool)
        cells = text.astype(object).where(text.notna(), None)
        cells[floats] = values[floats].to_numpy()
    elif values.dtype.kind == "f":
        cells = values.astype(object).where(values.notna(), None)
    present = cells.notna().to_numpy()
    kept = cells[present].tolist()
    table = {cell: read_id_number(cell) for cell in dict.fromkeys(kept)}
    found = np.full((2, len(values)), np.nan, dtype=object)
    found[:, present] = np.array([table[cell] for cell in kept], dtype=object).T.reshape(2, -1)
    numbers = pd.Series(found[0], index=values.index, dtype="object")
    reason = pd.Series(found[1], index=values.index, dtype="object")
    numbers, reason = numbers.where(numbers.notna()), reason.where(reason.notna())
    zeros = cells.astype("str").str.strip().str.endswith("000") & cells.notna()
    if (zeros & (reason == "id_check_digit")).sum() >= 2:
        lost = zeros & numbers.notna()
        reason = reason.mask(lost, "id_lost_digits")
        numbers = numbers.mask(lost)
    text_numbers = numbers.astype("str").where(numbers.notna())
    birth = pd.to_datetime(text_numbers.str[6:14], format="%Y%m%d", errors="coerce")
    odd = text_numbers.str[16].astype("float64") % 2 == 1
    sex = pd.Series(np.where(odd, "男", "女"), index=values.index).where(numbers.notna())
    return IdNumbers(
        text_numbers.astype("str"),
        birth.astype("datetime64[ns]"),
        sex.astype(SEX_DTYPE),
        reason.notna(),
        reason,
    )


def parse_id_column(values: pd.Series) -> Parsed:
    """An ID-number column as a parser's result: the numbers, the bad ones and why.

    >>> parse_id_column(pd.Series(["210283680513123", "1234"])).reason.tolist()
    [nan, 'id_length|4|4']
    """
    ids = parse_id_number(values)
    return Parsed(ids.values, ids.bad, ids.reason)


_SEPARATOR_CHARS: Final[str] = (
    r"\s"  # every space, the full-width (ideographic) one too
    r"\-\u2010-\u2015\u2212\ufe63\uff0d"  # hyphen, dashes, minus, full-width hyphen
    r".\u2024\ufe52\uff0e\u3002\u00b7\u30fb\uff65"  # dot, full-width and ideographic ones
    r"\u00ad\u200b-\u200f\u2060-\u2064\ufeff"  # invisible: soft hyphen, zero widths, marks
)
"""Characters a clerk puts between the groups of an ID number's digits: spaces, hyphens
and dots, in their ASCII, full-width and typographic forms (NFKC folds most of them), and
the invisible ones a page may hide in a number (a browser shows the digits whole)."""
_CHECK_X: Final[str] = "XxＸｘ"
_GROUP_GAP = f"[{_SEPARATOR_CHARS}]{{1,3}}"
ID_CHAIN: Final[re.Pattern[str]] = re.compile(
    rf"\d+(?:{_GROUP_GAP}\d+)*(?:[{_CHECK_X}](?!\d)|{_GROUP_GAP}[{_CHECK_X}](?![0-9A-Za-z]))?"
)
"""Digits in groups (any decimal digits, full-width ones too) joined by separators,
perhaps ending in a check character X: where ID numbers are looked for in a text."""
SCIENTIFIC_ID: Final[re.Pattern[str]] = re.compile(
    r"(?<![0-9.])([1-9]\.\d{5})(\d+)([eE]\+?1[4-7])(?![0-9])"
)
"""An ID number that Excel wrote in scientific notation (2.10283196805061e+17)."""
_DATE_STARS, _OLD_DATE_STARS = 8, 6
"""Digits after the first six that a mask hides: the birth date (YYYYMMDD or YYMMDD)."""


def _month_day(month_day: str) -> bool:
    return "01" <= month_day[:2] <= "12" and "01" <= month_day[2:] <= "31"


def _birth_date_like(date: str) -> bool:
    """A YYYYMMDD that could be a birth date: year 18xx-20xx, month 01-12, day 01-31."""
    return date[:2] in ("18", "19", "20") and _month_day(date[4:])


def _check_fits(number: str) -> bool:
    return ric.calc_check_digit(number) == number[17]


def _id_like(number: str, *, split: bool, decimal: bool, after_letter: bool) -> int:
    """How many digits after the first six to hide when ``number`` (digits read as ASCII,
    perhaps ending in X) looks like an ID number, else 0.

    18 characters: when it ends in X, its check character fits, or its year's century
    or its month and day could be a birth date's (an 18-digit household number built
    on a 12-digit village code has neither). 15 digits: whole, unless a letter comes
    just before (H210283101205001 is a household number); split into groups, when its
    month and day could be a birth date's (a phone number and a year are not). 16 to
    20 characters (a digit lost or added): when a birth date stands where it belongs.
    A number with one decimal point and one or two decimals is money unless it holds
    a birth date. No ID number starts with 0 (the province code is 11 to 91).
    """
    if number[0] == "0":
        return 0
    if len(number) == 18 and number[:17].isdigit():
        if decimal:
            plausible = _birth_date_like(number[6:14]) or _check_fits(number)
        else:
            plausible = (
                number[17] == "X"
                or _check_fits(number)
                or number[6:8] in ("18", "19", "20")
                or _month_day(number[10:14])
            )
        return _DATE_STARS if plausible else 0
    if len(number) == 15 and number.isdigit():
        if after_letter or (split and not _month_day(number[8:12])):
            return 0
        return _OLD_DATE_STARS
    if 16 <= len(number) <= 20 and _birth_date_like(number[6:14]):
        return _DATE_STARS
    return 0


_DIGITS: Final = re.compile(r"\d+")
_CHECK_X_AT: Final = re.compile(f"[{_CHECK_X}]")


def _mask_chain(match: re.Match[str]) -> str:
    """Every ID number among a chain of digit groups masked, the separators kept."""
    chain = match.group(0)
    if len(chain) < 15:
        return chain
    # the positions of each group's digits in the chain, as ranges: a run of forty million
    # digits ("1111…") is one range, not a list of forty million positions
    groups = [range(m.start(), m.end()) for m in _DIGITS.finditer(chain)]
    check_x: int | None = None
    for found in _CHECK_X_AT.finditer(chain):
        check_x = found.start()

    def digit(position: int) -> str:
        return str(unicodedata.decimal(chain[position], 0))

    before = match.string[match.start() - 1] if match.start() else ""
    after_letter = unicodedata.normalize("NFKC", before).isascii() and before.isalpha()
    starred: list[int] = []
    first = 0
    while first < len(groups):
        best: tuple[int, int, list[int], int] | None = None  # rank, stars, positions, last
        positions: list[int] = []
        for last in range(first, len(groups)):
            if len(positions) + len(groups[last]) > 20:
                break  # no ID number holds more than 20 digits
            positions = positions + list(groups[last])
            span = chain[groups[first][0] : groups[last][-1] + 1]
            gaps = "".join(char for char in span if not char.isdecimal())
            decimal = gaps in (".", "．") and len(groups[last]) <= 2
            tails = [positions]
            if last == len(groups) - 1 and check_x is not None:
                tails.append([*positions, check_x])
            for candidate in tails:
                number = "".join("X" if p == check_x else digit(p) for p in candidate)
                stars = _id_like(
                    number,
                    split=bool(gaps),
                    decimal=decimal,
                    after_letter=after_letter and not first,
                )
                rank = {18: 3, 15: 2}.get(len(number), 1)
                if stars and (best is None or rank >= best[0]):
                    best = (rank, stars, candidate, last)
        if best is None:
            first += 1
            continue
        _, stars, candidate, first = best
        starred += candidate[6 : 6 + stars]
        first += 1  # on after the group the number ends with
    if not starred:
        return chain
    out = list(chain)
    for position in starred:
        out[position] = "*"
    return "".join(out)


def _mask_scientific(match: re.Match[str]) -> str:
    return match.group(1) + "*" * len(match.group(2)) + match.group(3)


def mask_id_numbers_in(text: str) -> str:
    """Every ID number in a text, masked: its birth date shown as stars.

    Found in every form the records parser reads, and in the forms of a mistyped one:
    18 characters (17 digits and a digit or X) or 15 digits, in ASCII or full-width
    digits, whole or split into groups by spaces, hyphens or dots (full-width ones too);
    16 to 20 characters holding a birth date (a digit lost or added); and scientific
    notation. Division codes (at most 12 digits), years, 11-digit phone numbers and
    amounts of money are left alone.

    >>> mask_id_numbers_in("person_id + year = 21028319680506123X / 2020")
    'person_id + year = 210283********123X / 2020'
    >>> mask_id_numbers_in("村代码 210283101201, 户 210283101201000123")
    '村代码 210283101201, 户 210283101201000123'
    >>> mask_id_numbers_in("a digit lost: 21028319680506123")
    'a digit lost: 210283********123'
    >>> mask_id_numbers_in("'210283 19720315 3748', 210 283 1970 0315 0016")
    "'210283 ******** 3748', 210 283 **** **** 0016"
    >>> mask_id_numbers_in("２１０２８３１９７００３１５００１６ / 210283197013450016")
    '２１０２８３********００１６ / 210283********0016'
    """
    if len(text) < 15:
        return text
    return ID_CHAIN.sub(_mask_chain, SCIENTIFIC_ID.sub(_mask_scientific, text))


def mask_id_numbers_in_texts(values: pd.Series) -> pd.Series:
    """A column with :func:`mask_id_numbers_in` applied to each text cell that holds 15
    digits or more (the others, and cells that are not text, as they are).

    >>> mask_id_numbers_in_texts(pd.Series(["身份证21028319680506123X占比", None, 3])).tolist()
    ['身份证210283********123X占比', None, 3]
    """
    if isinstance(values.dtype, pd.CategoricalDtype):  # each distinct text once
        texts = values.cat.categories
        masked = mask_id_numbers_in_texts(pd.Series(texts, dtype=object))
        if masked.equals(pd.Series(texts, dtype=object)):
            return values
        return values.astype(object).map(dict(zip(texts, masked, strict=True)))
    digits = values.astype("str").str.count(r"[0-9０-９]").to_numpy() >= 15
    if not digits.any():
        return values
    out = values.astype(object).copy()
    out[digits] = [mask_id_numbers_in(v) if isinstance(v, str) else v for v in out[digits]]
    return out


def mask_id_number(value: object) -> str:
    """A value of an ID-number column, masked whatever it holds: its first six digits
    (the address) and its last four characters are shown, every other digit (the birth
    date above all) is a star.

    >>> mask_id_number("21028319680506123X"), mask_id_number("2.10283196805061e+17")
    ('210283********123X', '2.10283*********e+17')
    >>> mask_id_number("21028319680506123")
    '210283********123'
    """
    text = str(value)
    keep_tail = len(text) - 4
    out, digits = [], 0
    for position, char in enumerate(text):
        if char.isdigit():
            digits += 1
            if digits > 6 and (digits <= 14 or position < keep_tail):
                out.append("*")
                continue
        out.append(char)
    return "".join(out)


PERSON_FIELDS: Final[frozenset[str]] = frozenset({"id_number", "person_id"})
"""Quarantine fields whose values are masked whole when they look like an ID number."""
_LONG_DIGITS = re.compile(r"(?:\D*\d){14}")
QUARANTINE_TEXT = ("file", "column", "value", "message_zh", "message_en")


def _mask_parts(value: str) -> str:
    """A key's parts ('id / 2020') masked one by one where they hold 14 digits or more."""
    return " / ".join(
        mask_id_number(part) if _LONG_DIGITS.match(part) else part for part in value.split(" / ")
    )


def mask_quarantine(quarantine: pd.DataFrame) -> pd.DataFrame:
    """The quarantine with every ID number masked: the values of ID-number and person-id
    columns that hold 14 digits or more (in the messages too), and any ID number in the
    other texts.

    >>> q = pd.DataFrame({"field": ["id_number"], "file": ["a.csv"], "column": ["身份证号"],
    ...     "value": ["21028319680506123"], "message_zh": ["“身份证号”的值“21028319680506123”"],
    ...     "message_en": ["x"]})
    >>> mask_quarantine(q)[["value", "message_zh"]].values.tolist()
    [['210283********123', '“身份证号”的值“210283********123”']]
    """
    out = quarantine.copy()
    if out.empty:
        return out
    values = out["value"].astype("str")
    whole = out["field"].isin(PERSON_FIELDS).to_numpy() & values.map(
        lambda v: bool(_LONG_DIGITS.match(v))
    ).to_numpy(dtype=bool)
    if whole.any():
        rows = out.index[whole]
        for column in ("value", "message_zh", "message_en"):
            out.loc[rows, column] = [
                str(text).replace(raw, _mask_parts(raw))
                for text, raw in zip(out.loc[rows, column], values[rows], strict=True)
            ]
    for column in QUARANTINE_TEXT:
        texts = out[column].astype("str")
        masked = {text: mask_id_numbers_in(text) for text in texts.unique()}
        out[column] = texts.map(masked)
    if "rule" in out.columns:
        # the birth date an ID number holds, printed beside it, would unmask it
        for rule, pattern, replacement in _BIRTH_DATE_SHOWN:
            rows = out.index[(out["rule"] == rule).to_numpy()]
            for column in ("message_zh", "message_en"):
                out.loc[rows, column] = (
                    out.loc[rows, column]
                    .astype("str")
                    .str.replace(pattern, replacement, regex=True)
                )
    return out


_BIRTH_DATE_SHOWN: Final = (
    ("id_number_conflict", r"[(（]\d{4}-\d{2}-\d{2}[)）]", ""),
    ("bad_id_number", r"(出生日期|birth date in it, )\d{8}", r"\1********"),
)
"""Where a message shows the birth date of an ID number: the date the 出生年月 column is
checked against, and the invalid date in a mistyped number."""
