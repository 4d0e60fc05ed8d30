-- 每月脱贫劳动力总数与务工就业人数（所选区合计），用于本年与上年逐月对比
-- grain: one row per month in the lake
-- @param districts varchar[]
with final as (
    select
        s.month,
        sum(s.laborer_count) as laborer_count,
        sum(s.employed_count) as employed_count
    from laborer_month_summary as s
    where list_contains($districts, s.district_code)
    group by s.month
)

select * from final
order by month
