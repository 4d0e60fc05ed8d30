-- 农村劳务经纪人：所选年度名册中各区经纪人数、组织输出人数、人均输出，及覆盖有脱贫人口的村的比例
-- grain: one row per selected district with brokers or a roster in the month, then one total row (is_total)
-- @param month varchar
-- @param districts varchar[]
with brokers as (
    select b.*
    from labor_brokers as b
    inner join months as m on m.year = b.year
    where m.month = $month and list_contains($districts, b.district_code)
),

roster_villages as (
    select
        l.district_code,
        l.town_code,
        count(distinct l.village) as village_count
    from laborers as l
    where l.month = $month
        and list_contains($districts, l.district_code)
        and l.village is not null
    group by l.district_code, l.town_code
),

broker_towns as (
    select
        b.district_code,
        b.town_code,
        count(*) as broker_count,
        sum(b.persons_placed) as persons_placed,
        sum(b.villages_covered) as villages_covered
    from brokers as b
    group by b.district_code, b.town_code
),

towns as (
    select
        coalesce(v.district_code, t.district_code) as district_code,
        coalesce(v.town_code, t.town_code) as town_code,
        coalesce(v.village_count, 0) as village_count,
        coalesce(t.broker_count, 0) as broker_count,
        coalesce(t.persons_placed, 0) as persons_placed,
        -- brokers of one town may serve the same village: coverage never exceeds the town's villages
        least(coalesce(t.villages_covered, 0), coalesce(v.village_count, 0)) as villages_covered
    from roster_villages as v
    full outer join broker_towns as t on t.district_code = v.district_code and t.town_code = v.town_code
),

per_district as (
    select
        t.district_code,
        false as is_total,
        sum(t.broker_count) as broker_count,
        sum(t.persons_placed) as broker_placed_count,
        count(*) filter (where t.broker_count > 0) as town_with_broker_unit_count,
        count(*) filter (where t.village_count > 0) as town_with_laborers_unit_count,
        sum(t.village_count) as village_unit_count,
        sum(t.villages_covered) as village_covered_unit_count
    from towns as t
    group by t.district_code
),

with_total as (
    select * from per_district
    union all
    select
        cast(null as varchar) as district_code,
        true as is_total,
        coalesce(sum(d.broker_count), 0) as broker_count,
        coalesce(sum(d.broker_placed_count), 0) as broker_placed_count,
        coalesce(sum(d.town_with_broker_unit_count), 0) as town_with_broker_unit_count,
        coalesce(sum(d.town_with_laborers_unit_count), 0) as town_with_laborers_unit_count,
        coalesce(sum(d.village_unit_count), 0) as village_unit_count,
        coalesce(sum(d.village_covered_unit_count), 0) as village_covered_unit_count
    from per_district as d
),

final as (
    select
        w.district_code,
        w.is_total,
        cast(w.broker_count as bigint) as broker_count,
        cast(w.broker_placed_count as bigint) as broker_placed_count,
        cast(1 as double) * w.broker_placed_count / nullif(w.broker_count, 0) as placed_per_broker_ratio,
        cast(w.town_with_broker_unit_count as bigint) as town_with_broker_unit_count,
        cast(w.town_with_laborers_unit_count as bigint) as town_with_laborers_unit_count,
        cast(w.village_unit_count as bigint) as village_unit_count,
        cast(w.village_covered_unit_count as bigint) as village_covered_unit_count,
        cast(100 as double) * w.village_covered_unit_count / nullif(w.village_unit_count, 0) as village_coverage_pct
    from with_total as w
)

select * from final
order by is_total, district_code
