"""Who sees what in a report: admins and owners the whole tenant; members their own activity and what is shared.

Every condition here is SQL (``WHERE`` clauses and ``EXISTS`` subqueries): the queries count in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, true
from sqlmodel import Session, col, select

from poc_tracker.errors import Forbidden
from poc_tracker.i18n import N_
from poc_tracker.models import Collection, CollectionItem, Dojo, DojoParticipant, Poc, PocTag, User
from poc_tracker.reports.params import Filters
from poc_tracker.services.actor import Actor
from poc_tracker.services.collections import access_collection_by_id
from poc_tracker.services.users import access_user_by_id

WHOLE_TENANT = N_("Toda a organização")
OWN_AND_SHARED = N_("Sua atividade e o que é compartilhado com toda a organização")


def require_reports(actor: Actor) -> None:
    """Viewers see no reports."""
    if not actor.can("pocs:write"):
        raise Forbidden("Seu papel não dá acesso aos relatórios.", code="reports_forbidden")


def sees_whole_tenant(actor: Actor) -> bool:
    """Admins and owners report on everyone."""
    return actor.can("users:read")


@dataclass(frozen=True)
class Scope:
    """The SQL conditions of one reader's report."""

    actor: Actor
    filters: Filters

    @property
    def label(self) -> str:
        """What the report covers, as a message id."""
        return WHOLE_TENANT if sees_whole_tenant(self.actor) else OWN_AND_SHARED

    def pocs(self) -> ColumnElement[bool]:
        """The POCs the report counts: the tenant's (or the member's own and shared ones), filtered."""
        conditions = [col(Poc.tenant_id) == self.actor.tenant_id]
        if not sees_whole_tenant(self.actor):
            shared = (
                select(CollectionItem.poc_id)
                .join(Collection, col(Collection.id) == CollectionItem.collection_id)
                .where(
                    CollectionItem.poc_id == Poc.id,
                    Collection.visibility == "tenant",
                    Collection.tenant_id == self.actor.tenant_id,
                )
                .correlate(Poc)
                .exists()
            )
            conditions.append(or_(col(Poc.owner_id) == self.actor.user_id, shared))
        f = self.filters
        if f.language:
            conditions.append(col(Poc.language) == f.language)
        for tag in f.tags:
            conditions.append(
                select(PocTag.poc_id).where(PocTag.poc_id == Poc.id, PocTag.tag == tag).correlate(Poc).exists()
            )
        if f.author_id:
            conditions.append(col(Poc.owner_id) == f.author_id)
        if f.collection_id:
            in_collection = select(CollectionItem.poc_id).where(
                CollectionItem.poc_id == Poc.id, CollectionItem.collection_id == f.collection_id
            )
            conditions.append(in_collection.correlate(Poc).exists())
        return and_(*conditions)

    def dojos(self) -> ColumnElement[bool]:
        """The Dojos counted: the tenant's, or those the member hosted or joined; by author when filtered."""
        conditions = [col(Dojo.tenant_id) == self.actor.tenant_id]
        person = self.filters.author_id or (None if sees_whole_tenant(self.actor) else self.actor.user_id)
        if person:
            joined = (
                select(DojoParticipant.user_id)
                .where(DojoParticipant.dojo_id == Dojo.id, DojoParticipant.user_id == person)
                .correlate(Dojo)
                .exists()
            )
            conditions.append(or_(col(Dojo.host_id) == person, joined))
        if self.filters.language:
            conditions.append(col(Dojo.language) == self.filters.language)
        return and_(*conditions)

    def people(self, column: object) -> ColumnElement[bool]:
        """Rows written by whom the reader may report on (their own, unless admin; the author filter)."""
        person = self.filters.author_id or (None if sees_whole_tenant(self.actor) else self.actor.user_id)
        return col(column) == person if person else true()


def filter_labels(session: Session, actor: Actor, filters: Filters) -> list[tuple[str, str]]:
    """The filters as the cover shows them; an author or collection the reader cannot see is not found."""
    shown: list[tuple[str, str]] = []
    if filters.language:
        shown.append((N_("Linguagem"), filters.language))
    if filters.tags:
        shown.append((N_("Tags"), ", ".join(filters.tags)))
    if filters.author_id:
        author = access_user_by_id(session, actor, filters.author_id)
        if not sees_whole_tenant(actor) and author.id != actor.user_id:
            raise Forbidden("Você só pode ver relatórios da sua própria atividade.", code="reports_other_author")
        shown.append((N_("Autor(a)"), author.name))
    if filters.collection_id:
        shown.append((N_("Coleção"), access_collection_by_id(session, actor, filters.collection_id).name))
    return shown


def author_names(session: Session, actor: Actor) -> dict:
    """Every person's name in the tenant (small: people, not POCs)."""
    return dict(session.exec(select(User.id, User.name).where(User.tenant_id == actor.tenant_id)).all())
