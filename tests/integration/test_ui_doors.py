"""The UI's door to the services: the actor is read in the work's own session, domain errors come back translated."""

from __future__ import annotations

import uuid

import pytest
import reflex as rx
from sqlalchemy import event

import pages.home
import pages.pocs
from poc_tracker.db import get_engine
from poc_tracker.errors import Invalid
from poc_tracker.services import pocs
from state.home import HomeState
from state.i18n import I18nState
from state.poc_detail import PocDetailState
from state.session import SessionState
from tests.live_server import run_async
from tests.personas import Persona


def _signed_in(persona: Persona | None, locale: str = "pt_BR") -> rx.State:
    """A state tree as a browser tab of ``persona`` has it."""
    root = rx.State(_reflex_internal_init=True)

    async def sign_in() -> None:
        (await root.get_state(I18nState)).locale = locale
        if persona:
            session = await root.get_state(SessionState)
            session._user_id, session._tenant_id = persona.user_id, persona.tenant_id

    run_async(sign_in())
    return root


def _run(root: rx.State, state: type[rx.State], work):
    async def go():
        return await (await root.get_state(state))._call(work)

    return run_async(go())


def test_the_actor_and_the_work_share_one_session(owner_a: Persona):
    checkouts: list[object] = []
    listener = lambda conn, _rec, _proxy: checkouts.append(conn)  # noqa: E731
    event.listen(get_engine(), "checkout", listener)
    seen: list[object] = []
    try:
        got = _run(
            _signed_in(owner_a),
            HomeState,
            lambda s, a: seen.append((s.info["tenant_id"], s.info["system"], s.connection())) or a,
        )
    finally:
        event.remove(get_engine(), "checkout", listener)
    assert got.ok and got.value.user_id == uuid.UUID(owner_a.user_id) and got.actor == got.value
    assert seen[0][:2] == (uuid.UUID(owner_a.tenant_id), False)  # tenant-scoped, never the system scope
    assert len(checkouts) == 1  # one connection: the actor was read in the work's transaction


MESSAGE = "Enter a valid e-mail address."


def test_a_domain_error_comes_back_in_the_users_language_and_nothing_is_kept(owner_a: Persona):
    def work(session, actor):
        pocs.create_poc(session, actor=actor, data={"name": "Meio caminho", "language": "Python"})
        raise Invalid("Informe um e-mail válido.", details={"field": "email"})

    got = _run(_signed_in(owner_a, "en"), HomeState, work)
    assert not got.ok and got.value is None
    assert got.error == MESSAGE and got.field == "email"
    assert got.field_errors(["email", "name"]) == {"email": MESSAGE}
    assert got.field_errors({"email": "owner_email"}) == {"owner_email": MESSAGE}
    assert got.field_errors(["name"]) == {}
    listed = _run(_signed_in(owner_a), HomeState, lambda s, a: pocs.list_pocs(s, actor=a, filters=pocs.PocFilters()))
    assert listed.value[1] == 0  # rolled back with the error


def test_signed_out_the_door_says_sign_in_and_runs_nothing(profile):
    ran: list[bool] = []
    got = _run(_signed_in(None), HomeState, lambda s, a: ran.append(True))
    assert not got.ok and got.error == "Faça login para continuar." and not ran


def test_a_handler_acting_on_another_tenants_poc_gets_a_toast_not_the_poc(owner_a: Persona, owner_b: Persona):
    made = _run(
        _signed_in(owner_b),
        HomeState,
        lambda s, a: pocs.create_poc(s, actor=a, data={"name": "Segredo de B", "language": "Go"}).id,
    )
    root = _signed_in(owner_a, "en")

    async def star() -> object:
        detail = await root.get_state(PocDetailState)
        detail.poc.id = str(made.value)
        return await detail.toggle_favorite()

    toast = run_async(star())
    assert isinstance(toast, rx.event.EventSpec) and "POC not found." in str(toast.args[0][1])
    assert not run_async(root.get_state(PocDetailState)).is_favorite


