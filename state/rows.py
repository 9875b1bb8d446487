"""Plain rows the UI shows: services' records mapped to display strings in the user's locale."""

from __future__ import annotations

import dataclasses
import re

from poc_tracker.i18n import format_dt
from poc_tracker.models import Poc


@dataclasses.dataclass
class PocRow:
    """A POC as a list or card shows it."""

    id: str = ""
    name: str = ""
    description: str = ""
    language: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    status: str = ""
    decision: str = ""
    owner_name: str = ""
    updated: str = ""
    file_count: int = 0
    can_edit: bool = False


def plain_text(markdown: str) -> str:
    """Markdown without its markup, for one-line previews."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_`#>~|]+", "", text).split())


def poc_row(poc: Poc, *, owner_name: str, locale: str, can_edit: bool) -> PocRow:
    """Map a POC to a row."""
    return PocRow(
        id=str(poc.id),
        name=poc.name,
        description=plain_text(poc.description)[:180],
        language=poc.language,
        tags=list(poc.tags),
        status=poc.status,
        decision=poc.decision,
        owner_name=owner_name,
        updated=format_dt(poc.updated_at, locale),
        file_count=poc.file_count,
        can_edit=can_edit,
    )
