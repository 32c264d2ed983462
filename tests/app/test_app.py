from __future__ import annotations

from pathlib import Path

import pytest

from aligner.model import ReviewStatus
from tests.app.conftest import HOSTILE_TSV, REVIEWER, ROOT, SEED, open_page

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _first_with_target(store, run_id: str) -> tuple[int, str]:
    result = store.load_run(run_id)
    index = next(i for i, p in enumerate(result.pairs) if p.tgt_text.strip())
    return index, result.pairs[index].id


def _box(at, prefix: str):
    (widget,) = [w for w in [*at.text_area, *at.text_input] if (w.key or "").startswith(prefix)]
    return widget


def _pair_html(at) -> list[str]:
    return [h.value for h in at.html if 'class="pair"' in h.value]


def test_no_pages_directory_next_to_app() -> None:
    # A pages/ folder makes Streamlit fall back to v1 multipage mode: every file in it becomes a page reachable by
    # URL without going through app.py's router (and its sign-in gate). The screens live in views/ instead.
    assert not (ROOT / "pages").exists()
    assert (ROOT / "views").is_dir()


def test_sign_in_gate(make_app) -> None:
    at = make_app(signed_in=False)
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    at.button[0].click().run()  # empty name
    assert at.error and "name" in at.error[0].value
    at.text_input(key="reviewer_name").input("  Layla   Haddad ")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["reviewer"] == "Layla Haddad"
    assert [t.value for t in at.title] == ["New run"]


