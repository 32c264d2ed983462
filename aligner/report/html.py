"""Self-contained HTML report: inline CSS and SVG charts, no scripts or external resources, every text escaped."""

from __future__ import annotations

from typing import ClassVar

from aligner.model import Category, Issue, Side, Span
from aligner.report.model import VERDICTS, IssueRow, PairRow, QualityReport, Scorecard
from aligner.report.settings import SEVERITY_NAMES
from aligner.report.svg import SEVERITY_COLOURS, STATUS_COLOURS, stacked_bars
from aligner.report.tables import (
    SEVERITIES,
    Table,
    comparison_tables,
    fmt_number,
    left_out_table,
    per_run_table,
    precision_table,
    reference_table,
    scorecard_table,
    settings_table,
    tally_table,
    verdict_line,
)
from aligner.ui.html import escape_attr, escape_text, highlight

_SEVERITY_OF = {name: sev for sev, name in SEVERITY_NAMES.items()}
_CSS = """
body{font-family:system-ui,"Noto Sans",sans-serif;margin:2rem;color:#222;max-width:80rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem 0}
td,th{border:1px solid #ccc;padding:.2rem .45rem;vertical-align:top;text-align:left}
th{background:#f1f3f5} td.num{text-align:right}
[dir=rtl]{text-align:right;font-family:"Noto Naskh Arabic","Noto Sans Arabic",serif;font-size:1.05em}
.verdict{font-size:1.3rem;font-weight:bold;padding:.6rem 1rem;border-radius:6px;display:inline-block}
.pass{background:#d3f9d8;color:#1b5e20} .fail{background:#ffe3e3;color:#8b0000} .none{background:#e9ecef}
.note{color:#555;font-size:.85rem} .pair{border:1px solid #d0d4da;border-radius:6px;padding:.5rem;margin:.5rem 0}
.pair-body{display:grid;grid-template-columns:1fr 1fr;gap:1rem} .side{white-space:pre-wrap}
mark{background:#ffe066;border-bottom:2px solid #c92a2a} .bidi{font-family:monospace;background:#222;color:#fff}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
"""


def _cell(text: str, *, rtl: bool = False, num: bool = False) -> str:
    if rtl:
        return f'<td dir="rtl" lang="ar"><bdi>{escape_text(text)}</bdi></td>'
    return f'<td class="num">{escape_text(text)}</td>' if num else f"<td>{escape_text(text)}</td>"


def table_html(table: Table | None) -> str:
    """A titled HTML table; Arabic columns right-to-left in ``<bdi>``; numbers right-aligned."""
    if table is None:
        return ""
    head = "".join(f"<th>{escape_text(h)}</th>" for h in table.headers)
    body = []
    for row in table.rows:
        cells = "".join(
            _cell(v, rtl=i in table.rtl, num=v.replace(".", "", 1).lstrip("-").isdigit()) for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    note = f'<p class="note">{escape_text(table.note)}</p>' if table.note else ""
    rows = "".join(body) or f'<tr><td colspan="{len(table.headers)}">(none)</td></tr>'
    return (
        f"<h2>{escape_text(table.title)}</h2>{note}<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def category_chart(card: Scorecard) -> str:
    """SVG: counted issues per category, stacked by severity, whole-number axis."""
    rows = [
        (name, [(s, t.by_severity.get(s, 0), SEVERITY_COLOURS[s]) for s in SEVERITIES])
        for name, t in card.by_category.items()
    ]
    return stacked_bars(rows, axis="issues counted (by severity)")


def status_chart(cards: tuple[Scorecard, ...]) -> str:
    """SVG: pairs per review status for each run (pending grey, accepted green, edited blue, rejected red)."""
    rows = [(c.name, [(s, c.statuses.get(s, 0), colour) for s, colour in STATUS_COLOURS.items()]) for c in cards]
    return stacked_bars(rows, axis="pairs by review status")


def _issue(row: IssueRow) -> Issue:
    span = None if row.start is None or row.end is None else Span(row.start, row.end)
    side = Side(row.side) if row.side else None
    return Issue(row.pair_id, row.check, Category(row.category), _SEVERITY_OF[row.severity], row.message, side, span)


def pair_html(pair: PairRow, rows: list[IssueRow]) -> str:
    """One pair: English left, Arabic right-to-left, counted issue spans highlighted, the issue list below."""
    issues = [_issue(r) for r in rows if r.verdict in ("counted", "added")]
    src = highlight(pair.src, [i for i in issues if i.side is Side.SOURCE])
    tgt = highlight(pair.tgt, [i for i in issues if i.side is Side.TARGET])
    items = "".join(
        f"<li>{escape_text(r.category)} · {escape_text(r.severity)} · {fmt_number(r.points)} points · "
        f"{escape_text(VERDICTS[r.verdict])}: <bdi>{escape_text(r.message)}</bdi></li>"
        for r in rows
    )
    head = (
        f"<b>{escape_text(pair.run)} · {escape_text(pair.pair_id)}</b> · pair OQS {fmt_number(pair.score)} · "
        f"{fmt_number(pair.points)} points over {pair.words} words · {escape_text(pair.status)}"
    )
    return (
        f'<div class="pair" data-pair="{escape_attr(pair.pair_id)}"><div class="note">{head}</div>'
        f'<div class="pair-body"><div class="side" dir="ltr" lang="en">{src}</div>'
        f'<div class="side" dir="rtl" lang="ar"><bdi>{tgt}</bdi></div></div><ul>{items}</ul></div>'
    )


def report_html(report: QualityReport, *, worst_n: int = 20) -> str:
    """The whole report as one self-contained HTML page."""
    card, settings = report.total, report.settings
    css_class = "none" if card.passed is None else ("pass" if card.passed else "fail")
    cards = (*report.runs, report.total) if len(report.runs) > 1 else report.runs
    by_pair: dict[tuple[str, str], list[IssueRow]] = {}
    for row in report.issues:
        by_pair.setdefault((row.run, row.pair_id), []).append(row)
    worst = report.worst_pairs(worst_n)
    parts = [
        '<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{escape_text(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape_text(report.title)}</h1>",
        f'<p class="verdict {css_class}">{escape_text(verdict_line(card, settings))}</p>',
        table_html(scorecard_table(cards, settings)),
        '<h2>Charts</h2><div class="charts">',
        category_chart(card),
        status_chart(report.runs),
        "</div>",
        table_html(tally_table("Issues by category", "category", card.by_category)),
        table_html(tally_table("Issues by check", "check", card.by_check)),
        table_html(per_run_table(report, "category")),
        table_html(per_run_table(report, "check")),
        table_html(precision_table(report)),
        table_html(reference_table(report)),
        *(table_html(t) for t in comparison_tables(report)),
        f"<h2>Worst {len(worst)} pairs</h2>",
        *(pair_html(p, by_pair.get((p.run, p.pair_id), [])) for p in worst),
        *(table_html(left_out_table(report, s)) for s in ("no_source", "no_target", "rejected")),
        table_html(settings_table(settings)),
        "<h2>Provenance</h2><ul>",
        *(f"<li>{escape_text(name)}: <code>{escape_text(sig)}</code></li>" for name, sig in report.signatures),
        "</ul></body></html>",
    ]
    return "".join(parts)


class HtmlReport:
    """``html``: one self-contained page (charts as inline SVG, Arabic right-to-left)."""

    extension: ClassVar[str] = "html"
    mime: ClassVar[str] = "text/html"

    def render(self, report: QualityReport, *, worst_n: int = 20) -> bytes:
        """Return the HTML bytes (UTF-8)."""
        return report_html(report, worst_n=worst_n).encode("utf-8")
