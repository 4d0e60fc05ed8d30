-- 各区每月花名册人数（数据质量：发现缺报或人数异常的月份）
-- grain: one row per month × district that has roster rows
-- @param districts varchar[]
with summary as (
    select
        s.month,
        s.district_code,
        s.laborer_count
    from laborer_month_summary as s
    where list_contains($districts, s.district_code)
),

final as (
    select
        month,
        district_code,
        sum(laborer_count) as laborer_count
    from summary
    group by month, district_code
)

select * from final
order by month, district_code
