-- 规则核查的范围：截至所选月已发放的全部补贴（所选区）笔数与金额，每笔都按每条规则核查
-- grain: one row (the selected districts together)
-- @param month varchar
-- @param districts varchar[]
with final as (
    select
        cast(coalesce(sum(c.claim_count), 0) as bigint) as checked_claim_count,
        coalesce(sum(c.amount_yuan), 0) as checked_amount_yuan,
        min(c.month) as first_claim_month
    from subsidy_month_summary as c
    where c.month <= $month and list_contains($districts, c.district_code)
)

select * from final
