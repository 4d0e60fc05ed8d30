-- 公益性岗位逐月进度（只计脱贫劳动力，同 welfare_posts_vs_last_year）：上年 1—12 月与本年 1 月至统计月，每月的年内累计安置人数、在岗人数与年内累计岗位数（按岗位编号），供年末预计（assess/projection.py）
-- grain: one row per district in $districts with any placement in the two years × month (last year's January to the selected month), plus one total row per month (district_code null: each person once, over the same districts as welfare_posts_vs_last_year's total: those that reported last year when any did)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

calendar as (
    select
        c.month,
        c.year_start
    from months as c
    cross join params as p
    where c.month between p.last_year_start and p.month
),

-- The districts the total adds up, as welfare_posts_vs_last_year's total: like with like, those that reported a
-- roster last year (an empty one included) when any selected district did, else all.
based as (
    select distinct r.district_code
    from welfare_reported_months as r
    cross join params as p
    where list_contains($districts, r.district_code) and r.month between p.last_year_start and p.last_december
),

total_districts as (
    select b.district_code
    from based as b
    union
    select d.district_code
    from welfare_reported_months as d
    where list_contains($districts, d.district_code) and not exists (select 1 from based)
),

holdings as (
    select
        y.district_code,
        y.person_id,
        y.post_key,
        y.first_in_roster_month
    from welfare_placement_year as y
    cross join params as p
    where
        list_contains($districts, y.district_code)
        and y.first_in_roster_month between p.last_year_start and p.month
),

-- Each person (post) counts from the first month of the year it was on the roster in a post: count those first
-- months once, then each month adds up the firsts from that year's January (no person × month expansion).
dated as (
    select
        h.district_code,
        h.person_id,
        h.post_key,
        h.first_in_roster_month,
        m.year_start
    from holdings as h
    inner join months as m on m.month = h.first_in_roster_month
),

person_firsts as (
    select
        d.district_code as district_key,
        d.year_start,
        min(d.first_in_roster_month) as first_month
    from dated as d
    group by d.district_code, d.person_id, d.year_start
    union all
    select
        'total' as district_key,
        d.year_start,
        min(d.first_in_roster_month) as first_month
    from dated as d
    where d.district_code in (select td.district_code from total_districts as td)
    group by d.person_id, d.year_start
),

post_firsts as (
    select
        d.district_code as district_key,
        d.year_start,
        min(d.first_in_roster_month) as first_month
    from dated as d
    group by d.district_code, d.post_key, d.year_start
    union all
    select
        'total' as district_key,
        d.year_start,
        min(d.first_in_roster_month) as first_month
    from dated as d
    where d.district_code in (select td.district_code from total_districts as td)
    group by d.post_key, d.year_start
),

firsts as (
    select
        pf.district_key,
        pf.year_start,
        pf.first_month,
        count(*) as person_count,
        0 as post_count
    from person_firsts as pf
    group by pf.district_key, pf.year_start, pf.first_month
    union all
    select
        po.district_key,
        po.year_start,
        po.first_month,
        0 as person_count,
        count(*) as post_count
    from post_firsts as po
    group by po.district_key, po.year_start, po.first_month
),

placed as (
    select
        c.month,
        f.district_key,
        cast(sum(f.person_count) as bigint) as welfare_placed_count,
        cast(sum(f.post_count) as bigint) as welfare_post_unit_count
    from calendar as c
    inner join firsts as f on f.year_start = c.year_start and f.first_month <= c.month
    group by c.month, f.district_key
),

in_post as (
    select
        s.month,
        s.district_code as district_key,
        cast(sum(s.welfare_in_post_count) as bigint) as welfare_in_post_count
    from welfare_month_summary as s
    inner join calendar as c on c.month = s.month
    where list_contains($districts, s.district_code)
    group by s.month, s.district_code
    union all
    select
        s.month,
        'total' as district_key,
        cast(sum(s.welfare_in_post_count) as bigint) as welfare_in_post_count
    from welfare_month_summary as s
    inner join calendar as c on c.month = s.month
    where list_contains($districts, s.district_code)
        and s.district_code in (select td.district_code from total_districts as td)
    group by s.month
),

row_keys as (
    select distinct pl.district_key from placed as pl
    union
    select distinct ip.district_key from in_post as ip
),

final as (
    select
        c.month,
        case when rk.district_key = 'total' then null else rk.district_key end as district_code,
        coalesce(pl.welfare_placed_count, 0) as welfare_placed_count,
        coalesce(ip.welfare_in_post_count, 0) as welfare_in_post_count,
        coalesce(pl.welfare_post_unit_count, 0) as welfare_post_unit_count
    from calendar as c
    cross join row_keys as rk
    left join placed as pl on pl.month = c.month and pl.district_key = rk.district_key
    left join in_post as ip on ip.month = c.month and ip.district_key = rk.district_key
)

select * from final
order by district_code nulls last, month
