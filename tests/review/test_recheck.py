"""Checks always describe the shown text: edits, undo, redo, merge and split re-check, across pairs too."""

from __future__ import annotations

from aligner.model import ReviewStatus
from aligner.review.recheck import recheck, refresh_checks, run_memo, shown_pairs, warm_memo
from tests.review.conftest import AR, CONFIG

E = ReviewStatus.EDITED
REPEATED = AR[2].rstrip(".") + " " + AR[2]  # the clause said twice


def _issues(store, run: str, pair_id: str, check: str | None = None) -> list:
    return [i for i in store.load_run(run).issues if i.pair_id == pair_id and (check is None or i.check == check)]


def _spans_fit(store, run: str) -> None:
    result, states = store.load_run(run), store.pair_states(run)
    shown = {p.id: p for p in shown_pairs(result, states)}
    for issue in result.issues:
        if issue.span is not None:
            text = shown[issue.pair_id].tgt_text if issue.side.value == "tgt" else shown[issue.pair_id].src_text
            assert 0 <= issue.span.start < issue.span.end <= len(text)


def test_fixing_one_rendering_clears_the_flag_on_the_other_pair(store_run, encoder) -> None:
    store, run = store_run
    assert _issues(store, run, "p0", "terminology") and _issues(store, run, "p1", "terminology")
    fixed = AR[1].replace("وكالة العالم", "الوكالة العالمية")
    store.record_review(run, "p1", status=E, reviewer="a", expected_version=0, edited_text=fixed)
    written = refresh_checks(store, run, ["p1"], config=CONFIG, encoder=encoder)
    assert set(written) == {"p0", "p1"}  # p0 held the correct term and was never edited
    assert not _issues(store, run, "p0", "terminology") and not _issues(store, run, "p1", "terminology")
    assert store.load_run(run).scores["p0"].components["mqm"] == 100.0


def test_undo_and_redo_bring_back_the_checks_of_the_text(store_run, encoder) -> None:
    store, run = store_run
    before = [(i.check, i.span) for i in _issues(store, run, "p2")]
    score_before = store.load_run(run).scores["p2"].value
    store.record_review(run, "p2", status=E, reviewer="a", expected_version=0, edited_text=REPEATED)
    refresh_checks(store, run, ["p2"], config=CONFIG, encoder=encoder)
    assert _issues(store, run, "p2", "duplication")
    edited_score = store.load_run(run).scores["p2"].value
    assert edited_score < score_before
    store.undo(run, "p2", reviewer="a", expected_version=1)
    refresh_checks(store, run, ["p2"], config=CONFIG, encoder=encoder)
    assert [(i.check, i.span) for i in _issues(store, run, "p2")] == before
    assert store.load_run(run).scores["p2"].value == score_before
    store.redo(run, "p2", reviewer="a", expected_version=2)
    refresh_checks(store, run, ["p2"], config=CONFIG, encoder=encoder)
    assert _issues(store, run, "p2", "duplication") and store.load_run(run).scores["p2"].value == edited_score
    _spans_fit(store, run)


def test_merge_and_split_are_checked_and_scored(store_run, encoder) -> None:
    store, run = store_run
    store.record_review(run, "p2", status=E, reviewer="a", expected_version=0, edited_text=REPEATED)
    refresh_checks(store, run, ["p2"], config=CONFIG, encoder=encoder)
    merged = store.merge_with_next(run, "p2", reviewer="a")
    refresh_checks(store, run, [merged], config=CONFIG, encoder=encoder)
    result = store.load_run(run)
    assert merged in result.scores and _issues(store, run, merged, "duplication")
    _spans_fit(store, run)
    merged2 = store.merge_with_next(run, "p0", reviewer="a")
    a, b = store.split_pair(run, merged2, reviewer="a")
    refresh_checks(store, run, [a, b], config=CONFIG, encoder=encoder)
    result = store.load_run(run)
    assert {a, b} <= set(result.scores)
    assert [p.role for p in result.pairs if p.id in (a, b)] == [result.pairs[0].role] * 2
    _spans_fit(store, run)


def test_nothing_changed_writes_nothing(store_run, encoder) -> None:
    store, run = store_run
    result = store.load_run(run)
    stored: dict = {}
    for issue in result.issues:
        stored.setdefault(issue.pair_id, []).append(issue)
    from aligner.pipeline import build_checks

    found = recheck(result.pairs, [], stored, checks=build_checks(CONFIG), config=CONFIG, encoder=encoder)
    assert found == {}


def test_an_english_edit_is_checked_undone_and_reaches_other_pairs(encoder) -> None:
    from aligner.ingest.base import Piece, build_document
    from aligner.model import Bitext, Layout
    from aligner.pipeline import process
    from aligner.store import MemoryStore

    said = "Officials said the talks would continue next week in Geneva."
    said_ar = "قال المسؤولون إن المحادثات ستستمر الأسبوع المقبل في جنيف."
    en, ar = [said, "The weather was nice.", said], [said_ar, AR[2], said_ar]
    src = build_document("en", [Piece(t, "line") for t in en], name="t.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in ar], name="t.tsv")
    store = MemoryStore()
    project = store.create_project("t", config=CONFIG.as_dict())
    run = store.save_run(project, process(Bitext("t", src, tgt, Layout.PARALLEL), encoder=encoder, config=CONFIG))
    assert not _issues(store, run, "p2", "duplication")  # the source says it twice too: faithful
    typo = said.replace("next week", "with 350 delegates")  # the English differs, with a number the Arabic lacks
    store.record_review(run, "p0", status=E, reviewer="a", expected_version=0, edited_src=typo)
    written = refresh_checks(store, run, ["p0"], config=CONFIG, encoder=encoder)
    assert set(written) == {"p0", "p2"}  # p2 repeats p0's Arabic, whose English no longer matches p2's
    assert _issues(store, run, "p0", "numbers") and _issues(store, run, "p2", "duplication")
    assert store.load_run(run).pairs[0].src_text == said  # the run keeps the aligned text; the edit is a state
    store.undo(run, "p0", reviewer="a", expected_version=1)
    refresh_checks(store, run, ["p0"], config=CONFIG, encoder=encoder)
    assert not _issues(store, run, "p0", "numbers") and not _issues(store, run, "p2", "duplication")
    _spans_fit(store, run)


def test_run_memo_is_one_memo_per_run_even_while_empty() -> None:
    """An empty Memo is falsy: run_memo must still hand back the one it keeps, not a fresh one per call."""
    first = run_memo("run-x", CONFIG)
    assert len(first) == 0 and run_memo("run-x", CONFIG) is first


def test_a_warmed_memo_gives_the_same_recheck(store_run, encoder) -> None:
    """warm_memo does ahead what the first re-check would build; the re-check's answer is the same."""
    store, run = store_run
    pauses: list[int] = []
    memo = warm_memo(store, run, config=CONFIG, pause=lambda: pauses.append(1), chunk=2)
    assert memo is run_memo(run, CONFIG) and len(memo) > 0 and len(pauses) >= 2
    fixed = AR[1].replace("وكالة العالم", "الوكالة العالمية")
    store.record_review(run, "p1", status=E, reviewer="a", expected_version=0, edited_text=fixed)
    pairs, stored = shown_pairs(store.load_run(run), store.pair_states(run)), {}
    for issue in store.load_run(run).issues:
        stored.setdefault(issue.pair_id, []).append(issue)
    from aligner.pipeline import build_checks

    args = dict(checks=build_checks(CONFIG), config=CONFIG, encoder=encoder)
    assert recheck(pairs, ["p1"], stored, **args, memo=memo) == recheck(pairs, ["p1"], stored, **args)
