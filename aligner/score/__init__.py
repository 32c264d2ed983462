"""Quality scores: MQM-style penalties from issues plus a calibrated similarity component; reference metrics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aligner.errors import UserError
from aligner.model import AlignedPair, Issue, QualityScore
from aligner.score.mqm import MqmWeights, mqm_score, penalty_points
from aligner.score.similarity import SimilarityCalibration


@dataclass(frozen=True, slots=True)
class ScoreConfig:
    """Score weights: MQM severity points, word normalisation and the similarity share (0 disables it).

    ``similarity_weight`` 0.1: on the NTREX error-injection dev half (evaluation/checks_bench.py) the ROC AUC of
    the pair score was 0.950 / 0.941 / 0.928 / 0.918 for weights 0 / 0.1 / 0.2 / 0.3; that benchmark injects only
    errors the checks detect, so a small weight is kept for what it cannot show (misaligned or mistranslated pairs).
    """

    minor: float = 1.0
    major: float = 5.0
    critical: float = 25.0
    per_words: int = 100
    min_words: int = 20
    similarity_weight: float = 0.1  # at most this share of 100 points can be lost to low similarity (see below)

    @property
    def weights(self) -> MqmWeights:
        """The MQM severity weights."""
        return MqmWeights(minor=self.minor, major=self.major, critical=self.critical)

    def signature(self, calibration: SimilarityCalibration | None = None) -> str:
        """E.g. ``mqm.v1(minor=1,major=5,critical=25,per=100,min=20)+sim.v2(w=0.1,cal=use-m3.v2(0.2.1,spm))``.

        The similarity part appears only when it applies: a weight and the encoder's calibration.
        """
        w = f"minor={self.minor:g},major={self.major:g},critical={self.critical:g}"
        sim = ""
        if self.similarity_weight and calibration is not None:
            sim = f"+sim.v2(w={self.similarity_weight:g},cal={calibration.encoder})"
        return f"mqm.v1({w},per={self.per_words},min={self.min_words}){sim}"


def _words(pair: AlignedPair) -> int:
    return len((pair.tgt_text or pair.src_text).split())


def score_pairs(
    pairs: Sequence[AlignedPair],
    issues: Sequence[Issue],
    *,
    config: ScoreConfig | None = None,
    calibration: SimilarityCalibration | None = None,
) -> dict[str, QualityScore]:
    """Score every pair 0-100 (higher is better): MQM penalty of its issues, minus a low-similarity share.

    The similarity share needs ``calibration``, the encoder's own (``calibration_of(encoder).similarity``): a cosine
    means nothing without the range measured for the encoder that produced it, so without one it is left out.
    """
    config = config or ScoreConfig()
    by_pair: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_pair[issue.pair_id].append(issue)
    out = {}
    shared: dict[str, QualityScore] = {}  # equal scores share one frozen object (~300 B a pair)
    for pair in pairs:
        points = penalty_points(by_pair.get(pair.id, ()), config.weights)
        mqm = mqm_score(points, _words(pair), per_words=config.per_words, min_words=config.min_words)
        components = {"mqm": round(mqm, 2), "penalty": points}
        value = mqm
        if (
            calibration is not None
            and config.similarity_weight
            and pair.similarity is not None
            and pair.src_text
            and pair.tgt_text
        ):
            sim = calibration.score(pair.similarity)
            components["similarity"] = round(sim, 2)
            value = max(0.0, mqm - config.similarity_weight * (100.0 - sim))
        key = repr((round(value, 2), components))  # by printed form: 0 and 0.0, -0.0 and 0.0 stay apart
        score = shared.get(key)
        if score is None:
            score = shared[key] = QualityScore(round(value, 2), components)
        out[pair.id] = score
    return out


class DocumentScore:
    """A length-weighted mean of pair scores (weight: source + target words), summed a pair at a time."""

    def __init__(self) -> None:
        self.total = self.weight = 0.0

    def add(self, pair: AlignedPair, score: QualityScore) -> None:
        """Count ``pair``'s ``score``."""
        w = max(1, len(pair.src_text.split()) + len(pair.tgt_text.split()))
        self.total += w * score.value
        self.weight += w

    def result(self, n_pairs: int) -> QualityScore:
        """The mean so far (100 with nothing scored) for a document of ``n_pairs`` pairs."""
        value = self.total / self.weight if self.weight else 100.0
        return QualityScore(round(value, 2), {"pairs": float(n_pairs), "words": self.weight})


def score_document(pairs: Sequence[AlignedPair], scores: Mapping[str, QualityScore]) -> QualityScore:
    """Length-weighted mean of the pair scores (weight: source + target words)."""
    doc = DocumentScore()
    for pair in pairs:
        if pair.id in scores:
            doc.add(pair, scores[pair.id])
    return doc.result(len(pairs))


def score_corpus(documents: Sequence[tuple[Sequence[AlignedPair], Mapping[str, QualityScore]]]) -> QualityScore:
    """Length-weighted mean over documents, each given as (pairs, pair scores)."""
    total = weight = 0.0
    for pairs, scores in documents:
        doc = score_document(pairs, scores)
        total += doc.value * doc.components["words"]
        weight += doc.components["words"]
    return QualityScore(
        round(total / weight if weight else 100.0, 2), {"documents": float(len(documents)), "words": weight}
    )


def reference_scores(
    hyps: Sequence[str], refs: Sequence[str], *, bleu_tokenize: str = "13a"
) -> dict[str, dict[str, object]]:
    """Corpus BLEU, chrF, chrF++ and TER of ``hyps`` against one reference each, with signatures.

    BLEU tokenises as sacrebleu does by default (13a) unless ``bleu_tokenize`` names another sacrebleu tokenizer, so
    the figures match the ``sacrebleu`` command's out of the box.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    if len(hyps) != len(refs):
        raise UserError(f"{len(hyps)} hypotheses but {len(refs)} references")
    if bleu_tokenize not in BLEU.TOKENIZERS:
        raise UserError(f"unknown BLEU tokenizer {bleu_tokenize!r}; known: {', '.join(sorted(BLEU.TOKENIZERS))}")
    metrics = {
        "bleu": BLEU(tokenize=bleu_tokenize),
        "chrf": CHRF(),
        "chrf++": CHRF(word_order=2),
        "ter": TER(),
    }
    out: dict[str, dict[str, object]] = {}
    for name, metric in metrics.items():
        result = metric.corpus_score(list(hyps), [list(refs)])
        out[name] = {"score": round(float(result.score), 4), "signature": str(metric.get_signature())}
    return out


__all__ = ["ScoreConfig", "reference_scores", "score_corpus", "score_document", "score_pairs"]
