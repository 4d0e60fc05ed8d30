-- 各区当月脱贫劳动力、务工就业（含同比）、就业率、省外务工占比、平均月收入，本年公益性岗位累计安置（含上年同期）与已发放补贴（可一次问几个统计月份，如本月与上月）
-- grain: one row per month in $months × district in $districts (every one, with or without data), plus one 合计 row (is_total) per month for the districts together
-- @param months varchar[]
-- @param districts varchar[]
with months as (
    select unnest($months) as month
),

params as (
    select
        m.month,
        substr(m.month, 1, 4) as this_year,
        cast(cast(substr(m.month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr(m.month, 6, 2) as month_of_year,
        cast(cast(substr(m.month, 1, 4) as integer) - 1 as varchar) || substr(m.month, 5, 3) as same_month_last_year,
        cast(cast(substr(m.month, 1, 4) as integer) - 1 as varchar) || '-12' as last_december
    from months as m
),

scope as (
    select unnest($districts) as district_code
),

report_rows as (
    select
        p.month,
        sc.district_code,
        sc.district_code as row_key,
        false as is_total
    from params as p
    cross join scope as sc
    union all
    select
        p.month,
        null as district_code,
        '*' as row_key,
        true as is_total
    from params as p
),

roster as (
    select
        p.month,
        case when grouping(s.district_code) = 1 then '*' else s.district_code end as row_key,
        sum(s.laborer_count) filter (where s.month = p.month) as laborer_count,
        sum(s.employed_count) filter (where s.month = p.month) as employed_count,
        sum(s.employed_count) filter (where s.month = p.same_month_last_year) as employed_count_last_year,
        sum(s.employed_count) filter (where s.month = p.last_december) as employed_count_last_december,
        sum(s.able_willing_count) filter (where s.month = p.month) as able_willing_count,
        sum(s.able_willing_employed_count) filter (where s.month = p.month) as able_willing_employed_count,
        sum(s.out_of_province_count) filter (where s.month = p.month) as out_of_province_count,
        sum(s.income_reported_count) filter (where s.month = p.month) as income_reported_count,
        sum(s.income_sum_yuan) filter (where s.month = p.month) as income_sum_yuan
    from laborer_month_summary as s
    cross join params as p
    where
        list_contains($districts, s.district_code)
        and s.month in (p.month, p.same_month_last_year, p.last_december)
    group by p.month, rollup (s.district_code)
),

placements as (
    select
        p.month,
        case when grouping(w.district_code) = 1 then '*' else w.district_code end as row_key,
        count(distinct w.person_id) filter (
            where w.year = p.this_year and substr(w.first_month, 6, 2) <= p.month_of_year
        ) as welfare_placed_count,
        count(distinct w.person_id) filter (
            where w.year = p.last_year and substr(w.first_month, 6, 2) <= p.month_of_year
        ) as welfare_placed_last_year_same_period_count,
        count(distinct w.person_id) filter (where w.year = p.last_year) as welfare_placed_last_year_count,
        count(*) filter (where w.year = p.last_year) > 0 as has_welfare_last_year
    from welfare_placement_year as w
    cross join params as p
    where
        list_contains($districts, w.district_code)
        and w.year in (p.this_year, p.last_year)
    group by p.month, rollup (w.district_code)
),

claims as (
    select
        p.month,
        case when grouping(c.district_code) = 1 then '*' else c.district_code end as row_key,
        cast(sum(c.claim_count) as bigint) as subsidy_claim_count,
        sum(c.amount_yuan) as subsidy_amount_yuan
    from subsidy_month_summary as c
    cross join params as p
    where
        list_contains($districts, c.district_code)
        and substr(c.month, 1, 4) = p.this_year
        and substr(c.month, 6, 2) <= p.month_of_year
    group by p.month, rollup (c.district_code)
),

final as (
    select
        rr.month,
        rr.district_code,
        rr.is_total,
        coalesce(r.laborer_count, 0) as laborer_count,
        coalesce(r.employed_count, 0) as employed_count,
        r.employed_count_last_year,
        coalesce(r.employed_count, 0) - r.employed_count_last_year as employed_yoy_count,
        round(
            100.0 * (coalesce(r.employed_count, 0) - r.employed_count_last_year)
            / nullif(r.employed_count_last_year, 0),
            2
        ) as employed_yoy_pct,
        r.employed_count_last_december,
        coalesce(r.able_willing_count, 0) as able_willing_count,
        coalesce(r.able_willing_employed_count, 0) as able_willing_employed_count,
        round(100.0 * r.able_willing_employed_count / nullif(r.able_willing_count, 0), 2)
            as able_willing_employment_rate_pct,
        coalesce(r.out_of_province_count, 0) as out_of_province_count,
        round(100.0 * r.out_of_province_count / nullif(r.employed_count, 0), 2) as out_of_province_pct,
        coalesce(r.income_reported_count, 0) as income_reported_count,
        coalesce(r.income_sum_yuan, 0) as income_sum_yuan,
        round(1.0 * r.income_sum_yuan / nullif(r.income_reported_count, 0), 2) as avg_income_yuan,
        coalesce(w.welfare_placed_count, 0) as welfare_placed_count,
        coalesce(w.welfare_placed_last_year_same_period_count, 0) as welfare_placed_last_year_same_period_count,
        coalesce(w.welfare_placed_last_year_count, 0) as welfare_placed_last_year_count,
        coalesce(w.has_welfare_last_year, false) as has_welfare_last_year,
        coalesce(c.subsidy_claim_count, 0) as subsidy_claim_count,
        coalesce(c.subsidy_amount_yuan, 0) as subsidy_amount_yuan
    from report_rows as rr
    left join roster as r on r.month = rr.month and r.row_key = rr.row_key
    left join placements as w on w.month = rr.month and w.row_key = rr.row_key
    left join claims as c on c.month = rr.month and c.row_key = rr.row_key
)

select * from final
order by month desc, is_total, district_code
