-- 有劳动能力和就业意愿、已务工就业的人数按务工地点（国家农民工监测分类；区内 = 旧模板不分乡镇内外；未填为空），
-- 供示范乡镇指标 2 按政策设置 town_outside_work_locations 计“外出就业”而不逐人读取花名册
-- grain: one row per month × town
with able_willing_employed as (
    select
        l.month,
        l.town_code,
        l.work_location
    from laborers as l
    where l.able_to_work and l.willing_to_work and l.employed
),

final as (
    select
        month,
        town_code,
        count(*) filter (where work_location = '乡镇内') as in_township_count,
        count(*) filter (where work_location = '乡镇外区内') as outside_township_in_district_count,
        count(*) filter (where work_location = '区外省内') as outside_district_in_province_count,
        count(*) filter (where work_location = '省外') as outside_province_count,
        count(*) filter (where work_location = '境外') as abroad_count,
        count(*) filter (where work_location = '区内') as in_district_unsplit_count,
        count(*) filter (where work_location is null) as location_missing_count
    from able_willing_employed
    group by month, town_code
)

select * from final
