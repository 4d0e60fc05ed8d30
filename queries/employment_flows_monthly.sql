-- 本年1月至统计月份逐月的新增就业、退出就业人数及跨区净迁入（按人比对上月花名册，所选区合计）
-- grain: one row per month of the selected year up to the selected month whose previous month has a roster
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

pairs as (
    select
        f.month,
        f.person_count,
        coalesce(list_contains($districts, f.now_district), false) as is_here_now,
        coalesce(list_contains($districts, f.previous_district), false) as is_here_before,
        f.now_district is not null as is_employed_now,
        f.previous_district is not null as was_employed_before
    from laborer_month_flows as f
    inner join params as p on f.month between p.year_start and p.month
),

final as (
    select
        month,
        coalesce(sum(person_count) filter (where is_here_now), 0) as employed_count,
        coalesce(sum(person_count) filter (where is_here_now and not was_employed_before), 0) as entered_count,
        coalesce(sum(person_count) filter (where is_here_before and not is_employed_now), 0) as exited_count,
        coalesce(sum(person_count) filter (where is_here_now and was_employed_before and not is_here_before), 0)
        - coalesce(sum(person_count) filter (where is_here_before and is_employed_now and not is_here_now), 0)
            as net_moved_in_count
    from pairs
    group by month
)

select * from final
order by month
