-- 公益性岗位按岗位类型（保洁/护林/水管/治安/其他）：本年累计安置人数、上年同期、上年全年、最新月在岗人数和平均月报酬
-- grain: one row per post type with any placement this year or last (a person who held two types counts in each)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr($month, 6, 2) as month_of_year
),

in_post_month as (
    select max(w.month) as month
    from welfare_posts as w
    cross join params as p
    where substr(w.month, 1, 4) = p.this_year and w.month <= $month
),

posts as (
    select
        w.post_type,
        w.person_id,
        w.monthly_pay_yuan,
        substr(w.month, 1, 4) = p.this_year and substr(w.month, 6, 2) <= p.month_of_year as is_this_year_to_date,
        substr(w.month, 1, 4) = p.last_year and substr(w.month, 6, 2) <= p.month_of_year as is_last_year_same_period,
        substr(w.month, 1, 4) = p.last_year as is_last_year,
        w.month = ipm.month as is_in_post_now
    from welfare_posts as w
    cross join params as p
    cross join in_post_month as ipm
    where
        list_contains($districts, w.district_code)
        and substr(w.month, 1, 4) in (p.this_year, p.last_year)
),

final as (
    select
        po.post_type,
        count(distinct po.person_id) filter (where po.is_this_year_to_date) as welfare_placed_count,
        count(distinct po.person_id) filter (where po.is_last_year_same_period)
            as welfare_placed_last_year_same_period_count,
        count(distinct po.person_id) filter (where po.is_last_year) as welfare_placed_last_year_count,
        count(distinct po.person_id) filter (where po.is_in_post_now) as welfare_in_post_count,
        round(avg(po.monthly_pay_yuan) filter (where po.is_this_year_to_date), 2) as welfare_avg_pay_yuan
    from posts as po
    group by po.post_type
)

select * from final
order by case post_type when '保洁' then 1 when '护林' then 2 when '水管' then 3 when '治安' then 4 else 5 end
