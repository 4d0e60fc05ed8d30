-- 区域对比的区、乡镇两级共用的可加总数字：每月每乡镇（街道）的花名册计数、上年同期与上年末务工就业人数（日历 months 给出基期月份），及本年 1 月至该月已发放补贴（按领取人发放当月所在乡镇归属）
-- grain: one row per month × district × town (null: no town recorded, or a claimant not on the district's roster that month) with a roster that month, a roster at either baseline, or a claim paid from January to that month; a figure with no record is null (无基期 for the baselines)
with roster as (
    select
        s.month,
        s.district_code,
        s.town_code,
        cast(sum(s.laborer_count) as bigint) as laborer_count,
        cast(sum(s.employed_count) as bigint) as employed_count,
        cast(sum(s.able_willing_count) as bigint) as able_willing_count,
        cast(sum(s.able_willing_employed_count) as bigint) as able_willing_employed_count,
        cast(sum(s.out_of_province_count) as bigint) as out_of_province_count,
        cast(sum(s.income_reported_count) as bigint) as income_reported_count,
        cast(sum(s.income_sum_yuan) as bigint) as income_sum_yuan
    from laborer_month_summary as s
    group by s.month, s.district_code, s.town_code
),

-- The ledger records the district only: subsidy_claim_history places a claim in its claimant's town on that
-- district's roster in the payment month.
claims as (
    select
        h.month,
        h.district_code,
        h.claim_month_town_code as town_code,
        count(*) as claim_count,
        cast(sum(h.amount_yuan) as bigint) as amount_yuan
    from subsidy_claim_history as h
    group by h.month, h.district_code, h.claim_month_town_code
),

-- each month's baselines, read from the calendar (in December both are the same month)
baselines as (
    select
        m.month,
        r.district_code,
        r.town_code,
        max(r.employed_count) filter (where r.month = m.same_month_last_year) as employed_count_last_year,
        max(r.employed_count) filter (where r.month = m.last_december) as employed_count_last_december
    from months as m
    inner join roster as r on r.month in (m.same_month_last_year, m.last_december)
    group by m.month, r.district_code, r.town_code
),

claims_to_date as (
    select
        m.month,
        c.district_code,
        c.town_code,
        cast(sum(c.claim_count) as bigint) as subsidy_claim_count,
        cast(sum(c.amount_yuan) as bigint) as subsidy_amount_yuan
    from months as m
    inner join claims as c on c.month between m.year_start and m.month
    group by m.month, c.district_code, c.town_code
),

keys as (
    select r.month, r.district_code, r.town_code from roster as r
    union
    select b.month, b.district_code, b.town_code from baselines as b
    union
    select ctd.month, ctd.district_code, ctd.town_code from claims_to_date as ctd
),

final as (
    select
        k.month,
        k.district_code,
        k.town_code,
        r.laborer_count,
        r.employed_count,
        b.employed_count_last_year,
        b.employed_count_last_december,
        r.able_willing_count,
        r.able_willing_employed_count,
        r.out_of_province_count,
        r.income_reported_count,
        r.income_sum_yuan,
        ctd.subsidy_claim_count,
        ctd.subsidy_amount_yuan
    from keys as k
    left join roster as r
        on r.month = k.month and r.district_code = k.district_code and r.town_code is not distinct from k.town_code
    left join baselines as b
        on b.month = k.month and b.district_code = k.district_code and b.town_code is not distinct from k.town_code
    left join claims_to_date as ctd
        on ctd.month = k.month and ctd.district_code = k.district_code
        and ctd.town_code is not distinct from k.town_code
)

select * from final
