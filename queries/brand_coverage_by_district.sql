-- 一区一品、一区多品：各区登记的劳务品牌数，及统计月份花名册中品牌成员本年在品牌本行业参加技能培训的人数
-- grain: one row per selected district (all of them, with or without a brand), then one total row (is_total)
-- @param month varchar
-- @param districts varchar[]
with registered as (
    select
        b.district_code,
        count(*) as brand_unit_count
    from labor_brands as b
    group by b.district_code
),

members as (
    select
        l.district_code,
        count(*) as laborer_count,
        count(*) filter (where l.labor_brand is not null) as brand_member_count,
        count(*) filter (where l.labor_brand is not null and l.trained_skill) as brand_trained_count,
        count(*) filter (
            where l.labor_brand is not null and l.trained_skill and l.trained_skill_trade = b.trade
        ) as brand_trade_trained_count
    from laborers as l
    left join labor_brands as b on b.brand_name = l.labor_brand
    where l.month = $month
        and list_contains($districts, l.district_code)
    group by l.district_code
),

per_district as (
    select
        d.district_code,
        coalesce(r.brand_unit_count, 0) as brand_unit_count,
        coalesce(m.laborer_count, 0) as laborer_count,
        coalesce(m.brand_member_count, 0) as brand_member_count,
        coalesce(m.brand_trained_count, 0) as brand_trained_count,
        coalesce(m.brand_trade_trained_count, 0) as brand_trade_trained_count
    from districts as d
    left join registered as r on r.district_code = d.district_code
    left join members as m on m.district_code = d.district_code
    where list_contains($districts, d.district_code)
),

with_total as (
    select
        p.district_code,
        false as is_total,
        p.brand_unit_count,
        case when p.brand_unit_count > 0 then 1 else 0 end as district_with_brand_unit_count,
        case when p.laborer_count > 0 then 1 else 0 end as district_with_laborers_unit_count,
        p.laborer_count,
        p.brand_member_count,
        p.brand_trained_count,
        p.brand_trade_trained_count
    from per_district as p
    union all
    select
        cast(null as varchar) as district_code,
        true as is_total,
        coalesce(sum(p.brand_unit_count), 0) as brand_unit_count,
        count(*) filter (where p.brand_unit_count > 0) as district_with_brand_unit_count,
        count(*) filter (where p.laborer_count > 0) as district_with_laborers_unit_count,
        coalesce(sum(p.laborer_count), 0) as laborer_count,
        coalesce(sum(p.brand_member_count), 0) as brand_member_count,
        coalesce(sum(p.brand_trained_count), 0) as brand_trained_count,
        coalesce(sum(p.brand_trade_trained_count), 0) as brand_trade_trained_count
    from per_district as p
),

final as (
    select
        t.district_code,
        t.is_total,
        cast(t.brand_unit_count as bigint) as brand_unit_count,
        cast(t.district_with_brand_unit_count as bigint) as district_with_brand_unit_count,
        cast(t.district_with_laborers_unit_count as bigint) as district_with_laborers_unit_count,
        cast(t.laborer_count as bigint) as laborer_count,
        cast(t.brand_member_count as bigint) as brand_member_count,
        cast(t.brand_trained_count as bigint) as brand_trained_count,
        cast(t.brand_trade_trained_count as bigint) as brand_trade_trained_count,
        cast(100 as double) * t.brand_trade_trained_count / nullif(t.brand_member_count, 0) as brand_trade_trained_pct
    from with_total as t
)

select * from final
order by is_total, district_code
