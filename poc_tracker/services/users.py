"""Users: registration, profile, invitations, roles and deactivation inside a tenant."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import Session, col, func, select, true

from poc_tracker.auth.passwords import hash_password, verify_password
from poc_tracker.auth.roles import RANK, Role, parse_role
from poc_tracker.auth.tokens import hash_token, new_opaque_token
from poc_tracker.billing.accounts import effective_status
from poc_tracker.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from poc_tracker.i18n import N_, SUPPORTED, gettext
from poc_tracker.mail.render import app_link
from poc_tracker.models import BillingAccount, Invitation, Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.account_email import send_verification
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.mail import send_mail
from poc_tracker.services.sessions import end_sessions, logout, session_is_live
from poc_tracker.services.tenant_deletion import refuse_while_closing
from poc_tracker.services.tenants import get_tenant_public
from poc_tracker.services.validation import clean_email, clean_locale, clean_password, clean_text
from poc_tracker.settings import get_settings

ROLE_NAMES = {"owner": N_("Proprietário"), "admin": N_("Administrador"), "member": N_("Membro"), "viewer": N_("Leitor")}


def access_user_by_id(session: Session, actor: Actor, user_id: uuid.UUID) -> User:
    """A user of the actor's tenant; missing and foreign look the same."""
    user = session.exec(select(User).where(User.id == user_id, User.tenant_id == actor.tenant_id)).first()
    if user is None:
        raise NotFound("Usuário não encontrado.", code="user_not_found")
    return user


def actor_for(
    session: Session, *, user_id: uuid.UUID, tenant_id: uuid.UUID, session_id: uuid.UUID | None = None
) -> Actor:
    """The current Actor of an active user, read fresh from the database.

    With the sign-in an access token names (its ``sid``), that sign-in must still be live: a logout or a
    password change elsewhere ends its access tokens at once, not 15 minutes later.
    """
    return signed_in_profile(session, user_id=user_id, tenant_id=tenant_id, session_id=session_id)[0]


def signed_in_profile(
    session: Session, *, user_id: uuid.UUID, tenant_id: uuid.UUID, session_id: uuid.UUID | None = None
) -> tuple[Actor, User, Tenant]:
    """``actor_for`` with the user and their tenant, in one query (a page's sign-in check shows their names)."""
    live = session_is_live(user_id, session_id) if session_id is not None else true()
    found = session.exec(
        select(User, live, Tenant, BillingAccount)  # unpaid: the tenant acts read-only
        .join(Tenant, col(Tenant.id) == User.tenant_id)
        .outerjoin(BillingAccount, col(BillingAccount.tenant_id) == User.tenant_id)
        .where(User.id == user_id, User.tenant_id == tenant_id)
    ).first()
    if found is None or not found[0].is_active or not found[1]:
        raise Unauthorized("Sessão inválida. Entre novamente.", code="invalid_token")
    user, tenant = found[0], found[2]
    closing = tenant.deletion_requested_at is not None
    if closing:
        refuse_while_closing(user)
    unpaid = effective_status(found[3]) == "read_only"
    actor = Actor(
        user.id, user.tenant_id, list(user.roles), user.is_platform_admin, user.locale, session_id, closing, unpaid
    )
    return actor, user, tenant


def _email_free(session: Session, email: str) -> None:
    if session.exec(select(User.id).where(User.email == email)).first():
        raise Conflict("Já existe uma conta com este e-mail.", code="email_taken", details={"field": "email"})


def register_user(
    session: Session,
    *,
    email: str,
    password: str,
    name: str,
    tenant_id: uuid.UUID,
    invitation_token: str | None = None,
    locale: str = "pt_BR",
) -> User:
    """Join a tenant that allows sign-up, or one that sent an invitation."""
    email, name = clean_email(email), clean_text(name, field="name", max_length=255)
    clean_password(password, email=email, name=name)
    tenant = get_tenant_public(session, tenant_id=tenant_id)
    role = Role.MEMBER
    invitation = None
    if invitation_token:
        invitation = session.exec(
            select(Invitation).where(
                Invitation.token_hash == hash_token(invitation_token), Invitation.tenant_id == tenant.id
            )
        ).first()
        if (
            invitation is None
            or invitation.accepted_at is not None
            or invitation.expires_at <= utcnow()
            or invitation.email != email
        ):
            raise Forbidden("Convite inválido ou expirado.", code="invalid_invitation")
        role = Role(invitation.role)
    elif not tenant.settings.get("allowSignup"):
        raise Forbidden("Esta organização só aceita novos membros por convite.", code="signup_closed")
    _email_free(session, email)
    user = User(
        tenant_id=tenant.id,
        email=email,
        name=name,
        password_hash=hash_password(password),
        roles=[role.value],
        locale=locale if locale in SUPPORTED else "pt_BR",
        email_verified_at=utcnow() if invitation is not None else None,  # the invitation reached this mailbox
    )
    session.add(user)
    if invitation is not None:
        invitation.accepted_at = utcnow()
        session.add(invitation)
    session.flush()
    if invitation is None:
        send_verification(session, user)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=user.id,
        kind="user.registered",
        target_type="user",
        target_id=user.id,
        role=role.value,
        invited=invitation is not None,
    )
    return user


