-- 吸纳就业奖补重复申领：同一企业就同一人限申领规定次数（hiring_max_claims_per_enterprise_person），不同企业可各自申领
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
-- @param hiring_max_claims_per_enterprise_person integer
with claims as (
    select
        c.*,
        row_number() over (partition by c.person_id, c.enterprise_id order by c.month, c.claim_id) as claim_number,
        first_value(c.claim_id) over (
            partition by c.person_id, c.enterprise_id order by c.month, c.claim_id
        ) as first_claim_id
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type = '吸纳就业奖补'
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
        '企业 ' || coalesce(c.enterprise_id, '（未填）') || ' 就此人第 ' || cast(c.claim_number as varchar)
            || ' 次申领（首笔 ' || c.first_claim_id || '），限 '
            || cast($hiring_max_claims_per_enterprise_person as varchar) || ' 次' as evidence
    from claims as c
    where c.claim_number > $hiring_max_claims_per_enterprise_person
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
