-- 交通补助一年多次：每人每年限享受规定次数（transport_max_claims_per_year），按发放月份、编号排序超出的各笔
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
-- @param transport_max_claims_per_year integer
with claims as (
    select
        c.*,
        row_number() over (
            partition by c.person_id, substr(c.month, 1, 4) order by c.month, c.claim_id
        ) as claim_number,
        first_value(c.claim_id) over (
            partition by c.person_id, substr(c.month, 1, 4) order by c.month, c.claim_id
        ) as first_claim_id
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
        '此人' || substr(c.month, 1, 4) || '年第 ' || cast(c.claim_number as varchar) || ' 笔交通补助（首笔 '
            || c.first_claim_id || '），每年限 ' || cast($transport_max_claims_per_year as varchar) || ' 次'
            as evidence
    from claims as c
    where c.claim_number > $transport_max_claims_per_year
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
