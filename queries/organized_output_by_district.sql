-- 有组织劳务输出：统计月份经政府部门、社区(村)、人力资源服务机构、劳务经纪人组织**外出**务工就业的人数（务工地点在户籍所在乡镇以外：town_outside_work_locations 所列，同示范乡镇指标 2），与上年同月比较；合计只比较上年同月有花名册的区
-- grain: one row per selected district with a roster in the month or the same month last year, then one total row (like with like: over the districts with last year's roster when any has one, else all)
-- @param month varchar
-- @param districts varchar[]
-- @param town_outside_work_locations varchar[]
with params as (
    select m.month, m.same_month_last_year
    from months as m
    where m.month = $month
),

rosters as (
    select
        s.district_code,
        count(*) filter (where s.month = p.same_month_last_year) > 0 as has_last_year,
        coalesce(sum(s.employed_count) filter (where s.month = p.month), 0) as employed_count
    from laborer_month_summary as s
    cross join params as p
    where s.month in (p.month, p.same_month_last_year)
        and list_contains($districts, s.district_code)
    group by s.district_code
),

-- 有组织劳务输出 (lake.schema.ORGANIZED_CHANNELS) that is 外出: working outside the home township, in the work
-- locations the policy counts as 外出 for indicator 2 (the old template's 区内 cannot tell, so it does not count).
-- The two months are named as constants so that only their partitions are read.
organized as (
    select
        l.district_code,
        l.month = $month as is_this_month,
        l.channel as category,
        count(*) as employed_count
    from laborers as l
    where
        l.month in ($month, cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) || substr($month, 5, 3))
        and l.employed
        and l.channel in ('政府部门组织', '社区(村)组织', '人力资源服务机构', '劳务经纪人')
        and list_contains($town_outside_work_locations, l.work_location)
        and list_contains($districts, l.district_code)
    group by l.district_code, l.month = $month, l.channel
),

per_district as (
    select
        r.district_code,
        r.has_last_year,
        r.employed_count,
        coalesce(sum(o.employed_count) filter (where o.is_this_month), 0) as organized_count,
        coalesce(sum(o.employed_count) filter (where not o.is_this_month), 0) as organized_last_year_raw,
        coalesce(sum(o.employed_count) filter (where o.is_this_month and o.category = '政府部门组织'), 0)
            as organized_government_count,
        coalesce(sum(o.employed_count) filter (where o.is_this_month and o.category = '社区(村)组织'), 0)
            as organized_village_count,
        coalesce(sum(o.employed_count) filter (where o.is_this_month and o.category = '人力资源服务机构'), 0)
            as organized_agency_count,
        coalesce(sum(o.employed_count) filter (where o.is_this_month and o.category = '劳务经纪人'), 0)
            as organized_broker_count
    from rosters as r
    left join organized as o on o.district_code = r.district_code
    group by r.district_code, r.has_last_year, r.employed_count
),

with_total as (
    select
        d.district_code, false as is_total, d.has_last_year, d.employed_count, d.organized_count,
        d.organized_last_year_raw, d.organized_government_count, d.organized_village_count,
        d.organized_agency_count, d.organized_broker_count
    from per_district as d
    union all
    select
        cast(null as varchar) as district_code, true as is_total,
        count(*) filter (where d.has_last_year) > 0 as has_last_year,
        coalesce(sum(d.employed_count), 0) as employed_count, coalesce(sum(d.organized_count), 0) as organized_count,
        coalesce(sum(d.organized_last_year_raw), 0) as organized_last_year_raw,
        coalesce(sum(d.organized_government_count), 0) as organized_government_count,
        coalesce(sum(d.organized_village_count), 0) as organized_village_count,
        coalesce(sum(d.organized_agency_count), 0) as organized_agency_count,
        coalesce(sum(d.organized_broker_count), 0) as organized_broker_count
    from per_district as d
    where d.has_last_year or not exists (select 1 from per_district as b where b.has_last_year)
),

final as (
    select
        t.district_code,
        t.is_total,
        t.has_last_year,
        cast(t.employed_count as bigint) as employed_count,
        cast(t.organized_count as bigint) as organized_count,
        cast(case when t.has_last_year then t.organized_last_year_raw end as bigint) as organized_last_year_count,
        cast(case when t.has_last_year then t.organized_count - t.organized_last_year_raw end as bigint)
            as organized_yoy_count,
        (
            cast(100 as double) * (t.organized_count - t.organized_last_year_raw)
            / nullif(case when t.has_last_year then t.organized_last_year_raw end, 0)
        ) as organized_yoy_pct,
        cast(100 as double) * t.organized_count / nullif(t.employed_count, 0) as organized_share_pct,
        cast(t.organized_government_count as bigint) as organized_government_count,
        cast(t.organized_village_count as bigint) as organized_village_count,
        cast(t.organized_agency_count as bigint) as organized_agency_count,
        cast(t.organized_broker_count as bigint) as organized_broker_count
    from with_total as t
)

select * from final
order by is_total, district_code
