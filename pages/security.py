"""/perfil/seguranca: the profile's security page, a plain list of sections."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from components.i18n import t
from components.layout import app_page
from components.mfa_factors import factors_section
from state.mfa_factors import FactorsState
from state.session import SessionState

# Each feature adds its section here (password, e-mail and sessions come from the account helper).
SECTIONS: list[Callable[[], rx.Component]] = [factors_section]
ON_LOAD = [SessionState.require_user, FactorsState.load_factors]


@rx.page(route="/perfil/seguranca", title="Segurança · POC Tracker", on_load=ON_LOAD)
def security_page() -> rx.Component:
    """The security page of the profile."""
    return app_page(
        rx.heading(t("Segurança da conta"), size="7"),
        *[section() for section in SECTIONS],
    )
