"""Issue 13's review items in real Chromium, one reviewer: merge/split and unchanged re-saves (3), added and
re-graded issues (7), notes in exports (8), per-check precision (9), jump / next pending / next issue (11), edit
and comment in the page view (12), time spent per pair in the review log (15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aligner.model import ReviewStatus
from tests.e2e.helpers import (
    AR,
    EN,
    add_issue,
    card,
    click,
    download,
    edit_box,
    go,
    goto_pair,
    idle,
    page_view,
    pick,
    shown_pair,
    type_edit,
    type_into,
    wait_until,
)

pytestmark = pytest.mark.browser
NAME = "Huda"


def _pairs_shown(page) -> list[str]:
    return [str(p.get_attribute("data-pair")) for p in page.locator("div.pair").all()]


def _shown_is(page, pair_id: str) -> None:
    page.wait_for_function(f"() => document.querySelector('div.pair')?.dataset.pair === {pair_id!r}")
    idle(page)


def test_merge_split_keep_score_ids_roles_and_unchanged_resave(rev, run) -> None:  # item 3
    store, run_id = run
    click(rev, "Merge with next")  # p0 + p1
    rev.get_by_text("Merged into pair p0+p1").first.wait_for()
    _shown_is(rev, "p0+p1")
    result = store.load_run(run_id)
    merged = result.pairs[0]
    assert (merged.id, merged.src, merged.tgt, merged.origin) == ("p0+p1", (0, 1), (0, 1), "manual")
    assert merged.role == result.pairs[1].role  # the parts' role (here the TSV's) is kept
    assert "score " in card(rev)
    goto_pair(rev, "p3+p4")
    click(rev, "Split")
    rev.get_by_text("Split into pairs").first.wait_for()
    ids = [p.id for p in store.load_run(run_id).pairs]
    made = shown_pair(rev)
    assert made in ids and ids[ids.index(made) + 1].startswith("p") and len(ids) == len(result.pairs) + 1
    assert "score " in card(rev)
    version = store.pair_states(run_id)[made].version
    same = edit_box(rev).input_value()
    type_edit(rev, same)  # the same text again
    click(rev, "Save edit and re-check")
    rev.get_by_text("the text is unchanged; nothing to save").first.wait_for()
    assert store.pair_states(run_id)[made].version == version
    type_edit(rev, same + " ")  # only trailing white space: no new version either
    click(rev, "Save edit and re-check")
    rev.get_by_text("nothing to save").first.wait_for()
    assert store.pair_states(run_id)[made].version == version


def test_add_an_issue_on_a_span_and_change_a_severity(rev, run) -> None:  # item 7
    store, run_id = run
    goto_pair(rev, "p2")
    assert "added by a reviewer" not in rev.locator("body").inner_text()
    add_issue(rev, "p2", "جميلا", "terminology", "major")
    added = store.verdicts(run_id, "p2")[-1]
    assert (added.kind, added.reviewer, added.issue.category.value, added.issue.severity.name) == (
        "add",
        NAME,
        "terminology",
        "MAJOR",
    )
    assert AR[2][added.issue.span.start : added.issue.span.end] == "جميلا"
    rev.get_by_text("added by a reviewer").first.wait_for()
    assert rev.locator("div.pair mark").count() >= 1  # the span is highlighted on the card
    sev = rev.locator('[class*="st-key-sev_"][class*="_p2_0_"] input').first
    sev.click()
    rev.get_by_role("option", name="critical", exact=True).click()
    idle(rev)
    rev.get_by_text("severity set to critical").first.wait_for()
    last = store.verdicts(run_id, "p2")[-1]
    assert (last.kind, last.severity) == ("severity", 3)


def _dismiss_and_confirm(page) -> None:
    """p0's terminology issue dismissed (with a reason), p1's confirmed."""
    type_into(page, page.get_by_label("Reason for a dismissal (optional)"), "both renderings are in use")
    page.locator(".st-key-dismiss_p0_0 button").first.click()
    page.get_by_text("dismissed as a false positive").first.wait_for()
    goto_pair(page, "p1")
    page.locator(".st-key-confirm_p1_0 button").first.click()
    page.get_by_text("issue confirmed").first.wait_for()


def _dismiss_confirm_comment_add(page) -> None:
    """p0's issue dismissed (with a reason), p1's confirmed and commented, an issue added on p2."""
    _dismiss_and_confirm(page)
    type_into(page, page.get_by_label("Comment"), "agency name to align")
    click(page, "Save comment")
    page.get_by_text("comment saved").first.wait_for()
    goto_pair(page, "p2")
    add_issue(page, "p2", "جميلا", "terminology", "major")


def _export(page, fmt: str, folder: Path) -> Path:
    """Prepare an export of the run in ``fmt`` on the Export page and download it through the browser."""
    pick(page, "export_format", fmt)
    click(page, "Prepare export")
    page.get_by_role("button", name="Download ").first.wait_for()
    return download(page, "Download ", folder)


def test_verdicts_and_comments_travel_with_exports(rev, run, tmp_path: Path) -> None:  # item 8
    from lxml import etree

    _dismiss_confirm_comment_add(rev)
    go(rev, "Export")
    tmx = etree.parse(str(_export(rev, "tmx", tmp_path)))
    notes = {tu.get("tuid"): tu.findtext("note") or "" for tu in tmx.iter("tu")}
    assert "dismissed by Huda (both renderings are in use): terminology" in notes["p0"]
    assert "comment: agency name to align" in notes["p1"] and "confirmed by Huda: terminology" in notes["p1"]
    assert "added by Huda: terminology (major)" in notes["p2"] and "[جميلا]" in notes["p2"]
    props = {tu.get("tuid"): [p.text for p in tu.iter("prop") if p.get("type") == "x-issue"] for tu in tmx.iter("tu")}
    assert props["p1"] == ["terminology"]
    rows = {r["id"]: r for r in map(json.loads, _export(rev, "jsonl", tmp_path).read_text("utf-8").splitlines())}
    assert {k: rows[k]["note"] for k in ("p0", "p1", "p2")} == {k: notes[k] for k in ("p0", "p1", "p2")}
    assert rows["p5"]["note"] == ""


def test_check_precision_as_judged_by_reviewers(rev, run) -> None:  # item 9
    from playwright.sync_api import expect

    go(rev, "Quality report")
    rev.get_by_text("No issue confirmed or dismissed by a reviewer yet.").wait_for()
    go(rev, "Review")
    rev.locator("div.pair").first.wait_for()
    idle(rev)
    _dismiss_and_confirm(rev)
    go(rev, "Quality report")
    rev.get_by_role("heading", name="Check precision as judged by reviewers").wait_for()
    table = rev.locator('[data-testid="stTable"]').first
    expect(table).to_contain_text(re.compile(r"terminology\s*1\s*1\s*0\.50"))  # confirmed, dismissed, precision


def test_jump_next_pending_next_issue_and_place_kept(rev, run) -> None:  # item 11
    store, run_id = run
    jump = rev.get_by_label("Go to pair (id or number)")
    jump.fill("p5")
    jump.press("Enter")
    _shown_is(rev, "p5")
    jump.fill("3")  # a number in document order: p0, p1, p2
    jump.press("Enter")
    _shown_is(rev, "p2")
    click(rev, "Next ▶")
    _shown_is(rev, "p3+p4")
    click(rev, "Accept")  # the view advances to p5
    wait_until(lambda: store.pair_states(run_id)["p3+p4"].status is ReviewStatus.ACCEPTED, "p3+p4 accepted")
    _shown_is(rev, "p5")
    jump.fill("p2")
    jump.press("Enter")
    _shown_is(rev, "p2")
    click(rev, "Next pending")  # p3+p4 is accepted: p5
    _shown_is(rev, "p5")
    jump.fill("p0")
    jump.press("Enter")
    _shown_is(rev, "p0")
    result = store.load_run(run_id)
    flagged = [p.id for p in result.pairs if result.issues_for(p.id) and p.id != "p0"]
    click(rev, "Next with issues")
    _shown_is(rev, flagged[0])
    here = shown_pair(rev)
    rev.get_by_text("Only pairs with issues").click()  # a filter the pair passes: it stays in view
    idle(rev)
    assert shown_pair(rev) == here
    page_view(rev)
    assert here in _pairs_shown(rev)
    pick(rev, "page_size", "20")
    assert here in _pairs_shown(rev)
    rev.get_by_text("One pair", exact=True).click()
    idle(rev)
    assert shown_pair(rev) == here


def _in_editor(page, selector: str, pair_id: str):
    """An element of pair ``pair_id``'s "Edit / comment" expander in the page view, the expander opened if closed."""
    idle(page)
    element = page.locator(selector).first
    if not element.is_visible():  # each editor starts closed (once opened it stays open across saves)
        page.get_by_text("Edit / comment").nth(_pairs_shown(page).index(pair_id)).click()
        idle(page)
    return element


