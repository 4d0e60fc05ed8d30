"""账号管理 (administrators only): list accounts, add one with its role and scope, disable or enable it, reset its
password (shown once). Every change is written to the access log by the store."""

import pandas as pd
import streamlit as st

from lake import reference
from store import access_log, accounts, throttle
from store.accounts import AccountError, User
from ui import auth, navigation, shell
from ui.labels import beijing_time
from ui.safe import plain

shell.as_of_only()
admin = navigation.require_admin()
st.title("账号管理")
st.caption("角色与查看范围以本表为准（每次打开页面都重新读取），不取自登录令牌。停用后立即生效。")

people = accounts.all_users()
st.dataframe(pd.DataFrame([{"sign_in": u.username, "name": u.display_name, "unit": u.unit,
                            "role": auth.ROLE_NAMES[u.role], "scope": auth.scope_label(u),
                            "state": "启用" if u.is_active else "停用"} for u in people]),
             column_config={"sign_in": "账号", "name": "姓名", "unit": "单位", "role": "角色", "scope": "范围",
                            "state": "状态"}, hide_index=True, key="accounts_table")

districts = reference.district_names()
towns = reference.town_names()
with st.form("account_add", clear_on_submit=True):
    st.markdown("#### 新建账号")
    username = st.text_input("账号（登录名）", key="account_username", max_chars=64)
    name = st.text_input("姓名", key="account_name", max_chars=64)
    unit = st.text_input("单位", key="account_unit", max_chars=128)
    role = st.selectbox("角色", list(auth.ROLE_NAMES), format_func=auth.ROLE_NAMES.get, key="account_role")
    district = st.selectbox("区（区人社局、乡镇账号）", [None, *districts], key="account_district",
                            format_func=lambda d: "—" if d is None else districts[d])
    town = st.selectbox("乡镇（街道）（乡镇账号）", [None, *towns], key="account_town",
                        format_func=lambda t: "—" if t is None else f"{districts[t[:6]]}{towns[t]}")
    if st.form_submit_button("新建", type="primary"):
        password = accounts.new_password()
        try:
            accounts.add(User(username.strip(), name.strip(), unit.strip(), role, district, town, True), password,
                         by=admin.username)
        except AccountError as exc:
            st.error(str(exc), icon=":material/block:")
        else:
            st.success(f"已新建账号 {username.strip()}，初始密码：`{password}`"
                       "（只显示这一次，请当面或经安全渠道告知）。", icon=":material/check_circle:")

st.markdown("#### 停用、启用、重置密码")
chosen = st.selectbox("账号", [u.username for u in people], key="account_chosen")
left, middle, right = st.columns(3)
if left.button("停用", key="account_disable", disabled=chosen == admin.username):
    accounts.set_active(chosen, False, by=admin.username)
    st.success(f"已停用 {chosen}。", icon=":material/check_circle:")
if middle.button("启用", key="account_enable"):
    accounts.set_active(chosen, True, by=admin.username)
    st.success(f"已启用 {chosen}。", icon=":material/check_circle:")
if right.button("重置密码", key="account_reset"):
    password = accounts.new_password()
    accounts.reset_password(chosen, password, by=admin.username)
    st.success(f"{chosen} 的新密码：`{password}`（只显示这一次）。", icon=":material/key:")

st.markdown("#### 登录限制")
st.caption(f"连续输错密码的电脑（按地址）和被尝试的账号，每次失败后等待加倍，最长 {throttle.CAP_SECONDS // 60} 分钟；"
           "不锁定账号：从没有失败记录的电脑登录的人照常核对密码。解除后立即可以再试。时间为北京时间。")
held = throttle.throttled()
KINDS = {"account": "账号", "client": "电脑地址"}
if not held:
    st.info("目前没有受限制的账号或电脑。", icon=":material/check_circle:")
else:
    st.dataframe(pd.DataFrame([{"kind": KINDS[t.kind], "subject": t.subject, "failures": t.failures,
                                "last": beijing_time(t.last_failure_at), "until": beijing_time(t.blocked_until)}
                               for t in held]),
                 column_config={"kind": "类别", "subject": "账号或地址", "failures": "连续失败（次）",
                                "last": "最近一次失败", "until": "限制到"}, hide_index=True, key="throttle_table")
    picked = st.selectbox("解除限制", held, format_func=lambda t: f"{KINDS[t.kind]} {t.subject}",
                          key="throttle_chosen")
    if st.button("解除", key="throttle_clear"):
        throttle.clear(picked.kind, picked.subject)
        access_log.record(admin.username, "throttle_clear", parameters={"kind": picked.kind,
                                                                        "subject": picked.subject})
        st.success(f"已解除{KINDS[picked.kind]} {plain(picked.subject)} 的登录限制。", icon=":material/check_circle:")
