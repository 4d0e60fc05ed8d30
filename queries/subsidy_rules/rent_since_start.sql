-- 场地租金补贴超出初创期：只补创业起最长 rent_subsidy_max_months 个月内的房租；一笔补贴按发放当月及此前 rent_months 个月计，超出的月份列出；名册未填创业开始日期的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param rent_subsidy_max_months integer
-- @param rent_subsidy_yuan_per_month integer
with params as (
    select m.year
    from months as m
    where m.month = $month
),

-- a claimant not in the returning-entrepreneur roll is rent_is_entrepreneur's finding, not this rule's
claims as (
    select
        c.*,
        c.claim_month_number - (c.claimant_started_month_number + $rent_subsidy_max_months - 1) as months_past_limit
    from subsidy_claim_history as c
    cross join params as p
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '场地租金补贴'
        and c.claimant_first_entrepreneur_year <= p.year
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
        case
            when c.claimant_started_on is null or c.rent_months is null then c.amount_yuan
            else least(c.amount_yuan, least(c.months_past_limit, c.rent_months) * $rent_subsidy_yuan_per_month)
        end as at_risk_yuan,
        case
            when c.claimant_started_on is null then '返乡创业人员名册未填报创业开始日期，无法核验期限'
            else '创业开始于 ' || cast(c.claimant_started_on as varchar) || '，本笔 ' || c.month || ' 发放 '
                || coalesce(cast(c.rent_months as varchar), '（未填）') || ' 个月，其中 '
                || cast(least(c.months_past_limit, coalesce(c.rent_months, c.months_past_limit)) as varchar)
                || ' 个月在创业满 ' || cast($rent_subsidy_max_months as varchar) || ' 个月之后'
        end as evidence
    from claims as c
    where c.claimant_started_on is null or c.months_past_limit > 0
)

select * from final
order by month, claim_id
