-- 示范乡镇指标 6“就业扶持政策落地落实”：所选年度及上一年度各乡镇（街道）截至所选月发放的补贴笔数，及其中被规则核查标出的笔数
-- grain: one row per town × year (the chosen year and the year before) with a claim whose claimant is on that
-- district's roster in the payment month (the ledger records the district only)
-- @param year integer
-- @param month varchar
-- @param districts varchar[]
-- @param flagged_claim_ids varchar[]
with claims as (
    select
        h.claim_id,
        cast(substr(h.month, 1, 4) as integer) as year,
        h.claim_month_town_code as town_code
    from subsidy_claim_history as h
    where h.claim_month_town_code is not null
        and list_contains($districts, h.district_code)
        and cast(substr(h.month, 1, 4) as integer) between $year - 1 and $year
        and h.month <= $month
),

final as (
    select
        year,
        town_code,
        count(*) as paid_claim_count,
        count(*) filter (where list_contains($flagged_claim_ids, claim_id)) as flagged_claim_count
    from claims
    group by year, town_code
)

select * from final
