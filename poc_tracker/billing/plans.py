"""The plan catalogue: limits and R$ prices per plan, which Stripe price charges it, what blocks a downgrade."""

from __future__ import annotations

from dataclasses import dataclass

from poc_tracker.errors import Invalid
from poc_tracker.services.quotas import Usage, limits_for
from poc_tracker.settings import get_settings

ORDER = ("basic", "team", "enterprise")  # cheapest first
INTERVALS = ("month", "year")


@dataclass(frozen=True)
class Plan:
    """A plan as the plans page shows it."""

    name: str
    month_cents: int
    year_cents: int
    max_pocs: int
    max_storage_bytes: int
    max_file_bytes: int

    @property
    def free(self) -> bool:
        """Whether it costs nothing (the plan a cancelled subscription falls back to)."""
        return self.month_cents == 0 and self.year_cents == 0


def catalogue() -> list[Plan]:
    """Every plan, cheapest first, with its prices and limits."""
    prices = get_settings().plan_prices_cents
    out = []
    for name in ORDER:
        limits, price = limits_for(name), prices.get(name, {})
        out.append(
            Plan(
                name,
                price.get("month", 0),
                price.get("year", 0),
                limits["pocs"],
                limits["storage_bytes"],
                limits["file_bytes"],
            )
        )
    return out


def known(plan: str, interval: str = "month") -> None:
    """Refuse a plan or interval that does not exist."""
    if plan not in ORDER:
        raise Invalid("Plano desconhecido.", code="unknown_plan", details={"field": "plan"})
    if interval not in INTERVALS:
        raise Invalid("Periodicidade desconhecida.", code="unknown_interval", details={"field": "interval"})


def rank(plan: str) -> int:
    """Position of a plan, cheapest first (an unknown plan counts as the cheapest)."""
    return ORDER.index(plan) if plan in ORDER else 0


def price_id(plan: str, interval: str) -> str:
    """The Stripe price that charges ``plan`` every ``interval``; missing is a setup error the user is told of."""
    found = get_settings().stripe_price_ids.get(f"{plan}_{interval}", "")
    if not found:
        raise Invalid("Este plano ainda não está à venda.", code="plan_not_for_sale", details={"field": "plan"})
    return found


def plan_for_price(price: str) -> tuple[str, str] | None:
    """``(plan, interval)`` charged by a Stripe price id, or None for a price this app does not sell."""
    for key, value in get_settings().stripe_price_ids.items():
        if value == price and "_" in key:
            plan, _, interval = key.rpartition("_")
            return plan, interval
    return None


def downgrade_blockers(usage: Usage, plan: str) -> dict[str, int]:
    """What must go before ``plan`` fits: ``{"pocs": n to delete, "storage_bytes": bytes to free}``."""
    limits = limits_for(plan)
    over = {
        "pocs": usage.pocs - limits["pocs"],
        "storage_bytes": usage.storage_bytes - limits["storage_bytes"],
    }
    return {k: v for k, v in over.items() if v > 0}
