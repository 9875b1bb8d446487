"""The README inside an export ZIP, in pt-BR: what each file holds and how to check the archive."""

from __future__ import annotations

from typing import Any

from poc_tracker.services.privacy.sections import SECTIONS

_HEAD = """# Seus dados no POC Tracker

Esta é a exportação dos dados pessoais prevista no art. 18 da LGPD (Lei 13.709/2018): confirmação,
acesso e portabilidade. Gerada em {generated} (UTC).

## O que há neste arquivo

- `data.json`: todos os dados, em JSON. O formato está descrito em `schema.json` (JSON Schema 2020-12).
- `csv/`: as mesmas informações em planilhas CSV (UTF-8), uma por seção.
- `arquivos/`: o conteúdo dos arquivos das POCs, em `arquivos/<id da POC>/<caminho>`.
- `SHA256SUMS.txt`: o resumo SHA-256 de cada arquivo. Para conferir: `sha256sum -c SHA256SUMS.txt`.

Senhas, segredos de autenticação e chaves nunca são exportados: só os guardamos como resumos (hashes).

## Seções

| seção | o que contém | registros |
|---|---|---|
"""

_TAIL = """
## Dúvidas

Fale com o encarregado de dados (DPO) indicado na página de privacidade (`/privacidade`).
"""


def readme_text(data: dict[str, Any], locale: str = "pt_BR") -> str:
    """The README for this export (pt-BR: the law's language; the data itself is language-neutral)."""
    rows = "".join(f"| `{s.key}` | {s.title} | {len(data[s.key])} |\n" for s in SECTIONS)
    return _HEAD.format(generated=data["generatedAt"][:19].replace("T", " ")) + rows + _TAIL
