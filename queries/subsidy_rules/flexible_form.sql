-- 灵活就业对象不符：意外伤害保险补贴、社会保险补贴的申领人当月须以灵活就业形式就业（flexible_employment_forms）
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
-- @param flexible_employment_forms varchar[]
with claims as (
    select c.*
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type in ('意外伤害保险补贴', '社会保险补贴')
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
        '发放当月花名册：' || coalesce(s.claim_month_employment_form, '未就业') || '，不属于灵活就业' as evidence
    from claims as c
    inner join claimant_roster_status as s on s.claim_id = c.claim_id
    where s.is_in_claim_month_roster
        and not coalesce(list_contains($flexible_employment_forms, s.claim_month_employment_form), false)
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
