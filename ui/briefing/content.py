"""The 通报's content: every paragraph, table and chart, assembled from the same named questions (`run`), domain
functions (`assess`) and wording (`ui.sentences`, `ui.labels`) as the pages, in the order of the work plan's five
measures. Rendering (Word, PDF) is elsewhere (ui.briefing.word, ui.briefing.pdf); nothing here formats for a medium.

Scope: `districts` is the explicit list of districts the reader may see (None: the whole city). A scoped document
shows only those districts' rows, beside the city and their rank among all districts; it never lists another
district. Under a signed-in person's scope (the pages' button) the gate narrows `districts` to it; the ranks among
all districts and the city's totals come through the gate's one allowance for them (`run_ranked`).
"""

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from assess import audit, brands, data_quality, scorecard, verdicts, welfare
from assess import districts as ranking
from assess import employment as er
from lake import reference
from queries import engine, subsidy_audit, town_audit
from queries.engine import run, run_ranked
from queries.roster_years import roster_years, year_as_of
from ui import charts, definitions, projections, sentences, tables
from ui import scorecard_text as town_text
from ui.labels import (
    BASELINE_NAMES,
    MIX_DIMENSION_NAMES,
    WELFARE_MEASURE_NAMES,
    WELFARE_NO_BASELINE_RULE,
    change_text,
    district_name,
    fmt,
    month_label,
    period_label,
    same_period_last_year,
    setting_named,
    total_label,
    verdict_word,
)

CITY = "全市"
CITY_ISSUER = "武汉市人力资源和社会保障局"
CITY_ROW = "全市"
PLACEHOLDER = "（请在此填写）"
# What the person issuing it is asked to write in, under 下一步工作要求: the city's 通报 speaks to the districts,
# a district's to its towns.
NEXT_STEPS = ("针对就业规模低于基期、公益性岗位安置未达到上年水平的区，提出具体工作要求。",
              "针对补贴核查发现的疑点，明确核实、整改和追回的责任单位与时限。",
              "结合示范乡镇推选进度，明确各区下一阶段的工作安排。")
DISTRICT_NEXT_STEPS = ("针对就业规模低于基期、公益性岗位安置未达到上年水平等问题，提出具体工作要求。",
                       NEXT_STEPS[1],
                       "结合示范乡镇推选进度，明确各乡镇（街道）下一阶段的工作安排。")


def month_text(month: str) -> str:
    """'2026-10' -> '2026年10月', '2026-03' -> '2026年3月' (no leading zero, as a document dates a month)."""
    return f"{month[:4]}年{int(month[5:7])}月"


def date_text(day: date) -> str:
    """The issuing date as GB/T 9704 writes it: '2026年12月3日'."""
    return f"{day.year}年{day.month}月{day.day}日"


class IncompleteMonth(Exception):
    """The month's data are incomplete (a district's roster is missing); the message names what is missing."""

    def __init__(self, month: str, missing: list[str]):
        self.month, self.missing = month, missing
        super().__init__(f"{month_label(month)}数据不完整：{'、'.join(district_name(d) for d in missing)}"
                         f"没有本月脱贫劳动力花名册（其他月份有）。请先导入这些区的花名册；"
                         f"如确需先行印发，请加 --allow-incomplete（ALLOW_INCOMPLETE=1），通报首页将注明缺少的数据。")


@dataclass(frozen=True)
class Table:
    """A table of the 通报: `rows` and `totals` hold raw values by column (formatted by the renderer with
    ui.labels.fmt); each total row's first column holds its label (合计, 全市)."""
    title: str
    columns: list[str]
    rows: list[dict]
    totals: list[dict]
    as_of: str
    note: str  # 口径


@dataclass(frozen=True)
class Chart:
    title: str
    figure: go.Figure
    as_of: str
    source: str = "脱贫劳动力月度花名册"


@dataclass(frozen=True)
class Block:
    kind: str  # heading1, heading2, heading3, paragraph, note, table, chart, placeholder
    text: str = ""
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Briefing:
    month: str
    districts: tuple | None  # None: the whole city
    scope_label: str
    title: str
    issuer: str
    issued_on: date
    is_demo: bool
    missing: list[str]  # district codes without this month's roster (allowed incomplete)
    data_version: str
    blocks: list[Block] = field(default_factory=list)
    masthead: str | None = None  # 发文机关标志 (GB/T 9704 版头); None: a document without one
    doc_number: str | None = None  # 发文字号, with PLACEHOLDER where the person issuing it has yet to write the number

    @property
    def is_draft(self) -> bool:
        """Whether anything is still to be written in (征求意见稿 until it is)."""
        return any(b.kind == "placeholder" for b in self.blocks) or PLACEHOLDER in (self.doc_number or "")

    @property
    def file_stem(self) -> str:
        return f"{self.title}（{month_text(self.month)}）"

    def charts(self) -> list[Chart]:
        return [b.chart for b in self.blocks if b.kind == "chart"]

    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.kind == "table"]


