-- 公益性岗位年度安置明细：每人每年在每区担任每个岗位一行，记首次在岗月份、首次在同月脱贫劳动力花名册中的月份及首次被同月花名册认定为优先安置代理对象的月份；岗位以岗位编号区分（没有编号的旧记录以“人员 × 岗位类型”为一个岗位）
-- grain: one row per year × district × person × post type × post (post_key: the post id, or person|type without one; so "placed up to month M" = first_month <= M)
with posts as (
    select
        w.month,
        substr(w.month, 1, 4) as year,
        w.person_id,
        w.district_code,
        w.post_type,
        coalesce(w.post_id, concat(w.person_id, '|', w.post_type)) as post_key
    from welfare_posts as w
),

roster as (
    select
        l.month,
        l.person_id,
        l.labor_skill = '弱劳动力或半劳动力' as is_weak_labor,
        l.household_type <> '脱贫户' as is_monitored
    from laborers as l
    where l.person_id in (select w.person_id from welfare_posts as w)
),

post_months as (
    select
        po.*,
        r.person_id is not null as is_in_roster,
        coalesce(r.is_weak_labor, false) as is_weak_labor,
        coalesce(r.is_monitored, false) as is_monitored
    from posts as po
    left join roster as r on r.month = po.month and r.person_id = po.person_id
),

final as (
    select
        pm.year,
        pm.district_code,
        pm.person_id,
        pm.post_type,
        pm.post_key,
        min(pm.month) as first_month,
        min(pm.month) filter (where pm.is_in_roster) as first_in_roster_month,
        min(pm.month) filter (where pm.is_weak_labor) as first_weak_labor_month,
        min(pm.month) filter (where pm.is_monitored) as first_monitored_month
    from post_months as pm
    group by pm.year, pm.district_code, pm.person_id, pm.post_type, pm.post_key
)

select * from final
