"""公益性岗位: one verdict everywhere. The policy's `welfare_posts_measure` decides the verdict on the 公益性岗位 page,
on 区域对比 and in their exports; flipping the policy flips both pages alike (issue 18)."""


from lake import policy
from testkit.apptest import assert_clean, open_app
from tests.test_welfare_posts import LABORERS, POSTS
from ui.labels import verdict_cell

XINZHOU = "新洲区"




def set_measure(path, key: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index('value = "', text.index('key = "welfare_posts_measure"'))
    end = text.index('"', start + len('value = "'))
    path.write_text(text[:start] + f'value = "{key}' + text[end:], encoding="utf-8")
    policy.settings.cache_clear()
    policy.setting.cache_clear()


def verdict_on(at, key_column: str, name_column: str = "district_name") -> dict:
    table = next(d.value for d in at.dataframe if "welfare_verdict" in d.value.columns
                 and key_column in d.value.columns)
    return dict(zip(table[name_column], table["welfare_verdict"], strict=True))


def test_flipping_the_policy_measure_flips_the_verdict_on_both_pages(make_lake, policy_file):
    # 新洲: 2 placed by October last year, 1 this year (未达到);
    # but 1 in post now against 0 in October last year (达到).
    make_lake({"laborers": LABORERS, "welfare_posts": POSTS})
    seen = {}
    for key, column in (("placed_persons", "welfare_placed_count"), ("in_post_year_end", "welfare_in_post_count")):
        set_measure(policy_file, key)
        welfare_page = open_app("pages/welfare_posts.py")
        assert_clean(welfare_page)
        districts_page = open_app("pages/districts.py")
        assert_clean(districts_page)
        on_welfare = verdict_on(welfare_page, column)[XINZHOU]
        on_districts = verdict_on(districts_page, "employed_count")[XINZHOU]
        assert on_welfare == on_districts, key
        seen[key] = on_districts
        names = {"placed_persons": "年内累计安置人数", "in_post_year_end": "年末在岗人数"}
        assert f"公益性岗位判断口径：{names[key]}" in " ".join(c.value for c in districts_page.caption)
    assert seen == {"placed_persons": verdict_cell("not_met"), "in_post_year_end": verdict_cell("met")}
