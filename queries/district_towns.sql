-- 所选区各乡镇（街道）的脱贫劳动力、务工就业（含同比）、就业率、省外务工占比、平均月收入、公益性岗位累计安置与本年已发放补贴
-- grain: one row per town with records in $district (a town_code-less 未落乡镇 row when any record has none), plus one 合计 row
-- @param month varchar
-- @param district varchar
with params as (
    select
        $month as month,
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr($month, 6, 2) as month_of_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) || substr($month, 5, 3) as same_month_last_year
),

roster as (
    select
        case
            when grouping(s.town_code) = 1 then '*'
            else coalesce(s.town_code, '-')
        end as row_key,
        sum(s.laborer_count) filter (where s.month = p.month) as laborer_count,
        sum(s.employed_count) filter (where s.month = p.month) as employed_count,
        sum(s.employed_count) filter (where s.month = p.same_month_last_year) as employed_count_last_year,
        sum(s.able_willing_count) filter (where s.month = p.month) as able_willing_count,
        sum(s.able_willing_employed_count) filter (where s.month = p.month) as able_willing_employed_count,
        sum(s.out_of_province_count) filter (where s.month = p.month) as out_of_province_count,
        sum(s.income_reported_count) filter (where s.month = p.month) as income_reported_count,
        sum(s.income_sum_yuan) filter (where s.month = p.month) as income_sum_yuan
    from laborer_month_summary as s
    cross join params as p
    where
        s.district_code = $district
        and s.month in (p.month, p.same_month_last_year)
    group by rollup (s.town_code)
),

placements as (
    select
        case
            when grouping(w.town_code) = 1 then '*'
            else coalesce(w.town_code, '-')
        end as row_key,
        count(distinct w.person_id) filter (
            where w.year = p.this_year and substr(w.first_month, 6, 2) <= p.month_of_year
        ) as welfare_placed_count,
        count(distinct w.person_id) filter (
            where w.year = p.last_year and substr(w.first_month, 6, 2) <= p.month_of_year
        ) as welfare_placed_last_year_same_period_count,
        count(*) filter (where w.year = p.last_year) > 0 as has_welfare_last_year
    from welfare_town_year as w
    cross join params as p
    where
        w.district_code = $district
        and w.year in (p.this_year, p.last_year)
    group by rollup (w.town_code)
),

-- The claims ledger records the district only: a claim is placed in the town where its claimant is on the
-- district's roster in the payment month (subsidy_claim_history.claim_month_town_code); else in 未落乡镇.
claims as (
    select
        case
            when grouping(h.claim_month_town_code) = 1 then '*'
            else coalesce(h.claim_month_town_code, '-')
        end as row_key,
        count(*) as subsidy_claim_count,
        sum(h.amount_yuan) as subsidy_amount_yuan
    from subsidy_claim_history as h
    cross join params as p
    where
        h.district_code = $district
        and substr(h.month, 1, 4) = p.this_year
        and substr(h.month, 6, 2) <= p.month_of_year
    group by rollup (h.claim_month_town_code)
),

report_rows as (
    select '*' as row_key
    union
    select r.row_key from roster as r
    union
    select w.row_key from placements as w
    union
    select c.row_key from claims as c
),

final as (
    select
        case when rr.row_key in ('*', '-') then null else rr.row_key end as town_code,
        rr.row_key = '*' as is_total,
        rr.row_key = '-' as is_unassigned,
        coalesce(r.laborer_count, 0) as laborer_count,
        coalesce(r.employed_count, 0) as employed_count,
        r.employed_count_last_year,
        coalesce(r.employed_count, 0) - r.employed_count_last_year as employed_yoy_count,
        round(
            100.0 * (coalesce(r.employed_count, 0) - r.employed_count_last_year)
            / nullif(r.employed_count_last_year, 0),
            2
        ) as employed_yoy_pct,
        coalesce(r.able_willing_count, 0) as able_willing_count,
        coalesce(r.able_willing_employed_count, 0) as able_willing_employed_count,
        round(100.0 * r.able_willing_employed_count / nullif(r.able_willing_count, 0), 2)
            as able_willing_employment_rate_pct,
        coalesce(r.out_of_province_count, 0) as out_of_province_count,
        round(100.0 * r.out_of_province_count / nullif(r.employed_count, 0), 2) as out_of_province_pct,
        coalesce(r.income_reported_count, 0) as income_reported_count,
        coalesce(r.income_sum_yuan, 0) as income_sum_yuan,
        round(1.0 * r.income_sum_yuan / nullif(r.income_reported_count, 0), 2) as avg_income_yuan,
        coalesce(w.welfare_placed_count, 0) as welfare_placed_count,
        coalesce(w.welfare_placed_last_year_same_period_count, 0) as welfare_placed_last_year_same_period_count,
        coalesce(w.has_welfare_last_year, false) as has_welfare_last_year,
        coalesce(c.subsidy_claim_count, 0) as subsidy_claim_count,
        coalesce(c.subsidy_amount_yuan, 0) as subsidy_amount_yuan
    from report_rows as rr
    left join roster as r on rr.row_key = r.row_key
    left join placements as w on rr.row_key = w.row_key
    left join claims as c on rr.row_key = c.row_key
)

select * from final
order by is_total, is_unassigned, town_code
