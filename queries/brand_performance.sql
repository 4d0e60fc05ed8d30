-- 所选月份每个劳务品牌的成员、务工就业、就业率、平均月收入、较同区非品牌务工人员的收入溢价、培训与签合同占比、务工地点及上年同期（另有全部品牌合计行）
-- grain: one row per labor brand ($brands in order, then other brands in either roster), then one 合计 row (is_total)
-- @param month varchar
-- @param districts varchar[]
-- @param brands varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

-- read from the brand_month_summary model (one row per month × district × brand, null = 非品牌人员), whose
-- district rows also give each district's non-brand income benchmark
district_stats as (
    select
        s.month = p.month as is_this_month,
        s.district_code,
        s.labor_brand,
        s.member_count,
        s.employed_count,
        s.income_reported_count,
        s.income_sum_yuan,
        s.trained_count,
        s.contract_count,
        s.in_district_count,
        s.in_province_count,
        s.out_of_province_count,
        s.abroad_count
    from brand_month_summary as s
    cross join params as p
    where
        s.month in (p.month, p.same_month_last_year)
        and list_contains($districts, s.district_code)
),

non_brand_income as (
    select
        d.is_this_month,
        d.district_code,
        cast(1 as double) * d.income_sum_yuan / nullif(d.income_reported_count, 0) as non_brand_avg_income_yuan
    from district_stats as d
    where d.labor_brand is null and d.income_reported_count > 0
),

-- a brand's employed members are compared only in districts that have non-brand employed persons with an income
brand_district as (
    select
        d.*,
        case when n.non_brand_avg_income_yuan is null then 0 else d.income_reported_count end as compared_count,
        case when n.non_brand_avg_income_yuan is null then 0 else d.income_sum_yuan end as compared_income_sum_yuan,
        d.income_reported_count * n.non_brand_avg_income_yuan as comparable_income_sum_yuan
    from district_stats as d
    left join non_brand_income as n
        on n.is_this_month = d.is_this_month and n.district_code = d.district_code
    where d.labor_brand is not null
),

-- every brand row twice: once for its brand, once for the 合计 of all brands
scoped as (
    select false as is_total, b.* from brand_district as b
    union all
    select
        true as is_total,
        b.is_this_month,
        b.district_code,
        null as labor_brand,
        b.member_count,
        b.employed_count,
        b.income_reported_count,
        b.income_sum_yuan,
        b.trained_count,
        b.contract_count,
        b.in_district_count,
        b.in_province_count,
        b.out_of_province_count,
        b.abroad_count,
        b.compared_count,
        b.compared_income_sum_yuan,
        b.comparable_income_sum_yuan
    from brand_district as b
),

per_brand as (
    select
        s.is_total,
        s.labor_brand,
        sum(s.member_count) filter (where s.is_this_month) as member_count,
        sum(s.employed_count) filter (where s.is_this_month) as employed_count,
        sum(s.income_reported_count) filter (where s.is_this_month) as income_reported_count,
        sum(s.income_sum_yuan) filter (where s.is_this_month) as income_sum_yuan,
        sum(s.trained_count) filter (where s.is_this_month) as trained_count,
        sum(s.contract_count) filter (where s.is_this_month) as contract_count,
        sum(s.in_district_count) filter (where s.is_this_month) as in_district_count,
        sum(s.in_province_count) filter (where s.is_this_month) as in_province_count,
        sum(s.out_of_province_count) filter (where s.is_this_month) as out_of_province_count,
        sum(s.abroad_count) filter (where s.is_this_month) as abroad_count,
        sum(s.compared_count) filter (where s.is_this_month) as compared_count,
        sum(s.compared_income_sum_yuan) filter (where s.is_this_month) as compared_income_sum_yuan,
        sum(s.comparable_income_sum_yuan) filter (where s.is_this_month) as comparable_income_sum_yuan,
        sum(s.member_count) filter (where not s.is_this_month) as member_count_last_year,
        sum(s.employed_count) filter (where not s.is_this_month) as employed_count_last_year,
        sum(s.income_reported_count) filter (where not s.is_this_month) as income_reported_count_last_year,
        sum(s.income_sum_yuan) filter (where not s.is_this_month) as income_sum_last_year_yuan
    from scoped as s
    group by s.is_total, s.labor_brand
),

