"""首页: the answer first — is employment holding steady — then the five headline figures and the trend."""

import streamlit as st

from queries import employment_rules, rules, welfare
from queries.engine import run
from ui import cards, charts, shell
from ui.labels import change_text, fmt, month_label

f = shell.start()
as_of = month_label(f.month)
ytd = f"{f.year}年1—{int(f.month[5:])}月"
kpi = run("employment_kpis", f.params()).iloc[0]
_, placements = welfare.compare(run("welfare_posts_vs_last_year", f.params()), f.year)
subsidy = run("subsidies_paid_ytd", f.params()).iloc[0]
trend = run("employment_trend", {"districts": list(f.districts)})

baseline_key, baseline_name = rules.employment_baseline(f.year)
baseline = kpi[employment_rules.BASELINE_COLUMNS[baseline_key]]
verdict = employment_rules.stability(kpi["employed_count"], baseline).verdict
yoy = rules.change_pct(kpi["employed_count"], kpi["employed_count_last_year"])
sentence = {rules.PASS: "就业规模总体稳定", rules.FAIL: f"低于{baseline_name}，就业规模未达到稳定要求",
            rules.NO_BASELINE: f"缺少{baseline_name}数据，无法判断是否稳定"}[verdict]
st.title("就业帮扶总览")
st.subheader(f"{int(f.month[5:])}月{f.scope_label}务工就业 {fmt(kpi['employed_count'], 'employed_count')}，"
             f"同比 {fmt(yoy, 'employed_yoy_pct', signed=True)}，{sentence}")


target = rules.employment_target_pct(f.year)
measure = welfare.measure(f.year)  # the figure the policy names for 不少于上一年度水平
placed = 0 if placements is None else placements[measure.this_year]
placed_before = None if placements is None or not placements["has_last_year"] else placements[measure.same_period]
amount_wan = subsidy["subsidy_amount_yuan"] / 10_000
last_amount = subsidy["subsidy_amount_last_year_yuan"]
cards.row([
    cards.Card("脱贫劳动力总数", fmt(kpi["laborer_count"], "laborer_count"), as_of,
               help="当月花名册中的脱贫劳动力人数（含防止返贫监测对象）",
               page="pages/employment.py", page_title="就业规模稳定"),
    cards.Card("务工就业人数", fmt(kpi["employed_count"], "employed_count"), as_of,
               change=change_text(kpi["employed_count"], baseline, "employed_count"), baseline=f"较{baseline_name}",
               verdict=verdict,
               help=f"上年同期 {fmt(kpi['employed_count_last_year'], 'employed_count')}；"
                    f"上年末 {fmt(kpi['employed_count_last_december'], 'employed_count')}。"
                    f"不低于{baseline_name}即“就业规模总体稳定”（基期由政策参数设定）",
               page="pages/employment.py", page_title="就业规模稳定"),
    cards.Card("有劳动能力和就业意愿的就业率",
               fmt(kpi["able_willing_employment_rate_pct"], "able_willing_employment_rate_pct"), as_of,
               change=f"{fmt(kpi['able_willing_employed_count'], 'able_willing_employed_count')} / "
                      f"{fmt(kpi['able_willing_count'], 'able_willing_count')}",
               baseline=f"目标 {target:.0f}%",
               verdict=rules.at_least(kpi["able_willing_employment_rate_pct"] or 0, target)
               if kpi["able_willing_count"] else "无对象",
               page="pages/districts.py", page_title="区域对比"),
    cards.Card(f"公益性岗位{measure.name}", fmt(placed, measure.this_year), ytd,
               change=change_text(placed, placed_before, measure.this_year), baseline="较上年同期",
               verdict=rules.NO_BASELINE if placed_before is None else placements[welfare.VERDICT],
               help=f"按政策参数规定的口径（{measure.name}）与上年同期比较。上年全年 "
                    f"{fmt(None if placements is None else placements[measure.last_year], measure.last_year)}",
               page="pages/welfare_posts.py", page_title="公益性岗位"),
    cards.Card("本年已发放补贴", fmt(amount_wan, "subsidy_amount_wan_yuan"), ytd,
               change=change_text(amount_wan, last_amount / 10_000 if last_amount == last_amount else None,
                                  "subsidy_amount_wan_yuan"),
               baseline="较上年同期", help=f"共 {fmt(subsidy['subsidy_claim_count'], 'subsidy_claim_count')}",
               page="pages/subsidies.py", page_title="政策落实"),
])

fig = charts.this_year_vs_last(trend, "employed_count", f"{f.scope_label}务工就业人数：今年是否不低于去年？", f.year)
charts.show(fig, key="overview_trend", as_of=as_of)
