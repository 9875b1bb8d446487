"""Shapes of the second-factor routes: camelCase on the wire."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from poc_tracker.api.schemas import CamelModel, TokenPublic
from poc_tracker.services.mfa import Factors, TotpEnrolment

Token = Field(max_length=128)
Code = Field(None, max_length=64)


class MfaRequired(CamelModel):
    """The password was right; a second factor (or, by the tenant's policy, enrolling one) is due."""

    mfa_required: bool = True
    mfa_token: str
    enrollment_required: bool = False
    methods: list[str]


class MfaVerify(CamelModel):
    """One factor for the sign-in the token names: a code, a recovery code or a WebAuthn assertion."""

    mfa_token: str = Token
    code: str | None = Code
    recovery_code: str | None = Code
    webauthn: dict[str, Any] | None = None


class MfaTokenBody(CamelModel):
    """The token of a pending sign-in."""

    mfa_token: str = Token


class MfaEnrollConfirm(MfaTokenBody):
    """A first code of the authenticator enrolled while signing in."""

    code: str = Field(max_length=64)


class CodeBody(CamelModel):
    """A current code of the authenticator."""

    code: str = Field(max_length=64)


class TotpEnrolmentPublic(CamelModel):
    """What an authenticator app needs: the QR code (SVG data URI), the key typed by hand, the otpauth URI."""

    secret: str
    otpauth_uri: str
    qr_svg: str

    @classmethod
    def of(cls, e: TotpEnrolment) -> TotpEnrolmentPublic:
        """From the service's enrolment."""
        return cls(secret=e.secret, otpauth_uri=e.uri, qr_svg=e.qr_svg)


class RecoveryCodes(CamelModel):
    """Single-use recovery codes, shown this once (only their hashes are kept)."""

    recovery_codes: list[str]


class TokensWithCodes(TokenPublic):
    """A new session after enrolling a first factor, with its recovery codes."""

    recovery_codes: list[str]


class PasskeyPublic(CamelModel):
    """One passkey."""

    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None


class PasskeyAdded(PasskeyPublic):
    """A new passkey, and the recovery codes when it is the first factor."""

    recovery_codes: list[str] = []


class FactorsPublic(CamelModel):
    """My second factors."""

    totp: bool
    totp_pending: bool
    recovery_codes_left: int
    passkeys: list[PasskeyPublic]
    mfa_required: bool

    @classmethod
    def of(cls, f: Factors, required: bool) -> FactorsPublic:
        """From the service's summary."""
        keys = [PasskeyPublic.model_validate(k) for k in f.passkeys]
        return cls(
            totp=f.totp,
            totp_pending=f.totp_pending,
            recovery_codes_left=f.recovery_codes_left,
            passkeys=keys,
            mfa_required=required,
        )


class WebauthnOptions(CamelModel):
    """``publicKey`` options for the browser and the token the answer goes back with."""

    options: dict[str, Any]
    token: str = ""


class PasskeyRegister(CamelModel):
    """The browser's answer to a registration ceremony."""

    token: str = Token
    credential: dict[str, Any]
    name: str = Field("", max_length=100)


class PasskeySignIn(CamelModel):
    """The browser's answer to a passwordless sign-in."""

    token: str = Token
    credential: dict[str, Any]


class MfaPolicy(CamelModel):
    """The tenant's MFA policy."""

    mfa_required: bool | None = None
    mfa_accept_idp_amr: bool | None = None
