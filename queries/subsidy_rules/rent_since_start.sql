-- 场地租金补贴超出初创期：只补创业开始当月起 rent_subsidy_max_months以内的房租（开始之前的月份和期满之后的月份都不补）；一笔补贴按发放当月及此前共“补贴月数”个月计，两端超出的月份列出；名册未填创业开始日期的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param rent_subsidy_max_months integer
-- @param rent_subsidy_yuan_per_month integer
with params as (
    select m.year
    from months as m
    where m.month = $month
),

-- A claim pays for the months [claim month − rent_months + 1, claim month] (months as numbers, year × 12 + month);
-- the allowed months are [start, start + max − 1]. A claim without rent_months pays for its own month only.
-- A claimant not in the returning-entrepreneur roll is rent_is_entrepreneur's finding, not this rule's.
claims as (
    select
        c.*,
        c.claimant_started_month_number - (c.claim_month_number - coalesce(c.rent_months, 1) + 1)
            as months_before_start,
        c.claim_month_number - (c.claimant_started_month_number + $rent_subsidy_max_months - 1) as months_past_limit
    from subsidy_claim_history as c
    cross join params as p
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '场地租金补贴'
        and c.claimant_first_entrepreneur_year <= p.year
),

outside as (
    select
        c.*,
        least(greatest(c.months_before_start, 0), coalesce(c.rent_months, 1)) as months_before_count,
        least(greatest(c.months_past_limit, 0), coalesce(c.rent_months, 1)) as months_after_count
    from claims as c
),

final as (
    select
        o.claim_id,
        o.month,
        o.subsidy_type,
        o.person_id,
        o.enterprise_id,
        o.district_code,
        o.amount_yuan,
        case
            when o.claimant_started_on is null or o.rent_months is null then o.amount_yuan
            else least(
                o.amount_yuan,
                least(o.months_before_count + o.months_after_count, o.rent_months) * $rent_subsidy_yuan_per_month
            )
        end as at_risk_yuan,
        case
            when o.claimant_started_on is null then '返乡创业人员名册未填报创业开始日期，无法核验期限'
            else '创业开始于 ' || cast(o.claimant_started_on as varchar) || '，本笔 ' || o.month || ' 发放 '
                || coalesce(cast(o.rent_months as varchar) || ' 个月', '（月数未填，按当月计）') || '，其中 '
                || case
                    when o.months_before_count > 0 and o.months_after_count > 0
                        then cast(o.months_before_count as varchar) || ' 个月在创业开始之前、'
                        || cast(o.months_after_count as varchar) || ' 个月在创业满 '
                        || cast($rent_subsidy_max_months as varchar) || ' 个月之后'
                    when o.months_before_count > 0
                        then cast(o.months_before_count as varchar) || ' 个月在创业开始之前'
                    else cast(o.months_after_count as varchar) || ' 个月在创业满 '
                        || cast($rent_subsidy_max_months as varchar) || ' 个月之后'
                end
        end as evidence
    from outside as o
    where o.claimant_started_on is null or o.months_before_count > 0 or o.months_after_count > 0
)

select * from final
order by month, claim_id
