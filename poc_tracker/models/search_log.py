"""What people searched for: the reports count searches and list the ones that found nothing."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from poc_tracker.models.base import UTCDateTime, new_id, utcnow


class SearchQuery(SQLModel, table=True):
    """One search someone settled on (typing a longer query replaces the row of its prefix)."""

    __tablename__ = "search_queries"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)  # personal data
    query: str = Field(max_length=200)  # personal data: what the person typed, trimmed and lower-cased
    hits: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
