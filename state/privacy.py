"""The privacy pages' states: the public notice, my data and rights, and cancelling a deletion signed out."""

from __future__ import annotations

import dataclasses

import reflex as rx

from poc_tracker.i18n import N_, format_dt, gettext
from poc_tracker.models import Job
from poc_tracker.services.privacy import consents, deletion, requests, summary
from poc_tracker.services.privacy.notice import contacts_for, platform_contacts
from poc_tracker.services.privacy.sections import SECTIONS
from state.base import ServiceState, as_id
from state.jobs import JobsMixin
from state.session import CLEAR_OFFLINE, SIGN_OUT, SessionState

CANCEL_ROUTE = "/privacidade/exclusao"
KINDS = {"access": N_("Confirmação e acesso"), "export": N_("Exportação (portabilidade)"), "deletion": N_("Exclusão")}
STATUSES = {
    "open": N_("Aberto"),
    "processing": N_("Em preparo"),
    "done": N_("Atendido"),
    "cancelled": N_("Cancelado"),
    "failed": N_("Falhou"),
    "revoked": N_("Link revogado"),
    "expired": N_("Expirado"),
}
PURPOSE_NAMES = {
    "product_news": N_("E-mails sobre novidades do produto"),
    "retrospectiva_notice": N_("Aviso anual da Retrospectiva"),
}


@dataclasses.dataclass
class LedgerRow:
    """A request as the ledger shows it."""

    id: str = ""
    protocol: str = ""
    kind: str = ""
    kind_code: str = ""
    status: str = ""
    status_code: str = ""
    created: str = ""
    due: str = ""


@dataclasses.dataclass
class CountRow:
    """How many records of one kind are kept about me."""

    label: str = ""
    count: int = 0


@dataclasses.dataclass
class ConsentRow:
    """An optional purpose, my choice and what happens without it."""

    purpose: str = ""
    name: str = ""
    consequence: str = ""
    granted: bool = False


class PrivacyNoticeState(ServiceState, rx.State):
    """/privacidade: who controls the data and who the DPO is (my organisation's when signed in)."""

    controller_name: str = ""
    controller_contact: str = ""
    dpo_name: str = ""
    dpo_email: str = ""

    @rx.event
    async def load(self) -> None:
        """The contacts: the platform's, or my organisation's when this tab is signed in."""
        found = platform_contacts()
        if (await self.get_state(SessionState)).signed_in:
            got = await self._call(lambda s, a: contacts_for(s, a.tenant_id))
            found = got.value if got.ok else found
        self.controller_name, self.controller_contact = found.controller_name, found.controller_contact
        self.dpo_name, self.dpo_email = found.dpo_name, found.dpo_email


