-- 公益性岗位在岗人员逐月明细，附同月脱贫劳动力花名册中的劳动能力与户类型（供优先安置占比使用，免去每次扫描花名册）
-- grain: one row per person holding a 乡村公益性岗位 per month (as welfare_posts)
with posts as (
    select
        w.month,
        w.person_id,
        w.district_code,
        w.post_type
    from welfare_posts as w
),

roster as (
    select
        l.month,
        l.person_id,
        l.labor_skill,
        l.household_type
    from laborers as l
    where l.person_id in (select w.person_id from welfare_posts as w)
),

final as (
    select
        po.month,
        po.person_id,
        po.district_code,
        po.post_type,
        r.person_id is not null as is_in_roster,
        coalesce(r.labor_skill = '弱劳动力或半劳动力', false) as is_weak_labor,
        coalesce(r.household_type <> '脱贫户', false) as is_monitored
    from posts as po
    left join roster as r on r.month = po.month and r.person_id = po.person_id
)

select * from final
