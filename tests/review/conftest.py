"""Review fixtures: a small real run (terminology variants across pairs) checked by the real pipeline."""

from __future__ import annotations

import pytest

from aligner.config import Config
from aligner.embed import load_encoder
from aligner.embed.base import Encoder
from aligner.ingest.base import Piece, build_document
from aligner.model import Bitext, Layout
from aligner.store import MemoryStore

EN = [
    "The World Anti-Doping Agency met on Monday in Paris.",
    "The World Anti-Doping Agency said the tests were clean.",
    "The weather was nice in the city on that day.",
    "Officials said the talks would continue next week in Geneva.",
]
AR = [
    "اجتمعت الوكالة العالمية لمكافحة المنشطات يوم الاثنين في باريس.",
    "قالت وكالة العالم لمكافحة المنشطات إن الاختبارات كانت نظيفة.",
    "كان الطقس جميلا في المدينة في ذلك اليوم.",
    "قال المسؤولون إن المحادثات ستستمر الأسبوع المقبل في جنيف.",
]
CONFIG = Config(encoder="hashing")


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder("hashing")


@pytest.fixture
def store_run(encoder: Encoder) -> tuple[MemoryStore, str]:
    from aligner.pipeline import process

    src = build_document("en", [Piece(t, "line") for t in EN], name="t.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in AR], name="t.tsv")
    result = process(Bitext("t", src, tgt, Layout.PARALLEL), encoder=encoder, config=CONFIG)
    store = MemoryStore()
    project = store.create_project("t", config=CONFIG.as_dict())
    return store, store.save_run(project, result, name="t")
