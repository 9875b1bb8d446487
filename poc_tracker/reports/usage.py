"""The usage report: what the tenant (or the member) did in the period, counted by the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, outerjoin
from sqlmodel import Session, col, select

from poc_tracker.i18n import N_
from poc_tracker.models import Collection, Dojo, DojoParticipant, Favorite, Poc, SearchQuery, Tenant, User
from poc_tracker.reports.model import Column, Metric, Table
from poc_tracker.reports.params import ReportRequest
from poc_tracker.reports.scope import Scope
from poc_tracker.settings import get_settings

STATUS_LABELS = (
    ("idea", N_("Ideia")),
    ("in_progress", N_("Em andamento")),
    ("done", N_("Concluída")),
    ("archived", N_("Arquivada")),
)
DECISION_LABELS = (
    ("go", N_("Seguir")),
    ("no_go", N_("Não seguir")),
    ("pivot", N_("Pivotar")),
    ("pending", N_("Pendente")),
)
GIB = 1 << 30


def _in(column: object, req: ReportRequest) -> ColumnElement[bool]:
    return and_(col(column) >= req.start, col(column) < req.end)


def touched_in(req: ReportRequest) -> ColumnElement[bool]:
    """Created or changed in the period; as ``updated_at >= created_at`` always, two index-friendly ranges."""
    return and_(col(Poc.updated_at) >= req.start, col(Poc.created_at) < req.end)


def changed_in(req: ReportRequest) -> ColumnElement[bool]:
    """Changed in the period after being created (a creation alone is no change)."""
    return and_(_in(Poc.updated_at, req), col(Poc.updated_at) > col(Poc.created_at))


def _scalar(session: Session, query: Any) -> int:
    return int(session.exec(query).one() or 0)


def minutes_between(session: Session, start: object, end: object) -> ColumnElement:
    """Minutes from one timestamp column to another, in the database's own arithmetic."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", col(end) - col(start)) / 60
    return (func.julianday(end) - func.julianday(start)) * 1440


def poc_metrics(session: Session, scope: Scope, req: ReportRequest) -> list[Metric]:
    """POCs created, updated, deleted, active authors, files, storage against the plan and its cost.

    One pass over the tenant's POCs: every number is an aggregate with its own FILTER.
    """
    alive = col(Poc.deleted_at).is_(None)
    touched = touched_in(req)
    row = session.exec(
        select(
            func.count().filter(_in(Poc.created_at, req)),
            func.count().filter(changed_in(req)),
            func.count().filter(_in(Poc.deleted_at, req)),
            func.count(distinct(Poc.owner_id)).filter(touched),
            func.coalesce(func.sum(Poc.file_count).filter(alive), 0),
            func.coalesce(func.sum(Poc.total_bytes).filter(alive), 0),
        ).where(scope.pocs())
    ).one()
    created, updated, deleted, authors, files, stored = (int(v or 0) for v in row)
    plan = session.exec(select(Tenant.plan).where(Tenant.id == scope.actor.tenant_id)).one()
    limit = int(get_settings().plan_limits.get(plan, {}).get("storage_bytes", 0))
    price = get_settings().report_storage_price_brl
    return [
        Metric("pocsCreated", N_("POCs criadas"), created),
        Metric("pocsUpdated", N_("POCs alteradas"), updated),
        Metric("pocsDeleted", N_("POCs excluídas"), deleted),
        Metric("activeAuthors", N_("Autores ativos"), authors),
        Metric("files", N_("Arquivos"), files),
        Metric("storageBytes", N_("Armazenamento usado"), stored, "bytes"),
        Metric("storageLimitBytes", N_("Limite do plano"), limit, "bytes"),
        Metric("storageUsed", N_("Uso do plano"), round(stored / limit, 4) if limit else 0.0, "percent"),
        Metric("storageCost", N_("Custo estimado do armazenamento (mês)"), round(stored / GIB * price, 2), "money"),
    ]


def organise_metrics(session: Session, scope: Scope, req: ReportRequest) -> list[Metric]:
    """Favourites given and collections made in the period."""
    favorites = _scalar(
        session,
        select(func.count())
        .select_from(Favorite)
        .join(Poc, col(Poc.id) == Favorite.poc_id)
        .where(scope.pocs(), _in(Favorite.created_at, req), scope.people(Favorite.user_id)),
    )
    visible = or_(col(Collection.visibility) == "tenant", col(Collection.owner_id) == scope.actor.user_id)
    collections = _scalar(
        session,
        select(func.count()).where(
            Collection.tenant_id == scope.actor.tenant_id,
            visible,
            _in(Collection.created_at, req),
            scope.people(Collection.owner_id),
        ),
    )
    return [
        Metric("favoritesAdded", N_("Favoritas marcadas"), favorites),
        Metric("collectionsCreated", N_("Coleções criadas"), collections),
    ]


