-- 返乡创业带头人与园区项目服务：所选年度各区推选的带头人数及其带动就业人数，入驻园区的返乡创业项目中已获开业指导、创业培训的人数
-- grain: one row per selected district with an entrepreneur or a leader in the year, then one total row (is_total)
-- @param month varchar
-- @param districts varchar[]
with year_of as (
    select m.year
    from months as m
    where m.month = $month
),

leaders as (
    select
        l.district_code,
        count(*) as leader_count,
        coalesce(sum(l.employs_laborers), 0) as employed_by_leaders_count
    from startup_leaders as l
    inner join year_of as y on y.year = l.year
    where list_contains($districts, l.district_code)
    group by l.district_code
),

projects as (
    select
        e.district_code,
        count(*) filter (where e.park_id is not null) as in_park_count,
        count(*) filter (where e.park_id is not null and e.got_opening_guidance) as in_park_guided_count,
        count(*) filter (where e.park_id is not null and e.got_startup_training) as in_park_trained_count,
        count(*) filter (
            where e.park_id is not null and (e.got_opening_guidance is null or e.got_startup_training is null)
        ) as in_park_unreported_count
    from entrepreneurs as e
    inner join year_of as y on y.year = e.year
    where list_contains($districts, e.district_code)
    group by e.district_code
),

per_district as (
    select
        coalesce(p.district_code, l.district_code) as district_code,
        false as is_total,
        coalesce(l.leader_count, 0) as leader_count,
        coalesce(l.employed_by_leaders_count, 0) as employed_by_leaders_count,
        coalesce(p.in_park_count, 0) as in_park_count,
        coalesce(p.in_park_guided_count, 0) as in_park_guided_count,
        coalesce(p.in_park_trained_count, 0) as in_park_trained_count,
        coalesce(p.in_park_unreported_count, 0) as in_park_unreported_count
    from projects as p
    full outer join leaders as l on l.district_code = p.district_code
),

with_total as (
    select * from per_district
    union all
    select
        cast(null as varchar) as district_code,
        true as is_total,
        coalesce(sum(d.leader_count), 0) as leader_count,
        coalesce(sum(d.employed_by_leaders_count), 0) as employed_by_leaders_count,
        coalesce(sum(d.in_park_count), 0) as in_park_count,
        coalesce(sum(d.in_park_guided_count), 0) as in_park_guided_count,
        coalesce(sum(d.in_park_trained_count), 0) as in_park_trained_count,
        coalesce(sum(d.in_park_unreported_count), 0) as in_park_unreported_count
    from per_district as d
),

final as (
    select
        w.district_code,
        w.is_total,
        cast(w.leader_count as bigint) as leader_count,
        cast(w.employed_by_leaders_count as bigint) as employed_by_leaders_count,
        cast(w.in_park_count as bigint) as in_park_count,
        cast(w.in_park_guided_count as bigint) as in_park_guided_count,
        cast(100 as double) * w.in_park_guided_count / nullif(w.in_park_count, 0) as in_park_guided_pct,
        cast(w.in_park_trained_count as bigint) as in_park_trained_count,
        cast(100 as double) * w.in_park_trained_count / nullif(w.in_park_count, 0) as in_park_trained_pct,
        cast(w.in_park_unreported_count as bigint) as in_park_unreported_count
    from with_total as w
)

select * from final
order by is_total, district_code
