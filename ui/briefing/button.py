"""The pages' 生成通报 button: builds the month's 通报 for the page's month and districts with a progress indicator,
then offers the .docx and .pdf for download. The person issuing it writes the 文号's number and the 下一步工作要求
beside the button; while either is empty the document keeps placeholders and says 征求意见稿. The files stay in
the session for that month, scope and text, so the downloads survive the reruns a download click causes."""

import streamlit as st

from queries.engine import QueryError
from ui import navigation
from ui.briefing import DOCX_MIME, Built, make
from ui.downloads import owned
from ui.filters import Filters

STATE_KEY = "briefing_built"


def offer(f: Filters, key: str) -> None:
    """The button for the page's filters (`f.districts` is the scope; the whole city when none is chosen), built
    for the signed-in person: the gate narrows it to their scope (a district officer gets their district's
    document, ranked among all districts), their copy carries their watermark, and the access log records it. A
    month with a district's roster missing is built anyway, with the gap named on screen and on the document's first
    page."""
    scope = None if f.is_city else list(f.districts)
    st.markdown(f"**月度通报**：{f.scope_label}脱贫劳动力就业帮扶工作情况通报（Word 与 PDF），数字与本看板一致。")
    number_col, steps_col = st.columns([1, 3])
    number = number_col.text_input("文号序号", key=f"{key}_number", placeholder="例如 12；不填则留待填写",
                                   help="生成“武人社通〔年份〕序号号”；也可填完整文号。")
    written = steps_col.text_area("下一步工作要求（每行一条）", key=f"{key}_next_steps", height=80,
                                  placeholder="不填则在通报中留出待填写的位置，通报标为征求意见稿")
    steps = [line.strip() for line in written.splitlines() if line.strip()]
    wanted = (f.month, tuple(scope or ()), number.strip(), tuple(steps))
    if st.button("生成通报", key=f"{key}_build", icon=":material/description:"):
        with st.status("正在生成通报…", expanded=True) as status:
            try:
                built = make(f.month, scope, allow_incomplete=True, user=navigation.current_user(),
                             progress=status.write, number=number, next_steps=steps)
            except ValueError as exc:  # a 文号 that cannot be read: the message says what to write
                status.update(label="通报未能生成", state="error", expanded=True)
                st.error(str(exc), icon=":material/error:")
                return
            except QueryError as exc:
                status.update(label="通报未能生成", state="error", expanded=True)
                st.error(f"通报未能生成：{exc}", icon=":material/error:")
                return
            status.update(label="通报已生成", state="complete", expanded=False)
        st.session_state[STATE_KEY] = (wanted, built)
    stored = st.session_state.get(STATE_KEY)
    if stored and stored[0] == wanted:
        _downloads(stored[1], key)


def _downloads(built: Built, key: str) -> None:
    for message in built.messages:
        st.warning(message, icon=":material/warning:")
    left, right = st.columns(2)
    with left:
        st.download_button("下载 Word（.docx）", owned(built.docx), file_name=built.docx_name, mime=DOCX_MIME,
                           key=f"{key}_docx", icon=":material/download:")
    if built.pdf is not None:
        with right:
            st.download_button("下载 PDF", owned(built.pdf), file_name=built.pdf_name, mime="application/pdf",
                               key=f"{key}_pdf", icon=":material/picture_as_pdf:")
