"""The figures of issue 29 recomputed independently — from the lake's Parquet files and manifest with plain DuckDB
and pandas, never the project's SQL — and compared with the project's answers (its questions and judgements).

Runs on the session's demo lake; `ISSUE29_LAKE=/path/to/lake` runs it on another (e.g. the default 30,000-person
demo lake the issue's figures come from: `python -m lake.demo --lake /tmp/lake29 --people 30000`)."""

import io
import json
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import duckdb
import openpyxl
import pandas as pd
import pytest

from assess import audit, districts, projection, welfare
from lake import policy, reference
from queries import engine, subsidy_audit
from testkit.apptest import assert_clean, open_app
from tests.conftest import _reset_caches
from ui import briefing
from ui.filters import all_district_codes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORGANIZED = ("政府部门组织", "社区(村)组织", "人力资源服务机构", "劳务经纪人")


@pytest.fixture
def lake(request, monkeypatch) -> Path:
    other = os.environ.get("ISSUE29_LAKE")
    if not other:
        return request.getfixturevalue("use_demo_lake")
    monkeypatch.setenv("LAKE_DIR", other)
    _reset_caches()
    return Path(other)


def read(lake: Path, table: str) -> pd.DataFrame:
    """A lake table straight from its Parquet files (the table folders hold only current files)."""
    return duckdb.sql(f"select * from read_parquet('{lake / table}/*/*.parquet', hive_partitioning = true, "
                      "union_by_name = true)").df()


def half_up(value, places=0) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def months_of(year: int, up_to: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, up_to + 1)]


def welfare_figures(lake: Path, month: str):
    """Per district and like-with-like total: distinct 脱贫劳动力 placed this year to `month` and in last year's same
    period and full year; the districts with a base (a roster reported last year, an empty one included)."""
    year, moy = int(month[:4]), int(month[5:])
    posts, roster = read(lake, "welfare_posts"), read(lake, "laborers")[["month", "person_id"]]
    placed = posts.merge(roster, on=["month", "person_id"])  # only months on that month's 脱贫劳动力 roster
    manifest = json.loads((lake / "manifest.json").read_text())
    reported = {(p["partition"], d) for p in manifest["partitions"].values() if p["table"] == "welfare_posts"
                for d in p.get("reported_districts", [])}
    reported |= set(zip(posts["month"], posts["district_code"], strict=True))
    based = {d for m, d in reported if m.startswith(f"{year - 1}-")}
    with_rows = {d for m, d in reported if m[:4] in (str(year), str(year - 1)) and m <= month}

    def persons(months, districts):
        rows = placed[placed["month"].isin(months) & placed["district_code"].isin(districts)]
        return rows["person_id"].nunique()

    this, same, full = months_of(year, moy), months_of(year - 1, moy), months_of(year - 1, 12)
    total_over = sorted(based & with_rows) or sorted(with_rows)
    return {
        "districts": {d: (persons(this, [d]), persons(same, [d]) if d in based else None,
                          persons(full, [d]) if d in based else None) for d in sorted(with_rows)},
        "total": (persons(this, total_over), persons(same, total_over), persons(full, total_over)),
        "left_out": tuple(sorted(with_rows - based)) if based & with_rows else (),
        "series": {y: [persons(months_of(y, k), total_over) for k in range(1, (moy if y == year else 12) + 1)]
                   for y in (year - 1, year)},
    }


