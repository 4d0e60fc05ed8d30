"""The tables of the application's database, as SQLAlchemy Core. Alembic's migrations create them; this module is
what the code reads and writes through, so the two must agree (tests/test_store.py compares them)."""

import sqlalchemy as sa

from lake import roles

metadata = sa.MetaData()

ROLES = roles.CODES

# One row per account. `username` is the sign-in name the identity provider reports (the claim named by
# DASHBOARD_USERNAME_CLAIM, `preferred_username` by default); role and scope are read from here on every sign-in
# and every page, never from the token, so a change takes effect at once.
users = sa.Table(
    "users", metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.String(64), nullable=False),
    sa.Column("unit", sa.String(128), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("district_code", sa.String(6)),
    sa.Column("town_code", sa.String(9)),
    sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("password_hash", sa.String(256)),  # argon2id; empty for accounts that sign in elsewhere
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role in ('city', 'district', 'town', 'admin')", name="ck_users_role"),
    sa.CheckConstraint("role not in ('district', 'town') or district_code is not null", name="ck_users_district"),
    sa.CheckConstraint("role <> 'town' or town_code is not null", name="ck_users_town"),
)

# Append-only: one row per thing a person did or was refused. Triggers made by the migration refuse UPDATE and
# DELETE on both databases, so a mistake in code cannot rewrite history.
access_log = sa.Table(
    "access_log", metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("username", sa.String(64), index=True),
    sa.Column("action", sa.String(32), nullable=False, index=True),
    sa.Column("page", sa.String(64)),
    sa.Column("parameters", sa.Text),  # JSON
    sa.Column("scope", sa.String(128)),
    sa.Column("outcome", sa.String(256), nullable=False),
)

# ---- 示范乡镇推选 (issue 16; the rules are assess/selection.py) ----

# One row per year's campaign, opened by the city: the deadlines of its three stages, the standard in force (the
# policy file's town thresholds of that year, JSON), and how many towns each district may recommend (JSON, optional).
selection_campaigns = sa.Table(
    "selection_campaigns", metadata,
    sa.Column("campaign_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("year", sa.Integer, nullable=False, unique=True),
    sa.Column("apply_deadline", sa.Date, nullable=False),
    sa.Column("district_deadline", sa.Date, nullable=False),
    sa.Column("city_deadline", sa.Date, nullable=False),
    sa.Column("standard", sa.Text, nullable=False),  # JSON {policy key: value}
    sa.Column("quotas", sa.Text),  # JSON {district_code: towns}; null: no quota
    sa.Column("opened_by", sa.String(64), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_by", sa.String(64)),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    # Bumped first by every write to the campaign's applications, in the same transaction and only while
    # unpublished (store.selection._hold): the writes of one campaign take turns, and none lands after publication.
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
)

# One row per town's application in a campaign. Its state is not stored here: it is the to_state of its newest
# selection_transitions row. `version` grows by one with every save and every transition; a save or a move carries
# the version it was made from and is refused when another one came first (optimistic versioning).
selection_applications = sa.Table(
    "selection_applications", metadata,
    sa.Column("application_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("campaign_id", sa.Integer, sa.ForeignKey("selection_campaigns.campaign_id"), nullable=False),
    sa.Column("district_code", sa.String(6), nullable=False, index=True),
    sa.Column("town_code", sa.String(9), nullable=False, index=True),
    sa.Column("reported", sa.Text, nullable=False),  # JSON {measure: value} the town reports
    sa.Column("evidence", sa.Text, nullable=False),  # JSON {indicator number: text}
    sa.Column("recorded", sa.Text, nullable=False),  # JSON {measure: {"value": v, "as_of": text}} from the lake
    sa.Column("review_note", sa.Text),  # 0002's shared note, kept; 0003 copied it into the history as a note row
    sa.Column("recommend_rank", sa.Integer),  # place in the district's 择优推荐 list
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("campaign_id", "town_code", name="uq_selection_applications_town"),
    sa.Index("uq_selection_applications_rank", "campaign_id", "district_code", "recommend_rank", unique=True),
)

# Append-only (triggers, as access_log): one row per change of an application — who, in which role, when, what
# (a move of assess.selection's tables, or a save, note, attach or detach with from_state = to_state), the reason
# given, and the reviewer's opinion written with it (note_kind: district = 区级初审意见, city = 市级复核意见).
selection_transitions = sa.Table(
    "selection_transitions", metadata,
    sa.Column("transition_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.Integer, sa.ForeignKey("selection_applications.application_id"), nullable=False,
              index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("acted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("from_state", sa.String(16), nullable=False),  # "" for the row that creates the application
    sa.Column("to_state", sa.String(16), nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("note_kind", sa.String(16)),
    sa.Column("note", sa.Text),
)

# Append-only (triggers): one row per issued version of a year's 通报表扬 — the list as issued (JSON
# [[district_code, town_code]] in published order), who issued it, when, and for a correction the reason.
selection_documents = sa.Table(
    "selection_documents", metadata,
    sa.Column("document_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("campaign_id", sa.Integer, sa.ForeignKey("selection_campaigns.campaign_id"), nullable=False),
    sa.Column("version_no", sa.Integer, nullable=False),
    sa.Column("towns", sa.Text, nullable=False),
    sa.Column("issued_by", sa.String(64), nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.UniqueConstraint("campaign_id", "version_no", name="uq_selection_documents_version"),
)

# Evidence files of an application: metadata here, the bytes stored once by their SHA-256 under the var folder
# (store.selection.ATTACHMENT_DIR), outside the repository.
selection_attachments = sa.Table(
    "selection_attachments", metadata,
    sa.Column("attachment_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.Integer, sa.ForeignKey("selection_applications.application_id"), nullable=False,
              index=True),
    sa.Column("indicator", sa.Integer, nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("media_type", sa.String(128), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("uploaded_by", sa.String(64), nullable=False),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("removed_by", sa.String(64)),  # removed by the town before submission; the row and bytes stay
    sa.Column("removed_at", sa.DateTime(timezone=True)),
)

# ---- sessions and sign-in throttling (issue 36) ----

# One row per sign-in: the key is derived from the identity cookie's claims (store.sessions.key_of), so a cookie
# replayed after 退出登录, after a time-out or after the account was disabled finds its row ended. Rows are kept
# after they end (until the absolute lifetime is long past), so an ended cookie is never taken for a new one.
sessions = sa.Table(
    "sessions", metadata,
    sa.Column("session_key", sa.String(64), primary_key=True),  # SHA-256 hex
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),  # the absolute lifetime
    sa.Column("ended_at", sa.DateTime(timezone=True)),
    sa.Column("ended_why", sa.String(32)),  # store.sessions.ENDED_WHY
)

# Failed sign-ins of the bundled sign-in service, one row per client address ("client") and per sign-in name
# ("account"): how many in a row, and until when the next attempt is answered without checking the password.
sign_in_throttle = sa.Table(
    "sign_in_throttle", metadata,
    sa.Column("kind", sa.String(8), primary_key=True),
    sa.Column("subject", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind in ('client', 'account')", name="ck_sign_in_throttle_kind"),
)
