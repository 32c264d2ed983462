"""Fixtures for the app tests: a tmp SQLite store via ALIGNER_STORE, the hashing encoder, signed-in AppTests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
SEED = ROOT / "corpora" / "pages" / "seed_000.txt"
REVIEWER = "Layla"
HOSTILE_TSV = (
    "en\tar\n"
    "An image <img src=x onerror=alert(1)> here.\tصورة <img src=x onerror=alert(1)> هنا.\n"
    "A picture ![x](http://127.0.0.1:9/p.png) there.\tصورة ![x](http://127.0.0.1:9/p.png) هناك.\n"
    "Styles <style>body{display:none}</style> gone.\tأنماط <style>body{display:none}</style> اختفت.\n"
    "Reversed \u202eevil\u202c text.\tنص \u202eمعكوس\u202c هنا.\n"
).encode()


@pytest.fixture(scope="session")
def seed_result():
    """The seed page aligned and checked once per session with the hashing encoder (a frozen result)."""
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest import read_bitext
    from aligner.pipeline import process

    bitext = read_bitext(SEED.read_bytes(), SEED.name)
    return process(bitext, encoder=load_encoder("hashing"), config=Config(encoder="hashing"))


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "app.db"
    monkeypatch.setenv("ALIGNER_STORE", str(path))
    monkeypatch.setenv("ALIGNER_ENCODER", "hashing")
    monkeypatch.delenv("ALIGNER_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("ALIGNER_USERS_FILE", raising=False)
    return path


@pytest.fixture(autouse=True)
def _fresh_sign_in_throttle():
    """Sign-in failures are counted per server process: start every test with none."""
    from aligner.ui.throttle import SIGN_INS

    SIGN_INS.reset()
    yield
    SIGN_INS.reset()


@pytest.fixture
def store(store_path: Path):
    from aligner.store import open_store

    return open_store(str(store_path))


@pytest.fixture
def seeded(store, seed_result) -> tuple[str, str]:
    """(project id, run id) of the seed page saved in the tmp store."""
    from aligner.config import Config

    project_id = store.create_project("Seed", config=Config(encoder="hashing").as_dict())
    return project_id, store.save_run(project_id, seed_result, name="seed_000.txt")


@pytest.fixture
def make_app(store_path: Path) -> Callable[..., AppTest]:
    """Build an AppTest; ``signed_in=True`` puts a reviewer (and optionally a run) in session state."""

    def build(*, signed_in: bool = True, run: tuple[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if signed_in:
            from aligner.ui.session import BINDING, binding_of

            at.session_state["reviewer"] = REVIEWER
            at.session_state[BINDING] = binding_of("", "")  # AppTest sends no cookie and no user agent
        if run is not None:
            at.session_state["project_id"], at.session_state["run_id"] = run
            at.session_state["pair_position"] = 0
        return at

    return build


def open_page(at: AppTest, page: str) -> AppTest:
    """Run the router once, then switch to ``views/<page>.py`` and run it."""
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at