last_year_roster as (
    select count(*) filter (where not d.is_this_month) > 0 as has_same_month_last_year
    from district_stats as d
),

brand_list as (
    select b.labor_brand from (select unnest($brands) as labor_brand) as b
    union
    select d.labor_brand from district_stats as d where d.labor_brand is not null
),

wanted as (
    select false as is_total, b.labor_brand from brand_list as b
    union all
    select true as is_total, null as labor_brand
),

counts as (
    select
        w.is_total,
        w.labor_brand,
        cast(coalesce(a.member_count, 0) as bigint) as member_count,
        cast(coalesce(a.employed_count, 0) as bigint) as employed_count,
        a.income_reported_count,
        a.income_sum_yuan,
        cast(coalesce(a.trained_count, 0) as bigint) as trained_count,
        cast(coalesce(a.contract_count, 0) as bigint) as contract_count,
        a.in_district_count,
        a.in_province_count,
        a.out_of_province_count,
        a.abroad_count,
        cast(coalesce(a.compared_count, 0) as bigint) as compared_count,
        a.compared_income_sum_yuan,
        a.comparable_income_sum_yuan,
        case when y.has_same_month_last_year then cast(coalesce(a.member_count_last_year, 0) as bigint) end
            as member_count_last_year,
        case when y.has_same_month_last_year then cast(coalesce(a.employed_count_last_year, 0) as bigint) end
            as employed_count_last_year,
        a.income_reported_count_last_year,
        a.income_sum_last_year_yuan,
        y.has_same_month_last_year
    from wanted as w
    cross join last_year_roster as y
    left join per_brand as a
        on a.is_total = w.is_total and a.labor_brand is not distinct from w.labor_brand
),

final as (
    select
        c.labor_brand,
        c.is_total,
        c.member_count,
        c.employed_count,
        cast(100 as double) * c.employed_count / nullif(c.member_count, 0) as employment_rate_pct,
        cast(1 as double) * c.income_sum_yuan / nullif(c.income_reported_count, 0) as avg_income_yuan,
        c.comparable_income_sum_yuan / nullif(c.compared_count, 0) as comparable_income_yuan,
        (c.compared_income_sum_yuan - c.comparable_income_sum_yuan) / nullif(c.compared_count, 0)
            as income_premium_yuan,
        (
            cast(100 as double) * (c.compared_income_sum_yuan - c.comparable_income_sum_yuan)
            / nullif(c.comparable_income_sum_yuan, 0)
        ) as income_premium_pct,
        c.compared_count as income_compared_count,
        cast(100 as double) * c.trained_count / nullif(c.member_count, 0) as trained_pct,
        cast(100 as double) * c.contract_count / nullif(c.employed_count, 0) as contract_pct,
        cast(100 as double) * c.in_district_count / nullif(c.employed_count, 0) as in_district_pct,
        cast(100 as double) * c.in_province_count / nullif(c.employed_count, 0) as in_province_pct,
        cast(100 as double) * c.out_of_province_count / nullif(c.employed_count, 0) as out_of_province_pct,
        cast(100 as double) * c.abroad_count / nullif(c.employed_count, 0) as abroad_pct,
        c.member_count_last_year,
        c.employed_count_last_year,
        c.member_count - c.member_count_last_year as member_yoy_count,
        c.employed_count - c.employed_count_last_year as employed_yoy_count,
        cast(100 as double) * (c.employed_count - c.employed_count_last_year) / nullif(c.employed_count_last_year, 0)
            as employed_yoy_pct,
        cast(1 as double) * c.income_sum_last_year_yuan / nullif(c.income_reported_count_last_year, 0)
            as avg_income_last_year_yuan,
        c.has_same_month_last_year
    from counts as c
)

select * from final
order by is_total, coalesce(nullif(array_position($brands, labor_brand), 0), 1000000), labor_brand