def _page_box(page, kind: str, tag: str, pair_id: str = "p2"):
    return _in_editor(page, f'[class*="st-key-{kind}_"][class*="_{pair_id}"] {tag}', pair_id)


def _page_save(page, key: str) -> None:
    _in_editor(page, f".st-key-{key} button", key.rsplit("_", 1)[1]).click()
    idle(page)


def test_page_view_edits_and_comments(rev, run) -> None:  # item 12
    store, run_id = run
    page_view(rev)
    arabic = "كان الطقس جميلا جدا في المدينة."
    type_into(rev, _page_box(rev, "edit_ar", "textarea"), arabic)
    _page_save(rev, "save_edit_p2")
    wait_until(lambda: store.pair_states(run_id)["p2"].edited_text == arabic, "p2's Arabic edit")
    english = EN[2].replace("nice", "lovely")
    type_into(rev, _page_box(rev, "edit_en", "textarea"), english)
    _page_save(rev, "save_src_p2")
    wait_until(lambda: store.pair_states(run_id)["p2"].edited_src == english, "p2's English edit")
    type_into(rev, _page_box(rev, "comment", "input"), "from the page view")
    _page_save(rev, "save_comment_p2")
    wait_until(lambda: store.pair_states(run_id)["p2"].comment is not None, "p2's comment")
    state = store.pair_states(run_id)["p2"]
    assert (state.edited_text, state.edited_src, state.comment, state.reviewer) == (
        arabic,
        english,
        "from the page view",
        NAME,
    )
    p2 = rev.locator('div.pair[data-pair="p2"]').inner_text()
    assert arabic in p2 and english in p2


def test_time_spent_per_pair_is_in_the_review_log(rev, run) -> None:  # item 15
    store, run_id = run
    rev.wait_for_timeout(1200)  # a reviewer reads the pair
    click(rev, "Accept")
    wait_until(lambda: store.history(run_id, "p0"), "p0's review event")
    (event,) = store.history(run_id, "p0")
    assert event.reviewer == NAME and event.seconds is not None and 1.0 <= event.seconds < 600
    _shown_is(rev, "p1")  # auto-advance: p1's clock starts now
    type_edit(rev, AR[1] + " نص")
    click(rev, "Save edit and re-check")
    rev.get_by_text("edit saved and re-checked").first.wait_for()
    (edit,) = store.history(run_id, "p1")
    assert edit.seconds is not None and 0 <= edit.seconds < 600
