"""The story of a year: scenes chosen from what exists, with every on-screen text in the viewer's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from babel.dates import get_month_names

from poc_tracker.i18n import N_, format_number, gettext, ngettext, normalize_locale

FPS = 30
MIN_SECONDS, MAX_SECONDS = 30.0, 60.0
# seconds a scene lasts before the data adds to it
BASE = {
    "opening": 4.0,
    "numbers": 5.0,
    "languages": 4.5,
    "highlight": 6.0,
    "decisions": 4.5,
    "rhythm": 5.0,
    "collaboration": 4.5,
    "persona": 4.5,
    "closing": 5.0,
}


@dataclass(frozen=True)
class Highlight:
    """The POC of the year and a glimpse of its code."""

    name: str
    language: str
    versions: int
    stars: int
    path: str = ""
    code: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearStats:
    """What happened in a year, for one person (scope "me") or a whole tenant ("tenant")."""

    year: int
    scope: str
    name: str
    tenant_name: str
    url: str
    pocs: int = 0
    versions: int = 0
    files: int = 0
    dojos: int = 0
    languages: tuple[tuple[str, int], ...] = ()
    tags: tuple[tuple[str, int], ...] = ()
    highlight: Highlight | None = None
    go: int = 0
    no_go: int = 0
    daily: tuple[int, ...] = ()  # activity per day of the year, 1 January first
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scene:
    """One scene: its kind, its frames and every text it shows (keys the drawing looks up)."""

    kind: str
    frames: int
    text: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Story:
    """The scenes in order, at ``fps``."""

    scenes: tuple[Scene, ...]
    fps: int = FPS
    locale: str = "pt_BR"

    @property
    def frames(self) -> int:
        """Frames in the whole video."""
        return sum(s.frames for s in self.scenes)

    @property
    def seconds(self) -> float:
        """Planned length."""
        return self.frames / self.fps

    def starts(self) -> list[int]:
        """The first frame of every scene."""
        out, at = [], 0
        for s in self.scenes:
            out.append(at)
            at += s.frames
        return out


def _n(value: int, locale: str) -> str:
    return format_number(value, locale)


def _opening(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float]:
    kicker = gettext("Retrospectiva {year}", loc, year=s.year)
    lead = gettext("O ano de", loc) if s.scope == "me" else gettext("O ano da equipe", loc)
    return {"kicker": kicker, "lead": lead, "name": s.name, "tenant": s.tenant_name}, {}, 0.0


def _numbers(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    if not s.pocs:
        return None
    items = [
        (s.pocs, ngettext("POC criada", "POCs criadas", s.pocs, loc)),
        (s.versions, ngettext("versão salva", "versões salvas", s.versions, loc)),
        (s.files, ngettext("arquivo enviado", "arquivos enviados", s.files, loc)),
        (s.dojos, ngettext("Dojo realizado", "Dojos realizados", s.dojos, loc)),
    ]
    items = [(v, label) for v, label in items if v]
    text = {"title": gettext("Seu ano em números", loc) if s.scope == "me" else gettext("O ano em números", loc)}
    for i, (value, label) in enumerate(items):
        text[f"value{i}"], text[f"label{i}"] = _n(value, loc), label
    return text, {"count": len(items)}, 0.4 * len(items)


def _languages(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    if not s.languages:
        return None
    langs = s.languages[:4]
    text = {"title": gettext("Linguagens favoritas", loc)}
    for i, (name, count) in enumerate(langs):
        text[f"lang{i}"], text[f"langn{i}"] = name, ngettext("{n} POC", "{n} POCs", count, loc)
    tags = [f"#{t}" for t, _ in s.tags[:5]]
    if tags:
        text["tagtitle"], text["tags"] = gettext("Tags do ano", loc), "  ".join(tags)
    shares = [c for _, c in langs]
    return text, {"count": len(langs), "shares": shares}, 0.3 * len(langs) + 0.2 * len(tags)


def _highlight(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    h = s.highlight
    if h is None:
        return None
    facts = [ngettext("{n} versão", "{n} versões", h.versions, loc)]
    if h.stars:
        facts.insert(0, ngettext("{n} estrela", "{n} estrelas", h.stars, loc))
    text = {"title": gettext("A POC do ano", loc), "name": h.name, "language": h.language, "facts": " · ".join(facts)}
    if h.code:
        text["path"] = h.path
        text.update({f"code{i}": line for i, line in enumerate(h.code)})
    return text, {"code": len(h.code)}, 0.15 * len(h.code)


def _decisions(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    if not (s.go or s.no_go):
        return None
    text = {
        "title": gettext("Experimentos decididos", loc),
        "go": ngettext("{n} seguiu em frente", "{n} seguiram em frente", s.go, loc),
        "nogo": ngettext("{n} foi descartado", "{n} foram descartados", s.no_go, loc),
        "note": gettext("Descartar cedo também é aprender.", loc),
    }
    return text, {"go": s.go, "no_go": s.no_go}, 0.0


def _rhythm(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    if not s.daily or not any(s.daily):
        return None
    months = [0] * 12
    for i, count in enumerate(s.daily):
        months[(date(s.year, 1, 1) + timedelta(days=i)).month - 1] += count
    busiest = max(range(12), key=lambda m: (months[m], -m))
    month_name = get_month_names("wide", locale=normalize_locale(loc))[busiest + 1]
    active = sum(1 for c in s.daily if c)
    text = {
        "title": gettext("Seu ritmo", loc) if s.scope == "me" else gettext("O ritmo da equipe", loc),
        "busiest": gettext("Mês mais intenso: {month}", loc, month=month_name),
        "days": ngettext("{n} dia com atividade", "{n} dias com atividade", active, loc),
    }
    return text, {"daily": list(s.daily), "months": months, "busiest": busiest, "year": s.year}, 0.0


def _collaboration(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    if not (s.dojos or s.people):
        return None
    people = s.people[:6]
    text = {
        "title": gettext("Código em equipe", loc),
        "dojos": ngettext("{n} Dojo", "{n} Dojos", s.dojos, loc),
    }
    if people:
        text["with"] = ngettext("com {n} pessoa", "com {n} pessoas", len(s.people), loc)
        text.update({f"person{i}": name for i, name in enumerate(people)})
    return text, {"people": len(people)}, 0.2 * len(people)


PERSONAS = (
    # (rule, title, line)
    ("polyglot", N_("Poliglota do Código"), N_("Quatro linguagens ou mais num só ano.")),
    ("dojo", N_("Alma de Dojo"), N_("Programar junto é o seu forte.")),
    ("iterative", N_("Espírito Iterativo"), N_("Versão após versão, até ficar redondo.")),
    ("decisive", N_("Mente Decisiva"), N_("Hipótese testada, decisão tomada.")),
    ("factory", N_("Fábrica de Protótipos"), N_("Ideias viraram POCs, uma atrás da outra.")),
    ("curious", N_("Mente Curiosa"), N_("Cada POC, uma pergunta respondida.")),
)


def persona_key(s: YearStats) -> str:
    """The playful persona that fits the year (first rule that holds)."""
    rules = {
        "polyglot": len(s.languages) >= 4,
        "dojo": s.dojos >= 3,
        "iterative": s.pocs > 0 and s.versions / s.pocs >= 4,
        "decisive": s.go + s.no_go >= 3,
        "factory": s.pocs >= 10,
        "curious": True,
    }
    return next(key for key, *_ in PERSONAS if rules[key])


def _persona(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float] | None:
    if not s.pocs:
        return None
    key = persona_key(s)
    _, title, line = next(p for p in PERSONAS if p[0] == key)
    kicker = gettext("Seu perfil do ano", loc) if s.scope == "me" else gettext("O perfil da equipe", loc)
    return {"kicker": kicker, "persona": gettext(title, loc), "line": gettext(line, loc)}, {"key": key}, 0.0


def _closing(s: YearStats, loc: str) -> tuple[dict[str, str], dict[str, Any], float]:
    text = {
        "title": gettext("Até o próximo ano!", loc),
        "cta": gettext("Veja as POCs no POC Tracker", loc),
        "url": s.url,
    }
    return text, {"url": s.url}, 0.0


SCENES = (
    ("opening", _opening),
    ("numbers", _numbers),
    ("languages", _languages),
    ("highlight", _highlight),
    ("decisions", _decisions),
    ("rhythm", _rhythm),
    ("collaboration", _collaboration),
    ("persona", _persona),
    ("closing", _closing),
)


def build_story(stats: YearStats, locale: str = "pt_BR", *, pace: float = 1.0, fps: int = FPS) -> Story:
    """The scenes that have something to show; 30–60 s at ``pace`` 1 (tests pass a small pace for short renders)."""
    loc = normalize_locale(locale)
    chosen: list[tuple[str, dict[str, str], dict[str, Any], float]] = []
    for kind, make in SCENES:
        made = make(stats, loc)
        if made is not None:
            text, data, extra = made
            chosen.append((kind, text, data, BASE[kind] + extra))
    total = sum(seconds for *_, seconds in chosen)
    scale = min(max(total, MIN_SECONDS), MAX_SECONDS) / total
    scenes = tuple(
        Scene(kind=kind, frames=max(4, round(seconds * scale * pace * fps)), text=text, data=data)
        for kind, text, data, seconds in chosen
    )
    return Story(scenes=scenes, fps=fps, locale=loc)
