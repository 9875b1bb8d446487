"""Plain rows the UI shows: services' records mapped to display strings in the user's locale."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any, TypeVar

from poc_tracker.i18n import format_ago, format_dt
from poc_tracker.models import Poc

Row = TypeVar("Row")


def carried(row: type[Row], record: object, **shown: Any) -> Row:
    """A UI row from a service record: fields named alike are carried over, the others are given (formatted).

    Adding a field to the record and to the row is then enough for it to reach the page.
    """
    names = [f.name for f in dataclasses.fields(row) if f.name not in shown]  # type: ignore[arg-type]
    return row(**{name: copy.copy(getattr(record, name)) for name in names}, **shown)


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
    updated: str = ""  # relative ("há 5 min"); the full date is updated_full, shown on hover
    updated_full: str = ""
    file_count: int = 0
    can_edit: bool = False


def plain_text(markdown: str) -> str:
    """Markdown without its markup, for one-line previews."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+\.)\s+", "", text)  # headings, quotes, list markers
    text = re.sub(r"(?<!\w)[*_~]+|[*_~]+(?!\w)|`+", "", text)  # emphasis and code marks, not snake_case
    return " ".join(text.split())


def poc_row(poc: Poc, *, owner_name: str, locale: str, can_edit: bool) -> PocRow:
    """Map a POC to a row."""
    return carried(
        PocRow,
        poc,
        id=str(poc.id),
        description=plain_text(poc.description)[:180],
        owner_name=owner_name,
        updated=format_ago(poc.updated_at, locale),
        updated_full=format_dt(poc.updated_at, locale),
        can_edit=can_edit,
    )
