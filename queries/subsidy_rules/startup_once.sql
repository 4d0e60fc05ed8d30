-- 创业补贴重复享受：一次性创业补贴每人限享受规定次数（startup_subsidy_max_claims_per_person），按发放月份、编号排序超出的各笔
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param startup_subsidy_max_claims_per_person integer
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
        c.amount_yuan as at_risk_yuan,
        '此人第 ' || cast(c.person_type_claim_number as varchar) || ' 笔一次性创业补贴（首笔 '
            || c.person_type_first_claim_id || '，' || c.person_type_first_claim_month || ' 发放），限 '
            || cast($startup_subsidy_max_claims_per_person as varchar) || ' 次' as evidence
    from claims as c
    where c.person_type_claim_number > $startup_subsidy_max_claims_per_person
)

select * from final
order by month, claim_id
