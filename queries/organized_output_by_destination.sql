-- 有组织劳务输出去向：统计月份有组织劳务输出人数（外出：务工地点在户籍所在乡镇以外，town_outside_work_locations 所列，同 organized_output_by_district）按务工地点分列，与上年同月比较
-- grain: one row per work location with organized workers in the month or the same month last year, then one total
-- row (no rows at all when there are none in either month); only districts with last year's roster when any has one
-- @param month varchar
-- @param districts varchar[]
-- @param town_outside_work_locations varchar[]
with params as (
    select m.month, m.same_month_last_year
    from months as m
    where m.month = $month
),

-- like with like (as organized_output_by_district's total): only the districts with last year's roster are compared,
-- unless none of the selected districts has one (then every district, and the comparison is 无基期)
districts_with_base as (
    select distinct l.district_code
    from laborers as l
    cross join params as p
    where l.month = p.same_month_last_year
        and list_contains($districts, l.district_code)
),

baseline as (
    select count(*) > 0 as has_last_year
    from districts_with_base
),

organized as (
    select
        coalesce(l.work_location, '未填报') as work_location,
        l.month = p.month as is_this_month
    from laborers as l
    cross join params as p
    where l.month in (p.month, p.same_month_last_year)
        and list_contains($districts, l.district_code)
        and l.employed
        and l.channel in ('政府部门组织', '社区(村)组织', '人力资源服务机构', '劳务经纪人')
        and list_contains($town_outside_work_locations, l.work_location)
        and (
            l.district_code in (select b.district_code from districts_with_base as b)
            or not exists (select 1 from districts_with_base)
        )
),

by_location as (
    select
        o.work_location,
        grouping(o.work_location) = 1 as is_total,
        count(*) filter (where o.is_this_month) as organized_count,
        count(*) filter (where not o.is_this_month) as organized_last_year_raw
    from organized as o
    group by grouping sets ((o.work_location), ())
    -- over no rows the empty grouping set gives a total on DuckDB and nothing on Spark: no rows, no total, on both
    having count(*) > 0
),

final as (
    select
        t.work_location,
        t.is_total,
        case t.work_location
            when '乡镇内' then 1 when '乡镇外区内' then 2 when '区内' then 3 when '区外省内' then 4
            when '省外' then 5 when '境外' then 6 else 7
        end as location_order,
        cast(t.organized_count as bigint) as organized_count,
        cast(case when b.has_last_year then t.organized_last_year_raw end as bigint) as organized_last_year_count,
        cast(case when b.has_last_year then t.organized_count - t.organized_last_year_raw end as bigint)
            as organized_yoy_count,
        (
            cast(100 as double) * (t.organized_count - t.organized_last_year_raw)
            / nullif(case when b.has_last_year then t.organized_last_year_raw end, 0)
        ) as organized_yoy_pct
    from by_location as t
    cross join baseline as b
)

select * from final
order by is_total, location_order