def get_profile(session: Session, *, actor: Actor) -> tuple[User, Tenant]:
    """The actor and their tenant."""
    user = access_user_by_id(session, actor, actor.user_id)
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).one()
    return user, tenant


def update_profile(
    session: Session,
    *,
    actor: Actor,
    name: str | None = None,
    locale: str | None = None,
    current_password: str | None = None,
    new_password: str | None = None,
) -> User:
    """Change one's own name, language or password."""
    user = access_user_by_id(session, actor, actor.user_id)
    changed: list[str] = []
    if name is not None:
        user.name = clean_text(name, field="name", max_length=255)
        changed.append("name")
    if locale is not None:
        user.locale = clean_locale(locale)
        changed.append("locale")
    if new_password is not None:
        if not verify_password(user.password_hash, current_password or ""):
            raise Invalid("A senha atual está incorreta.", code="wrong_password", details={"field": "currentPassword"})
        set_password(session, user, new_password, field="newPassword", keep_session=actor.session_id)
        changed.append("password")
    user.updated_at = utcnow()
    session.add(user)
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=actor.user_id,
        kind="user.profile_updated",
        target_type="user",
        target_id=user.id,
        fields=changed,
    )
    return user


def set_password(
    session: Session, user: User, password: str, *, field: str = "password", keep_session: uuid.UUID | None = None
) -> None:
    """Give a user a new password and end every other sign-in (all of them unless one is kept).

    A change from the profile keeps the sign-in it was made from; a reset (the old password unknown) keeps none.
    """
    user.password_hash = hash_password(clean_password(password, field, email=user.email, name=user.name))
    ended = end_sessions(session, user_id=user.id, keep=keep_session)
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=user.id,
        kind="user.password_changed",
        target_type="user",
        target_id=user.id,
        tokens_revoked=ended,
        kept_session=str(keep_session) if keep_session else None,
    )


def list_users(session: Session, *, actor: Actor, page: int = 1, limit: int = 50) -> tuple[list[User], int]:
    """The tenant's users, by name (admins)."""
    actor.require("users:read")
    scope = User.tenant_id == actor.tenant_id
    total = session.exec(select(func.count()).select_from(User).where(scope)).one()
    rows = session.exec(select(User).where(scope).order_by(col(User.name)).offset((page - 1) * limit).limit(limit))
    return list(rows), int(total)


def _check_role_change(actor: Actor, target_role: Role, new_role: Role) -> None:
    if RANK[new_role] > RANK[actor.role] or RANK[target_role] > RANK[actor.role]:
        raise Forbidden("Você não pode conceder ou alterar um papel acima do seu.", code="role_too_high")


def invite_user(session: Session, *, actor: Actor, email: str, role: str) -> tuple[Invitation, str]:
    """An invitation (and its secret token) for someone to join with a role (admins)."""
    actor.require("users:invite")
    email = clean_email(email)
    new_role = parse_role(role)
    if new_role is None:
        raise Invalid("Papel desconhecido.", code="invalid_role", details={"field": "role"})
    _check_role_change(actor, Role.VIEWER, new_role)
    _email_free(session, email)
    token = new_opaque_token()
    inv = Invitation(
        tenant_id=actor.tenant_id,
        email=email,
        role=new_role.value,
        token_hash=hash_token(token),
        created_by=actor.user_id,
        expires_at=utcnow() + timedelta(seconds=get_settings().invitation_ttl),
    )
    session.add(inv)
    _mail_invitation(session, actor, inv, token)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="user.invited",
        target_type="invitation",
        target_id=inv.id,
        email=email,
        role=new_role.value,
    )
    return inv, token


