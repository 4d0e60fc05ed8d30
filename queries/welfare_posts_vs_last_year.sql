-- 公益性岗位安置规模与上年比较（岗位数按岗位编号计不同岗位；只计脱贫劳动力：安置月份在同月脱贫劳动力花名册中的人；不在花名册的另列人数、不计入）：年内累计安置人数、年末（最新月）在岗人数、岗位数，本年至统计月、上年同期、上年全年；上年报送过花名册（含报送为 0）即有基期
-- grain: one row per district with any placement or any report this year or last, plus one total row (district_code null: the selected districts together, each person once; like with like: only the districts with a base when any has one, assess.welfare names those left out)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

-- The district-months that reported a 公益性岗位 roster (an empty roster included): welfare_reported_months.
reports as (
    select
        wr.month,
        wr.district_code
    from welfare_reported_months as wr
),

-- The roster month each period's 在岗 figure is read from, across the whole lake, so that a district with nobody
-- in post that month counts 0 rather than falling back to an older month.
roster_months as (
    select
        max(r.month) filter (where r.month between p.year_start and p.month) as in_post_month,
        max(r.month) filter (
            where r.month between p.last_year_start and p.same_month_last_year
        ) as last_year_same_period_month,
        max(r.month) filter (where r.month between p.last_year_start and p.last_december) as last_year_end_month
    from params as p
    cross join reports as r
),

reported as (
    select
        case when grouping(r.district_code) = 1 then 'total' else r.district_code end as district_key,
        count(*) filter (where r.month between p.last_year_start and p.last_december) > 0 as has_last_year,
        count(*) filter (where r.month between p.year_start and p.month) > 0 as has_this_year
    from reports as r
    cross join params as p
    where
        list_contains($districts, r.district_code)
        and r.month between p.last_year_start and p.month
    group by grouping sets ((r.district_code), ())
    having count(*) > 0
),

-- The districts the total adds up: like with like, both years over the same districts — those with a base when any
-- selected district has one (a district that did not report last year would count this year only), else all.
total_districts as (
    select re.district_key as district_code
    from reported as re
    where
        re.district_key <> 'total'
        and (re.has_last_year or not exists (
            select 1 from reported as t where t.district_key = 'total' and t.has_last_year
        ))
),

-- A holding counts from the first month of the year its holder is in post and on that month's 脱贫劳动力 roster.
holdings as (
    select
        y.district_code,
        y.person_id,
        y.post_type,
        y.post_key,
        y.first_in_roster_month between p.year_start and p.month as is_this_year_to_date,
        y.first_in_roster_month between p.last_year_start and p.same_month_last_year as is_last_year_same_period,
        y.first_in_roster_month between p.last_year_start and p.last_december as is_last_year,
        y.first_month between p.year_start and p.month as is_held_this_year_to_date
    from welfare_placement_year as y
    cross join params as p
    where
        list_contains($districts, y.district_code)
        and y.first_month between p.last_year_start and p.month
),

-- A person's rows folded together count persons (a row is a person x post held in the district).
district_persons as (
    select
        h.district_code,
        h.person_id,
        count(*) filter (where h.is_this_year_to_date) as this_year_to_date_holdings,
        count(*) filter (where h.is_last_year_same_period) as last_year_same_period_holdings,
        count(*) filter (where h.is_last_year) as last_year_holdings,
        count(*) filter (where h.is_held_this_year_to_date) as held_this_year_to_date_holdings
    from holdings as h
    group by h.district_code, h.person_id
),

-- For the total, a person placed in two districts counts once: their holdings in every district folded together.
city_persons as (
    select
        'total' as district_key,
        h.person_id,
        count(*) filter (where h.is_this_year_to_date) as this_year_to_date_holdings,
        count(*) filter (where h.is_last_year_same_period) as last_year_same_period_holdings,
        count(*) filter (where h.is_last_year) as last_year_holdings,
        count(*) filter (where h.is_held_this_year_to_date) as held_this_year_to_date_holdings
    from holdings as h
    where h.district_code in (select td.district_code from total_districts as td)
    group by h.person_id
),

both_levels as (
    select
        dp.district_code as district_key,
        dp.this_year_to_date_holdings,
        dp.last_year_same_period_holdings,
        dp.last_year_holdings,
        dp.held_this_year_to_date_holdings
    from district_persons as dp
    union all
    select
        cp.district_key,
        cp.this_year_to_date_holdings,
        cp.last_year_same_period_holdings,
        cp.last_year_holdings,
        cp.held_this_year_to_date_holdings
    from city_persons as cp
),

