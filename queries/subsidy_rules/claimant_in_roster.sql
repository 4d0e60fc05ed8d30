-- 申领人不在花名册：补贴申领人须是脱贫劳动力花名册中的人员（截至所选月从未出现即违规）
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
with claims as (
    select c.*
    from subsidy_claims as c
    where c.month <= $month
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
        '截至' || substr($month, 1, 4) || '年' || substr($month, 6, 2) || '月的脱贫劳动力花名册中没有此人' as evidence
    from claims as c
    left join claimant_roster_status as s on s.claim_id = c.claim_id
    where s.claimant_first_roster_month is null or s.claimant_first_roster_month > $month
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
