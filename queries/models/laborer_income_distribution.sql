-- How many employed persons report each monthly income, built once per data version so that the median income of
-- any set of districts is exact without reading every person.
-- grain: one row per month × district × monthly income (元) of the employed with a reported income
with final as (
    select
        l.month,
        l.district_code,
        l.monthly_income_yuan,
        count(*) as employed_count
    from laborers as l
    where l.employed and l.monthly_income_yuan is not null
    group by l.month, l.district_code, l.monthly_income_yuan
)

-- stored in month order: a question reads one or two months, and the serving table's row groups of other months are
-- skipped by their min/max
select * from final
order by month, district_code, monthly_income_yuan
