-- 所选月份与所选区的花名册人数、其中脱贫劳动力（有劳动能力）人数、务工就业人数（含上年同期、上年末）及有劳动能力和就业意愿的就业率
-- grain: one row (the selected districts together)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

selected as (
    select s.*
    from laborer_month_summary as s
    where list_contains($districts, s.district_code)
),

final as (
    select
        p.month,
        p.same_month_last_year,
        p.last_december,
        coalesce(sum(s.laborer_count) filter (where s.month = p.month), 0) as laborer_count,
        coalesce(sum(s.able_laborer_count) filter (where s.month = p.month), 0) as able_laborer_count,
        coalesce(sum(s.employed_count) filter (where s.month = p.month), 0) as employed_count,
        sum(s.employed_count) filter (where s.month = p.same_month_last_year) as employed_count_last_year,
        sum(s.employed_count) filter (where s.month = p.last_december) as employed_count_last_december,
        coalesce(sum(s.able_willing_count) filter (where s.month = p.month), 0) as able_willing_count,
        coalesce(sum(s.able_willing_employed_count) filter (where s.month = p.month), 0)
            as able_willing_employed_count,
        (
            cast(100 as double) * sum(s.able_willing_employed_count) filter (where s.month = p.month)
            / nullif(sum(s.able_willing_count) filter (where s.month = p.month), 0)
        ) as able_willing_employment_rate_pct,
        count(*) filter (where s.month = p.same_month_last_year) > 0 as has_same_month_last_year,
        count(*) filter (where s.month = p.last_december) > 0 as has_last_december
    from params as p
    left join selected as s on s.month in (p.month, p.same_month_last_year, p.last_december)
    group by p.month, p.same_month_last_year, p.last_december
)

select * from final
