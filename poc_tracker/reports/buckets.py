"""Counts per hour from the database, folded into local months and a weekday × hour grid in Python.

The database groups (at most 24 rows a day of the period); the time zone is applied to those buckets,
which is exact for every zone whose offset is whole hours (Brazil's are), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, literal, literal_column
from sqlmodel import Session, select

from poc_tracker.reports.params import ReportRequest


def hour_of(session: Session, column: object) -> ColumnElement:
    """The UTC hour an instant falls in, as the database spells it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", column.op("AT TIME ZONE")(literal_column("'UTC'")))
    return func.strftime("%Y-%m-%d %H:00:00", column)


def hourly_counts(session: Session, column: object, *where: object) -> list[tuple[datetime, int]]:
    """How many rows fall in each UTC hour (aware datetimes), counted by the database."""
    bucket = hour_of(session, column).label("bucket")
    rows = session.exec(select(bucket, func.count()).where(*where).group_by(bucket)).all()
    return [(_as_utc(b), int(n)) for b, n in rows]


def _as_utc(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def months_of(req: ReportRequest) -> list[date]:
    """The first day of every month the period touches."""
    out, current = [], req.first_day.replace(day=1)
    while current <= req.last_day:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def by_month(req: ReportRequest, counts: Iterable[tuple[datetime, int]]) -> list[tuple[date, int]]:
    """Hourly counts summed per local month, every month of the period present (zeros included)."""
    tz = ZoneInfo(req.tz)
    totals: Counter[date] = Counter()
    for moment, n in counts:
        local = moment.astimezone(tz)
        totals[date(local.year, local.month, 1)] += n
    return [(m, totals.get(m, 0)) for m in months_of(req)]


def weekday_hour_grid(tz: str, counts: Iterable[tuple[datetime, int]]) -> list[list[int]]:
    """7 × 24 counts (Monday first) in local time."""
    grid = [[0] * 24 for _ in range(7)]
    zone = ZoneInfo(tz)
    for moment, n in counts:
        local = moment.astimezone(zone)
        grid[local.weekday()][local.hour] += n
    return grid


def _local(column: object, tz: str) -> ColumnElement:
    """PostgreSQL: the instant as a local timestamp in ``tz`` (it knows every zone's rules)."""
    return column.op("AT TIME ZONE")(literal(tz))


def month_counts(session: Session, req: ReportRequest, column: object, *where: object) -> list[tuple[date, int]]:
    """Rows per local month of the period (every month present); PostgreSQL groups by month itself."""
    if session.get_bind().dialect.name != "postgresql":
        return by_month(req, hourly_counts(session, column, *where))
    bucket = func.date_trunc("month", _local(column, req.tz)).label("bucket")
    found = {b.date(): int(n) for b, n in session.exec(select(bucket, func.count()).where(*where).group_by(bucket))}
    return [(m, found.get(m, 0)) for m in months_of(req)]


def grid_counts(session: Session, tz: str, column: object, *where: object) -> list[list[int]]:
    """Rows per local weekday (Monday first) and hour; PostgreSQL groups by both itself."""
    if session.get_bind().dialect.name != "postgresql":
        return weekday_hour_grid(tz, hourly_counts(session, column, *where))
    local = _local(column, tz)
    day, hour = func.extract("isodow", local).label("d"), func.extract("hour", local).label("h")
    grid = [[0] * 24 for _ in range(7)]
    for d, h, n in session.exec(select(day, hour, func.count()).where(*where).group_by(day, hour)):
        grid[int(d) - 1][int(h)] += int(n)
    return grid
