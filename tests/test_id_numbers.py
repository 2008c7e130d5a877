"""Resident ID numbers: checked with GB 11643, birth date and sex derived and cross-checked,
mangled numbers quarantined with the reason, and masked wherever they are shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from clerk_files import PEOPLE, county_with_roster, id_number, roster
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

import partybuild_metrics as pbm
from partybuild_metrics.cli import main
from partybuild_metrics.records.id_numbers import (
    mask_id_number,
    mask_id_numbers_in,
    parse_id_number,
    read_id_number,
)

A1_ID = PEOPLE[0][5]  # 21028319680506123X


def test_valid_numbers_are_read_with_birth_date_and_sex() -> None:
    ids = parse_id_number(pd.Series([A1_ID.lower(), PEOPLE[1][5], " 2102 8319 8003 150352 "]))
    assert ids.values.tolist() == [A1_ID, PEOPLE[1][5], PEOPLE[2][5]]
    assert ids.birth_date.dt.strftime("%F").tolist() == ["1968-05-06", "1975-11-02", "1980-03-15"]
    assert ids.sex.tolist() == ["男", "女", "男"]  # sequence 123 odd, 124 even, 035 odd
    assert not ids.bad.any()


def test_old_15_digit_number_becomes_its_18_character_form() -> None:
    number, problem = read_id_number("210283680506123")
    assert problem is None
    assert number == A1_ID  # 19 inserted, check character X computed
    ids = parse_id_number(pd.Series([210283680506124.0]))  # a 15-digit number cell is exact
    assert ids.birth_date.dt.strftime("%F").tolist() == ["1968-05-06"]
    assert ids.sex.tolist() == ["女"]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        (2.10283196805061e17, "id_as_number"),  # an 18-digit number in a number cell
        ("2.10283E+17", "id_as_number"),  # what CSV export writes for it
        ("2.10283196805061e+17", "id_as_number"),
        ("21028319680506123", "id_length|17|17"),  # a digit lost
        ("2102831968050612345", "id_length|19|19"),
        ("210283196805061231", "id_check_digit"),  # the last digit mistyped
        ("21028319680506X23X", "id_characters"),
        ("210283196813061230", "id_birth_date|19681306"),  # month 13; check digit fits
        ("不详", "id_length|2|0"),
    ],
)
def test_mangled_numbers_are_refused_with_the_reason(cell: object, reason: str) -> None:
    if reason.startswith("id_birth_date"):
        body = str(cell)[:17]
        cell = body + ric.calc_check_digit(body + "0")
    assert read_id_number(cell) == (None, reason)


def test_a_column_that_lost_its_last_digits_refuses_every_number_ending_in_000() -> None:
    # Excel keeps 15 significant digits and writes zeros after them.
    mangled = [PEOPLE[i][5][:15] + "000" for i in range(4)]
    passing = [m for m in mangled if ric.calc_check_digit(m) == "0"]
    ids = parse_id_number(pd.Series([*mangled, A1_ID]))
    assert ids.values.isna().tolist() == [True] * 4 + [False]
    reasons = set(ids.reason.dropna())
    assert reasons <= {"id_check_digit", "id_lost_digits"}
    assert ("id_lost_digits" in reasons) == bool(passing)


@given(
    st.dates(dt.date(1920, 1, 1), dt.date(2005, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["210283", "110105", "140105"]),
)
def test_every_valid_number_is_accepted_and_every_single_digit_change_refused(
    birth: dt.date, sequence: int, area: str
) -> None:
    number = id_number(birth.strftime("%Y%m%d"), sequence, area)
    assert read_id_number(number) == (number, None)
    # ISO 7064 MOD 11-2 catches every change of one digit
    for position in (0, 7, 16):
        digit = str((int(number[position]) + 1) % 10)
        changed = number[:position] + digit + number[position + 1 :]
        assert read_id_number(changed)[0] is None


def test_roster_without_birth_dates_takes_them_from_the_id_numbers(tmp_path: Path) -> None:
    folder = county_with_roster(tmp_path / "r", roster(with_person_id=False, with_birth=False))
    ds = pbm.read_dataset(folder)
    assert ds.ok, ds.quarantine.to_string()
    cadres = ds.cadres.set_index("person_id")
    assert cadres.loc[A1_ID, "birth_date"] == pd.Timestamp("1968-05-06")
    assert cadres.loc[PEOPLE[1][5], "sex"] == "女"
    assert cadres["id_number"].tolist() == cadres.index.tolist()
    assert any("birth date taken from the ID number" in note for note in ds.notes)
    age = pbm.compute(ds, "cadre_mean_age", level="county", years=2020)
    assert int(age["denominator"].iloc[0]) == 4  # no longer 0/0


def test_an_old_number_in_a_roster_is_read_as_its_new_form_and_noted(tmp_path: Path) -> None:
    frame = roster(with_person_id=False, with_birth=False)
    frame.loc[0, "身份证号"] = "210283680506123"
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    assert ds.ok and A1_ID in ds.cadres["person_id"].tolist()
    assert any("1 old 15-digit ID number(s)" in note for note in ds.notes)


def test_a_separate_person_id_stays_the_key_and_the_id_number_is_checked(tmp_path: Path) -> None:
    frame = roster()
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    assert ds.ok
    assert ds.cadres["person_id"].tolist() == ["A1", "A2", "B1", "B2"]
    assert ds.cadres["id_number"].tolist() == [p[5] for p in PEOPLE]


def test_conflicts_between_the_id_number_and_the_roster_are_quarantined_with_both_values(
    tmp_path: Path,
) -> None:
    frame = roster()
    frame.loc[0, "出生年月"] = "1968.06"  # the number says 1968-05-06
    frame.loc[1, "性别"] = "男"  # the number's sequence 124 is even
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    q = ds.quarantine.set_index("row")
    assert q.loc[3, "rule"] == "id_number_conflict" and q.loc[3, "column"] == "出生年月"
    assert "1968.06" in q.loc[3, "message_en"]
    assert "1968-05-06" not in q.loc[3, "message_en"]  # the masked digits (shown when asked)
    assert "210283********123X" in q.loc[3, "message_en"]
    assert q.loc[4, "column"] == "性别" and "(女)" in q.loc[4, "message_zh"]
    assert len(ds.cadres) == 2


def test_mangled_id_numbers_are_quarantined_never_taken_as_person_ids(tmp_path: Path) -> None:
    frame = roster(with_person_id=False)
    frame.loc[2, "身份证号"] = "2.10283198003150E+17"
    frame.loc[3, "身份证号"] = PEOPLE[3][5][:-1] + "1"
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    q = ds.quarantine.set_index("row")
    assert q.loc[[5, 6], "rule"].tolist() == ["bad_id_number", "bad_id_number"]
    assert "scientific notation" in q.loc[5, "message_en"]
    assert "check character" in q.loc[6, "message_en"]
    assert sorted(ds.cadres["person_id"]) == sorted([PEOPLE[0][5], PEOPLE[1][5]])
    assert ds.summary.set_index("table").loc["cadres", ["rows_read", "accepted"]].tolist() == [4, 2]


def test_person_ids_in_scientific_notation_are_refused(tmp_path: Path) -> None:
    frame = roster().drop(columns=["身份证号"])
    frame.loc[0, "人员编号"] = "2.10283E+17"
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    problem = ds.quarantine.iloc[0]
    assert (problem["rule"], problem["row"]) == ("bad_person_id", 3)


def test_id_numbers_are_masked_everywhere_unless_asked_for(tmp_path: Path) -> None:
    frame = roster(with_person_id=False)
    frame.loc[1, "性别"] = "男"
    frame.loc[2, "身份证号"] = PEOPLE[2][5][:17]  # 17 digits: its birth date is in it
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)  # a duplicate person
    folder = county_with_roster(tmp_path / "r", frame)
    ds = pbm.read_dataset(folder)
    shown = "\n".join(["\n".join(ds.quarantine.astype(str).to_numpy().ravel()), *ds.notes])
    for person in PEOPLE:
        assert person[5] not in shown and person[5][6:14] not in shown
    assert "210283********123X" in shown and "210283********035" in shown
    full = "\n".join(
        pbm.read_dataset(folder, show_id_numbers=True).quarantine.astype(str).to_numpy().ravel()
    )
    assert PEOPLE[0][5] in full and PEOPLE[2][5][:17] in full


def test_masking_finds_id_numbers_in_text_and_leaves_codes_alone() -> None:
    text = f"duplicate {A1_ID} / 2020; old 210283680506123; village 210283101201; H210283101205001"
    masked = mask_id_numbers_in(text)
    assert "210283********123X" in masked and "210283******123" in masked
    assert "210283101201;" in masked and "H210283101205001" in masked
    assert mask_id_number("2.10283196805061e+17") == "2.10283*********e+17"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the forms the parser reads, written into another column or a note
        ("'学历' value '210283 19720315 3748'", "'学历' value '210283 ******** 3748'"),
        ("'政治面貌' value '210283-19500715-2183'", "'政治面貌' value '210283-********-2183'"),
        ("210283.19700315.0016", "210283.********.0016"),
        ("210 283 1970 0315 0016", "210 283 **** **** 0016"),
        (" 2102 8319 8003 150352 ", " 2102 83** **** **0352 "),
        ("２１０２８３１９７００３１５００１６", "２１０２８３********００１６"),
        ("２１０２８３－１９７００３１５－００１６", "２１０２８３－********－００１６"),
        ("210283\u300019700315\u30000016", "210283\u3000********\u30000016"),
        ("身份证210283197003150016号", "身份证210283********0016号"),
        ("21028319680506123 X", "210283********123 X"),
        ("ID:21028319700315001ｘ", "ID:210283********001ｘ"),
        # ID-like but not valid: month 13, a digit mistyped, an old number split
        ("210283197013450016", "210283********0016"),
        ("210283197003150017", "210283********0017"),
        ("210283 680506 123", "210283 ****** 123"),
        # several in a raw CSV row, and one followed by a year
        (
            "P3,210283 19480915 1559,备注 210283-19501015-0752",
            "P3,210283 ******** 1559,备注 210283-********-0752",
        ),
        ("210283197003150016 2020", "210283********0016 2020"),
    ],
)
def test_masking_finds_id_numbers_in_every_form_the_parser_reads(text: str, masked: str) -> None:
    assert mask_id_numbers_in(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "年度 2020",
        "电话 13800138000",
        "电话 138 0013 8000, 138-0013-8000",
        "+86 138 0013 8000 / 0086 138 0013 8000",
        "电话 13800138000 2020年",
        "收入 1,234,567.89 元, 1234567890123.45",
        "村代码 210283100201",
        "210283101201 210283101202",
        "210283101201 2020 / 2021",
        "户 210283101201000123, H210283101205001",
        "2018 2019 2020 2021",
        "1970.03.15 2020.12.31",
        "0411-8765 4321",
    ],
)
def test_masking_leaves_codes_years_phones_and_money_alone(text: str) -> None:
    assert mask_id_numbers_in(text) == text


_SEPARATORS = ["", " ", "-", ".", "  ", " - ", "\u3000", "－", "．", "\u2014"]


@given(
    st.dates(dt.date(1920, 1, 1), dt.date(2005, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["210283", "110105", "440305", "650102"]),
    st.lists(st.sampled_from(_SEPARATORS), min_size=17, max_size=17),
    st.booleans(),
    st.booleans(),
)
def test_a_valid_number_split_by_any_separators_is_masked(
    birth: dt.date,
    sequence: int,
    area: str,
    separators: list[str],
    full_width: bool,
    lower_x: bool,
) -> None:
    number = id_number(birth.strftime("%Y%m%d"), sequence, area)
    if lower_x:
        number = number.lower()
    chars = [chr(0xFF10 + int(c)) if full_width and c.isdigit() else c for c in number]
    hidden = ["*" if 6 <= i < 14 else char for i, char in enumerate(chars)]  # the birth date
    written = chars[0] + "".join(s + c for s, c in zip(separators, chars[1:], strict=True))
    expected = hidden[0] + "".join(s + c for s, c in zip(separators, hidden[1:], strict=True))
    text = f"“身份证号”的值“{written}”不是有效的公民身份号码"
    assert mask_id_numbers_in(text) == f"“身份证号”的值“{expected}”不是有效的公民身份号码"


@given(
    st.from_regex(r"[1-6][0-9]{11}", fullmatch=True),
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.integers(1949, 2030),
)
def test_division_codes_and_phone_numbers_are_left_alone(code: str, phone: str, year: int) -> None:
    for text in (
        code,
        phone,
        f"村代码{code},联系电话:{phone},{year}年",
        f"'所在村代码' value '{code}' / {year}; 电话 {phone}",
        f"{code} {code}",
    ):
        assert mask_id_numbers_in(text) == text


REPORT_WITH_ID = (
    "某村党支部书记（身份证号21028319680506123X）报告：全村党员133名，"
    "其中女党员42名，占党员总数的33.6%。联系人身份证号210283 19750315 3748。\n"
)


def _no_id_number(text: str) -> None:
    for raw in ("21028319680506123X", "19680506", "210283 19750315 3748", "19750315"):
        assert raw not in text


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "html"])
def test_a_reports_id_numbers_never_reach_the_checks_output(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT_WITH_ID, encoding="utf-8")
    main(["check", str(report), "--format", fmt])
    out = capsys.readouterr().out
    assert "42" in out and "133" in out  # the claim is still found and shown
    _no_id_number(out)
    assert "210283********123X" in out or fmt in ("json", "junit", "text")


def test_a_report_given_as_text_is_checked_with_its_id_numbers_masked_in_place() -> None:
    from partybuild_metrics.claims.extract.documents import Document

    check = pbm.check_document(Document("r.txt", REPORT_WITH_ID, "text"))
    _no_id_number(check.document.text)
    assert len(check.document.text) == len(REPORT_WITH_ID)  # every offset still in place
    row = check.results.iloc[0]
    assert check.document.text[row["offset"] :].startswith(row["quote"][:4])
    _no_id_number(pbm.highlighted_html([check]))


def test_a_claims_files_quotes_are_masked_in_the_output_and_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "claims.csv"
    pd.DataFrame(
        {
            "id": ["c1"],
            "kind": ["share"],
            "quote": ["书记21028319680506123X所在村女党员42名，占31.6%"],
            "numerator": ["42"],
            "denominator": ["133"],
            "percent": ["31.6"],
        }
    ).to_csv(table, index=False)
    for fmt in ("text", "json", "junit"):
        main(["check", str(table), "--format", fmt])
        out = capsys.readouterr().out
        assert "c1" in out
        _no_id_number(out)
    from partybuild_metrics.report.content import claims_table

    shown = claims_table(pbm.check_claims(table))
    assert "210283********123X" in str(shown.rows)
    _no_id_number(str(shown.rows))


def test_a_categorical_columns_id_numbers_are_masked_text_by_text() -> None:
    from partybuild_metrics.records.id_numbers import mask_id_numbers_in_texts

    column = pd.Series(pd.Categorical(["身份证21028319680506123X", "占比", None, "占比"]))
    assert mask_id_numbers_in_texts(column).tolist()[:2] == ["身份证210283********123X", "占比"]
    assert pd.isna(mask_id_numbers_in_texts(column).tolist()[2])
    plain = pd.Series(pd.Categorical(["占比", "64.8%"]))
    assert mask_id_numbers_in_texts(plain) is plain  # nothing to mask: the same column


def test_a_report_named_after_a_person_and_problems_show_id_numbers_masked(tmp_path: Path) -> None:
    """File names, and the problems on stderr that quote a cell or a column name."""
    import subprocess
    import sys

    report = tmp_path / "110101199003074514张三.txt"
    report.write_text("全县村党组织书记126名,其中大专及以上学历45名,占35.7%。", encoding="utf-8")
    table = tmp_path / "claims.csv"
    table.write_text("id,kind,quote,110101199003074514\na,share,q,x\n", encoding="utf-8")
    for command in (["check", str(report), str(table)], ["check", str(report), "--format", "json"],
                    ["extract", str(report)]):  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-m", "partybuild_metrics", *command],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert "110101199003074514" not in result.stdout + result.stderr, command
        assert "110101********4514" in result.stdout + result.stderr, command


@pytest.mark.parametrize("mark", ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200e"])
def test_an_id_number_with_an_invisible_character_inside_is_masked(mark: str) -> None:
    """A browser shows 1101\u200b01199003074514 as the whole number."""
    text = f"书记身份证号1101{mark}01199003074514。"
    from partybuild_metrics.records.id_numbers import mask_id_numbers_in

    masked = mask_id_numbers_in(text)
    assert "19900307" not in masked.replace(mark, "") and len(masked) == len(text)


def test_a_message_never_shows_the_birth_date_an_id_number_holds(tmp_path: Path) -> None:
    """The date a 出生年月 is checked against, and the invalid date of a mistyped number,
    would give back the digits the mask hides."""
    frame = roster()
    frame.loc[0, "出生年月"] = "1950.01"  # differs from 1968-05-06 in the ID number
    body = "21028319681332123"  # month 13
    frame.loc[1, "身份证号"] = body + ric.calc_check_digit(body)
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    rules = set(ds.quarantine["rule"])
    assert {"id_number_conflict", "bad_id_number"} <= rules
    shown = "\n".join(ds.quarantine.astype(str).to_numpy().ravel())
    for hidden in ("1968-05-06", "19680506", "19681332"):
        assert hidden not in shown
    full = pbm.read_dataset(county_with_roster(tmp_path / "s", frame), show_id_numbers=True)
    assert "1968-05-06" in "\n".join(full.quarantine["message_en"])


def test_an_id_number_typed_in_full_width_digits_is_the_same_number() -> None:
    full_width = A1_ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    assert read_id_number(full_width) == (A1_ID, None)
    assert read_id_number(full_width.lower()) == (A1_ID, None)  # ｘ as well as Ｘ
    assert read_id_number("٢١٠٢٨٣٦٨٠٥٠٦١٢٣") == (None, "id_length|15|15")


def test_a_records_folder_named_after_a_person_is_masked_where_commands_name_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = roster()
    frame.loc[0, "性别"] = "女"  # a quarantined row, so compute warns
    folder = county_with_roster(tmp_path / "110101199003074514张三", frame)
    quarantine = tmp_path / "110101199003074514.csv"
    main(["compute", str(folder), "--level", "county", "-o", str(tmp_path / "out.csv")])
    main(["validate", str(folder), "--quarantine", str(quarantine)])
    out, err = capsys.readouterr()
    assert "110101199003074514" not in out + err
    assert "see: partybuild-metrics validate" in err and "110101********4514" in err
