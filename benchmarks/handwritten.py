"""What an analyst would write by hand: plain pandas on the Parquet files, no library.

Computes 22 indicators for 2020 at every level (grouping by code prefix as strings),
returning {(indicator, level): DataFrame[code, numerator, denominator]}.
"""

from __future__ import annotations

import pandas as pd

LEVELS = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
YEAR = 2020


def _share(frame: pd.DataFrame, key: pd.Series, hit: pd.Series) -> pd.DataFrame:
    grouped = pd.DataFrame({"code": key, "numerator": hit.astype(int), "denominator": 1}).groupby(
        "code"
    )
    return grouped.sum().reset_index()


def _count(key: pd.Series, hit: pd.Series) -> pd.DataFrame:
    counted = (
        pd.DataFrame({"code": key, "numerator": hit.astype(int)})
        .groupby("code")
        .sum()
        .reset_index()
    )
    return counted.assign(denominator=pd.NA)


def compute_by_hand(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], pd.DataFrame]:
    v = tables["villages"]
    v = v[v["year"] == YEAR]
    c = tables["cadres"]
    c = c[c["year"] == YEAR]
    inc = tables["collective_income"]
    h = tables["poverty_households"]
    f = tables["first_secretaries"]
    s = tables["spot_checks"]
    sec = c[c["secretary"]]
    dual_villages = set(sec.loc[sec["director"], "village_code"])
    college = ["大专", "本科", "研究生"]
    age = YEAR - c["birth_date"].dt.year  # every birthday has passed by 31 December
    inc_now = inc[inc["year"] == YEAR].set_index("village_code")["income_yuan"]
    inc_before = inc[inc["year"] == YEAR - 1].set_index("village_code")["income_yuan"]
    hollow_before = inc_before[inc_before == 0].index
    registered = h[h["registered_year"] <= YEAR]
    exited = registered["exit_year"].notna() & (registered["exit_year"] <= YEAR)
    in_post = f[
        (f["start_date"] <= f"{YEAR}-12-31")
        & (f["end_date"].isna() | (f["end_date"] >= f"{YEAR}-01-01"))
    ]
    poor = v[v["registered_poor"]]
    out: dict[tuple[str, str], pd.DataFrame] = {}
    for level, n in LEVELS.items():
        vk, ck, sk = (
            v["village_code"].str[:n],
            c["village_code"].str[:n],
            sec["village_code"].str[:n],
        )
        out["village_count", level] = _count(vk, pd.Series(True, index=v.index))
        out["secretary_count", level] = _count(sk, pd.Series(True, index=sec.index))
        out["member_count", level] = _count(ck, pd.Series(True, index=c.index))
        out["one_person_two_posts_share", level] = _share(
            v, vk, v["village_code"].isin(dual_villages)
        )
        out["secretary_college_share", level] = _share(sec, sk, sec["education"].isin(college))
        out["member_college_share", level] = _share(c, ck, c["education"].isin(college))
        out["secretary_industry_project_share", level] = _share(
            sec, sk, sec["industry_project"].fillna(False)
        )
        out["female_share", level] = _share(c, ck, c["sex"] == "女")
        out["party_member_share", level] = _share(c, ck, c["party_member"].fillna(False))
        known = c["birth_date"].notna()
        mean = pd.DataFrame({"code": ck[known], "numerator": age[known], "denominator": 1})
        out["cadre_mean_age", level] = mean.groupby("code").sum().reset_index()
        out["cadre_age_share", level] = _share(c[known], ck[known], age[known] >= 60)
        out["weak_lax_share", level] = _share(v, vk, v["weak_lax"].fillna(False))
        weak = v[v["weak_lax"].fillna(False)]
        out["weak_lax_rectified_share", level] = _share(
            weak, weak["village_code"].str[:n], weak["weak_lax_rectified"].fillna(False)
        )
        low = v[v["low_income"].fillna(False)]
        lk = low["village_code"].str[:n]
        out["low_income_industry_coverage", level] = _share(
            low, lk, low["industry_project"].fillna(False)
        )
        out["low_income_delisted_share", level] = _share(low, lk, low["delisted"].fillna(False))
        rk = registered["village_code"].str[:n]
        out["poverty_household_exit_rate", level] = _share(registered, rk, exited)
        persons = pd.DataFrame(
            {
                "code": rk,
                "numerator": registered["persons"] * exited,
                "denominator": registered["persons"],
            }
        )
        out["poverty_person_exit_rate", level] = persons.groupby("code").sum().reset_index()
        now = inc_now.reset_index()
        nk = now["village_code"].str[:n]
        out["hollow_village_count", level] = _count(nk, now["income_yuan"] == 0)
        out["income_at_least_5w_share", level] = _share(now, nk, now["income_yuan"] >= 50_000)
        total = (
            pd.DataFrame({"code": nk, "numerator": now["income_yuan"].round().astype("int64")})
            .groupby("code")
            .sum()
        )
        out["income_total", level] = total.reset_index().assign(denominator=pd.NA)
        base = pd.Series(hollow_before)
        broke = inc_now.reindex(base).fillna(0).to_numpy() > 0
        out["breakout_rate", level] = _share(base, base.str[:n], pd.Series(broke, index=base.index))
        covered = poor["village_code"].isin(set(in_post["village_code"]))
        out["first_secretary_coverage", level] = _share(poor, poor["village_code"].str[:n], covered)
    del s
    return out
