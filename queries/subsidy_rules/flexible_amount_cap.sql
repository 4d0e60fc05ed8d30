-- 灵活就业补贴超标准：意外伤害保险补贴不超过 accident_insurance_subsidy_max_yuan，社会保险补贴不超过 social_insurance_subsidy_max_yuan
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
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
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type in ('意外伤害保险补贴', '社会保险补贴')
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
        c.amount_yuan - c.cap_yuan as at_risk_yuan,
        '发放 ' || cast(c.amount_yuan as varchar) || ' 元，上限 ' || cast(c.cap_yuan as varchar) || ' 元' as evidence
    from claims as c
    where c.amount_yuan > c.cap_yuan
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
