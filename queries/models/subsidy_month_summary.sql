-- Pre-aggregated subsidy ledger, built once per data version so that payment totals need not open every month's file.
-- grain: one row per payment month × subsidy type × district with a claim
with final as (
    select
        c.month,
        c.subsidy_type,
        c.district_code,
        count(*) as claim_count,
        cast(sum(c.amount_yuan) as bigint) as amount_yuan
    from subsidy_claims as c
    group by c.month, c.subsidy_type, c.district_code
)

select * from final
