"""示范乡镇推选's words: states, actions, refusals, the application's figures beside the lake's, the lists, and the
state model as a table (docs/architecture.md shows it; a test checks the two agree)."""

import pandas as pd

from assess import selection as rules
from assess.numbers import half_up
from lake import policy, reference
from ui import scorecard_text
from ui.labels import (
    ROLE_NAMES,
    TO_MINUTE,
    UNIT_WORDS,
    beijing_time,
    district_name,
    label,
    town_name,
    verdict_cell,
)
from ui.scorecard_text import indicator_name

STATE_NAMES = {rules.NEW: "未申请", rules.DRAFT: "申请草稿", rules.SUBMITTED: "已提交待初审", rules.WITHDRAWN: "已撤回",
               rules.RETURNED: "区级退回修改", rules.PASSED: "区级初审通过", rules.RECOMMENDED: "区级择优推荐",
               rules.CONFIRMED: "市级复核确认", rules.REJECTED: "市级复核未通过", rules.AWARDED: "已通报表扬、授牌",
               rules.REVOKED: "更正撤销授牌"}
ACTION_NAMES = {"create": "新建申请", "submit": "提交申请", "withdraw": "撤回申请", "pass": "初审通过",
                "return": "退回修改", "recommend": "择优推荐", "confirm": "复核确认", "reject": "不予通过",
                "send_back": "退回区级重审", "publish": "发布名单（通报表扬、授牌）", "revoke": "更正：撤销授牌",
                "amend_award": "更正：补授牌匾", rules.SAVE: "保存", rules.NOTE: "保存意见",
                rules.ATTACH: "上传附件", rules.DETACH: "删除附件",
                "award": "通报表扬、授牌（旧版逐个授牌）"}  # kept to word history rows written before issue 28
STAGE_NAMES = {rules.APPLY: "乡镇申请", rules.DISTRICT: "区级初审", rules.CITY: "市级复核", rules.PUBLISHED: "已发布"}
NOTE_NAMES = {rules.DISTRICT: "区级初审意见", rules.CITY: "市级复核意见"}
NO_LAKE_YEAR = "数据湖中没有该年度的花名册"
DIFFERENCE_FLAG = "⚠ 与台账不一致"
SAME_FLAG = "一致"
NO_RANK = "—"
RANK_HELP = "区级择优推荐名单中的顺序（区内第几位）；“—”表示未列入推荐名单（尚未推荐，或被退回后让出位次）。"


def measure_label(name: str) -> str:
    unit = UNIT_WORDS[rules.MEASURE_BY_NAME[name].unit]
    return f"{label(name)}（{unit}）" if unit else label(name)


def value_text(name: str, value) -> str:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return "—"
    unit = rules.MEASURE_BY_NAME[name].unit
    if unit == rules.YES_NO:
        return "是" if value else "否"
    if unit == rules.PCT:
        return f"{half_up(value, 2)}%"
    return f"{int(value):,} {UNIT_WORDS[unit]}"


def refusal(exc: rules.Refused) -> str:
    """A rule's refusal in words."""
    d = exc.details
    if exc.code == "late":
        return (f"已过{STAGE_NAMES[d['stage']]}截止日期（{d['deadline']:%Y年%m月%d日}），未予办理；"
                f"逾期办理须由市局账号操作并说明事由。")
    if exc.code == "wrong_role":
        return f"“{ACTION_NAMES[d['action']]}”须由{'或'.join(ROLE_NAMES[r] for r in d['roles'])}账号办理。"
    if exc.code == "needs_comment":
        return f"“{ACTION_NAMES[d['action']]}”须填写理由。"
    if exc.code == "not_allowed":
        return f"申请处于“{STATE_NAMES[d['state']]}”状态，不能“{ACTION_NAMES[d['action']]}”。"
    if exc.code == "not_editable":
        return f"申请处于“{STATE_NAMES[d['state']]}”状态，{ROLE_NAMES.get(d['role'], d['role'])}账号不能修改。"
    if exc.code == "over_quota":
        return f"本区推荐名额为 {d['quota']} 个，本次推荐后将达 {d['count']} 个，超出名额。"
    if exc.code == "deadline_order":
        return "截止日期须依次为：乡镇申请 ≤ 区级初审 ≤ 市级复核。"
    if exc.code == "deadline_past":
        return (f"乡镇申请截止日期不能早于今天（{d['today']:%Y年%m月%d日}）：否则开启后乡镇已无法申请。"
                "请改为今天或以后的日期。")
    if exc.code == "deadline_missing":
        return "请填写三个阶段的截止日期。"
    if exc.code == "published":
        return "本年度名单已发布，推选已结束：申请、名单和通报表扬不再变动；如需更正，由市局办理“更正”并说明理由。"
    if exc.code == "undecided":
        return f"还有 {d['count']} 个区级推荐的乡镇未复核，请逐一确认或不予通过后再发布。"
    if exc.code == "not_published":
        return "本年度名单尚未发布，无需更正；请在推选流程中办理。"
    return exc.code


