"""What an export holds: one section per table, the rows of the people and POCs in scope, and their columns.

Each section is one table; its JSON records, its CSV and its JSON Schema are all derived from the table's
columns, so a column added to a table reaches the export, the CSV and the schema together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlmodel import SQLModel, col

from poc_tracker.i18n import N_
from poc_tracker.models import (
    AccountToken,
    AuditLog,
    Collection,
    CollectionItem,
    ConsentRecord,
    Dojo,
    DojoEvent,
    DojoParticipant,
    Favorite,
    Invitation,
    MailMessage,
    Passkey,
    Poc,
    PocFile,
    PocVersion,
    PrivacyRequest,
    RefreshToken,
    ReportSchedule,
    SearchQuery,
    TotpFactor,
    User,
    UserIdentity,
    VideoOffer,
)


@dataclass(frozen=True)
class ExportScope:
    """Whose data an export holds: people of one tenant and POCs of that tenant (a tenant export: all of them)."""

    tenant_id: uuid.UUID
    user_ids: frozenset[uuid.UUID]
    poc_ids: frozenset[uuid.UUID]
    emails: frozenset[str] = field(default_factory=frozenset)  # the people's addresses (mail, invitations to them)


Where = Callable[[ExportScope], list[ColumnElement[bool]]]


@dataclass(frozen=True)
class Section:
    """One table in the export: its key in data.json, what it holds (pt-BR), its rows and the columns left out."""

    key: str
    title: str
    model: type[SQLModel]
    where: Where
    omit: tuple[str, ...] = ()  # secrets (hashes, sealed keys) and mail bodies: never exported


def _users(column: Any) -> Where:
    return lambda s: [col(column).in_(s.user_ids)]


def _pocs(column: Any) -> Where:
    return lambda s: [col(column).in_(s.poc_ids)]


def _about_people(s: ExportScope) -> list[ColumnElement[bool]]:
    targets = [str(u) for u in s.user_ids]
    return [
        or_(
            col(AuditLog.actor_id).in_(s.user_ids),
            (AuditLog.target_type == "user") & col(AuditLog.target_id).in_(targets),
        )
    ]


def _collection_items(s: ExportScope) -> list[ColumnElement[bool]]:
    from sqlmodel import select

    return [
        col(CollectionItem.collection_id).in_(select(Collection.id).where(col(Collection.owner_id).in_(s.user_ids)))
    ]


SECTIONS: tuple[Section, ...] = (
    Section(
        "users", N_("Perfil: nome, e-mail, idioma, papéis e datas da conta"), User, _users(User.id), ("password_hash",)
    ),
    Section(
        "consents",
        N_("Consentimentos dados e revogados, com versão, data e canal"),
        ConsentRecord,
        _users(ConsentRecord.user_id),
    ),
    Section(
        "privacyRequests",
        N_("Pedidos de titular (LGPD art. 18) e seus protocolos"),
        PrivacyRequest,
        _users(PrivacyRequest.user_id),
    ),
    Section(
        "signIns",
        N_("Sessões abertas (entradas na conta) e o dispositivo"),
        RefreshToken,
        _users(RefreshToken.user_id),
        ("token_hash",),
    ),
    Section(
        "identities",
        N_("Contas vinculadas em provedores de login único (SSO)"),
        UserIdentity,
        _users(UserIdentity.user_id),
    ),
    Section(
        "passkeys",
        N_("Chaves de acesso cadastradas (sem a chave pública)"),
        Passkey,
        _users(Passkey.user_id),
        ("public_key", "credential_id"),
    ),
    Section(
        "authenticatorApps",
        N_("Aplicativo autenticador (sem o segredo)"),
        TotpFactor,
        _users(TotpFactor.user_id),
        ("secret_sealed", "last_used_step"),
    ),
    Section(
        "accountLinks",
        N_("Links enviados por e-mail (verificação, redefinição de senha)"),
        AccountToken,
        _users(AccountToken.user_id),
        ("token_hash",),
    ),
    Section(
        "invitations",
        N_("Convites recebidos neste e-mail"),
        Invitation,
        lambda s: [col(Invitation.email).in_(s.emails), Invitation.tenant_id == s.tenant_id],
        ("token_hash",),
    ),
    Section(
        "mail",
        N_("E-mails enviados à pessoa (assunto e datas; o corpo é apagado após o envio)"),
        MailMessage,
        lambda s: [col(MailMessage.to_address).in_(s.emails)],
        ("text_body", "html_body", "attachments"),
    ),
    Section("pocs", N_("POCs de autoria da pessoa"), Poc, _pocs(Poc.id)),
    Section(
        "pocFiles", N_("Arquivos atuais das POCs (o conteúdo está na pasta arquivos/)"), PocFile, _pocs(PocFile.poc_id)
    ),
    Section("pocVersions", N_("Versões das POCs"), PocVersion, _pocs(PocVersion.poc_id)),
    Section("favorites", N_("POCs favoritadas"), Favorite, _users(Favorite.user_id)),
    Section("searches", N_("Buscas feitas"), SearchQuery, _users(SearchQuery.user_id)),
    Section("collections", N_("Coleções criadas"), Collection, _users(Collection.owner_id)),
    Section("collectionItems", N_("POCs dentro das coleções criadas"), CollectionItem, _collection_items),
    Section("dojosHosted", N_("Dojos conduzidos"), Dojo, _users(Dojo.host_id), ("join_code",)),
    Section("dojoParticipations", N_("Participação em Dojos"), DojoParticipant, _users(DojoParticipant.user_id)),
    Section(
        "dojoMessages",
        N_("Mensagens e ações nos Dojos (chat, edições, reações)"),
        DojoEvent,
        _users(DojoEvent.actor_id),
    ),
    Section(
        "reportSchedules",
        N_("Relatórios recebidos por e-mail"),
        ReportSchedule,
        _users(ReportSchedule.owner_id),
        ("unsubscribe_hash",),
    ),
    Section("videoOffers", N_("Avisos da Retrospectiva anual"), VideoOffer, _users(VideoOffer.user_id)),
    Section(
        "auditEvents",
        N_("Registro de auditoria: o que a pessoa fez e o que foi feito com a conta"),
        AuditLog,
        _about_people,
    ),
)


def camel(name: str) -> str:
    """snake_case → camelCase, as the API speaks."""
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def columns_of(section: Section) -> list[Any]:
    """The exported columns of a section's table, in table order."""
    return [c for c in section.model.__table__.columns if c.name not in section.omit]  # type: ignore[attr-defined]
