-- 所选区各乡镇（街道）的脱贫劳动力、务工就业（含同比）、就业率、省外务工占比、平均月收入、公益性岗位累计安置与本年已发放补贴
-- grain: one row per town of the reference (`towns`) in $districts, with or without records (code order), then any other town code with records (is_reference_town false, named by its code), then one 未落乡镇 row (town_code null, is_unassigned) per district where a record has no town, then one 合计 row (is_total)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

-- town_month_summary holds the figures that add up (roster counts, baselines, claims paid this year), shared with
-- district_comparison.sql, so that the towns add up to their district by construction.
roster as (
    select
        s.district_code,
        s.town_code,
        grouping(s.district_code) = 1 as is_total,
        sum(s.laborer_count) as laborer_count,
        sum(s.employed_count) as employed_count,
        sum(s.employed_count_last_year) as employed_count_last_year,
        sum(s.able_willing_count) as able_willing_count,
        sum(s.able_willing_employed_count) as able_willing_employed_count,
        sum(s.out_of_province_count) as out_of_province_count,
        sum(s.income_reported_count) as income_reported_count,
        sum(s.income_sum_yuan) as income_sum_yuan,
        cast(sum(s.subsidy_claim_count) as bigint) as subsidy_claim_count,
        sum(s.subsidy_amount_yuan) as subsidy_amount_yuan
    from town_month_summary as s
    where list_contains($districts, s.district_code) and s.month = $month
    group by grouping sets ((s.district_code, s.town_code), ())
),

-- A person who held posts in two towns counts in each, and once in the total; only 脱贫劳动力 count (a month in post
-- while on that month's roster), as in welfare_posts_vs_last_year.
placements as (
    select
        w.district_code,
        w.town_code,
        grouping(w.district_code) = 1 as is_total,
        count(distinct w.person_id) filter (where w.first_in_roster_month between p.year_start and p.month)
            as welfare_placed_count,
        count(distinct w.person_id) filter (
            where w.first_in_roster_month between p.last_year_start and p.same_month_last_year
        ) as welfare_placed_last_year_same_period_count
    from welfare_town_year as w
    inner join params as p on w.first_month between p.last_year_start and p.month
    where list_contains($districts, w.district_code)
    group by grouping sets ((w.district_code, w.town_code), ())
),

-- A town's 公益性岗位 base is its district's: the district reported a roster last year (an empty one included; as in
-- welfare_posts_vs_last_year), so a town of a reporting district with nobody placed has a true 0 and every town of a
-- district that did not report has none (无基期).
reported_last_year as (
    select distinct wr.district_code
    from welfare_reported_months as wr
    cross join params as p
    where list_contains($districts, wr.district_code) and wr.month between p.last_year_start and p.last_december
),

report_rows as (
    select
        t.district_code,
        t.town_code,
        false as is_total
    from towns as t
    where list_contains($districts, t.district_code)
    union
    select
        r.district_code,
        r.town_code,
        r.is_total
    from roster as r
    union
    select
        w.district_code,
        w.town_code,
        w.is_total
    from placements as w
    union
    select
        null as district_code,
        null as town_code,
        true as is_total
),

final as (
    select
        rr.district_code,
        rr.town_code,
        coalesce(t.town_name, rr.town_code) as town_name,
        rr.is_total,
        not rr.is_total and rr.town_code is null as is_unassigned,
        coalesce(r.laborer_count, 0) as laborer_count,
        coalesce(r.employed_count, 0) as employed_count,
        r.employed_count_last_year,
        coalesce(r.employed_count, 0) - r.employed_count_last_year as employed_yoy_count,
        (
            cast(100 as double) * (coalesce(r.employed_count, 0) - r.employed_count_last_year)
            / nullif(r.employed_count_last_year, 0)
        ) as employed_yoy_pct,
        coalesce(r.able_willing_count, 0) as able_willing_count,
        coalesce(r.able_willing_employed_count, 0) as able_willing_employed_count,
        cast(100 as double) * r.able_willing_employed_count / nullif(r.able_willing_count, 0)
            as able_willing_employment_rate_pct,
        coalesce(r.out_of_province_count, 0) as out_of_province_count,
        cast(100 as double) * r.out_of_province_count / nullif(r.employed_count, 0) as out_of_province_pct,
        coalesce(r.income_reported_count, 0) as income_reported_count,
        coalesce(r.income_sum_yuan, 0) as income_sum_yuan,
        cast(1 as double) * r.income_sum_yuan / nullif(r.income_reported_count, 0) as avg_income_yuan,
        coalesce(w.welfare_placed_count, 0) as welfare_placed_count,
        coalesce(w.welfare_placed_last_year_same_period_count, 0) as welfare_placed_last_year_same_period_count,
        (rr.is_total and exists (select 1 from reported_last_year))
        or coalesce(rr.district_code in (select rl.district_code from reported_last_year as rl), false)
            as has_welfare_last_year,
        coalesce(r.subsidy_claim_count, 0) as subsidy_claim_count,
        coalesce(r.subsidy_amount_yuan, 0) as subsidy_amount_yuan,
        t.town_code is not null as is_reference_town
    from report_rows as rr
    left join towns as t on t.town_code = rr.town_code
    left join roster as r
        on r.is_total = rr.is_total
        and r.district_code is not distinct from rr.district_code
        and r.town_code is not distinct from rr.town_code
    left join placements as w
        on w.is_total = rr.is_total
        and w.district_code is not distinct from rr.district_code
        and w.town_code is not distinct from rr.town_code
)

select * from final
order by is_total, is_unassigned, not is_reference_town, town_code, district_code
