"""One behavioural search suite, run on SQLite FTS5, PostgreSQL and a real OpenSearch node."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.files_support import upload
from tests.personas import Persona, add_member
from tests.search_support import BACKENDS

pytestmark = pytest.mark.parametrize(("profile", "search_kind"), BACKENDS, indirect=["profile"])


def make_poc(client, who: Persona, name: str, **fields) -> dict:
    body = {"name": name, "language": fields.pop("language", "python"), **fields}
    res = client.post("/api/v1/pocs", json=body, headers=who.headers)
    assert res.status_code == 201, res.text
    return res.json()


def find(client, who: Persona, q: str = "", **params) -> dict:
    res = client.get("/api/v1/search/pocs", params={"q": q, **params}, headers=who.headers)
    assert res.status_code == 200, res.text
    return res.json()


def names(body: dict) -> list[str]:
    return [h["name"] for h in body["hits"]]


def test_accents_and_case_never_matter(client, indexer, owner_a):
    make_poc(client, owner_a, "Ação de Integração com o SEFAZ")
    make_poc(client, owner_a, "Acao simples sem acento")
    assert sorted(names(find(client, owner_a, "acao"))) == ["Acao simples sem acento", "Ação de Integração com o SEFAZ"]
    assert names(find(client, owner_a, "INTEGRAÇÃO")) == ["Ação de Integração com o SEFAZ"]
    assert names(find(client, owner_a, "sefaz integracao")) == ["Ação de Integração com o SEFAZ"]


def test_portuguese_stemming_finds_other_forms_of_a_word(client, indexer, owner_a):
    make_poc(client, owner_a, "Carga no gateway", description="Um teste de carga com k6.")
    make_poc(client, owner_a, "Testes automatizados de contrato")
    assert sorted(names(find(client, owner_a, "testes"))) == ["Carga no gateway", "Testes automatizados de contrato"]
    assert sorted(names(find(client, owner_a, "teste"))) == ["Carga no gateway", "Testes automatizados de contrato"]


def test_phrases_exclusions_and_or(client, indexer, owner_a):
    make_poc(client, owner_a, "Fila de mensagens com Kafka", description="cache local")
    make_poc(client, owner_a, "Mensagens em fila com RabbitMQ", description="cache com redis")
    make_poc(client, owner_a, "Cache de sessão", tags=["redis"])
    assert names(find(client, owner_a, '"fila de mensagens"')) == ["Fila de mensagens com Kafka"]
    assert names(find(client, owner_a, "cache -redis")) == ["Fila de mensagens com Kafka"]
    assert sorted(names(find(client, owner_a, "kafka OR rabbitmq"))) == [
        "Fila de mensagens com Kafka",
        "Mensagens em fila com RabbitMQ",
    ]
    assert names(find(client, owner_a, "mensag*", sort="name")) == [
        "Fila de mensagens com Kafka",
        "Mensagens em fila com RabbitMQ",
    ]


def test_phrases_find_other_forms_and_file_content_but_not_scattered_words(client, indexer, owner_a):
    make_poc(client, owner_a, "Carga no gateway", description="Um teste de carga com k6.")
    make_poc(client, owner_a, "Carga espalhada", description="Teste feito de manhã; carga alta.")
    poc = make_poc(client, owner_a, "Worker de pedidos")
    res = upload(client, owner_a, poc["id"], [("worker.py", b"# processa a fila de pedidos em lote\n")])
    assert res.status_code == 201
    assert names(find(client, owner_a, '"testes de carga"')) == ["Carga no gateway"]
    assert names(find(client, owner_a, '"fila de pedidos"')) == ["Worker de pedidos"]
    assert names(find(client, owner_a, '"carga de teste"')) == []


def test_inline_and_explicit_filters(client, indexer, owner_a):
    ana = add_member(client, owner_a, "ana", "member")
    make_poc(client, ana, "API de pagamentos", tags=["api", "pix"], status="done", decision="go")
    make_poc(client, ana, "API de cadastro", tags=["api"], status="in_progress", language="go")
    make_poc(client, owner_a, "API de relatórios", tags=["api"], status="done", decision="go")
    body = find(client, owner_a, "api language:python tag:api autor:ana status:done decisão:go")
    assert names(body) == ["API de pagamentos"]
    assert names(find(client, owner_a, "", language=["Go"])) == ["API de cadastro"]
    assert sorted(names(find(client, owner_a, "", tags=["api"], status=["done"]))) == [
        "API de pagamentos",
        "API de relatórios",
    ]
    assert names(find(client, owner_a, "api -tag:pix language:python")) == ["API de relatórios"]
    assert names(find(client, owner_a, "", owner=[ana.user_id], sort="name")) == [
        "API de cadastro",
        "API de pagamentos",
    ]
    year = time.gmtime().tm_year
    assert find(client, owner_a, "api", dateFrom=f"{year}-01-01")["totalHits"] == 3
    assert find(client, owner_a, "api", dateTo=f"{year - 1}-12-31")["totalHits"] == 0
    assert find(client, owner_a, f"api ano:{year}")["totalHits"] == 3
    assert find(client, owner_a, f"api ano:{year - 1}")["totalHits"] == 0


def test_facets_count_the_whole_match_set(client, indexer, owner_a):
    make_poc(client, owner_a, "Observabilidade com OpenTelemetry", tags=["otel", "tracing"])
    make_poc(client, owner_a, "Observabilidade de filas", tags=["otel"], language="go")
    make_poc(client, owner_a, "Observabilidade no front", tags=["tracing"])
    make_poc(client, owner_a, "Outra coisa", tags=["otel"])
    body = find(client, owner_a, "observabilidade", size=1)
    assert body["totalHits"] == 3 and len(body["hits"]) == 1 and body["hasMore"] is True
    aggs = {k: {b["value"]: b["count"] for b in v} for k, v in body["aggregations"].items()}
    assert aggs["languages"] == {"Python": 2, "Go": 1}
    assert aggs["tags"] == {"otel": 2, "tracing": 2}
    assert aggs["years"] == {str(time.gmtime().tm_year): 3}
    assert isinstance(body["searchTime"], float | int)


def test_highlights_are_escaped_html_with_marks(client, indexer, owner_a):
    make_poc(
        client,
        owner_a,
        '<img src=x onerror="alert(1)"> busca <b>rápida</b>',
        description="Uma busca & um <script>alert('x')</script> na descrição.",
    )
    hit = find(client, owner_a, "busca")["hits"][0]
    name, description = hit["highlights"]["name"], hit["highlights"]["description"]
    assert "<mark>busca</mark>" in name and "<img" not in name and "&lt;img" in name and "<b>" not in name
    assert "<script>" not in description and "&lt;script&gt;" in description and "<mark>busca</mark>" in description
    assert hit["name"].startswith("<img")  # the raw field stays raw: only the highlight is HTML


def test_file_content_is_searched_and_highlighted(client, indexer, local_store, owner_a):
    poc = make_poc(client, owner_a, "Calculadora fiscal")
    res = upload(
        client,
        owner_a,
        poc["id"],
        [("src/impostos.py", b"def calcular_imposto(valor):\n    return valor * 0.17  # ICMS < 18%\n")],
    )
    assert res.status_code in (200, 201), res.text
    hit = find(client, owner_a, "icms")["hits"][0]
    assert hit["name"] == "Calculadora fiscal"
    assert "<mark>ICMS</mark>" in hit["highlights"]["content"] and "&lt; 18%" in hit["highlights"]["content"]


def test_an_exact_name_match_ranks_first(client, indexer, owner_a):
    make_poc(client, owner_a, "Cache distribuído", description="cache, cache e mais cache", tags=["cache"])
    make_poc(client, owner_a, "Cache")
    make_poc(client, owner_a, "Estratégias de cache em cache", description="cache cache cache")
    assert names(find(client, owner_a, "cache"))[0] == "Cache"
    assert names(find(client, owner_a, "cache distribuido"))[0] == "Cache distribuído"


def test_a_word_ranks_by_where_it_is_name_then_tags_then_description_then_files(client, indexer, local_store, owner_a):
    poc = make_poc(client, owner_a, "Nos arquivos")
    assert upload(client, owner_a, poc["id"], [("voo.py", b"# zeppelin sobe devagar\n")]).status_code == 201
    make_poc(client, owner_a, "Na descrição", description="Um zeppelin sobre a cidade.")
    make_poc(client, owner_a, "Nas etiquetas", tags=["zeppelin"])
    make_poc(client, owner_a, "Zeppelin no nome")
    assert names(find(client, owner_a, "zeppelin")) == [
        "Zeppelin no nome",
        "Nas etiquetas",
        "Na descrição",
        "Nos arquivos",
    ]


def _scored(client, who: Persona, queries: list[str]) -> dict[str, list[tuple[str, float]]]:
    return {q: [(h["name"], h["score"]) for h in find(client, who, q)["hits"]] for q in queries}


def test_another_tenants_documents_change_no_score_and_no_order(client, indexer, owner_a, owner_b):
    """Relevance reads only the tenant's own documents: no side channel on the words of other tenants."""
    make_poc(client, owner_b, "Fila de eventos", description="kafka kafka kafka e um pouco de redis")
    make_poc(client, owner_b, "Cache de sessões", description="redis redis redis e um pouco de kafka")
    make_poc(client, owner_b, "Consumidor", description="Lê do kafka.", tags=["kafka"])
    for i in range(6):
        make_poc(client, owner_b, f"Relatório {i}", description="custos mensais da nuvem")
    queries = ["redis", "kafka", "kafka redis", "redis OR kafka", "cache redis", "relatorio"]
    before = _scored(client, owner_b, queries)
    assert [n for n, _ in before["kafka redis"]] and before["relatorio"]
    for i in range(30):  # the other tenant uses one of the words a lot, in every field
        make_poc(client, owner_a, f"Redis {i}", description="redis " * (i + 1), tags=["redis", "cache"])
    after = _scored(client, owner_b, queries)
    assert {q: [n for n, _ in hits] for q, hits in after.items()} == {
        q: [n for n, _ in hits] for q, hits in before.items()
    }
    assert after == before


