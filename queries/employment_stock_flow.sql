-- 统计月与基期月花名册按人比对：稳存量、扩增量、流失及跨区迁入、迁出（所选各区，及所选区合计）
-- grain: one row per selected district with employed persons in either month, plus one row for the selected districts together (district_code null; a move between two of them is a move, not a loss and a gain); the person-by-person comparison is the model laborer_baseline_pairs
-- @param month varchar
-- @param baseline varchar
-- @param districts varchar[]
with pair_counts as (
    select
        p.now_district,
        p.baseline_district,
        p.is_in_now_roster,
        p.is_in_baseline_roster,
        p.is_able_willing_now,
        p.person_count
    from laborer_baseline_pairs as p
    where p.month = $month and p.baseline = $baseline
),

scoped as (
    select
        p.now_district as district_code,
        p.*,
        true as is_here_now,
        coalesce(p.baseline_district = p.now_district, false) as is_here_at_baseline
    from pair_counts as p
    where list_contains($districts, p.now_district)
    union all
    select
        p.baseline_district as district_code,
        p.*,
        false as is_here_now,
        true as is_here_at_baseline
    from pair_counts as p
    where list_contains($districts, p.baseline_district)
        and (p.now_district is null or p.now_district <> p.baseline_district)
    union all
    select
        null as district_code,
        p.*,
        coalesce(list_contains($districts, p.now_district), false) as is_here_now,
        coalesce(list_contains($districts, p.baseline_district), false) as is_here_at_baseline
    from pair_counts as p
),

final as (
    select
        district_code,
        coalesce(sum(person_count) filter (where is_here_now), 0) as employed_count,
        coalesce(sum(person_count) filter (where is_here_at_baseline), 0) as employed_count_baseline,
        coalesce(sum(person_count) filter (where is_here_now and is_here_at_baseline), 0) as stock_count,
        coalesce(sum(person_count) filter (
            where is_here_now and is_here_at_baseline and now_district <> baseline_district
        ), 0) as moved_within_count,
        coalesce(sum(person_count) filter (where is_here_now and baseline_district is null), 0) as gained_count,
        coalesce(sum(person_count) filter (where is_here_now and not is_in_baseline_roster), 0)
            as gained_new_roster_count,
        coalesce(sum(person_count) filter (where is_here_at_baseline and now_district is null), 0) as lost_count,
        coalesce(sum(person_count) filter (where is_here_at_baseline and not is_in_now_roster), 0)
            as lost_left_roster_count,
        coalesce(sum(person_count) filter (
            where is_here_at_baseline and now_district is null and is_in_now_roster and not is_able_willing_now
        ), 0) as lost_unable_count,
        coalesce(sum(person_count) filter (
            where is_here_now and baseline_district is not null and not is_here_at_baseline
        ), 0) as moved_in_count,
        coalesce(sum(person_count) filter (
            where is_here_at_baseline and now_district is not null and not is_here_now
        ), 0) as moved_out_count
    from scoped
    group by district_code
)

select * from final
order by district_code nulls last
