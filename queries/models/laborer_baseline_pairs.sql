-- Each roster month compared person by person with the rosters of its two policy baselines (DESIGN §4: the same month last year and last December), built once per data version so that the stock-and-flow question joins no persons when served.
-- grain: one row per month × baseline (same_month_last_year or last_december) × kind of person pair (district employed in now, district employed in at the baseline — null = not employed or not in the roster —, in each roster, able and willing now); baselines with no roster are left out
with roster_months as (
    select distinct l.month
    from laborers as l
),

baselines as (
    select
        r.month,
        k.baseline,
        case k.baseline when 'last_december' then c.last_december else c.same_month_last_year end as baseline_month
    from roster_months as r
    inner join months as c on c.month = r.month
    cross join (values ('same_month_last_year'), ('last_december')) as k (baseline)
),

month_pairs as (
    select b.*
    from baselines as b
    inner join roster_months as r on r.month = b.baseline_month
),

-- in December both baselines are the same month: compare it once
distinct_pairs as (
    select distinct
        mp.month,
        mp.baseline_month
    from month_pairs as mp
),

now_side as (
    select
        p.month,
        p.baseline_month,
        l.person_id,
        l.district_code,
        l.employed,
        l.able_to_work and l.willing_to_work as is_able_willing
    from distinct_pairs as p
    inner join laborers as l on l.month = p.month
),

baseline_side as (
    select
        p.month,
        p.baseline_month,
        l.person_id,
        l.district_code,
        l.employed
    from distinct_pairs as p
    inner join laborers as l on l.month = p.baseline_month
),

pairs as (
    select
        coalesce(n.month, b.month) as month,
        coalesce(n.baseline_month, b.baseline_month) as baseline_month,
        case when n.employed then n.district_code end as now_district,
        case when b.employed then b.district_code end as baseline_district,
        n.person_id is not null as is_in_now_roster,
        b.person_id is not null as is_in_baseline_roster,
        coalesce(n.is_able_willing, false) as is_able_willing_now
    from now_side as n
    full outer join baseline_side as b
        on b.month = n.month and b.baseline_month = n.baseline_month and b.person_id = n.person_id
    where coalesce(n.employed, false) or coalesce(b.employed, false)
),

pair_counts as (
    select
        p.month,
        p.baseline_month,
        p.now_district,
        p.baseline_district,
        p.is_in_now_roster,
        p.is_in_baseline_roster,
        p.is_able_willing_now,
        count(*) as person_count
    from pairs as p
    group by
        p.month, p.baseline_month, p.now_district, p.baseline_district, p.is_in_now_roster, p.is_in_baseline_roster,
        p.is_able_willing_now
),

final as (
    select
        mp.month,
        mp.baseline,
        mp.baseline_month,
        c.now_district,
        c.baseline_district,
        c.is_in_now_roster,
        c.is_in_baseline_roster,
        c.is_able_willing_now,
        c.person_count
    from month_pairs as mp
    inner join pair_counts as c on c.month = mp.month and c.baseline_month = mp.baseline_month
)

select * from final
