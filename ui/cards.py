"""KPI cards: value with unit, as-of period, change against a named baseline, a verdict word, a link to detail.

A card whose figure cannot be answered shows why in its place (ui.guard); the other cards of the row still draw.
"""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from assess.employment import rate_verdict
from assess.numbers import wan_yuan
from assess.verdicts import Verdict, is_missing
from ui import definitions, guard
from ui.labels import (
    BASELINE_NAMES,
    VERDICT_COLORS,
    VERDICT_ICONS,
    WELFARE_NO_BASELINE,
    change_text,
    compared_with,
    fmt,
    period_label,
    points_change,
    same_period_last_year,
    setting_named,
    verdict_word,
)
from ui.tables import district_names


@dataclass(frozen=True)
class Card:
    label: str
    value: str  # already formatted with its unit
    as_of: str  # e.g. "2026年10月" or "2026年1—10月" (ui.labels.period_label)
    change: str | None = None  # e.g. "+732 人（+1.8%）"
    baseline: str | None = None  # what the change is against, e.g. "较上年同期"
    verdict: Verdict | None = None
    page: str | None = None  # page file to link to, e.g. "pages/employment.py"
    page_title: str | None = None
    help: str | None = None
    note: str | None = None  # a plain line under the as-of period, e.g. the roster total beside 脱贫劳动力


NOT_REPORTED = "未报送"  # a figure whose ledger or roster was never sent: not 0 (a declared empty report is 0)


def unreported(label: str, as_of: str, what: str, **link) -> Card:
    """A card for a figure whose table has no report in its period: 未报送 in the value's place, and what to send."""
    return Card(label, NOT_REPORTED, as_of, note=f"所选范围{as_of}没有报送{what}，不是 0；报送后这里显示数字",
                help=f"数据湖中没有这一期的{what}。已报送但确实没有记录的区，导入时声明为空报送后显示 0。", **link)


def verdict_badge(verdict: Verdict) -> None:
    st.badge(verdict_word(verdict), icon=VERDICT_ICONS.get(verdict, ":material/remove:"),
             color=VERDICT_COLORS.get(verdict, "gray"))


def show(card: Card) -> None:
    with st.container(border=True):
        st.metric(card.label, card.value, delta=card.change, delta_description=card.baseline, help=card.help,
                  delta_color="normal" if card.change else "off")
        st.caption(f"截至 {card.as_of}")
        if card.note:
            st.caption(card.note)
        if card.verdict:
            verdict_badge(card.verdict)
        if card.page:
            st.page_link(card.page, label=f"查看{card.page_title or '详情'}", icon=":material/arrow_forward:")


def row(cards: list[Card | tuple[str, Callable[[], Card]]], per_row: int = 3) -> None:
    """Cards side by side on a desk, at most `per_row` a row; Streamlit stacks the columns at phone width.

    A card given as (its label, a function making it) is made in its own column, so that a question failing for it
    shows its message there and the other cards still draw.
    """
    for start in range(0, len(cards), per_row):
        for column, card in zip(st.columns(per_row), cards[start:start + per_row], strict=False):
            with column:
                if isinstance(card, Card):
                    show(card)
                else:
                    with guard.figure(card[0]):
                        show(card[1]())


def stock_and_flow(total, as_of: str, is_city: bool) -> list[Card]:
    """稳存量、扩增量、流失 of the selection, and the movement between districts (within the city, or in and out of
    the selected districts)."""
    cards = [
        Card("稳存量", fmt(total["stock_count"], "stock_count"), as_of, help=definitions.of("stock_count")),
        Card("扩增量", fmt(total["gained_count"], "gained_count"), as_of,
             help=f"{definitions.of('gained_count')}；其中基期不在花名册 "
                  f"{fmt(total['gained_new_roster_count'], 'gained_new_roster_count')}"),
        Card("流失", fmt(total["lost_count"], "lost_count"), as_of,
             help=f"{definitions.of('lost_count')}；其中本月不在花名册 "
                  f"{fmt(total['lost_left_roster_count'], 'lost_left_roster_count')}，本月无劳动能力或无就业意愿 "
                  f"{fmt(total['lost_unable_count'], 'lost_unable_count')}"),
    ]
    if is_city:
        return [*cards, Card("区间流动", fmt(total["moved_within_count"], "moved_within_count"), as_of,
                             help=definitions.of("moved_within_count"))]
    return [*cards, Card("跨区迁入 / 迁出", f"{fmt(total['moved_in_count'], 'moved_in_count')} / "
                         f"{fmt(total['moved_out_count'], 'moved_out_count')}", as_of,
                         help=definitions.of("moved_in_count"))]