class MyDataState(JobsMixin, ServiceState, rx.State):
    """/perfil/privacidade: what is kept about me, consents, my requests, export and deletion."""

    _job_kind = requests.EXPORT_KIND
    counts: list[CountRow] = []
    optional: list[ConsentRow] = []
    ledger: list[LedgerRow] = []
    needs_notice: bool = False
    error: str = ""
    export_error: str = ""
    delete_error: str = ""
    confirm_open: bool = False

    def _job_title(self, job: Job, locale: str) -> str:
        return gettext(KINDS["export"], locale)

    async def _reload_jobs(self) -> bool:
        """The export cards, and the ledger with them: a finished export shows "Atendido" without a reload."""
        active = await super()._reload_jobs()
        got = await self._call(lambda s, a: requests.list_requests(s, actor=a))
        if got.ok:
            await self._ledger(got.value)
        return active

    @rx.event
    async def load(self):  # noqa: ANN201
        """Summary, consents and ledger; the export jobs follow live."""
        got = await self._call(lambda s, a: (summary.summary(s, actor=a), requests.list_requests(s, actor=a)))
        if not got.ok:
            self.error = got.error
            return None
        found, rows = got.value
        self.counts = [CountRow(await self._tr(sec.title), found.counts[sec.key]) for sec in SECTIONS]
        self.counts = [c for c in self.counts if c.count]
        self.needs_notice = found.needs_notice
        chosen = {c.purpose: bool(c.granted) for c in found.consents}
        self.optional = [
            ConsentRow(p, await self._tr(PURPOSE_NAMES[p]), await self._tr(consents.CONSEQUENCES[p]), chosen[p])
            for p in consents.OPTIONAL
        ]
        await self._ledger(rows)
        return type(self).load_jobs

    async def _ledger(self, rows: list) -> None:
        loc = await self._locale()
        self.ledger = [
            LedgerRow(
                str(r.id),
                r.protocol,
                await self._tr(KINDS.get(r.kind, r.kind)),
                r.kind,
                await self._tr(STATUSES[requests.status_of(r, j)]),
                requests.status_of(r, j),
                format_dt(r.created_at, loc),
                format_dt(r.due_at, loc),
            )
            for r, j in rows
        ]

    async def _consent(self, choices: dict[str, bool]):  # noqa: ANN202
        ip, agent = self.router.session.client_ip, self.router.headers.user_agent
        return await self._call(
            lambda s, a: consents.update(s, actor=a, choices=choices, channel="web", ip=ip, user_agent=agent)
        )

    @rx.event
    async def accept_notice(self):  # noqa: ANN201
        """Accept the current terms and privacy notice."""
        got = await self._consent(dict.fromkeys(consents.REQUIRED, True))
        return got.toast() if not got.ok else type(self).load

    @rx.event
    async def set_consent(self, purpose: str, granted: bool):  # noqa: ANN201
        """Grant or revoke one optional purpose (a new record each time)."""
        got = await self._consent({purpose: bool(granted)})
        if not got.ok:
            return got.toast()
        return [type(self).load, rx.toast.success(await self._tr(N_("Preferência registrada.")))]

    @rx.event
    async def record_access(self):  # noqa: ANN201
        """A confirmation-and-access request with a protocol, answered at once."""
        got = await self._call(lambda s, a: summary.record_access(s, actor=a))
        if not got.ok:
            return got.toast()
        return [
            type(self).load,
            rx.toast.success(await self._tr(N_("Pedido registrado: {protocol}."), protocol=got.value.protocol)),
        ]

    @rx.event
    async def request_export(self, form: dict[str, str]):  # noqa: ANN201
        """Ask for my data as a ZIP, with my password again."""
        got = await self._call(lambda s, a: requests.request_export(s, actor=a, password=form.get("password", "")))
        self.export_error = got.error
        return type(self).load if got.ok else None

    @rx.event
    async def revoke_export(self, request_id: str):  # noqa: ANN201
        """Kill an export's link now."""
        got = await self._call(lambda s, a: requests.revoke_export(s, actor=a, request_id=as_id(request_id)))
        return got.toast() if not got.ok else type(self).load

    @rx.event
    def set_confirm_open(self, value: bool) -> None:
        """Open or close the deletion dialog."""
        self.confirm_open, self.delete_error = value, ""

    @rx.event
    async def request_deletion(self, form: dict[str, str]):  # noqa: ANN201
        """Schedule my account's deletion: signed out at once, cancellable for 30 days."""
        got = await self._call(lambda s, a: deletion.request_deletion(s, actor=a, password=form.get("password", "")))
        self.delete_error = got.error
        if not got.ok:
            return None
        self.confirm_open = False
        (await self.get_state(SessionState))._forget()
        return [rx.call_script(SIGN_OUT), rx.call_script(CLEAR_OFFLINE), rx.redirect(CANCEL_ROUTE)]


class CancelDeletionState(ServiceState, rx.State):
    """Signed out by a deletion: e-mail and password give the account back within the grace."""

    error: str = ""
    done: bool = False

    @rx.event
    def reset_form(self) -> None:
        """A fresh form."""
        self.error, self.done = "", False

    @rx.event
    async def cancel(self, form: dict[str, str]) -> None:
        """Cancel the deletion."""
        got = await self._call_as_system(
            lambda s: deletion.cancel_deletion(s, email=form.get("email", ""), password=form.get("password", "")),
            reason="cancel account deletion",
        )
        self.error, self.done = got.error, got.ok
