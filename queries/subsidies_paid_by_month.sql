-- 本年与上年同期（1 月至所选月）每月各补贴类型的发放笔数与金额（所选区合计）
-- grain: one row per month × subsidy type with a claim (this year and last year, months up to the selected one)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select
        substr($month, 1, 4) as this_year,
        cast(cast(substr($month, 1, 4) as integer) - 1 as varchar) as last_year,
        substr($month, 6, 2) as month_of_year
),

final as (
    select
        c.month,
        c.subsidy_type,
        cast(sum(c.claim_count) as bigint) as subsidy_claim_count,
        sum(c.amount_yuan) as subsidy_amount_yuan
    from params as p
    inner join subsidy_month_summary as c
        on substr(c.month, 1, 4) in (p.this_year, p.last_year) and substr(c.month, 6, 2) <= p.month_of_year
    where list_contains($districts, c.district_code)
    group by c.month, c.subsidy_type
)

select * from final
order by month, subsidy_type
