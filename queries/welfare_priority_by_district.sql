-- 公益性岗位优先安置（代理口径：花名册没有“无法离乡、无业可就”字段，以弱劳动力或半劳动力、防止返贫监测对象代替）：本年累计安置的脱贫劳动力中这两类所占比例，不在花名册的安置人员另列、不计入，按区（及所选区合计）
-- grain: one row per district with any placement this year up to the selected month, plus one total row (district_code null)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

holdings as (
    select
        y.district_code,
        y.person_id,
        y.first_in_roster_month <= $month as is_in_roster,
        y.first_weak_labor_month <= $month as is_weak_labor,
        y.first_monitored_month <= $month as is_monitored
    from welfare_placement_year as y
    cross join params as p
    where
        list_contains($districts, y.district_code)
        and y.first_month between p.year_start and p.month
),

-- A person counts as a priority placement when any month of placement so far this year shows them so in that
-- month's roster (a null month compares as unknown, which the filters treat as not).
persons as (
    select
        h.district_code,
        h.person_id,
        count(*) filter (where h.is_weak_labor) > 0 as is_weak_labor,
        count(*) filter (where h.is_monitored) > 0 as is_monitored,
        count(*) filter (where h.is_in_roster) = 0 as is_never_in_roster
    from holdings as h
    group by h.district_code, h.person_id
),

-- The total row counts each person once even if placed in two districts during the year.
persons_city as (
    select
        pe.person_id,
        count(*) filter (where pe.is_weak_labor) > 0 as is_weak_labor,
        count(*) filter (where pe.is_monitored) > 0 as is_monitored,
        count(*) filter (where not pe.is_never_in_roster) = 0 as is_never_in_roster
    from persons as pe
    group by pe.person_id
),

both_levels as (
    select
        pe.district_code,
        pe.is_weak_labor,
        pe.is_monitored,
        pe.is_never_in_roster
    from persons as pe
    union all
    select
        null as district_code,
        pc.is_weak_labor,
        pc.is_monitored,
        pc.is_never_in_roster
    from persons_city as pc
),

final as (
    select
        bl.district_code,
        count(*) filter (where not bl.is_never_in_roster) as welfare_placed_count,
        count(*) filter (where bl.is_weak_labor or bl.is_monitored) as welfare_priority_count,
        count(*) filter (where bl.is_weak_labor) as welfare_weak_labor_count,
        count(*) filter (where bl.is_monitored) as welfare_monitored_count,
        (
            cast(100 as double) * count(*) filter (where bl.is_weak_labor or bl.is_monitored)
            / nullif(count(*) filter (where not bl.is_never_in_roster), 0)
        ) as welfare_priority_pct,
        count(*) filter (where bl.is_never_in_roster) as welfare_not_in_roster_count
    from both_levels as bl
    group by bl.district_code
)

select * from final
order by district_code nulls last
