-- 吸纳就业奖补重复申领：同一企业就同一人限申领规定次数（hiring_max_claims_per_enterprise_person），不同企业可各自申领
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param hiring_max_claims_per_enterprise_person integer
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
        '企业 ' || coalesce(c.enterprise_id, '（未填）') || ' 就此人第 '
            || cast(c.enterprise_person_claim_number as varchar) || ' 次申领（首笔 '
            || c.enterprise_person_first_claim_id || '），限 '
            || cast($hiring_max_claims_per_enterprise_person as varchar) || ' 次' as evidence
    from claims as c
    where c.enterprise_person_claim_number > $hiring_max_claims_per_enterprise_person
)

select * from final
order by month, claim_id
