"""One report model, filled by the aggregate queries and read by every renderer (so totals always agree)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from poc_tracker.i18n import N_
from poc_tracker.reports.params import ReportRequest

ColumnType = Literal["text", "int", "date", "month", "datetime", "money", "bytes", "percent"]
SCHEMA_VERSION = "1.0"
TITLES = {"usage": N_("Relatório de uso"), "trends": N_("Relatório de tendências")}


@dataclass(frozen=True)
class Column:
    """A column: its key in JSON, its label (a Portuguese message id) and its type in every format."""

    key: str
    label: str
    type: ColumnType = "text"
    labels: tuple[tuple[str, str], ...] = ()  # code → message id, for values shown in words (JSON keeps codes)


@dataclass(frozen=True)
class Metric:
    """One number of the report, with its label and type."""

    key: str
    label: str
    value: float | int
    type: ColumnType = "int"


@dataclass
class Table:
    """Rows under columns; long tables stream their rows from the database instead of holding them."""

    key: str
    title: str
    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    total: int | None = None
    stream: Callable[[], Iterator[tuple[Any, ...]]] | None = None

    @property
    def row_count(self) -> int:
        """How many rows the table has in all."""
        return self.total if self.total is not None else len(self.rows)

    def iter_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every row, streamed when the table is long."""
        return self.stream() if self.stream is not None else iter(self.rows)


@dataclass(frozen=True)
class Series:
    """A month-by-month count with its total and the total of the period before."""

    key: str
    title: str
    points: list[tuple[date, int]]
    previous_total: int

    @property
    def total(self) -> int:
        """The sum over the period."""
        return sum(v for _, v in self.points)

    @property
    def change(self) -> float | None:
        """The change against the previous period, as a fraction (None when it had nothing)."""
        return None if not self.previous_total else (self.total - self.previous_total) / self.previous_total


@dataclass
class Report:
    """Everything one report shows, already scoped to what its reader may see."""

    kind: str
    request: ReportRequest
    tenant_name: str
    scope: str  # a message id: the whole organisation, or one's own activity and what is shared
    generated_at: datetime
    filters: list[tuple[str, str]] = field(default_factory=list)  # (label message id, value) as chosen
    metrics: list[Metric] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    heatmap: list[list[int]] | None = None  # 7 weekdays (Monday first) × 24 hours, in the tenant's time zone

    @property
    def empty(self) -> bool:
        """Nothing happened in the period (what the page and the files say instead of blank charts)."""
        return not any(m.value for m in self.metrics if m.key in ACTIVITY_METRICS) and not any(
            s.total for s in self.series
        )


ACTIVITY_METRICS = frozenset(
    {"pocsCreated", "pocsUpdated", "pocsDeleted", "dojosHeld", "favoritesAdded", "collectionsCreated"}
)