def invitation_link(inv: Invitation, token: str) -> str:
    """The link that opens the join page with an invitation."""
    return app_link("/join", tenant=str(inv.tenant_id), token=token, email=inv.email)


def _mail_invitation(session: Session, actor: Actor, inv: Invitation, token: str) -> None:
    """E-mail the invitation, in the inviter's language (the invitee's is not known yet)."""
    inviter = access_user_by_id(session, actor, actor.user_id)
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).one()
    send_mail(
        session,
        tenant_id=actor.tenant_id,
        to=inv.email,
        template="invitation",
        locale=actor.locale,
        context={
            "inviter": inviter.name,
            "tenant": tenant.name,
            "role": gettext(ROLE_NAMES[inv.role], actor.locale),
            "link": invitation_link(inv, token),
            "days": max(1, get_settings().invitation_ttl // 86400),
        },
    )


def _owners_left(session: Session, tenant_id: uuid.UUID, without: uuid.UUID) -> int:
    users = session.exec(
        select(User).where(User.tenant_id == tenant_id, User.id != without, col(User.is_active).is_(True))
    ).all()
    return sum(1 for u in users if Role.OWNER.value in u.roles)


def change_role(session: Session, *, actor: Actor, user_id: uuid.UUID, role: str) -> User:
    """Give a user another role (admins; owners for owner changes; one owner always stays)."""
    actor.require("users:manage")
    user = access_user_by_id(session, actor, user_id)
    new_role = parse_role(role)
    if new_role is None:
        raise Invalid("Papel desconhecido.", code="invalid_role", details={"field": "role"})
    current = Role(user.roles[0]) if user.roles and parse_role(user.roles[0]) else Role.VIEWER
    _check_role_change(actor, current, new_role)
    if current is Role.OWNER and new_role is not Role.OWNER and not _owners_left(session, user.tenant_id, user.id):
        raise Conflict("A organização precisa de pelo menos um proprietário.", code="last_owner")
    user.roles = [new_role.value]
    user.updated_at = utcnow()
    session.add(user)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="user.role_changed",
        target_type="user",
        target_id=user.id,
        role=new_role.value,
    )
    return user


def set_active(session: Session, *, actor: Actor, user_id: uuid.UUID, active: bool) -> User:
    """Deactivate (or reactivate) a user of the tenant (admins, never oneself)."""
    actor.require("users:manage")
    user = access_user_by_id(session, actor, user_id)
    if user.id == actor.user_id:
        raise Conflict("Você não pode desativar a própria conta.", code="self_deactivation")
    current = Role(user.roles[0]) if user.roles and parse_role(user.roles[0]) else Role.VIEWER
    _check_role_change(actor, current, current)
    user.is_active = active
    user.updated_at = utcnow()
    session.add(user)
    if not active:
        logout(session, user_id=user.id)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="user.reactivated" if active else "user.deactivated",
        target_type="user",
        target_id=user.id,
    )
    return user


def update_user(
    session: Session, *, actor: Actor, user_id: uuid.UUID, role: str | None = None, active: bool | None = None
) -> User:
    """An admin's change to a user; the permission is checked before the user is even looked up."""
    actor.require("users:manage")
    user = access_user_by_id(session, actor, user_id)
    if role is not None:
        user = change_role(session, actor=actor, user_id=user_id, role=role)
    if active is not None:
        user = set_active(session, actor=actor, user_id=user_id, active=active)
    return user


def make_platform_admin(session: Session, *, email: str, name: str, password: str | None) -> User:
    """Create (or promote) a platform administrator; used from the command line only."""
    email = clean_email(email)
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        if not password:
            raise Invalid("Informe uma senha para criar o administrador.", code="password_required")
        tenant = session.exec(select(Tenant).where(Tenant.subdomain == "plataforma")).first()
        if tenant is None:
            tenant = Tenant(name="Administração da plataforma", subdomain="plataforma")
            session.add(tenant)
            session.flush()
        name = clean_text(name, field="name", max_length=255)
        user = User(
            tenant_id=tenant.id,
            email=email,
            name=name,
            roles=[Role.OWNER.value],
            password_hash=hash_password(clean_password(password, email=email, name=name)),
            email_verified_at=utcnow(),  # made by an operator on the command line
        )
    user.is_platform_admin = True
    session.add(user)
    session.flush()
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=None,
        kind="user.platform_admin_granted",
        target_type="user",
        target_id=user.id,
    )
    return user
