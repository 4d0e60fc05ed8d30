-- 公益性岗位花名册报送记录：清单记为已报送的区月（含报送为 0 的空花名册），加上有记录的区月（清单记录之前写入的分区）；各问题据此区分真 0 与无基期
-- grain: one row per month × district that reported a 公益性岗位 roster
with recorded as (
    select
        rd.month,
        rd.district_code
    from reported_district_months as rd
    where rd.table_name = 'welfare_posts'
),

with_rows as (
    select distinct
        w.month,
        w.district_code
    from welfare_posts as w
),

final as (
    select
        r.month,
        r.district_code
    from recorded as r
    union
    select
        wr.month,
        wr.district_code
    from with_rows as wr
)

select * from final