def dojo_metrics(session: Session, scope: Scope, req: ReportRequest) -> list[Metric]:
    """Dojos held, distinct participants, minutes of those that ended, POCs saved from them."""
    where = and_(scope.dojos(), _in(Dojo.created_at, req))
    held = _scalar(session, select(func.count()).where(where))
    people = _scalar(
        session,
        select(func.count(distinct(DojoParticipant.user_id)))
        .join(Dojo, col(Dojo.id) == DojoParticipant.dojo_id)
        .where(where, col(DojoParticipant.removed).is_(False)),
    )
    minutes = session.exec(
        select(func.coalesce(func.sum(minutes_between(session, Dojo.created_at, Dojo.ended_at)), 0)).where(
            where, col(Dojo.ended_at).is_not(None)
        )
    ).one()
    saved = _scalar(session, select(func.count()).where(where, col(Dojo.poc_id).is_not(None)))
    return [
        Metric("dojosHeld", N_("Dojos realizados"), held),
        Metric("dojoParticipants", N_("Participantes de Dojos"), people),
        Metric("dojoMinutes", N_("Minutos de Dojo"), round(float(minutes or 0))),
        Metric("pocsFromDojos", N_("POCs salvas de Dojos"), saved),
    ]


def languages_table(session: Session, scope: Scope, req: ReportRequest) -> Table:
    """POCs created per language in the period, with the storage they use now."""
    rows = session.exec(
        select(Poc.language, func.count(), func.coalesce(func.sum(Poc.total_bytes), 0))
        .where(scope.pocs(), _in(Poc.created_at, req))
        .group_by(Poc.language)
        .order_by(func.count().desc(), Poc.language)
    ).all()
    columns = [
        Column("language", N_("Linguagem")),
        Column("pocsCreated", N_("POCs criadas"), "int"),
        Column("storageBytes", N_("Armazenamento"), "bytes"),
    ]
    return Table("languages", N_("POCs por linguagem"), columns, [(lang, int(n), int(b)) for lang, n, b in rows])


def authors_table(session: Session, scope: Scope, req: ReportRequest, top: int = 20) -> Table:
    """The most active authors: POCs they created and changed in the period (grouped first, then named)."""
    created = func.sum(case((_in(Poc.created_at, req), 1), else_=0))
    rows = session.exec(
        select(Poc.owner_id, created, func.count())
        .where(scope.pocs(), touched_in(req))
        .group_by(Poc.owner_id)
        .order_by(func.count().desc(), Poc.owner_id)
        .limit(top)
    ).all()
    ids = [owner for owner, _, _ in rows]
    names = dict(session.exec(select(User.id, User.name).where(col(User.id).in_(ids))).all()) if ids else {}
    columns = [
        Column("author", N_("Autor(a)")),
        Column("pocsCreated", N_("POCs criadas"), "int"),
        Column("pocsTouched", N_("POCs criadas ou alteradas"), "int"),
    ]
    found = [(names.get(owner, ""), int(c or 0), int(t)) for owner, c, t in rows]
    return Table("authors", N_("Autores mais ativos"), columns, found)


def pocs_columns() -> list[Column]:
    """The columns of the POC table (one row per POC)."""
    return [
        Column("name", N_("POC")),
        Column("author", N_("Autor(a)")),
        Column("language", N_("Linguagem")),
        Column("status", N_("Situação"), labels=STATUS_LABELS),
        Column("decision", N_("Decisão"), labels=DECISION_LABELS),
        Column("createdOn", N_("Criada em"), "date"),
        Column("updatedAt", N_("Alterada em"), "datetime"),
        Column("files", N_("Arquivos"), "int"),
        Column("storageBytes", N_("Armazenamento"), "bytes"),
        Column("storageCost", N_("Custo (mês)"), "money"),
        Column("stars", N_("Estrelas"), "int"),
    ]


