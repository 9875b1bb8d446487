"""Second factors of one user: TOTP enrolment and use, recovery codes, throttled attempts, what is enrolled."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlmodel import Session, col, delete, func, select

from poc_tracker.auth import sealing, totp
from poc_tracker.errors import Conflict, Invalid, NotFound, RateLimited
from poc_tracker.models import Passkey, RecoveryCode, Tenant, TotpFactor, User
from poc_tracker.models.base import utcnow
from poc_tracker.ratelimit import get_limiter
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.mail import send_mail
from poc_tracker.services.mfa_policy import mfa_required

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
FAILURES_BEFORE_DELAY = 5
FAILURE_WINDOW = 15 * 60
FIRST_DELAY = 30.0  # a code is a million guesses wide: five misses, then half a minute, doubling
MAX_DELAY = 15 * 60
ISSUER = "POC Tracker"


@dataclass(frozen=True)
class TotpEnrolment:
    """What the user needs to add the account to an authenticator app."""

    secret: str  # grouped by four for typing
    uri: str
    qr_svg: str  # a data: URI


@dataclass(frozen=True)
class Factors:
    """What a user has enrolled."""

    totp: bool
    totp_pending: bool
    recovery_codes_left: int
    passkeys: list[Passkey]

    @property
    def any(self) -> bool:
        """Whether a second factor can be asked for."""
        return self.totp or bool(self.passkeys)


def user_of(session: Session, actor: Actor) -> User:
    """The actor's own user row."""
    user = session.exec(select(User).where(User.id == actor.user_id, User.tenant_id == actor.tenant_id)).first()
    if user is None:
        raise NotFound()
    return user


def _audit(session: Session, user: User, kind: str, **payload: object) -> None:
    emit(
        session, tenant_id=user.tenant_id, actor_id=user.id, kind=kind, target_type="user", target_id=user.id, **payload
    )


def notify(session: Session, user: User, change: str) -> None:
    """Tell the account's owner by e-mail that a factor changed (someone else may have done it)."""
    tenant = session.exec(select(Tenant).where(Tenant.id == user.tenant_id)).one()
    context = {"name": user.name, "tenant": tenant.name, "change": change}
    send_mail(
        session, tenant_id=user.tenant_id, to=user.email, template="mfa_changed", context=context, locale=user.locale
    )


def _totp_row(session: Session, user: User) -> TotpFactor | None:
    return session.exec(
        select(TotpFactor).where(TotpFactor.user_id == user.id, TotpFactor.tenant_id == user.tenant_id)
    ).first()


def factors(session: Session, user: User) -> Factors:
    """The user's factors, never another user's or tenant's."""
    row = _totp_row(session, user)
    left = session.exec(
        select(func.count()).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.tenant_id == user.tenant_id,
            col(RecoveryCode.used_at).is_(None),
        )
    ).one()
    keys = session.exec(
        select(Passkey)
        .where(Passkey.user_id == user.id, Passkey.tenant_id == user.tenant_id)
        .order_by(col(Passkey.created_at))
    ).all()
    confirmed = row is not None and row.confirmed_at is not None
    return Factors(confirmed, row is not None and not confirmed, int(left), list(keys))


# --- throttling: wrong codes slow the account's second step down, whatever the address ---


def _throttle_key(user: User) -> str:
    return f"mfa:{user.id}"


def check_throttle(user: User) -> None:
    """Refuse while this account must wait after too many wrong codes (30 s, 60 s, 120 s… up to 15 min)."""
    count, last = get_limiter().failures(_throttle_key(user))
    over = count - FAILURES_BEFORE_DELAY
    if over < 0:
        return
    wait = min(MAX_DELAY, FIRST_DELAY * 2.0**over) - (time.time() - last)
    if wait > 0:
        raise RateLimited(wait, "Muitas tentativas de verificação. Tente novamente em {seconds} s.")


def failed(user: User) -> Invalid:
    """Count a wrong code against the account; the error to raise."""
    get_limiter().add_failure(_throttle_key(user), FAILURE_WINDOW)
    return Invalid("Código inválido ou já usado.", code="invalid_code", details={"field": "code"})


def cleared(user: User) -> None:
    """A good code: the account's count of wrong ones starts again."""
    get_limiter().clear(_throttle_key(user))


# --- TOTP ---


def start_totp(session: Session, user: User) -> TotpEnrolment:
    """A new secret, pending until confirmed; starting again replaces a pending one."""
    row = _totp_row(session, user)
    if row is not None and row.confirmed_at is not None:
        raise Conflict(
            "O aplicativo autenticador já está ativo. Remova-o antes de cadastrar outro.", code="totp_active"
        )
    secret = totp.new_secret()
    if row is None:
        row = TotpFactor(user_id=user.id, tenant_id=user.tenant_id, secret_sealed=sealing.seal(secret))
    else:
        row.secret_sealed, row.last_used_step, row.created_at = sealing.seal(secret), None, utcnow()
    session.add(row)
    uri = totp.provisioning_uri(secret, account=user.email, issuer=ISSUER)
    return TotpEnrolment(totp.grouped(secret), uri, totp.qr_svg_data_uri(uri))