def missing_text(missing: list[str]) -> str:
    names = []
    for item in missing:
        if item.startswith("evidence_"):
            names.append(f"指标{item.split('_')[1]}的佐证说明")
        else:
            names.append(label(item))
    return "尚不能提交，还缺：" + "、".join(names) + "。"


def comparison(reported: dict, recorded: dict) -> pd.DataFrame:
    """One row per figure of the form: the town's reported figure beside the lake's, with the lake figure's date and
    a flag where they differ (assess.selection.differences)."""
    differing = {d.measure for d in rules.differences(reported, {k: v["value"] for k, v in recorded.items()})}
    rows = []
    for m in rules.MEASURES:
        lake = recorded.get(m.name)
        rows.append({
            "指标": f"{m.indicator}. {indicator_name(m.indicator)}",
            "数项": measure_label(m.name),
            "乡镇填报": value_text(m.name, reported.get(m.name)),
            "数据湖记录": value_text(m.name, lake["value"]) if lake else "（无台账，凭佐证材料）",
            "记录日期": lake["as_of"] if lake else "",
            "核对": (DIFFERENCE_FLAG if m.name in differing else SAME_FLAG) if lake else "",
        })
    return pd.DataFrame(rows)


def typed_words(reported: dict, evidence: dict) -> dict:
    """What a clerk typed into the form, by the form's own labels (shown when a save is refused as stale)."""
    words = {measure_label(name): value_text(name, value) for name, value in reported.items()}
    return words | {f"指标{n}佐证说明": said for n, said in evidence.items() if said}


def unsaved_table(typed: dict) -> pd.DataFrame:
    """What a refused save held, one row per field: its label and what was typed."""
    return pd.DataFrame([{"填写项": k, "您填写的内容": "" if v is None else str(v)} for k, v in typed.items()],
                        columns=["填写项", "您填写的内容"])


def difference_sentences(reported: dict, recorded: dict) -> list[str]:
    return [f"{label(d.measure)}：填报 {value_text(d.measure, d.reported)}，数据湖记录 "
            f"{value_text(d.measure, d.recorded)}（{recorded[d.measure]['as_of']}）"
            for d in rules.differences(reported, {k: v["value"] for k, v in recorded.items()})]


def status_table(applications) -> pd.DataFrame:
    """One row per application: district, town, state, rank, the last move and its reason."""
    rows = []
    for a in applications:
        last = a.history[-1] if a.history else None
        rows.append({
            "区": district_name(a.district_code), "乡镇（街道）": town_name(a.town_code),
            "状态": STATE_NAMES[a.state], "推荐位次": rank_text(a.recommend_rank),
            "数据不一致项": len(rules.differences(a.reported, {k: v["value"] for k, v in a.recorded.items()})),
            "最近操作": f"{ACTION_NAMES[last.action]}（{last.username}，{_when(last.acted_at)}）" if last else "",
            "理由": last.comment if last else "",
        })
    return pd.DataFrame(rows, columns=["区", "乡镇（街道）", "状态", "推荐位次", "数据不一致项", "最近操作", "理由"])


def _when(moment) -> str:
    return beijing_time(moment, TO_MINUTE)


def rank_text(rank: int | None) -> str:
    """A town's place in its district's 择优推荐 list: "第 1 位", or NO_RANK when it is on none (RANK_HELP says so)."""
    return f"第 {rank} 位" if rank else NO_RANK


