"""首页: the answer first — is employment holding steady — then the five headline figures and the trend."""

import streamlit as st

from assess import employment, verdicts, welfare
from assess.numbers import wan_yuan
from queries.engine import derive, prefetch, run
from ui import cards, charts, definitions, guard, sentences, shell
from ui.briefing import button as briefing
from ui.labels import (
    BASELINE_NAMES,
    WELFARE_MEASURE_NAMES,
    change_text,
    compared_with,
    fmt,
    period_label,
    same_period_last_year,
)

f = shell.start()
as_of, ytd = period_label(f.month), period_label(f.month, year_to_date=True)
baseline_key = verdicts.employment_baseline(f.year)
baseline_name = BASELINE_NAMES[baseline_key]
target = verdicts.employment_target_pct(f.year)
help_of = definitions.of
prefetch([(name, f.params()) for name in ("employment_kpis", "welfare_posts_vs_last_year", "subsidies_paid_ytd")]
         + [("employment_trend", {"districts": list(f.districts)})])

st.title("就业帮扶总览")
with guard.figure("就业规模"):
    kpi = run("employment_kpis", f.params()).iloc[0]
    scale = employment.kpi_stability(kpi, baseline_key)
    st.subheader(sentences.scale_headline(f.month, f.scope_label, kpi, scale, baseline_key))
    cards.row([
        cards.laborers(kpi, as_of, page="pages/employment.py", page_title="就业规模稳定"),
        cards.Card("务工就业人数", fmt(kpi["employed_count"], "employed_count"), as_of,
                   change=change_text(kpi["employed_count"], scale.baseline, "employed_count"),
                   baseline=f"较{baseline_name}", verdict=scale.verdict,
                   help=f"{help_of('employed_count')}。上年同期 "
                        f"{fmt(kpi['employed_count_last_year'], 'employed_count')}；上年末 "
                        f"{fmt(kpi['employed_count_last_december'], 'employed_count')}",
                   page="pages/employment.py", page_title="就业规模稳定"),
        cards.able_willing_rate(kpi, target, as_of, page="pages/districts.py", page_title="区域对比"),
    ])


def welfare_card() -> cards.Card:
    m = welfare.measure(f.year)  # the figure the policy names for 不少于上一年度水平
    _, total = derive(welfare.compare, [("welfare_posts_vs_last_year", f.params())], f.year)
    label = f"公益性岗位{WELFARE_MEASURE_NAMES[m.key]}"
    if total is None or not total["has_this_year"]:
        return cards.unreported(label, ytd, "公益性岗位花名册", page="pages/welfare_posts.py", page_title="公益性岗位")
    placed = total[m.this_year]
    before = total[m.same_period] if total["has_last_year"] else None
    return cards.Card(label, fmt(placed, m.this_year), ytd,
                      change=change_text(placed, before, m.this_year), baseline=compared_with(total),
                      verdict=verdicts.Verdict.NO_BASELINE if before is None else total[welfare.VERDICT],
                      help=f"{help_of(m.this_year, '公益性岗位')}。按政策参数规定的口径与上年同期比较；上年全年 "
                           f"{fmt(total[m.last_year], m.last_year)}",
                      page="pages/welfare_posts.py", page_title="公益性岗位")


def subsidy_card() -> cards.Card:
    paid = run("subsidies_paid_ytd", f.params()).iloc[0]
    if not paid["has_this_year"]:
        return cards.unreported("本年已发放补贴", ytd, "补贴发放台账", page="pages/subsidies.py", page_title="政策落实")
    amount_wan = wan_yuan(paid["subsidy_amount_yuan"])  # from the yuan: one rounding, in fmt
    last_wan = wan_yuan(paid["subsidy_amount_last_year_yuan"])
    return cards.Card("本年已发放补贴", fmt(amount_wan, "subsidy_amount_wan_yuan"), ytd,
                      change=change_text(amount_wan, last_wan, "subsidy_amount_wan_yuan"),
                      baseline=f"较上年同期（{same_period_last_year(f.month, year_to_date=True)}）",
                      help=f"{help_of('subsidy_amount_yuan')}。共 "
                           f"{fmt(paid['subsidy_claim_count'], 'subsidy_claim_count')}",
                      page="pages/subsidies.py", page_title="政策落实")


cards.row([("公益性岗位", welfare_card), ("本年已发放补贴", subsidy_card)])

with guard.figure("务工就业趋势"):
    trend = run("employment_trend", {"districts": list(f.districts)})
    charts.show(charts.employment_trend(trend, f.scope_label, f.year), key="overview_trend", as_of=as_of)

briefing.offer(f, key="overview_briefing")
