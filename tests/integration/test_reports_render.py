"""Report contents: who sees what, empty periods, the PDF's row cap and escaping, no network, XLSX overflow."""

from __future__ import annotations

import io
import re
import socket
import uuid
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from poc_tracker.db import session_scope
from poc_tracker.reports.build import build_report
from poc_tracker.reports.params import parse_request
from poc_tracker.reports.pdf import NetworkRefused, no_network_fetcher, render_html, render_pdf
from poc_tracker.reports.xlsx import Book, write_table
from poc_tracker.services.users import actor_for
from tests.factories import new_collection
from tests.personas import Persona
from tests.reports_support import seed_activity, seed_pocs, utc


def report_for(who: Persona, kind: str = "usage", **filters):
    tenant, user = uuid.UUID(who.tenant_id), uuid.UUID(who.user_id)
    with session_scope(tenant_id=tenant) as session:
        actor = actor_for(session, user_id=user, tenant_id=tenant)
        req = parse_request(
            {"kind": kind, "format": "pdf", "from": "2026-01-01", "to": "2026-01-31", "filters": filters},
            tz="America/Sao_Paulo",
        )
        report = build_report(session, actor=actor, req=req)
        report.tables = [t if t.stream is None else materialised(t) for t in report.tables]
        return report


def materialised(table):
    table.rows, table.stream = list(table.iter_rows()), None
    return table


def metric(report, key: str):
    return next(m.value for m in report.metrics if m.key == key)


