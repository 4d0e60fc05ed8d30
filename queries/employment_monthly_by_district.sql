-- 各区逐月务工就业人数：上年 1—12 月与本年 1 月至统计月（及所选区合计），供务工就业规模的年末预计（assess/projection.py）
-- grain: one row per district in $districts with a roster in the two years × roster month (last year's January to the selected month), plus one total row per month (district_code null)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

final as (
    select
        s.month,
        case when grouping(s.district_code) = 1 then null else s.district_code end as district_code,
        cast(sum(s.employed_count) as bigint) as employed_count
    from laborer_month_summary as s
    cross join params as p
    where
        list_contains($districts, s.district_code)
        and s.month between p.last_year_start and p.month
    group by s.month, grouping sets ((s.district_code), ())
)

select * from final
order by district_code nulls last, month
