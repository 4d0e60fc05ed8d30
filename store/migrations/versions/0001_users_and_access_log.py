"""Accounts and the append-only access log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The log is append-only on both databases: a trigger refuses UPDATE and DELETE.
SQLITE_TRIGGERS = [
    "create trigger access_log_no_update before update on access_log "
    "begin select raise(abort, 'access_log is append-only'); end",
    "create trigger access_log_no_delete before delete on access_log "
    "begin select raise(abort, 'access_log is append-only'); end",
]
POSTGRES_TRIGGERS = [
    "create function access_log_append_only() returns trigger language plpgsql as "
    "$$ begin raise exception 'access_log is append-only'; end $$",
    "create trigger access_log_append_only before update or delete on access_log "
    "for each statement execute function access_log_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("unit", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("district_code", sa.String(6)),
        sa.Column("town_code", sa.String(9)),
        sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("password_hash", sa.String(256)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role in ('city', 'district', 'town', 'admin')", name="ck_users_role"),
        sa.CheckConstraint("role not in ('district', 'town') or district_code is not null", name="ck_users_district"),
        sa.CheckConstraint("role <> 'town' or town_code is not null", name="ck_users_town"),
    )
    op.create_table(
        "access_log",
        sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(64)),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("page", sa.String(64)),
        sa.Column("parameters", sa.Text),
        sa.Column("scope", sa.String(128)),
        sa.Column("outcome", sa.String(256), nullable=False),
    )
    for column in ("logged_at", "username", "action"):
        op.create_index(f"ix_access_log_{column}", "access_log", [column])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("drop trigger access_log_append_only on access_log")
        op.execute("drop function access_log_append_only()")
    op.drop_table("access_log")
    op.drop_table("users")
