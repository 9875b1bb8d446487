"""A made-up year with every scene filled: for the bench, the tests and looking at templates."""

from __future__ import annotations

from poc_tracker.video.story import Highlight, YearStats

CODE = (
    "def busca(consulta: str) -> list[str]:",
    '    """Acha POCs por significado."""',
    "    vetor = modelo.embed(consulta)",
    "    return índice.vizinhos(vetor, k=10)",
)


def sample_stats(
    year: int = 2026, *, name: str = "Ana Lúcia Conceição", url: str = "https://poc.example.com/"
) -> YearStats:
    """A busy year for one person: 12 POCs, 4 languages, Dojos, decisions and a highlighted POC."""
    daily = tuple(
        ((d * 7919) % 11 > 6) * (1 + (d * 31) % 4) + (3 if 250 <= d < 280 and d % 2 else 0) for d in range(365)
    )
    return YearStats(
        year=year,
        scope="me",
        name=name,
        tenant_name="Acme Tecnologia",
        url=url,
        pocs=12,
        versions=58,
        files=143,
        dojos=4,
        languages=(("Python", 6), ("TypeScript", 3), ("Go", 2), ("Rust", 1)),
        tags=(("busca", 4), ("ml", 3), ("dados", 2), ("api", 2), ("observabilidade", 1)),
        highlight=Highlight("Busca semântica com embeddings", "Python", 14, 5, "busca/semantica.py", CODE),
        go=5,
        no_go=3,
        daily=daily,
        people=("Bia Santos", "Caio", "Dani Oliveira", "Edu"),
    )