def test_another_tenants_pocs_are_never_returned(client, indexer, owner_a, owner_b):
    make_poc(client, owner_a, "Segredo alfa", tags=["confidencial"])
    make_poc(client, owner_b, "Segredo beta", tags=["confidencial", "beta"], language="go")
    body = find(client, owner_a, "segredo")
    assert names(body) == ["Segredo alfa"] and body["totalHits"] == 1
    assert {b["value"] for b in body["aggregations"]["tags"]} == {"confidencial"}
    assert names(find(client, owner_a, "beta")) == [] and find(client, owner_a, "", language=["Go"])["totalHits"] == 0
    texts = [
        s["text"]
        for s in client.get("/api/v1/search/suggest", params={"prefix": "seg"}, headers=owner_a.headers).json()["data"]
    ]
    assert texts == ["Segredo alfa"]
    assert client.get("/api/v1/search/tags", headers=owner_a.headers).json() == [{"value": "confidencial", "count": 1}]
    assert find(client, owner_a, "beta")["didYouMean"] in (None, "segredo alfa")


def test_a_deleted_poc_disappears_at_once(client, search_backend, owner_a):
    from poc_tracker.db import system_session
    from poc_tracker.services.search_index import index_pocs

    poc = make_poc(client, owner_a, "Efêmera")
    with system_session(reason="test") as session:  # indexed once; no indexer or worker from here on
        index_pocs(session, tenant_id=uuid.UUID(owner_a.tenant_id), poc_ids=[uuid.UUID(poc["id"])])
    search_backend.refresh()
    assert names(find(client, owner_a, "efemera")) == ["Efêmera"]
    assert client.delete(f"/api/v1/pocs/{poc['id']}", headers=owner_a.headers).status_code == 204
    body = find(client, owner_a, "efemera")
    assert body["hits"] == [] and body["totalHits"] == 0