def test_admins_see_the_tenant_members_their_own_and_what_is_shared(
    client, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    seed_pocs(member_a.tenant_id, member_a.user_id, 3, start=utc(2026, 1, 10, 12), prefix="Minha")
    boss = seed_pocs(owner_a.tenant_id, owner_a.user_id, 5, start=utc(2026, 1, 10, 12), prefix="Chefe")
    seed_pocs(owner_b.tenant_id, owner_b.user_id, 7, start=utc(2026, 1, 10, 12), prefix="Outra")
    shared = new_collection(client, owner_a, "Vitrine", visibility="tenant")
    assert client.put(f"/api/v1/collections/{shared['id']}/pocs/{boss[0]}", headers=owner_a.headers).status_code == 200
    assert metric(report_for(owner_a), "pocsCreated") == 8  # the whole tenant, never tenant B
    member = report_for(member_a)
    assert metric(member, "pocsCreated") == 4  # their 3 and the 1 shared with everyone
    names = {r[0] for r in next(t for t in member.tables if t.key == "pocs").rows}
    assert names == {"Minha 00001", "Minha 00002", "Minha 00003", "Chefe 00001"}
    assert member.scope != report_for(owner_a).scope
    assert metric(report_for(owner_a, language="go"), "pocsCreated") == 2
    assert metric(report_for(owner_a, tags=["api"]), "pocsCreated") == 3  # every other one, in each batch


def test_an_empty_period_says_so(client, owner_a: Persona):
    report = report_for(owner_a)
    assert report.empty
    assert "Nada aconteceu neste período com estes filtros." in render_html(report, "pt_BR")
    assert "Nothing happened in this period with these filters." in render_html(report, "en")


def test_above_the_row_cap_the_pdf_points_to_the_xlsx_and_user_text_is_text(
    client, owner_a: Persona, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from poc_tracker.settings import get_settings

    ids = seed_pocs(owner_a.tenant_id, owner_a.user_id, 12, start=utc(2026, 1, 5, 12), prefix="<img src=x>")
    seed_activity(owner_a.tenant_id, owner_a.user_id, ids, at=utc(2026, 1, 6, 12))
    monkeypatch.setenv("POC_TRACKER_REPORT_PDF_ROW_CAP", "10")
    get_settings.cache_clear()
    try:
        report = report_for(owner_a)
        html = render_html(report, "pt_BR")
        assert "Mostrando 10 de 12 — arquivo completo em XLSX" in html
        assert "<img src=x>" not in html and "&lt;img src=x&gt; 00001" in html
        assert "Dojo &lt;b&gt;de&lt;/b&gt; katas" in html
        pdf = render_pdf(report_for(owner_a), "pt_BR", tmp_path / "r.pdf")
        doc = pdfium.PdfDocument(pdf.read_bytes())
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        assert "Mostrando 10 de 12 — arquivo completo em XLSX" in text and re.search(r"<img src=x>\s+00010", text)
        assert not re.search(r"<img src=x>\s+00011", text)
    finally:
        get_settings.cache_clear()


def test_weasyprint_fetches_nothing_from_outside():
    from weasyprint import HTML

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.5)
        port = server.getsockname()[1]
        html = (
            f"<img src='http://127.0.0.1:{port}/x.png'><img src='file:///etc/hostname'>"
            f"<link rel=stylesheet href='http://127.0.0.1:{port}/s.css'><p>oi</p>"
            "<img src='data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnLz4='>"
        )
        pdf = HTML(string=html, url_fetcher=no_network_fetcher()).write_pdf()
        with pytest.raises(TimeoutError):
            server.accept()  # nobody came
    assert pdf.startswith(b"%PDF")
    fetcher = no_network_fetcher()
    for url in (f"http://127.0.0.1:{port}/x", "file:///etc/passwd", "https://example.com/f.woff"):
        with pytest.raises(NetworkRefused):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,b2k=").read() == b"oi"


def test_a_table_longer_than_a_sheet_continues_on_the_next_with_its_header(client, owner_a: Persona, tmp_path: Path):
    seed_pocs(owner_a.tenant_id, owner_a.user_id, 9, start=utc(2026, 1, 5, 12))
    report = report_for(owner_a)
    table = next(t for t in report.tables if t.key == "pocs")
    book = Book(tmp_path / "r.xlsx", "pt_BR", "America/Sao_Paulo")
    sheets = write_table(book, table, lambda _p: None, rows_per_sheet=4)  # 3 data rows + header per sheet
    book.wb.close()
    assert len(sheets) == 3 and sheets[1].endswith("(2)")
    wb = openpyxl.load_workbook(io.BytesIO((tmp_path / "r.xlsx").read_bytes()))
    got = [wb[name] for name in sheets]
    assert [ws.max_row for ws in got] == [4, 4, 4]
    assert all(ws["A1"].value == "POC" and ws.freeze_panes == "A2" and ws.auto_filter.ref for ws in got)
    assert [ws["A2"].value for ws in got] == ["POC 00001", "POC 00004", "POC 00007"]


def test_months_and_the_heat_map_follow_the_tenants_time_zone(client, owner_a: Persona):
    # 01:30 UTC on 1 Feb is 22:30 on Saturday 31 Jan in São Paulo: January, Saturday, 22 h.
    ids = seed_pocs(owner_a.tenant_id, owner_a.user_id, 1, start=utc(2026, 2, 1, 1, 30))
    seed_activity(owner_a.tenant_id, owner_a.user_id, ids, at=utc(2026, 2, 1, 1, 30))
    report = report_for(owner_a, kind="trends")
    created = next(s for s in report.series if s.key == "pocsCreated")
    assert created.points[0][1] == 1
    assert report.heatmap[5][22] == 3 and sum(map(sum, report.heatmap)) == 3


def test_rising_tags_count_each_tag_of_each_poc_against_the_period_before(client, owner_a: Persona, owner_b: Persona):
    seed_pocs(owner_a.tenant_id, owner_a.user_id, 3, start=utc(2025, 12, 10, 12), prefix="Dez")  # dados, api, dados
    seed_pocs(owner_a.tenant_id, owner_a.user_id, 4, start=utc(2026, 1, 10, 12), prefix="Jan")  # dados, api ×2
    seed_pocs(owner_b.tenant_id, owner_b.user_id, 9, start=utc(2026, 1, 10, 12), prefix="Outra")
    tags = next(t for t in report_for(owner_a, "trends").tables if t.key == "tagsTrend")
    assert tags.rows == [("api", 2, 1, 1.0), ("dados", 2, 2, 0.0)]  # most rising first; tenant B never counted
