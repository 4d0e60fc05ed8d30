-- 创业补贴对象不符：一次性创业补贴申领人须在返乡创业人员名册中（截至所选年度任一年）
-- grain: one row per flagged claim (all claims up to the month are checked; the selected districts shown)
-- @param month varchar
-- @param districts varchar[]
with claims as (
    select c.*
    from subsidy_claims as c
    where c.month <= $month and c.subsidy_type = '创业补贴'
),

entrepreneurs_so_far as (
    select distinct e.person_id
    from entrepreneurs as e
    where e.year <= cast(substr($month, 1, 4) as bigint)
),

flagged as (
    select
        c.claim_id,
        c.month,
        c.subsidy_type,
        c.person_id,
        c.enterprise_id,
        c.district_code,
        c.amount_yuan,
        c.amount_yuan as at_risk_yuan,
        '截至' || substr($month, 1, 4) || '年的返乡创业人员名册中没有此人' as evidence
    from claims as c
    left join entrepreneurs_so_far as e on e.person_id = c.person_id
    where e.person_id is null
),

final as (
    select f.*
    from flagged as f
    where list_contains($districts, f.district_code)
)

select * from final
order by month, claim_id
