"""Hand-built AlignmentResults for store tests (independent of the segment/align/checks packages)."""

from __future__ import annotations

from aligner.model import (
    AlignedPair,
    AlignmentResult,
    Category,
    Document,
    Issue,
    Layout,
    QualityScore,
    Segment,
    Severity,
    Side,
    Signature,
    Span,
    Unit,
)

EN = ["The minister arrived on Monday.", "He met 12 officials.", "Talks lasted two hours.", "No deal was reached."]
AR = [
    "وصل الوزير يوم الاثنين.",
    "التقى 12 مسؤولا واستمرت المحادثات ساعتين.",
    "تعليق إضافي.",
    "لم يتم التوصل إلى اتفاق.",
]


def _document(doc_id: str, lang: str, sentences: list[str]) -> tuple[Document, tuple[Segment, ...]]:
    text = " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])
    spans, pos = [], 0
    for s in sentences:
        start = text.index(s, pos)
        spans.append(Span(start, start + len(s)))
        pos = start + len(s)
    para = text.index("\n\n")
    units = (
        Unit(span=Span(0, para), role="body", group="g1", origin=Span(10, 10 + para)),
        Unit(span=Span(para + 2, len(text)), role="body"),
    )
    doc = Document(id=doc_id, lang=lang, text=text, source=f"{doc_id}.html", units=units, meta={"url": "u", "n": 3})
    segs = tuple(
        Segment(doc_id=doc_id, index=i, span=sp, text=sp.slice(text), unit=0 if sp.end <= para else 1)
        for i, sp in enumerate(spans)
    )
    return doc, segs


def make_result() -> AlignmentResult:
    """Four pairs: 1-1, 2-1, 0-1 and 1-1, with issues (spans, evidence), scores and a signature."""
    src, src_segs = _document("news-en", "en", EN)
    tgt, tgt_segs = _document("news-ar", "ar", AR)
    pairs = (
        AlignedPair("p0", (0,), (0,), EN[0], AR[0], similarity=0.91, role="body"),
        AlignedPair("p1", (1, 2), (1,), f"{EN[1]} {EN[2]}", AR[1], similarity=0.8),
        AlignedPair("p2", (), (2,), "", AR[2], similarity=None, origin="auto"),
        AlignedPair("p3", (3,), (3,), EN[3], AR[3] + " ", similarity=0.88),  # stored text differs from sentence
    )
    issues = (
        Issue("p2", "alignment", Category.ALIGNMENT, Severity.MAJOR, "target sentence has no source"),
        Issue(
            "p1",
            "numbers",
            Category.NUMBER,
            Severity.CRITICAL,
            "number 12 checked",
            side=Side.TARGET,
            span=Span(6, 8),
            evidence={"numbers": ["12"], "ratio": 0.5, "nested": {"a": 1}},
        ),
        Issue("p1", "length", Category.OMISSION, Severity.MINOR, "target is short", side=Side.SOURCE, span=Span(0, 5)),
    )
    scores = {
        "p0": QualityScore(98.0, {"similarity": 0.91}),
        "p1": QualityScore(60.5, {"similarity": 0.8, "penalty": -30.0}),
        "p2": QualityScore(40.0),
        "p3": QualityScore(95.0, {"similarity": 0.88}),
    }
    return AlignmentResult(
        src=src,
        tgt=tgt,
        src_segments=src_segs,
        tgt_segments=tgt_segs,
        pairs=pairs,
        issues=issues,
        scores=scores,
        signature=Signature(
            version="0.1.0", segmenter="rules.v1", encoder="hash.v1", aligner="dp.v1", checks=("a", "b")
        ),
        layout=Layout.DOCUMENTS,
        document_score=QualityScore(73.4, {"pairs": 4.0}),
    )


def make_large(n: int) -> AlignmentResult:
    """``n`` 1-1 pairs of short synthetic sentences (no issues on most)."""
    en = [f"Sentence number {i} of the English article." for i in range(n)]
    ar = [f"الجملة رقم {i} من المقال العربي." for i in range(n)]
    src = Document(id="en", lang="en", text=" ".join(en))
    tgt = Document(id="ar", lang="ar", text=" ".join(ar))

    def segs(doc: Document, sents: list[str]) -> tuple[Segment, ...]:
        out, pos = [], 0
        for i, s in enumerate(sents):
            out.append(Segment(doc.id, i, Span(pos, pos + len(s)), s))
            pos += len(s) + 1
        return tuple(out)

    pairs = tuple(AlignedPair(f"p{i}", (i,), (i,), en[i], ar[i], similarity=0.9) for i in range(n))
    issues = tuple(
        Issue(f"p{i}", "length", Category.OMISSION, Severity.MINOR, "short", side=Side.TARGET, span=Span(0, 3))
        for i in range(0, n, 10)
    )
    scores = {p.id: QualityScore(90.0, {"similarity": 0.9}) for p in pairs}
    return AlignmentResult(src, tgt, segs(src, en), segs(tgt, ar), pairs, issues, scores, Signature(version="0.1.0"))