@pytest.mark.parametrize("raw", ["", "../etc", "12", str(uuid.UUID(int=0))])
def test_a_junk_id_from_the_browser_is_just_not_found(owner_a: Persona, raw: str):
    from state.base import as_id

    got = _run(_signed_in(owner_a, "en"), HomeState, lambda s, a: pocs.access_poc_by_id(s, a, as_id(raw)))
    assert got.error == "POC not found."


OPENED = (pages.home, pages.pocs)  # imported to register these pages with their loaders, opened below


def _open_page(root: rx.State, route: str) -> list:
    async def go() -> list:
        return await SessionState.open_page.fn(await root.get_state(SessionState), route)

    return run_async(go())


def test_opening_a_page_checks_the_sign_in_once_and_its_loaders_use_that_actor(owner_a: Persona):
    statements: list[str] = []
    listener = lambda _c, _cur, sql, *_: statements.append(sql)  # noqa: E731
    event.listen(get_engine(), "before_cursor_execute", listener)
    root = _signed_in(owner_a)
    run_async(root.get_state(SessionState)).access_token = owner_a.access_token
    try:
        events = _open_page(root, "/")
    finally:
        event.remove(get_engine(), "before_cursor_execute", listener)
    home = run_async(root.get_state(HomeState))
    assert home.loaded and not home.error  # the loader ran, as the signed-in owner
    assert run_async(root.get_state(SessionState)).user_email == owner_a.email  # the frame's names, refreshed
    assert "pocPwa" in str(events[0])  # then the offline copies start
    assert sum("billing_accounts" in sql for sql in statements) == 1  # the actor was read once, not per loader


def test_the_home_comes_from_the_read_cache_until_the_tenant_changes(profile, owner_a: Persona, member_a: Persona):
    root = _signed_in(owner_a)
    run_async(root.get_state(SessionState)).access_token = owner_a.access_token
    _open_page(root, "/")
    home = run_async(root.get_state(HomeState))
    before = home.tenant_pocs
    statements: list[str] = []
    listener = lambda _c, _cur, sql, *_: statements.append(sql)  # noqa: E731
    event.listen(get_engine(), "before_cursor_execute", listener)
    try:
        _open_page(root, "/")
    finally:
        event.remove(get_engine(), "before_cursor_execute", listener)
    read_pocs = sum("FROM pocs" in sql for sql in statements)
    assert read_pocs == 0 if profile.name == "production" else read_pocs > 0  # embedded: no Redis, no cache
    assert home.loaded and home.tenant_pocs == before
    made = _run(
        _signed_in(member_a),
        HomeState,
        lambda s, a: pocs.create_poc(s, actor=a, data={"name": "Nova da equipe", "language": "Go"}),
    )
    assert made.ok
    _open_page(root, "/")
    assert home.tenant_pocs == before + 1  # the member's commit made the cached home stale


def test_the_poc_list_comes_from_the_read_cache_per_filter_until_the_tenant_changes(
    profile, owner_a: Persona, member_a: Persona
):
    from state.poc_list import PocListState

    create = lambda name: lambda s, a: pocs.create_poc(s, actor=a, data={"name": name, "language": "Go"})  # noqa: E731
    assert _run(_signed_in(owner_a), HomeState, create("Minha primeira")).ok
    root = _signed_in(owner_a)
    run_async(root.get_state(SessionState)).access_token = owner_a.access_token
    _open_page(root, "/pocs")
    listed = run_async(root.get_state(PocListState))
    assert (listed.scope, listed.total, [r.name for r in listed.rows]) == ("mine", 1, ["Minha primeira"])
    statements: list[str] = []
    listener = lambda _c, _cur, sql, *_: statements.append(sql)  # noqa: E731
    event.listen(get_engine(), "before_cursor_execute", listener)
    try:
        _open_page(root, "/pocs")
    finally:
        event.remove(get_engine(), "before_cursor_execute", listener)
    read_pocs = sum("FROM pocs" in sql for sql in statements)
    assert read_pocs == 0 if profile.name == "production" else read_pocs > 0
    assert listed.rows[0].can_edit and listed.total == 1
    assert _run(_signed_in(owner_a), HomeState, create("Segunda")).ok
    _open_page(root, "/pocs")
    assert listed.total == 2  # the same filter, read again: the tenant changed
    assert _run(_signed_in(member_a), HomeState, create("Da equipe")).ok
    listed.scope = "all"
    _open_page(root, "/pocs")
    assert listed.total == 3


