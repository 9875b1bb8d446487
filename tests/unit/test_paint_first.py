"""Built pages paint before fetching their scripts: the loader waits for the first frame, then preloads and imports."""

from __future__ import annotations

from pathlib import Path

from components.paint_first import MARK, paint_first, rewrite_all

BUILT = (
    '<html><head><link rel="modulepreload" href="/assets/manifest-1.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-2.js"/><link rel="modulepreload" href="/assets/root-3.js"/>'
    '<link rel="modulepreload" href="/assets/_login_._index-4.js"/><script>window.__reactRouterContext = {};</script>'
    '<script type="module" async="">import "/assets/manifest-1.js";\n'
    'import * as route0 from "/assets/root-3.js";\nimport * as route1 from "/assets/_login_._index-4.js";\n  \n'
    '  window.__reactRouterRouteModules = {"root":route0,"routes/[login]._index":route1};\n\n'
    'import("/assets/entry.client-2.js");</script></head><body><form>Entrar</form></body></html>'
)


def test_the_loader_starts_after_the_first_frame_with_the_same_preloads_and_imports_in_order():
    page = paint_first(BUILT)
    assert "modulepreload" not in page.split("<script", 1)[0]  # nothing fetched before the paint
    script = page.split(f'<script type="module" {MARK}="">', 1)[1].split("</script>", 1)[0]
    wait = script.index("requestAnimationFrame")
    preloads = script.index('["/assets/manifest-1.js", "/assets/entry.client-2.js", "/assets/root-3.js"')
    side = script.index('await import("/assets/manifest-1.js")')
    routes = script.index('const [route0, route1] = await Promise.all([import("/assets/root-3.js"), import(')
    modules = script.index('window.__reactRouterRouteModules = {"root":route0,"routes/[login]._index":route1};')
    entry = script.index('import("/assets/entry.client-2.js");')
    assert preloads < wait < side < routes < modules < entry
    assert "<form>Entrar</form>" in page and "window.__reactRouterContext = {};" in page  # the rest as built


def test_a_page_of_another_shape_or_already_rewritten_is_left_as_built():
    odd = BUILT.replace('import("/assets/entry.client-2.js");', 'import("/assets/entry.client-2.js"); run();')
    assert paint_first(odd) == odd
    once = paint_first(BUILT)
    assert paint_first(once) == once
    assert paint_first("<html><body>404</body></html>") == "<html><body>404</body></html>"


def test_every_page_of_a_build_is_rewritten(tmp_path: Path):
    (tmp_path / "login").mkdir()
    for name in ("index.html", "login.html", "login/index.html"):
        (tmp_path / name).write_text(BUILT, encoding="utf-8")
    (tmp_path / "offline.html").write_text("<html>offline</html>", encoding="utf-8")
    assert rewrite_all(tmp_path) == 3
    assert MARK in (tmp_path / "login/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "offline.html").read_text(encoding="utf-8") == "<html>offline</html>"


def test_each_shared_chunk_runs_in_a_task_of_its_own_after_the_chunks_it_imports(tmp_path: Path):
    assets = tmp_path / "assets"
    assets.mkdir()
    chunks = {
        "manifest-1.js": "window.__reactRouterManifest={};",
        "entry.client-2.js": 'import{a as b}from"./react-5.js";hydrate();',
        "root-3.js": 'import{a as b,c as d}from"./react-5.js";import"./icons-6.js";export{b as default};',
        "_login_._index-4.js": 'import{x}from"./root-3.js";const later=()=>import("./lazy-7.js");',
        "react-5.js": "export const a=1;",
        "icons-6.js": 'export*from"./react-5.js";',
        "lazy-7.js": "export const z=1;",
    }
    for name, code in chunks.items():
        (assets / name).write_text(code, encoding="utf-8")
    page = paint_first(BUILT, assets)
    early = page.split("for (const chunk of ", 1)[1].split(")", 1)[0]
    assert early == (
        '["/assets/manifest-1.js", "/assets/react-5.js", "/assets/icons-6.js", "/assets/root-3.js",'
        ' "/assets/_login_._index-4.js"]'
    )  # dependencies first; neither the entry (it hydrates) nor a lazily imported chunk
    script = page.split(f'<script type="module" {MARK}="">', 1)[1]
    assert script.index("requestAnimationFrame") < script.index("for (const chunk of") < script.index("scheduler.yield")
    assert script.index("scheduler.yield") < script.index('await import("/assets/manifest-1.js")')
    assert script.index("window.__reactRouterRouteModules") < script.index('import("/assets/entry.client-2.js")')
