"""The second step of signing in: a factor when one is due, enrolment when the tenant requires one, passkeys alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from poc_tracker.errors import DomainError, Invalid
from poc_tracker.models import Tenant, User
from poc_tracker.services import mfa, passkeys, sessions
from poc_tracker.services.mfa_challenges import challenge_user, count_failure, live_challenge, open_challenge, spend
from poc_tracker.services.mfa_policy import mfa_required, mfa_satisfied_by_amr
from poc_tracker.services.sessions import TokenPair


@dataclass(frozen=True)
class SignIn:
    """What a first step gives: tokens, or a token for the second step and what it accepts."""

    pair: TokenPair | None = None
    mfa_token: str = ""
    enrollment_required: bool = False  # the tenant requires a factor the user has not enrolled yet
    methods: list[str] = field(default_factory=list)  # totp, recoveryCode, webauthn


def begin(session: Session, *, email: str, password: str, client_ip: str | None = None) -> SignIn:
    """Check the password; then tokens, or the second step the user owes."""
    user = sessions.authenticate(session, email=email, password=password, client_ip=client_ip)
    return after_first_factor(session, user, method="password")


def after_first_factor(session: Session, user: User, *, amr: list[str] | None = None, **details: object) -> SignIn:
    """Given a user whose first factor was checked (password, or an identity provider with its ``amr``).

    Open the session when nothing more is owed; otherwise a single-use, five-minute token bound to this user and
    tenant, to be spent at ``complete`` (or at the enrolment steps when the tenant requires a factor).
    """
    tenant = session.exec(select(Tenant).where(Tenant.id == user.tenant_id)).one()
    if amr is not None and mfa_satisfied_by_amr(tenant, amr):
        return SignIn(pair=sessions.open_session(session, user, mfa="idp", **details))
    have = mfa.factors(session, user)
    if have.any:
        _, token = open_challenge(session, "login", user)
        methods = (["totp"] if have.totp else []) + (["webauthn"] if have.passkeys else [])
        return SignIn(mfa_token=token, methods=[*methods, "recoveryCode"])
    if mfa_required(tenant):
        _, token = open_challenge(session, "enroll", user)
        return SignIn(mfa_token=token, enrollment_required=True, methods=["totp"])
    return SignIn(pair=sessions.open_session(session, user, **details))


def webauthn_options(session: Session, *, mfa_token: str) -> dict[str, Any]:
    """Options for the user's passkeys as the second factor of this sign-in."""
    row = live_challenge(session, mfa_token, ("login",))
    return passkeys.authentication_options(session, challenge_user(session, row), row)


def complete(
    session: Session,
    *,
    mfa_token: str,
    code: str | None = None,
    recovery_code: str | None = None,
    webauthn: dict[str, Any] | None = None,
) -> TokenPair:
    """Spend the second-step token with one factor; wrong answers count (five end the step) and slow the account."""
    row = live_challenge(session, mfa_token, ("login",))
    user = challenge_user(session, row)
    mfa.check_throttle(user)
    try:
        method = _check_factor(session, row, user, code, recovery_code, webauthn)
    except DomainError:
        count_failure(session, row)
        raise
    spend(session, row)
    return sessions.open_session(session, user, method="password", mfa=method)


def _check_factor(session: Session, row, user: User, code, recovery_code, webauthn) -> str:  # noqa: ANN001
    if code:
        if mfa.verify_totp(session, user, code):
            mfa.cleared(user)
            return "totp"
    elif recovery_code:
        if mfa.use_recovery_code(session, user, recovery_code):
            mfa.cleared(user)
            return "recoveryCode"
    elif isinstance(webauthn, dict):
        passkeys.authenticate(session, row, webauthn, user)
        return "webauthn"
    else:
        raise Invalid("Informe o código de verificação.", code="code_required", details={"field": "code"})
    raise mfa.failed(user)


def enroll_totp_start(session: Session, *, mfa_token: str) -> mfa.TotpEnrolment:
    """During a sign-in the tenant's policy holds back: a new authenticator secret for the user."""
    row = live_challenge(session, mfa_token, ("enroll",))
    return mfa.start_totp(session, challenge_user(session, row))


def enroll_totp_confirm(session: Session, *, mfa_token: str, code: str) -> tuple[TokenPair, list[str]]:
    """Confirm the authenticator with a first code: the session opens, with the recovery codes to show once."""
    row = live_challenge(session, mfa_token, ("enroll",))
    user = challenge_user(session, row)
    try:
        codes = mfa.confirm_totp(session, user, code)
    except Invalid:
        count_failure(session, row)
        raise
    spend(session, row)
    return sessions.open_session(session, user, method="password", mfa="totp"), codes


def passkey_options(session: Session) -> tuple[dict[str, Any], str]:
    """A passwordless sign-in: options for any discoverable passkey of this site, and the token of the ceremony."""
    row, token = open_challenge(session, "passkey")
    return passkeys.authentication_options(session, None, row), token


def passkey_sign_in(session: Session, *, token: str, credential: dict[str, Any]) -> TokenPair:
    """Sign in with a passkey alone (user verification required: it is two factors in one)."""
    row = live_challenge(session, token, ("passkey",))
    user = passkeys.authenticate(session, row, credential, None)
    spend(session, row)
    return sessions.open_session(session, user, method="passkey", mfa="webauthn")
