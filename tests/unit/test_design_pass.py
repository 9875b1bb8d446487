"""The design pass's rules, checked without a browser: spacing, names for controls, safe links, text without markup."""

from __future__ import annotations

import ast
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from poc_tracker.i18n import format_ago, format_dt
from poc_tracker.origins import safe_next_path
from scripts.run_output import keep
from state.rows import plain_text
from state.search_rows import plain_marked

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "components").glob("*.py")])


def calls(name: str) -> list[tuple[str, ast.Call]]:
    """Every call of ``name`` (like "rx.flex") in the pages and components, with its file."""
    found = []
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == name:
                found.append((path.name, node))
    return found


def test_flex_and_grid_spacing_goes_through_radix_not_a_css_gap_without_unit():
    # rx.flex(gap="2") becomes CSS `gap: 2` (invalid, so 0 px): badges and buttons touched on the POC page
    for func in ("rx.flex", "rx.grid"):
        for filename, node in calls(func):
            for kw in node.keywords:
                unitless = isinstance(kw.value, ast.Constant) and str(kw.value.value).isdigit()
                assert not (kw.arg == "gap" and unitless), f"{filename}:{node.lineno} {func}(gap=…): use spacing="


def test_every_select_has_an_accessible_name():
    # the select triggers on /pocs, the profile and the Retrospectiva had none (axe: button-name)
    for filename, node in calls("rx.select.trigger"):
        props = {kw.arg for kw in node.keywords}
        assert props & {"aria_label", "aria_labelledby", "id"}, f"{filename}:{node.lineno} select without a name"
    assert not [f"{f}:{n.lineno}" for f, n in calls("rx.select") if f != "dojos.py"]  # its name lands on the root


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("/pocs/8d0c?tab=files", "/pocs/8d0c?tab=files"),
        ("/collections", "/collections"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/login?next=/x", "/"),
        ("/pocs\n/x", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_paths_of_this_site_are_returned_to_after_sign_in(raw, expected):
    assert safe_next_path(raw) == expected


def test_cards_show_markdown_as_plain_text():
    assert plain_text("**Stack:** Java. Veja [o repo](https://x.example) e `cache_ttl`") == (
        "Stack: Java. Veja o repo e cache_ttl"
    )
    assert plain_text("## Título\n- um item\n> citação") == "Título um item citação"
    marked = plain_marked("Reduzir a latência. **Stack:** <mark>PHP</mark> &lt;b&gt;x&lt;/b&gt; &#x27;q&#x27;")
    assert marked == "Reduzir a latência. Stack: <mark>PHP</mark> &lt;b&gt;x&lt;/b&gt; &#x27;q&#x27;"


def test_times_are_relative_with_the_full_date_to_the_minute():
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    assert format_ago(now - timedelta(minutes=5), "pt_BR", now=now).startswith("há 5 min")
    assert format_ago(now - timedelta(days=3), "en", now=now) == "3 days ago"
    assert format_ago(now - timedelta(seconds=20), "pt_BR", now=now) == "agora"
    assert format_ago(now.replace(tzinfo=None) - timedelta(hours=2), "pt_BR", now=now) == "há 2 h"  # naive is UTC
    assert format_dt(now) == "10 de mar. de 2026 12:00"  # no seconds


@pytest.mark.parametrize(
    "name, expected", [("Café & Companhia Ltda.", "cafe-companhia-ltda"), ("  Ação Ágil S/A ", "acao-agil-s-a")]
)
def test_the_subdomain_suggested_in_the_browser_is_the_one_the_server_takes(name, expected):
    from pages.signup import SUGGEST_SUBDOMAIN
    from state.auth import subdomain_for

    fake_dom = (
        f"const n = {{value: {json.dumps(name)}}}, s = {{value: 'typed', placeholder: '', dataset: {{}}}};"
        "const document = {querySelector: (q) => (q.includes('name=name') ? n : s)};"
    )
    node = ROOT / "tools" / "node_modules" / ".bin" / "node"
    script = f"{fake_dom}{SUGGEST_SUBDOMAIN};process.stdout.write(s.placeholder + '|' + s.value)"
    out = subprocess.run([str(node), "-e", script], capture_output=True, text=True, check=True)
    assert out.stdout == f"{expected}|typed"  # a suggestion; what was typed stays
    assert subdomain_for(name) == expected


def test_make_run_shows_progress_and_errors_but_not_reflex_advice():
    console = [
        "─────────── Initializing poc_tracker ───────────",
        "Success: Initialized poc_tracker. Run `uv run reflex run` to start the app.",
        "Compiling: ━━━━ 100% 63/62 0:00:11",
        "Warning: Page dojos is being redefined with the same component.",
        "App running at: http://0.0.0.0:3000/",
        "Error: the port is in use",
    ]
    assert list(keep(console)) == ["Compiling: ━━━━ 100% 63/62 0:00:11", "Error: the port is in use"]
