-- 灵活就业补贴超标准：意外伤害保险补贴不超过 accident_insurance_subsidy_max_yuan，社会保险补贴不超过 social_insurance_subsidy_max_yuan
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param accident_insurance_subsidy_max_yuan integer
-- @param social_insurance_subsidy_max_yuan integer
with claims as (
    select
        c.*,
        case c.subsidy_type
            when '意外伤害保险补贴' then $accident_insurance_subsidy_max_yuan
            when '社会保险补贴' then $social_insurance_subsidy_max_yuan
        end as cap_yuan
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type in ('意外伤害保险补贴', '社会保险补贴')
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
        c.amount_yuan - c.cap_yuan as at_risk_yuan,
        '发放 ' || cast(c.amount_yuan as varchar) || ' 元，上限 ' || cast(c.cap_yuan as varchar) || ' 元' as evidence
    from claims as c
    where c.amount_yuan > c.cap_yuan
)

select * from final
order by month, claim_id
