"""Second factors: the sign-in's second step, passwordless passkeys, my factors, the tenant's MFA policy."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, SessionDep, system_session_dep
from poc_tracker.api.mfa_schemas import (
    CodeBody,
    FactorsPublic,
    MfaEnrollConfirm,
    MfaPolicy,
    MfaTokenBody,
    MfaVerify,
    PasskeyAdded,
    PasskeyRegister,
    PasskeySignIn,
    RecoveryCodes,
    TokensWithCodes,
    TotpEnrolmentPublic,
    WebauthnOptions,
)
from poc_tracker.api.schemas import TokenPublic
from poc_tracker.services import mfa, mfa_login, mfa_policy, passkeys, tenants
from poc_tracker.services.sessions import TokenPair

# No tenant is known when the request arrives; the service narrows to the one the token or link names.
SecondStepSession = Annotated[Session, Depends(system_session_dep("second factor: the token names the user"))]

router = APIRouter()
ME = "/users/me/mfa"


def tokens(pair: TokenPair) -> TokenPublic:
    """The API shape of a new session."""
    return TokenPublic(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/auth/mfa", response_model=TokenPublic, tags=["auth"])
def verify(body: MfaVerify, session: SecondStepSession) -> TokenPublic:
    """Finish a sign-in with a code, a recovery code or a passkey."""
    pair = mfa_login.complete(
        session, mfa_token=body.mfa_token, code=body.code, recovery_code=body.recovery_code, webauthn=body.webauthn
    )
    session.commit()
    return tokens(pair)


@router.post("/auth/mfa/webauthn/options", response_model=WebauthnOptions, tags=["auth"])
def webauthn_options(body: MfaTokenBody, session: SecondStepSession) -> WebauthnOptions:
    """Options for ``navigator.credentials.get`` with the user's passkeys (answer at ``/auth/mfa``)."""
    options = mfa_login.webauthn_options(session, mfa_token=body.mfa_token)
    session.commit()
    return WebauthnOptions(options=options, token=body.mfa_token)


@router.post("/auth/mfa/totp", response_model=TotpEnrolmentPublic, tags=["auth"])
def enroll_totp(body: MfaTokenBody, session: SecondStepSession) -> TotpEnrolmentPublic:
    """The tenant requires MFA and the user has none: start an authenticator while signing in."""
    enrolment = mfa_login.enroll_totp_start(session, mfa_token=body.mfa_token)
    session.commit()
    return TotpEnrolmentPublic.of(enrolment)


@router.post("/auth/mfa/totp/confirm", response_model=TokensWithCodes, tags=["auth"])
def enroll_totp_confirm(body: MfaEnrollConfirm, session: SecondStepSession) -> TokensWithCodes:
    """Confirm that authenticator with a first code: the session opens, recovery codes come once."""
    pair, codes = mfa_login.enroll_totp_confirm(session, mfa_token=body.mfa_token, code=body.code)
    session.commit()
    return TokensWithCodes(**tokens(pair).model_dump(), recovery_codes=codes)


@router.post("/auth/passkey/options", response_model=WebauthnOptions, tags=["auth"])
def passkey_options(session: SecondStepSession) -> WebauthnOptions:
    """Start a passwordless sign-in with any passkey of this site."""
    options, token = mfa_login.passkey_options(session)
    session.commit()
    return WebauthnOptions(options=options, token=token)


@router.post("/auth/passkey", response_model=TokenPublic, tags=["auth"])
def passkey_sign_in(body: PasskeySignIn, session: SecondStepSession) -> TokenPublic:
    """Sign in with a passkey alone."""
    pair = mfa_login.passkey_sign_in(session, token=body.token, credential=body.credential)
    session.commit()
    return tokens(pair)


@router.get(ME, response_model=FactorsPublic, tags=["mfa"])
def my_factors(session: SessionDep, actor: CurrentActor) -> FactorsPublic:
    """My second factors and whether my organisation requires one."""
    tenant = tenants.access_tenant(session, actor)
    return FactorsPublic.of(mfa.factors(session, mfa.user_of(session, actor)), mfa_policy.mfa_required(tenant))


