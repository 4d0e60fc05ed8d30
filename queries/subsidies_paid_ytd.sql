-- 本年截至所选月已发放的就业帮扶补贴笔数与金额，及上年同期（所选区合计）；本年有没有报送补贴发放台账（未报送不是 0）
-- grain: one row (the selected districts together)
-- @param month varchar
-- @param districts varchar[]
with params as (
    select m.*
    from months as m
    where m.month = $month
),

-- The district-months that reported a ledger: those the manifest records (a ledger declared empty included) and
-- any with claims (partitions written before the manifest kept the record).
reports as (
    select
        rd.month,
        rd.district_code
    from reported_district_months as rd
    where rd.table_name = 'subsidy_claims'
    union
    select
        s.month,
        s.district_code
    from subsidy_month_summary as s
),

reported as (
    select count(*) as reported_district_month_count
    from reports as r
    cross join params as p
    where
        list_contains($districts, r.district_code)
        and r.month between p.year_start and p.month
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
        ) as subsidy_amount_last_year_yuan,
        max(re.reported_district_month_count) > 0 as has_this_year
    from params as p
    cross join reported as re
    left join claims as c on c.month between p.last_year_start and p.month
)

select * from final
