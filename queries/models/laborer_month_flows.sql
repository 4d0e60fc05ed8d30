-- Month-over-month flows by person (each month against the calendar month before), built once per data version.
-- grain: one row per month × district employed in now × district employed in the month before (null = not employed or not in the roster); months whose previous month has no roster are left out
with roster_months as (
    select distinct l.month
    from laborers as l
),

month_pairs as (
    select
        r.month,
        c.previous_month
    from roster_months as r
    inner join months as c on c.month = r.month
    inner join roster_months as prev on prev.month = c.previous_month
),

employed as (
    select
        l.month,
        l.person_id,
        l.district_code
    from laborers as l
    where l.employed
),

now_side as (
    select
        mp.month,
        e.person_id,
        e.district_code
    from month_pairs as mp
    inner join employed as e on e.month = mp.month
),

previous_side as (
    select
        mp.month,
        e.person_id,
        e.district_code
    from month_pairs as mp
    inner join employed as e on e.month = mp.previous_month
),

persons as (
    select
        coalesce(n.month, p.month) as month,
        n.district_code as now_district,
        p.district_code as previous_district
    from now_side as n
    full outer join previous_side as p on p.month = n.month and p.person_id = n.person_id
),

final as (
    -- one row per month × pair of districts (null = not employed), so that any set of districts can be summed
    select
        month,
        now_district,
        previous_district,
        count(*) as person_count
    from persons
    group by month, now_district, previous_district
)

select * from final
