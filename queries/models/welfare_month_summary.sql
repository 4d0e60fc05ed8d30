-- 公益性岗位月度在岗人数与岗位补贴合计（按区、岗位类型），供在岗人数、趋势和平均补贴使用；在岗人数只计当月在脱贫劳动力花名册中的人，不在花名册的另计
-- grain: one row per month × district × post type
with posts as (
    select
        w.month,
        w.district_code,
        w.post_type,
        w.person_id,
        w.monthly_pay_yuan
    from welfare_posts as w
),

roster as (
    select
        l.month,
        l.person_id
    from laborers as l
    where l.person_id in (select w.person_id from welfare_posts as w)
),

post_months as (
    select
        po.*,
        r.person_id is not null as is_in_roster
    from posts as po
    left join roster as r on r.month = po.month and r.person_id = po.person_id
),

final as (
    select
        pm.month,
        pm.district_code,
        pm.post_type,
        count(distinct pm.person_id) filter (where pm.is_in_roster) as welfare_in_post_count,
        count(distinct pm.person_id) filter (where not pm.is_in_roster) as welfare_in_post_not_in_roster_count,
        count(pm.monthly_pay_yuan) as pay_reported_count,
        sum(pm.monthly_pay_yuan) as pay_sum_yuan
    from post_months as pm
    group by pm.month, pm.district_code, pm.post_type
)

select * from final
