"""Review integrity in the app (AppTest): checks follow the shown text, two reviewers never lose an edit, undo/redo."""

from __future__ import annotations

import pytest

from aligner.model import ReviewStatus
from tests.app.conftest import REVIEWER, open_page

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _box(at, prefix: str):
    (widget,) = [w for w in [*at.text_area, *at.text_input] if (w.key or "").startswith(prefix)]
    return widget


def _first_with_target(store, run_id: str) -> tuple[int, str]:
    result = store.load_run(run_id)
    index = next(i for i, p in enumerate(result.pairs) if p.tgt_text.strip())
    return index, result.pairs[index].id


def _at_pair(make_app, seeded, index: int, reviewer: str = REVIEWER):
    at = make_app(run=seeded)
    at.session_state["reviewer"] = reviewer
    at.session_state["pair_position"] = index
    return open_page(at, "review")


def test_undo_restores_the_checks_of_the_text(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    before = sorted((i.check, i.span) for i in store.load_run(run_id).issues_for(pid))
    at = _at_pair(make_app, seeded, index)
    text = store.load_run(run_id).pairs[index].tgt_text
    _box(at, "edit_ar_").input(text + " " + text)  # the whole sentence said twice
    at.button(key="save_edit").click().run()
    edited = store.load_run(run_id).issues_for(pid)
    assert any(i.check == "duplication" for i in edited)
    at.button(key="undo").click().run()
    assert not at.exception and not at.error
    assert store.pair_states(run_id)[pid].edited_text is None
    assert sorted((i.check, i.span) for i in store.load_run(run_id).issues_for(pid)) == before
    at.button(key="redo").click().run()
    assert store.pair_states(run_id)[pid].edited_text == text + " " + text
    assert any(i.check == "duplication" for i in store.load_run(run_id).issues_for(pid))


def test_unchanged_resave_makes_no_version(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    at = _at_pair(make_app, seeded, index)
    at.button(key="save_edit").click().run()
    assert store.pair_states(run_id)[pid].version == 0
    assert at.toast and "unchanged" in at.toast[0].value


def test_undo_after_auto_advance_undoes_that_verdict(make_app, store, seeded) -> None:
    _, run_id = seeded
    at = _at_pair(make_app, seeded, 0)
    at.button(key="accept").click().run()  # p0 accepted, the view moves to p1
    assert at.session_state["pair_position"] == 1
    at.button(key="undo").click().run()
    assert store.pair_states(run_id)["p0"].status is ReviewStatus.PENDING
    assert at.session_state["pair_position"] == 0  # the view follows the undone pair
    fresh = _at_pair(make_app, seeded, 5)  # a reload: the plan comes from the review log
    assert fresh.button(key="undo").disabled  # p0 was undone: nothing else of ours to undo
    assert fresh.button(key="redo").disabled is False
    fresh.button(key="redo").click().run()
    assert store.pair_states(run_id)["p0"].status is ReviewStatus.ACCEPTED


def test_a_dirty_box_survives_another_reviewers_save(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    b = _at_pair(make_app, seeded, index, "Sami")
    mine = "ترجمة سامي المعدلة."
    _box(b, "edit_ar_").input(mine)
    b.run()  # B's box is dirty
    a = _at_pair(make_app, seeded, index)
    _box(a, "edit_ar_").input("ترجمة ليلى.")
    a.button(key="save_edit").click().run()
    assert store.pair_states(run_id)[pid].edited_text == "ترجمة ليلى."
    b.toggle(key="f_issues_only").set_value(True).run()  # any rerun on B's page
    b.toggle(key="f_issues_only").set_value(False).run()
    assert _box(b, "edit_ar_").value == mine
    assert any("newer version" in w.value for w in b.warning)
    b.button(key="save_edit").click().run()
    assert b.error and "Not saved" in b.error[0].value
    state = store.pair_states(run_id)[pid]
    assert state.edited_text == "ترجمة ليلى." and state.reviewer == REVIEWER  # A's text stays A's
    assert _box(b, "edit_ar_").value == mine


def test_stale_merge_and_split_are_refused(make_app, store, seeded) -> None:
    _, run_id = seeded
    b = _at_pair(make_app, seeded, 0, "Sami")
    store.record_review(run_id, "p1", status=ReviewStatus.REJECTED, reviewer=REVIEWER, expected_version=0)
    b.button(key="merge").click().run()
    assert b.error and "Not done" in b.error[0].value
    assert store.pair_states(run_id)["p1"].status is ReviewStatus.REJECTED
    assert "p1" in store.pair_states(run_id)


def _first_with_issue(store, run_id: str) -> tuple[int, str]:
    result = store.load_run(run_id)
    index = next(i for i, p in enumerate(result.pairs) if result.issues_for(p.id))
    return index, result.pairs[index].id


def test_dismiss_confirm_regrade_and_add(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_issue(store, run_id)
    at = _at_pair(make_app, seeded, index)
    n = len(store.load_run(run_id).issues_for(pid))
    at.text_input(key=f"why_{run_id[:12]}_{pid}").input("the source is a caption")
    at.button(key=f"dismiss_{pid}_0").click().run()
    assert not at.exception and not at.error
    (v,) = store.verdicts(run_id, pid)
    assert (v.kind, v.reason, v.reviewer) == ("dismiss", "the source is a caption", REVIEWER)
    html = next(h.value for h in at.html if 'class="pair"' in h.value)
    assert html.count("<li>") == n - 1  # the dismissed issue no longer counts on the card
    assert any("dismissed by" in h.value for h in at.html)
    at.button(key=f"reopen_{pid}_0").click().run()
    sev = next(s for s in at.selectbox if (s.key or "").startswith(f"sev_{run_id[:12]}_{pid}_0"))
    sev.set_value("critical").run()
    assert store.verdicts(run_id, pid)[-1].severity == 3
    shown = store.load_run(run_id).pairs[index]
    side = "English" if not shown.tgt_text.strip() else "Arabic"
    text = (shown.src_text if side == "English" else shown.tgt_text).split()[0]
    at.radio(key=f"add_side_{pid}").set_value(side).run()
    at.text_input(key=f"add_text_{pid}").input(text)
    at.selectbox(key=f"add_cat_{pid}").set_value("terminology")
    at.button(key=f"add_issue_{pid}").click().run()
    assert not at.exception and not at.error
    added = store.verdicts(run_id, pid)[-1]
    assert added.kind == "add" and added.issue.category.value == "terminology" and added.issue.check == "reviewer"
    html = next(h.value for h in at.html if 'class="pair"' in h.value)
    assert html.count("<li>") == n + 1


def _shown(at) -> str:
    html = next(h.value for h in at.html if 'class="pair"' in h.value)
    return html.split('data-pair="', 1)[1].split('"', 1)[0]


def test_deep_link_opens_the_pair_and_follows_the_reviewer(make_app, store, seeded) -> None:
    project_id, run_id = seeded
    at = make_app(run=seeded)
    at.query_params["project"], at.query_params["run"], at.query_params["pair"] = project_id, run_id, "p5"
    at.query_params["status"] = "pending"
    open_page(at, "review")
    assert _shown(at) == "p5" and at.multiselect(key="f_statuses").value == ["pending"]
    at.button(key="next").click().run()
    assert _shown(at) in at.query_params["pair"]
    assert "status" in at.query_params


def test_jump_next_pending_and_next_issue_keep_place_across_filters(make_app, store, seeded) -> None:
    _, run_id = seeded
    at = _at_pair(make_app, seeded, 0)
    at.text_input(key="jump_to").input("p7").run()
    assert _shown(at) == "p7"
    at.text_input(key="jump_to").input("4").run()
    assert _shown(at) == "p3"
    at.button(key="next_issue").click().run()
    result = store.load_run(run_id)
    assert result.issues_for(_shown(at))
    here = _shown(at)
    at.radio(key="view_mode").set_value("Page of pairs").run()
    at.selectbox(key="page_size").set_value(20).run()
    assert here in [h.value.split('data-pair="', 1)[1].split('"', 1)[0] for h in at.html if 'class="pair"' in h.value]
    at.radio(key="view_mode").set_value("One pair").run()
    assert _shown(at) == here
    store.record_review(run_id, "p0", status=ReviewStatus.ACCEPTED, reviewer="x", expected_version=0)
    at.text_input(key="jump_to").input("p0").run()
    at.button(key="next_pending").click().run()
    assert _shown(at) == "p1"


def test_page_view_edits_and_comments(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    at = _at_pair(make_app, seeded, index)
    at.radio(key="view_mode").set_value("Page of pairs").run()
    box = next(w for w in at.text_area if w.key == f"edit_ar_{run_id[:12]}_{pid}")
    box.input("نص معدل في عرض الصفحة.")
    at.button(key=f"save_edit_{pid}").click().run()
    assert not at.exception and not at.error
    assert store.pair_states(run_id)[pid].edited_text == "نص معدل في عرض الصفحة."
    note = next(w for w in at.text_input if w.key == f"comment_{run_id[:12]}_{pid}")
    note.input("from the page view")
    at.button(key=f"save_comment_{pid}").click().run()
    assert store.pair_states(run_id)[pid].comment == "from the page view"
    english = next(w for w in at.text_area if w.key == f"edit_en_{run_id[:12]}_{pid}")
    english.input("An English sentence, corrected.")
    at.button(key=f"save_src_{pid}").click().run()
    assert not at.exception and not at.error
    state = store.pair_states(run_id)[pid]  # the English edit keeps the Arabic edit and the comment
    assert (state.edited_src, state.edited_text, state.comment) == (
        "An English sentence, corrected.",
        "نص معدل في عرض الصفحة.",
        "from the page view",
    )
    note = next(w for w in at.text_input if w.key == f"comment_{run_id[:12]}_{pid}")
    note.input("again")
    at.button(key=f"save_comment_{pid}").click().run()
    assert store.pair_states(run_id)[pid].edited_src == "An English sentence, corrected."  # a comment keeps it
    assert any("An English sentence, corrected." in h.value for h in at.html)  # the card shows the edited English


def test_time_spent_per_pair_is_logged(make_app, store, seeded) -> None:
    _, run_id = seeded
    at = _at_pair(make_app, seeded, 0)
    at.button(key="accept").click().run()
    (event,) = store.history(run_id, "p0")
    assert event.seconds is not None and 0 <= event.seconds < 600


def test_checks_rewritten_by_another_reviewers_recheck_show_at_once(make_app, store, seeded) -> None:
    from aligner.model import Category, Issue, Severity

    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    at = _at_pair(make_app, seeded, index)
    flag = Issue(pid, "terminology", Category.TERMINOLOGY, Severity.MINOR, "flag from a cross-pair re-check")
    store.replace_pair_checks(run_id, pid, [flag], None)  # checks change, the pair's review state does not
    at.run()
    assert "flag from a cross-pair re-check" in _pair_html_of(at)
    store.replace_pair_checks(run_id, pid, [], None)
    at.run()
    assert "flag from a cross-pair re-check" not in _pair_html_of(at)


def _pair_html_of(at) -> str:
    return next(h.value for h in at.html if 'class="pair"' in h.value)
