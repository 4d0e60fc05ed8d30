-- 示范乡镇评选：所选区各乡镇（街道）所选年度及上一年度的十项指标取值（派生项来自花名册与载体台账，其余为填报；
-- 指标 2 的有劳动能力和就业意愿已就业人员按务工地点分列，哪些算“外出”由 assess.scorecard 按该年政策设置判定）
-- grain: one row per town × year (the chosen year and the year before) with any record in that year
-- @param year integer
-- @param districts varchar[]
with years as (
    select $year as year
    union all
    select $year - 1 as year
),

roster_years as (
    select
        m.year,
        max(s.month) as last_month,
        count(distinct s.month) as roster_months
    from laborer_month_summary as s
    inner join months as m on m.month = s.month
    group by m.year
),

chosen_roster_years as (
    select ry.*
    from roster_years as ry
    inner join years as y on ry.year = y.year
),

roster as (
    select
        ry.year,
        s.town_code,
        cast(sum(s.able_willing_count) as bigint) as able_willing_count,
        cast(sum(s.able_willing_employed_count) as bigint) as able_willing_employed_count
    from laborer_month_summary as s
    inner join chosen_roster_years as ry on s.month = ry.last_month
    where list_contains($districts, substr(s.town_code, 1, 6))
    group by ry.year, s.town_code
),

locations as (
    select
        ry.year,
        s.town_code,
        cast(sum(s.in_township_count) as bigint) as in_township_count,
        cast(sum(s.outside_township_in_district_count) as bigint) as outside_township_in_district_count,
        cast(sum(s.outside_district_in_province_count) as bigint) as outside_district_in_province_count,
        cast(sum(s.outside_province_count) as bigint) as outside_province_count,
        cast(sum(s.abroad_count) as bigint) as abroad_count,
        cast(sum(s.in_district_unsplit_count) as bigint) as in_district_unsplit_count,
        cast(sum(s.location_missing_count) as bigint) as location_missing_count
    from able_willing_location_summary as s
    inner join chosen_roster_years as ry on s.month = ry.last_month
    where list_contains($districts, substr(s.town_code, 1, 6))
    group by ry.year, s.town_code
),

recorded_carriers as (
    select
        c.year,
        c.town_code,
        count(*) as carrier_recorded_unit_count
    from carriers as c
    inner join years as y on c.year = y.year
    where c.kind <> '返乡创业园区'
        and list_contains($districts, substr(c.town_code, 1, 6))
    group by c.year, c.town_code
),

assessments as (
    select a.*
    from town_assessments as a
    inner join years as y on a.year = y.year
    where list_contains($districts, substr(a.town_code, 1, 6))
),

town_years as (
    select year, town_code from roster
    union
    select year, town_code from recorded_carriers
    union
    select year, town_code from assessments
),

final as (
    select
        ty.year,
        substr(ty.town_code, 1, 6) as district_code,
        ty.town_code,
        ry.last_month,
        coalesce(ry.roster_months, 0) as roster_months,
        a.town_code is not null as has_assessment,
        a.rural_transfer_rate_pct,
        coalesce(r.able_willing_count, 0) as able_willing_count,
        coalesce(r.able_willing_employed_count, 0) as able_willing_employed_count,
        cast(100 as double) * r.able_willing_employed_count / nullif(r.able_willing_count, 0)
            as able_willing_employment_rate_pct,
        coalesce(lo.in_township_count, 0) as able_willing_in_township_count,
        coalesce(lo.outside_township_in_district_count, 0) as able_willing_outside_township_in_district_count,
        coalesce(lo.outside_district_in_province_count, 0) as able_willing_outside_district_in_province_count,
        coalesce(lo.outside_province_count, 0) as able_willing_outside_province_count,
        coalesce(lo.abroad_count, 0) as able_willing_abroad_count,
        coalesce(lo.in_district_unsplit_count, 0) as able_willing_in_district_unsplit_count,
        coalesce(lo.location_missing_count, 0) as able_willing_location_missing_count,
        a.entrepreneurs_supported as entrepreneurs_supported_count,
        a.demo_applications as demo_application_unit_count,
        a.entrepreneur_models as entrepreneur_model_unit_count,
        a.featured_industries as featured_industry_unit_count,
        a.carriers_count as carrier_reported_unit_count,
        coalesce(rc.carrier_recorded_unit_count, 0) as carrier_recorded_unit_count,
        a.publicity_months,
        a.platform_update_months,
        a.village_platform_update_months,
        a.spot_check_accuracy_pct,
        a.migrant_spot_check_accuracy_pct,
        a.has_joint_group,
        a.staff_stationed as staff_stationed_count,
        a.min_staff_days_per_month as min_staff_days
    from town_years as ty
    left join roster_years as ry on ty.year = ry.year
    left join roster as r on ty.year = r.year and ty.town_code = r.town_code
    left join locations as lo on ty.year = lo.year and ty.town_code = lo.town_code
    left join recorded_carriers as rc on ty.year = rc.year and ty.town_code = rc.town_code
    left join assessments as a on ty.year = a.year and ty.town_code = a.town_code
)

select * from final
