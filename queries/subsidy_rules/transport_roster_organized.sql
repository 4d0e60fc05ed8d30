-- 交通补助花名册不支持：申领人上年花名册中经有组织渠道（政府部门、社区(村)、人力资源服务机构、劳务经纪人组织）外出务工（务工地点在户籍所在乡镇以外：town_outside_work_locations）须不少于 transport_min_organized_months；数据湖没有上年全年 12 个月花名册的不核查
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param transport_min_organized_months integer
-- @param town_outside_work_locations varchar[]
with claims as (
    -- a claimant never on the roster is claimant_in_roster's finding; the months the claim itself reports are
    -- transport_organized_months'
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '交通补助'
        and c.previous_year_roster_month_count = 12
        and c.claimant_first_roster_month <= $month
),

-- 有组织外出务工 (the plan: "有组织外出务工3个月以上"): the organized months in the locations the policy counts as 外出
-- (the same setting as 示范乡镇 indicator 2; a person works in one place a month, so the months add up)
outside as (
    select
        c.*,
        case when list_contains($town_outside_work_locations, '乡镇内')
            then c.claimant_previous_year_organized_in_township_months else 0 end
            + case when list_contains($town_outside_work_locations, '乡镇外区内')
            then c.claimant_previous_year_organized_out_of_township_months else 0 end
            + case when list_contains($town_outside_work_locations, '区外省内')
            then c.claimant_previous_year_organized_out_of_district_months else 0 end
            + case when list_contains($town_outside_work_locations, '省外')
            then c.claimant_previous_year_organized_out_of_province_months else 0 end
            + case when list_contains($town_outside_work_locations, '境外')
            then c.claimant_previous_year_organized_abroad_months else 0 end
            + case when list_contains($town_outside_work_locations, '区内')
            then c.claimant_previous_year_organized_in_district_unsplit_months else 0 end
        as outside_organized_months
    from claims as c
),

final as (
    select
        c.claim_id,
        c.month,
        c.subsidy_type,
        c.person_id,
        c.enterprise_id,
        c.district_code,
        c.amount_yuan,
        c.amount_yuan as at_risk_yuan,
        cast(cast(substr(c.month, 1, 4) as integer) - 1 as varchar) || '年花名册中有组织外出务工 '
            || cast(c.outside_organized_months as varchar) || ' 个月（申报 '
            || coalesce(cast(c.organized_months as varchar), '（未填）') || ' 个月），须不少于 '
            || cast($transport_min_organized_months as varchar) || ' 个月' as evidence
    from outside as c
    where c.outside_organized_months < $transport_min_organized_months
)

select * from final
order by month, claim_id
