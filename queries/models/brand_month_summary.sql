-- Roster counts and income sums per labor brand, built once per data version so brand questions need not scan everyone.
-- grain: one row per month × district × labor_brand (labor_brand null = 非品牌人员)
with roster as (
    select
        l.month,
        l.district_code,
        l.labor_brand,
        l.employed,
        l.monthly_income_yuan,
        l.trained_skill,
        l.has_contract,
        l.work_location
    from laborers as l
),

final as (
    select
        month,
        district_code,
        labor_brand,
        count(*) as member_count,
        count(*) filter (where employed) as employed_count,
        count(*) filter (where employed and monthly_income_yuan is not null) as income_reported_count,
        cast(sum(monthly_income_yuan) filter (where employed and monthly_income_yuan is not null) as bigint) as income_sum_yuan,
        count(*) filter (where trained_skill) as trained_count,
        count(*) filter (where employed and has_contract) as contract_count,
        count(*) filter (where employed and work_location in ('乡镇内', '乡镇外区内', '区内')) as in_district_count,
        count(*) filter (where employed and work_location = '区外省内') as in_province_count,
        count(*) filter (where employed and work_location = '省外') as out_of_province_count,
        count(*) filter (where employed and work_location = '境外') as abroad_count
    from roster
    group by month, district_code, labor_brand
)

select * from final
