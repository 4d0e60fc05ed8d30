"""The shared sidebar filters (month, districts), bound to the URL so a copied link reproduces the view."""

from dataclasses import dataclass

import streamlit as st

from lake import reference
from queries import engine
from ui.labels import district_name, month_label
from ui.safe import plain


@dataclass(frozen=True)
class Filters:
    month: str  # YYYY-MM, the as-of month of the page
    districts: tuple  # selected district codes; every district when none is chosen
    is_city: bool  # no district chosen: the whole city

    @property
    def year(self) -> int:
        return int(self.month[:4])

    @property
    def scope_label(self) -> str:
        return "全市" if self.is_city else "、".join(district_name(d) for d in self.districts)

    def params(self, **extra) -> dict:
        """The shared query parameters: `month` and the `districts` list."""
        return {"month": self.month, "districts": list(self.districts)} | extra


def all_district_codes() -> list[str]:
    return [d["district_code"] for d in reference.districts()]


def _warn_on_bad_url(months: tuple) -> None:
    """Say so when the link names an unknown district or a month outside the lake; the widgets then ignore it.

    Bound widgets keep their displayed text in the URL (`?month=2026年10月&district=黄陂区`), readable in a 通报.
    """
    known = {district_name(d) for d in all_district_codes()}
    unknown = [d for d in st.query_params.get_all("district") if d not in known]
    if unknown:
        st.warning(f"链接中的区“{plain('、'.join(unknown))}”不存在，已忽略；请在左侧重新选择区。",
                   icon=":material/warning:")
    month = st.query_params.get("month")
    if month and month not in {month_label(m) for m in months}:
        st.warning(f"链接中的月份“{plain(month)}”不在数据范围（{month_label(months[0])}至{month_label(months[-1])}）内，"
                   f"已改为最新月份{month_label(months[-1])}。", icon=":material/warning:")


def sidebar(state: engine.LakeState) -> Filters:
    """Draw the shared filters in the sidebar and return them."""
    _warn_on_bad_url(state.months)
    options = list(reversed(state.months))
    with st.sidebar:
        month = st.selectbox("统计月份", options, index=0, format_func=month_label, key="month",
                             bind="query-params")
        districts = st.multiselect("区（不选为全市）", all_district_codes(), format_func=district_name,
                                   key="district", placeholder="全市", bind="query-params")
    chosen = tuple(d for d in all_district_codes() if d in districts)
    return Filters(month=month, districts=chosen or tuple(all_district_codes()), is_city=not chosen)
