"""A moment shown as "há 5 min", with the full date and time on hover."""

from __future__ import annotations

import reflex as rx


def when(relative: rx.Var, full: rx.Var, **props: object) -> rx.Component:
    """Relative time in the text, the full date in the title (hover) for whoever wants the exact moment."""
    return rx.el.time(relative, title=full, class_name="when", **props)
