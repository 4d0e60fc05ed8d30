-- 所选年度各区、各乡镇（街道）的返乡创业人数，入驻创业园区与否，及其带动就业人数
-- grain: one row per district × town with a returning entrepreneur in the selected year (town per the yearly roll)
-- @param month varchar
-- @param districts varchar[]
with entrepreneurs_of_year as (
    select e.*
    from entrepreneurs as e
    inner join months as m on m.year = e.year
    where m.month = $month and list_contains($districts, e.district_code)
),

final as (
    select
        e.district_code,
        e.town_code,
        count(*) as entrepreneur_count,
        count(*) filter (where e.park_id is not null) as in_park_count,
        count(*) filter (where e.park_id is null) as not_in_park_count,
        coalesce(sum(e.employs_laborers), 0) as employed_by_entrepreneurs_count
    from entrepreneurs_of_year as e
    group by e.district_code, e.town_code
)

select * from final
order by district_code, town_code
