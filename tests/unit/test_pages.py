"""Every page is declared through the page decorators: sign-in first, the app frame, a translated title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {
    "404",
    "/login",
    "/signup",
    "/join",
    "/sso",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/dev/mailbox",
}
PUBLIC |= {"/privacidade", "/privacidade/exclusao"}  # the privacy notice and cancelling a deletion: signed out


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple]:
    from reflex_base.registry import RegistrationContext

    import poc_tracker.poc_tracker  # noqa: F401  (imports every page module)

    return {kw["route"]: (fn, kw) for fn, kw in RegistrationContext.ensure_context().decorated_pages}


def _loads(kw: dict) -> list:
    on_load = kw.get("on_load") or []
    return on_load if isinstance(on_load, list) else [on_load]


def test_no_page_module_registers_a_route_by_hand():
    for path in (ROOT / "pages").glob("*.py"):
        assert not re.search(r"@rx\.page\(|add_page\(", path.read_text()), path.name


def _opens_page(handler: object) -> bool:
    from state.session import SessionState

    return getattr(getattr(handler, "handler", None), "fn", None) is SessionState.open_page.fn


def test_every_private_page_restores_the_sign_in_before_loading(pages):
    from state.session import PAGE_LOADERS

    private = set(pages) - PUBLIC
    assert len(private) >= 12
    for route in private:
        loads = _loads(pages[route][1])
        assert len(loads) == 1 and _opens_page(loads[0]), route  # the sign-in check, then the loaders, one event
        assert [a[1]._var_value for a in loads[0].args] == [route], route
        assert route in PAGE_LOADERS, route


def test_public_pages_do_not_ask_for_a_sign_in(pages):
    for route in PUBLIC:
        assert not any(_opens_page(h) for h in _loads(pages[route][1])), route


def test_titles_are_translated_and_name_the_product(pages):
    import json
    import re

    from poc_tracker.i18n import catalog

    english = catalog("en")
    translated = 0
    for route, (_, kw) in pages.items():
        js = str(kw["title"])
        assert "POC Tracker" in js, route
        for text in (json.loads(f'"{s}"') for s in re.findall(r'"((?:[^"\\]|\\.)*)"', js)):
            if english.get(text, text) != text:  # a Portuguese title: its English follows the active language
                assert json.dumps(english[text]) in js and "i18n_state" in js, route
                translated += 1
    assert translated >= 10


def test_the_poc_page_title_carries_the_pocs_name(pages):
    assert "poc_detail_state" in str(pages["/pocs/[poc_id]"][1]["title"])


def test_private_pages_come_inside_the_app_frame(pages):
    from components.layout import app_page

    frame = type(app_page())
    fn, _ = pages["/"]
    rendered = fn()
    assert isinstance(rendered, frame)
    assert "app-content" in str(rendered.render())  # the container every signed-in page's content sits in


def _tags(component: object) -> set[str]:
    found = {getattr(component, "tag", None) or ""}
    for child in getattr(component, "children", []) or []:
        found |= _tags(child)
    for prop in ("cond", "comp1", "comp2", "render_fn"):
        value = getattr(component, prop, None)
        if hasattr(value, "children"):
            found |= _tags(value)
    return found


def test_no_page_names_an_icon_at_run_time(pages):
    """An icon named by a Var is Lucide's DynamicIcon, which imports a map of all ~1,600 icons (259 kB)."""
    for route, (fn, _) in pages.items():
        assert "DynamicIcon" not in _tags(fn()), route
