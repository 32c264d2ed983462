"""Edit boxes keep an unsaved edit and report a newer version under it as a conflict."""

from __future__ import annotations

from aligner.review.editbox import Base, BoxView, after_own_write, is_noop, reconcile

V1, V2 = Base(1, "نص أول"), Base(2, "نص من مراجع آخر")


def test_a_fresh_box_is_filled_from_the_current_version() -> None:
    assert reconcile(None, None, V1) == BoxView(V1.text, V1)


def test_a_clean_box_follows_the_newer_version() -> None:
    assert reconcile(V1.text, V1, V1) == BoxView(None, V1)
    assert reconcile(V1.text, V1, V2) == BoxView(V2.text, V2)


def test_a_new_version_with_the_same_text_leaves_the_box_alone() -> None:
    """The reviewer's own save (or a verdict, or a save from another box) bumps the version, not the text: the box
    is not given a value, so a rerun that lands after the reviewer typed on does not put the old text back."""
    same = Base(2, V1.text)
    assert reconcile(V1.text, V1, same) == BoxView(None, same)


def test_a_dirty_box_is_kept_and_a_newer_version_is_a_conflict() -> None:
    mine = "نصي أنا"
    assert reconcile(mine, V1, V1) == BoxView(None, V1)
    view = reconcile(mine, V1, V2)
    assert view == BoxView(None, V1, V2)  # B's text kept, the save still expects version 1
    assert reconcile(V2.text, V1, V2) == BoxView(None, V2)  # typed what they saved: no conflict


def test_the_reviewers_own_write_is_no_conflict_under_their_other_boxes() -> None:
    """A save from the pair's other box (or a verdict) moves the version, not this box's text: rebased, not a
    conflict; a box filled from an older version (someone else wrote in between) keeps its base."""
    assert after_own_write(V1, 1, 2) == Base(2, V1.text)
    assert after_own_write(Base(0, "قديم"), 1, 2) == Base(0, "قديم")
    assert after_own_write(None, 1, 2) is None
    mine = "نصي أنا"
    assert reconcile(mine, after_own_write(V1, 1, 2), Base(2, V1.text)) == BoxView(None, Base(2, V1.text))


def test_unchanged_edit_is_a_noop() -> None:
    assert is_noop(" نص \n", "نص") and not is_noop("نص آخر", "نص")
