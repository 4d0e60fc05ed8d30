-- 交通补助金额不符：跨省务工按 transport_subsidy_interprovincial_yuan、区外省内按 transport_subsidy_intraprovincial_yuan 发放，其他务工地点不应发放
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param transport_subsidy_interprovincial_yuan integer
-- @param transport_subsidy_intraprovincial_yuan integer
with claims as (
    select
        c.*,
        case c.work_location
            when '省外' then $transport_subsidy_interprovincial_yuan
            when '区外省内' then $transport_subsidy_intraprovincial_yuan
        end as standard_yuan
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
        case
            when c.standard_yuan is null then c.amount_yuan
            else greatest(c.amount_yuan - c.standard_yuan, 0)
        end as at_risk_yuan,
        case
            when c.standard_yuan is null
                then '务工地点为' || coalesce(c.work_location, '（未填）') || '，不属于交通补助对象'
            else '务工地点' || c.work_location || '，发放 ' || cast(c.amount_yuan as varchar) || ' 元，标准 '
                || cast(c.standard_yuan as varchar) || ' 元'
        end as evidence
    from claims as c
    where c.standard_yuan is null or c.amount_yuan <> c.standard_yuan
)

select * from final
order by month, claim_id