def moved_on_text(app, seen: int) -> str:
    """The application changed after this person opened it (they see version `seen`): who, when, what it is now."""
    return (f"该申请在您打开后已有新的办理：现为“{STATE_NAMES[app.state]}”（第 {app.version} 版，您打开的是第 {seen} "
            f"版；最近由“{app.updated_by}”于 {_when(app.updated_at)} 办理）。如您刚才点了办理按钮，该操作未执行；"
            "请载入最新内容、核对后再操作。")


def stale_text(exc) -> str:
    """A save or move refused because someone else changed the application first (store.selection.Stale): who,
    when (Beijing time), which version now and which the person opened; their input stays on the form."""
    if exc.updated_at is None:
        return str(exc)
    return (f"未保存：该申请已被他人修改（“{exc.updated_by}”于 {_when(exc.updated_at)} 保存，现为第 "
            f"{exc.current_version} 版，您打开的是第 {exc.expected_version} 版）。您填写的内容仍在表单中，请先查看"
            f"对方的修改，再重新保存或操作。")


def history_table(applications) -> pd.DataFrame:
    """Every change of the applications, oldest first: year, who, role, when (Beijing time), what, from, to, reason,
    and the reviewer's opinion written with it."""
    rows = [{"年度": a.year, "乡镇（街道）": town_name(a.town_code), "时间": _when(t.acted_at),
             "操作": ACTION_NAMES[t.action], "办理人": t.username, "角色": ROLE_NAMES.get(t.role, t.role),
             "原状态": STATE_NAMES[t.from_state], "新状态": STATE_NAMES[t.to_state], "理由": t.comment,
             "审核意见": f"{NOTE_NAMES[t.note_kind]}：{t.note}" if t.note_kind else ""}
            for a in applications for t in a.history]
    columns = ["年度", "乡镇（街道）", "时间", "操作", "办理人", "角色", "原状态", "新状态", "理由", "审核意见"]
    return pd.DataFrame(rows, columns=columns)


def notes_table(app, kind: str) -> pd.DataFrame:
    """Every version of one reviewer's opinion, newest first, with its author and time."""
    return pd.DataFrame([{"时间": _when(t.acted_at), "填写人": t.username, NOTE_NAMES[kind]: t.note}
                         for t in reversed(app.notes(kind))], columns=["时间", "填写人", NOTE_NAMES[kind]])


def verdict_table(app, results) -> pd.DataFrame:
    """One row per indicator: the town's reported figures, the lake's, the year's standard and the verdict of
    assess.scorecard (the 示范乡镇 page's judgement, words and symbols), with the gap."""
    rows = []
    for result in results:
        measures = [m for m in rules.MEASURES if m.indicator == result.number]
        lake = [m for m in measures if m.lake]
        rows.append({
            "指标": f"{result.number}. {indicator_name(result.number)}",
            "乡镇填报": "；".join(f"{label(m.name)} {value_text(m.name, app.reported.get(m.name))}" for m in measures),
            "数据湖记录": "；".join(f"{label(m.name)} {value_text(m.name, app.recorded.get(m.name, {}).get('value'))}"
                                for m in lake) or "（无台账，凭佐证材料）",
            "判定所用数": scorecard_text.value_text(result),
            "本年度标准": scorecard_text.threshold_text(result),
            "判定": verdict_cell(result.verdict),
            "差距": scorecard_text.gap_text(result),
        })
    return pd.DataFrame(rows, columns=["指标", "乡镇填报", "数据湖记录", "判定所用数", "本年度标准", "判定", "差距"])


def honours_table(awarded: list[tuple]) -> pd.DataFrame:
    """The published lists: one row per awarded town."""
    return pd.DataFrame([{"年度": y, "区": district_name(d), "乡镇（街道）": town_name(t), "牌匾": "已授牌"}
                         for y, d, t in awarded], columns=["年度", "区", "乡镇（街道）", "牌匾"])


def documents_table(issued) -> pd.DataFrame:
    """Every issued version of the year's 通报表扬: number, when, by whom, how many towns, a correction's reason."""
    return pd.DataFrame([{"版本": f"第 {d.version_no} 版", "发布时间": _when(d.issued_at), "发布人": d.issued_by,
                          "表扬乡镇数": len(d.towns), "更正理由": d.reason or "（首次发布）"} for d in issued],
                        columns=["版本", "发布时间", "发布人", "表扬乡镇数", "更正理由"])


