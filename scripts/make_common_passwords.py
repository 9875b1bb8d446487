"""Build poc_tracker/auth/common_passwords.txt.gz from the list Django ships (PyPI), plus Brazilian favourites.

Usage: ``pip download --no-deps django -d /tmp/dj && python scripts/make_common_passwords.py /tmp/dj/django-*.whl``.
Django's ``contrib/auth/common-passwords.txt.gz`` holds the 20,000 most common passwords (Royce Williams'
list, most frequent first, BSD licence with Django); only those of 8 characters or more matter here, since
shorter ones are refused anyway.
"""

from __future__ import annotations

import gzip
import io
import sys
import unicodedata
import zipfile
from pathlib import Path

MEMBER = "django/contrib/auth/common-passwords.txt.gz"
TARGET = Path(__file__).resolve().parent.parent / "poc_tracker" / "auth" / "common_passwords.txt.gz"
MIN_LENGTH, MAX_LENGTH = 8, 128
# Passwords Brazilian users pick that the (English-leaning) list lacks, and this service's own name.
BRAZILIAN = """
senha1234 senha12345 senha@123 senha#123 minhasenha minhasenha123 mudar123 mudar1234 mudar@123 trocar123
acesso123 teste123 teste1234 usuario123 admin1234 brasil123 brasil1234 brasil2024 brasil2025 brasil2026
corinthians corinthians1 flamengo1 flamengo123 palmeiras1 palmeiras123 saopaulo saopaulo123 santos123
gremio123 vasco123 cruzeiro123 botafogo123 fluminense internacional atletico123 deusefiel jesuscristo
jesus123 amorzinho teamo123 eusoufeliz familia123 poctracker poctracker1 poctracker123 poc-tracker
""".split()  # noqa: SIM905 - a word list reads better as text


def read_django_list(wheel: Path) -> list[str]:
    """The passwords of Django's list, most common first."""
    with zipfile.ZipFile(wheel) as zf:
        data = gzip.decompress(zf.read(MEMBER))
    return [line.strip() for line in io.StringIO(data.decode()) if line.strip()]


def build(wheel: Path) -> list[str]:
    """The list kept: long enough to pass the length check, normalised, without duplicates."""
    seen: dict[str, None] = {}
    for word in [*read_django_list(wheel), *BRAZILIAN]:
        norm = unicodedata.normalize("NFKC", word).casefold()
        if MIN_LENGTH <= len(norm) <= MAX_LENGTH:
            seen.setdefault(norm, None)
    return list(seen)


def main() -> None:
    """Write the compressed list (reproducible: no timestamp in the gzip header)."""
    words = build(Path(sys.argv[1]))
    TARGET.write_bytes(gzip.compress("\n".join(words).encode() + b"\n", compresslevel=9, mtime=0))
    print(f"{len(words)} passwords -> {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
