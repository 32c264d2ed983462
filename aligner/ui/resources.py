"""Cached app resources: the encoder (st.cache_resource), the store, and runs loaded from it keyed on review state."""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from aligner.config import Config, config_from_mapping
from aligner.embed.base import Encoder
from aligner.model import AlignmentResult, QualityScore
from aligner.store.base import PairState, Store
from aligner.ui.data import states_token

log = logging.getLogger(__name__)

STORE_ENV = "ALIGNER_STORE"
ENCODER_ENV = "ALIGNER_ENCODER"
DEFAULT_STORE = "aligner.db"


def store_url() -> str:
    """Return the store path or URL: ALIGNER_STORE, else ``aligner.db`` in the working directory."""
    return os.environ.get(STORE_ENV, "").strip() or DEFAULT_STORE


def default_encoder_spec() -> str:
    """Return the encoder preselected for new projects: ALIGNER_ENCODER, else ``default``."""
    return os.environ.get(ENCODER_ENV, "").strip() or "default"


@st.cache_resource(show_spinner="Loading the sentence encoder…", max_entries=4)
def get_encoder(spec: str) -> Encoder:
    """Build the encoder for ``spec`` once per process (models are large; never load them per rerun)."""
    from aligner.embed import load_encoder

    log.info("loading encoder %s", spec)
    return load_encoder(spec)


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    from aligner.store import open_store

    return open_store(url)


def get_store() -> Store:
    """Return the process-wide store for :func:`store_url`."""
    return _open_store(store_url())


_prefetching: dict[str, threading.Event] = {}
_prefetch_lock = threading.Lock()


def prefetch_run(run_id: str) -> None:
    """Load a run into the store's cache in a background thread, so the first page to show it finds it ready.

    The store checks the run's revision on every read and refreshes what changed, so a prefetched run is never
    shown stale; pandas (every table needs it) is imported there too, off the click path.
    """
    with _prefetch_lock:
        if run_id in _prefetching:
            return
        done = _prefetching[run_id] = threading.Event()
    store = get_store()

    def work() -> None:
        try:
            import pandas  # noqa: F401

            store.load_run(run_id)
            store.pair_states(run_id)
        except Exception:  # a failed prefetch only means the page loads the run itself
            log.warning("prefetch of run %s failed", run_id, exc_info=True)
        finally:
            with _prefetch_lock:
                _prefetching.pop(run_id, None)
            done.set()

    threading.Thread(target=work, name=f"prefetch-{run_id[:8]}", daemon=True).start()


_drawing = [0, 0.0]  # script runs (and re-checks) in progress in this process; time.monotonic() the last ended
QUIET_S = 0.3  # a warm-up slice starts only this long after the last page was drawn (the browser paints it)
_drawing_lock = threading.Lock()
_warmed: dict[tuple[str, str | None], weakref.ref] = {}  # (run, project) -> the re-check memo warmed for it


@contextmanager
def drawing() -> Iterator[None]:
    """Mark a page being drawn (or a re-check running): background warm-ups wait until none is."""
    with _drawing_lock:
        _drawing[0] += 1
    try:
        yield
    finally:
        with _drawing_lock:
            _drawing[0] -= 1
            _drawing[1] = time.monotonic()


def _wait_while_drawing() -> None:
    while _drawing[0] > 0 or time.monotonic() - _drawing[1] < QUIET_S:
        time.sleep(0.05)


def warm_recheck(run_id: str, project_id: str | None) -> None:
    """Build the run's re-check memo in a background thread, so the first edit is as quick as the next ones.

    The work goes in slices of a few tens of milliseconds, each only while no page is being drawn and no re-check
    runs (see drawing): a thread holding the GIL beside a page render slows it, so the warm-up runs while the
    reviewer reads. An edit made before it is done builds what is missing itself, as it would without it.
    """
    ref = _warmed.get((run_id, project_id))
    if ref is not None and ref() is not None:
        return
    from aligner.review.recheck import run_memo, warm_memo

    config = project_config(project_id)
    memo = run_memo(run_id, config)
    with _prefetch_lock:
        ref = _warmed.get((run_id, project_id))
        if ref is not None and ref() is memo:
            return
        _warmed[(run_id, project_id)] = weakref.ref(memo)
    store = get_store()

    def work() -> None:
        try:
            _after_prefetch(run_id)
            _wait_while_drawing()
            warm_memo(store, run_id, config=config, pause=_wait_while_drawing)
        except Exception:  # a failed warm-up only means the first edit builds the memo itself
            log.warning("re-check warm-up of run %s failed", run_id, exc_info=True)

    threading.Thread(target=work, name=f"warm-{run_id[:8]}", daemon=True).start()


def _after_prefetch(run_id: str) -> None:
    """Wait for a prefetch of ``run_id`` in flight (rather than loading the run a second time alongside it)."""
    event = _prefetching.get(run_id)
    if event is not None:
        event.wait(timeout=300)


def pair_states(run_id: str) -> dict[str, PairState]:
    """Return the latest review state of every pair (always fresh from the store: other reviewers write too)."""
    _after_prefetch(run_id)
    return get_store().pair_states(run_id)


def load_run(run_id: str, states: dict[str, PairState], *, revision: int = 0) -> AlignmentResult:
    """Return the run's result straight from the store, which caches it per run and refreshes it on any change.

    Not cached here on the review state: a re-check rewrites other pairs' issues after the state changed (another
    reviewer's fix clears a flag on this pair), and a cache keyed on states would keep showing the stale flag.
    ``states`` and ``revision`` are accepted for the callers' sake and not needed.
    """
    del states, revision
    _after_prefetch(run_id)
    return get_store().load_run(run_id)


def project_config(project_id: str | None) -> Config:
    """Return the Config a project was created with (defaults when unknown)."""
    if project_id:
        for project in get_store().list_projects():
            if project.id == project_id:
                return config_dict_to_config(project.config)
    return Config(encoder=default_encoder_spec())


def config_dict_to_config(data: Any) -> Config:
    """Build a Config from a stored mapping, ignoring nothing (unknown keys raise ConfigError)."""
    return config_from_mapping(dict(data or {})) if data else Config(encoder=default_encoder_spec())


@st.cache_resource(show_spinner="Scoring the pairs as aligned…", max_entries=8)
def _scores_as_aligned(url: str, run_id: str, token: str, project_id: str | None) -> dict[str, QualityScore]:
    from aligner.pipeline import check_and_score

    result = _open_store(url).load_run(run_id)
    config = project_config(project_id)
    _, scores, _ = check_and_score(result.pairs, config=config, encoder=get_encoder(config.encoder))
    return scores


def scores_as_aligned(run_id: str, states: dict[str, PairState], project_id: str | None) -> dict[str, QualityScore]:
    """Scores of every pair on its original Arabic (before any edit was re-checked); only needed once edits exist."""
    return _scores_as_aligned(store_url(), run_id, states_token(states), project_id)
