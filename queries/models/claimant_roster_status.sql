-- Each subsidy claim's claimant as the roster shows them, built once per data version so that the rule checks
-- need not scan every laborer-month (the claimant-in-roster and flexible-employment rules read it).
-- grain: one row per subsidy claim
with claims as (
    select
        c.claim_id,
        c.month,
        c.person_id
    from subsidy_claims as c
),

roster as (
    select
        l.month,
        l.person_id,
        l.employed,
        l.employment_form
    from laborers as l
),

final as (
    select
        c.claim_id,
        min(r.month) as claimant_first_roster_month,
        count(r.person_id) filter (where r.month = c.month) > 0 as is_in_claim_month_roster,
        max(r.employment_form) filter (where r.month = c.month and r.employed) as claim_month_employment_form
    from claims as c
    left join roster as r on r.person_id = c.person_id
    group by c.claim_id
)

select * from final
