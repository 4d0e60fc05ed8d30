-- 公益性岗位安置规模与上年比较：年内累计安置人数、年末（最新月）在岗人数、岗位数，本年至统计月、上年同期、上年全年
-- grain: one row per district with any placement this year or last, plus one total row (district_code null: the selected districts together, each person once)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

-- The roster month each period's 在岗 figure is read from, across the whole lake, so that a district with nobody
-- in post that month counts 0 rather than falling back to an older month.
roster_months as (
    select
        max(s.month) filter (where s.month between p.year_start and p.month) as in_post_month,
        max(s.month) filter (
            where s.month between p.last_year_start and p.same_month_last_year
        ) as last_year_same_period_month,
        max(s.month) filter (where s.month between p.last_year_start and p.last_december) as last_year_end_month
    from params as p
    cross join welfare_month_summary as s
),

holdings as (
    select
        y.district_code,
        y.person_id,
        y.post_type,
        y.first_month between p.year_start and p.month as is_this_year_to_date,
        y.first_month between p.last_year_start and p.same_month_last_year as is_last_year_same_period,
        y.first_month between p.last_year_start and p.last_december as is_last_year
    from welfare_placement_year as y
    cross join params as p
    where
        list_contains($districts, y.district_code)
        and y.first_month between p.last_year_start and p.month
),

-- Within a district each row is a different person x post type, so counting rows counts holdings, and a person's
-- rows folded together count persons; no distinct count is needed.
district_persons as (
    select
        h.district_code,
        h.person_id,
        count(*) filter (where h.is_this_year_to_date) as this_year_to_date_holdings,
        count(*) filter (where h.is_last_year_same_period) as last_year_same_period_holdings,
        count(*) filter (where h.is_last_year) as last_year_holdings
    from holdings as h
    group by h.district_code, h.person_id
),

-- For the total, a person (or person x post type) placed in two districts counts once.
city_holdings as (
    select
        h.person_id,
        h.post_type,
        count(*) filter (where h.is_this_year_to_date) > 0 as is_this_year_to_date,
        count(*) filter (where h.is_last_year_same_period) > 0 as is_last_year_same_period,
        count(*) filter (where h.is_last_year) > 0 as is_last_year
    from holdings as h
    group by h.person_id, h.post_type
),

city_persons as (
    select
        'total' as district_key,
        ch.person_id,
        count(*) filter (where ch.is_this_year_to_date) as this_year_to_date_holdings,
        count(*) filter (where ch.is_last_year_same_period) as last_year_same_period_holdings,
        count(*) filter (where ch.is_last_year) as last_year_holdings
    from city_holdings as ch
    group by ch.person_id
),

both_levels as (
    select
        dp.district_code as district_key,
        dp.district_code,
        dp.this_year_to_date_holdings,
        dp.last_year_same_period_holdings,
        dp.last_year_holdings
    from district_persons as dp
    union all
    select
        cp.district_key,
        null as district_code,
        cp.this_year_to_date_holdings,
        cp.last_year_same_period_holdings,
        cp.last_year_holdings
    from city_persons as cp
),

placed as (
    select
        bl.district_key,
        bl.district_code,
        count(*) filter (where bl.this_year_to_date_holdings > 0) as welfare_placed_count,
        count(*) filter (where bl.last_year_same_period_holdings > 0) as welfare_placed_last_year_same_period_count,
        count(*) filter (where bl.last_year_holdings > 0) as welfare_placed_last_year_count,
        sum(bl.this_year_to_date_holdings) as welfare_post_unit_count,
        sum(bl.last_year_same_period_holdings) as welfare_post_last_year_same_period_unit_count,
        sum(bl.last_year_holdings) as welfare_post_last_year_unit_count,
        count(*) filter (where bl.last_year_holdings > 0) > 0 as has_last_year
    from both_levels as bl
    group by bl.district_key, bl.district_code
),

-- One row per person per month in welfare_posts, so the districts' counts add up to the total.
in_post as (
    select
        coalesce(s.district_code, 'total') as district_key,
        sum(s.welfare_in_post_count) filter (where s.month = rm.in_post_month) as welfare_in_post_count,
        sum(s.welfare_in_post_count) filter (where s.month = rm.last_year_same_period_month)
            as welfare_in_post_last_year_same_period_count,
        sum(s.welfare_in_post_count) filter (where s.month = rm.last_year_end_month)
            as welfare_in_post_last_year_end_count
    from welfare_month_summary as s
    cross join roster_months as rm
    where
        list_contains($districts, s.district_code)
        and s.month in (rm.in_post_month, rm.last_year_same_period_month, rm.last_year_end_month)
    group by grouping sets ((s.district_code), ())
),

final as (
    select
        pl.district_code,
        pl.welfare_placed_count,
        pl.welfare_placed_last_year_same_period_count,
        pl.welfare_placed_last_year_count,
        coalesce(ip.welfare_in_post_count, 0) as welfare_in_post_count,
        coalesce(ip.welfare_in_post_last_year_same_period_count, 0) as welfare_in_post_last_year_same_period_count,
        coalesce(ip.welfare_in_post_last_year_end_count, 0) as welfare_in_post_last_year_end_count,
        pl.welfare_post_unit_count,
        pl.welfare_post_last_year_same_period_unit_count,
        pl.welfare_post_last_year_unit_count,
        pl.has_last_year,
        rm.in_post_month,
        rm.last_year_same_period_month,
        rm.last_year_end_month
    from placed as pl
    cross join roster_months as rm
    left join in_post as ip on ip.district_key = pl.district_key
)

select * from final
order by district_code nulls last
