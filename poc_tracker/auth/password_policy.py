"""Which passwords are too easy to guess (NIST 800-63B): common, trivial, or made of the user's own details."""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Built by scripts/make_common_passwords.py from the list Django ships (8,300+ entries of 8+ characters).
COMMON_LIST = Path(__file__).with_name("common_passwords.txt.gz")
_ROWS = (
    "0123456789" * 3,
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
)
SEQUENCES = _ROWS + tuple(row[::-1] for row in _ROWS)
_NON_ALNUM = re.compile(r"[\W_]+")


@lru_cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, normalised."""
    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def normalize(password: str) -> str:
    """Compatibility-normalised and case-folded, as the list is."""
    return unicodedata.normalize("NFKC", password).casefold()


def is_trivial(password: str) -> bool:
    """Blank, fewer than three distinct characters, a repeated chunk, or a run along the keyboard or alphabet."""
    p = normalize(password)
    if not p.strip() or len(set(p)) < 3:
        return True
    if any(p == (p[:k] * (len(p) // k + 1))[: len(p)] for k in range(1, len(p) // 2 + 1)):
        return True
    return any(p in seq for seq in SEQUENCES)


def _personal_words(email: str | None, name: str | None) -> set[str]:
    """The user's e-mail, its local part and its pieces, the name and its words, letters and digits only."""
    words: set[str] = set()
    for text in (email or "", (email or "").partition("@")[0], name or ""):
        words.add(_NON_ALNUM.sub("", normalize(text)))
        words.update(w for w in _NON_ALNUM.split(normalize(text)) if len(w) >= 4)
    return {w for w in words if len(w) >= 3}


def is_personal(password: str, *, email: str | None = None, name: str | None = None) -> bool:
    """Whether the password is mostly the user's e-mail or name ("ana.souza2024" for ana.souza@...)."""
    core = _NON_ALNUM.sub("", normalize(password))
    return any(w in core and 2 * len(w) >= len(core) for w in _personal_words(email, name))


def weakness(password: str, *, email: str | None = None, name: str | None = None) -> str | None:
    """Why a password (of an allowed length) is too easy to guess: "trivial", "common", "personal", or None."""
    if is_trivial(password):
        return "trivial"
    if normalize(password) in common_passwords():
        return "common"
    if is_personal(password, email=email, name=name):
        return "personal"
    return None