def _spend_step(session: Session, row: TotpFactor, step: int) -> bool:
    """Record ``step`` as used unless it (or a later one) already was; one UPDATE, so two racers cannot both win."""
    stmt = (
        update(TotpFactor)
        .where(
            col(TotpFactor.user_id) == row.user_id,
            or_(col(TotpFactor.last_used_step).is_(None), col(TotpFactor.last_used_step) < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session=False)
    )
    return session.exec(stmt).rowcount == 1


def _check_code(session: Session, row: TotpFactor | None, code: str) -> bool:
    if row is None:
        return False
    step = totp.matching_step(sealing.unseal(row.secret_sealed), code)
    return step is not None and _spend_step(session, row, step)


def confirm_totp(session: Session, user: User, code: str) -> list[str]:
    """Activate the pending secret with a first code; the first factor also brings recovery codes (returned)."""
    check_throttle(user)
    row = _totp_row(session, user)
    if row is None or row.confirmed_at is not None:
        raise NotFound("Nenhum cadastro de autenticador pendente.", code="no_pending_totp")
    had_factor = factors(session, user).any
    if not _check_code(session, row, code):
        raise failed(user)
    cleared(user)
    row.confirmed_at = utcnow()
    session.add(row)
    _audit(session, user, "mfa.totp_enabled")
    notify(session, user, "totp_enabled")
    return [] if had_factor else issue_recovery_codes(session, user)


def verify_totp(session: Session, user: User, code: str) -> bool:
    """Whether a code of the user's active authenticator is good now and not used before (it is spent)."""
    row = _totp_row(session, user)
    if row is None or row.confirmed_at is None:
        return False
    return _check_code(session, row, code)


def remove_totp(session: Session, user: User, code: str, tenant: Tenant) -> None:
    """Remove the authenticator, proven by a fresh code; refused when the tenant requires MFA and it is the last."""
    check_throttle(user)
    row = _totp_row(session, user)
    if row is None or row.confirmed_at is None:
        raise NotFound("Nenhum aplicativo autenticador ativo.", code="no_totp")
    if not _check_code(session, row, code):
        raise failed(user)
    cleared(user)
    if mfa_required(tenant) and not factors(session, user).passkeys:
        raise Conflict(
            "Sua organização exige verificação em duas etapas: cadastre outro fator antes de remover este.",
            code="mfa_required",
        )
    session.delete(row)
    _audit(session, user, "mfa.totp_removed")
    notify(session, user, "totp_removed")
    forget_codes_without_factor(session, user)


# --- recovery codes ---


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def issue_recovery_codes(session: Session, user: User) -> list[str]:
    """Ten new single-use codes replace the old ones; only their hashes are kept, so show them now."""
    session.exec(delete(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.tenant_id == user.tenant_id))
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    for code in codes:
        digest = sealing.keyed_hashes(_normal(code), context=f"recovery {user.id}")[0]
        session.add(RecoveryCode(tenant_id=user.tenant_id, user_id=user.id, code_hash=digest))
    _audit(session, user, "mfa.recovery_codes_generated", count=len(codes))
    return codes


def regenerate_recovery_codes(session: Session, user: User) -> list[str]:
    """New codes for a user with a second factor (the old ones stop working)."""
    if not factors(session, user).any:
        raise Conflict("Cadastre um segundo fator antes de gerar códigos de recuperação.", code="no_factor")
    notify(session, user, "recovery_codes")
    return issue_recovery_codes(session, user)


def use_recovery_code(session: Session, user: User, code: str) -> bool:
    """Spend one unused recovery code of this user; each works once."""
    hashes = sealing.keyed_hashes(_normal(code), context=f"recovery {user.id}")
    if len(_normal(code)) != 10:
        return False
    stmt = (
        update(RecoveryCode)
        .where(
            col(RecoveryCode.user_id) == user.id,
            col(RecoveryCode.tenant_id) == user.tenant_id,
            col(RecoveryCode.code_hash).in_(hashes),
            col(RecoveryCode.used_at).is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if session.exec(stmt).rowcount < 1:
        return False
    left = factors(session, user).recovery_codes_left
    _audit(session, user, "mfa.recovery_code_used", left=left)
    return True


def forget_codes_without_factor(session: Session, user: User) -> None:
    """Recovery codes stand in for a factor; with none left, they go too."""
    session.flush()
    if not factors(session, user).any:
        session.exec(
            delete(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.tenant_id == user.tenant_id)
        )
