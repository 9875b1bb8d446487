"""Reports through a real Celery worker: each kind in each format, read back, totals equal across formats."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from datetime import datetime, timedelta

import jsonschema
import openpyxl
import pdfplumber
import pypdfium2 as pdfium
import pytest

from tests.personas import Persona
from tests.reports_support import seed_activity, seed_pocs, utc
from tests.search_support import start_worker, stop_worker

pytestmark = pytest.mark.worker
ROWS = 2000
PERIOD = {"from": "2026-01-01", "to": "2026-01-31"}
CASES = [(kind, fmt) for kind in ("usage", "trends") for fmt in ("pdf", "xlsx", "json")]


@pytest.fixture
def reports_worker(profile):
    """A real worker on the ``reports`` queue."""
    proc = start_worker(profile, "reports")
    yield proc
    stop_worker(proc)


def wait_all_done(client, who: Persona, worker, count: int, timeout: float = 300) -> list[dict]:
    """Poll the list (once a second: the API's rate limit) until every report finished."""
    deadline, seen = time.monotonic() + timeout, set()
    while True:
        rows = client.get("/api/v1/reports", params={"limit": 20}, headers=who.headers).json()["data"]
        seen |= {(r["status"], r["progress"]) for r in rows}
        if len(rows) == count and all(r["status"] in ("done", "failed") for r in rows):
            return rows
        if time.monotonic() > deadline or worker.poll() is not None:
            stop_worker(worker)
            pytest.fail(f"reports unfinished: {rows}\nworker said:\n{worker.stdout.read()}")
        time.sleep(1.0)


def page_texts(data: bytes) -> list[str]:
    """Every page's text, read by PDFium (pdfplumber's own renderer: seconds for a hundred pages)."""
    doc = pdfium.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def check_layout_with_pdfplumber(data: bytes, sample: list[int]) -> None:
    """On sampled pages, pdfplumber finds the footer at the bottom and, on table pages, the header above every row."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        total = len(pdf.pages)
        for n in sample:
            page = pdf.pages[n - 1]
            words = page.extract_words()
            footer = [w for w in words if w["text"] == "Página"]
            assert footer and footer[0]["top"] > page.height * 0.9, n
            assert f"Página {n} de {total}" in page.crop((0, page.height * 0.9, page.width, page.height)).extract_text()
            rows = [w for w in words if re.fullmatch(r"\d{5}", w["text"])]
            header = [w for w in words if w["text"] == "Autor(a)"]
            if rows:
                assert header and header[0]["top"] < min(r["top"] for r in rows), n


def check_pdf(kind: str, data: bytes) -> str:
    pages = page_texts(data)
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        assert f"Página {n} de {total}" in text
    whole = "\n".join(pages)
    assert "Empresa alfa" in whole and "01/01/2026 a 31/01/2026" in whole and "(America/Sao_Paulo)" in whole
    if kind == "usage":
        names = set(re.findall(r"POC \d{5}", whole))
        assert names == {f"POC {i:05d}" for i in range(1, ROWS + 1)}  # every row of the 2,000-row table
        table_pages = [n for n, t in enumerate(pages, start=1) if re.search(r"POC \d{5}", t)]
        assert len(table_pages) > 10
        for n in table_pages:  # the header repeats on every page the table continues on
            assert re.search(r"POC\s+Autor\(a\)\s+Linguagem\s+Situação\s+Decisão", pages[n - 1]), pages[n - 1][:300]
        check_layout_with_pdfplumber(data, [1, table_pages[0], table_pages[len(table_pages) // 2], total])
        assert "Mostrando" not in whole  # 2,000 is within the cap
        assert "Dojo <b>de</b> katas" in whole  # user text as text, not markup
    else:
        check_layout_with_pdfplumber(data, [1, total])
    return whole


def check_xlsx(kind: str, data: bytes) -> dict[str, float]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    summary = wb.worksheets[0]
    metrics = {}
    for row in summary.iter_rows(min_row=9, values_only=False):
        label, value = row[0].value, row[1]
        if label and value.value is not None:
            assert value.data_type == "n", label  # numbers as numbers
            metrics[label] = value.value
    months = wb["Mês a mês"]
    assert isinstance(months["A2"].value, datetime) and months["A2"].number_format == "mmm/yyyy"
    assert months.freeze_panes == "A2" and months.auto_filter.ref
    charts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == (1 if kind == "usage" else 3)  # one native chart per series
    if kind == "usage":
        sheet = wb["POCs criadas ou alteradas no pe"]
        assert sheet.max_row == ROWS + 1 and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:K{ROWS + 1}"
        first = [c for c in sheet[2]]
        assert first[0].value == "POC 00001" and first[3].value in ("Ideia", "Concluída")
        assert isinstance(first[5].value, datetime) and first[5].number_format == "dd/mm/yyyy"
        assert isinstance(first[6].value, datetime) and first[6].number_format == "dd/mm/yyyy hh:mm"
        assert first[7].data_type == "n" and first[9].number_format == '"R$" #,##0.00'
        cost = next(r for r in summary.iter_rows(min_row=9) if r[0].value == "Custo estimado do armazenamento (mês)")[1]
        assert cost.number_format == '"R$" #,##0.00'
    return metrics


def check_json(client, data: bytes) -> dict:
    doc = json.loads(data)
    schema = client.get("/api/v1/reports/schemas/1.0").json()
    jsonschema.validate(doc, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert doc["period"]["from"] == "2026-01-01T00:00:00-03:00" and doc["generatedAt"][-6:] == "-03:00"
    return doc


def test_every_kind_and_format_renders_in_the_worker_and_the_totals_agree(
    profile, client, owner_a: Persona, owner_b: Persona, reports_worker
):
    ids = seed_pocs(owner_a.tenant_id, owner_a.user_id, ROWS, start=utc(2026, 1, 1, 12), step=timedelta(minutes=20))
    seed_activity(owner_a.tenant_id, owner_a.user_id, ids, at=utc(2026, 1, 13, 15))
    made = {}
    for kind, fmt in CASES:
        res = client.post("/api/v1/reports", json={"kind": kind, "format": fmt, **PERIOD}, headers=owner_a.headers)
        assert res.status_code == 202, res.text
        assert res.json()["status"] == "queued"
        made[(kind, fmt)] = res.json()["reportId"]
    rows = wait_all_done(client, owner_a, reports_worker, len(CASES))
    assert all(r["status"] == "done" and r["progress"] == 100 and r["error"] is None for r in rows), rows
    totals: dict[str, dict] = {}
    for (kind, fmt), rid in made.items():
        got = client.get(f"/api/v1/reports/{rid}", headers=owner_a.headers).json()
        assert got["downloadUrl"] == f"/api/v1/reports/{rid}/download" and got["kind"] == kind
        res = client.get(got["downloadUrl"], headers=owner_a.headers)
        assert res.status_code == 200
        disposition = res.headers["content-disposition"]
        title = "Relat%C3%B3rio%20de%20uso" if kind == "usage" else "Relat%C3%B3rio%20de%20tend%C3%AAncias"
        assert f"filename*=UTF-8''{title}%2001-01-2026%20a%2031-01-2026.{fmt}" in disposition
        if fmt == "pdf":
            assert res.headers["content-type"] == "application/pdf"
            totals[f"{kind}.pdf"] = check_pdf(kind, res.content)
        elif fmt == "xlsx":
            assert res.headers["content-type"].startswith("application/vnd.openxmlformats")
            totals[f"{kind}.xlsx"] = check_xlsx(kind, res.content)
        else:
            assert res.headers["content-type"].startswith("application/json")
            totals[f"{kind}.json"] = check_json(client, res.content)
        # Another tenant's owner: the same id is simply not there.
        assert client.get(f"/api/v1/reports/{rid}", headers=owner_b.headers).status_code == 404
        assert client.get(f"/api/v1/reports/{rid}/download", headers=owner_b.headers).status_code == 404
    for kind in ("usage", "trends"):
        doc = totals[f"{kind}.json"]
        from_json = {m["label"]: m["value"] for m in doc["metrics"]}
        assert from_json == totals[f"{kind}.xlsx"]  # every metric, same number
        assert from_json["POCs criadas"] == ROWS
        created = next(s for s in doc["series"] if s["key"] == "pocsCreated")
        assert created["total"] == ROWS and created["points"] == [{"month": "2026-01", "value": ROWS}]
        pdf_text = totals[f"{kind}.pdf"]
        assert re.search(r"2\.000\s*\n?\s*POCs criadas", pdf_text) or "2.000 POCs criadas" in pdf_text.replace(
            "\n", " "
        )
    usage = {m["key"]: m["value"] for m in totals["usage.json"]["metrics"]}
    assert usage["dojosHeld"] == 1 and usage["dojoMinutes"] == 30 and usage["favoritesAdded"] == 1
    pocs = next(t for t in totals["usage.json"]["tables"] if t["key"] == "pocs")
    assert pocs["rowCount"] == ROWS == len(pocs["rows"])
    assert pocs["rows"][0]["createdOn"] == "2026-01-01" and pocs["rows"][0]["updatedAt"].endswith("-03:00")
