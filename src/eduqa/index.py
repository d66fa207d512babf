"""The index: passages with their dense and lexical indexes, and the questions asked of them."""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .answer import AbstentionRule, Answer, Evidence, candidate_sentences, compose, score_sentences, term_overlap
from .dense import DenseIndex
from .embedding import Embedder, load_embedder
from .errors import ModelMismatchError, QuestionError
from .fusion import reciprocal_rank_fusion
from .lexical import LexicalIndex, terms
from .manifest import check_model
from .passages import Citation, Passage
from .settings import SearchSettings
from .storage import read_index

log = logging.getLogger(__name__)

#: Questions longer than this are refused before any embedding work.
MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Hit:
    """A passage returned for a question, with its score (higher is better)."""

    passage: Passage
    score: float
    #: Cosine similarity between question and passage, and the BM25 score (0 when no term matched).
    similarity: float = 0.0
    lexical_score: float = 0.0

    @property
    def id(self) -> str:
        return self.passage.id

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def citation(self) -> Citation:
        return self.passage.citation

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "score": round(float(self.score), 6),
            "similarity": round(float(self.similarity), 6),
            "lexical_score": round(float(self.lexical_score), 6),
            "citation": self.citation.to_dict(),
        }


def clean_question(question: Any) -> str:
    """The question with control characters removed, or a `QuestionError` saying what is wrong."""
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, got {type(question).__name__}")
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in question)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}"
        )
    return text


