"""The demo lake's registers for the work plan's measures (issue 18), kept apart from lake/demo.py so that the two
change independently. They are drawn from their own random stream and from the roster the generator has written,
so they agree with it: a town's brokers place the persons the roster shows placed through 劳务经纪人.

Shape, by design: the broker system grows year by year and leaves some towns uncovered; 春风行动 after the
Spring Festival, 就业援助月 in January, 民营企业招聘月 in May, 金秋招聘月 in September; 市级返乡创业园区认定 of
the city's parks spread over the years, one or two provincial applications a year with mixed results; two
返乡创业带头人 per district and year from the entrepreneurs who employ the most; most projects in a park got
开业指导 and 创业培训.
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lake.schema import TABLES

BROKER_TOWN_SHARE = (0.55, 0.7, 0.8)  # share of towns with broker placements that have a registered broker, by year
CAMPAIGN_MONTHS = {"就业援助月": (1,), "春风行动": (2, 3), "民营企业招聘月": (5,), "金秋招聘月": (9,)}
CAMPAIGN_REACH = {"就业援助月": 0.03, "春风行动": 0.06, "民营企业招聘月": 0.02, "金秋招聘月": 0.04}  # of the roster
PARK_SERVICE_SHARE = {True: (0.85, 0.7), False: (0.3, 0.25)}  # in a park: (开业指导, 创业培训)


class MeasureBook:
    """Observes the roster as it is written and writes the yearly registers of the plan's measures."""

    def __init__(self, gen):
        self.gen = gen
        self.rng = np.random.default_rng(gen.seed + 1800)
        self.year_end: dict[int, dict] = {}  # year -> facts of the year's last roster month
        self.entrepreneurs_by_year: dict[int, pa.Table] = {}

    def observe(self, table: str, value: str, data: pa.Table) -> None:
        """Remember, for each year's last roster month, per town: persons placed through 劳务经纪人, villages on the
        roster; per district: roster size."""
        if table != "laborers" or value != max(m for m in self.gen.months if m[:4] == value[:4]):
            return
        frame = data.select(["district_code", "town_code", "village", "employed", "channel"]).to_pandas()
        placed = frame[frame["employed"] & (frame["channel"] == "劳务经纪人")].groupby("town_code").size()
        self.year_end[int(value[:4])] = {
            "month_of_year": int(value[5:]),
            "broker_placed": placed.to_dict(),
            "villages": frame.groupby("town_code")["village"].nunique().to_dict(),
            "town_district": frame.drop_duplicates("town_code").set_index("town_code")["district_code"].to_dict(),
            "roster": frame.groupby("district_code").size().to_dict(),
        }

    def entrepreneurs(self, year: int, data: pa.Table) -> pa.Table:
        """The 返乡创业 roster with whether each project got 开业指导 and 创业培训 (more often in a park)."""
        in_park = np.asarray(pc.is_valid(data["park_id"]).to_numpy(zero_copy_only=False), bool)
        n = len(in_park)
        draws = [np.where(in_park, PARK_SERVICE_SHARE[True][k], PARK_SERVICE_SHARE[False][k]) for k in (0, 1)]
        data = (data.append_column("got_opening_guidance", pa.array(self.rng.random(n) < draws[0]))
                .append_column("got_startup_training", pa.array(self.rng.random(n) < draws[1])))
        self.entrepreneurs_by_year[year] = data
        return data

    def tables(self) -> list[tuple[str, str, pa.Table]]:
        """(table, year, data) of every register for every year of the lake."""
        out = []
        for year, facts in sorted(self.year_end.items()):
            out += [("labor_brokers", str(year), self._brokers(year, facts)),
                    ("service_campaigns", str(year), self._campaigns(facts)),
                    ("startup_records", str(year), self._records(year)),
                    ("startup_leaders", str(year), self._leaders(self.entrepreneurs_by_year.get(year)))]
        return out

    def _brokers(self, year: int, facts: dict) -> pa.Table:
        rows = []
        share = BROKER_TOWN_SHARE[min(year - 2024, len(BROKER_TOWN_SHARE) - 1)]
        for town, placed in sorted(facts["broker_placed"].items()):
            # a stable draw per town, so a town covered one year stays covered the next
            if np.random.default_rng([self.gen.seed, int(town)]).random() >= share:
                continue
            brokers = max(1, min(4, placed // 6))
            split = self.rng.multinomial(placed, np.full(brokers, 1 / brokers))
            # the brokers of a town reach a share of its villages that widens year by year (拓宽覆盖面)
            reach = facts["villages"].get(town, 1) * (self.rng.uniform(0.3, 0.7) + 0.1 * (year - 2024))
            for k in range(brokers):
                rows.append({"broker_id": f"B{town}{k + 1:02d}", "district_code": facts["town_district"][town],
                             "town_code": town, "villages_covered": max(1, round(reach / brokers)),
                             "persons_placed": int(split[k])})
        return pa.Table.from_pylist(rows, schema=TABLES["labor_brokers"].schema)

    def _campaigns(self, facts: dict) -> pa.Table:
        rows = []
        for district, roster in sorted(facts["roster"].items()):
            for campaign, months in CAMPAIGN_MONTHS.items():
                for moy in months:
                    if moy > facts["month_of_year"]:
                        continue
                    served = int(self.rng.poisson(roster * CAMPAIGN_REACH[campaign] / len(months)))
                    rows.append({"campaign": campaign, "district_code": district, "month_of_year": moy,
                                 "laborers_served": served,
                                 "jobs_offered": int(served * self.rng.uniform(3, 8)),
                                 "laborers_placed": int(self.rng.binomial(served, self.rng.uniform(0.1, 0.3)))})
        return pa.Table.from_pylist(rows, schema=TABLES["service_campaigns"].schema)

    def _records(self, year: int) -> pa.Table:
        parks = [c for c in self.gen.carriers if c["kind"] == "返乡创业园区"]
        rows = []
        for i, park in enumerate(parks):
            if park["level"] == "市级" and 2024 + i % 3 == year:  # each city-level park recognised once
                rows.append(("市级返乡创业园区认定", "已认定", park))
            if park["level"] == "省级" and 2024 + i % 3 == year:
                rows.append(("省级返乡创业示范园申报", ("已认定", "未通过", "已申报")[i % 3], park))
        districts = sorted({p["town"]["district_code"] for p in parks})
        county = districts[(year - 2024) % len(districts)]
        rows.append(("省级返乡创业示范县(区)申报", ("已认定", "未通过", "已申报")[(year - 2024) % 3],
                     {"town": {"district_code": county, "town_code": None}, "carrier_id": None}))
        for _ in range(int(self.rng.integers(2, 5))):
            park = parks[int(self.rng.integers(len(parks)))]
            rows.append(("省级返乡创业示范项目申报", ("已认定", "已申报", "未通过")[int(self.rng.integers(3))], park))
        return pa.Table.from_pylist([
            {"record_id": f"R{year}{n + 1:03d}", "kind": kind, "status": status,
             "district_code": park["town"]["district_code"], "town_code": park["town"]["town_code"],
             "park_id": park["carrier_id"] if kind != "省级返乡创业示范项目申报" else None}
            for n, (kind, status, park) in enumerate(rows)], schema=TABLES["startup_records"].schema)

    def _leaders(self, entrepreneurs: pa.Table | None) -> pa.Table:
        if entrepreneurs is None or len(entrepreneurs) == 0:
            return TABLES["startup_leaders"].schema.empty_table()
        frame = entrepreneurs.to_pandas()
        leaders = (frame.sort_values(["employs_laborers", "person_id"], ascending=[False, True])
                   .groupby("district_code", sort=True).head(2))
        return pa.Table.from_pandas(leaders[list(TABLES["startup_leaders"].schema.names)].reset_index(drop=True),
                                    schema=TABLES["startup_leaders"].schema, preserve_index=False)
