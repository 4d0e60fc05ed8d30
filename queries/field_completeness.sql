-- 统计月份花名册关键字段的完整率：各字段已填写的人数占应填写人数的比例（务工相关字段只看已就业人员）
-- grain: one row per key field of laborers
-- @param month varchar
-- @param districts varchar[]
with roster as (
    select l.*
    from laborers as l
    where l.month = $month and list_contains($districts, l.district_code)
),

counts as (
    select
        count(*) as laborer_count,
        count(*) filter (where r.employed) as employed_count,
        count(r.village) as village_filled,
        count(r.household_type) as household_type_filled,
        count(r.labor_skill) as labor_skill_filled,
        count(r.willing_to_work) as willing_to_work_filled,
        count(*) filter (where r.employed and r.work_location is not null) as work_location_filled,
        count(*) filter (where r.employed and r.months_worked_ytd is not null) as months_worked_filled,
        count(*) filter (where r.employed and r.channel is not null) as channel_filled,
        count(*) filter (where r.employed and r.employment_form is not null) as employment_form_filled,
        count(*) filter (where r.employed and r.industry is not null) as industry_filled,
        count(*) filter (where r.employed and r.monthly_income_yuan is not null) as income_filled,
        count(*) filter (where r.employed and r.has_contract is not null) as contract_filled,
        count(*) filter (where r.employed and r.has_social_insurance is not null) as insurance_filled
    from roster as r
),

fields as (
    select 1 as field_order, 'village' as field_name, false as employed_only, laborer_count as base_count,
        village_filled as filled_count from counts
    union all
    select 2, 'household_type', false, laborer_count, household_type_filled from counts
    union all
    select 3, 'labor_skill', false, laborer_count, labor_skill_filled from counts
    union all
    select 4, 'willing_to_work', false, laborer_count, willing_to_work_filled from counts
    union all
    select 5, 'work_location', true, employed_count, work_location_filled from counts
    union all
    select 6, 'months_worked_ytd', true, employed_count, months_worked_filled from counts
    union all
    select 7, 'channel', true, employed_count, channel_filled from counts
    union all
    select 8, 'employment_form', true, employed_count, employment_form_filled from counts
    union all
    select 9, 'industry', true, employed_count, industry_filled from counts
    union all
    select 10, 'monthly_income_yuan', true, employed_count, income_filled from counts
    union all
    select 11, 'has_contract', true, employed_count, contract_filled from counts
    union all
    select 12, 'has_social_insurance', true, employed_count, insurance_filled from counts
),

final as (
    select
        field_order,
        field_name,
        employed_only,
        base_count,
        filled_count,
        base_count - filled_count as missing_count,
        cast(100 as double) * filled_count / nullif(base_count, 0) as completeness_pct
    from fields
)

select * from final
order by field_order
