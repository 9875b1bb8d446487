"""The plans page (/plano): plan, usage, prices, checkout and plan changes; and the billing banner of every page."""

from __future__ import annotations

import dataclasses
import json

import reflex as rx
from babel.dates import format_date

from poc_tracker.billing import accounts, checkout, overview, plans, tax_ids
from poc_tracker.i18n import N_, format_brl, format_number, format_size, normalize_locale
from state.base import ServiceState

PROFILE_FIELDS = ("legal_name", "tax_id", "email", "address_line1", "address_line2", "city", "state", "postal_code")


@dataclasses.dataclass
class PlanRow:
    """A plan card: its name id, prices in R$, limits and what its button does."""

    name: str = ""
    month: str = ""
    year: str = ""
    pocs: str = ""
    storage: str = ""
    action: str = ""  # current, upgrade, downgrade


@dataclasses.dataclass
class InvoiceRow:
    """An invoice line."""

    number: str = ""
    date: str = ""
    amount: str = ""
    status: str = ""
    pdf: str = ""


def _date(value: object, loc: str) -> str:
    return format_date(value, "short", locale=normalize_locale(loc)) if value else ""  # type: ignore[arg-type]


class BillingState(ServiceState, rx.State):
    """My tenant's plan and billing."""

    allowed: bool = False
    enabled: bool = False
    plan: str = ""
    status: str = ""
    interval: str = "month"
    period_end: str = ""
    grace_until: str = ""
    cancel_at_period_end: bool = False
    pending: bool = False
    checkout_status: str = ""
    has_profile: bool = False
    subscribed: bool = False
    pocs_used: str = ""
    storage_used: str = ""
    pocs_percent: int = 0
    storage_percent: int = 0
    plans: list[PlanRow] = []
    invoices: list[InvoiceRow] = []
    profile: dict[str, str] = {}
    error: str = ""

    @rx.event
    async def load_billing(self) -> None:
        """Read the plan, usage, prices, invoices and the billing profile (owners)."""
        got = await self._call(
            lambda s, a: (
                overview.overview(s, actor=a),
                accounts.list_invoices(s, actor=a),
                accounts.account_of(s, a.tenant_id),
            )
        )
        self.allowed, self.error = got.ok, got.error
        if got.ok:
            self._show(*got.value, await self._locale())

    def _show(self, o: overview.Overview, invoices: list, acc: object, loc: str) -> None:
        u = o.usage
        self.enabled, self.plan, self.status, self.has_profile = o.enabled, o.plan, o.status, o.has_profile
        self.interval = o.interval or self.interval
        self.period_end, self.grace_until = _date(o.current_period_end, loc), _date(o.grace_until, loc)
        self.cancel_at_period_end, self.pending, self.checkout_status = (
            o.cancel_at_period_end,
            bool(o.pending_plan),
            o.checkout_status,
        )
        self.subscribed = o.status in checkout.LIVE
        self.pocs_used = f"{format_number(u.pocs, loc)} / {format_number(u.max_pocs, loc)}"
        self.storage_used = f"{format_size(u.storage_bytes, loc)} / {format_size(u.max_storage_bytes, loc)}"
        self.pocs_percent = min(100, u.pocs * 100 // max(u.max_pocs, 1))
        self.storage_percent = min(100, u.storage_bytes * 100 // max(u.max_storage_bytes, 1))
        here = plans.rank(o.plan)
        self.plans = [
            PlanRow(
                p.name,
                format_brl(p.month_cents / 100, loc),
                format_brl(p.year_cents / 100, loc),
                format_number(p.max_pocs, loc),
                format_size(p.max_storage_bytes, loc),
                "current" if p.name == o.plan else ("upgrade" if plans.rank(p.name) > here else "downgrade"),
            )
            for p in plans.catalogue()
        ]
        self.invoices = [
            InvoiceRow(i.number, _date(i.issued_at, loc), format_brl(i.amount_due / 100, loc), i.status, i.invoice_pdf)
            for i in invoices
        ]
        self.profile = {f: str(getattr(acc, f, "") or "") for f in PROFILE_FIELDS}
        self.profile["tax_id"] = tax_ids.formatted(self.profile["tax_id"])
        cep = self.profile["postal_code"]
        self.profile["postal_code"] = f"{cep[:5]}-{cep[5:]}" if len(cep) == 8 else cep

    @rx.event
    def set_interval(self, value: str | list[str]) -> None:
        """Monthly or yearly prices."""
        self.interval = value if value in plans.INTERVALS else "month"  # type: ignore[assignment]

    @rx.event
    async def save_profile(self, form: dict[str, str]):  # noqa: ANN201
        """Keep the legal name, CNPJ and address."""
        data = accounts.BillingProfile(**{f: str(form.get(f, "")) for f in PROFILE_FIELDS})
        got = await self._call(lambda s, a: accounts.save_profile(s, actor=a, profile=data))
        if not got.ok:
            self.error = got.error
            return got.toast()
        self.error = ""
        await self.load_billing()
        return rx.toast.success(await self._tr(N_("Dados de cobrança salvos.")))

    @rx.event
    async def choose_plan(self, plan: str):  # noqa: ANN201
        """Subscribe through Stripe Checkout, or change the live subscription's plan."""
        interval = self.interval
        if not self.subscribed:
            got = await self._call(lambda s, a: checkout.start_checkout(s, actor=a, plan=plan, interval=interval))
            if got.ok:
                # Same tab: Stripe sends the payer back to /plano (rx.redirect's external mode opens a new tab).
                return rx.call_script(f"window.location.assign({json.dumps(got.value.url)})")
        elif plan == plans.ORDER[0]:
            got = await self._call(lambda s, a: checkout.set_cancel_at_period_end(s, actor=a, cancel=True))
        else:
            got = await self._call(lambda s, a: checkout.change_plan(s, actor=a, plan=plan, interval=interval))
        if not got.ok:
            self.error = got.error
            return got.toast()
        await self.load_billing()
        return rx.toast.success(await self._tr(N_("Pedido enviado: o plano muda quando o pagamento for confirmado.")))

    @rx.event
    async def keep_subscription(self):  # noqa: ANN201
        """Undo a cancellation at the end of the period."""
        got = await self._call(lambda s, a: checkout.set_cancel_at_period_end(s, actor=a, cancel=False))
        if not got.ok:
            return got.toast()
        await self.load_billing()


class BillingBannerState(ServiceState, rx.State):
    """The grace or read-only banner every member sees on every page."""

    banner: str = ""  # grace or read_only
    until: str = ""
    owner: bool = False

    @rx.event
    async def load_banner(self) -> None:
        """Whether the tenant's payment is overdue."""
        got = await self._call(lambda s, a: (overview.banner_status(s, actor=a), a.can("billing:manage")))
        if got.ok:
            (self.banner, until), self.owner = got.value
            self.until = _date(until, await self._locale())
