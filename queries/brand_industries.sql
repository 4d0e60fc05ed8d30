-- 所选月份某一劳务品牌的务工就业成员在哪些行业就业：人数、占该品牌务工就业人数的比例与平均月收入
-- grain: one row per industry of the brand's employed members in the selected districts
-- @param month varchar
-- @param districts varchar[]
-- @param brand varchar
with employed_members as (
    select
        coalesce(l.industry, '未填报') as industry,
        l.monthly_income_yuan
    from laborers as l
    where
        l.month = $month
        and l.labor_brand = $brand
        and l.employed
        and list_contains($districts, l.district_code)
),

by_industry as (
    select
        e.industry,
        count(*) as employed_count,
        count(*) filter (where e.monthly_income_yuan is not null) as income_reported_count,
        sum(e.monthly_income_yuan) as income_sum_yuan
    from employed_members as e
    group by e.industry
),

brand_total as (
    select count(*) as employed_count
    from employed_members
),

final as (
    select
        b.industry,
        b.employed_count,
        cast(100 as double) * b.employed_count / nullif(t.employed_count, 0) as industry_share_pct,
        cast(1 as double) * b.income_sum_yuan / nullif(b.income_reported_count, 0) as avg_income_yuan
    from by_industry as b
    cross join brand_total as t
)

select * from final
order by employed_count desc, industry