def test_suggestions_complete_names_and_tags(client, indexer, owner_a):
    make_poc(client, owner_a, "Autenticação com JWT", tags=["autenticação", "segurança"])
    make_poc(client, owner_a, "Autorização por papéis", tags=["auth"])
    data = client.get("/api/v1/search/suggest", params={"prefix": "autent"}, headers=owner_a.headers).json()["data"]
    assert ("Autenticação com JWT", "name") in [(s["text"], s["kind"]) for s in data]
    assert ("autenticação", "tag") in [(s["text"], s["kind"]) for s in data]
    jwt = client.get("/api/v1/search/suggest", params={"prefix": "jw"}, headers=owner_a.headers).json()["data"]
    assert [s["text"] for s in jwt if s["kind"] == "name"] == ["Autenticação com JWT"]


def test_nothing_found_offers_a_correction(client, indexer, owner_a):
    make_poc(client, owner_a, "Autenticação com JWT")
    body = find(client, owner_a, "autenticasao")
    assert body["totalHits"] == 0 and body["didYouMean"] and "autenticacao" in body["didYouMean"]
    assert find(client, owner_a, body["didYouMean"])["totalHits"] == 1


def test_sorting_and_the_simple_contract(client, indexer, owner_a):
    for name in ("Beta kafka", "Alfa kafka", "Gama kafka"):
        make_poc(client, owner_a, name)
    assert names(find(client, owner_a, "kafka", sort="name")) == ["Alfa kafka", "Beta kafka", "Gama kafka"]
    assert names(find(client, owner_a, "kafka", sort="date")) == ["Gama kafka", "Alfa kafka", "Beta kafka"]
    res = client.get("/api/v1/pocs/search", params={"q": "kafka", "limit": 2, "page": 1}, headers=owner_a.headers)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["totalCount"] == 3 and body["hasMore"] is True and len(body["pocs"]) == 2
    assert {"id", "name", "ownerName", "tags"} <= set(body["pocs"][0])


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "popular"},
        {"size": 1000},
        {"page": 0},
        {"filters": "{oops"},
        {"status": "talvez"},
        {"dateFrom": "2025-02-01", "dateTo": "2025-01-01"},
        {"language": "klingon"},
        {"owner": "eu"},
    ],
)
def test_bad_input_is_a_4xx_in_the_error_shape(client, search_backend, owner_a, params):
    res = client.get("/api/v1/search/pocs", params={"q": "x", **params}, headers=owner_a.headers)
    assert 400 <= res.status_code < 500 and set(res.json()["error"]) >= {"code", "message"}, res.text