@dataclass
class Index:
    """Passages, their vectors and their BM25 index, ready to search and answer."""

    passages: list[Passage]
    dense: DenseIndex
    lexical: LexicalIndex
    embedder: Embedder
    manifest: dict[str, Any] = field(default_factory=dict)
    search_settings: SearchSettings = field(default_factory=SearchSettings)
    abstention: AbstentionRule = field(default_factory=AbstentionRule)
    path: Path | None = None
    #: What the build that made this index did (set by `build_index`).
    report: Any = None

    def __len__(self) -> int:
        return len(self.passages)

    @property
    def documents(self) -> dict[str, str]:
        """Document id -> title, in index order."""
        return {p.doc_id: p.title for p in self.passages}

    # --- search -----------------------------------------------------------------------------------

    def _query_vector(self, question: str) -> np.ndarray:
        return self.embedder.embed([question])[0]

    def search(
        self,
        question: str,
        k: int = 5,
        *,
        retriever: str | None = None,
        documents: Iterable[str] | None = None,
    ) -> list[Hit]:
        """The `k` passages that best match `question`, best first.

        `retriever` is ``"hybrid"`` (default), ``"dense"`` or ``"lexical"``; `documents` limits the search
        to those document ids.
        """
        question = clean_question(question)
        hits, _ = self._search(question, k, retriever, documents)
        return hits

    def _search(
        self, question: str, k: int, retriever: str | None, documents: Iterable[str] | None
    ) -> tuple[list[Hit], np.ndarray | None]:
        if k < 1:
            raise QuestionError(f"k must be at least 1, got {k}")
        mode = retriever or self.search_settings.retriever
        if mode not in ("hybrid", "dense", "lexical"):
            raise QuestionError(f"unknown retriever {mode!r}: use hybrid, dense or lexical")
        allowed = None
        if documents is not None:
            wanted = set(documents)
            allowed = np.array([p.doc_id in wanted for p in self.passages], dtype=bool)
        depth = max(k, self.search_settings.candidates)
        if allowed is not None:
            depth = len(self.passages)

        rankings: list[np.ndarray] = []
        query = None
        dense_scores: dict[int, float] = {}
        if mode in ("hybrid", "dense"):
            query = self._query_vector(question)
            positions, sims = self.dense.search(query, depth)
            if allowed is not None:
                keep = allowed[positions]
                positions, sims = positions[keep], sims[keep]
            rankings.append(positions)
            dense_scores = dict(zip(positions.tolist(), sims.tolist()))
        lexical_scores: dict[int, float] = {}
        if mode in ("hybrid", "lexical"):
            positions, scores = self.lexical.top(question, depth)
            if allowed is not None:
                keep = allowed[positions]
                positions, scores = positions[keep], scores[keep]
            rankings.append(positions)
            lexical_scores = dict(zip(positions.tolist(), scores.tolist()))

        if mode == "hybrid":
            ranked = reciprocal_rank_fusion(rankings, k=self.search_settings.rrf_k)[:k]
        elif mode == "dense":
            ranked = list(dense_scores.items())[:k]
        else:
            ranked = list(lexical_scores.items())[:k]
        if query is not None:
            missing = [pos for pos, _ in ranked if pos not in dense_scores]
            sims = self.dense.similarities(query, np.array(missing, dtype=np.int64))
            dense_scores.update(zip(missing, sims.tolist()))
        hits = [
            Hit(
                passage=self.passages[pos],
                score=score,
                similarity=dense_scores.get(pos, 0.0),
                lexical_score=lexical_scores.get(pos, 0.0),
            )
            for pos, score in ranked
        ]
        return hits, query

    # --- answers ----------------------------------------------------------------------------------

    def _term_weights(self, question_terms: Sequence[str]) -> dict[str, float]:
        """IDF of each question term; terms the corpus never uses get the highest weight."""
        n = max(len(self.passages), 1)
        weights = {}
        for term in set(question_terms):
            df = self.lexical.document_frequency(term)
            weights[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return weights

    def answer(self, question: str, k: int = 5, *, documents: Iterable[str] | None = None) -> Answer:
        """A short extract that answers `question`, with the hits it was taken from.

        ``answer.text`` is None when nothing in the corpus is relevant.
        """
        question = clean_question(question)
        hits, query = self._search(question, k, None, documents)
        if not hits:
            return Answer(question, None, hits, reason="no passage matches the question")
        if query is None:
            query = self._query_vector(question)
        question_terms = terms(question)
        weights = self._term_weights(question_terms)
        known = self.lexical.known(question_terms)
        best = max(hits, key=lambda h: h.similarity)
        evidence = Evidence(
            similarity=max(h.similarity for h in hits),
            coverage=term_overlap(question_terms, known, weights) if question_terms else 1.0,
            overlap=term_overlap(question_terms, terms(best.passage.indexed_text()), weights),
        )
        answerable, reason = self.abstention.answerable(evidence)
        if not answerable:
            return Answer(question, None, hits, reason=reason)

        sentences = candidate_sentences(hits)
        if not sentences:
            return Answer(question, None, hits, reason="the matching passages hold no sentence")
        vectors = self.embedder.embed([s.text for s in sentences])
        similarities = (vectors @ query).tolist()
        overlaps = [term_overlap(question_terms, terms(s.label + " " + s.text), weights) for s in sentences]
        scores = score_sentences(sentences, similarities, overlaps)
        chosen = sentences[int(np.argmax(scores))]
        source = hits[chosen.hit_rank].passage
        text, start, end = compose(source.text, chosen)
        return Answer(
            question,
            text,
            hits,
            passage_id=source.id,
            start=source.start + start,
            end=source.start + end,
        )


# --- loading ---------------------------------------------------------------------------------------


def load_index(
    path: str | Path = "index",
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    search_settings: SearchSettings | None = None,
    mmap: bool | None = None,
) -> Index:
    """Load an index folder. Raises `IndexNotFoundError`, `IndexFormatError` or `ModelMismatchError`.

    Questions are embedded with the model and backend the index was built with (from its manifest). Large
    indexes are memory-mapped unless `mmap` says otherwise.
    """
    folder = Path(path)
    manifest, passages, dense, lexical = read_index(folder, mmap=mmap)
    check_model(manifest, model or (embedder.name if embedder else None), f"the index at {folder}")
    backend = manifest["embedder"].get("backend")
    if embedder is not None and backend and embedder.backend != backend:
        raise ModelMismatchError(
            f"the index at {folder} was built with the {backend!r} backend, but the given embedder runs "
            f"{embedder.backend!r}: load it without an embedder, or rebuild with `eduqa build --backend "
            f"{embedder.backend} --full`"
        )
    embedder = embedder or load_embedder(manifest["embedder"]["name"], backend=backend)
    if embedder.dimension != manifest["embedder"]["dimension"]:
        raise ModelMismatchError(
            f"the index at {folder} holds vectors of dimension {manifest['embedder']['dimension']}, "
            f"but model {embedder.name!r} makes {embedder.dimension}: rebuild with `eduqa build --full`"
        )
    return Index(passages, dense, lexical, embedder, manifest, search_settings or SearchSettings(), path=folder)