def all_districts() -> list[str]:
    """Every district code of the reference data, in statistical-code order."""
    return [d["district_code"] for d in reference.districts()]


def missing_districts(month: str) -> list[str]:
    """The districts with a roster in some month of the lake but none in `month` (assess.data_quality, as the 数据质量
    page flags them)."""
    counts = run("laborer_counts_by_month_district", {"districts": all_districts()})
    _, flags = data_quality.month_district_grid(counts, list(engine.lake_state().months))
    return data_quality.missing_in(flags, month)


def _records(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: r.get(c) for c in columns} for r in df.to_dict("records")]


class _Writer:
    """Collects blocks; numbers headings 一、 （一） 1. as GB/T 9704 asks."""

    NUMERALS = "一二三四五六七八九十"

    def __init__(self):
        self.blocks: list[Block] = []
        self.counts = [0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self.counts[level - 1] += 1
        self.counts[level:] = [0] * (3 - level)
        n = self.counts[level - 1]
        number = {1: f"{self.NUMERALS[n - 1]}、", 2: f"（{self.NUMERALS[n - 1]}）", 3: f"{n}."}[level]
        self.blocks.append(Block(f"heading{level}", number + text))

    def paragraph(self, text: str, kind: str = "paragraph") -> None:
        self.blocks.append(Block(kind, text))

    def table(self, table: Table) -> None:
        self.blocks.append(Block("table", table=table))

    def chart(self, chart: Chart | None) -> None:
        if chart is not None:
            self.blocks.append(Block("chart", chart=chart))


def build(month: str, districts: list[str] | None = None, allow_incomplete: bool = False,
          issued_on: date | None = None, next_steps: list[str] | None = None) -> Briefing:
    """The 通报 of `month` for `districts` (None: the whole city). Raises IncompleteMonth when a district's roster is
    missing for the month, unless `allow_incomplete` (then the first block says what is missing); raises ValueError
    for a month outside the lake. `next_steps` are the 下一步工作要求 as the person issuing it wrote them (None or
    empty: placeholders to write in)."""
    state = engine.lake_state()
    if month not in state.months:
        raise ValueError(f"数据湖中没有{month_label(month)}的花名册（数据范围 {month_label(state.months[0])}至"
                         f"{month_label(state.months[-1])}）。")
    missing = missing_districts(month)
    if missing and not allow_incomplete:
        raise IncompleteMonth(month, missing)
    # The gate decides who may see what: a district officer asking for the city (or another district) gets their
    # own district's document (as the gate narrows every question to it).
    asking = engine.current()
    if not asking.is_everything:
        districts = asking.narrow({"districts": districts})["districts"]
    codes = [d for d in all_districts() if districts and d in districts]
    scope = codes or all_districts()
    is_city = not codes
    scope_label = CITY if is_city else "、".join(district_name(d) for d in codes)
    # one district's 通报 is its bureau's; the city's, or one on several districts chosen by the city, the city bureau's
    issuer = f"武汉市{scope_label}人力资源和社会保障局" if len(codes) == 1 else CITY_ISSUER
    b = Briefing(month, None if is_city else tuple(codes), scope_label,
                 f"{scope_label}脱贫劳动力就业帮扶工作情况通报", issuer, issued_on or date.today(), state.is_demo,
                 missing, state.version)
    w = _Writer()
    _front(w, b)
    ctx = _Context(month, scope, is_city, scope_label)
    _overview(w, ctx)
    _employment(w, ctx)
    _entrepreneurs(w, ctx)
    _brands(w, ctx)
    _model_towns(w, ctx)
    _policies(w, ctx)
    _next_steps(w, next_steps, DISTRICT_NEXT_STEPS if len(codes) == 1 else NEXT_STEPS)
    b.blocks = w.blocks
    return b


@dataclass
class _Context:
    month: str
    scope: list[str]
    is_city: bool
    scope_label: str

    @property
    def year(self) -> int:
        return int(self.month[:4])

    @property
    def as_of(self) -> str:
        return period_label(self.month)

    @property
    def ytd(self) -> str:
        return period_label(self.month, year_to_date=True)

    @property
    def is_one(self) -> bool:
        """One district's 通报 (its bureau's), whose tables hold that district beside the city."""
        return not self.is_city and len(self.scope) == 1

    @property
    def each(self) -> str:
        """Whose rows a table or chart over the scope's districts holds, as its title says it: 各区 in the city's
        通报 (or one on several districts), the district's own name in one district's."""
        return self.scope_label if self.is_one else "各区"

    def params(self, **extra) -> dict:
        return {"month": self.month, "districts": list(self.scope)} | extra

    def shown(self, df: pd.DataFrame) -> pd.DataFrame:
        """Only the rows of the scope's districts (a scoped document lists no other district)."""
        return df[df["district_code"].isin(self.scope)].reset_index(drop=True)


def _front(w: _Writer, b: Briefing) -> None:
    if b.missing:
        names = "、".join(district_name(d) for d in b.missing)
        w.paragraph(f"特别说明：{month_label(b.month)}{names}没有上报脱贫劳动力花名册（其他月份有），"
                    "本通报按已上报的数据统计，涉及这些区的数字不完整，待补报后更新。", "notice")
    if b.is_demo:
        w.paragraph("本通报由演示用模拟数据生成，不代表武汉市真实情况。", "notice")
    audience = "各区人力资源（社会保障）局，东湖生态旅游风景区人事劳动局：" if b.districts is None else "各有关单位："
    w.paragraph(audience, "salutation")
    w.paragraph(f"按照《加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴工作方案》要求，现将{period_label(b.month)}"
                f"{b.scope_label}脱贫劳动力就业帮扶工作情况通报如下。")


def _months(ctx: _Context) -> tuple[list[str], str]:
    """The months 区域对比 asks: this month, and last month (for the rank change) when the lake has it."""
    last = verdicts.previous_month(ctx.month)
    return [ctx.month] + ([last] if last in engine.lake_state().months else []), last


def _split(both: pd.DataFrame, month: str, last: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """区域对比's answer split by month: this month's rows and last month's rows (None without)."""
    current = both[both["month"] == month].reset_index(drop=True)
    previous = both[both["month"] == last].reset_index(drop=True) if (both["month"] == last).any() else None
    return current, previous


def _comparison(ctx: _Context) -> tuple[pd.DataFrame, pd.Series]:
    """区域对比's answer over the scope's districts with the 公益性岗位 figures and verdict as the page judges them
    (assess.welfare.compare on the policy's measure): this month's rows and the scope's total row."""
    current = engine.derive(ranking.judged_month, [
        ("district_comparison", {"months": [ctx.month], "districts": list(ctx.scope)}),
        ("welfare_posts_vs_last_year", {"month": ctx.month, "districts": list(ctx.scope)})], ctx.month, ctx.year)
    return current, current[current["is_total"]].iloc[0]


# What assess.districts.ranked adds to 区域对比's rows (dropped from the city's row, which has no rank).
_RANK_ADDED = ("rank", "rank_change", "threshold_kind", "verdict", "district_name", "ranked_among_count")


def _ranked(ctx: _Context, metric: str) -> tuple[pd.DataFrame, pd.Series, int]:
    """The scope's districts ranked on `metric` among all districts, the city's total row and how many districts
    were ranked. Ranks need every district's figures: the gate answers 区域对比 over every district for them
    (`run_ranked`) and hands back only the scope's rows and the city's total, so a district officer's document never
    holds another district's row."""
    months, last = _months(ctx)

    def derive(both: pd.DataFrame) -> pd.DataFrame:
        current, previous = _split(both, ctx.month, last)
        ranked = ranking.ranked(current, previous, metric, ctx.year)
        among = int((current.loc[~current["is_total"], "laborer_count"] > 0).sum())
        return pd.concat([ranked, current[current["is_total"]]], ignore_index=True).assign(ranked_among_count=among)

    answer = run_ranked("district_comparison", {"months": months, "districts": all_districts()}, derive)
    threshold_col, gap_col = ranking.threshold_columns(metric)
    city = answer[answer["is_total"]].iloc[0].drop(labels=[*_RANK_ADDED, threshold_col, gap_col])
    ranked = answer[~answer["is_total"].astype(bool)].reset_index(drop=True)
    return ranked, city, int(answer["ranked_among_count"].iloc[0])


def _totals(ctx: _Context, scope_total: dict, city_total: dict) -> list[dict]:
    """合计 for the city document; for a scoped one the scope's 合计 (several districts) and the city for
    comparison."""
    if ctx.is_city:
        return [scope_total]
    rows = [] if len(ctx.scope) == 1 else [scope_total]
    return rows + [city_total | {"_label": CITY_ROW}]


def _ranked_table(ctx: _Context, metric: str, columns: list[str], title: str, note: str, scope_total: pd.Series,
                  as_of: str) -> tuple[Table, int]:
    """The scope's districts ranked on `metric` among all districts, with the scope's 合计 and the city's row, and
    how many districts were ranked."""
    ranked, city, with_laborers = _ranked(ctx, metric)
    ranked = ctx.shown(ranked)
    ranked = ranked[ranked["laborer_count"] > 0] if ctx.is_city else ranked  # a district officer sees their own row
    absent = [] if not ctx.is_city else [c for c in ctx.scope if c not in set(ranked["district_code"])]
    scope_row = ranking.total_row(scope_total.to_dict(), metric, ctx.year)
    city_row = ranking.total_row(city.to_dict(), metric, ctx.year)
    return Table(title, ["rank", "district_name", *columns], _records(ranked, ["rank", "district_name", *columns]),
                 _totals(ctx, scope_row, city_row), as_of,
                 f"{note} 名次为在全市有脱贫劳动力的 {with_laborers} 个区中的名次（从高到低，并列取同名次）。"
                 + (f"当月无脱贫劳动力的区未列出：{tables.district_names(absent)}。" if absent else "")), with_laborers


def _judged(verdict, against: str) -> str:
    """'，达到基期（1,338 人）' / '，未达到目标（100.0%）'; '' when there is nothing to judge against."""
    met = {verdicts.Verdict.MET: "达到", verdicts.Verdict.NOT_MET: "未达到"}.get(verdict)
    return f"，{met}{against}" if met else ""


def _standing(ctx: _Context, table: Table, among: int, column: str, what: str) -> str:
    """One district's figure on `column` in a ranked table, beside the city's and with its rank: '黄陂区务工就业人员
    平均月收入 4,210 元（全市 4,105 元），在全市 8 个有脱贫劳动力的区中列第 2 位'."""
    row, city = table.rows[0], table.totals[-1]
    rank = ("" if verdicts.is_missing(row["rank"])
            else f"，在全市 {among} 个有脱贫劳动力的区中列第 {int(row['rank'])} 位")
    return f"{ctx.scope_label}{what} {fmt(row[column], column)}（{CITY_ROW} {fmt(city[column], column)}）{rank}"


def _rank(ctx: _Context) -> list[str]:
    """The rank column of a table whose question answers only the scope's districts: in the city's document (rank
    among all districts); a scoped document ranks only where the gate answers every district (`_ranked`)."""
    return ["rank"] if ctx.is_city else []


def _overview(w: _Writer, ctx: _Context) -> None:
    w.heading(1, "总体情况")
    kpi = run("employment_kpis", ctx.params()).iloc[0]
    key = verdicts.employment_baseline(ctx.year)
    base_month = er.baseline_month(ctx.month, key)
    scale = er.kpi_stability(kpi, key)
    both = "；".join(f"较{BASELINE_NAMES[k]}（{month_label(er.baseline_month(ctx.month, k))}）"
                     f"{change_text(kpi['employed_count'], kpi[er.BASELINE_COLUMNS[k]], 'employed_count')}"
                     for k in er.BASELINE_COLUMNS if kpi[er.HAS_BASELINE_COLUMNS[k]])
    target = verdicts.employment_target_pct(ctx.year)
    rate = kpi["able_willing_employment_rate_pct"]
    unemployed = kpi["able_willing_count"] - kpi["able_willing_employed_count"]
    w.paragraph(sentences.scale_headline(ctx.month, ctx.scope_label, kpi, scale, key, base_month)
                + f"（判断基期为{BASELINE_NAMES[key]}，政策参数规定）。{ctx.scope_label}脱贫劳动力（有劳动能力）"
                f"{fmt(kpi['able_laborer_count'], 'able_laborer_count')}"
                f"（花名册 {fmt(kpi['laborer_count'], 'laborer_count')}）" + (f"，务工就业{both}" if both else "")
                + f"。有劳动能力和就业意愿的就业率 {fmt(rate, 'able_willing_employment_rate_pct')}"
                f"（目标 {fmt(target, 'able_willing_employment_rate_pct')}，"
                f"{verdict_word(er.rate_verdict(kpi, target))}），尚有 "
                f"{fmt(unemployed, 'able_willing_unemployed_count')}有能力有意愿但未就业。")
    if int(ctx.month[5:]) != 12:
        rows, total = projections.asked("employment_monthly_by_district", ctx.params(), "employed_count", ctx.month)
        if total is not None:
            late = projections.below(rows)
            w.paragraph(f"{ctx.scope_label}务工就业人数{projections.sentence(total, 'employed_count')}"
                        + (f"；按目前进度年末可能低于上年的区：{'、'.join(late)}" if late and not ctx.is_one else "")
                        + "。")
    w.chart(Chart("务工就业人数逐月走势", charts.employment_trend(
        run("employment_trend", {"districts": list(ctx.scope)}), ctx.scope_label, ctx.year), ctx.as_of))


def _employment(w: _Writer, ctx: _Context) -> None:
    w.heading(1, "促进就业增收")
    current, scope_total = _comparison(ctx)
    w.heading(2, "务工就业规模")
    key = verdicts.employment_baseline(ctx.year)
    head = ranking.headline(current, ctx.year)
    if ctx.is_city:
        w.paragraph(f"全市{len(head['with_laborers'])}个有脱贫劳动力的区中，务工就业同比增长的 "
                    f"{len(head['yoy_up'])} 个（{tables.district_names(head['yoy_up'])}），下降的 "
                    f"{len(head['yoy_down'])} 个（{tables.district_names(head['yoy_down'])}）。")
    table, among = _ranked_table(
        ctx, "employed_count",
        ["laborer_count", "employed_count", "employed_count_last_year", "employed_yoy_count", "employed_yoy_pct",
         "threshold_count", "verdict"],
        f"{ctx.each}务工就业规模", f"{definitions.of('employed_count')}。基期/目标值为{BASELINE_NAMES[key]}务工就业人数"
                                   f"（{setting_named('employment_baseline', ctx.year)}），结果为是否不低于基期。",
        scope_total, ctx.as_of)
    if ctx.is_one and table.rows:
        row = table.rows[0]
        change = change_text(row["employed_count"], row["employed_count_last_year"], "employed_count")
        w.paragraph(_standing(ctx, table, among, "employed_count", "务工就业人数")
                    + (f"；较上年同期 {change}" if change else "")
                    + _judged(row["verdict"], f"基期（{fmt(row['threshold_count'], 'threshold_count')}）") + "。")
    w.table(table)
    if ctx.is_city:
        yoy = ctx.shown(current[~current["is_total"]]).assign(
            district_name=lambda d: d["district_code"].map(district_name)).dropna(subset=["employed_yoy_pct"])
        if not yoy.empty:
            w.chart(Chart("各区务工就业人数同比", charts.district_yoy(yoy), ctx.as_of))

    w.heading(2, "在哪里、怎么就业")
    mix = run("employment_mix", ctx.params())
    for dimension in ("work_location", "channel"):
        part = er.mix_of(mix, dimension)
        if part.empty:
            continue
        table = er.mix_table(part)
        counts = ["poverty_employed_count", "monitored_employed_count"]
        total = tables.sums(table, counts) | {"poverty_share_pct": 100.0 if table[counts[0]].sum() else None,
                                              "monitored_share_pct": 100.0 if table[counts[1]].sum() else None}
        w.table(Table(f"务工就业人员按{MIX_DIMENSION_NAMES[dimension]}的构成", list(table.columns),
                      _records(table, list(table.columns)), [total], ctx.as_of,
                      "脱贫户与监测对象（脱贫不稳定户、边缘易致贫户、突发严重困难户）分列，各自合计为 100%。"))

    w.heading(2, "收入与就业质量")
    q = run("employment_quality", ctx.params()).iloc[0]
    pairs = [("平均月收入", "avg_income_yuan", "avg_income_last_year_yuan"),
             ("签订劳动合同占比", "contract_pct", "contract_last_year_pct"),
             ("参加社会保险占比", "insured_pct", "insured_last_year_pct"),
             ("本年参加技能培训占比", "trained_skill_pct", "trained_skill_last_year_pct"),
             ("本年参加创业培训占比", "trained_startup_pct", "trained_startup_last_year_pct")]
    w.paragraph(f"{ctx.as_of}{ctx.scope_label}务工就业人员" + "，".join(
        f"{name} {fmt(q[now], now)}（上年同期 {fmt(q[before], before)}）" for name, now, before in pairs) + "。")
    table, among = _ranked_table(
        ctx, "avg_income_yuan", ["employed_count", "avg_income_yuan", "out_of_province_pct"],
        f"{ctx.each}务工就业人员平均月收入", f"平均月收入：{definitions.of('avg_income_yuan', '区域对比')}。",
        scope_total, ctx.as_of)
    if ctx.is_one and table.rows:
        w.paragraph(_standing(ctx, table, among, "avg_income_yuan", "务工就业人员平均月收入") + "。")
    w.table(table)

    w.heading(2, "有能力有意愿但未就业")
    table, among = _ranked_table(
        ctx, "able_willing_employment_rate_pct",
        ["able_willing_count", "able_willing_employed_count", "able_willing_employment_rate_pct", "threshold_pct",
         "verdict"], f"{ctx.each}有劳动能力和就业意愿人员的就业率",
        f"{definitions.of('able_willing_employment_rate_pct')}。基期/目标值为政策参数规定的目标。", scope_total,
        ctx.as_of)
    target = fmt(verdicts.employment_target_pct(ctx.year), "able_willing_employment_rate_pct")
    if ctx.is_one and table.rows:
        w.paragraph(_standing(ctx, table, among, "able_willing_employment_rate_pct", "有劳动能力和就业意愿人员的就业率")
                    + _judged(table.rows[0]["verdict"], f"目标（{target}）") + "。")
    else:
        below = [r["district_name"] for r in table.rows if r["verdict"] == verdicts.Verdict.NOT_MET]
        w.paragraph(f"就业率未达到目标（{target}）的区：{'、'.join(below) or '无'}。")
    w.table(table)


def _entrepreneurs(w: _Writer, ctx: _Context) -> None:
    w.heading(1, "支持返乡创业")
    people = run("entrepreneurs_by_town", ctx.params())
    year_text = ctx.ytd if ctx.month.endswith("-12") else f"{ctx.year}年（截至{int(ctx.month[5:])}月）"
    if people.empty:
        w.paragraph(f"{year_text}{ctx.scope_label}没有返乡创业人员名册数据。")
    else:
        figures = ["entrepreneur_count", "in_park_count", "not_in_park_count", "employed_by_entrepreneurs_count"]
        per = people.groupby("district_code", as_index=False)[figures].sum()
        per = per.assign(district_name=per["district_code"].map(district_name))
        per["rank"] = per["entrepreneur_count"].rank(ascending=False, method="min")
        per = ctx.shown(per).sort_values(["rank", "district_code"])
        total = tables.sums(per, figures)
        w.paragraph(f"{year_text}{ctx.scope_label}返乡创业 {fmt(total['entrepreneur_count'], 'entrepreneur_count')}，"
                    f"其中入驻创业园区 {fmt(total['in_park_count'], 'in_park_count')}，带动就业 "
                    f"{fmt(total['employed_by_entrepreneurs_count'], 'employed_by_entrepreneurs_count')}。")
        shown = [*_rank(ctx), "district_name", *figures]
        w.table(Table(f"{ctx.each}返乡创业情况", shown, _records(per, shown),
                      [] if ctx.is_one else [total],  # one district's 合计 would repeat its row
                      year_text, "返乡创业人员名册（按年度）" + ("；名次按返乡创业人数。" if ctx.is_city else "。")))
    carriers = run("carriers_by_kind", ctx.params())
    if not carriers.empty:
        kinds = carriers.groupby("kind", as_index=False)[["carrier_unit_count", "laborers_absorbed_count"]].sum()
        w.paragraph(f"{year_text}{ctx.scope_label}有就业帮扶载体 "
                    + "、".join(f"{r.kind} {fmt(r.carrier_unit_count, 'carrier_unit_count')}"
                               for r in kinds.itertuples())
                    + f"，共吸纳脱贫劳动力 {fmt(kinds['laborers_absorbed_count'].sum(), 'laborers_absorbed_count')}。")


def _brands(w: _Writer, ctx: _Context) -> None:
    w.heading(1, "打造劳务品牌")
    by_brand, total = brands.split(run("brand_performance", ctx.params(brands=brands.reference_names())))
    with_members = by_brand[by_brand["member_count"] > 0].copy()
    if with_members.empty:
        w.paragraph(f"{ctx.as_of}{ctx.scope_label}花名册中没有劳务品牌成员。")
        return
    w.paragraph(sentences.brands_headline(ctx.month, ctx.scope_label, len(with_members), total) + "。")
    columns = ["labor_brand", "member_count", "employed_count", "employment_rate_pct", "avg_income_yuan",
               "income_premium_yuan", "trained_pct"]
    with_members["rank"] = with_members["member_count"].rank(ascending=False, method="min")
    with_members = with_members.sort_values(["rank", "labor_brand"])
    title = f"{ctx.scope_label if ctx.is_one else '各'}劳务品牌就业情况"
    w.table(Table(title, ["rank", *columns], _records(with_members, ["rank", *columns]),
                  [brands.total_row(total)], ctx.as_of,
                  f"{definitions.of('member_count', '劳务品牌')}。名次按品牌成员人数。收入溢价：品牌务工就业成员与同区"
                  "非品牌务工人员平均月收入之差。"))


def _model_towns(w: _Writer, ctx: _Context) -> None:
    w.heading(1, "推选示范乡镇")
    candidates = scorecard.candidate_towns(ctx.scope)
    if not candidates:
        w.paragraph(town_text.no_candidates(ctx.scope_label).split("请在左侧")[0])
        return
    year = ctx.year if ctx.year in roster_years() else roster_years()[0]
    as_of_month, is_full_year = year_as_of(year)
    period = town_text.period(year, as_of_month, is_full_year)
    indicators = run("model_town_indicators", {"year": year, "districts": list(ctx.scope)})
    claims = town_audit.town_claims(year, as_of_month, ctx.scope)
    long = scorecard.results(scorecard.with_claims(indicators, claims), year, ctx.scope)
    passing = scorecard.passing_towns(long)
    w.paragraph(f"{year}年示范乡镇推选（乡镇申请、区级初审、市级复核）尚无记录，以下为十项推选标准的达标进度："
                + town_text.headline(period, ctx.scope_label, len(candidates), passing) + "。")
    counts = town_text.worded_counts(scorecard.pass_counts(long))
    columns = ["indicator", "passed_town_unit_count", "last_year_passed_town_unit_count", "town_unit_count"]
    w.table(Table("十项推选标准达标乡镇数", columns, _records(counts, columns), [], month_label(as_of_month),
                  f"《“就业帮扶助力乡村振兴示范乡镇”推选标准》十项指标；标准取自政策参数（{year}年生效）。"
                  "各项达标乡镇数不相加，故不设合计。"))


def _policies(w: _Writer, ctx: _Context) -> None:
    w.heading(1, "落实扶持政策")
    w.heading(2, "就业帮扶补贴发放与核查")
    by_type = run("subsidies_paid_by_type", ctx.params())
    yoy = audit.paid_yoy_pct(by_type)
    checked = run("subsidy_claims_checked", ctx.params()).iloc[0]
    flagged = subsidy_audit.flagged_claims(ctx.month, ctx.scope)
    found = audit.summary(flagged)
    w.paragraph(f"{ctx.ytd}{ctx.scope_label}"
                + sentences.subsidies(by_type["subsidy_amount_yuan"].sum(), yoy, checked, found, ctx.as_of) + "。")
    rules = subsidy_audit.rules()
    by_rule = audit.counts_by_rule(flagged, rules)
    by_rule = by_rule[by_rule["flagged_claim_count"] > 0].sort_values("at_risk_yuan", ascending=False)
    if not by_rule.empty:
        columns = ["rule_name", "flagged_claim_count", "at_risk_yuan"]
        local = [r.name for r in rules if r.rule_id in set(by_rule["rule_id"])
                 and any(s.is_local for s in subsidy_audit.standards(r, ctx.year))]
        local_note = (f"“{'”“'.join(local)}”所用上限是本地参数：工作方案只写“按照有关规定给予”，未规定金额。"
                      if local else "")
        w.table(Table("补贴核查疑点（按规则）", columns, _records(by_rule, columns),
                      [tables.sums(by_rule, columns[1:])], ctx.as_of,
                      "截至统计月已发放的补贴逐笔按政策规则核查；一笔补贴可能违反多条规则，在各规则分别计入，"
                      "故各规则之和可能大于疑点补贴笔数。风险金额按规则计。" + local_note))
    per_district = audit.by_district(flagged, ctx.scope).assign(district_name=lambda d: d["district_code"].map(
        district_name))
    per_district["rank"] = per_district["at_risk_yuan"].rank(ascending=False, method="min")
    per_district = per_district[per_district["flagged_claim_count"] > 0].sort_values(["rank", "district_code"])
    if not per_district.empty and not ctx.is_one:  # one district's row would repeat the sentence above
        columns = [*_rank(ctx), "district_name", "flagged_claim_count", "at_risk_yuan"]
        w.table(Table("补贴核查疑点（按区）", columns, _records(per_district, columns),
                      [{"flagged_claim_count": found["flagged_claim_count"], "at_risk_yuan": found["at_risk_yuan"]}],
                      ctx.as_of, "每笔疑点补贴只计一次，风险金额取其违反各规则中最大的一项"
                      + ("；名次按风险金额。" if ctx.is_city else "。")))

    w.heading(2, "乡村公益性岗位")
    m = welfare.measure(ctx.year)
    districts, total = engine.derive(welfare.compare, [("welfare_posts_vs_last_year", ctx.params())], ctx.year)
    if total is None:
        w.paragraph(f"{ctx.scope_label}{ctx.year}年和{ctx.year - 1}年都未报送乡村公益性岗位花名册。")
        return
    districts = districts.assign(district_name=districts["district_code"].map(district_name))
    w.paragraph(f"{ctx.ytd}{ctx.scope_label}公益性岗位{sentences.welfare(total, m, ctx.ytd)}。")
    if int(ctx.month[5:]) != 12:
        projected_rows, projected_total = projections.asked("welfare_monthly_progress", ctx.params(), m.this_year,
                                                            ctx.month)
        if projected_total is not None:
            late = projections.below(projected_rows)
            w.paragraph(f"{ctx.scope_label}公益性岗位{WELFARE_MEASURE_NAMES[m.key]}"
                        f"{projections.sentence(projected_total, m.this_year)}"
                        + (f"；按目前进度可能低于上年的区：{'、'.join(late)}" if late and not ctx.is_one else "")
                        + "。")
    failing = welfare.below_last_year(districts, ctx.year)
    if len(failing) and not ctx.is_one:  # one district's own figure is judged in the sentence above
        w.paragraph(f"未达到上年同期水平的区（{len(failing)} 个，按{WELFARE_MEASURE_NAMES[m.key]}）："
                    + "；".join(f"{name}，{figures}" for name, figures in
                               sentences.welfare_below_items(failing, m, ctx.ytd)) + "。")
    elif ctx.is_city:
        w.paragraph("有基期的区均达到上年同期水平。")
    columns = ["district_name", welfare.VERDICT, m.this_year, m.same_period, m.shortfall, m.last_year, m.gap]
    shown = districts.copy()
    shown["rank"] = shown[m.this_year].rank(ascending=False, method="min")
    w.table(Table(f"{ctx.each}公益性岗位{WELFARE_MEASURE_NAMES[m.key]}与上年比较", [*_rank(ctx), *columns],
                  _records(shown.sort_values(["rank", "district_code"]), [*_rank(ctx), *columns]),
                  [] if ctx.is_one else [total.to_dict() | {"_label": total_label("", total[welfare.LEFT_OUT])}],
                  ctx.ytd,
                  f"比较口径：{WELFARE_MEASURE_NAMES[m.key]}（{setting_named('welfare_posts_measure', ctx.year)}），"
                  f"{ctx.ytd} 对 "
                  f"{same_period_last_year(ctx.month, year_to_date=True)}；{WELFARE_NO_BASELINE_RULE}。"
                  + ("" if ctx.is_one else "合计按人去重，只比较有基期的区。")
                  + ("名次按本年安置人数。" if ctx.is_city else "")))
    if len(districts) > 1:
        w.chart(Chart("各区公益性岗位与上年比较", charts.welfare_vs_last_year(districts, m, ctx.month), ctx.as_of,
                      "乡村公益性岗位月度花名册"))


def _next_steps(w: _Writer, items: list[str] | None, prompts: tuple[str, ...]) -> None:
    w.heading(1, "下一步工作要求")
    for item in items or []:
        w.paragraph(item)
    if not items:
        for item in prompts:
            w.paragraph(f"{PLACEHOLDER}{item}", "placeholder")



__all__ = ["Block", "Briefing", "Chart", "IncompleteMonth", "Table", "build", "missing_districts"]
