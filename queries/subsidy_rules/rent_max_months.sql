-- 场地租金补贴超期限：每人累计补贴月数不得超过上限（rent_subsidy_max_months），按发放月份、编号累计超出的各笔
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
-- @param rent_subsidy_max_months integer
-- @param rent_subsidy_yuan_per_month integer
with claims as (
    select
        c.*,
        coalesce(c.rent_months, 0) as claim_rent_months,
        sum(coalesce(c.rent_months, 0)) over (
            partition by c.person_id order by c.month, c.claim_id rows between unbounded preceding and current row
        ) as cumulative_months
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type = '场地租金补贴'
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
        least(
            c.amount_yuan,
            (c.cumulative_months - greatest(c.cumulative_months - c.claim_rent_months, $rent_subsidy_max_months))
            * $rent_subsidy_yuan_per_month
        ) as at_risk_yuan,
        '累计 ' || cast(c.cumulative_months as varchar) || ' 个月（本笔 ' || cast(c.claim_rent_months as varchar)
            || ' 个月），上限 ' || cast($rent_subsidy_max_months as varchar) || ' 个月' as evidence
    from claims as c
    where c.cumulative_months > $rent_subsidy_max_months
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
