-- 公益性岗位月度在岗人数与岗位补贴合计（按区、岗位类型），供在岗人数、趋势和平均补贴使用
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

final as (
    select
        po.month,
        po.district_code,
        po.post_type,
        count(distinct po.person_id) as welfare_in_post_count,
        count(po.monthly_pay_yuan) as pay_reported_count,
        sum(po.monthly_pay_yuan) as pay_sum_yuan
    from posts as po
    group by po.month, po.district_code, po.post_type
)

select * from final
