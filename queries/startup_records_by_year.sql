-- 返乡创业载体：各年度市级返乡创业园区认定与省级返乡创业示范县(区)、示范园、示范项目申报的条数，按状态
-- grain: one row per year (up to the selected month's year) × kind with a record in the selected districts
-- @param month varchar
-- @param districts varchar[]
with records as (
    select r.*
    from startup_records as r
    inner join months as m on r.year <= m.year
    where m.month = $month
        and list_contains($districts, r.district_code)
),

final as (
    select
        r.year,
        r.kind as record_kind,
        cast(count(*) as bigint) as record_unit_count,
        cast(count(*) filter (where r.status = '已认定') as bigint) as recognised_unit_count,
        cast(count(*) filter (where r.status = '已申报') as bigint) as pending_unit_count,
        cast(count(*) filter (where r.status = '未通过') as bigint) as rejected_unit_count
    from records as r
    group by r.year, r.kind
)

select * from final
order by year, record_kind
