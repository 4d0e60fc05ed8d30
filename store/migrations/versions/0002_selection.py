"""示范乡镇推选: campaigns, applications, their transitions (append-only) and attachments.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "create trigger selection_transitions_no_update before update on selection_transitions "
    "begin select raise(abort, 'selection_transitions is append-only'); end",
    "create trigger selection_transitions_no_delete before delete on selection_transitions "
    "begin select raise(abort, 'selection_transitions is append-only'); end",
]
POSTGRES_TRIGGERS = [
    "create function selection_transitions_append_only() returns trigger language plpgsql as "
    "$$ begin raise exception 'selection_transitions is append-only'; end $$",
    "create trigger selection_transitions_append_only before update or delete on selection_transitions "
    "for each statement execute function selection_transitions_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "selection_campaigns",
        sa.Column("campaign_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False, unique=True),
        sa.Column("apply_deadline", sa.Date, nullable=False),
        sa.Column("district_deadline", sa.Date, nullable=False),
        sa.Column("city_deadline", sa.Date, nullable=False),
        sa.Column("standard", sa.Text, nullable=False),
        sa.Column("quotas", sa.Text),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(64)),
        sa.Column("published_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "selection_applications",
        sa.Column("application_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("selection_campaigns.campaign_id"), nullable=False),
        sa.Column("district_code", sa.String(6), nullable=False),
        sa.Column("town_code", sa.String(9), nullable=False),
        sa.Column("reported", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("recorded", sa.Text, nullable=False),
        sa.Column("review_note", sa.Text),
        sa.Column("recommend_rank", sa.Integer),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "town_code", name="uq_selection_applications_town"),
    )
    for column in ("district_code", "town_code"):
        op.create_index(f"ix_selection_applications_{column}", "selection_applications", [column])
    op.create_table(
        "selection_transitions",
        sa.Column("transition_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("selection_applications.application_id"),
                  nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("acted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
    )
    op.create_index("ix_selection_transitions_application_id", "selection_transitions", ["application_id"])
    op.create_table(
        "selection_attachments",
        sa.Column("attachment_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("selection_applications.application_id"),
                  nullable=False),
        sa.Column("indicator", sa.Integer, nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_selection_attachments_application_id", "selection_attachments", ["application_id"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger selection_transitions_append_only on selection_transitions")
        op.execute("drop function selection_transitions_append_only()")
    op.drop_table("selection_attachments")
    op.drop_table("selection_transitions")
    op.drop_table("selection_applications")
    op.drop_table("selection_campaigns")
