"""Inline SVG charts for the self-contained report: horizontal stacked bars with whole-number count axes."""

from __future__ import annotations

import html
from collections.abc import Sequence

SEVERITY_COLOURS: dict[str, str] = {
    "neutral": "#adb5bd",
    "minor": "#f4c430",
    "major": "#f08c00",
    "critical": "#c92a2a",
}
# Pending is neutral grey, accepted green, edited blue, rejected red.
STATUS_COLOURS: dict[str, str] = {
    "pending": "#adb5bd",
    "accepted": "#2b8a3e",
    "edited": "#1c7ed6",
    "rejected": "#c92a2a",
}

Segment = tuple[str, int, str]  # (series name, count, colour)
LABEL_CHARS = 22  # longer bar labels are cut (the full label is in the bar's tooltip)


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def integer_ticks(top: int, most: int = 6) -> list[int]:
    """Whole-number axis ticks from 0 to at least ``top``: steps of 1, 2 or 5 × 10^k, at most ``most`` + 1 ticks."""
    top = max(int(top), 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-top // (step * factor)) <= most:
                step *= factor
                n = -(-top // step)
                return [i * step for i in range(n + 1)]
        step *= 10


def stacked_bars(rows: Sequence[tuple[str, Sequence[Segment]]], *, axis: str, width: int = 640) -> str:
    """An SVG of one horizontal bar per row, split into coloured segments, a whole-number x axis and a legend."""
    if not rows:
        return ""
    label_w, bar_h, gap, top_pad = 150, 18, 8, 22
    plot_w = width - label_w - 20
    ticks = integer_ticks(max(sum(n for _, n, _ in segs) for _, segs in rows))
    scale = plot_w / ticks[-1]
    height = top_pad + len(rows) * (bar_h + gap) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'font-family="sans-serif" font-size="12"><title>{html.escape(axis)}</title>'
    ]
    used = {name for _, segs in rows for name, n, _ in segs if n > 0}
    series = {name: colour for _, segs in rows for name, _, colour in segs if name in used}
    for i, (label, segs) in enumerate(rows):
        y = top_pad + i * (bar_h + gap)
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end">{html.escape(_cut(label))}</text>')
        x = float(label_w)
        for name, n, colour in segs:
            if n <= 0:
                continue
            w = n * scale
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                f"<title>{html.escape(label)}: {n} {html.escape(name)}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 5}">{sum(n for _, n, _ in segs)}</text>')
    axis_y = top_pad + len(rows) * (bar_h + gap)
    out.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#555"/>')
    for t in ticks:
        tx = label_w + t * scale
        out.append(f'<line x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 4}" stroke="#555"/>')
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" class="tick">{t}</text>')
    out.append(
        f'<text x="{label_w + plot_w / 2:.1f}" y="{axis_y + 32}" text-anchor="middle">{html.escape(axis)}</text>'
    )
    lx = 4
    for name, colour in series.items():
        out.append(f'<rect x="{lx}" y="2" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{lx + 14}" y="11">{html.escape(name)}</text>')
        lx += 24 + 7 * len(name)
    out.append("</svg>")
    return "".join(out)
