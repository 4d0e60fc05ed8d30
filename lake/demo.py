"""Deterministic demo lake (模拟数据) with the realistic shape of DESIGN §7.

The same seed and size give byte-identical Parquet files. Laborers are streamed month by month: only per-person
state (a few small numpy arrays) is held, never the lake. Shape, by design:
- most persons in 黄陂、新洲、江夏、蔡甸, few in 东西湖、汉南、洪山, a handful in 汉阳, none in the other central
  districts;
- work location 30% 乡镇内 / 16% 乡镇外区内 / 18% 区外省内 / 35.5% 省外 / 0.5% 境外 (2020 national shares; the
  survey's 46% within the county is split 30/16 by assumption), incomes by industry and location from NBS 2024
  (农民工监测调查报告: 本地 for 乡镇内, 外出 elsewhere), age around 43;
- persons enter and leave employment month to month (a Markov chain around each district's yearly target);
- district trends differ (黄陂、蔡甸 rising, 江夏 falling in 2026, 新洲 flat);
- 公益性岗位: 新洲 places fewer persons in 2026 than in 2025; 洪山 starts in 2025 (无基期 for 2025);
- 示范乡镇: a set of model towns passes all 10 indicators, other towns fail one to three;
- subsidy claims are clean except a known, recorded number of planted violations per rule (manifest demo section):
  rent is paid only within a business's first 36 months (entrepreneurs.started_on), 交通补助 only to persons whose
  previous year's rosters show 3 or more organized months (from 2025: the lake has no 2023 roster).
"""

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lake import manifest as mf
from lake import policy, reference
from lake.demo_measures import MeasureBook
from lake.schema import (
    CARRIER_KINDS,
    CHANNELS,
    EMPLOYMENT_FORMS,
    GENDERS,
    HOUSEHOLD_TYPES,
    INDUSTRIES,
    LABOR_SKILLS,
    ORGANIZED_CHANNELS,
    POST_TYPES,
    TABLES,
    WORK_LOCATIONS,
)

FIRST_MONTH, LAST_MONTH = (2024, 1), (2026, 10)
DEFAULT_PEOPLE = 30_000
DEFAULT_SEED = 20261028

DISTRICT_WEIGHTS = {  # share of the city's 脱贫劳动力, in ‰
    "420116": 280, "420117": 250, "420115": 170, "420114": 140, "420112": 55, "420113": 55, "420111": 45,
    "420105": 5,
}
# Target employment rate of the able and willing, per district and year (2024, 2025, 2026).
EMPLOYMENT_TARGETS = {
    "420116": (0.90, 0.92, 0.94), "420117": (0.92, 0.92, 0.915), "420115": (0.92, 0.915, 0.87),
    "420114": (0.88, 0.90, 0.93), "420112": (0.93, 0.93, 0.93), "420113": (0.87, 0.89, 0.90),
    "420111": (0.94, 0.93, 0.92), "420105": (0.90, 0.90, 0.90),
}
# Yearly probability of holding a 乡村公益性岗位 (before the priority multiplier), per district and year.
WELFARE_RATES = {
    "420116": (0.030, 0.031, 0.033), "420117": (0.034, 0.035, 0.024), "420115": (0.030, 0.030, 0.032),
    "420114": (0.028, 0.029, 0.031), "420112": (0.020, 0.021, 0.022), "420113": (0.030, 0.031, 0.032),
    "420111": (0.000, 0.020, 0.022), "420105": (0.000, 0.000, 0.000),
}
LOCATION_SHARES = (0.30, 0.16, 0.18, 0.355, 0.005)  # by WORK_LOCATIONS
# (district, year) that sent no 公益性岗位 roster at all (its posts are zero anyway): 无基期 the year after.
WELFARE_NOT_REPORTED = (("420111", 2024),)
INDUSTRY_SHARES = (0.12, 0.25, 0.20, 0.10, 0.07, 0.09, 0.10, 0.07)
# NBS 2024 average monthly income by industry (元); 农林牧渔 and 其他 are estimates.
INDUSTRY_INCOME = (3600, 4978, 5743, 4362, 5635, 4141, 4023, 4500)
LOCATION_INCOME_FACTOR = (4291 / 4961, 5634 / 4961, 5634 / 4961, 5634 / 4961 * 1.02, 1.6)
CHANNEL_SHARES = (0.08, 0.07, 0.06, 0.04, 0.08, 0.0, 0.03, 0.64)  # 公益性岗位 is assigned per year, not preferred
FORM_SHARES = (0.66, 0.18, 0.16)  # 全日制 / 非全日制 / 新就业形态 for wage work
CONTRACT_PROB = (0.78, 0.30, 0.20, 0.92, 0.0)  # by employment form
INSURANCE_PROB = (0.70, 0.25, 0.30, 0.95, 0.35)
VILLAGE_STEMS = ("王家", "李家", "张家", "刘家", "陈家", "杨家", "胡家", "周家", "吴家", "徐家", "朱家", "高家")
VILLAGE_ENDINGS = ("湾村", "岗村", "畈村", "咀村", "河村", "店村", "岭村", "垸村")

# Planted subsidy-rule violations: rule id -> how many claims break exactly that rule (and nothing else).
RULES = (
    "claimant_in_roster", "startup_amount", "startup_once", "startup_is_entrepreneur", "loan_cap", "rent_amount",
    "rent_max_months", "hiring_amount", "hiring_contract", "hiring_employed", "hiring_insured",
    "hiring_once_per_enterprise",
    "transport_organized_months", "transport_amount", "transport_once_a_year", "flexible_form", "flexible_amount_cap",
    "loan_is_entrepreneur", "rent_is_entrepreneur", "rent_since_start", "transport_roster_organized",
)
# 培训需求: the roster asks from this year on; share of the untrained who ask for skill training, per district.
WISHES_FROM = 2025
TRAINING_WISH_GAP = {
    "420116": 0.08, "420117": 0.14, "420115": 0.18, "420114": 0.06, "420112": 0.10, "420113": 0.12, "420111": 0.09,
    "420105": 0.10,
}
# The trade of a skill training: a brand member trains in the brand's own trade with this probability.
BRAND_OWN_TRADE_SHARE = 0.6
OTHER_TRADES = ("电工", "焊工", "中式烹调师", "育婴员", "电子商务", "农业技术", "保安员", "养老护理员")
PLANTED_COUNTS = {rule: 2 + i % 4 for i, rule in enumerate(RULES)}


class DemoError(Exception):
    """A bad argument or lake folder; the message is Chinese and says what to do."""


