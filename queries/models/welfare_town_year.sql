-- 公益性岗位按乡镇的年度在岗人员：每人每年在每个乡镇（街道）一行，记首次在岗月份，供区内乡镇对比不再逐月读取岗位台账
-- grain: one row per year × district × town (null when the post has none) × person (so "placed in the town up to month M" = first_month <= M)
with final as (
    select
        substr(w.month, 1, 4) as year,
        w.district_code,
        w.town_code,
        w.person_id,
        min(w.month) as first_month
    from welfare_posts as w
    group by substr(w.month, 1, 4), w.district_code, w.town_code, w.person_id
)

select * from final
