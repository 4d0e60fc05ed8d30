-- 吸纳就业奖补未缴社保：须已缴纳社会保险不少于规定月数（hiring_min_insured_months）；未填报的视为未缴纳
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param hiring_min_insured_months integer
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
            when c.insured_months is null then '未填报已缴社会保险月数，视为未缴纳'
            else '已缴社会保险月数 ' || cast(c.insured_months as varchar)
                || ' 个月，须不少于 ' || cast($hiring_min_insured_months as varchar) || ' 个月'
        end as evidence
    from claims as c
    where c.insured_months is null or c.insured_months < $hiring_min_insured_months
)

select * from final
order by month, claim_id