@pytest.mark.parametrize("month", ["2025-10", "2026-10"])
def test_welfare_total_like_with_like_and_its_projection(lake, month):
    year = int(month[:4])
    mine = welfare_figures(lake, month)
    districts, total = welfare.compare(engine.run("welfare_posts_vs_last_year", {"month": month,
                                                                                 "districts": all_district_codes()}),
                                       year)
    m = welfare.measure(year)
    assert m.key == "placed_persons"
    got = {r["district_code"]: (r[m.this_year], None if pd.isna(r[m.same_period]) else r[m.same_period],
                                None if pd.isna(r[m.last_year]) else r[m.last_year])
           for r in districts.to_dict("records") if r["district_code"] in mine["districts"]}
    assert got == mine["districts"]
    assert (total[m.this_year], total[m.same_period], total[m.last_year]) == mine["total"]
    assert total[welfare.LEFT_OUT] == mine["left_out"]
    this, same = mine["total"][:2]
    assert total[welfare.VERDICT] == ("met" if this >= same else "not_met")
    if month == "2025-10":  # the demo's 洪山 did not report in 2024
        assert mine["left_out"] == ("420111",)
    # the year-end projection over the same districts: last December × this month ÷ last year's same month
    progress = engine.run("welfare_monthly_progress", {"month": month, "districts": all_district_codes()})
    row = projection.by_key(progress, m.this_year, month).set_index("district_code", drop=False)
    row = row[row["district_code"].isna()].iloc[0]
    last, now = mine["series"][year - 1], mine["series"][year]
    point = int(half_up(Decimal(last[11]) * Decimal(now[-1]) / Decimal(last[len(now) - 1])))
    assert (row["projected_year_end_count"], row["last_year_end_level_count"]) == (point, last[11])
    assert (row["projection_outlook"] == projection.BELOW) == (point < last[11])


def test_rent_since_start_at_both_ends(lake):
    claims = read(lake, "subsidy_claims")
    rent = claims[(claims["subsidy_type"] == "场地租金补贴") & (claims["month"] <= "2026-10")].copy()
    ent = read(lake, "entrepreneurs").groupby("person_id").agg(first_year=("year", "min"),
                                                              started_on=("started_on", "min"))
    rent = rent.join(ent, on="person_id", how="inner")
    rent = rent[rent["first_year"].astype(int) <= rent["month"].str[:4].astype(int)]
    max_months, per_month = policy.value("rent_subsidy_max_months", 2026), policy.value(
        "rent_subsidy_yuan_per_month", 2026)
    expected = {}
    for r in rent.to_dict("records"):
        paid = 1 if pd.isna(r["rent_months"]) else int(r["rent_months"])
        claim_n = int(r["month"][:4]) * 12 + int(r["month"][5:])
        if pd.isna(r["started_on"]):
            expected[r["claim_id"]] = float(r["amount_yuan"])
            continue
        start_n = r["started_on"].year * 12 + r["started_on"].month
        before = min(max(start_n - (claim_n - paid + 1), 0), paid)
        after = min(max(claim_n - (start_n + max_months - 1), 0), paid)
        if before + after:
            expected[r["claim_id"]] = float(min(r["amount_yuan"], min(before + after, paid) * per_month))
    flagged = subsidy_audit.flagged_claims("2026-10", all_district_codes())
    mine = flagged[flagged["rule_id"] == "rent_since_start"].set_index("claim_id")["at_risk_yuan"].to_dict()
    assert mine == expected
    planted = json.loads((lake / "manifest.json").read_text())["demo"]["planted_violations"]["rent_since_start"]
    assert sorted(mine) == planted  # the demo planted them at both ends and the audit finds exactly them
    starts = rent.set_index("claim_id")
    ends = {"before": 0, "after": 0}
    for claim_id in planted:
        r = starts.loc[claim_id]
        claim_n = int(r["month"][:4]) * 12 + int(r["month"][5:])
        start_n = r["started_on"].year * 12 + r["started_on"].month
        ends["before" if claim_n - int(r["rent_months"]) + 1 < start_n else "after"] += 1
    assert ends["before"] > 0 and ends["after"] > 0
    total = audit.summary(flagged)["at_risk_yuan"]
    assert total == pytest.approx(flagged.groupby("claim_id")["at_risk_yuan"].max().sum())


