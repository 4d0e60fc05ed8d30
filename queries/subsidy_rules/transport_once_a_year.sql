-- 交通补助一年多次：每人每年限享受规定次数（transport_max_claims_per_year），按发放月份、编号排序超出的各笔
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param transport_max_claims_per_year integer
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '交通补助'
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
        '此人' || substr(c.month, 1, 4) || '年第 ' || cast(c.person_type_year_claim_number as varchar)
            || ' 笔交通补助（首笔 ' || c.person_type_year_first_claim_id || '），每年限 '
            || cast($transport_max_claims_per_year as varchar) || ' 次' as evidence
    from claims as c
    where c.person_type_year_claim_number > $transport_max_claims_per_year
)

select * from final
order by month, claim_id
