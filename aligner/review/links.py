"""Deep links to the review screen: project, run, pair, filters and view as URL query parameters (and back)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aligner.model import Category, ReviewStatus

MODES = ("one", "page")


@dataclass(frozen=True, slots=True)
class Link:
    """Where a reviewer is: what a reload or a shared URL must open again."""

    project: str | None = None
    run: str | None = None
    pair: str | None = None
    min_score: float = 0.0
    max_score: float = 100.0
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    issues_only: bool = False
    mode: str = "one"


def to_params(link: Link) -> dict[str, str]:
    """Query parameters for ``link`` (defaults left out, so plain links stay short)."""
    out: dict[str, str] = {}
    for name in ("project", "run", "pair"):
        value = getattr(link, name)
        if value:
            out[name] = value
    if (link.min_score, link.max_score) != (0.0, 100.0):
        out["score"] = f"{link.min_score:g}-{link.max_score:g}"
    if link.categories:
        out["cat"] = ",".join(link.categories)
    if link.statuses:
        out["status"] = ",".join(link.statuses)
    if link.issues_only:
        out["issues"] = "1"
    if link.mode != "one":
        out["view"] = link.mode
    return out


def _score_range(text: str) -> tuple[float, float]:
    try:
        low, high = (float(x) for x in text.split("-", 1))
    except ValueError:
        return 0.0, 100.0
    low, high = max(0.0, min(low, 100.0)), max(0.0, min(high, 100.0))
    return (low, high) if low <= high else (0.0, 100.0)


def from_params(params: Mapping[str, str]) -> Link:
    """The link in ``params``; unknown categories, statuses or views and malformed ranges are ignored."""
    known_cats = {c.value for c in Category}
    known_status = {s.value for s in ReviewStatus}
    low, high = _score_range(params.get("score", ""))
    return Link(
        project=params.get("project") or None,
        run=params.get("run") or None,
        pair=params.get("pair") or None,
        min_score=low,
        max_score=high,
        categories=tuple(c for c in params.get("cat", "").split(",") if c in known_cats),
        statuses=tuple(s for s in params.get("status", "").split(",") if s in known_status),
        issues_only=params.get("issues") == "1",
        mode=params.get("view") if params.get("view") in MODES else "one",  # type: ignore[arg-type]
    )
