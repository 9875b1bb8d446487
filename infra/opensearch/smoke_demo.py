"""End-to-end check of the embedded node with opensearch-py (not a project dependency).

    python infra/opensearch/smoke_demo.py [PORT]

Starts a node via launcher.py in a temp dir, creates an index using the Portuguese
analyzer, a custom asciifolding+light_portuguese analyzer and a completion field, then
checks accent-insensitive search, stemming, completion suggestions and highlighting.
Prints timings and the java process's RSS; exits non-zero on any failed check.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from launcher import start_node, stop_node
from opensearchpy import OpenSearch

INDEX = "pocs-demo"
DOCS = [
    {"title": "Ação de teste no cliente", "body": "Validação da integração com o cliente."},
    {"title": "Prova de conceito: busca", "body": "Os testes de busca em português correram bem."},
    {"title": "Migração de dados", "body": "Plano de migração e configuração do ambiente."},
]


def rss_kib(pid: int) -> int:
    """Resident memory of a process, KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


def main() -> int:
    """Start a node, exercise the Portuguese analysis, print the figures."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9260
    data = Path(tempfile.mkdtemp(prefix="os-smoke-"))
    t0 = time.monotonic()
    proc = start_node(port, data)
    print(f"start (build if needed + JVM + green): {time.monotonic() - t0:.1f}s  pid={proc.pid}")
    failures = 0
    try:
        es = OpenSearch(hosts=[{"host": "127.0.0.1", "port": port}], use_ssl=False, timeout=30)
        print("server:", es.info()["version"]["distribution"], es.info()["version"]["number"])
        es.indices.create(
            index=INDEX,
            body={
                "settings": {
                    "number_of_shards": 1,
                    "number_of_replicas": 0,
                    "analysis": {
                        "filter": {"pt_light_stem": {"type": "stemmer", "language": "light_portuguese"}},
                        "analyzer": {
                            "pt_folded": {
                                "type": "custom",
                                "tokenizer": "standard",
                                "filter": ["lowercase", "asciifolding", "pt_light_stem"],
                            }
                        },
                    },
                },
                "mappings": {
                    "properties": {
                        "title": {
                            "type": "text",
                            "analyzer": "pt_folded",
                            "fields": {"pt": {"type": "text", "analyzer": "portuguese"}},
                        },
                        "body": {"type": "text", "analyzer": "portuguese"},
                        "suggest": {"type": "completion", "analyzer": "pt_folded"},
                    }
                },
            },
        )
        for i, doc in enumerate(DOCS):
            es.index(index=INDEX, id=str(i), body={**doc, "suggest": {"input": [doc["title"]]}})
        es.indices.refresh(index=INDEX)

        def check(name: str, ok: bool, detail: object) -> None:
            nonlocal failures
            failures += not ok
            print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")

        r = es.search(index=INDEX, body={"query": {"match": {"title": "acao"}}})
        titles = [h["_source"]["title"] for h in r["hits"]["hits"]]
        check("'acao' finds 'Ação' (asciifolding)", "Ação de teste no cliente" in titles, titles)

        r = es.search(index=INDEX, body={"query": {"match": {"title.pt": "acao"}}})
        titles = [h["_source"]["title"] for h in r["hits"]["hits"]]
        check("'acao' finds 'Ação' (portuguese analyzer)", "Ação de teste no cliente" in titles, titles)

        r = es.search(index=INDEX, body={"query": {"match": {"title": "testes"}}})
        titles = [h["_source"]["title"] for h in r["hits"]["hits"]]
        check("'testes' finds 'teste' (light_portuguese)", "Ação de teste no cliente" in titles, titles)

        r = es.search(
            index=INDEX,
            body={"suggest": {"s": {"prefix": "migra", "completion": {"field": "suggest"}}}},
        )
        opts = [o["text"] for o in r["suggest"]["s"][0]["options"]]
        check("completion 'migra'", opts == ["Migração de dados"], opts)

        r = es.search(
            index=INDEX,
            body={"suggest": {"s": {"prefix": "acao", "completion": {"field": "suggest"}}}},
        )
        opts = [o["text"] for o in r["suggest"]["s"][0]["options"]]
        check("completion 'acao' (folded)", opts == ["Ação de teste no cliente"], opts)

        r = es.search(
            index=INDEX,
            body={"query": {"match": {"body": "teste"}}, "highlight": {"fields": {"body": {}}}},
        )
        hl = [h.get("highlight", {}).get("body") for h in r["hits"]["hits"]]
        check("highlight 'teste' in body", any(x and "<em>testes</em>" in x[0] for x in hl), hl)

        print(f"java RSS: {rss_kib(proc.pid) / 1024:.0f} MiB")
    finally:
        t1 = time.monotonic()
        stop_node(proc)
        print(f"stop: {time.monotonic() - t1:.1f}s, exit code {proc.returncode}")
    print("all checks passed" if not failures else f"{failures} check(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
