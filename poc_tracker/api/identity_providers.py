"""Identity providers of my organisation (admins): list, add, read, change, remove, test."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.identity_schemas import (
    ConnectionPublic,
    ProviderCreate,
    ProviderPublic,
    ProvidersPublic,
    ProviderUpdate,
)
from poc_tracker.services import identity_providers as providers
from poc_tracker.services.sso import redirect_uri

router = APIRouter(prefix="/identity-providers", tags=["identity providers"])


@router.get("", response_model=ProvidersPublic)
def list_providers(session: SessionDep, actor: CurrentActor) -> ProvidersPublic:
    """My organisation's identity providers."""
    rows = providers.list_providers(session, actor=actor)
    return ProvidersPublic(data=[ProviderPublic.of(v, redirect_uri()) for v in rows], count=len(rows))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProviderPublic)
def create_provider(body: ProviderCreate, session: SessionDep, actor: CurrentActor) -> ProviderPublic:
    """Add a provider; its discovery document and keys are fetched and checked first."""
    view = providers.create_provider(session, actor=actor, data=body.to_input())
    session.commit()
    return ProviderPublic.of(view, redirect_uri())


@router.get("/{provider_id}", response_model=ProviderPublic)
def read_provider(provider_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> ProviderPublic:
    """One provider."""
    return ProviderPublic.of(providers.get_provider(session, actor=actor, provider_id=provider_id), redirect_uri())


@router.patch("/{provider_id}", response_model=ProviderPublic)
def update_provider(
    provider_id: uuid.UUID, body: ProviderUpdate, session: SessionDep, actor: CurrentActor
) -> ProviderPublic:
    """Change a provider (a missing secret keeps the stored one); checked against the provider again."""
    view = providers.update_provider(session, actor=actor, provider_id=provider_id, data=body.to_input())
    session.commit()
    return ProviderPublic.of(view, redirect_uri())


@router.delete("/{provider_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_provider(provider_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Remove a provider; its people keep their accounts."""
    providers.delete_provider(session, actor=actor, provider_id=provider_id)
    session.commit()


@router.post("/{provider_id}/test", response_model=ConnectionPublic)
def test_provider(provider_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> ConnectionPublic:
    """Fetch the provider's discovery document and keys now."""
    found = providers.check_provider(session, actor=actor, provider_id=provider_id)
    session.commit()
    return ConnectionPublic(issuer=found.issuer, keys=found.keys)
