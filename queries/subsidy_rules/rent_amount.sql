-- 场地租金补贴金额不符：金额须等于补贴月数 × 每月标准（rent_subsidy_yuan_per_month）；未填月数的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
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
        case
            when c.rent_months is null then c.amount_yuan
            else greatest(c.amount_yuan - c.rent_months * $rent_subsidy_yuan_per_month, 0)
        end as at_risk_yuan,
        case
            when c.rent_months is null then '未填报补贴月数，无法核验金额'
            else '发放 ' || cast(c.amount_yuan as varchar) || ' 元，应为 '
                || cast(c.rent_months as varchar) || ' 个月 × '
                || cast($rent_subsidy_yuan_per_month as varchar) || ' 元 = '
                || cast(c.rent_months * $rent_subsidy_yuan_per_month as varchar) || ' 元'
        end as evidence
    from claims as c
    where c.rent_months is null or c.amount_yuan <> c.rent_months * $rent_subsidy_yuan_per_month
)

select * from final
order by month, claim_id
