"""Find every translatable message in the code and keep the babel catalogs in step."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from poc_tracker.i18n import LOCALES_DIR, SUPPORTED

ROOT = LOCALES_DIR.parent
SOURCE_DIRS = ("poc_tracker", "components", "pages", "state", "tasks")
KEYWORDS = {
    "t": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "DomainError": None,
    "Invalid": None,
    "Unauthorized": None,
    "Forbidden": None,
    "NotFound": None,
    "Conflict": None,
    "QuotaExceeded": None,
    "TooLarge": None,
    "RateLimited": (2,),
}


def extract_messages() -> dict[str | tuple[str, str], list[str]]:
    """Message id (a pair for plural messages) → places where it is used."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for folder in SOURCE_DIRS:
        path = ROOT / folder
        if not path.exists():
            continue
        for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(path),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            strip_comment_tags=True,
        ):
            plural = isinstance(message, tuple) and len(message) == 2 and all(message)
            if (isinstance(message, str) and message.strip()) or plural:
                found.setdefault(message, []).append(f"{folder}/{filename}:{lineno}")
    return found


def _untranslated(msgid: str | tuple[str, str], locale: str, old: Catalog) -> str | tuple[str, ...]:
    """A new message's text: the id itself in pt_BR (every plural form), empty elsewhere."""
    if isinstance(msgid, str):
        return msgid if locale == "pt_BR" else ""
    forms = old.num_plurals
    return (msgid[0],) + (msgid[1],) * (forms - 1) if locale == "pt_BR" else ("",) * forms


def po_path(locale: str) -> Path:
    """The .po file of a locale."""
    return LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"


def update_catalogs() -> dict[str, int]:
    """Add new messages to every catalog (pt_BR filled with the id); returns untranslated counts."""
    messages = extract_messages()
    missing: dict[str, int] = {}
    for locale in SUPPORTED:
        path = po_path(locale)
        old = read_po(path.open("rb"), locale=locale) if path.exists() else Catalog(locale=locale)
        cat = Catalog(locale=locale, project="POC Tracker", charset="utf-8")
        for msgid, places in sorted(messages.items(), key=lambda item: str(item[0])):
            previous = old.get(msgid[0] if isinstance(msgid, tuple) else msgid)
            same_kind = previous is not None and isinstance(previous.string, str) == isinstance(msgid, str)
            text = previous.string if same_kind and previous.string else _untranslated(msgid, locale, old)
            cat.add(msgid, text, locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in places])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, cat, width=100, omit_header=False, sort_output=True)
        missing[locale] = sum(1 for m in cat if m.id and not m.string)
    return missing


def set_translations(locale: str, mapping: dict[str, str]) -> None:
    """Write translations into a locale's catalog (used when adding messages)."""
    path = po_path(locale)
    cat = read_po(path.open("rb"), locale=locale)
    for msgid, text in mapping.items():
        if msgid in cat:
            cat[msgid].string = text
    with path.open("wb") as fh:
        write_po(fh, cat, width=100, sort_output=True)


if __name__ == "__main__":
    print(update_catalogs())
