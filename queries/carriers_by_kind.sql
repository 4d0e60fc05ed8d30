-- 所选年度各区就业帮扶载体（零工驿站、爱心企业、就业工坊、返乡创业园区）按类型、级别的个数与吸纳脱贫劳动力人数
-- grain: one row per carrier kind × level × district with a carrier in the selected year
-- @param month varchar
-- @param districts varchar[]
with carriers_of_year as (
    select c.*
    from carriers as c
    inner join months as m on m.year = c.year
    where m.month = $month and list_contains($districts, c.district_code)
),

final as (
    select
        c.kind,
        c.level,
        c.district_code,
        count(*) as carrier_unit_count,
        coalesce(sum(c.laborers_absorbed), 0) as laborers_absorbed_count
    from carriers_of_year as c
    group by c.kind, c.level, c.district_code
)

select * from final
order by kind, level, district_code