def quality(row, as_of: str, year_to_date: str, same_month: str) -> list[Card]:
    """提质量: income, contracts, insurance and training, each against the same month last year."""
    def share(title: str, column: str, period: str = as_of) -> Card:
        return Card(title, fmt(row[column], column), period, baseline=same_month,
                    change=points_change(row[column], row[column.replace("_pct", "_last_year_pct")]),
                    help=definitions.of(column, "就业规模稳定"))

    def money(title: str, column: str) -> Card:
        return Card(title, fmt(row[column], column), as_of, baseline=same_month,
                    help=definitions.of(column, "就业规模稳定"),
                    change=change_text(row[column], row[column.replace("_yuan", "_last_year_yuan")], column))

    return [money("平均月收入", "avg_income_yuan"), money("月收入中位数", "median_income_yuan"),
            share("签订劳动合同", "contract_pct"), share("参加社会保险", "insured_pct"),
            share("本年参加技能培训", "trained_skill_pct", year_to_date),
            share("本年参加创业培训", "trained_startup_pct", year_to_date)]


def welfare_measures(total, m, year_to_date: str, in_post_as_of: str) -> list[Card]:
    """The three 公益性岗位 figures against the same period last year; the verdict on the one the policy names."""
    def measure(title: str, key: str, column: str, baseline_column: str, as_of: str, baseline: str) -> Card:
        change = (fmt(total[column] - total[baseline_column], column, signed=True) if total["has_last_year"]
                  else None)
        return Card(title, fmt(total[column], column), as_of, change=change, baseline=compared_with(total, baseline),
                    verdict=total["welfare_verdict"] if m.key == key else None,
                    help=definitions.of(column, "公益性岗位"))

    return [measure("年内累计安置人数", "placed_persons", "welfare_placed_count",
                    "welfare_placed_last_year_same_period_count", year_to_date, "较上年同期"),
            measure("在岗人数", "in_post_year_end", "welfare_in_post_count",
                    "welfare_in_post_last_year_same_period_count", in_post_as_of, "较上年同月"),
            measure("岗位数", "post_count", "welfare_post_unit_count",
                    "welfare_post_last_year_same_period_unit_count", year_to_date, "较上年同期")]


def subsidies(by_type, found: dict, yoy_pct, year_to_date: str, as_of: str, reported: bool = True) -> list[Card]:
    """What was paid this year against the same period last year, and what the audit found up to the month; each
    reads 未报送 when no ledger was sent this year (`reported` false)."""
    if not reported:
        return [unreported(label, year_to_date, "补贴发放台账")
                for label in ("本年已发放补贴", "本年补贴笔数", "疑点补贴", "疑点风险金额")]
    amount, amount_last = by_type["subsidy_amount_yuan"].sum(), by_type["subsidy_amount_last_year_yuan"].sum()
    change = (f"{fmt(wan_yuan(amount) - wan_yuan(amount_last), 'subsidy_amount_wan_yuan', signed=True)}"
              f"（{fmt(yoy_pct, 'subsidy_amount_change_pct', signed=True)}）") if yoy_pct is not None else None
    return [
        Card("本年已发放补贴", fmt(wan_yuan(amount), "subsidy_amount_wan_yuan"), year_to_date, change=change,
             baseline="较上年同期", help=f"{definitions.of('subsidy_amount_yuan', '政策落实')}。上年同期 "
                                       f"{fmt(wan_yuan(amount_last), 'subsidy_amount_wan_yuan')}"),
        Card("本年补贴笔数", fmt(by_type["subsidy_claim_count"].sum(), "subsidy_claim_count"), year_to_date,
             help=f"上年同期 {fmt(by_type['subsidy_last_year_claim_count'].sum(), 'subsidy_claim_count')}"),
        Card("疑点补贴", fmt(found["flagged_claim_count"], "flagged_claim_count"), as_of,
             change=f"违规 {found['breach_claim_count']:,} 项" if found["flagged_claim_count"] else None,
             help=definitions.of("flagged_claim_count")),
        Card("疑点风险金额", fmt(found["at_risk_yuan"], "at_risk_yuan"), as_of, help=definitions.of("at_risk_yuan")),
    ]


