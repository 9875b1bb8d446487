"""Deterministic POCs for the search benchmark: the i-th POC is the same on every backend."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from poc_tracker.search import SearchDoc

TECH = (
    "kafka redis postgres opensearch react vue angular django fastapi flask spring kotlin swift flutter "
    "graphql grpc docker kubernetes terraform lambda s3 dynamodb celery rabbitmq nginx oauth jwt pix "
    "webhook websocket pandas spark airflow dbt pytorch llm rag embeddings vetores cache fila stream"
).split()
WORDS = (
    "autenticação autorização pagamento cobrança boleto cadastro clientes pedidos estoque entrega frete "
    "notificação relatório painel busca índice migração integração sincronização replicação backup "
    "observabilidade métricas rastreamento logs alerta auditoria segurança criptografia assinatura "
    "contrato teste testes carga desempenho latência escala particionamento consulta ordenação agregação "
    "recomendação classificação previsão fraude risco crédito conciliação faturamento nota fiscal imposto "
    "tributo câmbio transferência carteira usuário sessão permissão papel organização equipe projeto "
    "prova conceito protótipo experimento hipótese resultado aprendizado decisão arquitetura serviço "
    "evento mensagem fila processamento lote tempo real offline móvel aplicativo interface acessibilidade "
    "tradução formulário validação upload arquivo imagem vídeo áudio documento pdf planilha exportação"
).split()
STOP = "de com para em no na do da e o a um uma".split()
TAGS = (
    "api backend frontend mobile dados ml infra devops segurança pagamentos pix fiscal busca cache "
    "mensageria observabilidade testes performance cloud aws gcp azure serverless banco sql nosql "
    "streaming etl ia llm rag ux acessibilidade i18n auth oauth"
).split()
LANGUAGES = (
    "Python",
    "TypeScript",
    "JavaScript",
    "Go",
    "Java",
    "Kotlin",
    "Rust",
    "C#",
    "Ruby",
    "PHP",
    "Swift",
    "Elixir",
)
STATUSES = ("idea", "in_progress", "done", "archived")
DECISIONS = ("go", "no_go", "pivot", "pending")
FIRST = "Ana Bruno Carla Diego Elisa Fábio Gabriela Heitor Isabela João Larissa Marcos".split()
LAST = "Souza Silva Oliveira Santos Lima Pereira Costa Rodrigues Almeida Nascimento".split()
EPOCH = datetime(2021, 1, 1, tzinfo=UTC)
NS = uuid.UUID("5b0c1e7e-7a2f-4c3e-9a51-5e4c2b1a0f00")


def tenant_id(i: int) -> uuid.UUID:
    """The id of the i-th tenant."""
    return uuid.uuid5(NS, f"tenant-{i}")


def owner(tenant: int, k: int) -> tuple[uuid.UUID, str]:
    """One of the five people of a tenant."""
    rng = random.Random(tenant * 10 + k)
    return uuid.uuid5(NS, f"user-{tenant}-{k}"), f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _lines(rng: random.Random) -> list[str]:
    pool = []
    for _ in range(3000):
        a, b = rng.choice(WORDS), rng.choice(TECH)
        ident = f"{rng.choice(['processar', 'validar', 'calcular', 'enviar', 'buscar'])}_{rng.randrange(999)}"
        pool.append(
            rng.choice(
                [
                    f"def {ident}({b}_cliente):  # {a} via {b}",
                    f"    return {b}.{ident}(payload, timeout={rng.randrange(1, 60)})",
                    f"# TODO: revisar {a} e {rng.choice(WORDS)} antes de ir para produção",
                    f"const {ident} = await {b}Client.query('{a}');",
                    f"SELECT * FROM {rng.choice(WORDS).replace('ç', 'c')} WHERE id = $1; -- {a}",
                ]
            )
        )
    return pool


def docs(n: int, tenants: int = 100, seed: int = 42, start: int = 0) -> Iterator[SearchDoc]:
    """POCs ``start`` .. ``n - 1``, spread over ``tenants``; each carries ~1.5 KB of file content."""
    pool = _lines(random.Random(seed))
    for i in range(start, n):
        rng = random.Random(seed * 1_000_003 + i)
        t = i % tenants
        who, who_name = owner(t, rng.randrange(5))
        topic, tech = rng.choice(WORDS), rng.choice(TECH)
        name = rng.choice(
            [
                f"{topic.capitalize()} com {tech}",
                f"Teste de {topic} em {tech}",
                f"{tech.capitalize()} para {topic} {rng.choice(WORDS)}",
                f"POC {topic} {rng.choice(TECH)}",
            ]
        )
        text = [rng.choice(WORDS if k % 3 else STOP + TECH) for k in range(rng.randrange(15, 40))]
        created = EPOCH + timedelta(minutes=rng.randrange(60 * 24 * 365 * 5))
        yield SearchDoc(
            poc_id=uuid.uuid5(NS, f"poc-{i}"),
            tenant_id=tenant_id(t),
            owner_id=who,
            owner_name=who_name,
            name=f"{name} {i}"[:100],
            description=" ".join(text).capitalize() + ".",
            experiment=f"Hipótese: {rng.choice(WORDS)} melhora {rng.choice(WORDS)}.",
            language=rng.choice(LANGUAGES),
            tags=rng.sample(TAGS, rng.randrange(1, 5)),
            status=rng.choice(STATUSES),
            decision=rng.choice(DECISIONS),
            content="\n".join(rng.choices(pool, k=rng.randrange(20, 45))),
            created_at=created,
            updated_at=created + timedelta(days=rng.randrange(200)),
        )


def queries(count: int, tenants: int, seed: int = 7) -> list[tuple[str, int, dict]]:
    """The fixed mix: (kind, tenant index, search request fields)."""
    rng = random.Random(seed)
    kinds = ("word", "phrase", "filters", "facets", "typo", "prefix")
    out = []
    for k in range(count):
        kind, word = kinds[k % len(kinds)], rng.choice(WORDS)
        tenant = rng.randrange(tenants)
        if kind == "word":
            req = {"q": word}
        elif kind == "phrase":
            req = {"q": f'"teste de {word}"'}
        elif kind == "filters":
            req = {"q": f"language:{rng.choice(LANGUAGES).lower()} status:done", "sort": "date"}
        elif kind == "facets":
            req = {"q": f"{word} {rng.choice(TECH)}", "tags": (rng.choice(TAGS),)}
        elif kind == "typo":
            pos = rng.randrange(1, len(word) - 1)
            req = {"q": word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]}
        else:
            req = {"q": word[:5] + "*"}
        out.append((kind, tenant, req))
    return out
