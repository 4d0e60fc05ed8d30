-- 吸纳就业奖补金额不符：一次性吸纳就业奖补金额须等于补贴标准（hiring_bonus_yuan）
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param hiring_bonus_yuan integer
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
        greatest(c.amount_yuan - $hiring_bonus_yuan, 0) as at_risk_yuan,
        '发放 ' || cast(c.amount_yuan as varchar) || ' 元，标准 ' || cast($hiring_bonus_yuan as varchar) || ' 元/人'
            as evidence
    from claims as c
    where c.amount_yuan <> $hiring_bonus_yuan
)

select * from final
order by month, claim_id