def test_reindex_rebuilds_the_index(client, indexer, owner_a):
    from poc_tracker.cli import main

    make_poc(client, owner_a, "Reconstruída")
    indexer.reset(None) if not indexer.transactional else _reset_sql(indexer)
    assert find(client, owner_a, "reconstruida")["totalHits"] == 0
    assert main(["reindex", "--tenant", "alfa"]) == 0
    indexer.refresh()
    assert names(find(client, owner_a, "reconstruida")) == ["Reconstruída"]
    assert main(["reindex"]) == 0
    indexer.refresh()
    assert names(find(client, owner_a, "reconstruida")) == ["Reconstruída"]


def _reset_sql(backend) -> None:
    from poc_tracker.db import system_session

    with system_session(reason="test") as session:
        backend.reset(session)


@pytest.mark.worker
def test_an_edit_is_searchable_within_two_seconds_with_a_real_worker(client, index_worker, owner_a):
    poc = make_poc(client, owner_a, "Primeira versão")
    deadline = time.monotonic() + 60  # the worker's start-up is not what is measured
    while not find(client, owner_a, "primeira")["totalHits"]:
        assert time.monotonic() < deadline and index_worker.poll() is None, index_worker.stdout.read()
        time.sleep(0.1)
    started = time.monotonic()
    res = client.patch(f"/api/v1/pocs/{poc['id']}", json={"name": "Segunda versão"}, headers=owner_a.headers)
    assert res.status_code == 200
    while not find(client, owner_a, "segunda")["totalHits"]:
        assert time.monotonic() - started < 2.0, "edit not searchable within 2 s"
        time.sleep(0.05)
    assert find(client, owner_a, "primeira")["totalHits"] == 0
