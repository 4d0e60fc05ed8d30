"""示范乡镇推选's panels: opening a campaign (市局), the town's application form (乡镇), the district's review and
择优推荐 list (区), the city's review and publishing (市局), the status of every application in scope, the published
lists and a town's history. Every change goes through ui.selection_flow; every refusal is shown in Chinese and
the person's unsaved input stays on screen."""

from datetime import timedelta

import streamlit as st

from assess import selection as rules
from store import selection as records
from store.accounts import User
from store.selection import Application, Campaign, SelectionError, Stale
from ui import navigation
from ui import selection_document as document
from ui import selection_flow as flow
from ui import selection_text as text
from ui.downloads import owned
from ui.labels import TO_DAY, beijing_time, district_name, town_name
from ui.safe import plain

NOTICE = "selection_notice"  # (message, kind) shown once after the rerun a change ends with
REFUSED = "selection_refused"  # what a save refused as stale held, shown until the person saves again
DOCUMENT = "selection_document_built"
SEEN = "selection_seen_"  # + application id: the version the person works from
# What the person types stays in the session while its widget is not drawn (another year or page chosen), where
# Streamlit would otherwise forget it; a reload starts a new session, so the form says what only a save keeps.
KEPT = "session"
UPLOAD_ROUND = "selection_upload_round"  # a new uploader after each kept file, so the same file is not offered again
UPLOAD_TYPES = sorted(records.ATTACHMENT_TYPES)
PICKED = "evidence_indicator"  # the indicator the next evidence file is filed under, kept in the address
NEAR_DAYS = 7  # a deadline this close is announced to the town clerk
SAVE_DRAFT = "保存草稿"
RECOMMEND_PLACEHOLDER = "请按推荐顺序逐个选择（先选的排在前）"
STATUS_COLUMNS = {"推荐位次": st.column_config.TextColumn("推荐位次", help=text.RANK_HELP)}
# Streamlit's uploader writes its own English ("Drag and drop a file here", "Upload", "… per file"): hidden, and the
# button worded in Chinese; the limit and the types are in the label, from the same data the server checks.
UPLOADER_IN_CHINESE = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] {
  display: none;
}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]::after {
  content: "选择文件"; font-size: 0.875rem;
}
</style>"""
# Streamlit's own English beside a field while it holds unapplied text ("Press Enter to apply", "Press Ctrl+Enter to
# apply"), hidden and said in Chinese. The hint is the first of the field's instructions; a character count follows
# it where the field has max_chars (every text field of these pages has), and is then alone once the text is
# applied — so the hint is the first of two, or in a number field the only one.
INPUT_HINTS_IN_CHINESE = """<style>
[data-testid="InputInstructions"]:has(> span:nth-child(2)) > span:first-child,
[data-testid="stNumberInput"] [data-testid="InputInstructions"] > span:first-child {display: none;}
[data-testid="stTextInput"] [data-testid="InputInstructions"]:has(> span:nth-child(2))::before,
[data-testid="stNumberInput"] [data-testid="InputInstructions"]:has(> span)::before {content: "按回车键确认";}
[data-testid="stTextArea"] [data-testid="InputInstructions"]:has(> span:nth-child(2))::before {
  content: "按 Ctrl+Enter 确认";
}
</style>"""


def _notice() -> None:
    message, kind = st.session_state.pop(NOTICE, (None, None))
    if message and kind == "info":
        st.info(message, icon=":material/info:")
    elif message:
        st.success(message, icon=":material/check_circle:")


def _seen(app: Application) -> int:
    """The version of the application this person is working from: the one they first saw, until their own save or
    move succeeds or they load the newest. Saves and moves carry it, so a change someone else made in between is
    refused (store.selection.Stale) instead of being overwritten, and the person's input stays in its widgets,
    whose keys carry this version."""
    return st.session_state.setdefault(f"{SEEN}{app.application_id}", app.version)


def _forget_seen() -> None:
    for key in [k for k in st.session_state if str(k).startswith(SEEN)]:
        del st.session_state[key]


def _done(message: str, kind: str = "success") -> None:
    st.session_state[NOTICE] = (message, kind)
    st.session_state.pop(REFUSED, None)
    _forget_seen()
    st.rerun()


def _attempt(change, done_message: str, unsaved: dict | None = None) -> None:
    """Run `change`; on success rerun with `done_message`; on a refusal show why (keeping `unsaved` on screen when
    someone else saved first); a file kept already is a notice, not a refusal."""
    try:
        change()
    except Stale as exc:
        st.session_state[REFUSED] = (text.stale_text(exc), unsaved or {})
        st.rerun()
    except records.AlreadyAttached as exc:
        _done(plain(str(exc)), "info")
    except SelectionError as exc:
        st.error(plain(str(exc)), icon=":material/block:")
        return
    _done(done_message)


def _open_form(user: User, opened: set) -> None:
    this_year = records.today().year
    years = [y for y in (this_year, this_year + 1) if y not in opened]
    if not years:
        return
    with st.expander("开启新一年度推选", icon=":material/add_circle:", expanded=not opened):
        year = st.selectbox("开启推选的年度", years, key="selection_new_year", format_func=lambda y: f"{y}年度")
        today = records.today()
        left, middle, right = st.columns(3)
        apply_until = left.date_input("乡镇申请截止", today + timedelta(days=14), key="selection_new_apply")
        district_until = middle.date_input("区级初审截止", today + timedelta(days=28), key="selection_new_district")
        city_until = right.date_input("市级复核截止", today + timedelta(days=42), key="selection_new_city")
        st.caption("推选标准取政策参数中该年度生效的示范乡镇十项指标，开启时固定为本年度标准（开启后见“推选标准”）；"
                   "名额填 0 为不限。")
        quotas = {}
        for column, district in zip(st.columns(4), text.selection_districts(), strict=False):
            quotas[district] = column.number_input(f"{district_name(district)}推荐名额（个）", 0, 50, 0, 1,
                                                   key=f"selection_new_quota_{district}") or None
        if st.button("开启推选", key="selection_open", icon=":material/flag:"):
            deadlines = {"apply": apply_until, "district": district_until, "city": city_until}
            _attempt(lambda: flow.open_campaign(user, year, deadlines, quotas, today=today),
                     f"{year}年度推选活动已开启。")


def campaign_year(user: User) -> Campaign | None:
    """The campaign the page is about (chosen by year); the city may open a new one. None when there is none."""
    _notice()
    st.html(INPUT_HINTS_IN_CHINESE)
    campaigns = records.all_campaigns()
    if user.role == "city":
        _open_form(user, {c.year for c in campaigns})
    if not campaigns:
        st.info("尚未开启任何年度的示范乡镇推选活动（由市局开启）。", icon=":material/info:")
        return None
    by_year = {c.year: c for c in campaigns}
    year = st.selectbox("推选年度", list(by_year), key="selection_year", format_func=lambda y: f"{y}年度")
    found = by_year[year]
    stage = rules.campaign_stage(found.deadlines, records.today(), found.is_published)
    published = (f"；名单已于 {beijing_time(found.published_at, TO_DAY)} 发布，推选已结束"
                 if found.is_published else "；名单尚未发布")
    quotas = text.quota_text(records.quotas_for(user, found),
                             user.district_code if user.role in ("district", "town") else None)
    st.caption(f"当前阶段：{text.STAGE_NAMES[stage]}。{text.deadline_text(found.deadlines)}。{quotas}{published}。")
    with st.expander(f"推选标准（{year}年度政策参数）", icon=":material/rule:"):
        st.dataframe(text.standard_table(found.standard), hide_index=True, key="selection_standard")
    return found


def _history(app: Application, key: str) -> None:
    with st.expander("办理记录", icon=":material/history:"):
        st.dataframe(text.history_table([app]), hide_index=True, key=f"{key}_history")


def _number(m: rules.Measure, value, key: str, disabled: bool):
    label = f"本镇填报：{text.measure_label(m.name)}"
    if m.unit == rules.YES_NO:
        options = [None, True, False]
        return st.selectbox(label, options, index=options.index(None if value is None else bool(value)), key=key,
                            disabled=disabled, format_func=lambda v: "请选择" if v is None else ("是" if v else "否"),
                            persist_state=KEPT)
    if m.unit == rules.PCT:
        return st.number_input(label, 0.0, 100.0, None if value is None else float(value), 0.01, format="%.2f",
                               key=key, disabled=disabled, persist_state=KEPT)
    return st.number_input(label, 0, 100000, None if value is None else int(value), 1, key=key, disabled=disabled,
                           persist_state=KEPT)


def _form(app: Application, editable: bool) -> tuple[dict, dict]:
    """The ten indicators: lake figures locked with their date, the town's figures and evidence (what the person
    typed kept in the session until saved, KEPT)."""
    reported, evidence = {}, {}
    prefix = f"selection_form_{app.application_id}_{_seen(app)}"
    for number in rules.INDICATOR_NUMBERS:
        measures = [m for m in rules.MEASURES if m.indicator == number]
        st.markdown(f"**指标{number}　{text.indicator_name(number)}**")
        for m in measures:
            if m.lake:
                figure = app.recorded.get(m.name, {})
                st.markdown(f":material/lock: 数据湖记录（锁定）：{text.measure_label(m.name)} "
                            f"**{text.value_text(m.name, figure.get('value'))}**（{plain(figure.get('as_of', ''))}）")
            reported[m.name] = _number(m, app.reported.get(m.name), f"{prefix}_{m.name}", not editable)
        if not all(m.lake for m in measures):
            evidence[str(number)] = st.text_area(f"指标{number}佐证说明", app.evidence.get(str(number), ""),
                                                 key=f"{prefix}_evidence_{number}", disabled=not editable,
                                                 max_chars=2000, height=68, persist_state=KEPT)
    return reported, evidence


def _picked_indicator() -> int:
    """The indicator chosen for the next evidence file: from the address, so a reload keeps it."""
    try:
        chosen = int(st.query_params.get(PICKED, rules.INDICATOR_NUMBERS[0]))
    except ValueError:
        chosen = rules.INDICATOR_NUMBERS[0]
    return chosen if chosen in rules.INDICATOR_NUMBERS else rules.INDICATOR_NUMBERS[0]


def _keep_picked() -> None:
    st.query_params[PICKED] = str(st.session_state["selection_file_indicator"])


def _attachments(user: User, app: Application, editable: bool, leaving=None) -> None:
    """The evidence files: each downloadable (its bytes read only when downloaded), removable until submission;
    a new one filed under the chosen indicator. `leaving(app)` saves the form's text first and returns the saved
    application (upload and removal rerun the page, which would drop unsaved text)."""
    kept = records.attachments(user, app.application_id)
    for a in kept:
        left, right = st.columns([5, 1]) if editable else (st.container(), None)
        left.download_button(f"指标{a.indicator}附件：{plain(a.file_name)}（{a.size_bytes / 1024:,.0f} KB）",
                             owned(lambda a=a: records.attachment_bytes(user, a)), file_name=a.file_name,
                             mime=a.media_type, key=f"selection_file_{a.attachment_id}",
                             icon=":material/attach_file:", on_click="ignore")
        if right is not None and right.button("删除", key=f"selection_file_remove_{a.attachment_id}",
                                              icon=":material/delete:"):
            _attempt(lambda a=a: records.detach(user, a, leaving(app).version),
                     f"附件“{plain(a.file_name)}”已删除（填写的内容已一并保存）。")
    if not editable:
        return
    if not navigation.uploads_enabled():
        st.caption("本服务器未开放文件上传，佐证附件请按要求另行报送。")
        return
    st.html(UPLOADER_IN_CHINESE)
    left, right = st.columns([1, 3])
    if "selection_file_indicator" not in st.session_state:
        st.session_state["selection_file_indicator"] = _picked_indicator()
    indicator = left.selectbox("附件所属指标", rules.INDICATOR_NUMBERS, key="selection_file_indicator",
                               format_func=lambda n: f"指标{n}", on_change=_keep_picked)
    limits = records.LIMITS
    round_ = st.session_state.get(UPLOAD_ROUND, 0)
    upload = right.file_uploader(
        f"上传佐证附件（PDF、图片、Word、Excel；单个不超过 {limits['max_file_mb']} MB，每份申请最多 "
        f"{limits['max_files']} 个、合计不超过 {limits['max_total_mb']} MB）", type=UPLOAD_TYPES,
        key=f"selection_file_upload_{round_}", max_upload_size=limits["max_file_mb"])
    if upload is not None and st.button("保存附件", key="selection_file_save", icon=":material/upload:"):
        def keep_file():
            saved = leaving(app)
            try:
                records.attach(user, app.application_id, saved.version, indicator, upload.name, upload.getvalue())
            except records.AlreadyAttached:  # kept before: the uploader is emptied as for a file kept now
                st.session_state[UPLOAD_ROUND] = round_ + 1
                raise
            st.session_state[UPLOAD_ROUND] = round_ + 1
        _attempt(keep_file, f"附件“{plain(upload.name)}”已保存到指标{indicator}（填写的内容已一并保存）。")


def _unsaved(app: Application) -> None:
    """After a refused save: what the person had entered, and a button to load what the other person saved. When the
    application moved on since this person opened it (another tab, another person), they are told so, even if they
    saved nothing: a button they pressed on the older page is not drawn again, so its click would pass silently."""
    if REFUSED in st.session_state:
        message, content = st.session_state[REFUSED]
        st.error(plain(message), icon=":material/sync_problem:")
        with st.expander("您未能保存的内容（供核对后重新填写）", icon=":material/content_paste:", expanded=True):
            st.dataframe(text.unsaved_table(content), hide_index=True, key="selection_unsaved")
    elif _seen(app) != app.version:
        st.warning(text.moved_on_text(app, _seen(app)), icon=":material/sync_problem:")
    if _seen(app) != app.version and st.button(f"载入最新内容（第 {app.version} 版）", key="selection_reload",
                                              icon=":material/refresh:"):
        st.session_state.pop(f"{SEEN}{app.application_id}", None)
        st.rerun()


def deadline_notice(user: User, today=None) -> None:
    """For a town clerk (on this page and on 示范乡镇): their application returned, or a deadline that concerns them
    near (within NEAR_DAYS days)."""
    if user.role != "town":
        return
    today = today or records.today()
    for found in records.all_campaigns():
        if found.is_published:
            continue
        mine = records.applications(user, found.year)
        app = mine[0] if mine else None
        if app is not None and app.state == rules.RETURNED:
            # the reason of the move back, not of the town's own saves since (they carry none)
            reason = next((h.comment for h in reversed(app.history)
                           if h.to_state == rules.RETURNED and h.from_state != rules.RETURNED), "")
            why = f"：{plain(reason)}" if reason else ""
            st.warning(f"{found.year}年度推选申请已被区级退回修改{why}。请在区级初审截止"
                       f"（{found.deadlines[rules.DISTRICT]:%Y年%m月%d日}）前修改并重新提交。", icon=":material/undo:")
            continue
        stage = rules.APPLY if app is None or app.state in rules.EDITABLE["town"] else None
        if stage is None:
            continue
        left = (found.deadlines[stage] - today).days
        if 0 <= left <= NEAR_DAYS:
            what = "尚未提交申请" if app is None or app.state != rules.SUBMITTED else ""
            st.info(f"{found.year}年度示范乡镇推选：乡镇申请截止 {found.deadlines[stage]:%Y年%m月%d日}，还有 {left} 天"
                    f"{'，' + what if what else ''}。", icon=":material/schedule:")


def town_application(user: User, campaign: Campaign) -> None:
    """The clerk's own town's application: start, fill in, save, submit, withdraw."""
    st.subheader(f"{town_name(user.town_code)}{campaign.year}年度申请")
    deadline_notice(user)
    found = records.applications(user, campaign.year)
    if not found:
        if campaign.is_published:
            st.info("本年度名单已发布，推选已结束。", icon=":material/lock:")
        elif st.button("开始填写本乡镇（街道）申请", key="selection_start", icon=":material/edit_note:"):
            _attempt(lambda: flow.start(user, campaign.year), "申请已建立（草稿），数据湖中的数项已填入并锁定。")
        return
    app = found[0]
    st.markdown(f"当前状态：**{text.STATE_NAMES[app.state]}**（第 {app.version} 版）")
    editable = app.state in rules.EDITABLE["town"] and not campaign.is_published
    _unsaved(app)
    if editable:
        st.caption(f"填写的内容在按“{SAVE_DRAFT}”、上传或删除附件、提交申请时保存到系统。此前切换年度或页面时，内容暂存在"
                   f"本次浏览中；刷新、关闭页面或退出登录则会丢失，请及时保存。")
    reported, evidence = _form(app, editable)
    unsaved = text.typed_words(reported, evidence)

    def leaving(current: Application) -> Application:
        saved = flow.town_leaves_form(user, current, _seen(current), reported, evidence)
        # the person now works from what they saved, also when the action that follows is refused (a late submit,
        # a file of the wrong type): their next save must not be refused as another person's change
        st.session_state[f"{SEEN}{current.application_id}"] = saved.version
        return saved

    _attachments(user, app, editable, leaving)
    if editable and flow.form_differs(app, reported, evidence):
        st.warning(f"有尚未保存的修改：请按“{SAVE_DRAFT}”保存（刷新或关闭页面前未保存的内容会丢失）。",
                   icon=":material/edit_note:")
    left, middle, right = st.columns(3)
    if editable:
        if left.button(SAVE_DRAFT, key="selection_save", icon=":material/save:"):
            _attempt(lambda: flow.save(user, app, _seen(app), reported=reported, evidence=evidence),
                     "草稿已保存。", unsaved)
        if middle.button("提交申请", key="selection_submit", type="primary", icon=":material/send:"):
            def submit():
                saved = leaving(app)
                flow.act(user, saved, "submit", saved.version)
            _attempt(submit, "申请已提交，等待区级初审。", unsaved)
    if app.state == rules.SUBMITTED and not campaign.is_published and right.button(
            "撤回申请", key="selection_withdraw", icon=":material/undo:"):
        _attempt(lambda: flow.act(user, app, "withdraw", _seen(app)), "申请已撤回，可修改后重新提交。")
    _history(app, "selection_town")


def _compare(app: Application) -> None:
    st.markdown(f"**{district_name(app.district_code)}{town_name(app.town_code)}**　状态："
                f"**{text.STATE_NAMES[app.state]}**（第 {app.version} 版）")
    flagged = text.difference_sentences(app.reported, app.recorded)
    if flagged:
        st.warning("填报数与数据湖记录不一致：\n\n" + "\n\n".join(f"- {plain(s)}" for s in flagged),
                   icon=":material/report:")
    else:
        st.success("填报数与数据湖记录一致。", icon=":material/verified:")
    st.markdown("**逐项判定**（与“示范乡镇”页同一判定：数据湖有记录的用数据湖，其余用乡镇填报数；标准取本年度政策参数）")
    st.dataframe(text.verdict_table(app, flow.indicator_results(app)), hide_index=True,
                 key=f"selection_verdicts_{app.application_id}_{app.version}")
    st.dataframe(text.comparison(app.reported, app.recorded), hide_index=True,
                 key=f"selection_compare_{app.application_id}_{app.version}",
                 column_config={"核对": st.column_config.TextColumn("核对", width="medium")})
    with st.expander("佐证说明", icon=":material/description:"):
        for number, words in sorted(app.evidence.items(), key=lambda kv: int(kv[0])):
            st.text(f"指标{number}：{words}")


def _offered(user: User, campaign: Campaign, app: Application) -> list[rules.Transition]:
    """The moves to offer: none once published; the role's own; for the city also any whose stage is past its
    deadline (逾期代办)."""
    if campaign.is_published:
        return []
    offered = rules.actions_from(app.state, user.role)
    if user.role == rules.LATE_ROLE:
        today = records.today()
        offered += [t for t in rules.TRANSITIONS if t.from_state == app.state and t not in offered
                    and t.action != "create" and rules.is_late(t.stage, campaign.deadlines, today)]
    return offered


def _notes(user: User, campaign: Campaign, app: Application, key: str) -> str | None:
    """Both reviewers' opinions, each its own field with its history; the person's own editable while they may
    edit. Returns what the person typed in their own (None when they have none to write)."""
    mine = rules.NOTE_KIND.get(user.role)
    typed = None
    for kind in (rules.DISTRICT, rules.CITY):
        name = text.NOTE_NAMES[kind]
        if kind == mine and app.state in rules.EDITABLE.get(user.role, {}) and not campaign.is_published:
            typed = st.text_area(name, app.note(kind), key=f"{key}_note_{kind}_{app.application_id}_{_seen(app)}",
                                 max_chars=4000, help="按“保存意见”或办理下方任一操作时一并保存；每次都留在记录中。",
                                 persist_state=KEPT)
            if typed != app.note(kind):
                st.caption(f"{name}尚未保存：按“保存意见”或办理下方任一操作时保存；刷新或关闭页面前未保存的内容会丢失。")
        elif app.note(kind):
            st.markdown(f"**{name}**")
            st.text(app.note(kind))
        if app.notes(kind):
            with st.expander(f"{name}的修改记录（{len(app.notes(kind))} 次）", icon=":material/history:"):
                st.dataframe(text.notes_table(app, kind), hide_index=True, key=f"{key}_notes_{kind}")
    return typed


def _review(user: User, campaign: Campaign, app: Application, key: str) -> None:
    """One application under review: figures beside the lake's with each indicator's verdict, attachments, the two
    opinions, the moves (each saving the person's opinion with it)."""
    _compare(app)
    _attachments(user, app, editable=False)
    _unsaved(app)
    note = _notes(user, campaign, app, key)
    kept = {} if note is None else {text.NOTE_NAMES[rules.NOTE_KIND[user.role]]: note}
    if note is not None and st.button("保存意见", key=f"{key}_save_note", icon=":material/save:"):
        _attempt(lambda: flow.save(user, app, _seen(app), note=note), f"{next(iter(kept))}已保存。", kept)
    offered = [t for t in _offered(user, campaign, app) if t.action != "recommend"]
    if not offered:
        _history(app, key)
        return
    # keyed by the version: the next move starts with an empty reason
    reason = st.text_input("理由（退回、不予通过、逾期代办时必填）", max_chars=500, persist_state=KEPT,
                           key=f"{key}_reason_{app.application_id}_{_seen(app)}")
    for column, move in zip(st.columns(len(offered)), offered, strict=True):
        if column.button(text.ACTION_NAMES[move.action], key=f"{key}_{move.action}", icon=":material/gavel:"):
            _attempt(lambda move=move: flow.act(user, app, move.action, _seen(app), reason, note=note),
                     f"已{text.ACTION_NAMES[move.action]}：{town_name(app.town_code)}。", kept | {"理由": reason})
    _history(app, key)


def _choose(apps: list[Application], key: str) -> Application | None:
    if not apps:
        return None
    by_id = {a.application_id: a for a in apps}
    def named(i: int) -> str:
        return f"{town_name(by_id[i].town_code)}（{text.STATE_NAMES[by_id[i].state]}）"

    chosen = st.selectbox("选择申请", list(by_id), key=key, format_func=named)
    return by_id[chosen]


def district_review(user: User, campaign: Campaign) -> None:
    """区级初审 of the district's applications, and its 择优推荐 list."""
    apps = [a for a in records.applications(user, campaign.year) if a.state != rules.DRAFT]
    st.subheader(f"{district_name(user.district_code)}区级初审")
    app = _choose(apps, "selection_review_app")
    if app is None:
        st.info("本区暂无已提交的申请。", icon=":material/inbox:")
        return
    _review(user, campaign, app, "selection_district")
    st.subheader("择优推荐名单")
    passed = {a.application_id: a for a in apps if a.state == rules.PASSED}
    ranked = [a for a in apps if a.state == rules.RECOMMENDED]
    if ranked:
        st.markdown("已推荐：" + "、".join(f"{a.recommend_rank}. {town_name(a.town_code)}"
                                       for a in sorted(ranked, key=lambda a: a.recommend_rank or 0)))
    if not passed or campaign.is_published:
        st.caption("初审通过的乡镇（街道）可在此按推荐顺序列入名单。" if not campaign.is_published else
                   "本年度名单已发布，推选已结束。")
        return
    # in the order clicked, one by one: no "select all" (Streamlit's English, and it would rank by the list's order)
    order = st.multiselect("按推荐顺序选择初审通过的乡镇（街道）", list(passed), key="selection_recommend_order",
                           format_func=lambda i: town_name(passed[i].town_code), placeholder=RECOMMEND_PLACEHOLDER,
                           select_all=False)
    if order and st.button("提交择优推荐名单", key="selection_recommend", type="primary", icon=":material/send:"):
        _attempt(lambda: flow.recommend(user, campaign.year, [passed[i] for i in order]),
                 f"已向市局推荐 {len(order)} 个乡镇（街道）。")


def city_review(user: User, campaign: Campaign) -> None:
    """市级复核 of the recommended towns; publishing the final list (which awards every confirmed town and closes the
    year); after it, corrections that issue the next numbered 通报表扬."""
    apps = records.applications(user, campaign.year)
    st.subheader("市级复核")
    reviewing = [a for a in apps if a.state in (rules.RECOMMENDED, rules.CONFIRMED, rules.REJECTED, rules.AWARDED,
                                                 rules.REVOKED)]
    late = [a for a in apps if a not in reviewing and _offered(user, campaign, a)]
    app = _choose(reviewing + late, "selection_city_app")
    if app is None:
        st.info("各区尚未推荐乡镇（街道）。", icon=":material/inbox:")
    else:
        _review(user, campaign, app, "selection_city")
    if campaign.is_published:
        _correction(user, campaign, apps)
        return
    waiting = [a for a in apps if a.state in rules.UNDECIDED]
    confirmed = [a for a in apps if a.state == rules.PUBLICATION.from_state]
    st.markdown("**发布最终名单**：复核确认的乡镇（街道）同时通报表扬、授予牌匾，生成第 1 版通报表扬；发布后本年度推选"
                "结束，申请、名单和通报表扬不再变动（如需更正，须说明理由并生成新版本）。")
    if waiting:
        st.caption(f"还有 {len(waiting)} 个区级推荐的乡镇未复核：" + "、".join(town_name(a.town_code) for a in waiting)
                   + "。全部确认或不予通过后才能发布。")
    elif not confirmed:
        st.caption("目前没有复核确认的乡镇；此时发布，本年度推选结束且不授牌。")
    still_open = [s for s in rules.STAGES if campaign.deadlines[s] >= records.today()]
    if still_open:  # publishing now ends the year for whoever still meant to apply or review in time
        st.warning(f"{text.STAGE_NAMES[still_open[0]]}截止日期（{campaign.deadlines[still_open[0]]:%Y年%m月%d日}）"
                   "尚未到：现在发布，尚未申请或审核的乡镇（街道）和区将不能再办理。如非确有必要，请在截止后发布。",
                   icon=":material/schedule:")
    # one click ends the year: the leader confirms first that this is meant
    sure = st.checkbox("我已核对名单：发布后本年度推选结束，不能再申请、审核", key="selection_publish_sure")
    if st.button("发布最终名单", key="selection_publish", type="primary", icon=":material/campaign:",
                 disabled=not sure):
        _attempt(lambda: flow.publish(user, campaign.year),
                 f"{campaign.year}年度示范乡镇名单已发布（{len(confirmed)} 个乡镇通报表扬、授牌），推选结束。")


def _correction(user: User, campaign: Campaign, apps: list[Application]) -> None:
    """After publication: revoke an award or award a town, with a reason; each correction is the next version."""
    correctable = {(a.application_id, t.action): (a, t) for a in apps for t in rules.CORRECTIONS
                   if t.from_state == a.state}
    if not correctable:
        return
    with st.expander("更正已发布的名单（生成新版本通报表扬）", icon=":material/edit_document:"):
        choice = st.selectbox("更正事项", list(correctable), key="selection_correct_choice",
                              format_func=lambda k: f"{text.ACTION_NAMES[k[1]]}："
                                                    f"{town_name(correctable[k][0].town_code)}")
        reason = st.text_input("更正理由（必填，写入新版本通报表扬）", key="selection_correct_reason", max_chars=500)
        if st.button("办理更正", key="selection_correct", icon=":material/published_with_changes:"):
            found, move = correctable[choice]
            _attempt(lambda: flow.correct(user, campaign.year, [(found, move.action)], reason),
                     "已更正，新版本通报表扬已生成。")


def status(user: User, campaign: Campaign) -> None:
    """Every application the person may see, with its state."""
    st.subheader("申请办理情况")
    apps = records.applications(user, campaign.year)
    if not apps:
        st.caption("暂无申请。")
        return
    st.dataframe(text.status_table(apps), hide_index=True, key="selection_status", column_config=STATUS_COLUMNS)
    st.caption(f"推荐位次：{text.RANK_HELP}")


def published(user: User, campaign: Campaign) -> None:
    """The published list of the year as last issued, every issued version of its 通报表扬, and (for the city) the
    documents in Word and PDF, each built from its version as issued."""
    if not campaign.is_published:
        return
    issued = records.documents(campaign.year)
    awarded = records.awarded(campaign.year)
    st.subheader(f"{campaign.year}年度示范乡镇（街道）名单（已通报表扬）")
    if awarded:
        st.dataframe(text.honours_table(awarded), hide_index=True, key="selection_awarded")
    elif len(issued) > 1:
        st.caption(f"经更正（第 {issued[-1].version_no} 版通报），本年度已无乡镇（街道）获通报表扬。")
    else:
        st.caption("本年度推选已结束，无乡镇（街道）获通报表扬。")
    st.dataframe(text.documents_table(issued), hide_index=True, key="selection_documents")
    if user.role != "city" or not issued:
        return
    number = st.selectbox("通报表扬版本", [d.version_no for d in issued], index=len(issued) - 1,
                          key="selection_document_version", format_func=lambda n: f"第 {n} 版")
    version = next(d for d in issued if d.version_no == number)
    previous = next((d for d in issued if d.version_no == number - 1), None)
    if not version.towns and previous is None:
        # a first publication that names nobody: the year ended without a 示范乡镇, and nobody is praised
        st.caption("第 1 版发布时没有复核确认的乡镇（街道），本年度无乡镇获评，不印发通报表扬。")
        return
    wanted = (campaign.year, number)
    if st.button("生成通报表扬文件（Word、PDF）", key="selection_document", icon=":material/description:"):
        with st.spinner("正在生成通报表扬文件…"):
            made = document.make(campaign.year, version, previous)
        st.session_state[DOCUMENT] = (wanted, made)
    stored = st.session_state.get(DOCUMENT)
    if stored and stored[0] == wanted:
        made = stored[1]
        for message in made.messages:
            st.warning(message, icon=":material/warning:")
        left, right = st.columns(2)
        left.download_button("下载通报表扬（.docx）", owned(made.docx), file_name=made.docx_name,
                             mime=document.DOCX_MIME, key="selection_docx", icon=":material/download:")
        if made.pdf is not None:
            right.download_button("下载通报表扬（PDF）", owned(made.pdf), file_name=made.pdf_name,
                                  mime="application/pdf", key="selection_pdf", icon=":material/picture_as_pdf:")


def honours(user: User, towns: list[str], year: int) -> None:
    """For the 示范乡镇 page: each year's published list, the state of every application of `year` the user may
    see, and the chosen town's record in the selection."""
    st.markdown("#### 示范乡镇推选：历年名单与推选记录")
    awarded = records.awarded()
    if awarded:
        st.dataframe(text.honours_table(awarded), hide_index=True, key="honours_list")
    else:
        st.caption("尚无已发布的示范乡镇名单。")
    st.markdown(f"**{year}年度推选申请进展**")
    applications = records.applications(user, year)
    if applications:
        st.dataframe(text.status_table(applications), hide_index=True, key="honours_states",
                     column_config=STATUS_COLUMNS)
    else:
        st.caption(f"{year}年度尚无推选申请。")
    if not towns:
        return
    town = st.selectbox("查看乡镇（街道）的推选记录", towns, key="honours_town", format_func=town_name)
    history = records.town_history(user, town)
    if history:
        st.dataframe(text.history_table(list(reversed(history))), hide_index=True, key="honours_history")
    else:
        st.caption(f"{town_name(town)}尚无推选记录。")
