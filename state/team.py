"""The team page (admins): members, roles, deactivation, invitations; and joining by invitation."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import browser_sessions, sessions, users
from poc_tracker.services.actor import Actor
from poc_tracker.services.privacy import consents
from poc_tracker.services.sessions import TokenPair
from state.base import NO_ID, ServiceState, as_id
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


class TeamState(ServiceState, rx.State):
    """Members and invitations of my tenant."""

    members: list[MemberRow] = []
    invite_link: str = ""
    error: str = ""
    allowed: bool = False

    @rx.event
    async def load_team(self) -> None:
        """Load the tenant's members (admins only)."""
        self.invite_link, self.error = "", ""
        got = await self._call(lambda s, a: users.list_users(s, actor=a, limit=100)[0])
        self.allowed, self.error = got.ok, got.error
        if not got.ok:
            return
        loc, me = await self._locale(), got.actor.user_id
        self.members = [
            MemberRow(
                str(u.id),
                u.name,
                u.email,
                (u.roles or ["viewer"])[0],
                u.is_active,
                format_dt(u.last_login_at, loc) if u.last_login_at else "—",
                u.id == me,
            )
            for u in got.value
        ]

    async def _apply(self, change: Callable[[Session, Actor], object], success: str) -> rx.event.EventSpec:
        got = await self._call(change)
        if not got.ok:
            return got.toast()
        await self.load_team()
        return rx.toast.success(await self._tr(success))

    @rx.event
    async def set_role(self, user_id: str, role: str):  # noqa: ANN201
        """Give a member another role."""
        return await self._apply(
            lambda s, a: users.change_role(s, actor=a, user_id=as_id(user_id), role=role), N_("Papel alterado.")
        )

    @rx.event
    async def set_active(self, user_id: str, active: bool):  # noqa: ANN201
        """Deactivate or reactivate a member."""
        return await self._apply(
            lambda s, a: users.set_active(s, actor=a, user_id=as_id(user_id), active=active),
            N_("Conta reativada.") if active else N_("Conta desativada."),
        )

    @rx.event
    async def invite(self, form: dict[str, str]):  # noqa: ANN201
        """Create an invitation and show its link (valid for 7 days, used once)."""
        email, role = form.get("email", ""), form.get("role", "member")
        got = await self._call(lambda s, a: users.invite_user(s, actor=a, email=email, role=role))
        if not got.ok:
            return got.toast()
        inv, token = got.value
        self.invite_link = users.invitation_link(inv, token)
        sent = N_("Convite enviado por e-mail. O link também pode ser copiado abaixo.")
        return rx.toast.success(await self._tr(sent))


class JoinState(ServiceState, rx.State):
    """Joining a tenant with an invitation link."""

    error: str = ""
    notice_error: str = ""
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
        params = self.router.url.query_parameters
        tenant_id, token, locale = as_id(params.get("tenant", "")), str(params.get("token", "")), await self._locale()
        if tenant_id == NO_ID:
            self.error = await self._tr(N_("Convite inválido ou expirado."))
            return None

        ip, agent = self.router.session.client_ip, self.router.headers.user_agent

        def register(session: Session) -> tuple[TokenPair, str]:
            consents.require_acceptance(bool(form.get("accept_privacy_notice")))
            user = users.register_user(
                session,
                email=form.get("email", ""),
                password=form.get("password", ""),
                name=form.get("name", ""),
                tenant_id=tenant_id,
                invitation_token=token,
                locale=locale,
            )
            consents.accept_notice(
                session, tenant_id=user.tenant_id, user_id=user.id, channel="web", ip=ip, user_agent=agent
            )
            pair = sessions.issue_tokens(session, user)
            return pair, browser_sessions.grant_for(session, pair)

        got = await self._call_as_system(register, reason="join by invitation")
        if not got.ok:
            notice = got.field == "accept_privacy_notice"
            self.error, self.notice_error = ("", got.error) if notice else (got.error, "")
            return None
        adopt = await (await self.get_state(SessionState)).start(*got.value)
        return [adopt, rx.redirect("/")]
