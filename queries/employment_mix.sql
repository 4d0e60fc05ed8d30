-- 统计月份务工就业人员按务工地点、就业渠道、就业形式、行业的构成（脱贫户与监测对象分列，各自合计为100%）
-- grain: one row per dimension × household group (脱贫户 / 监测对象) × category
-- @param month varchar
-- @param districts varchar[]
with by_category as (
    select
        m.dimension,
        m.household_group,
        m.category,
        sum(m.employed_count) as employed_count
    from laborer_mix_summary as m
    where m.month = $month
        and list_contains($districts, m.district_code)
    group by m.dimension, m.household_group, m.category
),

group_totals as (
    select
        dimension,
        household_group,
        sum(employed_count) as group_employed_count
    from by_category
    group by dimension, household_group
),

final as (
    select
        b.dimension,
        b.household_group,
        case
            when b.dimension = 'channel' and b.category in ('政府部门组织', '社区(村)组织', '人力资源服务机构', '劳务经纪人')
                then '有组织劳务输出'
            else b.category
        end as category_group,
        b.category,
        b.employed_count,
        cast(100 as double) * b.employed_count / nullif(t.group_employed_count, 0) as share_pct
    from by_category as b
    inner join group_totals as t on t.dimension = b.dimension and t.household_group = b.household_group
)

select * from final
order by dimension, household_group, category
