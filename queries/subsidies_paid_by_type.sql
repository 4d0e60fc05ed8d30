-- 各补贴类型、各区本年 1 月至所选月已发放的笔数与金额，及上年同期
-- grain: one row per subsidy type × district (selected districts with a claim in either period)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr($month, 6, 2) as month_of_year
),

claims as (
    select
        substr(c.month, 1, 4) as year,
        substr(c.month, 6, 2) as month_of_year,
        c.subsidy_type,
        c.district_code,
        c.claim_count,
        c.amount_yuan
    from subsidy_month_summary as c
    where list_contains($districts, c.district_code)
),

totals as (
    select
        c.subsidy_type,
        c.district_code,
        cast(coalesce(sum(c.claim_count) filter (where c.year = p.this_year), 0) as bigint) as subsidy_claim_count,
        coalesce(sum(c.amount_yuan) filter (where c.year = p.this_year), 0) as subsidy_amount_yuan,
        cast(coalesce(sum(c.claim_count) filter (where c.year = p.last_year), 0) as bigint)
            as subsidy_last_year_claim_count,
        coalesce(sum(c.amount_yuan) filter (where c.year = p.last_year), 0) as subsidy_amount_last_year_yuan
    from params as p
    inner join claims as c
        on c.year in (p.this_year, p.last_year) and c.month_of_year <= p.month_of_year
    group by c.subsidy_type, c.district_code
),

final as (
    select
        t.*,
        round(
            100.0 * (t.subsidy_amount_yuan - t.subsidy_amount_last_year_yuan)
            / nullif(t.subsidy_amount_last_year_yuan, 0),
            2
        ) as subsidy_amount_change_pct
    from totals as t
)

select * from final
order by subsidy_type, district_code
