"""示范乡镇推选, run: the rules (assess.selection) applied to the records (store.selection) with the lake's figures
(asked through the gate, in the signed-in person's scope). The page calls these; so do the tests and the browser
test's setup. No Streamlit: a refusal is a `store.selection.SelectionError` with a Chinese message.
"""

from datetime import date
from decimal import Decimal

from assess import scorecard
from assess import selection as rules
from assess.numbers import half_up
from lake import policy, reference
from queries import lake_info
from queries.engine import run
from queries.roster_years import roster_years, year_as_of
from queries.town_audit import town_claims
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
    # the form's two decimals, rounded once, half up, from the counts (not Python's half-to-even on a float)
    employed = int(row.get("able_willing_employed_count") or 0)
    rate = float(half_up(100 * Decimal(employed) / Decimal(int(able)), 2)) if able else None
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


def indicator_results(app: Application) -> list:
    """The ten indicators of the application judged by assess.scorecard — the 示范乡镇 page's judgement — on the
    lake's row of the town (with indicator 6's rule audit, as the page has it) and the town's reported figures for
    what the lake does not record (the carriers the town reports included)."""
    rows = run("model_town_indicators", {"year": app.year, "districts": [app.district_code]}) \
        if app.year in roster_years() else None
    row = {}
    if rows is not None:
        claims = town_claims(app.year, year_as_of(app.year)[0], [app.district_code])
        mine = scorecard.with_claims(rows, claims)
        mine = mine[(mine["town_code"] == app.town_code) & (mine["year"] == app.year)].to_dict("records")
        row = mine[0] if mine else {}
    for m in rules.MEASURES:
        # as the review says: the lake's record where it has one (the figure shown as 数据湖记录, e.g. the returning
        # entrepreneurs in the register, not the town's own earlier report), the town's reported figure otherwise
        recorded = app.recorded.get(m.name, {}).get("value") if m.lake else None
        row[m.name] = recorded if recorded is not None else app.reported.get(m.name)
    row["carrier_reported_unit_count"] = app.reported.get("carrier_unit_count")
    return scorecard.evaluate(row, app.year)


def open_campaign(user: User, year: int, deadlines: dict, quotas: dict | None = None,
                  today: date | None = None) -> records.Campaign:
    """Open `year`'s campaign with the policy file's town thresholds of that year as its standard; given `today`
    (the page gives it), not with its application deadline already past."""
    try:
        rules.check_deadlines(deadlines, today=today)
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
        move = rules.check(rules.NEW, "create", user.role, deadlines=found.deadlines, today=today or records.today(),
                           published=found.is_published)
    except rules.Refused as exc:
        raise _refused(exc) from exc
    recorded, prefill = lake_figures(year, user.district_code, user.town_code)
    return records.create(user, year, recorded, prefill, {}, move.to_state)


def save(user: User, app: Application, version: int, today: date | None = None, *, reported: dict | None = None,
         evidence: dict | None = None, note: str | None = None) -> Application:
    """Save what the person edits (a town clerk: figures and evidence, with the lake's figures read again; a
    reviewer: their own opinion, 区级初审意见 or 市级复核意见), if the application is still at `version` (else
    store.selection.Stale)."""
    found = _campaign(app.year)
    try:
        rules.check_edit(app.state, user.role, deadlines=found.deadlines, today=today or records.today(),
                         published=found.is_published)
    except rules.Refused as exc:
        raise _refused(exc) from exc
    if user.role == "town":
        recorded, _ = lake_figures(app.year, app.district_code, app.town_code)
        return records.save(user, app.application_id, version, recorded=recorded,
                            reported={k: v for k, v in (reported or {}).items() if k in rules.MEASURE_BY_NAME},
                            evidence={str(k): v for k, v in (evidence or {}).items()})
    return records.save(user, app.application_id, version, note=note or "")


def act(user: User, app: Application, action: str, version: int, comment: str = "", today: date | None = None,
        note: str | None = None) -> Application:
    """Take `action` on the application, if the rules allow it for this person now and nobody changed it since
    `version`; a reviewer's opinion `note` is saved with the move (never dropped by pressing a button)."""
    found = _campaign(app.year)
    try:
        move = rules.check(app.state, action, user.role, deadlines=found.deadlines,
                           today=today or records.today(), comment=comment, published=found.is_published)
    except rules.Refused as exc:
        raise _refused(exc) from exc
    if action == "submit":
        missing = rules.missing_for_submit(app.reported, app.evidence)
        if missing:
            raise SelectionError(text.missing_text(missing))
    # A town leaving the district's list (sent back, returned) gives its rank up; the next one recommended takes
    # a new rank after every rank given (assess.selection.next_rank), so no rank is given twice.
    values = {"recommend_rank": None} if move.to_state in (rules.PASSED, rules.RETURNED) else {}
    return records.move(user, app.application_id, version, move.from_state, action, move.to_state, comment, note,
                        **values)


def form_differs(app: Application, reported: dict, evidence: dict) -> bool:
    """Whether the clerk's form holds figures or evidence the application has not saved (a blank field and a
    missing one are the same)."""
    def blank(value):
        return None if value is None or value == "" else value

    return any(blank(v) != blank(app.reported.get(k)) for k, v in reported.items() if k in rules.MEASURE_BY_NAME) \
        or any(blank(v) != blank(app.evidence.get(str(k))) for k, v in evidence.items())


def town_leaves_form(user: User, app: Application, version: int, reported: dict, evidence: dict,
                     today: date | None = None) -> Application:
    """The clerk's figures and evidence saved before an action takes them off the form (submit, upload, remove),
    unless nothing changed; the application as it is then."""
    if app.version == version and not form_differs(app, reported, evidence):
        return app
    return save(user, app, version, today, reported=reported, evidence=evidence)


def recommend(user: User, year: int, ranked: list[Application], today: date | None = None) -> list[Application]:
    """The district's 择优推荐 list, best first: each passed application moves to recommended with the next rank;
    states, ranks and the quota are checked again inside the write (store.selection.recommend)."""
    found = _campaign(year)
    try:
        moves = [rules.check(a.state, "recommend", user.role, deadlines=found.deadlines,
                             today=today or records.today(), published=found.is_published) for a in ranked]
        rules.check_quota(len(ranked), found.quotas.get(user.district_code))
    except rules.Refused as exc:
        raise _refused(exc) from exc
    if not moves:
        raise SelectionError("请先选择要推荐的乡镇（街道）。")
    return records.recommend(user, year, [(a.application_id, a.version) for a in ranked], moves[0],
                             found.quotas.get(user.district_code))


def publish(user: User, year: int) -> list[Application]:
    """Publish `year`'s final list: every confirmed town is awarded its 牌匾 and the campaign closes; refused while
    a recommended town is still undecided."""
    found = _campaign(year)
    if found.is_published:
        raise SelectionError(f"{year}年度名单已经发布。")
    return records.publish(user, year)


def correct(user: User, year: int, changes: list[tuple[Application, str]], reason: str) -> records.Document:
    """A correction after publication (revoke or award, with a reason): the next numbered 通报表扬."""
    _campaign(year)
    try:
        for app, action in changes:
            rules.check_correction(app.state, action, user.role, comment=reason, published=True)
    except rules.Refused as exc:
        raise _refused(exc) from exc
    return records.correct(user, year, [(a.application_id, a.version, action) for a, action in changes], reason)
