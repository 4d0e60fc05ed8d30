-- 申领人不在花名册：补贴申领人须是脱贫劳动力花名册中的人员（截至所选月从未出现即违规）
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
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
        '截至' || substr($month, 1, 4) || '年' || substr($month, 6, 2) || '月的脱贫劳动力花名册中没有此人' as evidence
    from claims as c
    where c.claimant_first_roster_month is null or c.claimant_first_roster_month > $month
)

select * from final
order by month, claim_id
