-- 本年截至所选月已发放的就业帮扶补贴笔数与金额，及上年同期（所选区合计）
-- grain: one row (the selected districts together)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

claims as (
    select
        c.month,
        c.claim_count,
        c.amount_yuan
    from subsidy_month_summary as c
    where list_contains($districts, c.district_code)
),

final as (
    select
        cast(coalesce(sum(c.claim_count) filter (
            where c.month between p.year_start and p.month
        ), 0) as bigint) as subsidy_claim_count,
        coalesce(sum(c.amount_yuan) filter (
            where c.month between p.year_start and p.month
        ), 0) as subsidy_amount_yuan,
        sum(c.amount_yuan) filter (
            where c.month between p.last_year_start and p.same_month_last_year
        ) as subsidy_amount_last_year_yuan
    from params as p
    left join claims as c on c.month between p.last_year_start and p.month
)

select * from final
