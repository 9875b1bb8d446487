"""Passkeys (WebAuthn, py_webauthn): registration, and assertions for a second factor or a passwordless sign-in."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlsplit

import webauthn
from sqlmodel import Session, select
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from poc_tracker.errors import Conflict, Invalid, NotFound
from poc_tracker.models import MfaChallenge, Passkey, Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.origins import app_origins
from poc_tracker.services import mfa
from poc_tracker.services.events import emit
from poc_tracker.services.mfa_challenges import challenge_user, live_challenge, open_challenge, spend
from poc_tracker.services.mfa_policy import mfa_required
from poc_tracker.services.validation import clean_text
from poc_tracker.settings import get_settings

MAX_PASSKEYS = 20


def rp_id() -> str:
    """The relying party id: a setting, else the app URL's host."""
    return get_settings().webauthn_rp_id or urlsplit(get_settings().app_url).hostname or "localhost"


def _transports(names: list[str]) -> list[AuthenticatorTransport] | None:
    known = {t.value: t for t in AuthenticatorTransport}
    return [known[n] for n in names if n in known] or None


def _descriptors(keys: list[Passkey]) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=webauthn.base64url_to_bytes(k.credential_id), transports=_transports(k.transports)
        )
        for k in keys
    ]


def registration_options(session: Session, user: User) -> tuple[dict[str, Any], str]:
    """Options for ``navigator.credentials.create`` (a discoverable credential) and the token of this ceremony."""
    keys = mfa.factors(session, user).passkeys
    if len(keys) >= MAX_PASSKEYS:
        raise Conflict("Limite de chaves de acesso atingido.", code="too_many_passkeys")
    options = webauthn.generate_registration_options(
        rp_id=rp_id(),
        rp_name=get_settings().webauthn_rp_name,
        user_id=user.id.bytes,
        user_name=user.email,
        user_display_name=user.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
        exclude_credentials=_descriptors(keys),
    )
    _, token = open_challenge(session, "register", user, options.challenge)
    return json.loads(webauthn.options_to_json(options)), token


def _bad_credential() -> Invalid:
    return Invalid("A chave de acesso não foi aceita. Tente novamente.", code="invalid_passkey")


def register(
    session: Session, user: User, row: MfaChallenge, credential: dict[str, Any], name: str
) -> tuple[Passkey, list[str]]:
    """Check the authenticator's answer to a registration ceremony and keep the new passkey.

    A first factor brings the recovery codes, returned to be shown once.
    """
    name = clean_text(name or "Chave de acesso", field="name", max_length=100)
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=row.webauthn_challenge or b"",
            expected_rp_id=rp_id(),
            expected_origin=app_origins(),
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as exc:
        raise _bad_credential() from exc
    cred_id = bytes_to_base64url(verified.credential_id)
    if session.exec(select(Passkey.id).where(Passkey.credential_id == cred_id)).first():
        raise Conflict("Esta chave de acesso já está cadastrada.", code="passkey_taken")
    transports = credential.get("response", {}).get("transports") or []
    key = Passkey(
        tenant_id=user.tenant_id,
        user_id=user.id,
        credential_id=cred_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[str(t) for t in transports if isinstance(t, str)][:8],
        name=name,
    )
    had_factor = mfa.factors(session, user).any
    session.add(key)
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=user.id,
        kind="mfa.passkey_added",
        target_type="user",
        target_id=user.id,
        passkey=str(key.id),
        name=name,
    )
    session.flush()
    mfa.notify(session, user, "passkey_added")
    return key, [] if had_factor else mfa.issue_recovery_codes(session, user)


def finish_registration(
    session: Session, user: User, token: str, credential: dict[str, Any], name: str
) -> tuple[Passkey, list[str]]:
    """The ceremony ``token`` names, for this user only: keep its passkey and use the token up."""
    row = live_challenge(session, token, ("register",))
    if challenge_user(session, row).id != user.id:
        raise NotFound()
    found = register(session, user, row, credential, name)
    spend(session, row)
    return found


def authentication_options(session: Session, user: User | None, row: MfaChallenge) -> dict[str, Any]:
    """Options for ``navigator.credentials.get``: the user's passkeys, or any discoverable one when no user.

    The challenge is kept on ``row``, the step the answer must come back to.
    """
    keys = mfa.factors(session, user).passkeys if user else []
    if user is not None and not keys:
        raise NotFound("Nenhuma chave de acesso cadastrada.", code="no_passkey")
    options = webauthn.generate_authentication_options(
        rp_id=rp_id(),
        allow_credentials=_descriptors(keys) or None,
        user_verification=UserVerificationRequirement.PREFERRED if user else UserVerificationRequirement.REQUIRED,
    )
    row.webauthn_challenge = options.challenge
    session.add(row)
    return json.loads(webauthn.options_to_json(options))


def _key_of(session: Session, credential: dict[str, Any]) -> Passkey:
    raw_id = credential.get("rawId") or credential.get("id")
    if not isinstance(raw_id, str):
        raise _bad_credential()
    key = session.exec(select(Passkey).where(Passkey.credential_id == raw_id)).first()
    if key is None:
        raise _bad_credential()
    return key


def authenticate(session: Session, row: MfaChallenge, credential: dict[str, Any], user: User | None) -> User:
    """Check an assertion against the challenge of ``row``: for ``user`` (second factor) or anyone (passwordless).

    A passkey of another user or tenant is refused exactly as an unknown one is.
    """
    key = _key_of(session, credential)
    if user is not None and (key.user_id != user.id or key.tenant_id != user.tenant_id):
        raise _bad_credential()
    handle = (credential.get("response") or {}).get("userHandle")
    if user is None and handle != bytes_to_base64url(key.user_id.bytes):
        raise _bad_credential()
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=row.webauthn_challenge or b"",
            expected_rp_id=rp_id(),
            expected_origin=app_origins(),
            credential_public_key=key.public_key,
            credential_current_sign_count=key.sign_count,
            require_user_verification=user is None,  # a passkey alone must prove the person, not only the device
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError) as exc:
        raise _bad_credential() from exc
    owner = session.exec(select(User).where(User.id == key.user_id, User.tenant_id == key.tenant_id)).first()
    if owner is None or not owner.is_active:
        raise _bad_credential()
    key.sign_count, key.last_used_at = verified.new_sign_count, utcnow()
    session.add(key)
    return owner


def remove(session: Session, user: User, passkey_id: uuid.UUID, tenant: Tenant) -> None:
    """Remove one of the user's passkeys; another's is not found; the last factor of a tenant requiring MFA stays."""
    key = session.exec(
        select(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id, Passkey.tenant_id == user.tenant_id)
    ).first()
    if key is None:
        raise NotFound()
    have = mfa.factors(session, user)
    if mfa_required(tenant) and not have.totp and len(have.passkeys) == 1:
        raise Conflict(
            "Sua organização exige verificação em duas etapas: cadastre outro fator antes de remover este.",
            code="mfa_required",
        )
    session.delete(key)
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=user.id,
        kind="mfa.passkey_removed",
        target_type="user",
        target_id=user.id,
        passkey=str(key.id),
        name=key.name,
    )
    mfa.notify(session, user, "passkey_removed")
    mfa.forget_codes_without_factor(session, user)
