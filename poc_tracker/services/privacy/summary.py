"""Confirmation and access at once (LGPD art. 19, I): what is kept about the person, counted, on one page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from poc_tracker.models import PrivacyRequest
from poc_tracker.services.actor import Actor
from poc_tracker.services.privacy import consents
from poc_tracker.services.privacy.deletion import pending_deletion
from poc_tracker.services.privacy.export import person_scope, section_rows
from poc_tracker.services.privacy.notice import Contacts, contacts_for
from poc_tracker.services.privacy.requests import open_request
from poc_tracker.services.privacy.sections import SECTIONS


@dataclass(frozen=True)
class Summary:
    """What the person sees at once: counts per section, consents, the contacts and a deletion under way."""

    counts: dict[str, int]
    consents: list[consents.Consent]
    contacts: Contacts
    needs_notice: bool
    deletion: PrivacyRequest | None


def counts_for(session: Session, actor: Actor) -> dict[str, int]:
    """How many records each export section holds about the actor."""
    scope = person_scope(session, tenant_id=actor.tenant_id, user_id=actor.user_id)
    return {s.key: len(section_rows(session, s, scope)) for s in SECTIONS}


def summary(session: Session, *, actor: Actor) -> Summary:
    """The confirmation-and-access answer."""
    return Summary(
        counts=counts_for(session, actor),
        consents=consents.current(session, actor=actor),
        contacts=contacts_for(session, actor.tenant_id),
        needs_notice=consents.needs_notice(session, actor=actor),
        deletion=pending_deletion(session, actor.user_id),
    )


def record_access(session: Session, *, actor: Actor) -> PrivacyRequest:
    """A confirmation-and-access request, answered at once: in the ledger with the counts given."""
    return open_request(
        session,
        tenant_id=actor.tenant_id,
        user_id=actor.user_id,
        kind="access",
        status="done",
        details={"counts": counts_for(session, actor)},
    )
