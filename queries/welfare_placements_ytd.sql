-- 公益性岗位年内累计安置人数：本年至所选月、上年同期、上年全年（所选区合计，按人去重）
-- grain: one row (the selected districts together)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr($month, 6, 2) as month_of_year
),

placements as (
    -- the welfare_placement_year model: one row per year × district × person × post type, with its first month
    select
        w.person_id,
        w.year,
        substr(w.first_month, 6, 2) as month_of_year
    from welfare_placement_year as w
    where list_contains($districts, w.district_code)
),

final as (
    select
        count(distinct pl.person_id) filter (
            where pl.year = p.this_year and pl.month_of_year <= p.month_of_year
        ) as welfare_placed_count,
        count(distinct pl.person_id) filter (
            where pl.year = p.last_year and pl.month_of_year <= p.month_of_year
        ) as welfare_placed_last_year_same_period_count,
        count(distinct pl.person_id) filter (where pl.year = p.last_year) as welfare_placed_last_year_count,
        count(*) filter (where pl.year = p.last_year) > 0 as has_last_year
    from params as p
    left join placements as pl on pl.year in (p.this_year, p.last_year)
)

select * from final
