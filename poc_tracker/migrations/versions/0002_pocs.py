"""POCs, files, versions, tags, favourites, collections.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import JSONType, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TENANT_TABLES = [
    "pocs",
    "poc_tags",
    "blobs",
    "poc_files",
    "poc_versions",
    "favorites",
    "collections",
    "collection_items",
]


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "collections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("visibility", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collections_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_collections_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "pocs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("tags", JSONType, nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("repository_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("demo_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("hypothesis", sa.Text(), nullable=False),
        sa.Column("success_criteria", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("learnings", sa.Text(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("total_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pocs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pocs_decision"), ["decision"], unique=False)
        batch_op.create_index(batch_op.f("ix_pocs_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_pocs_language"), ["language"], unique=False)
        batch_op.create_index(batch_op.f("ix_pocs_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pocs_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_pocs_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_pocs_tenant_updated", ["tenant_id", "updated_at"], unique=False)

    op.create_table(
        "blobs",
        sa.Column("poc_id", sa.Uuid(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["poc_id"], ["pocs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("poc_id", "hash"),
    )
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blobs_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "collection_items",
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("poc_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["collection_id"], ["collections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["poc_id"], ["pocs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("collection_id", "poc_id"),
    )
    with op.batch_alter_table("collection_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collection_items_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "favorites",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("poc_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["poc_id"], ["pocs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "poc_id"),
    )
    with op.batch_alter_table("favorites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_favorites_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "poc_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("poc_id", sa.Uuid(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("blob_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["poc_id"], ["pocs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("poc_id", "path", name="uq_poc_files_path"),
    )
    with op.batch_alter_table("poc_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poc_files_poc_id"), ["poc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poc_files_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "poc_tags",
        sa.Column("poc_id", sa.Uuid(), nullable=False),
        sa.Column("tag", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["poc_id"], ["pocs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("poc_id", "tag"),
    )
    with op.batch_alter_table("poc_tags", schema=None) as batch_op:
        batch_op.create_index("ix_poc_tags_tenant_tag", ["tenant_id", "tag"], unique=False)

    op.create_table(
        "poc_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("poc_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("meta", JSONType, nullable=False),
        sa.Column("tree", JSONType, nullable=False),
        sa.Column("merkle_root", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(["poc_id"], ["pocs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("poc_id", "number", name="uq_poc_versions_number"),
    )
    with op.batch_alter_table("poc_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poc_versions_merkle_root"), ["merkle_root"], unique=False)
        batch_op.create_index(batch_op.f("ix_poc_versions_poc_id"), ["poc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poc_versions_tenant_id"), ["tenant_id"], unique=False)

    for table in TENANT_TABLES:
        forbid_tenant_change(table)
        enable_tenant_rls(table)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("poc_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poc_versions_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_poc_versions_poc_id"))
        batch_op.drop_index(batch_op.f("ix_poc_versions_merkle_root"))

    op.drop_table("poc_versions")
    with op.batch_alter_table("poc_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_poc_tags_tenant_tag")

    op.drop_table("poc_tags")
    with op.batch_alter_table("poc_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poc_files_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_poc_files_poc_id"))

    op.drop_table("poc_files")
    with op.batch_alter_table("favorites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_favorites_tenant_id"))

    op.drop_table("favorites")
    with op.batch_alter_table("collection_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collection_items_tenant_id"))

    op.drop_table("collection_items")
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blobs_tenant_id"))

    op.drop_table("blobs")
    with op.batch_alter_table("pocs", schema=None) as batch_op:
        batch_op.drop_index("ix_pocs_tenant_updated")
        batch_op.drop_index(batch_op.f("ix_pocs_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_pocs_status"))
        batch_op.drop_index(batch_op.f("ix_pocs_owner_id"))
        batch_op.drop_index(batch_op.f("ix_pocs_language"))
        batch_op.drop_index(batch_op.f("ix_pocs_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_pocs_decision"))

    op.drop_table("pocs")
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collections_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_collections_owner_id"))

    op.drop_table("collections")