def months() -> list[str]:
    (y, m), out = FIRST_MONTH, []
    while (y, m) <= LAST_MONTH:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _progress(done: int, total: int, label: str) -> None:
    """A progress bar on a terminal; a line every few steps in a log."""
    filled = round(30 * done / total)
    line = f"生成演示数据 [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {label:<12}"
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if done == total else ""))
    elif done % 6 == 0 or done == total:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _strings(values) -> pa.Array:
    return pa.array(list(values), pa.string())


class Population:
    """Per-person attributes that do not change month to month (plus the move and roster months)."""

    def __init__(self, rng: np.random.Generator, people: int, n_months: int):
        self.n = people
        districts = list(DISTRICT_WEIGHTS)
        weights = np.array([DISTRICT_WEIGHTS[d] for d in districts], float)
        self.district_codes = districts
        rural = {d: [t for t in reference.towns() if t["district_code"] == d and t["is_rural"]] for d in districts}
        if "420105" in rural and not rural["420105"]:
            rural["420105"] = [t for t in reference.towns() if t["district_code"] == "420105"][:2]
        self.town_rows = [t for d in districts for t in rural[d]]
        self.town_codes = [t["town_code"] for t in self.town_rows]
        town_district = np.array([districts.index(t["district_code"]) for t in self.town_rows])
        self.town_district = town_district
        town_weight = rng.uniform(0.3, 1.7, len(self.town_rows))

        self.district = rng.choice(len(districts), people, p=weights / weights.sum()).astype(np.int8)
        self.town = np.empty(people, np.int16)
        for d in range(len(districts)):
            members = np.flatnonzero(self.district == d)
            candidates = np.flatnonzero(town_district == d)
            p = town_weight[candidates] / town_weight[candidates].sum()
            self.town[members] = rng.choice(candidates, len(members), p=p)
        # 0.5% move to another district during the period (the roster shows them in the new one afterwards).
        self.move_month = np.where(rng.random(people) < 0.005, rng.integers(1, n_months, people), n_months)
        self.new_town = np.empty(people, np.int16)
        for d in range(len(districts)):
            members = np.flatnonzero(self.district == d)
            others = np.flatnonzero((town_district != d) & (town_weight > 0))
            self.new_town[members] = rng.choice(others, len(members))
        # Roster: most persons are there from the start; some are identified later; a few leave.
        self.entry_month = np.where(rng.random(people) < 0.93, 0, rng.integers(1, n_months, people))
        self.exit_month = np.where(rng.random(people) < 0.04, rng.integers(1, n_months + 1, people), n_months)
        self.exit_month = np.maximum(self.exit_month, self.entry_month + 1)

        self.person_id = _strings(f"P{x:010d}" for x in rng.choice(10**10, people, replace=False))
        self.village_names = [s + e for s in VILLAGE_STEMS for e in VILLAGE_ENDINGS]
        self.village = rng.integers(0, len(self.village_names), people).astype(np.int16)
        self.gender = (rng.random(people) < 0.45).astype(np.int8)  # 0 男, 1 女
        age = np.clip(np.round(rng.normal(43, 11, people)), 17, 69)
        self.birth_year = (2024 - age).astype(np.int64)
        self.household = rng.choice(4, people, p=(0.85, 0.06, 0.06, 0.03)).astype(np.int8)
        self.skill = rng.choice(5, people, p=(0.58, 0.22, 0.14, 0.04, 0.02)).astype(np.int8)
        self.able = self.skill <= 2
        self.willing = self.able & (rng.random(people) < 0.96)
        self.location = rng.choice(len(WORK_LOCATIONS), people, p=LOCATION_SHARES).astype(np.int8)
        self.industry = rng.choice(8, people, p=INDUSTRY_SHARES).astype(np.int8)
        self.channel = rng.choice(8, people, p=CHANNEL_SHARES).astype(np.int8)
        self.form = rng.choice(3, people, p=FORM_SHARES).astype(np.int8)
        self.income_factor = rng.lognormal(0.0, 0.22, people)
        # Months since 2019-01 when a 返乡创业 person started: about one in ten in 2019—2020 (in the roll, past the
        # 3 years of rent subsidy by 2024), the rest spread over 2021-01 to 2026-10, so that most rent is claimed
        # within a business's first 36 months, as the plan's "最长不超过3年" expects.
        draw = rng.integers(0, 95, people)  # one draw as before, so every later attribute stays the same
        self.started_on = np.where(draw < 10, draw * 12 // 5, 24 + (draw - 10) * 70 // 85)
        self.brand = np.full(people, -1, np.int8)
        for b, brand in enumerate(reference.labor_brands()):
            in_trade = (np.array(self.district_codes)[self.district] == brand["district_code"]) & (
                self.industry == INDUSTRIES.index(brand["industry"]))
            self.brand[in_trade & (rng.random(people) < 0.35)] = b
        self.welfare_priority = np.where((self.skill == 2) | (self.household > 0), 3.0, 1.0)
        self.train_skill_month = np.full(people, 99, np.int8)
        self.train_startup_month = np.full(people, 99, np.int8)

    def district_code_at(self, month_index: int) -> np.ndarray:
        town = self.town_at(month_index)
        return self.town_district[town]

    def town_at(self, month_index: int) -> np.ndarray:
        return np.where(month_index >= self.move_month, self.new_town, self.town)


def _carriers(rng: np.random.Generator, pop: Population) -> list[dict]:
    """Assistance carriers and parks: stable ids, a few per district, in some towns only."""
    rows = []
    for d, code in enumerate(pop.district_codes):
        towns = [pop.town_rows[t] for t in np.flatnonzero(pop.town_district == d)]
        if not towns or DISTRICT_WEIGHTS[code] < 20:
            continue
        chosen = rng.choice(len(towns), max(1, round(len(towns) * 0.6)), replace=False)
        for k, t in enumerate(sorted(chosen)):
            kind = CARRIER_KINDS[k % 3]
            rows.append({"carrier_id": f"C{code}{len(rows):04d}", "kind": kind, "town": towns[t],
                         "level": "区级" if k % 4 else "市级", "name": f"{towns[t]['town_name']}{kind}"})
        for k in range(2):
            town = towns[int(rng.integers(len(towns)))]
            rows.append({"carrier_id": f"C{code}{len(rows):04d}", "kind": "返乡创业园区", "town": town,
                         "level": ("省级", "市级")[k], "name": f"{town['town_name']}返乡创业园"})
    return rows


class Generator:
    def __init__(self, lake: Path, people: int, seed: int):
        self.lake, self.people, self.seed = lake, people, seed
        self.rng = np.random.default_rng(seed)
        self.months = months()
        self.pop = Population(self.rng, people, len(self.months))
        self.carriers = _carriers(self.rng, self.pop)
        self._assign_carriers()
        self.model_towns = self._model_towns()
        self.measures = MeasureBook(self)
        self.manifest = mf.new_manifest(is_demo=True)

    def _assign_carriers(self) -> None:
        pop = self.pop
        self.carrier_of = np.full(pop.n, -1, np.int32)
        self.park_of = np.full(pop.n, -1, np.int32)
        for d in range(len(pop.district_codes)):
            station = [i for i, c in enumerate(self.carriers) if c["kind"] != "返乡创业园区"
                       and c["town"]["district_code"] == pop.district_codes[d]]
            parks = [i for i, c in enumerate(self.carriers) if c["kind"] == "返乡创业园区"
                     and c["town"]["district_code"] == pop.district_codes[d]]
            members = np.flatnonzero(pop.district == d)
            if station:
                self.carrier_of[members] = self.rng.choice(station, len(members))
            if parks:
                in_park = members[self.rng.random(len(members)) < 0.4]
                self.park_of[in_park] = self.rng.choice(parks, len(in_park))
        no_carrier = (pop.channel == CHANNELS.index("帮扶载体")) & (self.carrier_of < 0)
        pop.channel[no_carrier] = CHANNELS.index("自主就业")

    def _model_towns(self) -> dict[int, set[int]]:
        """Town indexes that pass every indicator, per year: a stable core plus a few that join later."""
        candidates = [i for i, t in enumerate(self.pop.town_rows) if t["is_model_town_candidate"]]
        order = self.rng.permutation(candidates)
        core = set(order[: len(order) // 5].tolist())
        extra = order[len(order) // 5:]
        return {2024: core, 2025: core | set(extra[:2].tolist()), 2026: core | set(extra[:4].tolist())}

    # ---- the work plan's measures (issue 18), drawn from their own random stream so the rest stays as it was ----
    def _measures_rng(self) -> np.random.Generator:
        if not hasattr(self, "_measures_random"):
            self._measures_random = np.random.default_rng(self.seed + 18)
        return self._measures_random

    def _training_wishes(self, year: int, rows: np.ndarray) -> dict:
        """培训需求 asked from 2025 (null before): most who train this year had asked for it; some who asked are
        not trained (the gap), more in some districts than in others."""
        pop = self.pop
        if year < WISHES_FROM:
            empty = pa.nulls(len(rows), pa.bool_())
            return {"wants_skill_training": empty, "wants_startup_training": empty}
        if getattr(self, "_wish_year", None) != year:
            rng = self._measures_rng()
            untrained_wish = np.array([TRAINING_WISH_GAP[c] for c in pop.district_codes])[pop.district]
            will_train = pop.train_skill_month < 99
            self._wants_skill = pop.able & np.where(will_train, rng.random(pop.n) < 0.85,
                                                    rng.random(pop.n) < untrained_wish)
            starter = pop.channel == CHANNELS.index("返乡创业")
            will_start = pop.train_startup_month < 99
            self._wants_startup = pop.able & np.where(will_start, rng.random(pop.n) < 0.8,
                                                      rng.random(pop.n) < np.where(starter, 0.3, 0.015))
            self._wish_year = year
        return {"wants_skill_training": pa.array(self._wants_skill[rows]),
                "wants_startup_training": pa.array(self._wants_startup[rows])}

    def _training_trades(self, year: int, moy: int, rows: np.ndarray) -> pa.Array:
        """The trade of this year's skill training: a brand member mostly trains in the brand's trade, others in
        common trades; empty until trained."""
        pop = self.pop
        if getattr(self, "_trade_year", None) != year:
            rng = self._measures_rng()
            brand_trades = [b["trade"] for b in reference.labor_brands()]
            trades = brand_trades + list(OTHER_TRADES)
            other = rng.integers(len(brand_trades), len(trades), pop.n)
            in_own = (pop.brand >= 0) & (rng.random(pop.n) < BRAND_OWN_TRADE_SHARE)
            self._trade = np.where(in_own, pop.brand, other).astype(np.int32)
            self._trade_names = trades
            self._trade_year = year
        trained = pop.train_skill_month[rows] <= moy
        return pc.if_else(pa.array(trained), pa.array(self._trade_names, pa.string()).take(pa.array(self._trade[rows])),
                          pa.nulls(len(rows), pa.string()))

    # ---- laborers and welfare posts, month by month ----
    def _start_year(self, year: int, prev_post: np.ndarray) -> None:
        pop, rng, yi = self.pop, self.rng, year - 2024
        rate = np.array([WELFARE_RATES[c][yi] for c in pop.district_codes])[pop.district] * pop.welfare_priority
        in_post = pop.able & (rng.random(pop.n) < rate) & (2024 - pop.birth_year + yi < 70)
        continuing = in_post & prev_post
        self.post_start = np.where(continuing, 1, rng.integers(1, 13, pop.n))
        self.post_end = np.where(rng.random(pop.n) < 0.8, 12, np.maximum(self.post_start, rng.integers(1, 13, pop.n)))
        self.in_post_year = in_post
        self.post_type = rng.choice(5, pop.n, p=(0.45, 0.2, 0.1, 0.15, 0.1)).astype(np.int8)
        self.post_pay = (rng.integers(8, 16, pop.n) * 100).astype(np.int64)
        new_start = in_post & ~continuing
        self.post_start_date = np.where(new_start, yi * 12 + self.post_start - 1, self.post_start_date)
        self._assign_post_ids(year, in_post, new_start)
        pop.train_skill_month = np.where(rng.random(pop.n) < 0.25, rng.integers(1, 13, pop.n), 99)
        startup_p = np.where(pop.channel == CHANNELS.index("返乡创业"), 0.5, 0.02)
        pop.train_startup_month = np.where(rng.random(pop.n) < startup_p, rng.integers(1, 13, pop.n), 99)
        self.months_worked = np.zeros(pop.n, np.int64)
        self.ever_via_carrier = np.zeros(pop.n, bool)

    def _assign_post_ids(self, year: int, in_post: np.ndarray, new_start: np.ndarray) -> None:
        """岗位编号: a continuing holder keeps their post; a post left during the year passes to a later starter of
        the same type in the same town (so 岗位数 is below 人员 × 岗位类型); every other new placement opens a new
        post. Deterministic: no random draw, so the rest of the demo is unchanged."""
        pop = self.pop
        town = pop.town_at(self.months.index(f"{year}-01"))
        leavers = np.flatnonzero(in_post & ~new_start & (self.post_end < 12))
        leavers = np.concatenate([leavers, np.flatnonzero(new_start & (self.post_end < 12))])
        vacated: dict[tuple, list] = {}
        for i in sorted(leavers, key=lambda i: (self.post_end[i], i)):
            vacated.setdefault((town[i], self.post_type[i]), []).append(i)
        for i in sorted(np.flatnonzero(new_start), key=lambda i: (self.post_start[i], i)):
            free = vacated.get((town[i], self.post_type[i]), [])
            before = next((j for j in free if j != i and self.post_end[j] < self.post_start[i]
                           and self.post_id[j] is not None), None)
            if before is not None:
                free.remove(before)
                self.post_id[i] = self.post_id[before]
            else:
                self.post_serial += 1
                self.post_id[i] = f"GW{pop.district_codes[pop.district[i]]}{self.post_serial:07d}"

    def _laborers_month(self, mi: int) -> tuple[pa.Table, pa.Table, dict]:
        pop, rng = self.pop, self.rng
        year, moy = int(self.months[mi][:4]), int(self.months[mi][5:])
        yi = year - 2024
        district = pop.district_code_at(mi)
        town = pop.town_at(mi)
        in_roster = (pop.entry_month <= mi) & (mi < pop.exit_month)
        target = np.array([EMPLOYMENT_TARGETS[c][yi] for c in pop.district_codes])[district]
        target = np.where(pop.willing, target, np.where(pop.able, 0.25, 0.0))
        exit_rate = np.where(moy == 2, 0.09, 0.035)  # Spring Festival: more leave work in February
        enter_rate = exit_rate * target / np.maximum(1 - target, 1e-9)
        draw = rng.random(pop.n)
        if mi == 0:
            self.employed = draw < target
        else:
            self.employed = np.where(self.employed, draw >= exit_rate, draw < np.minimum(enter_rate, 1.0))
        model = np.isin(town, list(self.model_towns[year]))
        self.employed |= model & pop.willing
        self.employed &= pop.able

        # A model town's able and willing all work outside the township (indicator 2), so none holds a village post.
        in_post = self.in_post_year & (self.post_start <= moy) & (moy <= self.post_end) & in_roster & ~(
            model & pop.willing)
        employed = self.employed | in_post
        started = (pop.channel == CHANNELS.index("返乡创业")) & (pop.started_on <= 60 + mi)
        channel = np.where(pop.channel == CHANNELS.index("返乡创业"), np.where(started, pop.channel, 7), pop.channel)
        channel = np.where(in_post, CHANNELS.index("公益性岗位"), channel).astype(np.int8)
        form = np.where(channel == CHANNELS.index("返乡创业"), 4, pop.form)
        form = np.where(in_post, 3, form).astype(np.int8)
        location = np.where(in_post | (channel == CHANNELS.index("帮扶载体")), 0, pop.location)
        location = np.where(model & pop.willing & (location == 0), 1, location).astype(np.int8)
        industry = np.where(in_post, INDUSTRIES.index("其他"), pop.industry).astype(np.int8)
        base = np.array(INDUSTRY_INCOME)[industry] * np.array(LOCATION_INCOME_FACTOR)[location]
        income = base * pop.income_factor * (1.045 ** yi) * rng.uniform(0.95, 1.05, pop.n)
        income = np.where(in_post, self.post_pay, np.clip(np.round(income), 800, 29000)).astype(np.int64)
        self.months_worked += employed & in_roster
        via_carrier = employed & (channel == CHANNELS.index("帮扶载体"))
        self.ever_via_carrier |= via_carrier & in_roster
        contract = employed & (rng.random(pop.n) < np.array(CONTRACT_PROB)[form])
        insured = employed & (rng.random(pop.n) < np.array(INSURANCE_PROB)[form])

        rows = np.flatnonzero(in_roster)
        e = employed[rows]

        def cat(values, codes, mask=None):
            arr = pa.array(np.asarray(codes)[rows].astype(np.int32))
            out = pa.array(values, pa.string()).take(arr)
            return out if mask is None else pc.if_else(pa.array(mask), out, pa.nulls(len(rows), pa.string()))

        brand_names = [b["brand_name"] for b in reference.labor_brands()] + [None]
        carrier_ids = [c["carrier_id"] for c in self.carriers] + [None]
        laborers = pa.table({
            "person_id": pop.person_id.take(pa.array(rows)),
            "district_code": cat(pop.district_codes, district),
            "town_code": cat(pop.town_codes, town),
            "village": cat(pop.village_names, pop.village),
            "gender": cat(GENDERS, pop.gender),
            "birth_year": pa.array(pop.birth_year[rows]),
            "household_type": cat(HOUSEHOLD_TYPES, pop.household),
            "labor_skill": cat(LABOR_SKILLS, pop.skill),
            "able_to_work": pa.array(pop.able[rows]),
            "willing_to_work": pa.array(pop.willing[rows]),
            "employed": pa.array(e),
            "work_location": cat(WORK_LOCATIONS, location, e),
            "channel": cat(CHANNELS, channel, e),
            "employment_form": cat(EMPLOYMENT_FORMS, form, e),
            "industry": cat(INDUSTRIES, industry, e),
            "monthly_income_yuan": pa.array(np.where(e, income[rows], 0), mask=~e),
            "months_worked_ytd": pa.array(self.months_worked[rows]),
            "labor_brand": cat(brand_names, np.where(pop.brand >= 0, pop.brand, len(brand_names) - 1)),
            "carrier_id": cat(carrier_ids, np.where(via_carrier, self.carrier_of, len(carrier_ids) - 1)),
            "has_contract": pa.array(contract[rows]),
            "has_social_insurance": pa.array(insured[rows]),
            "trained_skill": pa.array(pop.train_skill_month[rows] <= moy),
            "trained_startup": pa.array(pop.train_startup_month[rows] <= moy),
            **self._training_wishes(year, rows),
            "trained_skill_trade": self._training_trades(year, moy, rows),
        })
        post_rows = np.flatnonzero(in_post)
        first_day = np.datetime64("2024-01-01", "M")
        start = (first_day + self.post_start_date[post_rows].astype("timedelta64[M]")).astype("datetime64[D]")
        welfare = pa.table({
            "person_id": pop.person_id.take(pa.array(post_rows)),
            "district_code": pa.array(pop.district_codes, pa.string()).take(pa.array(district[post_rows])),
            "town_code": pa.array(pop.town_codes, pa.string()).take(pa.array(town[post_rows].astype(np.int32))),
            "post_type": pa.array(POST_TYPES, pa.string()).take(pa.array(self.post_type[post_rows].astype(np.int32))),
            "start_date": pa.array(start, pa.date32()),
            "monthly_pay_yuan": pa.array(self.post_pay[post_rows]),
            "post_id": pa.array(self.post_id[post_rows], pa.string()),
        })
        state = {"in_roster": in_roster, "employed": employed & in_roster, "form": form, "location": location,
                 "channel": channel, "district": district, "started": started, "contract": contract}
        return laborers, welfare, state

    def run(self) -> dict:
        prev_post = np.zeros(self.pop.n, bool)
        self.post_start_date = np.zeros(self.pop.n, np.int64)
        self.post_id = np.full(self.pop.n, None, dtype=object)
        self.post_serial = 0
        claims = ClaimBook(self)
        total = len(self.months) + 3
        for mi, month in enumerate(self.months):
            year, moy = int(month[:4]), int(month[5:])
            if moy == 1:
                if mi:
                    self._write_yearly(year - 1, claims)
                prev_post = self.in_post_year & (self.post_end == 12) if mi else prev_post
                self._start_year(year, prev_post)
            laborers, welfare, state = self._laborers_month(mi)
            self._write("laborers", month, laborers)
            self._write("welfare_posts", month, welfare)
            self._record_welfare_reports(month)
            claims.add_month(mi, month, state)
            _progress(mi + 1, total, month)
        self._write_yearly(int(self.months[-1][:4]), claims)
        claims.plant_violations()
        for table, year, data in self.measures.tables():
            self._write(table, year, data)
        for month in self.months:
            self._write("subsidy_claims", month, claims.table(month))
            # every district sends its ledger each month, an empty one where nothing was paid (a true 0)
            mf.set_reported_districts(self.manifest["partitions"][mf.partition_key("subsidy_claims", month)],
                                      pa.table({"district_code": pa.array([], pa.string())}),
                                      list(reference.district_names()))
        _progress(total, total, "完成")
        self.manifest["demo"] = {
            "seed": self.seed, "people": self.people, "months": [self.months[0], self.months[-1]],
            "planted_violations": claims.planted,
            "model_towns": {str(y): sorted(self.pop.town_codes[t] for t in towns)
                            for y, towns in self.model_towns.items()},
            "welfare_below_last_year": {"district_code": "420117", "year": 2026},
            "welfare_no_baseline": {"district_code": "420111", "year": 2025},
            "welfare_true_zero": {"district_code": "420105", "year": 2025},
        }
        mf.write_manifest(self.lake, self.manifest)
        return self.manifest

    def _record_welfare_reports(self, month: str) -> None:
        """Every demo district reports its 公益性岗位 roster each month — 汉阳 (420105) an empty one, a true 0 —
        except 洪山 (420111) in 2024, which did not report: 无基期 in 2025 (WELFARE_NOT_REPORTED)."""
        entry = self.manifest["partitions"][mf.partition_key("welfare_posts", month)]
        silent = {code for code, year in WELFARE_NOT_REPORTED if year == int(month[:4])}
        data = pa.table({"district_code": pa.array([], pa.string())})
        mf.set_reported_districts(entry, data, [c for c in self.pop.district_codes if c not in silent])

    def _write(self, table: str, value: str, data: pa.Table) -> None:
        if table == "entrepreneurs":
            data = self.measures.entrepreneurs(int(value), data)
        self.measures.observe(table, value, data)
        mf.write_partition(self.lake, self.manifest, table, value, data, source_file="demo", imported_by="make demo")

    def _write_yearly(self, year: int, claims: "ClaimBook") -> None:
        pop = self.pop
        last_mi = max(i for i, m in enumerate(self.months) if m.startswith(str(year)))
        ent = claims.entrepreneurs_of_year(year)
        park = [self.carriers[p]["carrier_id"] if p >= 0 else None for p in self.park_of[ent]]
        started = [dt.date(2019 + s // 12, s % 12 + 1, 1 + int(i % 28))
                   for s, i in zip(pop.started_on[ent], ent, strict=True)]
        self._write("entrepreneurs", str(year), pa.table({
            "person_id": pop.person_id.take(pa.array(ent)),
            "district_code": pa.array([pop.district_codes[d] for d in pop.district_code_at(last_mi)[ent]], pa.string()),
            "town_code": pa.array([pop.town_codes[t] for t in pop.town_at(last_mi)[ent]], pa.string()),
            "park_id": pa.array(park, pa.string()),
            "started_on": pa.array(started, pa.date32()),
            "employs_laborers": pa.array(claims.employs[ent]),
        }))
        absorbed = np.bincount(self.carrier_of[self.ever_via_carrier], minlength=len(self.carriers))
        in_park = self.park_of[ent]
        park_absorbed = np.bincount(in_park[in_park >= 0], weights=claims.employs[ent][in_park >= 0],
                                    minlength=len(self.carriers))
        self._write("carriers", str(year), pa.table({
            "carrier_id": [c["carrier_id"] for c in self.carriers],
            "name": [c["name"] for c in self.carriers],
            "kind": [c["kind"] for c in self.carriers],
            "level": [c["level"] for c in self.carriers],
            "district_code": [c["town"]["district_code"] for c in self.carriers],
            "town_code": [c["town"]["town_code"] for c in self.carriers],
            "laborers_absorbed": pa.array((absorbed + park_absorbed).astype(np.int64)),
        }))
        self._write("town_assessments", str(year), self._town_assessments(year, last_mi))

    def _town_assessments(self, year: int, last_mi: int) -> pa.Table:
        """Reported indicators: model towns meet every standard (some exactly at it), others miss one to three."""
        rng, p = self.rng, policy.values(year)
        months_required = int(self.months[last_mi][5:])
        rows = []
        for t, town in enumerate(self.pop.town_rows):
            if not town["is_model_town_candidate"]:
                continue
            at_edge = rng.random() < 0.3
            fail = set() if t in self.model_towns[year] else set(
                rng.choice([1, 3, 4, 5, 6, 7, 8, 9, 10], int(rng.integers(1, 4)), replace=False).tolist())
            rate = round(p["town_transfer_rate_min_pct"] + (0.0 if at_edge else float(rng.uniform(0.5, 8))), 1)
            accuracy_margin = 0.0 if at_edge else float(rng.uniform(0.5, 9))
            accuracy = round(p["town_spot_check_accuracy_min_pct"] + accuracy_margin, 1)
            migrant_accuracy = round(p["town_spot_check_accuracy_min_pct"] + float(rng.uniform(0.0, 9)), 1)
            weak_level = int(rng.integers(2))  # indicator 7 or 8: which of the two falls short
            weak_part = int(rng.integers(3)) if 3 in fail else -1
            staff = int(rng.integers(p["town_staff_stationed_min"], p["town_staff_stationed_max"] + 1))
            rows.append({
                "town_code": town["town_code"],
                "rural_transfer_rate_pct": round(rate - 4.3 if 1 in fail else rate, 1),
                "entrepreneurs_supported": int(rng.integers(0, 10)) if weak_part == 0 else int(rng.integers(10, 25)),
                "demo_applications": 0 if weak_part == 1 else int(rng.integers(1, 3)),
                "entrepreneur_models": 1 if weak_part == 2 else int(rng.integers(2, 5)),
                "featured_industries": 0 if 4 in fail else int(rng.integers(1, 4)),
                "carriers_count": 0 if 5 in fail else int(rng.integers(1, 4)),
                "publicity_months": months_required - int(rng.integers(1, 4)) if 6 in fail else months_required,
                "platform_update_months": months_required - 2 if 7 in fail and weak_level else months_required,
                "village_platform_update_months": months_required - 1 if 7 in fail and not weak_level
                else months_required,
                "spot_check_accuracy_pct": round(accuracy - 6.5 if 8 in fail and weak_level else accuracy, 1),
                "migrant_spot_check_accuracy_pct": round(migrant_accuracy - 9.5 if 8 in fail and not weak_level
                                                         else migrant_accuracy, 1),
                "has_joint_group": 9 not in fail,
                "staff_stationed": 1 if 10 in fail and at_edge else staff,
                "min_staff_days_per_month": 3 if 10 in fail and not at_edge else int(rng.integers(4, 9)),
            })
        return pa.Table.from_pylist(rows, schema=TABLES["town_assessments"].schema)


class ClaimBook:
    """Subsidy claims, drawn month by month from the roster state so that clean claims follow every rule."""

    def __init__(self, gen: Generator):
        self.gen, self.pop, self.rng = gen, gen.pop, np.random.default_rng(gen.seed + 1)
        self.rows: list[dict] = []
        self.planted: dict[str, list[str]] = {}
        self.employs = self.rng.poisson(3, self.pop.n).astype(np.int64)
        self.startup_paid = np.zeros(self.pop.n, bool)
        self.rent_months = np.zeros(self.pop.n, np.int64)
        self.hired_by: dict[int, set[str]] = {}
        self.seen_entrepreneurs: dict[int, np.ndarray] = {}
        self.organized: dict[int, np.ndarray] = {}  # year -> per person, months employed through an organized channel
        self.p = policy.values(2024)

    def entrepreneurs_of_year(self, year: int) -> np.ndarray:
        return self.seen_entrepreneurs.get(year, np.array([], np.int64))

    def _claim(self, month: str, kind: str, person: int | None, district: str, amount: int, **evidence) -> dict:
        row = {"month": month, "claim_id": f"{month.replace('-', '')}-{len(self.rows) + 1:07d}", "subsidy_type": kind,
               "person_id": self.pop.person_id[person].as_py() if person is not None else None,
               "enterprise_id": None, "district_code": district, "amount_yuan": amount, "contract_months": None,
               "insured_months": None, "employed_months": None, "organized_months": None, "work_location": None,
               "rent_months": None, "loan_amount_yuan": None} | evidence
        self.rows.append(row)
        return row

    def _sample(self, mask: np.ndarray, share: float) -> np.ndarray:
        candidates = np.flatnonzero(mask)
        return candidates[self.rng.random(len(candidates)) < share]

    def add_month(self, mi: int, month: str, s: dict) -> None:
        pop, rng, p = self.pop, self.rng, self.p
        year, moy = int(month[:4]), int(month[5:])
        codes = pop.district_codes
        entrepreneurs = s["in_roster"] & s["started"] & s["employed"]
        ent_idx = np.flatnonzero(entrepreneurs)
        prev = self.seen_entrepreneurs.get(year, np.array([], np.int64))
        self.seen_entrepreneurs[year] = np.union1d(prev, ent_idx)
        for i in ent_idx[~self.startup_paid[ent_idx]][: max(1, len(ent_idx) // 20)]:
            self.startup_paid[i] = True
            self._claim(month, "创业补贴", int(i), codes[s["district"][i]], p["startup_subsidy_yuan"])
            if rng.random() < 0.3:
                loan = int(rng.integers(5, 21)) * 10_000
                self._claim(month, "创业担保贷款", int(i), codes[s["district"][i]], round(loan * 0.035),
                            loan_amount_yuan=loan)
        if moy in (6, 12):
            # Paid in arrears for the months up to this one that fall in the business's first 36 months.
            since_start = 60 + mi - pop.started_on[ent_idx]  # months from the start month to this one
            within = since_start < p["rent_subsidy_max_months"]
            for i in ent_idx[within & (self.rent_months[ent_idx] + 6 <= p["rent_subsidy_max_months"])
                             & (rng.random(len(ent_idx)) < 0.5)]:
                months_paid = int(min(6, 60 + mi - pop.started_on[i] + 1))
                self.rent_months[i] += months_paid
                self._claim(month, "场地租金补贴", int(i), codes[s["district"][i]],
                            months_paid * p["rent_subsidy_yuan_per_month"], rent_months=months_paid)
        hired = s["employed"] & s["contract"] & (s["form"] == 0) & (s["channel"] != CHANNELS.index("返乡创业"))
        for i in self._sample(hired, 0.002):
            enterprise = f"E{codes[s['district'][i]]}{int(rng.integers(1, 400)):04d}"
            if enterprise in self.hired_by.setdefault(int(i), set()):
                continue
            self.hired_by[int(i)].add(enterprise)
            self._claim(month, "吸纳就业奖补", int(i), codes[s["district"][i]], p["hiring_bonus_yuan"],
                        enterprise_id=enterprise, contract_months=int(rng.choice([12, 24, 36])),
                        insured_months=int(rng.integers(12, 25)), employed_months=int(rng.integers(12, 30)))
        organized_channel = np.isin(s["channel"], [CHANNELS.index(c) for c in ORGANIZED_CHANNELS])
        # 有组织外出务工 (what a 交通补助 needs): organized work outside the home township, in the locations the policy
        # counts as 外出 for 示范乡镇 indicator 2
        outside = np.isin(s["location"], [WORK_LOCATIONS.index(w) for w in policy.value(
            "town_outside_work_locations", year) if w in WORK_LOCATIONS])
        self.organized.setdefault(year, np.zeros(pop.n, np.int64))
        self.organized[year] += organized_channel & s["employed"] & outside
        if moy == 3:
            transport_places = [WORK_LOCATIONS.index("区外省内"), WORK_LOCATIONS.index("省外")]
            organized = organized_channel & s["employed"] & np.isin(s["location"], transport_places)
            last_year = self.organized.get(year - 1)  # none for the lake's first year: claims cannot be checked
            if last_year is not None:
                organized &= last_year >= p["transport_min_organized_months"]
            for i in self._sample(organized, 0.3):
                location = WORK_LOCATIONS[s["location"][i]]
                amount = p["transport_subsidy_interprovincial_yuan"] if location == "省外" else p[
                    "transport_subsidy_intraprovincial_yuan"]
                months = int(rng.integers(3, 13)) if last_year is None else int(last_year[i])
                self._claim(month, "交通补助", int(i), codes[s["district"][i]], amount,
                            organized_months=months, work_location=location)
        flexible = s["employed"] & np.isin(s["form"], [1, 2])
        for i in self._sample(flexible, 0.004):
            self._claim(month, "意外伤害保险补贴", int(i), codes[s["district"][i]], 100)
        for i in self._sample(flexible, 0.004):
            self._claim(month, "社会保险补贴", int(i), codes[s["district"][i]], int(rng.integers(10, 25)) * 100)
        self._last_state = (month, s)

    def plant_violations(self) -> None:
        """Change or add claims so that each breaks exactly one rule; record their ids."""
        rng, p = self.rng, self.p
        by_type: dict[str, list[dict]] = {}
        for row in self.rows:
            by_type.setdefault(row["subsidy_type"], []).append(row)
        used: set[str] = set()

        def pick(kind: str, where=lambda r: True) -> dict:
            pool = [r for r in by_type[kind] if r["claim_id"] not in used and r["person_id"] not in spared and where(r)]
            row = pool[int(rng.integers(len(pool)))]
            used.add(row["claim_id"])
            return row

        def copy_of(row: dict, **changes) -> dict:
            new = self._claim(changes.get("month", row["month"]), row["subsidy_type"], None, row["district_code"],
                              row["amount_yuan"])
            new.update({k: v for k, v in row.items() if k not in ("claim_id", "month")} | changes)
            used.add(new["claim_id"])
            return new

        # Model towns pass indicator 6 (every claim passes the audit): no violation is planted on a claimant who
        # lives in a model town in any year.
        spared = set()
        for mi, month in enumerate(self.gen.months):
            in_model = np.isin(self.pop.town_at(mi), list(self.gen.model_towns[int(month[:4])]))
            spared |= set(self.pop.person_id.take(pa.array(np.flatnonzero(in_model))).to_pylist())
        last_month = self.gen.months[-1]
        entrepreneurs = {self.pop.person_id[int(i)].as_py() for ids in self.seen_entrepreneurs.values() for i in ids}
        index = {pid: i for i, pid in enumerate(self.pop.person_id.to_pylist())}
        month_index = {m: i for i, m in enumerate(self.gen.months)}

        def rent_ends(row: dict) -> int:
            """The month index (0 = 2024-01) of the last month of the claimant's 36 months of rent."""
            return int(self.pop.started_on[index[row["person_id"]]]) - 60 + p["rent_subsidy_max_months"] - 1

        def months_since_start(row: dict) -> int:
            """The months from the claimant's start month to the period's last month, both counted."""
            return month_index[last_month] - (int(self.pop.started_on[index[row["person_id"]]]) - 60) + 1

        def paid_before(row: dict) -> int:
            return int(self.rent_months[index[row["person_id"]]])

        transport_years = {(r["person_id"], r["month"][:4]) for r in by_type["交通补助"]}
        not_entrepreneur = lambda r: r["person_id"] not in entrepreneurs  # noqa: E731
        more_rent: set[str] = set()  # persons given planted rent months (kept apart so each breaks one rule)
        clear = {"enterprise_id": None, "contract_months": None, "insured_months": None, "employed_months": None}
        for rule, count in PLANTED_COUNTS.items():
            ids = []
            for k in range(count):
                if rule == "claimant_in_roster":
                    row = copy_of(pick("意外伤害保险补贴"), person_id=f"X{int(rng.integers(10**9)):010d}",
                                  subsidy_type="交通补助", amount_yuan=p["transport_subsidy_intraprovincial_yuan"],
                                  organized_months=6, work_location="区外省内")
                elif rule == "startup_amount":
                    row = pick("创业补贴")
                    row["amount_yuan"] = p["startup_subsidy_yuan"] * 2
                elif rule == "startup_once":
                    row = copy_of(pick("创业补贴"), month=last_month)
                elif rule == "startup_is_entrepreneur":
                    row = copy_of(pick("吸纳就业奖补", lambda r: r["person_id"] not in entrepreneurs),
                                  subsidy_type="创业补贴", amount_yuan=p["startup_subsidy_yuan"], enterprise_id=None,
                                  contract_months=None, insured_months=None, employed_months=None)
                elif rule == "loan_cap":
                    row = pick("创业担保贷款")
                    row["loan_amount_yuan"] = p["guarantee_loan_max_yuan"] + 50_000 * (k + 1)
                elif rule == "rent_amount":
                    row = pick("场地租金补贴")
                    row["amount_yuan"] = row["rent_months"] * (p["rent_subsidy_yuan_per_month"] + 100)
                elif rule == "rent_max_months":
                    # Every month from the start to the period's end again, on top of the months already paid:
                    # within the 36 months at both ends (rent_since_start holds), over the cumulative cap.
                    source = pick("场地租金补贴", lambda r: rent_ends(r) >= month_index[last_month]
                                  and paid_before(r) + months_since_start(r) > p["rent_subsidy_max_months"]
                                  and r["person_id"] not in more_rent)
                    more_rent.add(source["person_id"])
                    months_paid = months_since_start(source)
                    row = copy_of(source, month=last_month, rent_months=months_paid,
                                  amount_yuan=months_paid * p["rent_subsidy_yuan_per_month"])
                elif rule == "hiring_amount":
                    row = pick("吸纳就业奖补")
                    row["amount_yuan"] = p["hiring_bonus_yuan"] + 1000
                elif rule == "hiring_contract":
                    row = pick("吸纳就业奖补")
                    row["contract_months"] = p["hiring_min_contract_months"] - 6
                elif rule == "hiring_employed":
                    row = pick("吸纳就业奖补")
                    row["employed_months"] = p["hiring_min_employed_months"] - 4
                elif rule == "hiring_insured":
                    row = pick("吸纳就业奖补")
                    row["insured_months"] = 0
                elif rule == "hiring_once_per_enterprise":
                    row = copy_of(pick("吸纳就业奖补"), month=last_month)
                    # The legal twin: another enterprise claims the same person once.
                    twin = copy_of(pick("吸纳就业奖补"), month=last_month)
                    twin["enterprise_id"] = twin["enterprise_id"][:7] + "9999"
                elif rule == "transport_organized_months":
                    row = pick("交通补助")
                    row["organized_months"] = p["transport_min_organized_months"] - 1
                elif rule == "transport_amount":
                    row = pick("交通补助", lambda r: r["work_location"] == "区外省内")
                    row["amount_yuan"] = p["transport_subsidy_interprovincial_yuan"]
                elif rule == "transport_once_a_year":
                    source = pick("交通补助")
                    row = copy_of(source, month=source["month"][:5] + "09")
                elif rule == "flexible_form":
                    row = copy_of(pick("吸纳就业奖补"), subsidy_type="意外伤害保险补贴", amount_yuan=100,
                                  enterprise_id=None, contract_months=None, insured_months=None, employed_months=None)
                elif rule == "flexible_amount_cap":
                    row = pick("社会保险补贴")
                    row["amount_yuan"] = p["social_insurance_subsidy_max_yuan"] + 500
                elif rule == "loan_is_entrepreneur":
                    loan = 100_000 + 20_000 * k
                    row = copy_of(pick("吸纳就业奖补", not_entrepreneur), subsidy_type="创业担保贷款",
                                  amount_yuan=round(loan * 0.035), loan_amount_yuan=loan, **clear)
                elif rule == "rent_is_entrepreneur":
                    row = copy_of(pick("吸纳就业奖补", not_entrepreneur), subsidy_type="场地租金补贴",
                                  amount_yuan=6 * p["rent_subsidy_yuan_per_month"], rent_months=6, **clear)
                elif rule == "rent_since_start" and k % 2 == 0:
                    # Six more months at the end of the period for someone whose 36 months ended before it, within
                    # the cumulative cap (so that only this rule is broken).
                    source = pick("场地租金补贴", lambda r: rent_ends(r) < month_index[last_month] and self.rent_months[
                        index[r["person_id"]]] + 6 <= p["rent_subsidy_max_months"] and r["person_id"] not in more_rent)
                    more_rent.add(source["person_id"])
                    row = copy_of(source, month=last_month, rent_months=6,
                                  amount_yuan=6 * p["rent_subsidy_yuan_per_month"])
                elif rule == "rent_since_start":
                    # The other end: every month from the start to the period's end plus three before the start,
                    # within the cumulative cap and the 36 months' end (so that only this rule is broken).
                    source = pick("场地租金补贴", lambda r: rent_ends(r) >= month_index[last_month]
                                  and paid_before(r) + months_since_start(r) + 3 <= p["rent_subsidy_max_months"]
                                  and r["person_id"] not in more_rent)
                    more_rent.add(source["person_id"])
                    months_paid = months_since_start(source) + 3
                    row = copy_of(source, month=last_month, rent_months=months_paid,
                                  amount_yuan=months_paid * p["rent_subsidy_yuan_per_month"])
                elif rule == "transport_roster_organized":
                    # A person on that month's roster with fewer than 3 organized months the year before, and no
                    # other 交通补助 that year, given a clean claim's amount, location and reported months.
                    holder = pick("意外伤害保险补贴", lambda r: r["month"] >= "2025" and (
                        r["person_id"], r["month"][:4]) not in transport_years and self.organized[
                        int(r["month"][:4]) - 1][index[r["person_id"]]] < p["transport_min_organized_months"])
                    transport_years.add((holder["person_id"], holder["month"][:4]))
                    row = copy_of(pick("交通补助", lambda r: r["month"] >= "2025"), month=holder["month"],
                                  person_id=holder["person_id"], district_code=holder["district_code"])
                ids.append(row["claim_id"])
            self.planted[rule] = sorted(ids)

    def table(self, month: str) -> pa.Table:
        rows = [r for r in self.rows if r["month"] == month]
        return pa.Table.from_pylist(rows, schema=TABLES["subsidy_claims"].schema)


def _check_target(lake: Path) -> None:
    existing = mf.read_manifest(lake) if lake.exists() else None
    if existing is not None and not existing.get("is_demo"):
        raise DemoError(f"{lake} 中已有导入的正式数据，演示数据不会覆盖它。请换一个 LAKE_DIR 再生成演示数据。")
    if lake.exists() and existing is None and any(p.name != ".gitkeep" for p in lake.iterdir()):
        raise DemoError(f"{lake} 不是空目录，也不是演示数据湖（没有 manifest.json）。请换一个空目录作为 LAKE_DIR。")


def build(lake: Path, people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED) -> dict:
    """Build the demo lake into `lake` (replacing an earlier demo lake there); return the manifest."""
    _check_target(lake)
    staging = lake.with_name(lake.name + ".building")
    try:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
    except OSError as exc:
        raise DemoError(f"无法写入 {staging.parent}（{exc.strerror}）。请检查 LAKE_DIR 是否可写。") from exc
    manifest = Generator(staging, people, seed).run()
    if lake.exists():
        shutil.rmtree(lake)
    os.replace(staging, lake)
    return manifest


def _positive_int(text: str, name: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise DemoError(f"{name} 必须是正整数，收到的是 {text!r}。例如：make demo PEOPLE=30000")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成演示数据湖（模拟数据）")
    parser.add_argument("--people", default=os.environ.get("PEOPLE") or str(DEFAULT_PEOPLE))
    parser.add_argument("--seed", default=os.environ.get("SEED") or str(DEFAULT_SEED))
    parser.add_argument("--lake", default=str(mf.lake_dir()))
    parser.add_argument("--if-missing", action="store_true", help="只在数据湖不存在时生成")
    args = parser.parse_args(argv)
    try:
        people, seed = _positive_int(args.people, "PEOPLE"), _positive_int(args.seed, "SEED")
        lake = Path(args.lake).resolve()
        if args.if_missing and mf.read_manifest(lake) is not None:
            return 0
        started = time.perf_counter()
        manifest = build(lake, people, seed)
    except (DemoError, mf.LakeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    rows = sum(p["rows"] for p in manifest["partitions"].values() if p["table"] == "laborers")
    print(f"演示数据已生成：{lake}（{people:,} 人，劳动力月度记录 {rows:,} 行，"
          f"数据版本 {mf.data_version(manifest)}，用时 {time.perf_counter() - started:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
