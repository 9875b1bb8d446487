"""/perfil/seguranca: the profile's security page, a plain list of sections."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from components.i18n import t
from components.mfa_factors import factors_section
from components.page import signed_in_page
from poc_tracker.i18n import N_
from state.mfa_factors import FactorsState

# Each feature adds its section here (password, e-mail and sessions come from the account helper).
SECTIONS: list[Callable[[], rx.Component]] = [factors_section]
ON_LOAD = [FactorsState.load_factors]


@signed_in_page("/perfil/seguranca", N_("Segurança"), on_load=ON_LOAD)
def security_page() -> tuple[rx.Component, ...]:
    """The security page of the profile."""
    return (rx.heading(t("Segurança da conta"), size="7"), *[section() for section in SECTIONS])
