"""Realistic-looking POC content for demos and benchmarks (deterministic for a seed)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

TOPICS = [
    ("Fila com Redis Streams", "redis", "Mensageria com consumer groups para jobs de faturamento."),
    ("Autenticação com OAuth 2.0 e PKCE", "autenticação", "Login social no app móvel sem segredo no cliente."),
    ("Busca com OpenSearch", "busca", "Busca por texto com facetas e sugestões em português."),
    ("Cache de sessões em Memcached", "cache", "Reduzir a latência das páginas logadas."),
    ("Pix: geração de QR Code dinâmico", "pix", "Cobrança instantânea com QR Code e webhook de confirmação."),
    ("Nota fiscal eletrônica (NF-e)", "fiscal", "Emissão e consulta de NF-e com certificado A1."),
    ("Classificação de tickets com ML", "ml", "Modelo que sugere a fila certa para cada chamado."),
    ("Feature flags com Unleash", "feature-flags", "Liberar funcionalidades por porcentagem de usuários."),
    ("GraphQL federado", "graphql", "Unificar três APIs internas num só grafo."),
    ("Observabilidade com OpenTelemetry", "observabilidade", "Traces ponta a ponta do checkout."),
    ("Upload resumível com tus", "upload", "Envio de arquivos grandes em redes móveis instáveis."),
    ("Geolocalização de entregas", "geo", "Rotas e ETA de entregadores em tempo real."),
    ("Assinatura digital de contratos", "assinatura", "Fluxo de assinatura com ICP-Brasil."),
    ("Chat em tempo real com WebSocket", "websocket", "Atendimento ao cliente com presença e histórico."),
    ("Migração para PostgreSQL 16", "postgresql", "Particionamento por mês e réplicas de leitura."),
    ("Recomendação de produtos", "recomendação", "Filtragem colaborativa para a vitrine."),
    ("Detecção de fraude em cartões", "fraude", "Regras e score em tempo real nas transações."),
    ("OCR de documentos (RG e CNH)", "ocr", "Extração de dados para o onboarding."),
    ("Agendamento com cron distribuído", "agendamento", "Jobs únicos em um cluster com eleição de líder."),
    ("Renderização de PDFs de boletos", "pdf", "Boletos com código de barras e layout da Febraban."),
]
LANGUAGE_SNIPPETS = {
    "Python": (
        "main.py",
        'import os\n\n\ndef main() -> None:\n    """Ponto de entrada da POC."""\n'
        '    url = os.environ.get("SERVICE_URL", "http://localhost:8080")\n'
        '    print(f"Conectando em {url}")\n\n\nif __name__ == "__main__":\n    main()\n',
    ),
    "TypeScript": (
        "src/index.ts",
        "export async function run(url: string): Promise<number> {\n"
        "  const res = await fetch(url);\n  return res.status;\n}\n\n"
        'run(process.env.SERVICE_URL ?? "http://localhost:8080").then(console.log);\n',
    ),
    "Go": (
        "main.go",
        'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n'
        '\tresp, err := http.Get("http://localhost:8080/health")\n\tif err != nil {\n'
        "\t\tpanic(err)\n\t}\n\tfmt.Println(resp.Status)\n}\n",
    ),
    "Java": (
        "src/main/java/poc/App.java",
        "package poc;\n\npublic class App {\n"
        "    public static void main(String[] args) {\n"
        '        System.out.println("POC rodando");\n    }\n}\n',
    ),
    "Kotlin": (
        "src/main/kotlin/App.kt",
        'fun main() {\n    val itens = listOf("a", "b", "c")\n    println(itens.joinToString())\n}\n',
    ),
    "Rust": ("src/main.rs", 'fn main() {\n    let total: u64 = (1..=10).sum();\n    println!("total = {total}");\n}\n'),
    "JavaScript": (
        "index.js",
        'const express = require("express");\nconst app = express();\n'
        'app.get("/health", (_req, res) => res.json({ ok: true }));\napp.listen(3000);\n',
    ),
    "C#": (
        "Program.cs",
        "using System;\n\nclass Program {\n    static void Main() {\n"
        '        Console.WriteLine("POC em .NET");\n    }\n}\n',
    ),
    "Ruby": ("app.rb", 'require "sinatra"\n\nget "/health" do\n  "ok"\nend\n'),
    "PHP": ("index.php", '<?php\n\n$valor = 1234.5;\necho number_format($valor, 2, ",", ".");\n'),
}
STATUSES = ["idea", "in_progress", "in_progress", "done", "done", "archived"]
DECISIONS = {"idea": "pending", "in_progress": "pending", "archived": "no_go"}
EXTRA_TAGS = [
    "api",
    "mobile",
    "backend",
    "frontend",
    "performance",
    "segurança",
    "cloud",
    "aws",
    "dados",
    "experimento",
    "lgpd",
    "pagamentos",
    "infra",
    "devops",
    "kubernetes",
]


@dataclass
class DemoPoc:
    """One generated POC: metadata and files (path → text)."""

    data: dict = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def generate(rng: random.Random, index: int) -> DemoPoc:
    """A plausible POC; the index varies names so many can coexist."""
    title, tag, description = TOPICS[index % len(TOPICS)]
    language = rng.choice(list(LANGUAGE_SNIPPETS))
    status = rng.choice(STATUSES)
    decision = DECISIONS.get(status) or rng.choice(["go", "go", "no_go", "pivot"])
    tags = [tag, *rng.sample(EXTRA_TAGS, rng.randint(1, 3))]
    suffix = f" #{index // len(TOPICS) + 1}" if index >= len(TOPICS) else ""
    path, code = LANGUAGE_SNIPPETS[language]
    files = {path: code, "README.md": f"# {title}\n\n{description}\n\n## Como rodar\n\nVeja `{path}`.\n"}
    if rng.random() < 0.5:
        p95, cost = rng.randint(5, 200), rng.randint(50, 900)
        files["docs/resultados.md"] = f"# Resultados\n\n- p95: {p95} ms\n- custo: R$ {cost},00/mês\n"
    return DemoPoc(
        data={
            "name": f"{title}{suffix}",
            "language": language,
            "tags": tags,
            "status": status,
            "decision": decision,
            "description": f"{description}\n\n**Stack:** {language}.",
            "hypothesis": f"Com {tag} conseguimos atender o caso de uso com menos de {rng.randint(50, 300)} ms.",
            "success_criteria": "p95 abaixo da meta e custo mensal dentro do orçamento.",
            "result": "" if status in ("idea", "in_progress") else "Metas atingidas na maior parte dos cenários.",
            "learnings": "" if status == "idea" else "Medir cedo evitou semanas de trabalho na direção errada.",
            "repository_url": f"https://git.example.com.br/pocs/{tag}-{index}",
        },
        files=files,
    )
