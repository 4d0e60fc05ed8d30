-- 交通补助组织务工不足：须上年有组织务工不少于规定月数（transport_min_organized_months）；未填报的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param transport_min_organized_months integer
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '交通补助'
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
        case
            when c.organized_months is null then '未填报有组织务工月数，无法核验'
            else '有组织务工月数 ' || cast(c.organized_months as varchar)
                || ' 个月，须不少于 ' || cast($transport_min_organized_months as varchar) || ' 个月'
        end as evidence
    from claims as c
    where c.organized_months is null or c.organized_months < $transport_min_organized_months
)

select * from final
order by month, claim_id
