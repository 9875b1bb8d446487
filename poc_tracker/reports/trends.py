"""The trends report: monthly series against the period before, rising languages and tags, decisions, stars."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, true
from sqlalchemy.sql.selectable import TableValuedAlias
from sqlmodel import Session, col, select

from poc_tracker.i18n import N_
from poc_tracker.models import AuditLog, Dojo, Favorite, Poc, User
from poc_tracker.reports.buckets import grid_counts, month_counts
from poc_tracker.reports.model import Column, Series, Table
from poc_tracker.reports.params import ReportRequest
from poc_tracker.reports.scope import Scope
from poc_tracker.reports.usage import DECISION_LABELS

CHANGE_COLUMNS = [
    Column("current", N_("No período"), "int"),
    Column("previous", N_("Período anterior"), "int"),
    Column("change", N_("Variação"), "percent"),
]


def _in(column: object, req: ReportRequest) -> ColumnElement[bool]:
    return and_(col(column) >= req.start, col(column) < req.end)


def _series(session: Session, req: ReportRequest, key: str, title: str, column: object, *where: object) -> Series:
    points = month_counts(session, req, column, *where, _in(column, req))
    previous = session.exec(select(func.count()).where(*where, _in(column, req.previous()))).one()
    return Series(key, title, points, int(previous or 0))


changed_after = col(Poc.updated_at) > col(Poc.created_at)


def monthly_series(session: Session, scope: Scope, req: ReportRequest) -> list[Series]:
    """POCs created, POCs changed and Dojos held, month by month."""
    return [
        _series(session, req, "pocsCreated", N_("POCs criadas"), Poc.created_at, scope.pocs()),
        _series(session, req, "pocsUpdated", N_("POCs alteradas"), Poc.updated_at, scope.pocs(), changed_after),
        _series(session, req, "dojosHeld", N_("Dojos realizados"), Dojo.created_at, scope.dojos()),
    ]


def series_table(series: list[Series]) -> Table:
    """The series as a table: one row per month (what the XLSX charts and the JSON carry)."""
    columns = [Column("month", N_("Mês"), "month"), *(Column(s.key, s.title, "int") for s in series)]
    months = [m for m, _ in series[0].points] if series else []
    rows = [(m, *(s.points[i][1] for s in series)) for i, m in enumerate(months)]
    return Table("monthly", N_("Mês a mês"), columns, rows)


def _change(current: int, previous: int) -> float | None:
    return None if not previous else round((current - previous) / previous, 4)


def _rising(counts_now: dict[str, int], counts_before: dict[str, int], top: int) -> list[tuple]:
    names = set(counts_now) | set(counts_before)
    rows = [(n, counts_now.get(n, 0), counts_before.get(n, 0)) for n in names]
    rows.sort(key=lambda r: (-(r[1] - r[2]), -r[1], r[0]))
    return [(n, c, p, _change(c, p)) for n, c, p in rows[:top]]


def _both_periods(req: ReportRequest) -> tuple[ColumnElement[bool], ColumnElement[bool], ColumnElement[bool]]:
    """Rows of either period (one scan), and which of the two each is in."""
    before = req.previous()
    return _in(Poc.created_at, before) | _in(Poc.created_at, req), _in(Poc.created_at, req), _in(Poc.created_at, before)


def languages_trend(session: Session, scope: Scope, req: ReportRequest, top: int = 15) -> Table:
    """Languages of new POCs, ordered from most rising to most falling (both periods in one pass)."""
    either, now, before = _both_periods(req)
    query = (
        select(Poc.language, func.count().filter(now), func.count().filter(before))
        .where(scope.pocs(), col(Poc.created_at) >= req.previous().start, col(Poc.created_at) < req.end, either)
        .group_by(Poc.language)
    )
    found = session.exec(query).all()
    rows = _rising({k: int(c) for k, c, _ in found}, {k: int(p) for k, _, p in found}, top)
    columns = [Column("language", N_("Linguagem")), *CHANGE_COLUMNS]
    return Table("languagesTrend", N_("Linguagens em alta e em baixa"), columns, rows)


def _each_tag(session: Session) -> TableValuedAlias:
    """The POC's tags as rows (read from its own JSON list: one scan of the POCs, no join)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.jsonb_array_elements_text(Poc.tags).table_valued("value").alias("tag")
    return func.json_each(Poc.tags).table_valued("value").alias("tag")


def tags_trend(session: Session, scope: Scope, req: ReportRequest, top: int = 15) -> Table:
    """Tags of new POCs, ordered from most rising to most falling (both periods in one pass)."""
    either, now, before = _both_periods(req)
    tag = _each_tag(session)
    query = (
        select(tag.c.value, func.count().filter(now), func.count().filter(before))
        .select_from(Poc)
        .join(tag, true())  # a function in FROM sees the row before it (implicitly lateral, SQLite alike)
        .where(scope.pocs(), col(Poc.created_at) >= req.previous().start, col(Poc.created_at) < req.end, either)
        .group_by(tag.c.value)
    )
    found = session.exec(query).all()
    rows = _rising({k: int(c) for k, c, _ in found}, {k: int(p) for k, _, p in found}, top)
    return Table("tagsTrend", N_("Tags em alta e em baixa"), [Column("tag", N_("Tag")), *CHANGE_COLUMNS], rows)


def decisions_table(session: Session, scope: Scope, req: ReportRequest) -> Table:
    """Decisions of the experiments created in the period (go, no-go, pivot, pending) and their share."""
    found = dict(
        session.exec(
            select(Poc.decision, func.count()).where(scope.pocs(), _in(Poc.created_at, req)).group_by(Poc.decision)
        ).all()
    )
    total = sum(int(n) for n in found.values())
    rows = [
        (code, int(found.get(code, 0)), round(int(found.get(code, 0)) / total, 4) if total else 0.0)
        for code, _ in DECISION_LABELS
    ]
    columns = [
        Column("decision", N_("Decisão"), labels=DECISION_LABELS),
        Column("pocs", N_("POCs"), "int"),
        Column("share", N_("Participação"), "percent"),
    ]
    return Table("decisions", N_("Decisões dos experimentos"), columns, rows)


def starred_table(session: Session, scope: Scope, top: int = 10) -> Table:
    """The most starred POCs of the company (all time, among those the reader may report on)."""
    stars = func.count(Favorite.user_id)
    rows = session.exec(
        select(Poc.name, User.name, Poc.language, stars)
        .join(Favorite, col(Favorite.poc_id) == Poc.id)
        .join(User, col(User.id) == Poc.owner_id)
        .where(scope.pocs(), col(Poc.deleted_at).is_(None))
        .group_by(Poc.id, Poc.name, User.name, Poc.language)
        .order_by(stars.desc(), Poc.name)
        .limit(top)
    ).all()
    columns = [
        Column("name", N_("POC")),
        Column("author", N_("Autor(a)")),
        Column("language", N_("Linguagem")),
        Column("stars", N_("Estrelas"), "int"),
    ]
    return Table("starred", N_("POCs mais estreladas"), columns, [(n, a, lang, int(s)) for n, a, lang, s in rows])


def activity_grid(session: Session, scope: Scope, req: ReportRequest) -> list[list[int]]:
    """Every recorded action in the period by local weekday and hour (the heat map)."""
    return grid_counts(
        session,
        req.tz,
        AuditLog.created_at,
        AuditLog.tenant_id == scope.actor.tenant_id,
        scope.people(AuditLog.actor_id),
        _in(AuditLog.created_at, req),
    )
