-- 场地租金补贴对象不符：场地租金补贴面向返乡创业的脱贫劳动力，申领人须在返乡创业人员名册中（截至所选年度任一年）
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.year
    from months as m
    where m.month = $month
),

claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '场地租金补贴'
),

final as (
    select
        c.claim_id,
        c.month,
        c.subsidy_type,
        c.person_id,
        c.enterprise_id,
        c.district_code,
        c.amount_yuan,
        c.amount_yuan as at_risk_yuan,
        '截至' || cast(p.year as varchar) || '年的返乡创业人员名册中没有此人' as evidence
    from claims as c
    cross join params as p
    where c.claimant_first_entrepreneur_year is null
        or c.claimant_first_entrepreneur_year > p.year
)

select * from final
order by month, claim_id