def test_password_protection(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    from aligner.ui.auth import hash_password

    monkeypatch.setenv("ALIGNER_PASSWORD_HASH", hash_password("s3cret", n=2**10))
    at = make_app(signed_in=False)
    at.run()
    at.text_input(key="reviewer_name").input("Omar")
    at.text_input(key="password").input("wrong")
    at.button[0].click().run()
    assert "reviewer" not in at.session_state and at.error[0].value.startswith("Wrong password")
    at.text_input(key="password").input("s3cret")
    at.button[0].click().run()
    assert at.session_state["reviewer"] == "Omar"


def test_upload_seed_page_saves_the_run(make_app, store) -> None:
    at = make_app()
    at.run()
    assert at.selectbox(key="encoder").value == "hashing"
    assert at.multiselect(key="checks").value  # all checks preselected, from the registry
    at.file_uploader(key="upload_file").set_value((SEED.name, SEED.read_bytes(), "text/plain"))
    at.run()
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    assert at.success and "pairs" in at.success[0].value
    (project,) = store.list_projects()
    (run,) = store.list_runs(project.id)
    assert run.n_pairs > 10 and at.session_state["run_id"] == run.id
    assert project.config["encoder"] == "hashing"
    assert at.get("progress")  # the progress bar fed by process()


def test_upload_two_documents(make_app, store) -> None:
    at = make_app()
    at.run()
    at.radio(key="input_kind").set_value("Two documents").run()
    en = b"The president arrived on Monday. He met the minister.\n"
    ar = "وصل الرئيس يوم الاثنين. التقى بالوزير.\n".encode()
    at.file_uploader(key="upload_src").set_value(("en.txt", en, "text/plain"))
    at.file_uploader(key="upload_tgt").set_value(("ar.txt", ar, "text/plain"))
    at.run()
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    (project,) = store.list_projects()
    (run,) = store.list_runs(project.id)
    assert store.load_run(run.id).pairs


def test_bad_input_is_one_line_error(make_app, store) -> None:
    at = make_app()
    at.run()
    at.file_uploader(key="upload_file").set_value(("broken.tmx", b"<tmx><body><tu>", "application/xml"))
    at.run()
    at.button(key="run").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert store.list_projects() == []


def test_review_shows_rtl_and_highlights(make_app, seeded) -> None:
    at = open_page(make_app(run=seeded), "review")
    (html,) = _pair_html(at)
    assert 'dir="rtl" lang="ar"' in html and 'dir="ltr" lang="en"' in html
    at.multiselect(key="f_categories").set_value(["duplication"]).run()
    (html,) = _pair_html(at)
    assert "<mark" in html and "cat-duplication" in html
    assert at.get("progress")[0].proto.text.startswith("0 / ")


def test_accept_reject_and_navigation(make_app, store, seeded) -> None:
    _, run_id = seeded
    at = open_page(make_app(run=seeded), "review")
    at.button(key="accept").click().run()
    states = store.pair_states(run_id)
    assert states["p0"].status is ReviewStatus.ACCEPTED and states["p0"].reviewer == REVIEWER
    assert at.session_state["pair_position"] == 1  # advanced after the verdict
    at.button(key="reject").click().run()
    assert store.pair_states(run_id)["p1"].status is ReviewStatus.REJECTED
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert at.session_state["pair_position"] == 0
    at.button(key="next").click().run()
    assert at.session_state["pair_position"] == 1
    assert at.get("progress")[0].proto.text.startswith("2 / ")
    at.button(key="undo").click().run()
    assert store.pair_states(run_id)["p1"].status is ReviewStatus.PENDING
    assert not at.exception and not at.error


def test_edit_rechecks_and_is_stored(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    at = make_app(run=seeded)
    at.session_state["pair_position"] = index
    open_page(at, "review")
    new_text = "قال الرئيس إن 15 شخصا قتلوا قتلوا قتلوا."
    _box(at, "edit_ar_").input(new_text)
    at.button(key="save_edit").click().run()
    assert not at.exception and not at.error
    state = store.pair_states(run_id)[pid]
    assert state.status is ReviewStatus.EDITED and state.edited_text == new_text and state.reviewer == REVIEWER
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.pipeline import recheck_pair

    original = store.load_run(run_id)
    _, expected, _ = recheck_pair(
        original, pid, new_text, encoder=load_encoder("hashing"), config=Config(encoder="hashing")
    )
    stored = original.issues_for(pid)
    assert sorted((i.check, i.message) for i in stored) == sorted((i.check, i.message) for i in expected)
    (html,) = _pair_html(at)
    assert "قتلوا" in html and "edited" in html
    _box(at, "comment_").input("check the number")
    at.button(key="save_comment").click().run()
    state = store.pair_states(run_id)[pid]
    assert state.comment == "check the number" and state.edited_text == new_text
    at.button(key="accept").click().run()
    state = store.pair_states(run_id)[pid]
    assert state.status is ReviewStatus.ACCEPTED and state.edited_text == new_text  # the edit survives acceptance


def test_conflict_is_reported_and_the_edit_kept(make_app, store, seeded) -> None:
    _, run_id = seeded
    index, pid = _first_with_target(store, run_id)
    at = make_app(run=seeded)
    at.session_state["pair_position"] = index
    open_page(at, "review")
    # another reviewer saves this pair after our page was rendered
    store.record_review(run_id, pid, status=ReviewStatus.REJECTED, reviewer="Sami", expected_version=0)
    mine = "ترجمتي المعدلة للجملة."
    _box(at, "edit_ar_").input(mine)
    at.button(key="save_edit").click().run()
    assert not at.exception
    assert at.error and "Not saved" in at.error[0].value and "Sami" in at.error[0].value
    state = store.pair_states(run_id)[pid]
    assert state.status is ReviewStatus.REJECTED and state.reviewer == "Sami"
    assert _box(at, "edit_ar_").value == mine  # nothing lost
    assert any("newer version" in w.value for w in at.warning)  # the conflict is shown above the box
    keep = [b for b in at.button if (b.key or "").startswith("keep_edit_ar_")]
    keep[0].click().run()  # having seen their version, keep mine and save again
    at.button(key="save_edit").click().run()
    state = store.pair_states(run_id)[pid]
    assert state.status is ReviewStatus.EDITED and state.edited_text == mine


def test_page_of_pairs_accept_all(make_app, store, seeded) -> None:
    _, run_id = seeded
    at = open_page(make_app(run=seeded), "review")
    at.radio(key="view_mode").set_value("Page of pairs").run()
    assert len(_pair_html(at)) == 10
    at.button(key="accept_page").click().run()
    assert sum(s.status is ReviewStatus.ACCEPTED for s in store.pair_states(run_id).values()) == 0  # asks first
    at.button(key="accept_page_confirm").click().run()
    states = store.pair_states(run_id)
    assert sum(s.status is ReviewStatus.ACCEPTED for s in states.values()) == 10
    assert not at.exception


def test_merge_and_split(make_app, store, seeded) -> None:
    _, run_id = seeded
    before = len(store.load_run(run_id).pairs)
    at = open_page(make_app(run=seeded), "review")
    at.button(key="merge").click().run()
    assert not at.exception and not at.error
    assert len(store.load_run(run_id).pairs) == before - 1
    assert at.toast and "Merged" in at.toast[0].value  # a toast: nothing on the page moves
    at.button(key="split").click().run()
    assert not at.exception and not at.error
    assert len(store.load_run(run_id).pairs) == before


def test_hostile_segments_are_text(make_app, store) -> None:
    at = make_app()
    at.run()
    at.file_uploader(key="upload_file").set_value(("hostile.tsv", HOSTILE_TSV, "text/tab-separated-values"))
    at.run()
    at.button(key="run").click().run()
    assert not at.exception and not at.error
    at.switch_page("views/review.py").run()
    at.radio(key="view_mode").set_value("Page of pairs").run()
    joined = "".join(_pair_html(at))
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined and "<img" not in joined
    assert "&lt;style&gt;" in joined and "<style>body" not in joined
    assert "![x](http://127.0.0.1:9/p.png)" in joined
    assert "\u202e" not in joined and "U+202E" in joined
    assert not at.markdown or all("127.0.0.1:9" not in m.value for m in at.markdown)


def test_export_page(make_app, store, seeded) -> None:
    at = open_page(make_app(run=seeded), "export")
    assert "tmx" in at.selectbox(key="export_format").options
    at.selectbox(key="export_format").set_value("tsv").run()
    at.button(key="export_run").click().run()
    assert not at.exception and not at.error
    assert at.success and "ready as tsv" in at.success[0].value
    assert at.get("download_button")


def test_sign_out(make_app) -> None:
    at = make_app()
    at.run()
    at.switch_page("views/account.py").run()
    assert [t.value for t in at.title] == ["Account"]
    at.button(key="sign_out").click().run()
    assert "reviewer" not in at.session_state
    assert [t.value for t in at.title] == ["Sign in"]


def test_views_only_render_corpus_text_through_html() -> None:
    # corpus text must not reach st.markdown / st.write / unsafe_allow_html anywhere in the app
    for path in [ROOT / "app.py", *(ROOT / "views").glob("*.py"), *(ROOT / "aligner" / "ui").glob("*.py")]:
        source = Path(path).read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in source, path
        assert "st.write(" not in source and "st.markdown(" not in source, path


def test_accept_under_pending_filter_does_not_skip(make_app, store, seeded) -> None:
    _, run_id = seeded
    at = open_page(make_app(run=seeded), "review")
    at.multiselect(key="f_statuses").set_value(["pending"]).run()
    at.button(key="accept").click().run()
    at.button(key="accept").click().run()
    states = store.pair_states(run_id)
    assert states["p0"].status is ReviewStatus.ACCEPTED and states["p1"].status is ReviewStatus.ACCEPTED
    assert at.session_state["pair_position"] == 0
    assert 'data-pair="p2"' in _pair_html(at)[0]


def test_encoder_selector_offers_only_usable_specs_and_a_model_folder(make_app, store, tmp_path: Path) -> None:
    from aligner.embed import model_encoders_available

    at = make_app()
    at.run()
    labels = at.selectbox(key="encoder").options
    assert "sentence-transformers" not in labels  # a bare spec cannot load: it used to crash with a TypeError
    assert any(label.startswith("hashing") for label in labels) and at.selectbox(key="encoder").value == "hashing"
    if not model_encoders_available():
        return
    at.selectbox(key="encoder").set_value("model-on-disk").run()
    at.file_uploader(key="upload_file").set_value((SEED.name, SEED.read_bytes(), "text/plain"))
    at.run()
    assert at.button(key="run").disabled  # no folder yet
    at.text_input(key="encoder_path").input(str(tmp_path / "no-such-model")).run()
    at.button(key="run").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "not on disk" in at.error[0].value
    assert store.list_projects() == []


def test_encoder_selector_preselects_a_model_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    from aligner.ui.encoder_choice import MODEL_OPTION, encoder_options

    monkeypatch.setattr("aligner.ui.encoder_choice.model_encoders_available", lambda: True)
    options, index, folder = encoder_options("sentence-transformers:/models/LaBSE")
    assert options[index] == MODEL_OPTION and folder == "/models/LaBSE"
    options, index, folder = encoder_options("hashing")
    assert options[index] == "hashing" and folder == ""
