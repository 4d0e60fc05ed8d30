-- 统计月份与上年同月务工就业人员的平均、中位月收入，签订劳动合同、参加社会保险的占比，及本年参加技能、创业培训的占比
-- grain: one row (the selected districts together)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

compared_months as (
    -- this month and the same month last year, as rows: a semi-join on them filters the models before anything else
    select p.month from params as p
    union all
    select p.same_month_last_year as month from params as p
),

counts as (
    select
        s.month = p.month as is_this_year,
        sum(s.laborer_count) as laborer_count,
        sum(s.employed_count) as employed_count,
        sum(s.income_reported_count) as income_reported_count,
        sum(s.income_sum_yuan) as income_sum_yuan,
        sum(s.contract_count) as contract_count,
        sum(s.insured_count) as insured_count,
        sum(s.trained_skill_count) as trained_skill_count,
        sum(s.trained_startup_count) as trained_startup_count
    from laborer_month_summary as s
    cross join params as p
    where s.month in (select cm.month from compared_months as cm)
        and list_contains($districts, s.district_code)
    group by s.month = p.month
),

incomes as (
    select
        d.month = p.month as is_this_year,
        d.monthly_income_yuan,
        sum(d.employed_count) as employed_count
    from laborer_income_distribution as d
    cross join params as p
    where d.month in (select cm.month from compared_months as cm)
        and list_contains($districts, d.district_code)
    group by d.month = p.month, d.monthly_income_yuan
),

ranked as (
    select
        is_this_year,
        monthly_income_yuan,
        sum(employed_count) over (
            partition by is_this_year order by monthly_income_yuan rows between unbounded preceding and current row
        ) as reached_count,
        sum(employed_count) over (partition by is_this_year) as total_count
    from incomes
),

medians as (
    -- the median: the middle value, or the mean of the two middle values when the count is even
    select
        is_this_year,
        (
            min(monthly_income_yuan) filter (where reached_count >= floor((total_count + 1) / 2.0))
            + min(monthly_income_yuan) filter (where reached_count >= floor(total_count / 2.0) + 1)
        ) / 2.0 as median_income_yuan
    from ranked
    group by is_this_year
),

by_year as (
    select
        c.*,
        m.median_income_yuan,
        cast(1 as double) * c.income_sum_yuan / nullif(c.income_reported_count, 0) as avg_income_yuan,
        cast(100 as double) * c.contract_count / nullif(c.employed_count, 0) as contract_pct,
        cast(100 as double) * c.insured_count / nullif(c.employed_count, 0) as insured_pct,
        cast(100 as double) * c.trained_skill_count / nullif(c.laborer_count, 0) as trained_skill_pct,
        cast(100 as double) * c.trained_startup_count / nullif(c.laborer_count, 0) as trained_startup_pct
    from counts as c
    left join medians as m on m.is_this_year = c.is_this_year
),

final as (
    select
        coalesce(max(laborer_count) filter (where is_this_year), 0) as laborer_count,
        coalesce(max(employed_count) filter (where is_this_year), 0) as employed_count,
        count(*) filter (where not is_this_year) > 0 as has_same_month_last_year,
        max(avg_income_yuan) filter (where is_this_year) as avg_income_yuan,
        max(avg_income_yuan) filter (where not is_this_year) as avg_income_last_year_yuan,
        max(median_income_yuan) filter (where is_this_year) as median_income_yuan,
        max(median_income_yuan) filter (where not is_this_year) as median_income_last_year_yuan,
        max(contract_pct) filter (where is_this_year) as contract_pct,
        max(contract_pct) filter (where not is_this_year) as contract_last_year_pct,
        max(insured_pct) filter (where is_this_year) as insured_pct,
        max(insured_pct) filter (where not is_this_year) as insured_last_year_pct,
        max(trained_skill_pct) filter (where is_this_year) as trained_skill_pct,
        max(trained_skill_pct) filter (where not is_this_year) as trained_skill_last_year_pct,
        max(trained_startup_pct) filter (where is_this_year) as trained_startup_pct,
        max(trained_startup_pct) filter (where not is_this_year) as trained_startup_last_year_pct
    from by_year
)

select * from final
