"""Page decorators: the layout, a translated tab title, the sign-in check and the route, declared once per page."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import reflex as rx

from components.i18n import t
from components.layout import app_page
from state.session import opens

PRODUCT = "POC Tracker"
PageBody = Callable[[], rx.Component | Sequence[rx.Component]]
OnLoad = rx.event.EventType[()] | Sequence[rx.event.EventType[()]]


def page_title(title: str | rx.Var) -> rx.Var:
    """``Início · POC Tracker`` in the user's language: a message id is translated, a Var (a POC's name) kept."""
    shown = t(title) if isinstance(title, str) else title
    return shown.to(str) + f" · {PRODUCT}"


def _loads(on_load: OnLoad | None) -> list[rx.event.EventType[()]]:
    if on_load is None:
        return []
    return list(on_load) if isinstance(on_load, Sequence) else [on_load]


def signed_in_page(
    route: str, title: str | rx.Var, *, on_load: OnLoad | None = None, wide: bool = False
) -> Callable[[PageBody], PageBody]:
    """Register a page for signed-in users (like the Reflex dashboard template's ``@template``).

    ``title`` is a Portuguese message id (listed in the catalogs through the page's own ``t()`` calls or ``N_``)
    or a Var; ``on_load`` (event handlers) runs after the sign-in is restored, in the same event; ``wide`` pages
    (tables) use the desktop's width. The decorated function returns the page's content (one component or
    several); the navigation, header and offline banner come around it.
    """

    def decorator(body: PageBody) -> PageBody:
        @functools.wraps(body)
        def page() -> rx.Component:
            content = body()
            return app_page(*(content if isinstance(content, Sequence) else (content,)), wide=wide)

        rx.page(route=route, title=page_title(title), on_load=opens(route, _loads(on_load)))(page)
        return page

    return decorator


def public_page(route: str, title: str | rx.Var, *, on_load: OnLoad | None = None) -> Callable[[PageBody], PageBody]:
    """Register a page anyone may open (sign-in, sign-up, joining): its own frame, a translated tab title."""

    def decorator(body: PageBody) -> PageBody:
        rx.page(route=route, title=page_title(title), on_load=_loads(on_load) or None)(body)
        return body

    return decorator
