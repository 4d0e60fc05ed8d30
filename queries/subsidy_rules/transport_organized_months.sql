-- 交通补助组织务工不足：须上年有组织务工不少于规定月数（transport_min_organized_months）；未填报的无法核验，一并列出
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
-- @param transport_min_organized_months integer
with claims as (
    select c.*
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type = '交通补助'
),

flagged as (
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
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