def test_a_page_opened_signed_out_asks_the_cookie_and_loads_nothing(profile):
    root = _signed_in(None)
    events = _open_page(root, "/")
    assert len(events) == 1 and "pocAuth.refresh" in str(events[0])
    assert not run_async(root.get_state(HomeState)).loaded


def test_a_page_opened_by_a_deactivated_user_goes_to_sign_in_and_loads_nothing(owner_a: Persona, member_a: Persona):
    from poc_tracker.db import session_scope
    from poc_tracker.models import User

    with session_scope(tenant_id=uuid.UUID(member_a.tenant_id)) as session:
        session.get(User, uuid.UUID(member_a.user_id)).is_active = False
    root = _signed_in(member_a)
    events = _open_page(root, "/pocs")
    assert len(events) == 1 and "/login" in str(events[0])
    assert not run_async(root.get_state(SessionState)).user_email


def test_the_mixin_gives_the_browser_no_new_events():
    assert set(HomeState.event_handlers) == {"setvar", "load_dashboard"}


def test_the_reports_page_shows_the_report_and_tells_viewers_it_is_not_for_them(owner_a: Persona, viewer_a: Persona):
    from state.reports import ReportsState

    def load(persona: Persona) -> ReportsState:
        root = _signed_in(persona)

        async def go() -> ReportsState:
            page = await root.get_state(ReportsState)
            await page.load_reports()
            return page

        return run_async(go())

    owner = load(owner_a)
    assert owner.allowed and owner.error == "" and owner.whole_tenant
    assert "Buscas feitas" in {m.label for m in owner.metrics} and owner.loaded
    viewer = load(viewer_a)
    assert not viewer.allowed and viewer.error == "Seu papel não dá acesso aos relatórios." and viewer.metrics == []


def _drain(gen) -> list:
    async def go() -> list:
        return [e async for e in gen]

    return run_async(go())


def test_signing_up_and_in_from_the_ui_goes_through_named_system_sessions(profile):
    from state.auth import SignInState, SignUpState

    root = _signed_in(None, "en")
    form = {
        "name": "Gama Ltda",
        "subdomain": "gama",
        "owner_name": "Gil Gama",
        "owner_email": "gil@gama.com.br",
        "owner_password": "curta",
    }
    up = run_async(root.get_state(SignUpState))
    _drain(up.sign_up(form))
    assert up.field_errors == {"owner_password": up.error} and "8" in up.error  # in English, next to its input
    _drain(up.sign_up({**form, "owner_password": "senha-forte-123", "accept_privacy_notice": "on"}))
    session = run_async(root.get_state(SessionState))
    assert up.error == "" and session.user_email == "gil@gama.com.br" and session.tenant_name == "Gama Ltda"

    again = _signed_in(None, "en")
    sign_in = run_async(again.get_state(SignInState))
    _drain(sign_in.sign_in({"email": "gil@gama.com.br", "password": "senha-errada"}))
    assert sign_in.error == "Wrong e-mail or password."
    _drain(sign_in.sign_in({"email": "gil@gama.com.br", "password": "senha-forte-123"}))
    assert sign_in.error == "" and run_async(again.get_state(SessionState)).user_name == "Gil Gama"
