-- 本年与上年同期（1 月至所选月）每月各补贴类型的发放笔数与金额（所选区合计）
-- grain: one row per month × subsidy type with a claim (this year and last year, months up to the selected one)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

final as (
    select
        c.month,
        c.subsidy_type,
        cast(sum(c.claim_count) as bigint) as subsidy_claim_count,
        sum(c.amount_yuan) as subsidy_amount_yuan
    from params as p
    inner join subsidy_month_summary as c
        on c.month between p.year_start and p.month
        or c.month between p.last_year_start and p.same_month_last_year
    where list_contains($districts, c.district_code)
    group by c.month, c.subsidy_type
)

select * from final
order by month, subsidy_type
