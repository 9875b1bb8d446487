"""Screenshots of the running app on a phone and a desktop: the README's ``docs/screens/``, or every page to review."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Usage, with the app running (`make run`) and demo data (`poc-tracker demo --pocs 50`):
#   python scripts/screens.py [--base http://localhost:3000]   -> docs/screens/<page>-<phone|desktop>.png (README)
#   python scripts/screens.py --review --out /tmp/screens      -> every page, both sizes and languages, full length
ROOT = Path(__file__).resolve().parents[1]
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
# The gallery: a handful of pages a newcomer wants to see (name, path); "{poc}" is the first POC of the list.
GALLERY = [
    ("home", "/"),
    ("pocs", "/pocs"),
    ("poc", "/pocs/{poc}"),
    ("search", "/search?q=api"),
    ("collections", "/collections"),
    ("reports", "/relatorios"),
]
# Every page, for a review pass (not kept in the repository).
REVIEW = [
    *GALLERY,
    ("poc-new", "/pocs/new"),
    ("poc-edit", "/pocs/{poc}/edit"),
    ("dojos", "/dojos"),
    ("team", "/team"),
    ("profile", "/profile"),
    ("security", "/perfil/seguranca"),
    ("retrospectiva", "/retrospectiva"),
    ("not-found", "/nao-existe"),
]
PUBLIC = [("login", "/login"), ("signup", "/signup"), ("forgot", "/forgot-password")]


def first_poc_id(base: str, email: str, password: str) -> str:
    """The id of a POC of the demo organisation, through the API."""
    req = urllib.request.Request(  # noqa: S310
        f"{base}/api/v1/auth/login",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as res:  # noqa: S310  (the app's own http URL)
        token = json.loads(res.read())["accessToken"]
    auth = {"Authorization": f"Bearer {token}"}
    req = urllib.request.Request(f"{base}/api/v1/pocs?limit=1", headers=auth)  # noqa: S310
    with urllib.request.urlopen(req) as res:  # noqa: S310  (the app's own http URL)
        return json.loads(res.read())["data"][0]["id"]


def new_context(browser: Browser, size: str, locale: str) -> BrowserContext:
    """A browser context at one size that speaks one language."""
    ctx = browser.new_context(viewport=SIZES[size], locale="pt-BR" if locale == "pt_BR" else "en-US")
    ctx.add_init_script(f"localStorage.setItem('poc_tracker_locale', {json.dumps(locale)})")
    return ctx


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """Sign in through the form."""
    page.goto(f"{base}/login")
    page.wait_for_selector("input[name=email]")
    page.wait_for_timeout(500)  # the form re-renders on hydration
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_function("location.pathname === '/'")


def save(page: Page, path: Path, *, full_page: bool, scale: float) -> None:
    """A screenshot, scaled down and reduced to a palette so the PNG stays small."""
    png = page.screenshot(full_page=full_page)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    if scale != 1:
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.LANCZOS)
    img = img.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def shoot(page: Page, base: str, route: str, out: Path, *, full_page: bool, scale: float) -> None:
    """Open a page, wait for the app to settle, save it."""
    page.goto(f"{base}{route}")
    with contextlib.suppress(PlaywrightTimeout):  # a page without the app's frame: shoot what shows
        page.wait_for_selector("#app-content", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(700)  # fonts, charts and the first state update
    save(page, out, full_page=full_page, scale=scale)
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def run(args: argparse.Namespace) -> None:
    """Take the screenshots."""
    poc = first_poc_id(args.base, args.email, args.password)
    pages = [(n, r) for n, r in (REVIEW if args.review else GALLERY) if not args.only or n in args.only]
    public = [(n, r) for n, r in PUBLIC if not args.only or n in args.only]
    locales = args.locales or (["pt_BR", "en"] if args.review else ["pt_BR"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in args.sizes or SIZES:
            for locale in locales:
                ctx = new_context(browser, size, locale)
                page = ctx.new_page()
                suffix = f"{size}" if not args.review else f"{size}-{locale}"
                if args.review:
                    for name, route in public:
                        shoot(page, args.base, route, args.out / f"{name}-{suffix}.png", full_page=True, scale=1)
                sign_in(page, args.base, args.email, args.password)
                for name, route in pages:
                    out = args.out / f"{name}-{suffix}.png"
                    scale = 1 if args.review or size == "phone" else 0.6
                    shoot(page, args.base, route.format(poc=poc), out, full_page=args.review, scale=scale)
                ctx.close()
        browser.close()


def main() -> None:
    """Parse the arguments and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default=os.environ.get("POC_TRACKER_APP_URL", "http://localhost:3000"))
    parser.add_argument("--email", default="ana@demo.poctracker.com.br")
    parser.add_argument("--password", default="cafe-com-pao-de-queijo")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--review", action="store_true", help="every page, both languages, full length")
    parser.add_argument("--only", type=lambda v: v.split(","), help="page names, comma-separated (home,poc,…)")
    parser.add_argument("--sizes", type=lambda v: v.split(","), help="phone,desktop")
    parser.add_argument("--locales", type=lambda v: v.split(","), help="pt_BR,en")
    run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
