-- 统计月份所选区各乡镇（街道）有劳动能力和就业意愿但未就业的人数及就业率（仅计数，不列人员）
-- grain: one row per town of the selected districts with able and willing persons in the month
-- @param month varchar
-- @param districts varchar[]
with selected as (
    select s.*
    from laborer_month_summary as s
    where s.month = $month
        and list_contains($districts, s.district_code)
),

final as (
    select
        district_code,
        town_code,
        sum(able_willing_count) as able_willing_count,
        sum(able_willing_employed_count) as able_willing_employed_count,
        sum(able_willing_count - able_willing_employed_count) as able_willing_unemployed_count,
        cast(100 as double) * sum(able_willing_employed_count) / nullif(sum(able_willing_count), 0)
            as able_willing_employment_rate_pct
    from selected
    group by district_code, town_code
    having sum(able_willing_count) > 0
)

select * from final
order by able_willing_unemployed_count desc, district_code, town_code
