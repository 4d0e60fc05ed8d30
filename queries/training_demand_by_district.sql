-- 培训需求与培训：统计月份花名册中脱贫劳动力（有劳动能力）有技能、创业培训需求的人数，其中本年已参加培训的人数与缺口
-- grain: one row per selected district with a roster in the month, then one total row (is_total)
-- @param month varchar
-- @param districts varchar[]
with roster as (
    select
        l.district_code,
        l.wants_skill_training,
        l.wants_startup_training,
        coalesce(l.trained_skill, false) as trained_skill,
        coalesce(l.trained_startup, false) as trained_startup
    from laborers as l
    where l.month = $month
        and list_contains($districts, l.district_code)
        and l.able_to_work
),

per_district as (
    select
        r.district_code,
        count(*) as able_laborer_count,
        count(*) filter (where r.wants_skill_training is not null or r.wants_startup_training is not null)
            as wish_reported_count,
        count(*) filter (where r.wants_skill_training) as skill_wanted_count,
        count(*) filter (where r.wants_skill_training and r.trained_skill) as skill_wanted_trained_count,
        count(*) filter (where r.trained_skill) as trained_skill_count,
        count(*) filter (where r.wants_startup_training) as startup_wanted_count,
        count(*) filter (where r.wants_startup_training and r.trained_startup) as startup_wanted_trained_count,
        count(*) filter (where r.trained_startup) as trained_startup_count
    from roster as r
    group by r.district_code
),

with_total as (
    select d.*, false as is_total
    from per_district as d
    union all
    select
        cast(null as varchar) as district_code,
        coalesce(sum(d.able_laborer_count), 0) as able_laborer_count,
        coalesce(sum(d.wish_reported_count), 0) as wish_reported_count,
        coalesce(sum(d.skill_wanted_count), 0) as skill_wanted_count,
        coalesce(sum(d.skill_wanted_trained_count), 0) as skill_wanted_trained_count,
        coalesce(sum(d.trained_skill_count), 0) as trained_skill_count,
        coalesce(sum(d.startup_wanted_count), 0) as startup_wanted_count,
        coalesce(sum(d.startup_wanted_trained_count), 0) as startup_wanted_trained_count,
        coalesce(sum(d.trained_startup_count), 0) as trained_startup_count,
        true as is_total
    from per_district as d
),

final as (
    select
        t.district_code,
        t.is_total,
        cast(t.able_laborer_count as bigint) as able_laborer_count,
        cast(t.wish_reported_count as bigint) as wish_reported_count,
        cast(t.skill_wanted_count as bigint) as skill_wanted_count,
        cast(t.skill_wanted_trained_count as bigint) as skill_wanted_trained_count,
        cast(t.skill_wanted_count - t.skill_wanted_trained_count as bigint) as skill_gap_count,
        cast(100 as double) * (t.skill_wanted_count - t.skill_wanted_trained_count) / nullif(t.skill_wanted_count, 0)
            as skill_gap_pct,
        cast(t.trained_skill_count as bigint) as trained_skill_count,
        cast(t.startup_wanted_count as bigint) as startup_wanted_count,
        cast(t.startup_wanted_trained_count as bigint) as startup_wanted_trained_count,
        cast(t.startup_wanted_count - t.startup_wanted_trained_count as bigint) as startup_gap_count,
        (
            cast(100 as double) * (t.startup_wanted_count - t.startup_wanted_trained_count)
            / nullif(t.startup_wanted_count, 0)
        ) as startup_gap_pct,
        cast(t.trained_startup_count as bigint) as trained_startup_count
    from with_total as t
)

select * from final
order by is_total, district_code
