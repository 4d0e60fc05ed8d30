-- 公益性岗位每月在岗人数：上年 1—12 月与本年 1 月至统计月（所选区合计，按人去重）
-- grain: one row per roster month of last year and of this year up to the selected month
-- @param month varchar
-- @param districts varchar[]
with params as (
    select
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year
),

posts as (
    select
        w.month,
        w.person_id
    from welfare_posts as w
    cross join params as p
    where
        list_contains($districts, w.district_code)
        and substr(w.month, 1, 4) in (p.this_year, p.last_year)
        and w.month <= $month
),

final as (
    select
        po.month,
        count(distinct po.person_id) as welfare_in_post_count
    from posts as po
    group by po.month
)

select * from final
order by month
