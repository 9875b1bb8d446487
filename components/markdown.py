"""User Markdown shown as text: raw HTML in it is never rendered (no script, frame or handler from a POC)."""

from __future__ import annotations

import reflex as rx


def user_markdown(body: rx.Var | str, **props: object) -> rx.Component:
    """Markdown written by a user: GFM and math, but its HTML is shown as text, never run."""
    return rx.markdown(body, use_raw=False, **props)
