"""Identifier-first sign-in: which way an e-mail signs in, and the provider's way back."""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from poc_tracker.api.deps import system_session_dep
from poc_tracker.api.identity_schemas import DiscoverAnswer, DiscoverRequest
from poc_tracker.errors import DomainError
from poc_tracker.services import browser_sessions, mfa_login, sso

# No tenant is known when the request arrives; the service narrows to the one the token or link names.
SsoSession = Annotated[Session, Depends(system_session_dep("sso: the e-mail's domain names the tenant"))]

router = APIRouter(prefix="/auth", tags=["auth"])
log = logging.getLogger(__name__)

SSO_PAGE = "/sso"


@router.post("/discover", response_model=DiscoverAnswer)
def discover(body: DiscoverRequest, session: SsoSession) -> DiscoverAnswer:
    """``oidc`` and where to go for an address of a domain with a provider; else ``password`` (whatever the account)."""
    url = sso.start(session, email=body.email)
    session.commit()
    return DiscoverAnswer(method="oidc", redirect_url=url) if url else DiscoverAnswer(method="password")


def _page(fragment: str) -> RedirectResponse:
    """Back to the app's SSO page; what it needs rides in the fragment (never sent to a server or a Referer)."""
    res = RedirectResponse(f"{SSO_PAGE}#{fragment}", status_code=303)
    res.headers["Cache-Control"] = "no-store"
    res.headers["Referrer-Policy"] = "no-referrer"
    return res


@router.get("/oidc/callback", include_in_schema=True)
def callback(session: SsoSession, state: str = "", code: str = "", error: str = "") -> RedirectResponse:
    """The provider sends the browser here; it goes on to the app holding a one-minute sign-in grant."""
    try:
        found = sso.finish(session, state=state[:512], code=code[:2048], error=error[:100])
        outcome = mfa_login.after_first_factor(
            session, found.user, amr=found.amr, method="oidc", provider=str(found.provider_id)
        )
        grant = browser_sessions.grant_for(session, outcome.pair) if outcome.pair else ""
        session.commit()
    except DomainError as exc:
        session.rollback()
        log.info("sso refused", extra={"event": "sso_refused", "details": {"code": exc.code}})
        return _page("error=" + quote(exc.code))
    if outcome.pair is None:  # a second factor is owed: the sign-in page's MFA step takes the token from here
        enroll = "1" if outcome.enrollment_required else "0"
        return _page(f"mfaToken={quote(outcome.mfa_token)}&enroll={enroll}&methods={quote(','.join(outcome.methods))}")
    return _page("grant=" + quote(grant))
