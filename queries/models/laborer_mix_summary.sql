-- Employed persons by where and how they work, built once per data version for the composition charts.
-- grain: one row per month × district × household group (脱贫户 / 监测对象) × dimension × category (null values as 未填报)
with employed as (
    select
        l.month,
        l.district_code,
        case when l.household_type = '脱贫户' then '脱贫户' else '监测对象' end as household_group,
        coalesce(l.work_location, '未填报') as work_location,
        coalesce(l.channel, '未填报') as channel,
        coalesce(l.employment_form, '未填报') as employment_form,
        coalesce(l.industry, '未填报') as industry
    from laborers as l
    where l.employed
),

combinations as (
    select
        month, district_code, household_group, work_location, channel, employment_form, industry,
        count(*) as employed_count
    from employed
    group by month, district_code, household_group, work_location, channel, employment_form, industry
),

final as (
    select month, district_code, household_group, 'work_location' as dimension, work_location as category,
        cast(sum(employed_count) as bigint) as employed_count
    from combinations
    group by month, district_code, household_group, work_location
    union all
    select month, district_code, household_group, 'channel' as dimension, channel as category,
        cast(sum(employed_count) as bigint) as employed_count
    from combinations
    group by month, district_code, household_group, channel
    union all
    select month, district_code, household_group, 'employment_form' as dimension, employment_form as category,
        cast(sum(employed_count) as bigint) as employed_count
    from combinations
    group by month, district_code, household_group, employment_form
    union all
    select month, district_code, household_group, 'industry' as dimension, industry as category,
        cast(sum(employed_count) as bigint) as employed_count
    from combinations
    group by month, district_code, household_group, industry
)

select * from final
