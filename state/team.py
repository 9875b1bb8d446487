"""The team page (admins): members, roles, deactivation, invitations; and joining by invitation."""

from __future__ import annotations

import dataclasses
import uuid

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import browser_sessions, sessions, users
from state.i18n import I18nState
from state.session import SessionState


@dataclasses.dataclass
class MemberRow:
    """A member of the tenant."""

    id: str = ""
    name: str = ""
    email: str = ""
    role: str = ""
    active: bool = True
    last_login: str = ""
    is_me: bool = False


class TeamState(rx.State):
    """Members and invitations of my tenant."""

    members: list[MemberRow] = []
    invite_link: str = ""
    error: str = ""
    allowed: bool = False

    @rx.event
    async def load_team(self) -> None:
        """Load the tenant's members (admins only)."""
        i18n = await self.get_state(I18nState)
        self.invite_link, self.error = "", ""
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                found, _ = users.list_users(session, actor=actor, limit=100)
        except DomainError as exc:
            self.allowed, self.error = False, exc.localized(i18n.locale)
            return
        self.allowed = True
        self.members = [
            MemberRow(
                str(u.id),
                u.name,
                u.email,
                (u.roles or ["viewer"])[0],
                u.is_active,
                format_dt(u.last_login_at, i18n.locale) if u.last_login_at else "—",
                u.id == actor.user_id,
            )
            for u in found
        ]

    async def _apply(self, change, success: str):  # noqa: ANN001, ANN202
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                change(session, actor)
        except (DomainError, ValueError) as exc:
            return rx.toast.error(exc.localized(i18n.locale) if isinstance(exc, DomainError) else str(exc))
        await self.load_team()
        return rx.toast.success(i18n.tr(success))

    @rx.event
    async def set_role(self, user_id: str, role: str):  # noqa: ANN201
        """Give a member another role."""
        return await self._apply(
            lambda s, a: users.change_role(s, actor=a, user_id=uuid.UUID(user_id), role=role), N_("Papel alterado.")
        )

    @rx.event
    async def set_active(self, user_id: str, active: bool):  # noqa: ANN201
        """Deactivate or reactivate a member."""
        return await self._apply(
            lambda s, a: users.set_active(s, actor=a, user_id=uuid.UUID(user_id), active=active),
            N_("Conta reativada.") if active else N_("Conta desativada."),
        )

    @rx.event
    async def invite(self, form: dict[str, str]):  # noqa: ANN201
        """Create an invitation and show its link (valid for 7 days, used once)."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                inv, token = users.invite_user(
                    session, actor=actor, email=form.get("email", ""), role=form.get("role", "member")
                )
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        self.invite_link = users.invitation_link(inv, token)
        return rx.toast.success(i18n.tr(N_("Convite enviado por e-mail. O link também pode ser copiado abaixo.")))


class JoinState(rx.State):
    """Joining a tenant with an invitation link."""

    error: str = ""
    email: str = ""
    ready: bool = False

    @rx.event
    def load_invitation(self) -> None:
        """Take the invited e-mail from the link."""
        self.email = str(self.router.url.query_parameters.get("email", ""))
        self.error, self.ready = "", True

    @rx.event
    async def join(self, form: dict[str, str]):  # noqa: ANN201
        """Register with the invitation in the URL and sign in."""
        i18n = await self.get_state(I18nState)
        params = self.router.url.query_parameters
        try:
            tenant_id = uuid.UUID(str(params.get("tenant", "")))
        except ValueError:
            self.error = i18n.tr(N_("Convite inválido ou expirado."))
            return None
        try:
            with session_scope(system=True) as session:
                user = users.register_user(
                    session,
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    name=form.get("name", ""),
                    tenant_id=tenant_id,
                    invitation_token=str(params.get("token", "")),
                    locale=i18n.locale,
                )
                pair = sessions.issue_tokens(session, user)
                grant = browser_sessions.grant_for(session, pair)
            adopt = await (await self.get_state(SessionState)).start(pair, grant)
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)
            return None
        return [adopt, rx.redirect("/")]