def pocs_table(session: Session, scope: Scope, req: ReportRequest, page: tuple[int, int] | None = None) -> Table:
    """Every POC created or changed in the period (streamed, never held), or one page of them for the screen."""
    stars = (
        select(Favorite.poc_id, func.count().label("stars"))
        .where(Favorite.tenant_id == scope.actor.tenant_id)
        .group_by(Favorite.poc_id)
        .subquery()
    )
    where = and_(scope.pocs(), touched_in(req))
    total = _scalar(session, select(func.count()).where(where))
    price = get_settings().report_storage_price_brl
    query = (
        select(
            Poc.name,
            User.name,
            Poc.language,
            Poc.status,
            Poc.decision,
            Poc.created_at,
            Poc.updated_at,
            Poc.file_count,
            Poc.total_bytes,
            func.coalesce(stars.c.stars, 0),
        )
        .select_from(outerjoin(Poc, stars, stars.c.poc_id == Poc.id))
        .join(User, col(User.id) == Poc.owner_id)
        .where(where)
        .order_by(col(Poc.created_at), col(Poc.id))
    )
    if page is not None:
        number, size = page
        query = query.offset((number - 1) * size).limit(size)
    tz = req.tz

    def stream() -> Iterator[tuple[Any, ...]]:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(tz)
        for name, author, lang, status, decision, created, changed, files, size, n in session.exec(
            query.execution_options(yield_per=2000)
        ):
            cost = round(size / GIB * price, 2)
            yield (name, author, lang, status, decision, created.astimezone(zone).date(), changed, files, size, cost, n)

    columns = pocs_columns()
    return Table("pocs", N_("POCs criadas ou alteradas no período"), columns, total=total, stream=stream)


def dojos_table(session: Session, scope: Scope, req: ReportRequest, top: int = 200) -> Table:
    """The Dojos of the period with their participants and minutes."""
    people = func.count(distinct(DojoParticipant.user_id))
    minutes = func.coalesce(minutes_between(session, Dojo.created_at, Dojo.ended_at), 0)
    rows = session.exec(
        select(Dojo.title, Dojo.created_at, people, minutes)
        .select_from(outerjoin(Dojo, DojoParticipant, col(DojoParticipant.dojo_id) == Dojo.id))
        .where(scope.dojos(), _in(Dojo.created_at, req))
        .group_by(Dojo.id, Dojo.title, Dojo.created_at, Dojo.ended_at)
        .order_by(col(Dojo.created_at))
        .limit(top)
    ).all()
    columns = [
        Column("title", N_("Dojo")),
        Column("heldAt", N_("Data"), "datetime"),
        Column("participants", N_("Participantes"), "int"),
        Column("minutes", N_("Minutos"), "int"),
    ]
    return Table("dojos", N_("Dojos do período"), columns, [(t, at, int(p), round(float(m))) for t, at, p, m in rows])


def _searches(scope: Scope, req: ReportRequest) -> ColumnElement[bool]:
    return and_(
        col(SearchQuery.tenant_id) == scope.actor.tenant_id,
        _in(SearchQuery.created_at, req),
        scope.people(SearchQuery.user_id),
    )


def search_metrics(session: Session, scope: Scope, req: ReportRequest) -> list[Metric]:
    """Searches made in the period and how many of them found nothing."""
    made, empty = session.exec(
        select(func.count(), func.count().filter(col(SearchQuery.hits) == 0)).where(_searches(scope, req))
    ).one()
    return [
        Metric("searches", N_("Buscas feitas"), int(made or 0)),
        Metric("searchesWithoutResults", N_("Buscas sem resultado"), int(empty or 0)),
    ]


def unanswered_table(session: Session, scope: Scope, req: ReportRequest, top: int = 20) -> Table:
    """The searches that found nothing most often: what the team looks for and has not written down."""
    rows = session.exec(
        select(SearchQuery.query, func.count(), func.max(SearchQuery.created_at))
        .where(_searches(scope, req), col(SearchQuery.hits) == 0)
        .group_by(SearchQuery.query)
        .order_by(func.count().desc(), SearchQuery.query)
        .limit(top)
    ).all()
    columns = [
        Column("query", N_("Busca")),
        Column("searches", N_("Vezes"), "int"),
        Column("lastSearchedAt", N_("Última vez"), "datetime"),
    ]
    return Table(
        "searchesWithoutResults",
        N_("Buscas mais frequentes sem resultado"),
        columns,
        [(query, int(n), last) for query, n, last in rows],
    )
