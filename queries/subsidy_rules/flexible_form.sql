-- 灵活就业对象不符：意外伤害保险补贴、社会保险补贴的申领人当月须以灵活就业形式就业（flexible_employment_forms）
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param flexible_employment_forms varchar[]
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type in ('意外伤害保险补贴', '社会保险补贴')
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
        '发放当月花名册：' || coalesce(c.claim_month_employment_form, '未就业') || '，不属于灵活就业' as evidence
    from claims as c
    where c.is_in_claim_month_roster
        and not coalesce(list_contains($flexible_employment_forms, c.claim_month_employment_form), false)
)

select * from final
order by month, claim_id
