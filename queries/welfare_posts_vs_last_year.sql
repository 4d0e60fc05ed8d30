-- 公益性岗位安置规模与上年比较：年内累计安置人数、年末（最新月）在岗人数、岗位数，本年至统计月、上年同期、上年全年
-- grain: one row per district with any placement this year or last, plus one total row (district_code null: the selected districts together, each person once)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr($month, 6, 2) as month_of_year
),

-- The roster month each period's 在岗 figure is read from, across the whole lake, so that a district with nobody
-- in post that month counts 0 rather than falling back to an older month.
roster_months as (
    select
        max(m.month) filter (
            where substr(m.month, 1, 4) = p.this_year and substr(m.month, 6, 2) <= p.month_of_year
        ) as in_post_month,
        max(m.month) filter (
            where substr(m.month, 1, 4) = p.last_year and substr(m.month, 6, 2) <= p.month_of_year
        ) as last_year_same_period_month,
        max(m.month) filter (where substr(m.month, 1, 4) = p.last_year) as last_year_end_month
    from params as p
    cross join (select distinct w.month from welfare_posts as w) as m
),

posts as (
    select
        w.person_id,
        w.district_code,
        w.month,
        concat(w.person_id, '|', w.post_type) as holding_id,
        substr(w.month, 1, 4) = p.this_year and substr(w.month, 6, 2) <= p.month_of_year as is_this_year_to_date,
        substr(w.month, 1, 4) = p.last_year and substr(w.month, 6, 2) <= p.month_of_year as is_last_year_same_period,
        substr(w.month, 1, 4) = p.last_year as is_last_year
    from welfare_posts as w
    cross join params as p
    where
        list_contains($districts, w.district_code)
        and substr(w.month, 1, 4) in (p.this_year, p.last_year)
),

tagged as (
    select
        po.*,
        po.month = rm.in_post_month as is_in_post_now,
        po.month = rm.last_year_same_period_month as is_in_post_last_year_same_period,
        po.month = rm.last_year_end_month as is_in_post_last_year_end
    from posts as po
    cross join roster_months as rm
),

by_district as (
    select
        t.district_code,
        count(distinct t.person_id) filter (where t.is_this_year_to_date) as welfare_placed_count,
        count(distinct t.person_id) filter (where t.is_last_year_same_period)
            as welfare_placed_last_year_same_period_count,
        count(distinct t.person_id) filter (where t.is_last_year) as welfare_placed_last_year_count,
        count(distinct t.person_id) filter (where t.is_in_post_now) as welfare_in_post_count,
        count(distinct t.person_id) filter (where t.is_in_post_last_year_same_period)
            as welfare_in_post_last_year_same_period_count,
        count(distinct t.person_id) filter (where t.is_in_post_last_year_end) as welfare_in_post_last_year_end_count,
        count(distinct t.holding_id) filter (where t.is_this_year_to_date) as welfare_post_unit_count,
        count(distinct t.holding_id) filter (where t.is_last_year_same_period)
            as welfare_post_last_year_same_period_unit_count,
        count(distinct t.holding_id) filter (where t.is_last_year) as welfare_post_last_year_unit_count,
        count(*) filter (where t.is_last_year) > 0 as has_last_year
    from tagged as t
    group by grouping sets ((t.district_code), ())
),

final as (
    select
        bd.*,
        rm.in_post_month,
        rm.last_year_same_period_month,
        rm.last_year_end_month
    from by_district as bd
    cross join roster_months as rm
)

select * from final
order by district_code nulls last
