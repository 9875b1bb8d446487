"""Sign-in and sign-up forms."""

from __future__ import annotations

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.services import sessions, tenants
from state.i18n import I18nState
from state.session import SessionState


class SignInState(rx.State):
    """The sign-in form."""

    error: str = ""
    loading: bool = False

    @rx.event
    async def sign_in(self, form: dict[str, str]):  # noqa: ANN201
        """Check the credentials and open the home page."""
        self.error, self.loading = "", True
        yield
        i18n = await self.get_state(I18nState)
        try:
            with session_scope(system=True) as session:
                pair = sessions.login(session, email=form.get("email", ""), password=form.get("password", ""))
            await (await self.get_state(SessionState)).start(pair)
        except DomainError as exc:
            self.error, self.loading = exc.localized(i18n.locale), False
            return
        self.loading = False
        yield rx.redirect("/")


class SignUpState(rx.State):
    """The sign-up form: a new organisation and its owner."""

    error: str = ""
    field_errors: dict[str, str] = {}
    loading: bool = False

    @rx.event
    async def sign_up(self, form: dict[str, str]):  # noqa: ANN201
        """Create the organisation, sign the owner in and open the home page."""
        self.error, self.field_errors, self.loading = "", {}, True
        yield
        i18n = await self.get_state(I18nState)
        try:
            with session_scope(system=True) as session:
                _, owner = tenants.create_tenant(
                    session, name=form.get("name", ""), subdomain=form.get("subdomain", ""),
                    owner_name=form.get("owner_name", ""), owner_email=form.get("owner_email", ""),
                    owner_password=form.get("owner_password", ""), locale=i18n.locale)
                pair = sessions.issue_tokens(session, owner)
            await (await self.get_state(SessionState)).start(pair)
        except DomainError as exc:
            message = exc.localized(i18n.locale)
            field = str(exc.details.get("field", ""))
            self.field_errors = {_FORM_FIELDS.get(field, field): message} if field else {}
            self.error, self.loading = message, False
            return
        self.loading = False
        yield rx.redirect("/")


_FORM_FIELDS = {"ownerName": "owner_name", "ownerEmail": "owner_email", "ownerPassword": "owner_password",
                "email": "owner_email", "password": "owner_password"}
