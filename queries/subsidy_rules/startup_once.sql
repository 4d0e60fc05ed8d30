-- 创业补贴重复享受：一次性创业补贴每人限享受规定次数（startup_subsidy_max_claims_per_person），按发放月份、编号排序超出的各笔
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
-- @param startup_subsidy_max_claims_per_person integer
with claims as (
    select
        c.*,
        row_number() over (partition by c.person_id order by c.month, c.claim_id) as claim_number,
        first_value(c.claim_id) over (partition by c.person_id order by c.month, c.claim_id) as first_claim_id,
        first_value(c.month) over (partition by c.person_id order by c.month, c.claim_id) as first_claim_month
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type = '创业补贴'
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
        '此人第 ' || cast(c.claim_number as varchar) || ' 笔一次性创业补贴（首笔 ' || c.first_claim_id || '，'
            || c.first_claim_month || ' 发放），限 ' || cast($startup_subsidy_max_claims_per_person as varchar) || ' 次'
            as evidence
    from claims as c
    where c.claim_number > $startup_subsidy_max_claims_per_person
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