def employment_scale(kpi, scale, baseline_key: str, month: str) -> list[Card]:
    """务工就业人数 against the policy's baseline with its verdict, against both baselines, and the roster total."""
    def against(title: str, column: str, has: str, period: str, baseline: str) -> Card:
        base = kpi[column] if kpi[has] else None
        return Card(title, fmt(base, "employed_count"), period, baseline=baseline,
                    change=change_text(kpi["employed_count"], base, "employed_count"))

    as_of = period_label(month)
    return [
        Card("务工就业人数", fmt(kpi["employed_count"], "employed_count"), as_of, verdict=scale.verdict,
             baseline=f"较{BASELINE_NAMES[baseline_key]}", help=definitions.of("employed_count"),
             change=change_text(kpi["employed_count"], scale.baseline, "employed_count")),
        against("同比（上年同期）", "employed_count_last_year", "has_same_month_last_year",
                same_period_last_year(month), "本月较上年同期"),
        against("上年末", "employed_count_last_december", "has_last_december",
                period_label(f"{int(month[:4]) - 1}-12"), "本月较上年末"),
        laborers(kpi, as_of),
    ]


def laborers(kpi, as_of: str, **link) -> Card:
    """脱贫劳动力 (able to work) apart from the roster total, which also counts 丧失劳动力 and 无劳动力."""
    unable = kpi["laborer_count"] - kpi["able_laborer_count"]
    return Card("脱贫劳动力（有劳动能力）", fmt(kpi["able_laborer_count"], "able_laborer_count"), as_of,
                help=f"{definitions.of('able_laborer_count')}。{definitions.of('laborer_count')}",
                note=f"花名册 {fmt(kpi['laborer_count'], 'laborer_count')}，"
                     f"其中丧失劳动力、无劳动力 {fmt(unable, 'unable_laborer_count')}", **link)


def able_willing_rate(row, target_pct: float, as_of: str, **link) -> Card:
    """有劳动能力和就业意愿的就业率 against its target (无对象 when nobody is able and willing); `link` may name a
    page to open."""
    return Card("有劳动能力和就业意愿的就业率",
                fmt(row["able_willing_employment_rate_pct"], "able_willing_employment_rate_pct"), as_of,
                change=f"{fmt(row['able_willing_employed_count'], 'able_willing_employed_count')} / "
                       f"{fmt(row['able_willing_count'], 'able_willing_count')}",
                baseline=f"目标 {target_pct:.0f}%", verdict=rate_verdict(row, target_pct),
                help=definitions.of("able_willing_employment_rate_pct"), **link)


def district_headline(total, head: dict, target_pct: float, as_of: str, year_to_date: str,
                      welfare_measure_name: str, year: int) -> list[Card]:
    """区域对比 at a glance: the selection's employment 同比, and how many districts fall, meet the employment target
    and stay below last year's 公益性岗位 placements (assess.districts.headline)."""
    names = district_names
    change = None if is_missing(total["employed_yoy_count"]) else (
        f"{fmt(total['employed_yoy_count'], 'employed_yoy_count', signed=True)}"
        f"（{fmt(total['employed_yoy_pct'], 'employed_yoy_pct', signed=True)}）")
    return [
        Card("务工就业人数", fmt(total["employed_count"], "employed_count"), as_of, change=change,
             baseline="较上年同期", help="所选各区合计，等于首页的全市（或所选区）务工就业人数"),
        Card("同比下降的区", f"{len(head['yoy_down'])} 个", as_of,
             help=f"务工就业人数低于上年同月的区：{names(head['yoy_down'])}"),
        Card("就业率达标的区", f"{len(head['at_target'])} / {len(head['with_laborers'])} 个", as_of,
             baseline=f"目标 {target_pct:.0f}%",
             help=f"有劳动能力和就业意愿的就业率不低于 {target_pct:.0f}% 的区：{names(head['at_target'])}"),
        Card("公益性岗位未达上年的区", f"{len(head['welfare_below'])} 个", year_to_date,
             verdict=Verdict.NOT_MET if head["welfare_below"] else Verdict.MET,
             help=f"{welfare_measure_name}（{setting_named('welfare_posts_measure', year)}）低于上年同期："
                  f"{names(head['welfare_below'])}；无基期（{WELFARE_NO_BASELINE}）：{names(head['welfare_no_baseline'])}"),
    ]
