-- 各补贴类型、各区本年 1 月至所选月已发放的笔数与金额，及上年同期
-- grain: one row per subsidy type × district (selected districts with a claim in either period)
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
        cast(coalesce(sum(c.claim_count) filter (where c.month >= p.year_start), 0) as bigint)
            as subsidy_claim_count,
        coalesce(sum(c.amount_yuan) filter (where c.month >= p.year_start), 0) as subsidy_amount_yuan,
        cast(coalesce(sum(c.claim_count) filter (where c.month < p.year_start), 0) as bigint)
            as subsidy_last_year_claim_count,
        coalesce(sum(c.amount_yuan) filter (where c.month < p.year_start), 0) as subsidy_amount_last_year_yuan
    from params as p
    inner join claims as c
        on c.month between p.year_start and p.month
        or c.month between p.last_year_start and p.same_month_last_year
    group by c.subsidy_type, c.district_code
),

final as (
    select
        t.*,
        (
            cast(100 as double) * (t.subsidy_amount_yuan - t.subsidy_amount_last_year_yuan)
            / nullif(t.subsidy_amount_last_year_yuan, 0)
        ) as subsidy_amount_change_pct
    from totals as t
)

select * from final
order by subsidy_type, district_code
