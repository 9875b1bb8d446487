"""/relatorios in the browser: charts on a phone and a desktop, an export started, followed and downloaded."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.browser import SCREENSHOTS, access_token, api, no_horizontal_scroll, screenshot, sign_up

pytestmark = pytest.mark.e2e


def seed(base: str, token: str) -> None:
    """A few POCs this month, made through the API as a user would."""
    for n, (lang, tags) in enumerate([("python", ["dados"]), ("go", ["api"]), ("python", ["api", "ml"])]):
        api(base, token, "POST", "/api/v1/pocs", {"name": f"Experimento {n + 1}", "language": lang, "tags": tags})


def pdf_page_png(pdf: Path, name: str) -> Path:
    """The PDF's first page as a PNG (pdftoppm, poppler-utils) beside the other screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(SCREENSHOTS / name)],
        check=True,
    )
    return SCREENSHOTS / f"{name}.png"


def test_reports_page_shows_charts_and_exports_a_pdf(browser, app_server, tmp_path: Path):
    sub = f"r{int(time.time() * 1000) % 10**8}"
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="pt-BR", accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(60000)
    sign_up(page, app_server, sub)
    seed(app_server, access_token(page))
    page.goto(f"{app_server}/relatorios")
    page.wait_for_selector("[data-chart=monthly] img")
    assert page.is_visible("[data-chart=monthly] img") and page.is_visible("[data-chart=languages] img")
    assert page.inner_text("[data-metric=pocsCreated]").startswith("3")
    assert "Experimento 1" in page.inner_text("[data-table=pocs]")
    screenshot(page, "reports-desktop")

    page.click("#export-pdf")
    card = page.locator(".job-card").first
    card.locator(".job-download").wait_for(timeout=180000)  # rendered by the worker, progress followed live
    assert card.locator(".job-status").get_attribute("data-status") == "done"
    with page.expect_download() as got:
        card.locator(".job-download").click()
    download = got.value
    assert download.suggested_filename.startswith("Relatório de uso ") and download.suggested_filename.endswith(".pdf")
    target = tmp_path / "relatorio.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert pdf_page_png(target, "reports-pdf-page-1").stat().st_size > 10_000

    page.click("text=Tendências")
    page.wait_for_selector("[data-chart=heatmap] img")
    screenshot(page, "reports-trends-desktop")

    page.set_viewport_size({"width": 390, "height": 844})  # the same person on a phone
    page.goto(f"{app_server}/relatorios")
    page.wait_for_selector("[data-chart=monthly] img")
    assert page.locator("[data-chart=monthly] img").bounding_box()["width"] > 300
    assert no_horizontal_scroll(page)
    screenshot(page, "reports-phone")
    ctx.close()
