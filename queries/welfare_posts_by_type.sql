-- 公益性岗位按岗位类型（保洁/护林/水管/治安/其他）：本年累计安置人数、上年同期、上年全年、最新月在岗人数（只计脱贫劳动力，同 welfare_posts_vs_last_year）和平均月岗位补贴
-- grain: one row per post type with any placement this year or last (a person who held two types counts in each)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

-- A person's rows of a post type folded together first: the type's counts are then plain counts of persons
-- (cheaper than counting distinct persons three times).
type_persons as (
    select
        y.post_type,
        y.person_id,
        count(*) filter (
            where y.person_id is not null and y.first_in_roster_month between p.year_start and p.month
        ) > 0 as is_this_year_to_date,
        count(*) filter (
            where y.person_id is not null
            and y.first_in_roster_month between p.last_year_start and p.same_month_last_year
        ) > 0 as is_last_year_same_period,
        count(*) filter (
            where y.person_id is not null and y.first_in_roster_month between p.last_year_start and p.last_december
        ) > 0 as is_last_year
    from welfare_placement_year as y
    cross join params as p
    where
        list_contains($districts, y.district_code)
        and y.first_month between p.last_year_start and p.month
    group by y.post_type, y.person_id
),

placed as (
    select
        tp.post_type,
        count(*) filter (where tp.is_this_year_to_date) as welfare_placed_count,
        count(*) filter (where tp.is_last_year_same_period) as welfare_placed_last_year_same_period_count,
        count(*) filter (where tp.is_last_year) as welfare_placed_last_year_count
    from type_persons as tp
    group by tp.post_type
),

-- The latest roster month of this year up to the selected month, across the whole lake (as in the district table).
in_post_month as (
    select max(s.month) as month
    from welfare_month_summary as s
    cross join params as p
    where s.month between p.year_start and p.month
),

in_post as (
    select
        s.post_type,
        sum(s.welfare_in_post_count) filter (where s.month = ipm.month) as welfare_in_post_count,
        sum(s.pay_sum_yuan) / nullif(sum(s.pay_reported_count), 0) as welfare_avg_pay_yuan
    from welfare_month_summary as s
    cross join params as p
    cross join in_post_month as ipm
    where
        list_contains($districts, s.district_code)
        and s.month between p.year_start and p.month
    group by s.post_type
),

final as (
    select
        pl.post_type,
        pl.welfare_placed_count,
        pl.welfare_placed_last_year_same_period_count,
        pl.welfare_placed_last_year_count,
        coalesce(ip.welfare_in_post_count, 0) as welfare_in_post_count,
        ip.welfare_avg_pay_yuan
    from placed as pl
    left join in_post as ip on ip.post_type = pl.post_type
)

select * from final
order by case post_type when '保洁' then 1 when '护林' then 2 when '水管' then 3 when '治安' then 4 else 5 end
