-- 公益性岗位每月在岗人数（只计当月在脱贫劳动力花名册中的人）：上年 1—12 月与本年 1 月至统计月（所选区合计）
-- grain: one row per roster month of last year and of this year up to the selected month
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

selected as (
    select
        s.month,
        s.welfare_in_post_count
    from welfare_month_summary as s
    cross join params as p
    where
        list_contains($districts, s.district_code)
        and s.month between p.last_year_start and p.month
),

final as (
    select
        se.month,
        sum(se.welfare_in_post_count) as welfare_in_post_count
    from selected as se
    group by se.month
)

select * from final
order by month