def standard_table(standard: dict) -> pd.DataFrame:
    """The campaign's standard: each policy threshold with its label from the policy file."""
    labels = {s["key"]: (s["label"], s.get("unit", "")) for s in policy.settings()}
    return pd.DataFrame([{"标准": labels.get(k, (k, ""))[0], "取值": f"{v}{labels.get(k, ('', ''))[1]}"}
                         for k, v in standard.items()])


def deadline_text(deadlines: dict) -> str:
    return "；".join(f"{STAGE_NAMES[s]}截止 {deadlines[s]:%Y年%m月%d日}" for s in rules.STAGES)


def quota_text(quotas: dict, own_district: str | None = None) -> str:
    """The quotas a person may see (store.selection.quotas_for): every district's, or for a district officer or a
    town clerk (`own_district`) only their own district's."""
    if own_district is not None:
        own = quotas.get(own_district)
        return f"{district_name(own_district)}推荐名额：{f'{own} 个' if own else '不限'}"
    if not quotas:
        return "各区推荐名额：不限"
    return "各区推荐名额：" + "、".join(f"{district_name(d)} {n} 个" for d, n in sorted(quotas.items()))


def selection_districts() -> list[str]:
    """The districts the work plan runs the selection in (those with candidate towns)."""
    return sorted({t["district_code"] for t in reference.towns() if t["is_model_town_candidate"]})


def _roles(t: rules.Transition) -> str:
    return "、".join(ROLE_NAMES[r] for r in t.roles)


def state_model_markdown() -> str:
    """The state model of assess.selection as Markdown: the campaign's stages, then every move of an application
    (TRANSITIONS, PUBLICATION, CORRECTIONS) with who, under which stage's deadline, and whether a reason is needed.
    docs/architecture.md holds this text; tests/test_selection_rules.py checks that it is still what the data says."""
    stages = " → ".join(STAGE_NAMES[s] for s in rules.CAMPAIGN_STAGES)
    lines = [f"推选阶段：{stages}（前三个阶段各至截止日期；“发布”结束全部阶段，此后只能由市局“更正”）。", "",
             "| 原状态 | 操作 | 新状态 | 谁办理 | 适用截止日期 | 须填理由 |", "|---|---|---|---|---|---|"]
    tables = (("", rules.TRANSITIONS), ("（全年度一次）", (rules.PUBLICATION,)), ("（发布后）", rules.CORRECTIONS))
    for kind, moves in tables:
        for t in moves:
            lines.append(f"| {STATE_NAMES[t.from_state]} | {ACTION_NAMES[t.action]}{kind} | {STATE_NAMES[t.to_state]} "
                         f"| {_roles(t)} | {STAGE_NAMES[t.stage]} | {'是' if t.needs_comment else ''} |")
    lines.append("")
    lines.append(f"逾期（该操作适用的截止日期已过）：只有{ROLE_NAMES[rules.LATE_ROLE]}可以代办（新建申请除外），并须填写"
                 f"理由。发布名单一年一次，区级推荐的乡镇都已复核即可发布，发布时尚在流程中的申请随之结束。")
    return "\n".join(lines)


def state_diagram() -> str:
    """A small text diagram from the same tables: the main path (create … publication) on one line, every other
    move of an application under it."""
    main = [rules.NEW, rules.DRAFT, rules.SUBMITTED, rules.PASSED, rules.RECOMMENDED, rules.CONFIRMED, rules.AWARDED]
    steps = set(zip(main, main[1:], strict=False))
    every = (*rules.TRANSITIONS, rules.PUBLICATION, *rules.CORRECTIONS)
    path = " → ".join(STATE_NAMES[s] for s in main[1:])
    side = [f"  {STATE_NAMES[t.from_state]} ⇢ {STATE_NAMES[t.to_state]}（{ACTION_NAMES[t.action]}，{_roles(t)}）"
            for t in every if (t.from_state, t.to_state) not in steps]
    return "\n".join([path, *side])


def state_model_document() -> str:
    """What docs/architecture.md holds between its `selection-state-model` markers: the table and the diagram."""
    return f"{state_model_markdown()}\n\n```text\n{state_diagram()}\n```\n"


if __name__ == "__main__":
    print(state_model_document())