placed as (
    select
        bl.district_key,
        count(*) filter (where bl.this_year_to_date_holdings > 0) as welfare_placed_count,
        count(*) filter (where bl.last_year_same_period_holdings > 0) as welfare_placed_last_year_same_period_count,
        count(*) filter (where bl.last_year_holdings > 0) as welfare_placed_last_year_count,
        count(*) filter (
            where bl.held_this_year_to_date_holdings > 0 and bl.this_year_to_date_holdings = 0
        ) as welfare_not_in_roster_count
    from both_levels as bl
    group by bl.district_key
),

-- 岗位数: distinct posts held (by a 脱贫劳动力) in each period; a post held by two persons in turn, or in two
-- districts, counts once in the total. A post's rows are folded together first (in its district, then across
-- districts for the total), which costs a grouping where counting distinct keys under grouping sets costs three.
district_posts as (
    select
        h.district_code,
        h.post_key,
        count(*) filter (where h.is_this_year_to_date) > 0 as is_this_year_to_date,
        count(*) filter (where h.is_last_year_same_period) > 0 as is_last_year_same_period,
        count(*) filter (where h.is_last_year) > 0 as is_last_year
    from holdings as h
    where h.post_key is not null
    group by h.district_code, h.post_key
),

city_posts as (
    select
        dp.post_key,
        count(*) filter (where dp.is_this_year_to_date) > 0 as is_this_year_to_date,
        count(*) filter (where dp.is_last_year_same_period) > 0 as is_last_year_same_period,
        count(*) filter (where dp.is_last_year) > 0 as is_last_year
    from district_posts as dp
    where dp.district_code in (select td.district_code from total_districts as td)
    group by dp.post_key
),

posts_both_levels as (
    select
        dp.district_code as district_key,
        dp.is_this_year_to_date,
        dp.is_last_year_same_period,
        dp.is_last_year
    from district_posts as dp
    union all
    select
        'total' as district_key,
        cp.is_this_year_to_date,
        cp.is_last_year_same_period,
        cp.is_last_year
    from city_posts as cp
),

posts as (
    select
        pb.district_key,
        count(*) filter (where pb.is_this_year_to_date) as welfare_post_unit_count,
        count(*) filter (where pb.is_last_year_same_period) as welfare_post_last_year_same_period_unit_count,
        count(*) filter (where pb.is_last_year) as welfare_post_last_year_unit_count
    from posts_both_levels as pb
    group by pb.district_key
),

-- One row per person per month in welfare_posts, so the districts' counts add up to the total.
district_in_post as (
    select
        s.district_code as district_key,
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
    group by s.district_code
),

in_post as (
    select
        di.district_key,
        di.welfare_in_post_count,
        di.welfare_in_post_last_year_same_period_count,
        di.welfare_in_post_last_year_end_count
    from district_in_post as di
    union all
    select
        'total' as district_key,
        sum(di.welfare_in_post_count) as welfare_in_post_count,
        sum(di.welfare_in_post_last_year_same_period_count) as welfare_in_post_last_year_same_period_count,
        sum(di.welfare_in_post_last_year_end_count) as welfare_in_post_last_year_end_count
    from district_in_post as di
    where di.district_key in (select td.district_code from total_districts as td)
),

row_keys as (
    select pl.district_key from placed as pl
    union
    select re.district_key from reported as re
),

final as (
    select
        case when rk.district_key = 'total' then null else rk.district_key end as district_code,
        coalesce(pl.welfare_placed_count, 0) as welfare_placed_count,
        coalesce(pl.welfare_placed_last_year_same_period_count, 0) as welfare_placed_last_year_same_period_count,
        coalesce(pl.welfare_placed_last_year_count, 0) as welfare_placed_last_year_count,
        coalesce(ip.welfare_in_post_count, 0) as welfare_in_post_count,
        coalesce(ip.welfare_in_post_last_year_same_period_count, 0) as welfare_in_post_last_year_same_period_count,
        coalesce(ip.welfare_in_post_last_year_end_count, 0) as welfare_in_post_last_year_end_count,
        coalesce(po.welfare_post_unit_count, 0) as welfare_post_unit_count,
        coalesce(po.welfare_post_last_year_same_period_unit_count, 0)
            as welfare_post_last_year_same_period_unit_count,
        coalesce(po.welfare_post_last_year_unit_count, 0) as welfare_post_last_year_unit_count,
        coalesce(pl.welfare_not_in_roster_count, 0) as welfare_not_in_roster_count,
        coalesce(re.has_last_year, false) as has_last_year,
        coalesce(re.has_this_year, false) as has_this_year,
        rm.in_post_month,
        rm.last_year_same_period_month,
        rm.last_year_end_month
    from row_keys as rk
    cross join roster_months as rm
    left join placed as pl on pl.district_key = rk.district_key
    left join posts as po on po.district_key = rk.district_key
    left join reported as re on re.district_key = rk.district_key
    left join in_post as ip on ip.district_key = rk.district_key
)

select * from final
order by district_code nulls last
