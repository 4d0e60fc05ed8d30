-- 场地租金补贴超期限：每人累计补贴月数不得超过上限（rent_subsidy_max_months），按发放月份、编号累计超出的各笔
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param rent_subsidy_max_months integer
-- @param rent_subsidy_yuan_per_month integer
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '场地租金补贴'
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
        least(
            c.amount_yuan,
            (
                c.person_type_cumulative_rent_months
                - greatest(
                    c.person_type_cumulative_rent_months - coalesce(c.rent_months, 0), $rent_subsidy_max_months
                )
            ) * $rent_subsidy_yuan_per_month
        ) as at_risk_yuan,
        '累计 ' || cast(c.person_type_cumulative_rent_months as varchar) || ' 个月（本笔 '
            || cast(coalesce(c.rent_months, 0) as varchar) || ' 个月），上限 '
            || cast($rent_subsidy_max_months as varchar) || ' 个月' as evidence
    from claims as c
    where c.person_type_cumulative_rent_months > $rent_subsidy_max_months
)

select * from final
order by month, claim_id
