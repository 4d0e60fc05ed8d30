"""The tables of the application's database, as SQLAlchemy Core. Alembic's migrations create them; this module is
what the code reads and writes through, so the two must agree (tests/test_store.py compares them)."""

import sqlalchemy as sa

metadata = sa.MetaData()

ROLES = ("city", "district", "town", "admin")

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