def test_organized_output_and_the_transport_roster_check_count_work_outside_the_township(lake):
    roster = read(lake, "laborers")
    outside = set(policy.value("town_outside_work_locations", 2026))
    organized = roster[roster["employed"] & roster["channel"].isin(ORGANIZED) & roster["work_location"].isin(outside)]
    now = organized[organized["month"] == "2026-10"].groupby("district_code").size()
    before = organized[organized["month"] == "2025-10"].groupby("district_code").size()
    had_roster = set(roster.loc[roster["month"] == "2025-10", "district_code"])
    answer = engine.run("organized_output_by_district", {
        "month": "2026-10", "districts": all_district_codes(), "town_outside_work_locations": sorted(outside)})
    rows = answer[~answer["is_total"]].set_index("district_code")
    for code, row in rows.iterrows():
        assert row["organized_count"] == now.get(code, 0), code
    compared = [c for c in rows.index if c in had_roster] or list(rows.index)
    total = answer[answer["is_total"]].iloc[0]
    assert total["organized_count"] == sum(now.get(c, 0) for c in compared)
    assert total["organized_last_year_count"] == sum(before.get(c, 0) for c in compared)
    at_home = roster[(roster["month"] == "2026-10") & roster["employed"] & roster["channel"].isin(ORGANIZED)
                     & (roster["work_location"] == "乡镇内")]
    assert len(at_home) > 0 and rows["organized_count"].sum() == len(organized[organized["month"] == "2026-10"])

    claims = read(lake, "subsidy_claims")
    transport = claims[(claims["subsidy_type"] == "交通补助") & (claims["month"] <= "2026-10")]
    roster_months = roster.groupby(roster["month"].str[:4])["month"].nunique()
    first_seen = roster.groupby("person_id")["month"].min()
    months_out = organized.groupby([organized["person_id"], organized["month"].str[:4]])["month"].nunique()
    expected = set()
    for r in transport.to_dict("records"):
        last_year = str(int(r["month"][:4]) - 1)
        if roster_months.get(last_year, 0) != 12 or r["person_id"] not in first_seen.index:
            continue
        if first_seen[r["person_id"]] <= r["month"] and months_out.get((r["person_id"], last_year), 0) < 3:
            expected.add(r["claim_id"])
    flagged = subsidy_audit.flagged_claims("2026-10", all_district_codes())
    assert set(flagged.loc[flagged["rule_id"] == "transport_roster_organized", "claim_id"]) == expected


def test_the_change_in_subsidies_paid_reads_the_same_on_both_pages(lake):
    claims = read(lake, "subsidy_claims")
    paid = {year: sum(Decimal(str(a)) for a in claims.loc[claims["month"].isin(months_of(year, 10)), "amount_yuan"])
            for year in (2025, 2026)}
    change = half_up((paid[2026] - paid[2025]) / 10_000, 2)
    shown = f"{'+' if change > 0 else ''}{change:,.2f} 万元"
    deltas = []
    for page in ("pages/overview.py", "pages/subsidies.py"):
        at = open_app(page)
        assert_clean(at)
        deltas.append(next(m.delta for m in at.metric if m.label == "本年已发放补贴"))
    assert all(d.startswith(shown) for d in deltas), (deltas, shown)


def test_the_town_drill_places_each_town_and_blanks_the_base_of_a_district_without_one(lake):
    month, year = "2025-10", 2025
    posts, roster = read(lake, "welfare_posts"), read(lake, "laborers")[["month", "person_id"]]
    placed = posts.merge(roster, on=["month", "person_id"])
    based = welfare_figures(lake, month)["districts"]
    for code in ("420111", "420116"):  # 洪山 did not report in 2024; 黄陂 did
        towns = districts.with_welfare_baseline(engine.run("district_towns", {"month": month, "districts": [code]}))
        towns = towns[~towns["is_total"] & towns["town_code"].notna()].set_index("town_code")
        here = placed[placed["district_code"] == code]
        this = here[here["month"].isin(months_of(year, 10))].groupby("town_code")["person_id"].nunique()
        same = here[here["month"].isin(months_of(year - 1, 10))].groupby("town_code")["person_id"].nunique()
        has_base = based[code][1] is not None
        assert has_base == (code == "420116")
        for town, row in towns.iterrows():
            assert row["welfare_placed_count"] == this.get(town, 0), town
            if has_base:
                assert row["welfare_placed_last_year_same_period_count"] == same.get(town, 0), town
                assert row["welfare_placed_change_count"] == this.get(town, 0) - same.get(town, 0), town
            else:  # 无基期: blank, never 0 (八吉府 placed 8 against "0" in the issue)
                assert pd.isna(row["welfare_placed_last_year_same_period_count"]), town
                assert pd.isna(row["welfare_placed_change_count"]), town
        assert this.sum() > 0


