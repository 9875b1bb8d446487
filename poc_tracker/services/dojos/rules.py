"""What a Dojo may be and who may do what in it: checks that need no database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from poc_tracker.errors import Forbidden, Invalid
from poc_tracker.i18n import N_
from poc_tracker.models import Dojo
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor

FORMATS = ("randori", "kata")
DOJO_LANGUAGES = {
    "python": "py",
    "javascript": "js",
    "typescript": "ts",
    "java": "java",
    "go": "go",
    "rust": "rs",
    "cpp": "cpp",
    "text": "txt",
}
CODE_ROLES = ("pilot", "copilot")
SHARE_ROLES = CODE_ROLES  # and the host, whatever their seat
CODE_PERMISSION = "pocs:write"  # viewers lack it: they watch and chat, never pilot or edit
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def text_field(data: dict[str, Any], key: str, max_length: int, *, required: bool = False) -> str:
    """A trimmed text field, refused when missing (if required) or too long."""
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise Invalid(N_("Campo obrigatório."), code="required", details={"field": key})
    if len(value) > max_length:
        raise Invalid(N_("Texto longo demais."), code="too_long", details={"field": key, "max": max_length})
    return value


def clean_dojo(data: dict[str, Any]) -> dict[str, Any]:
    """Checked fields of a new Dojo."""
    fmt = str(data.get("format") or "randori")
    language = str(data.get("language") or "python").lower()
    if fmt not in FORMATS:
        raise Invalid(N_("Formato inválido."), details={"field": "format", "allowed": list(FORMATS)})
    if language not in DOJO_LANGUAGES:
        raise Invalid(N_("Linguagem não disponível."), details={"field": "language", "allowed": list(DOJO_LANGUAGES)})
    try:
        minutes = int(data.get("rotation_minutes") or 7)
    except (TypeError, ValueError):
        minutes = 0
    if not 1 <= minutes <= 60:
        raise Invalid(
            N_("A rodada deve ter de 1 a 60 minutos."), details={"field": "rotationMinutes", "min": 1, "max": 60}
        )
    return {
        "title": text_field(data, "title", 100, required=True),
        "kata": text_field(data, "kata", 20000),
        "format": fmt,
        "language": language,
        "rotation_minutes": minutes,
    }


def require_host(actor: Actor, dojo: Dojo) -> None:
    """Only the host (or someone who may write every POC) steers the session."""
    if dojo.host_id != actor.user_id and not actor.can("pocs:write_all"):
        raise Forbidden(N_("Só quem conduz o Dojo pode fazer isso."), code="host_only")


def require_live(dojo: Dojo) -> None:
    """Seats and turns exist only while the Dojo is live."""
    if dojo.status != "live":
        raise Invalid(N_("Este Dojo já terminou."), code="dojo_ended")


def may_edit(dojo: Dojo, role: str | None, *, coder: bool = True, host: bool = False) -> bool:
    """Whether someone with this Dojo role (and, with ``coder``, a tenant role that writes code) may edit now.

    ``host``: they host the Dojo (the host takes turns like anyone, and leads a prepared kata from any seat).
    """
    if dojo.status != "live" or role is None or not coder:
        return False
    if dojo.editor_open or role in CODE_ROLES:
        return True
    return dojo.format == "kata" and host


def seconds_left(dojo: Dojo, now: datetime | None = None) -> int:
    """Seconds left in the current rotation (negative when time is up)."""
    elapsed = ((now or utcnow()) - dojo.rotation_started_at).total_seconds()
    return int(dojo.rotation_minutes * 60 - elapsed)


def require_present(role: str | None) -> None:
    """Chat, reactions and screen-share signalling are for those in the Dojo (viewers included)."""
    if role is None:
        raise Forbidden(N_("Você não está neste Dojo."), code="not_in_dojo")


def require_share(role: str | None, *, coder: bool, host: bool = False) -> None:
    """Sharing the screen is for the host, the pilot and the co-pilot (never a viewer)."""
    require_present(role)
    if (role not in SHARE_ROLES and not host) or not coder:
        raise Forbidden(N_("Só quem conduz o Dojo, pilota ou copilota pode compartilhar a tela."), code="cannot_share")
