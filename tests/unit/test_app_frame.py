"""The frame every private page paints before its scripts run: what it costs the phone to start."""

from __future__ import annotations

from pathlib import Path

import reflex as rx

from components.layout import app_page
from components.nav import MAIN, side_link, tab_link


def test_the_content_waits_behind_still_bars_not_a_spinner():
    page = str(app_page(rx.text("conteúdo")))
    assert 'className:"page-loading"' in page and 'role:"status"' in page
    assert "Spinner" not in page  # an animation running while the page starts costs a frame every 16 ms
    css = (Path(__file__).parents[2] / "assets" / "design.css").read_text()
    rules = css.split(".page-loading", 1)[1].split("/*", 1)[0]
    assert "animation" not in rules


def test_navigation_links_are_router_links_styled_by_class():
    for link in (side_link(MAIN[1]), tab_link(MAIN[0])):
        jsx = str(link)
        assert "ReactRouterLink" in jsx
        assert "RadixThemesLink" not in jsx and "RadixThemesText" not in jsx
    assert 'className:"side-link"' in str(side_link(MAIN[1]))


def test_long_pages_draw_their_offscreen_sections_only_near_the_screen():
    from components.poc import poc_list_view
    from pages.home import activity_feed
    from state.poc_list import PocListState

    assert 'className:"drawn-near-screen"' in str(activity_feed())
    assert 'className:"drawn-near-screen"' in str(poc_list_view(PocListState.rows))
    css = (Path(__file__).parents[2] / "assets" / "design.css").read_text()
    assert ".drawn-near-screen {\n  content-visibility: auto;" in css
