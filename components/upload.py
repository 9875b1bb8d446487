"""rx.upload whose hidden file input has an accessible name (Reflex gives it none, and axe flags it)."""

from __future__ import annotations

import reflex as rx


def named_upload(*children: rx.Component, label: rx.Var | str, **props: object) -> rx.Component:
    """``rx.upload`` with ``aria-label`` on its file input (the control screen readers reach)."""
    upload = rx.upload(*children, **props)
    zone = upload.children[0]
    file_input = zone.children[0]
    if getattr(file_input, "tag", "") != "input":  # Reflex changed how rx.upload is built: name the input another way
        raise TypeError("rx.upload no longer starts with its file input")
    file_input.custom_attrs = {**file_input.custom_attrs, "aria-label": label}
    return upload
