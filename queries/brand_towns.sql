-- 所选月份某一劳务品牌的成员分布在哪些乡镇（街道）：成员人数、务工就业人数、就业率与平均月收入
-- grain: one row per town (9-digit town_code) with members of the brand in the selected districts
-- @param month varchar
-- @param districts varchar[]
-- @param brand varchar
with members as (
    select
        l.district_code,
        l.town_code,
        l.employed,
        l.monthly_income_yuan
    from laborers as l
    where l.month = $month and l.labor_brand = $brand and list_contains($districts, l.district_code)
),

final as (
    select
        m.district_code,
        m.town_code,
        count(*) as member_count,
        count(*) filter (where m.employed) as employed_count,
        cast(100 as double) * count(*) filter (where m.employed) / nullif(count(*), 0) as employment_rate_pct,
        (
            cast(1 as double)
            * sum(m.monthly_income_yuan) filter (where m.employed and m.monthly_income_yuan is not null)
            / nullif(count(*) filter (where m.employed and m.monthly_income_yuan is not null), 0)
        ) as avg_income_yuan
    from members as m
    group by m.district_code, m.town_code
)

select * from final
order by member_count desc, district_code, town_code
