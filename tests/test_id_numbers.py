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
    assert "1968.06" in q.loc[3, "message_en"] and "1968-05-06" in q.loc[3, "message_en"]
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
