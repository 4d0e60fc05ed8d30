"""示范乡镇推选: the yearly selection — 乡镇申请, 区级初审 and 择优推荐, 市级复核, 通报表扬 — each role its part."""

import streamlit as st

from ui import selection, shell
from ui.navigation import current_user

shell.start()
st.title("示范乡镇推选")
st.caption("按照乡镇申请、区级初审、市级复核的程序开展，每年一次；市人社局对示范乡镇通报表扬并颁授牌匾。")
user = current_user()
campaign = selection.campaign_year(user)
if campaign is None:
    st.stop()

if user.role == "town":
    selection.town_application(user, campaign)
elif user.role == "district":
    selection.district_review(user, campaign)
elif user.role == "city":
    selection.city_review(user, campaign)
selection.status(user, campaign)
selection.published(user, campaign)
