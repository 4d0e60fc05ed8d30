-- 吸纳就业奖补合同期限不足：劳动合同期限须不少于规定月数（hiring_min_contract_months）；未填报的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param hiring_min_contract_months integer
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
        case
            when c.contract_months is null then '未填报劳动合同期限，无法核验'
            else '劳动合同期限 ' || cast(c.contract_months as varchar)
                || ' 个月，须不少于 ' || cast($hiring_min_contract_months as varchar) || ' 个月'
        end as evidence
    from claims as c
    where c.contract_months is null or c.contract_months < $hiring_min_contract_months
)

select * from final
order by month, claim_id
