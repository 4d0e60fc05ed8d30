"""示范乡镇推选 (issue 28): one history row per change, the reviewers' separate opinions, numbered 通报表扬 versions,
removable evidence files and guarded workflow writes.

- `selection_transitions` gains `note_kind` and `note`: a row may carry a reviewer's opinion (区级初审意见 or
  市级复核意见), so every opinion stays in the history with its author and time, never overwritten. Saves, notes
  and attachments are history rows too (from_state = to_state), so every change of an application is one row.
  The reviewers' shared `review_note` of 0002 is copied into the history as a 区级初审意见 of its last saver.
- `selection_campaigns.revision`: every write to a campaign's applications first bumps it inside its own transaction
  (only while unpublished), which serialises those writes per campaign on SQLite and PostgreSQL alike, so a
  precondition read in that transaction still holds when the write lands.
- A unique index on (campaign, district, recommend_rank): two towns of a district can never hold the same rank.
  Ranks given twice before this guard existed are renumbered in (rank, application) order first.
- `selection_documents`: one row per issued 通报表扬 version (append-only by trigger): the list as issued.
- `selection_attachments.removed_at/removed_by`: a file removed before submission stays recorded.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "create trigger selection_documents_no_update before update on selection_documents "
    "begin select raise(abort, 'selection_documents is append-only'); end",
    "create trigger selection_documents_no_delete before delete on selection_documents "
    "begin select raise(abort, 'selection_documents is append-only'); end",
]
POSTGRES_TRIGGERS = [
    "create function selection_documents_append_only() returns trigger language plpgsql as "
    "$$ begin raise exception 'selection_documents is append-only'; end $$",
    "create trigger selection_documents_append_only before update or delete on selection_documents "
    "for each statement execute function selection_documents_append_only()",
]


def _renumber_duplicate_ranks() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "select application_id, campaign_id, district_code, recommend_rank from selection_applications "
        "where recommend_rank is not null order by campaign_id, district_code, recommend_rank, application_id"))
    last, rank = None, 0
    for application_id, campaign_id, district_code, old_rank in rows.fetchall():
        rank = rank + 1 if (campaign_id, district_code) == last else 1
        last = (campaign_id, district_code)
        if rank != old_rank:
            bind.execute(sa.text("update selection_applications set recommend_rank = :rank "
                                 "where application_id = :id"), {"rank": rank, "id": application_id})


def _keep_shared_notes() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "select a.application_id, a.review_note, a.updated_by, a.updated_at, "
        "(select t.to_state from selection_transitions t where t.application_id = a.application_id "
        " order by t.transition_id desc limit 1) as state "
        "from selection_applications a where a.review_note is not null and a.review_note <> ''")).fetchall()
    for application_id, note, author, written_at, state in rows:
        bind.execute(sa.text(
            "insert into selection_transitions (application_id, username, role, acted_at, action, from_state, "
            "to_state, comment, note_kind, note) values (:id, :author, 'district', :at, 'note', :state, :state, "
            "'（迁移：原共用审核意见）', 'district', :note)"),
            {"id": application_id, "author": author, "at": written_at, "state": state or "", "note": note})


def upgrade() -> None:
    op.add_column("selection_transitions", sa.Column("note_kind", sa.String(16)))
    op.add_column("selection_transitions", sa.Column("note", sa.Text))
    op.add_column("selection_campaigns", sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    op.add_column("selection_attachments", sa.Column("removed_by", sa.String(64)))
    op.add_column("selection_attachments", sa.Column("removed_at", sa.DateTime(timezone=True)))
    _renumber_duplicate_ranks()
    _keep_shared_notes()
    op.create_index("uq_selection_applications_rank", "selection_applications",
                    ["campaign_id", "district_code", "recommend_rank"], unique=True)
    op.create_table(
        "selection_documents",
        sa.Column("document_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("selection_campaigns.campaign_id"), nullable=False),
        sa.Column("version_no", sa.Integer, nullable=False),
        sa.Column("towns", sa.Text, nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.UniqueConstraint("campaign_id", "version_no", name="uq_selection_documents_version"),
    )
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("drop trigger selection_documents_append_only on selection_documents")
        op.execute("drop function selection_documents_append_only()")
    op.drop_table("selection_documents")
    op.drop_index("uq_selection_applications_rank", "selection_applications")
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35 has it): a batch copy would drop the append-only triggers.
    for table, column in (("selection_attachments", "removed_at"), ("selection_attachments", "removed_by"),
                          ("selection_campaigns", "revision"), ("selection_transitions", "note"),
                          ("selection_transitions", "note_kind")):
        op.drop_column(table, column)
