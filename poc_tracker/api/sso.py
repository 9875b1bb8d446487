"""Identifier-first sign-in: which way an e-mail signs in, and the provider's way back."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from poc_tracker.api.deps import SessionDep
from poc_tracker.api.identity_schemas import DiscoverAnswer, DiscoverRequest
from poc_tracker.errors import DomainError
from poc_tracker.services import browser_sessions, sessions, sso

router = APIRouter(prefix="/auth", tags=["auth"])
log = logging.getLogger(__name__)

SSO_PAGE = "/sso"


@router.post("/discover", response_model=DiscoverAnswer)
def discover(body: DiscoverRequest, session: SessionDep) -> DiscoverAnswer:
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
def callback(session: SessionDep, state: str = "", code: str = "", error: str = "") -> RedirectResponse:
    """The provider sends the browser here; it goes on to the app holding a one-minute sign-in grant."""
    try:
        found = sso.finish(session, state=state[:512], code=code[:2048], error=error[:100])
        pair = sessions.issue_tokens(session, found.user)
        grant = browser_sessions.grant_for(session, pair)
        session.commit()
    except DomainError as exc:
        session.rollback()
        log.info("sso refused", extra={"event": "sso_refused", "details": {"code": exc.code}})
        return _page("error=" + quote(exc.code))
    return _page("grant=" + quote(grant))