@router.post(f"{ME}/totp", response_model=TotpEnrolmentPublic, tags=["mfa"])
def start_totp(session: SessionDep, actor: CurrentActor) -> TotpEnrolmentPublic:
    """Start adding an authenticator app: a QR code and the key to type by hand."""
    enrolment = mfa.start_totp(session, mfa.user_of(session, actor))
    session.commit()
    return TotpEnrolmentPublic.of(enrolment)


@router.post(f"{ME}/totp/confirm", response_model=RecoveryCodes, tags=["mfa"])
def confirm_totp(body: CodeBody, session: SessionDep, actor: CurrentActor) -> RecoveryCodes:
    """Confirm the authenticator with its first code; a first factor brings recovery codes."""
    codes = mfa.confirm_totp(session, mfa.user_of(session, actor), body.code)
    session.commit()
    return RecoveryCodes(recovery_codes=codes)


@router.delete(f"{ME}/totp", status_code=status.HTTP_204_NO_CONTENT, tags=["mfa"])
def remove_totp(body: CodeBody, session: SessionDep, actor: CurrentActor) -> None:
    """Remove the authenticator, with a fresh code from it."""
    mfa.remove_totp(session, mfa.user_of(session, actor), body.code, tenants.access_tenant(session, actor))
    session.commit()


@router.post(f"{ME}/recovery-codes", response_model=RecoveryCodes, tags=["mfa"])
def new_recovery_codes(session: SessionDep, actor: CurrentActor) -> RecoveryCodes:
    """Ten new recovery codes; the old ones stop working."""
    codes = mfa.regenerate_recovery_codes(session, mfa.user_of(session, actor))
    session.commit()
    return RecoveryCodes(recovery_codes=codes)


@router.post(f"{ME}/webauthn/register/options", response_model=WebauthnOptions, tags=["mfa"])
def passkey_register_options(session: SessionDep, actor: CurrentActor) -> WebauthnOptions:
    """Options for ``navigator.credentials.create``."""
    options, token = passkeys.registration_options(session, mfa.user_of(session, actor))
    session.commit()
    return WebauthnOptions(options=options, token=token)


@router.post(f"{ME}/webauthn/register", response_model=PasskeyAdded, status_code=201, tags=["mfa"])
def passkey_register(body: PasskeyRegister, session: SessionDep, actor: CurrentActor) -> PasskeyAdded:
    """Keep the passkey the browser created."""
    user = mfa.user_of(session, actor)
    key, codes = passkeys.finish_registration(session, user, body.token, body.credential, body.name)
    session.commit()
    return PasskeyAdded(**PasskeyAdded.model_validate(key).model_dump(exclude={"recovery_codes"}), recovery_codes=codes)


@router.delete(f"{ME}/webauthn/{{passkey_id}}", status_code=status.HTTP_204_NO_CONTENT, tags=["mfa"])
def passkey_remove(passkey_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Remove one of my passkeys."""
    passkeys.remove(session, mfa.user_of(session, actor), passkey_id, tenants.access_tenant(session, actor))
    session.commit()


@router.get("/tenants/current/mfa-policy", response_model=MfaPolicy, tags=["tenants"])
def read_policy(session: SessionDep, actor: CurrentActor) -> MfaPolicy:
    """My organisation's MFA policy."""
    tenant = tenants.access_tenant(session, actor)
    return MfaPolicy(
        mfa_required=mfa_policy.mfa_required(tenant), mfa_accept_idp_amr=mfa_policy.accepts_idp_mfa(tenant)
    )


@router.put("/tenants/current/mfa-policy", response_model=MfaPolicy, tags=["tenants"])
def update_policy(body: MfaPolicy, session: SessionDep, actor: CurrentActor) -> MfaPolicy:
    """Require MFA of every member, and say whether an identity provider's MFA counts (admins)."""
    tenant = mfa_policy.set_policy(
        session, actor=actor, required=body.mfa_required, accept_idp_mfa=body.mfa_accept_idp_amr
    )
    session.commit()
    return MfaPolicy(
        mfa_required=mfa_policy.mfa_required(tenant), mfa_accept_idp_amr=mfa_policy.accepts_idp_mfa(tenant)
    )
