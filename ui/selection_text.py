"""示范乡镇推选's words: states, actions, refusals, the application's figures beside the lake's, the lists."""

import pandas as pd

from assess import selection as rules
from lake import policy, reference
from ui.labels import ROLE_NAMES, UNIT_WORDS, district_name, label, town_name
from ui.scorecard_text import indicator_name

STATE_NAMES = {rules.NEW: "未申请", rules.DRAFT: "申请草稿", rules.SUBMITTED: "已提交待初审", rules.WITHDRAWN: "已撤回",
               rules.RETURNED: "区级退回修改", rules.PASSED: "区级初审通过", rules.RECOMMENDED: "区级择优推荐",
               rules.CONFIRMED: "市级复核确认", rules.REJECTED: "市级复核未通过", rules.AWARDED: "已通报表扬、授牌"}
ACTION_NAMES = {"create": "新建申请", "submit": "提交申请", "withdraw": "撤回申请", "pass": "初审通过",
                "return": "退回修改", "recommend": "择优推荐", "confirm": "复核确认", "reject": "不予通过",
                "send_back": "退回区级重审", "award": "通报表扬、授牌"}
STAGE_NAMES = {rules.APPLY: "乡镇申请", rules.DISTRICT: "区级初审", rules.CITY: "市级复核"}
NO_LAKE_YEAR = "数据湖中没有该年度的花名册"
DIFFERENCE_FLAG = "⚠ 与台账不一致"
SAME_FLAG = "一致"
STANDARD_SOURCE = "data/reference/policy.toml"


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
        return f"{float(value):.2f}%"
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
    if exc.code == "deadline_missing":
        return "请填写三个阶段的截止日期。"
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
            "状态": STATE_NAMES[a.state], "推荐位次": a.recommend_rank,
            "数据不一致项": len(rules.differences(a.reported, {k: v["value"] for k, v in a.recorded.items()})),
            "最近操作": f"{ACTION_NAMES[last.action]}（{last.username}，{last.acted_at:%m-%d %H:%M}）" if last else "",
            "理由": last.comment if last else "",
        })
    return pd.DataFrame(rows, columns=["区", "乡镇（街道）", "状态", "推荐位次", "数据不一致项", "最近操作", "理由"])


def history_table(applications) -> pd.DataFrame:
    """Every move of the applications, oldest first: year, who, role, when, from, to, reason."""
    rows = [{"年度": a.year, "乡镇（街道）": town_name(a.town_code), "时间": t.acted_at.strftime("%Y-%m-%d %H:%M"),
             "操作": ACTION_NAMES[t.action], "办理人": t.username, "角色": ROLE_NAMES.get(t.role, t.role),
             "原状态": STATE_NAMES[t.from_state], "新状态": STATE_NAMES[t.to_state], "理由": t.comment}
            for a in applications for t in a.history]
    columns = ["年度", "乡镇（街道）", "时间", "操作", "办理人", "角色", "原状态", "新状态", "理由"]
    return pd.DataFrame(rows, columns=columns)


def honours_table(awarded: list[tuple]) -> pd.DataFrame:
    """The published lists: one row per awarded town."""
    return pd.DataFrame([{"年度": y, "区": district_name(d), "乡镇（街道）": town_name(t), "牌匾": "已授牌"}
                         for y, d, t in awarded], columns=["年度", "区", "乡镇（街道）", "牌匾"])


def standard_table(standard: dict) -> pd.DataFrame:
    """The campaign's standard: each policy threshold with its label from the policy file."""
    labels = {s["key"]: (s["label"], s.get("unit", "")) for s in policy.settings()}
    return pd.DataFrame([{"标准": labels.get(k, (k, ""))[0], "取值": f"{v}{labels.get(k, ('', ''))[1]}"}
                         for k, v in standard.items()])


def deadline_text(deadlines: dict) -> str:
    return "；".join(f"{STAGE_NAMES[s]}截止 {deadlines[s]:%Y年%m月%d日}" for s in rules.STAGES)


def quota_text(quotas: dict) -> str:
    if not quotas:
        return "各区推荐名额：不限"
    return "各区推荐名额：" + "、".join(f"{district_name(d)} {n} 个" for d, n in sorted(quotas.items()))


def selection_districts() -> list[str]:
    """The districts the work plan runs the selection in (those with candidate towns)."""
    return sorted({t["district_code"] for t in reference.towns() if t["is_model_town_candidate"]})