def test_rates_on_the_district_page_and_its_export_are_the_counts_rounded_once(lake, downloads):
    """区域对比's 有劳动能力和就业意愿的就业率 and 省外务工占比 per district, from the roster's counts with exact
    decimals, rounded once half up to one decimal: as the page's table and its workbook show them."""
    roster = read(lake, "laborers")
    now = roster[roster["month"] == "2026-10"]
    able = now[now["able_to_work"] & now["willing_to_work"]]
    mine = {}
    for code, rows in now.groupby("district_code"):
        willing = able[able["district_code"] == code]
        employed = rows[rows["employed"]]
        rate = half_up(Decimal(100) * int(willing["employed"].sum()) / len(willing), 1) if len(willing) else None
        out = (half_up(Decimal(100) * int((employed["work_location"] == "省外").sum()) / len(employed), 1)
               if len(employed) else None)
        mine[code] = (rate, out)
    at = open_app("pages/districts.py", month="2026-10")
    assert_clean(at)
    names = {v: k for k, v in reference.district_names().items()}
    table = next(d.value for d in at.dataframe if "able_willing_employment_rate_pct" in d.value.columns)
    shown = {}
    for row in table.to_dict("records"):
        code = names.get(row["district_name"])
        if code in mine:
            shown[code] = tuple(None if pd.isna(row[c]) else Decimal(repr(row[c])) for c in (
                "able_willing_employment_rate_pct", "out_of_province_pct"))
    assert shown == mine
    book = openpyxl.load_workbook(io.BytesIO(downloads[XLSX])).worksheets[0]
    header = [c.value for c in book[4]]
    rate_col = header.index("有劳动能力和就业意愿的就业率") + 1
    in_book = {names.get(r[0].value): r[rate_col - 1].value for r in book.iter_rows(min_row=6) if r[0].value in names}
    assert {c: None if v is None else Decimal(repr(v)) for c, v in in_book.items() if c in mine} == {
        c: rate for c, (rate, _) in mine.items() if c in in_book}


def test_the_briefing_of_2025_10_judges_the_same_districts(lake, monkeypatch):
    """The 2025-10 通报's 公益性岗位 table (built with tables only): each district's placements and base as recomputed
    (无基期 blank), the total over the districts with a base, named, and its verdict."""
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")  # tables only: no charts to draw
    mine = welfare_figures(lake, "2025-10")
    document = docx.Document(io.BytesIO(briefing.make("2025-10").docx))
    rows = next(t for t in ([[c.text for c in r.cells] for r in table.rows] for table in document.tables)
                if any(r[1] == "洪山区" for r in rows_of(t)) and "安置" in "".join(t[0]))
    heads = [h.replace("\n", "") for h in rows[0]]
    placed, same = heads.index("公益性岗位年内累计安置人数（人）"), heads.index("上年同期累计安置人数（人）")
    names = {v: k for k, v in reference.district_names().items()}
    shown = {names[r[1]]: (int(r[placed].replace(",", "")), None if r[same] == "—" else int(r[same].replace(",", "")))
             for r in rows[1:] if r[1] in names}
    assert shown == {code: figures[:2] for code, figures in mine["districts"].items()}
    total = rows[-1]
    assert total[0] == "合计（不含无基期的洪山区）" and mine["left_out"] == ("420111",)
    this, base = mine["total"][:2]
    assert (int(total[placed].replace(",", "")), int(total[same].replace(",", ""))) == (this, base)
    assert total[2].endswith("未达到" if this < base else "达到")


def rows_of(table: list[list[str]]) -> list[list[str]]:
    return [r for r in table[1:] if len(r) > 1]
