-- 每个劳务品牌逐月的成员人数、务工就业人数、就业率与平均月收入（所选区合计），用于品牌趋势
-- grain: one row per month × labor brand with members in that month's roster
-- @param districts varchar[]
with selected as (
    select s.*
    from brand_month_summary as s
    where s.labor_brand is not null and list_contains($districts, s.district_code)
),

final as (
    select
        s.month,
        s.labor_brand,
        cast(sum(s.member_count) as bigint) as member_count,
        cast(sum(s.employed_count) as bigint) as employed_count,
        cast(100 as double) * sum(s.employed_count) / nullif(sum(s.member_count), 0) as employment_rate_pct,
        sum(s.income_sum_yuan) / nullif(sum(s.income_reported_count), 0) as avg_income_yuan
    from selected as s
    group by s.month, s.labor_brand
)

select * from final
order by month, labor_brand
