-- 吸纳就业奖补稳定就业不足：已稳定就业月数须不少于规定月数（hiring_min_employed_months）；未填报的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param hiring_min_employed_months integer
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '吸纳就业奖补'
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
            when c.employed_months is null then '未填报已就业月数，无法核验'
            else '已就业月数 ' || cast(c.employed_months as varchar)
                || ' 个月，须不少于 ' || cast($hiring_min_employed_months as varchar) || ' 个月'
        end as evidence
    from claims as c
    where c.employed_months is null or c.employed_months < $hiring_min_employed_months
)

select * from final
order by month, claim_id
