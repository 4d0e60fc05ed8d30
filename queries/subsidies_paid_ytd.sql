-- 本年截至所选月已发放的就业帮扶补贴笔数与金额，及上年同期（所选区合计）
-- grain: one row (the selected districts together)
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
        c.claim_count,
        c.amount_yuan
    from subsidy_month_summary as c
    where list_contains($districts, c.district_code)
),

final as (
    select
        cast(coalesce(sum(c.claim_count) filter (
            where c.year = p.this_year and c.month_of_year <= p.month_of_year
        ), 0) as bigint) as subsidy_claim_count,
        coalesce(sum(c.amount_yuan) filter (
            where c.year = p.this_year and c.month_of_year <= p.month_of_year
        ), 0) as subsidy_amount_yuan,
        sum(c.amount_yuan) filter (
            where c.year = p.last_year and c.month_of_year <= p.month_of_year
        ) as subsidy_amount_last_year_yuan
    from params as p
    left join claims as c on c.year in (p.this_year, p.last_year)
)

select * from final
