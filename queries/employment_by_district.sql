-- 所选各区统计月份的务工就业人数（含上年同期、上年末）及有劳动能力和就业意愿人员的就业、未就业人数
-- grain: one row per selected district that has a roster in any month (statistical-code order)
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

districts as (
    select distinct s.district_code
    from selected as s
),

final as (
    select
        d.district_code,
        coalesce(sum(s.laborer_count) filter (where s.month = p.month), 0) as laborer_count,
        coalesce(sum(s.able_laborer_count) filter (where s.month = p.month), 0) as able_laborer_count,
        coalesce(sum(s.employed_count) filter (where s.month = p.month), 0) as employed_count,
        sum(s.employed_count) filter (where s.month = p.same_month_last_year) as employed_count_last_year,
        sum(s.employed_count) filter (where s.month = p.last_december) as employed_count_last_december,
        coalesce(sum(s.able_willing_count) filter (where s.month = p.month), 0) as able_willing_count,
        coalesce(sum(s.able_willing_employed_count) filter (where s.month = p.month), 0)
            as able_willing_employed_count,
        coalesce(sum(s.able_willing_count - s.able_willing_employed_count) filter (where s.month = p.month), 0)
            as able_willing_unemployed_count,
        (
            cast(100 as double) * sum(s.able_willing_employed_count) filter (where s.month = p.month)
            / nullif(sum(s.able_willing_count) filter (where s.month = p.month), 0)
        ) as able_willing_employment_rate_pct,
        count(s.month) filter (where s.month = p.same_month_last_year) > 0 as has_same_month_last_year,
        count(s.month) filter (where s.month = p.last_december) > 0 as has_last_december
    from districts as d
    cross join params as p
    left join selected as s
        on s.district_code = d.district_code
        and s.month in (p.month, p.same_month_last_year, p.last_december)
    group by d.district_code
)

select * from final
order by district_code
