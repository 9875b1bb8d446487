"""FastAPI dependencies: the database session, the caller's locale and the acting user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlmodel import Session

from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.db import UnitOfWork, new_session, new_system_session, scope_to_tenant
from poc_tracker.errors import Unauthorized
from poc_tracker.i18n import negotiate
from poc_tracker.logs import bind_context
from poc_tracker.metrics import TENANT_REQUESTS
from poc_tracker.services.actor import Actor
from poc_tracker.services.login_guard import client_address
from poc_tracker.services.sessions import client_agent
from poc_tracker.services.users import actor_for
from poc_tracker.telemetry import tag_actor


def _closing(session: UnitOfWork) -> Iterator[Session]:
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def get_session() -> Iterator[Session]:
    """A session that sees no tenant's rows until ``current_actor`` narrows it to the caller's; the route commits."""
    yield from _closing(new_session())


def system_session_dep(reason: str) -> Callable[[], Iterator[Session]]:
    """A dependency giving a system-scope session, for the routes no tenant is known for yet (sign-up, sign-in)."""

    def system_session() -> Iterator[Session]:
        yield from _closing(new_system_session(reason=reason))

    return system_session


def get_locale(request: Request) -> str:
    """The caller's language from Accept-Language (pt-BR by default)."""
    return negotiate(request.headers.get("accept-language"))


async def bind_client_address(request: Request) -> None:
    """Tell the sign-in service which address and device are trying; async, so the route's thread sees it."""
    client_address.set(request.client.host if request.client else None)
    client_agent.set(request.headers.get("user-agent"))


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
    """The bearer token of the Authorization header, or Unauthorized."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized()
    return token.strip()


SessionDep = Annotated[Session, Depends(get_session)]
LocaleDep = Annotated[str, Depends(get_locale)]


def current_actor(session: SessionDep, token: Annotated[str, Depends(bearer_token)]) -> Actor:
    """The signed-in, active user; their session is narrowed to their tenant."""
    claims = decode_access_token(token)
    bind_context(tenant_id=str(claims.tenant_id))  # a verified token: its statements belong to this tenant
    scope_to_tenant(session, claims.tenant_id)
    actor = actor_for(session, user_id=claims.user_id, tenant_id=claims.tenant_id, session_id=claims.session_id)
    bind_context(tenant_id=str(actor.tenant_id), user_id=str(actor.user_id))
    tag_actor(tenant_id=actor.tenant_id, user_id=actor.user_id)
    TENANT_REQUESTS.labels(str(actor.tenant_id)).inc()
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
