"""Catalogue: database failures (disk full, read-only store) reach reviewers as one plain message, never as SQL.

A full disk or a read-only store surfaced ``sqlalchemy.exc.OperationalError`` in the app, with the SQL and the
reviewer's text. Store failures are now one StoreUnavailableError (nothing lost, what to do); the detail is logged.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import event

from aligner.config import Config
from aligner.embed import load_encoder
from aligner.ingest import read_bitext
from aligner.model import ReviewStatus
from aligner.pipeline import process
from aligner.store import open_store
from aligner.store.base import STORE_WRITE_FAILED, StoreUnavailableError
from tests.hardening.helpers import AR, AR2, EN, EN2

ROOT = Path(__file__).resolve().parents[2]
SECRET = "نص المراجع السري"  # the reviewer's text: it must not reach the message


def _seeded(path: Path) -> tuple[str, str]:
    bitext = read_bitext(f"{EN}\t{AR}\n{EN2}\t{AR2}\n".encode(), "two.tsv")
    result = process(bitext, encoder=load_encoder("hashing"), config=Config(encoder="hashing"))
    store = open_store(path)
    project = store.create_project("p")
    run = store.save_run(project, result, name="two.tsv")
    store.record_review(run, "p0", status=ReviewStatus.ACCEPTED, reviewer="Layla", expected_version=0)
    store.close()
    return project, run


def _assert_plain(message: str) -> None:
    assert message == STORE_WRITE_FAILED
    for leak in ("sqlalchemy", "sqlite", "INSERT", "UPDATE", SECRET):
        assert leak not in message


def test_disk_full_is_one_message_and_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "full.db"
    _, run = _seeded(path)
    store = open_store(path)
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _full(dbapi_conn, record) -> None:  # no page may be added: the next growing write gets SQLITE_FULL
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    with caplog.at_level(logging.ERROR), pytest.raises(StoreUnavailableError) as info:
        store.record_review(
            run, "p1", status=ReviewStatus.ACCEPTED, reviewer="Layla", expected_version=0, edited_text=SECRET * 5000
        )
    _assert_plain(str(info.value))
    assert "full" in caplog.text and "INSERT" in caplog.text  # the detail is in the log
    store.close()
    states = open_store(path).pair_states(run)
    assert states["p0"].status is ReviewStatus.ACCEPTED and states["p1"].status is ReviewStatus.PENDING


def test_read_only_store_in_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    from aligner.ui.session import BINDING, binding_of

    path = tmp_path / "ro.db"
    project, run = _seeded(path)
    monkeypatch.setenv("ALIGNER_STORE", f"sqlite:///file:{path}?mode=ro&uri=true")  # read-only, even for root
    monkeypatch.setenv("ALIGNER_ENCODER", "hashing")
    monkeypatch.delenv("ALIGNER_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("ALIGNER_USERS_FILE", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["reviewer"], at.session_state[BINDING] = "Layla", binding_of("", "")
    at.session_state["project_id"], at.session_state["run_id"], at.session_state["pair_position"] = project, run, 1
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception
    at.button(key="accept").click().run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert shown.replace("\\", "").startswith("Not saved: the project store refused the write")
    page = " ".join(str(getattr(e, "value", "")) for e in (*at.error, *at.markdown, *at.warning, *at.exception))
    for leak in ("sqlalchemy", "OperationalError", "INSERT"):
        assert leak not in page
