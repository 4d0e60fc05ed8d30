-- 公益性岗位按乡镇的年度在岗人员：每人每年在每个乡镇（街道）一行，记首次在岗月份及首次在同月脱贫劳动力花名册中的在岗月份（安置规模只计脱贫劳动力），供区内乡镇对比不再逐月读取岗位台账
-- grain: one row per year × district × town (null when the post has none) × person (so "placed in the town up to month M" = first_in_roster_month <= M)
with roster as (
    select
        l.month,
        l.person_id
    from laborers as l
    where l.person_id in (select w.person_id from welfare_posts as w)
),

post_months as (
    select
        w.month,
        w.district_code,
        w.town_code,
        w.person_id,
        r.person_id is not null as is_in_roster
    from welfare_posts as w
    left join roster as r on r.month = w.month and r.person_id = w.person_id
),

final as (
    select
        substr(pm.month, 1, 4) as year,
        pm.district_code,
        pm.town_code,
        pm.person_id,
        min(pm.month) as first_month,
        min(pm.month) filter (where pm.is_in_roster) as first_in_roster_month
    from post_months as pm
    group by substr(pm.month, 1, 4), pm.district_code, pm.town_code, pm.person_id
)

select * from final
