-- Pre-aggregated roster counts, built once per data version so that trends and KPIs need not scan every person.
-- grain: one row per month × district × town × household group (监测对象 or 脱贫户)
with roster as (
    select
        l.month,
        l.district_code,
        l.town_code,
        l.household_type <> '脱贫户' as is_monitored,
        l.employed,
        l.able_to_work,
        l.able_to_work and l.willing_to_work as is_able_willing,
        l.monthly_income_yuan,
        l.has_contract,
        l.has_social_insurance,
        l.trained_skill,
        l.trained_startup,
        l.work_location
    from laborers as l
),

final as (
    select
        month,
        district_code,
        town_code,
        is_monitored,
        count(*) as laborer_count,
        count(*) filter (where able_to_work) as able_laborer_count,
        count(*) filter (where employed) as employed_count,
        count(*) filter (where is_able_willing) as able_willing_count,
        count(*) filter (where is_able_willing and employed) as able_willing_employed_count,
        count(*) filter (where employed and monthly_income_yuan is not null) as income_reported_count,
        cast(sum(monthly_income_yuan) filter (where employed) as bigint) as income_sum_yuan,
        count(*) filter (where employed and has_contract) as contract_count,
        count(*) filter (where employed and has_social_insurance) as insured_count,
        count(*) filter (where trained_skill) as trained_skill_count,
        count(*) filter (where trained_startup) as trained_startup_count,
        count(*) filter (where employed and work_location = '省外') as out_of_province_count
    from roster
    group by month, district_code, town_code, is_monitored
)

select * from final
