-- 就业服务专项活动：本年 1 月至统计月份各项活动在各区服务脱贫劳动力人数、提供岗位数、帮助就业人数
-- grain: one row per campaign × selected district held this year, one total row per campaign, then one grand total
-- @param month varchar
-- @param districts varchar[]
with held as (
    select c.*
    from service_campaigns as c
    inner join months as m on m.year = c.year
    where m.month = $month
        and c.month_of_year <= m.month_of_year
        and list_contains($districts, c.district_code)
),

per_district as (
    select
        h.campaign,
        h.district_code,
        false as is_total,
        count(*) as campaign_month_unit_count,
        sum(h.laborers_served) as laborers_served_count,
        sum(h.jobs_offered) as jobs_offered_unit_count,
        sum(h.laborers_placed) as laborers_placed_count
    from held as h
    group by h.campaign, h.district_code
),

per_campaign as (
    select
        d.campaign,
        cast(null as varchar) as district_code,
        true as is_total,
        sum(d.campaign_month_unit_count) as campaign_month_unit_count,
        sum(d.laborers_served_count) as laborers_served_count,
        sum(d.jobs_offered_unit_count) as jobs_offered_unit_count,
        sum(d.laborers_placed_count) as laborers_placed_count
    from per_district as d
    group by d.campaign
),

overall as (
    select
        cast(null as varchar) as campaign,
        cast(null as varchar) as district_code,
        true as is_total,
        coalesce(sum(d.campaign_month_unit_count), 0) as campaign_month_unit_count,
        coalesce(sum(d.laborers_served_count), 0) as laborers_served_count,
        coalesce(sum(d.jobs_offered_unit_count), 0) as jobs_offered_unit_count,
        coalesce(sum(d.laborers_placed_count), 0) as laborers_placed_count
    from per_district as d
),

combined as (
    select * from per_district
    union all
    select * from per_campaign
    union all
    select * from overall
),

final as (
    select
        c.campaign,
        c.district_code,
        c.is_total,
        cast(c.campaign_month_unit_count as bigint) as campaign_month_unit_count,
        cast(c.laborers_served_count as bigint) as laborers_served_count,
        cast(c.jobs_offered_unit_count as bigint) as jobs_offered_unit_count,
        cast(c.laborers_placed_count as bigint) as laborers_placed_count,
        cast(100 as double) * c.laborers_placed_count / nullif(c.laborers_served_count, 0) as placed_of_served_pct
    from combined as c
)

select * from final
order by campaign nulls last, is_total, district_code
