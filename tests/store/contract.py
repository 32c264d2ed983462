"""StoreContract: behaviour every Store implementation must show (subclassed per backend)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC

import pytest

from aligner.model import Category, Issue, QualityScore, ReviewStatus, Severity, Side, Span
from aligner.store import ConflictError, NotFoundError, PairState, Store, StoreError
from tests.store.factory import make_result

A, R, E, P = ReviewStatus.ACCEPTED, ReviewStatus.REJECTED, ReviewStatus.EDITED, ReviewStatus.PENDING


class StoreContract:
    """Subclasses provide a ``store`` fixture."""

    @pytest.fixture
    def store(self) -> Store:
        raise NotImplementedError

    @pytest.fixture
    def run(self, store: Store) -> str:
        project = store.create_project("news", config={"tgt_lang": "ar"})
        return store.save_run(project, make_result(), name="seed", config={"segmenter": "rules"})

    # -- projects and runs -------------------------------------------------------------------------------------

    def test_projects_newest_first(self, store: Store) -> None:
        a = store.create_project("first", config={"x": [1, 2]})
        b = store.create_project("second")
        found = store.list_projects()
        assert [p.id for p in found] == [b, a]
        assert dict(found[1].config) == {"x": [1, 2]}
        assert found[0].created_at.tzinfo is not None
        with pytest.raises(StoreError):
            store.create_project("  ")

    def test_round_trip_is_identical(self, store: Store) -> None:
        result = make_result()
        run = store.save_run(store.create_project("p"), result)
        loaded = store.load_run(run)
        assert loaded == result
        assert loaded.src == result.src and loaded.tgt_segments == result.tgt_segments
        assert loaded.issues == result.issues  # order, spans, sides, evidence
        assert dict(loaded.scores) == dict(result.scores)
        assert loaded.signature == result.signature and loaded.document_score == result.document_score
        assert loaded.pairs[3].tgt_text.endswith(" ")  # a pair text that differs from its sentences survives

    def test_runs_listed_with_info(self, store: Store, run: str) -> None:
        info = store.get_run(run)
        project = info.project_id
        second = store.save_run(project, make_result(), name="again")
        assert [r.id for r in store.list_runs(project)] == [second, run]
        assert info.name == "seed" and info.n_pairs == 4 and info.layout == "documents"
        assert info.signature == make_result().signature.format()
        assert dict(info.config) == {"segmenter": "rules"}

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda r: replace(r, pairs=(*r.pairs, r.pairs[0])), "duplicate pair id"),
            (lambda r: replace(r, pairs=(replace(r.pairs[0], src=(9,)), *r.pairs[1:])), "source sentence 9"),
            (lambda r: replace(r, issues=(replace(r.issues[0], pair_id="nope"),)), "unknown pair"),
        ],
    )
    def test_save_rejects_bad_results(self, store: Store, change, message: str) -> None:
        project = store.create_project("p")
        with pytest.raises(StoreError, match=message):
            store.save_run(project, change(make_result()))

    def test_unknown_ids(self, store: Store, run: str) -> None:
        with pytest.raises(NotFoundError):
            store.save_run("missing", make_result())
        with pytest.raises(NotFoundError):
            store.list_runs("missing")
        with pytest.raises(NotFoundError):
            store.load_run("missing")
        with pytest.raises(NotFoundError):
            store.pair_states("missing")
        with pytest.raises(NotFoundError):
            store.record_review(run, "p99", status=A, reviewer="a", expected_version=0)
        with pytest.raises(NotFoundError):
            store.history(run, "p99")

    # -- reviews -----------------------------------------------------------------------------------------------

    def test_pair_states_start_pending(self, store: Store, run: str) -> None:
        states = store.pair_states(run)
        assert list(states) == ["p0", "p1", "p2", "p3"]
        assert all(s == PairState(pair_id=k) for k, s in states.items())

    def test_review_edit_and_history(self, store: Store, run: str) -> None:
        s1 = store.record_review(run, "p1", status=A, reviewer="alice", expected_version=0, comment="ok")
        assert (s1.status, s1.version, s1.reviewer, s1.comment) == (A, 1, "alice", "ok")
        s2 = store.record_review(run, "p1", status=E, reviewer="bob", expected_version=1, edited_text="نص")
        assert (s2.status, s2.edited_text, s2.version) == (E, "نص", 2)
        states = store.pair_states(run)
        assert states["p1"] == s2 and states["p1"].updated_at.tzinfo == UTC
        assert states["p0"].version == 0
        events = store.history(run, "p1")
        assert [(e.version, e.status, e.reviewer, e.action) for e in events] == [
            (1, A, "alice", "review"),
            (2, E, "bob", "review"),
        ]
        assert events[1].edited_text == "نص" and events[0].comment == "ok"
        assert store.history(run, "p0") == []

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"status": E}, "edited text"),
            ({"status": "bogus"}, "unknown review status"),
            ({"status": A, "reviewer": " "}, "reviewer"),
            ({"status": A, "expected_version": -1}, "expected_version"),
        ],
    )
    def test_bad_reviews(self, store: Store, run: str, kwargs: dict, message: str) -> None:
        args = {"reviewer": "a", "expected_version": 0} | kwargs
        with pytest.raises(StoreError, match=message):
            store.record_review(run, "p0", **args)

    def test_stale_version_conflicts(self, store: Store, run: str) -> None:
        store.record_review(run, "p0", status=A, reviewer="alice", expected_version=0)
        with pytest.raises(ConflictError, match=r"^pair p0 was changed by alice at .* UTC; reload to see their edit$"):
            store.record_review(run, "p0", status=R, reviewer="bob", expected_version=0)
        with pytest.raises(ConflictError, match="version 1, not 5"):
            store.record_review(run, "p0", status=R, reviewer="bob", expected_version=5)
        with pytest.raises(ConflictError):
            store.undo(run, "p0", reviewer="bob", expected_version=0)
        assert store.pair_states(run)["p0"].status is A
        assert len(store.history(run, "p0")) == 1

    def test_undo_walks_back(self, store: Store, run: str) -> None:
        store.record_review(run, "p2", status=A, reviewer="a", expected_version=0, comment="c1")
        store.record_review(run, "p2", status=E, reviewer="a", expected_version=1, edited_text="x")
        store.record_review(run, "p2", status=R, reviewer="a", expected_version=2)
        u1 = store.undo(run, "p2", reviewer="b", expected_version=3)
        assert (u1.status, u1.edited_text, u1.version, u1.reviewer) == (E, "x", 4, "b")
        u2 = store.undo(run, "p2", reviewer="b", expected_version=4)
        assert (u2.status, u2.edited_text, u2.comment) == (A, None, "c1")
        store.record_review(run, "p2", status=R, reviewer="c", expected_version=5)
        u3 = store.undo(run, "p2", reviewer="b", expected_version=6)
        assert u3.status is A
        u4 = store.undo(run, "p2", reviewer="b", expected_version=7)
        assert (u4.status, u4.comment, u4.version) == (P, None, 8)
        with pytest.raises(StoreError, match="nothing to undo"):
            store.undo(run, "p2", reviewer="b", expected_version=8)
        history = store.history(run, "p2")
        assert [e.action for e in history] == ["review"] * 3 + ["undo"] * 2 + ["review"] + ["undo"] * 2
        assert store.pair_states(run)["p2"] == u4

    # -- links -------------------------------------------------------------------------------------------------

    def test_merge_changes_only_links(self, store: Store, run: str) -> None:
        before = store.load_run(run)
        merged = store.merge_with_next(run, "p1", reviewer="ed")
        after = store.load_run(run)
        assert [p.id for p in after.pairs] == ["p0", merged, "p3"]
        pair = after.pairs[1]
        assert (pair.src, pair.tgt, pair.origin) == ((1, 2), (1, 2), "manual")
        assert pair.src_text == before.pairs[1].src_text
        assert pair.tgt_text == f"{before.pairs[1].tgt_text} {before.pairs[2].tgt_text}"
        assert (after.src, after.tgt, after.src_segments, after.tgt_segments) == (
            before.src,
            before.tgt,
            before.src_segments,
            before.tgt_segments,
        )
        assert after.issues == () and set(after.scores) == {"p0", "p3"}  # merged pairs' checks are gone
        assert store.get_run(run).n_pairs == 3
        assert list(store.pair_states(run)) == ["p0", merged, "p3"]
        assert [(e.version, e.action, e.reviewer) for e in store.history(run, merged)] == [(1, "merge", "ed")]
        assert store.history(run, "p1")[-1].action == "merge"
        with pytest.raises(ConflictError, match=re.escape(f"pair p1 was merged into {merged} by ed")):
            store.record_review(run, "p1", status=A, reviewer="a", expected_version=1)
        with pytest.raises(ConflictError):
            store.merge_with_next(run, "p2", reviewer="ed")
        with pytest.raises(StoreError, match="last pair"):
            store.merge_with_next(run, "p3", reviewer="ed")
        with pytest.raises(StoreError, match="nothing to undo"):
            store.undo(run, merged, reviewer="ed", expected_version=1)

    def test_merge_keeps_edits_and_comments(self, store: Store, run: str) -> None:
        store.record_review(run, "p0", status=E, reviewer="a", expected_version=0, edited_text="جديد", comment="fix")
        store.record_review(run, "p1", status=A, reviewer="a", expected_version=0)
        merged = store.merge_with_next(run, "p0", reviewer="ed")
        state = store.pair_states(run)[merged]
        assert (state.status, state.version, state.comment) == (E, 1, "fix")
        assert state.edited_text == "جديد " + make_result().pairs[1].tgt_text

    def test_split_changes_only_links(self, store: Store, run: str) -> None:
        before = store.load_run(run)
        a, b = store.split_pair(run, "p1", reviewer="ed")
        after = store.load_run(run)
        assert [p.id for p in after.pairs] == ["p0", a, b, "p2", "p3"]
        # 2-1: the target goes with the longer source sentence
        assert [(p.src, p.tgt) for p in after.pairs[1:3]] == [((1,), ()), ((2,), (1,))]
        assert after.pairs[1].src_text == before.src_segments[1].text and after.pairs[1].tgt_text == ""
        assert after.pairs[2].tgt_text == before.pairs[1].tgt_text
        assert after.src_segments == before.src_segments and after.tgt == before.tgt
        assert store.get_run(run).n_pairs == 5
        assert list(store.pair_states(run)) == ["p0", a, b, "p2", "p3"]
        assert store.history(run, a)[0].action == "split"
        with pytest.raises(StoreError, match="nothing to split"):
            store.split_pair(run, a, reviewer="ed")  # a 1-0 pair
        with pytest.raises(ConflictError, match="was split"):
            store.split_pair(run, "p1", reviewer="ed")

    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            ((1, 0), [((1,), ()), ((2,), (1,))]),
            ((0, 1), [((), (1,)), ((1, 2), ())]),
            ((2, 0), [((1, 2), ()), ((), (1,))]),
        ],
    )
    def test_split_at(self, store: Store, run: str, at: tuple[int, int], expected: list) -> None:
        a, b = store.split_pair(run, "p1", reviewer="ed", at=at)
        pairs = {p.id: p for p in store.load_run(run).pairs}
        assert [(pairs[x].src, pairs[x].tgt) for x in (a, b)] == expected

    @pytest.mark.parametrize("at", [(0, 0), (2, 1), (3, 0), (-1, 1)])
    def test_split_at_rejects_empty_parts(self, store: Store, run: str, at: tuple[int, int]) -> None:
        with pytest.raises(StoreError, match="cannot split"):
            store.split_pair(run, "p1", reviewer="ed", at=at)

    def test_merge_then_split_restores_links(self, store: Store, run: str) -> None:
        merged = store.merge_with_next(run, "p2", reviewer="ed")
        a, b = store.split_pair(run, merged, reviewer="ed", at=(0, 1))
        again = store.merge_with_next(run, a, reviewer="ed")
        pairs = store.load_run(run).pairs
        assert [(p.src, p.tgt) for p in pairs] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3))]
        assert len({p.id for p in pairs}) == 3 and again in {p.id for p in pairs} and b not in {p.id for p in pairs}

    def test_replace_pair_checks(self, store: Store, run: str) -> None:
        new = Issue("p1", "numbers", Category.NUMBER, Severity.MAJOR, "recheck", side=Side.TARGET, span=Span(0, 2))
        store.replace_pair_checks(run, "p1", [new], QualityScore(77.0, {"x": 1.0}))
        loaded = store.load_run(run)
        assert loaded.issues_for("p1") == (new,)
        assert loaded.issues_for("p2") == make_result().issues_for("p2")
        assert loaded.scores["p1"] == QualityScore(77.0, {"x": 1.0})
        store.replace_pair_checks(run, "p1", [], None)
        loaded = store.load_run(run)
        assert loaded.issues_for("p1") == () and "p1" not in loaded.scores
        with pytest.raises(StoreError, match="is for pair"):
            store.replace_pair_checks(run, "p0", [new], None)
        with pytest.raises(NotFoundError):
            store.replace_pair_checks(run, "nope", [], None)
        merged = store.merge_with_next(run, "p0", reviewer="ed")
        with pytest.raises(ConflictError):
            store.replace_pair_checks(run, "p0", [], None)
        store.replace_pair_checks(run, merged, [replace(new, pair_id=merged)], QualityScore(50.0))
        assert store.load_run(run).issues_for(merged)[0].message == "recheck"

    # -- integrity: redo, versions on merge/split, what merge/split keep (issue 13) -------------------------------

    def test_redo_reapplies_what_undo_took(self, store: Store, run: str) -> None:
        store.record_review(run, "p2", status=E, reviewer="a", expected_version=0, edited_text="x")
        store.record_review(run, "p2", status=A, reviewer="a", expected_version=1)
        assert store.undo(run, "p2", reviewer="a", expected_version=2).status is E
        assert store.undo(run, "p2", reviewer="a", expected_version=3).status is P
        redone = store.redo(run, "p2", reviewer="a", expected_version=4)
        assert (redone.status, redone.edited_text) == (E, "x")
        assert store.redo(run, "p2", reviewer="a", expected_version=5).status is A
        with pytest.raises(StoreError, match="nothing to redo"):
            store.redo(run, "p2", reviewer="a", expected_version=6)
        store.undo(run, "p2", reviewer="a", expected_version=6)
        store.record_review(run, "p2", status=R, reviewer="a", expected_version=7)
        with pytest.raises(StoreError, match="nothing to redo"):  # a new review clears what could be redone
            store.redo(run, "p2", reviewer="a", expected_version=8)
        with pytest.raises(ConflictError):
            store.undo(run, "p2", reviewer="a", expected_version=7)

    def test_reviewer_events_span_pairs_in_order(self, store: Store, run: str) -> None:
        store.record_review(run, "p2", status=A, reviewer="a", expected_version=0)
        store.record_review(run, "p0", status=R, reviewer="b", expected_version=0)
        store.record_review(run, "p1", status=R, reviewer="a", expected_version=0)
        store.undo(run, "p2", reviewer="a", expected_version=1)
        found = [(e.pair_id, e.action) for e in store.reviewer_events(run, "a")]
        assert found == [("p2", "review"), ("p1", "review"), ("p2", "undo")]
        assert store.reviewer_events(run, "nobody") == []

    def test_stale_merge_is_refused(self, store: Store, run: str) -> None:
        store.record_review(run, "p2", status=R, reviewer="b", expected_version=0)
        with pytest.raises(ConflictError, match="p2"):
            store.merge_with_next(run, "p1", reviewer="a", expected_versions={"p1": 0, "p2": 0})
        assert [p.id for p in store.load_run(run).pairs] == ["p0", "p1", "p2", "p3"]
        with pytest.raises(ConflictError, match="followed by p2"):
            store.merge_with_next(run, "p1", reviewer="a", expected_versions={"p1": 0})
        merged = store.merge_with_next(run, "p1", reviewer="a", expected_versions={"p1": 0, "p2": 1})
        assert merged == "p1+p2"
        assert store.pair_states(run)[merged].status is R  # a rejected part keeps the merged pair rejected
        assert store.merge_with_next(run, merged, reviewer="a") == "p1+p3"

    def test_stale_split_is_refused_and_split_keeps_comment(self, store: Store, run: str) -> None:
        store.record_review(run, "p1", status=A, reviewer="b", expected_version=0, comment="check the date")
        with pytest.raises(ConflictError):
            store.split_pair(run, "p1", reviewer="a", expected_version=0)
        a, b = store.split_pair(run, "p1", reviewer="a", expected_version=1)
        states = store.pair_states(run)
        assert [(states[x].status, states[x].comment) for x in (a, b)] == [(P, "check the date")] * 2

    def test_split_refuses_an_edited_pair(self, store: Store, run: str) -> None:
        store.record_review(run, "p1", status=E, reviewer="b", expected_version=0, edited_text="نص")
        with pytest.raises(StoreError, match="has an edit"):
            store.split_pair(run, "p1", reviewer="a")
        assert store.pair_states(run)["p1"].edited_text == "نص"

    def test_source_edit_is_versioned_undone_and_merged(self, store: Store, run: str) -> None:
        s1 = store.record_review(run, "p0", status=E, reviewer="a", expected_version=0, edited_src="The agency met.")
        assert (s1.status, s1.edited_src, s1.edited_text, s1.version) == (E, "The agency met.", None, 1)
        with pytest.raises(ConflictError):  # a second reviewer who saw version 0
            store.record_review(run, "p0", status=E, reviewer="b", expected_version=0, edited_src="The agency")
        s2 = store.record_review(
            run, "p0", status=E, reviewer="b", expected_version=1, edited_src="The agency met.", edited_text="نص"
        )
        assert (s2.edited_src, s2.edited_text) == ("The agency met.", "نص")
        assert [e.edited_src for e in store.history(run, "p0")] == ["The agency met."] * 2
        assert store.undo(run, "p0", reviewer="a", expected_version=2).edited_text is None
        u = store.undo(run, "p0", reviewer="a", expected_version=3)
        assert (u.status, u.edited_src) == (P, None)
        r = store.redo(run, "p0", reviewer="a", expected_version=4)
        assert (r.status, r.edited_src, store.pair_states(run)["p0"]) == (E, "The agency met.", r)
        with pytest.raises(StoreError, match="has an edit"):
            store.split_pair(run, "p0", reviewer="a")
        merged = store.merge_with_next(run, "p0", reviewer="ed")
        state = store.pair_states(run)[merged]
        assert (state.status, state.edited_text) == (E, None)
        assert state.edited_src == "The agency met. " + make_result().pairs[1].src_text

    def test_verdicts_round_trip(self, store: Store, run: str) -> None:
        from aligner.review.verdicts import verdict

        added = Issue("p1", "reviewer", Category.TERMINOLOGY, Severity.MAJOR, "term", side=Side.TARGET, span=Span(0, 4))
        store.record_verdict(verdict(run, "p0", "k0", "dismiss", "a", reason="fine"))
        store.record_verdict(verdict(run, "p1", "k1", "add", "b", issue=added))
        store.record_verdict(verdict(run, "p1", "k1", "severity", "b", severity=Severity.CRITICAL))
        found = store.verdicts(run)
        assert [(v.pair_id, v.kind, v.reviewer) for v in found] == [
            ("p0", "dismiss", "a"),
            ("p1", "add", "b"),
            ("p1", "severity", "b"),
        ]
        assert found[0].reason == "fine" and found[0].at.tzinfo is not None
        assert found[1].issue.span == Span(0, 4) and found[1].issue.category is Category.TERMINOLOGY
        assert found[1].issue.evidence == {} and found[2].severity == 3
        assert [v.kind for v in store.verdicts(run, "p1")] == ["add", "severity"]
        merged = store.merge_with_next(run, "p0", reviewer="m")
        with pytest.raises(ConflictError):
            store.record_verdict(verdict(run, "p0", "k0", "confirm", "a"))
        assert store.verdicts(run, merged) == []

    def test_time_spent_is_in_the_review_log(self, store: Store, run: str) -> None:
        store.record_review(run, "p0", status=A, reviewer="a", expected_version=0, seconds=12.345)
        store.record_review(run, "p0", status=R, reviewer="a", expected_version=1)
        store.undo(run, "p0", reviewer="a", expected_version=2)
        assert [e.seconds for e in store.history(run, "p0")] == [12.3, None, None]
        with pytest.raises(StoreError, match="seconds"):
            store.record_review(run, "p1", status=A, reviewer="a", expected_version=0, seconds=-1)
