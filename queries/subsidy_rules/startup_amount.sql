-- 创业补贴金额不符：一次性创业补贴金额须等于补贴标准（startup_subsidy_yuan）
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param startup_subsidy_yuan integer
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '创业补贴'
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
        greatest(c.amount_yuan - $startup_subsidy_yuan, 0) as at_risk_yuan,
        '发放 ' || cast(c.amount_yuan as varchar) || ' 元，标准 ' || cast($startup_subsidy_yuan as varchar) || ' 元/人'
            as evidence
    from claims as c
    where c.amount_yuan <> $startup_subsidy_yuan
)

select * from final
order by month, claim_id
