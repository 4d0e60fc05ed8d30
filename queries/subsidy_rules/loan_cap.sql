-- 创业担保贷款超额度：贷款金额不得超过额度上限（guarantee_loan_max_yuan）；未填贷款金额的无法核验，一并列出
-- grain: one row per flagged claim paid up to the month in the selected districts (history: subsidy_claim_history)
-- @param month varchar
-- @param districts varchar[]
-- @param guarantee_loan_max_yuan integer
with claims as (
    select c.*
    from subsidy_claim_history as c
    where c.month <= $month and list_contains($districts, c.district_code)
        and c.subsidy_type = '创业担保贷款'
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
        case
            when c.loan_amount_yuan is null then cast(c.amount_yuan as double)
            else round(
                c.amount_yuan * (c.loan_amount_yuan - $guarantee_loan_max_yuan) / nullif(c.loan_amount_yuan, 0), 2
            )
        end as at_risk_yuan,
        case
            when c.loan_amount_yuan is null then '未填报贷款金额，无法核验额度'
            else '贷款 ' || cast(c.loan_amount_yuan as varchar) || ' 元，上限 '
                || cast($guarantee_loan_max_yuan as varchar) || ' 元'
        end as evidence
    from claims as c
    where c.loan_amount_yuan is null or c.loan_amount_yuan > $guarantee_loan_max_yuan
)

select * from final
order by month, claim_id
