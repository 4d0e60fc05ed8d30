"""The shared sidebar filters (month, districts), bound to the URL so a copied link reproduces the view. They offer
only the districts of the signed-in person's scope; a link naming another district gets a notice and their scope
(the query gate would refuse it anyway)."""

from dataclasses import dataclass

import streamlit as st

from lake import reference
from lake.months import Month
from queries import engine
from queries.engine import Scope
from store import access_log
from store.accounts import User
from ui import auth
from ui.labels import ALL_SELECTED, district_name, month_label
from ui.safe import plain


@dataclass(frozen=True)
class Filters:
    month: str  # YYYY-MM, the as-of month of the page
    districts: tuple  # selected district codes; every district when none is chosen
    is_city: bool  # no district chosen and the whole city in scope
    towns: tuple | None = None  # a town clerk's town; None: every town of `districts`

    @property
    def year(self) -> int:
        return Month.of(self.month).year

    @property
    def month_of_year(self) -> int:
        return Month.of(self.month).number

    @property
    def scope_label(self) -> str:
        return ALL_SELECTED if self.is_city else "、".join(district_name(d) for d in self.districts)

    def params(self, **extra) -> dict:
        """The shared query parameters: `month` and the `districts` list."""
        return {"month": self.month, "districts": list(self.districts)} | extra


def all_district_codes() -> list[str]:
    return [d["district_code"] for d in reference.districts()]


def allowed_districts(scope: Scope) -> list[str]:
    """The district codes the scope may see, in reference order."""
    return [d for d in all_district_codes() if scope.is_everything or d in scope.districts]


def _warn_on_bad_url(months: tuple, allowed: list[str], user: User) -> None:
    """Say so when the link names an unknown district, a district outside the person's scope (logged as refused),
    or a month outside the lake; the widgets then ignore it.

    Bound widgets keep their displayed text in the URL (`?month=2026年10月&district=黄陂区`), readable in a 通报.
    """
    known = {district_name(d) for d in all_district_codes()}
    asked = st.query_params.get_all("district")
    unknown = [d for d in asked if d not in known]
    if unknown:
        st.warning(f"链接中的区“{plain('、'.join(unknown))}”不存在，已忽略；请在左侧重新选择区。",
                   icon=":material/warning:")
    outside = [d for d in asked if d in known and d not in {district_name(a) for a in allowed}]
    if outside:
        mine = "、".join(district_name(d) for d in allowed)
        st.warning(f"链接中的区“{'、'.join(outside)}”不在您的查看范围内，已显示您的范围：{mine}。",
                   icon=":material/lock:")
        if st.session_state.get("_refused_link") != tuple(asked):  # once per link, not on every rerun
            st.session_state["_refused_link"] = tuple(asked)
            access_log.record(user.username, "refused_scope", page=st.session_state.get("_page"),
                              parameters={"district": asked}, scope=auth.scope_label(user),
                              outcome="已改为本人范围")
    month = st.query_params.get("month")
    if month and month not in {month_label(m) for m in months} | set(months):
        st.warning(f"链接中的月份“{plain(month)}”不在数据范围（{month_label(months[0])}至{month_label(months[-1])}）内，"
                   f"已改为最新月份{month_label(months[-1])}。", icon=":material/warning:")


def sidebar(state: engine.LakeState, user: User) -> Filters:
    """Draw the shared filters in the sidebar, offering only the person's scope, and return them."""
    scope = auth.scope_of(user)
    allowed = allowed_districts(scope)
    _warn_on_bad_url(state.months, allowed, user)
    options = list(reversed(state.months))
    whole = ALL_SELECTED if scope.is_everything else "、".join(district_name(d) for d in allowed)
    with st.sidebar:
        # a link may name the month as the data does (2025-10) or as the menu does (2025年10月)
        asked = st.query_params.get("month")
        month = st.selectbox("统计月份", options, index=options.index(asked) if asked in options else 0,
                             format_func=month_label, key="month",
                             bind="query-params")
        districts = st.multiselect(f"区（不选为{whole}）", allowed, format_func=district_name,
                                   key="district", placeholder=whole, bind="query-params")
    chosen = tuple(d for d in allowed if d in districts)
    return Filters(month=month, districts=chosen or tuple(allowed), is_city=not chosen and scope.is_everything,
                   towns=(scope.town,) if scope.town else None)
