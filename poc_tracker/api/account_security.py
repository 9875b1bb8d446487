"""Account security routes of API v1: e-mail verification and change, password reset, active sign-ins."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, status
from pydantic import Field
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep, system_session_dep
from poc_tracker.api.schemas import CamelModel
from poc_tracker.i18n import gettext
from poc_tracker.services import account_email, devices, password_reset

# No tenant is known when the request arrives; the service narrows to the one the token or link names.
LinkSession = Annotated[Session, Depends(system_session_dep("account links: the token names the user"))]

router = APIRouter()


class ForgotPassword(CamelModel):
    """The address to send a reset link to (if it has an account)."""

    email: str = Field(max_length=255)


class Accepted(CamelModel):
    """The same answer whatever happened: the message to show."""

    detail: str


class ResetPassword(CamelModel):
    """A reset link's token and the new password."""

    token: str = Field(max_length=128)
    password: str = Field(max_length=128)


class LinkToken(CamelModel):
    """A token from an e-mailed link (verification or e-mail change)."""

    token: str = Field(max_length=128)


class LinkConfirmed(CamelModel):
    """What a spent link did: ``verify_email`` or ``change_email``, and the account's address now."""

    purpose: str
    email: str


class EmailChange(CamelModel):
    """A new address for my account, confirmed by my current password."""

    new_email: str = Field(max_length=255)
    current_password: str = Field(max_length=128)


class DevicePublic(CamelModel):
    """One of my active sign-ins."""

    session_id: uuid.UUID
    started_at: datetime
    last_used_at: datetime
    user_agent: str
    current: bool


class DevicesPublic(CamelModel):
    """My active sign-ins, this one first."""

    data: list[DevicePublic]


class DevicesEnded(CamelModel):
    """How many sign-ins were ended."""

    ended: int


@router.post("/auth/password/forgot", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted, tags=["auth"])
def forgot_password(body: ForgotPassword, session: LinkSession, locale: LocaleDep) -> Accepted:
    """Mail a single-use reset link; the answer (and its timing) is the same for unknown addresses."""
    started = time.monotonic()
    password_reset.request_reset(session, email=body.email, locale=locale)
    session.commit()
    password_reset.padded(started)
    return Accepted(detail=gettext(password_reset.SENT_MESSAGE, locale))


@router.post("/auth/password/reset", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"])
def reset_password(body: ResetPassword, session: LinkSession) -> None:
    """Choose a new password with a reset link's token; every sign-in of the account ends."""
    password_reset.reset_password(session, token=body.token, password=body.password)
    session.commit()


@router.post("/auth/email/confirm", response_model=LinkConfirmed, tags=["auth"])
def confirm_email(body: LinkToken, session: LinkSession) -> LinkConfirmed:
    """Spend an e-mailed link that verifies my address or confirms a new one (works once)."""
    user, purpose = account_email.confirm_link(session, token=body.token)
    session.commit()
    return LinkConfirmed(purpose=purpose, email=user.email)


@router.post("/users/me/email/verification", status_code=status.HTTP_202_ACCEPTED, tags=["users"])
def resend_verification(session: SessionDep, actor: CurrentActor) -> dict[str, bool]:
    """Mail my verification link again (``sent`` is false when my address is already verified)."""
    sent = account_email.resend_verification(session, actor=actor)
    session.commit()
    return {"sent": sent}


@router.post("/users/me/email", status_code=status.HTTP_202_ACCEPTED, tags=["users"])
def change_email(body: EmailChange, session: SessionDep, actor: CurrentActor) -> None:
    """Ask to move my account to a new address: a link to confirm it is mailed there."""
    account_email.request_email_change(session, actor=actor, new_email=body.new_email, password=body.current_password)
    session.commit()


@router.get("/users/me/sessions", response_model=DevicesPublic, tags=["users"])
def list_sessions(session: SessionDep, actor: CurrentActor) -> DevicesPublic:
    """My active sign-ins (devices)."""
    rows = devices.list_devices(session, actor=actor)
    return DevicesPublic(data=[DevicePublic.model_validate(d) for d in rows])


@router.delete("/users/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["users"])
def end_session(session_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """End one of my sign-ins; its tokens stop working at once."""
    devices.end_device(session, actor=actor, session_id=session_id)
    session.commit()


@router.delete("/users/me/sessions", response_model=DevicesEnded, tags=["users"])
def end_other_sessions(session: SessionDep, actor: CurrentActor) -> DevicesEnded:
    """End every sign-in of mine except this one."""
    ended = devices.end_other_devices(session, actor=actor)
    session.commit()
    return DevicesEnded(ended=ended)
