"""Charts as vector SVG drawn on the server (the PDF embeds them, the page shows them): text is escaped."""

from __future__ import annotations

import math
from html import escape

from babel.dates import get_day_names

from poc_tracker.i18n import gettext, normalize_locale
from poc_tracker.reports.fmt import month_label, number_text
from poc_tracker.reports.model import Series

COLORS = ("#4f46e5", "#0891b2", "#d97706", "#16a34a", "#dc2626")
FONT = "font-family='DejaVu Sans, Noto Sans, sans-serif'"


def axis_top(value: float, ticks: int = 4) -> float:
    """The top of a count axis: ``ticks`` equal whole steps (1, 2, 2.5, 3, 4, 5 × 10ⁿ) reaching at least ``value``.

    Whole steps keep every gridline's label exact, so a bar of 3 meets the line labelled 3.
    """
    if value <= 0:
        return ticks
    need = value / ticks
    magnitude = 10 ** math.floor(math.log10(need))
    for factor in (1, 2, 2.5, 3, 4, 5, 10):
        step = factor * magnitude
        if step >= need and step == int(step):
            return step * ticks
    return ticks * max(1, math.ceil(need))


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"role='img' aria-label='{escape(title, quote=True)}' {FONT} font-size='11'>"
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _axes(width: int, height: int, pad: tuple[int, int, int, int], top: float, locale: str) -> list[str]:
    left, right, upper, lower = pad
    out = []
    for i in range(5):
        y = upper + (height - upper - lower) * i / 4
        value = top * (4 - i) / 4
        out.append(f"<line x1='{left}' y1='{y:.1f}' x2='{width - right}' y2='{y:.1f}' stroke='#e5e7eb'/>")
        label = number_text(round(value), "int", locale)  # whole steps: every label is exact
        out.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' fill='#6b7280'>{escape(label)}</text>")
    return out


def series_chart(series: list[Series], locale: str, *, width: int = 680, height: int = 240) -> str:
    """Monthly series: bars for one series, lines with a legend for several; pt-BR month names."""
    pad = (48, 12, 28 if len(series) > 1 else 12, 36)
    left, right, upper, lower = pad
    months = [m for m, _ in series[0].points] if series else []
    top = axis_top(max((v for s in series for _, v in s.points), default=0))
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / max(len(months), 1)
    body = _axes(width, height, pad, top, locale)
    every = max(1, math.ceil(len(months) / 12))
    for i, m in enumerate(months):
        if i % every == 0:
            x = left + step * (i + 0.5)
            body.append(
                f"<text x='{x:.1f}' y='{height - lower + 16}' text-anchor='middle' fill='#374151'>"
                f"{escape(month_label(m, locale))}</text>"
            )
    if len(series) == 1:
        for i, (_, v) in enumerate(series[0].points):
            h = plot_h * v / top
            x = left + step * i + step * 0.15
            body.append(
                f"<rect x='{x:.1f}' y='{upper + plot_h - h:.1f}' width='{step * 0.7:.1f}' height='{h:.1f}' "
                f"rx='2' fill='{COLORS[0]}'><title>{escape(number_text(v, 'int', locale))}</title></rect>"
            )
    else:
        for n, s in enumerate(series):
            color = COLORS[n % len(COLORS)]
            points = " ".join(
                f"{left + step * (i + 0.5):.1f},{upper + plot_h - plot_h * v / top:.1f}"
                for i, (_, v) in enumerate(s.points)
            )
            body.append(f"<polyline points='{points}' fill='none' stroke='{color}' stroke-width='2.5'/>")
            lx = left + n * 180
            body.append(f"<rect x='{lx}' y='6' width='10' height='10' rx='2' fill='{color}'/>")
            body.append(f"<text x='{lx + 14}' y='15' fill='#374151'>{escape(gettext(s.title, locale))}</text>")
    title = ", ".join(gettext(s.title, locale) for s in series)
    return _svg(width, height, body, title)


def bars_chart(rows: list[tuple[str, int]], title: str, locale: str, *, width: int = 680) -> str:
    """Horizontal bars with their values (languages, tags): one row per item, up to 12."""
    rows = rows[:12]
    height = 24 * max(len(rows), 1) + 8
    top = axis_top(max((v for _, v in rows), default=0))
    label_w, plot_w = 140, width - 140 - 70
    body = []
    for i, (label, value) in enumerate(rows):
        y = 4 + i * 24
        w = plot_w * value / top
        body.append(
            f"<text x='{label_w - 8}' y='{y + 15}' text-anchor='end' fill='#374151'>{escape(str(label)[:22])}</text>"
        )
        body.append(f"<rect x='{label_w}' y='{y + 3}' width='{w:.1f}' height='16' rx='2' fill='{COLORS[1]}'/>")
        body.append(
            f"<text x='{label_w + w + 6:.1f}' y='{y + 15}' fill='#111827'>{number_text(value, 'int', locale)}</text>"
        )
    return _svg(width, height, body, title)


def heatmap_chart(grid: list[list[int]], locale: str, *, width: int = 680) -> str:
    """Activity by weekday (rows, Monday first) and hour (columns) in the tenant's time zone."""
    cell, left, upper = (width - 56) / 24, 48, 18
    height = int(upper + cell * 7 + 4)
    peak = max((v for row in grid for v in row), default=0) or 1
    days = get_day_names("abbreviated", locale=normalize_locale(locale))
    body = [
        f"<text x='{left + cell * h + cell / 2:.1f}' y='12' text-anchor='middle' fill='#6b7280' "
        f"font-size='9'>{h}</text>"
        for h in range(0, 24, 3)
    ]
    for d in range(7):
        y = upper + d * cell
        body.append(
            f"<text x='{left - 6}' y='{y + cell * 0.65:.1f}' text-anchor='end' fill='#374151'>{escape(days[d])}</text>"
        )
        for h in range(24):
            v = grid[d][h]
            alpha = 0.06 + 0.94 * v / peak if v else 0.04
            body.append(
                f"<rect x='{left + h * cell:.1f}' y='{y:.1f}' width='{cell - 2:.1f}' height='{cell - 2:.1f}' rx='2' "
                f"fill='{COLORS[0]}' fill-opacity='{alpha:.2f}'><title>{escape(days[d])} {h}h: {v}</title></rect>"
            )
    return _svg(width, height, body, gettext("Atividade por dia da semana e hora", locale))
