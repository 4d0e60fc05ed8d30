"""示范乡镇推选, run: the rules (assess.selection) applied to the records (store.selection) with the lake's figures
(asked through the gate, in the signed-in person's scope). The page calls these; so do the tests and the browser
test's setup. No Streamlit: a refusal is a `store.selection.SelectionError` with a Chinese message.
"""

from datetime import date

from assess import selection as rules
from lake import policy, reference
from queries import lake_info
from queries.engine import run
from queries.roster_years import roster_years, year_as_of
from store import selection as records
from store.accounts import User
from store.selection import Application, SelectionError
from ui import selection_text as text
from ui.labels import month_label

# The form's reported figures that town_assessments (the imported self-reports) can fill in at the start.
PREFILL = {m.name: m.name for m in rules.MEASURES} | {"carrier_unit_count": "carrier_reported_unit_count"}


def _refused(exc: rules.Refused) -> SelectionError:
    return SelectionError(text.refusal(exc))


def _imported_on(table: str, year: int) -> str:
    found = lake_info.snapshots()
    found = found[(found["table_name"] == table) & (found["partition"].astype(str) == str(year))]
    return f"（{str(found['imported_at'].iloc[0])[:10]}导入）" if len(found) else ""


def lake_figures(year: int, district_code: str, town_code: str) -> tuple[dict, dict]:
    """The lake's figures for the town's application, each with its date: ({measure: {"value", "as_of"}}), and the
    town's imported self-report as a first filling of the form ({measure: value})."""
    recorded = {m.name: {"value": None, "as_of": text.NO_LAKE_YEAR} for m in rules.MEASURES if m.lake}
    if year not in roster_years():
        return recorded, {}
    as_of_month, _ = year_as_of(year)
    rows = run("model_town_indicators", {"year": year, "districts": [district_code]})
    rows = rows[(rows["town_code"] == town_code) & (rows["year"] == year)].to_dict("records")
    row = rows[0] if rows else {}
    able = row.get("able_willing_count") or 0
    rate = round(100.0 * (row.get("able_willing_employed_count") or 0) / able, 2) if able else None
    recorded["able_willing_employment_rate_pct"] = {
        "value": rate, "as_of": f"{month_label(row.get('last_month') or as_of_month)}脱贫劳动力花名册"}
    recorded["carrier_unit_count"] = {"value": int(row.get("carrier_recorded_unit_count") or 0),
                                      "as_of": f"{year}年度帮扶载体台账{_imported_on('carriers', year)}"}
    founders = run("entrepreneurs_by_town", {"month": as_of_month, "districts": [district_code]})
    founders = founders[founders["town_code"] == town_code]
    recorded["entrepreneurs_supported_count"] = {
        "value": int(founders["entrepreneur_count"].sum()),
        "as_of": f"{year}年度返乡创业人员名册{_imported_on('entrepreneurs', year)}"}
    prefill = {}
    for measure, column in PREFILL.items():
        value = row.get(column)
        if value is not None and value == value:  # not NaN
            prefill[measure] = bool(value) if measure == "has_joint_group" else value
    for measure, figure in recorded.items():
        prefill.setdefault(measure, figure["value"])
    return recorded, {k: (v.item() if hasattr(v, "item") else v) for k, v in prefill.items()}


def open_campaign(user: User, year: int, deadlines: dict, quotas: dict | None = None) -> records.Campaign:
    """Open `year`'s campaign with the policy file's town thresholds of that year as its standard."""
    try:
        rules.check_deadlines(deadlines)
    except rules.Refused as exc:
        raise _refused(exc) from exc
    known = {d["district_code"] for d in reference.districts()}
    quotas = {d: int(n) for d, n in (quotas or {}).items() if n is not None and d in known}
    return records.open_campaign(user, year, deadlines, rules.standard(policy.values(year)), quotas or None)


def _campaign(year: int) -> records.Campaign:
    found = records.campaign(year)
    if found is None:
        raise SelectionError(f"{year}年度推选活动尚未开启。")
    return found


def start(user: User, year: int, today: date | None = None) -> Application:
    """A town clerk starts their town's application: the lake's figures locked in, the self-report as a start."""
    found = _campaign(year)
    try:
        move = rules.check(rules.NEW, "create", user.role, deadlines=found.deadlines, today=today or records.today())
    except rules.Refused as exc:
        raise _refused(exc) from exc
    recorded, prefill = lake_figures(year, user.district_code, user.town_code)
    return records.create(user, year, recorded, prefill, {}, move.to_state)


def save(user: User, app: Application, version: int, today: date | None = None, *, reported: dict | None = None,
         evidence: dict | None = None, review_note: str | None = None) -> Application:
    """Save what the person edits (a town clerk: figures and evidence, with the lake's figures read again; a
    reviewer: the review note), if the application is still at `version` (else store.selection.Stale)."""
    found = _campaign(app.year)
    try:
        rules.check_edit(app.state, user.role, deadlines=found.deadlines, today=today or records.today())
    except rules.Refused as exc:
        raise _refused(exc) from exc
    values = {}
    if user.role == "town":
        values["recorded"], _ = lake_figures(app.year, app.district_code, app.town_code)
        values["reported"] = {k: v for k, v in (reported or {}).items() if k in rules.MEASURE_BY_NAME}
        values["evidence"] = {str(k): v for k, v in (evidence or {}).items()}
    elif review_note is not None:
        values["review_note"] = review_note
    return records.save(user, app.application_id, version, **values)


def act(user: User, app: Application, action: str, version: int, comment: str = "", today: date | None = None,
        **values) -> Application:
    """Take `action` on the application, if the rules allow it for this person now and nobody moved it since
    `version`."""
    found = _campaign(app.year)
    try:
        move = rules.check(app.state, action, user.role, deadlines=found.deadlines,
                           today=today or records.today(), comment=comment)
    except rules.Refused as exc:
        raise _refused(exc) from exc
    if action == "submit":
        missing = rules.missing_for_submit(app.reported, app.evidence)
        if missing:
            raise SelectionError(text.missing_text(missing))
    return records.move(user, app.application_id, version, move.from_state, action, move.to_state, comment,
                        **values)


def recommend(user: User, year: int, ranked: list[Application], today: date | None = None) -> list[Application]:
    """The district's 择优推荐 list, best first: each passed application moves to recommended with its rank."""
    found = _campaign(year)
    already = [a for a in records.applications(user, year) if a.state == rules.RECOMMENDED]
    try:
        rules.check_quota(len(already) + len(ranked), found.quotas.get(user.district_code))
    except rules.Refused as exc:
        raise _refused(exc) from exc
    return [act(user, app, "recommend", app.version, today=today, recommend_rank=len(already) + i + 1)
            for i, app in enumerate(ranked)]


def publish(user: User, year: int, today: date | None = None) -> list[Application]:
    """Publish `year`'s final list: every confirmed town is awarded its 牌匾; refused while a recommended town is
    still undecided or when nobody is confirmed."""
    _campaign(year)
    visible = records.applications(user, year)
    if any(a.state == rules.RECOMMENDED for a in visible):
        raise SelectionError("还有区级推荐的乡镇未复核，请逐一确认或不予通过后再发布。")
    confirmed = [a for a in visible if a.state == rules.CONFIRMED]
    if not confirmed:
        raise SelectionError("没有市级复核确认的乡镇，无可发布的名单。")
    done = [act(user, a, "award", a.version, today=today) for a in confirmed]
    records.mark_published(user, year)
    return done
