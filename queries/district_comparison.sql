-- 各区当月脱贫劳动力、务工就业（含同比）、就业率、省外务工占比、平均月收入与本年已发放补贴（可一次问几个统计月份，如本月与上月）；公益性岗位的比较与判断只在 welfare_posts_vs_last_year（一个口径，页面合并）
-- grain: one row per month in $months × district in $districts (every one, with or without data), plus one 合计 row (is_total) per month for the districts together
-- @param months varchar[]
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where list_contains($months, m.month)
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

-- town_month_summary holds the figures that add up (roster counts, baselines, claims paid this year), shared with
-- district_towns.sql, so that a district equals the sum of its towns by construction.
roster as (
    select
        s.month,
        case when grouping(s.district_code) = 1 then '*' else s.district_code end as row_key,
        sum(s.laborer_count) as laborer_count,
        sum(s.employed_count) as employed_count,
        sum(s.employed_count_last_year) as employed_count_last_year,
        sum(s.employed_count_last_december) as employed_count_last_december,
        sum(s.able_willing_count) as able_willing_count,
        sum(s.able_willing_employed_count) as able_willing_employed_count,
        sum(s.out_of_province_count) as out_of_province_count,
        sum(s.income_reported_count) as income_reported_count,
        sum(s.income_sum_yuan) as income_sum_yuan,
        cast(sum(s.subsidy_claim_count) as bigint) as subsidy_claim_count,
        sum(s.subsidy_amount_yuan) as subsidy_amount_yuan
    from town_month_summary as s
    where list_contains($districts, s.district_code) and list_contains($months, s.month)
    group by s.month, rollup (s.district_code)
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
        (
            cast(100 as double) * (coalesce(r.employed_count, 0) - r.employed_count_last_year)
            / nullif(r.employed_count_last_year, 0)
        ) as employed_yoy_pct,
        r.employed_count_last_december,
        coalesce(r.able_willing_count, 0) as able_willing_count,
        coalesce(r.able_willing_employed_count, 0) as able_willing_employed_count,
        cast(100 as double) * r.able_willing_employed_count / nullif(r.able_willing_count, 0)
            as able_willing_employment_rate_pct,
        coalesce(r.out_of_province_count, 0) as out_of_province_count,
        cast(100 as double) * r.out_of_province_count / nullif(r.employed_count, 0) as out_of_province_pct,
        coalesce(r.income_reported_count, 0) as income_reported_count,
        coalesce(r.income_sum_yuan, 0) as income_sum_yuan,
        cast(1 as double) * r.income_sum_yuan / nullif(r.income_reported_count, 0) as avg_income_yuan,
        coalesce(r.subsidy_claim_count, 0) as subsidy_claim_count,
        coalesce(r.subsidy_amount_yuan, 0) as subsidy_amount_yuan
    from report_rows as rr
    left join roster as r on r.month = rr.month and r.row_key = rr.row_key
)

select * from final
order by month desc, is_total, district_code
