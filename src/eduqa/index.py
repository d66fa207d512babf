"""The index: passages with their dense and lexical indexes, and the questions asked of them."""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .answer import AbstentionRule, Evidence, Retrieval, answer_question, topic_terms
from .dense import DenseIndex
from .document_list import DocumentList
from .embedding import Embedder, load_embedder, supports_tokens
from .errors import EmbedderError, ModelMismatchError, QuestionError
from .extracts import Sentence, passage_sentences, term_overlap
from .fusion import reciprocal_rank_fusion, score_fusion
from .lexical import LexicalIndex, everyday_terms, terms
from .manifest import check_model, inline_documents, manifest_authors
from .passage_store import PassageStore
from .passages import Passage
from .rerank import Reranker, load_reranker, rerank_order
from .results import Answer, Hit
from .sentence_vectors import SentenceVectors
from .settings import SearchSettings
from .storage import read_index
from .tokens import TokenVectors, late_interaction, sentence_late_interaction

log = logging.getLogger(__name__)

#: Questions longer than this are refused before any embedding work.
MAX_QUESTION_CHARS = 2000


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
    """Passages, their vectors and their BM25 index, ready to search and answer.

    `passages` may be given as a list; it is kept as a `PassageStore` (a loaded index reads its passages lazily).
    """

    passages: PassageStore
    dense: DenseIndex
    lexical: LexicalIndex
    embedder: Embedder
    manifest: dict[str, Any] = field(default_factory=dict)
    search_settings: SearchSettings = field(default_factory=SearchSettings)
    abstention: AbstentionRule = field(default_factory=AbstentionRule)
    path: Path | None = None
    #: What the build that made this index did (set by `build_index`).
    report: Any = None
    _sentences: dict[int, tuple[list[Sentence], np.ndarray]] = field(default_factory=dict, repr=False)
    _reranker: Reranker | None = field(default=None, repr=False)
    #: The vectors of every passage's sentences, from the build (embedded on demand when None).
    sentence_vectors: SentenceVectors | None = field(default=None, repr=False)
    #: The content-token vectors of every passage, when the index keeps them (see `eduqa.tokens`).
    token_vectors: TokenVectors | None = field(default=None, repr=False)
    #: The documents the index was built from and the files it skipped (an index read from a folder reads them
    #: from its ``documents.jsonl`` when first asked for). None: those the manifest lists, if any.
    document_list: DocumentList | None = field(default=None, repr=False)
    _by_document: dict[str, list[Passage]] = field(default_factory=dict, repr=False)
    _vocabularies: dict[frozenset[str], set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.passages = PassageStore.of(self.passages)
        if self.document_list is None:
            self.document_list = inline_documents(self.manifest)

    def __len__(self) -> int:
        return len(self.passages)

    @cached_property
    def documents(self) -> dict[str, str]:
        """Document id -> title, in index order."""
        return self.passages.documents()

    @property
    def authors(self) -> list[str]:
        """The authors the documents' metadata names ("QuickTakes"), as the manifest lists them."""
        return manifest_authors(self.manifest)

    def documents_by(self, author: str) -> list[str]:
        """The ids of the documents whose metadata names `author` (the document list is read on first use)."""
        listed = self.document_list.documents if self.document_list is not None else {}
        return [path for path, entry in listed.items() if entry.get("author") == author]

    # --- search -----------------------------------------------------------------------------------

    def _query_vector(self, question: str) -> np.ndarray:
        return self.embedder.embed([question])[0]

    def _uses_tokens(self, mode: str) -> bool:
        settings = self.search_settings
        return (
            mode == "hybrid"
            and settings.fusion == "score"
            and settings.token_weight > 0
            and self.token_vectors is not None
            and supports_tokens(self.embedder)
        )

    def _query_vectors(self, question: str, with_tokens: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """The question's vector and, when asked for, its content-token vectors (one pass of the model)."""
        if not with_tokens:
            return self._query_vector(question), None
        vectors, tokens = self.embedder.embed_tokens([question])  # type: ignore[attr-defined]
        return vectors[0], tokens[0].vectors

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
        hits, _, _ = self._search(question, k, retriever, documents)
        return hits

    def _search(
        self, question: str, k: int, retriever: str | None, documents: Iterable[str] | None
    ) -> tuple[list[Hit], np.ndarray | None, np.ndarray | None]:
        """Hits, and the question's vector and content-token vectors when the search computed them."""
        if k < 1:
            raise QuestionError(f"k must be at least 1, got {k}")
        settings = self.search_settings
        mode = retriever or settings.retriever
        if mode not in ("hybrid", "dense", "lexical"):
            raise QuestionError(f"unknown retriever {mode!r}: use hybrid, dense or lexical")
        allowed = None
        if documents is not None:
            wanted = set(documents)
            allowed = self.passages.in_documents(wanted)
        depth = max(k, settings.candidates, settings.rerank_depth if settings.reranker else 0)
        if allowed is not None:
            depth = len(self.passages)

        query = query_tokens = None
        dense_scores: dict[int, float] = {}
        if mode in ("hybrid", "dense"):
            query, query_tokens = self._query_vectors(question, self._uses_tokens(mode))
            positions, sims = self.dense.search(query, depth)
            if allowed is not None:
                keep = allowed[positions]
                positions, sims = positions[keep], sims[keep]
            dense_scores = dict(zip(positions.tolist(), sims.tolist()))
        lexical_scores: dict[int, float] = {}
        all_lexical = None
        if mode in ("hybrid", "lexical"):
            all_lexical = self.lexical.scores(question)
            positions, scores = self.lexical.top(question, depth, all_lexical)
            if allowed is not None:
                keep = allowed[positions]
                positions, scores = positions[keep], scores[keep]
            lexical_scores = dict(zip(positions.tolist(), scores.tolist()))

        sentence_scores: dict[int, float] = {}
        token_scores: dict[int, float] = {}
        if mode == "hybrid" and settings.fusion == "rrf":
            ranked = reciprocal_rank_fusion([list(dense_scores), list(lexical_scores)], k=settings.rrf_k)
        elif mode == "hybrid":
            assert query is not None and all_lexical is not None
            candidates = list(dict.fromkeys([*dense_scores, *lexical_scores]))
            self._fill_similarities(query, candidates, dense_scores)
            semantic = [dense_scores[c] for c in candidates]
            if settings.sentence_weight > 0:
                sentence_scores = self._sentence_similarities(query, candidates)
                share = settings.sentence_weight
                semantic = [(1 - share) * d + share * sentence_scores[c] for d, c in zip(semantic, candidates)]
            lexical = [float(all_lexical[c]) for c in candidates]
            features, weights = [semantic, lexical], [1.0, settings.lexical_weight]
            if query_tokens is not None and len(query_tokens):
                assert self.token_vectors is not None
                late = late_interaction(query_tokens, self.token_vectors, candidates)
                token_scores = dict(zip(candidates, late.tolist()))
                features.append(late.tolist())
                weights.append(settings.token_weight)
            ranked = score_fusion(candidates, features, weights)
        elif mode == "dense":
            ranked = list(dense_scores.items())
        else:
            ranked = list(lexical_scores.items())
        if settings.reranker and ranked:
            ranked = self._rerank(question, ranked, settings.rerank_depth)
        ranked = ranked[:k]
        if query is not None:
            self._fill_similarities(query, [pos for pos, _ in ranked], dense_scores)
        hits = [
            Hit(
                passage=self.passages[pos],
                score=score,
                similarity=dense_scores.get(pos, 0.0),
                lexical_score=float(all_lexical[pos]) if all_lexical is not None else 0.0,
                sentence_similarity=sentence_scores.get(pos, 0.0),
                token_score=token_scores.get(pos, 0.0),
            )
            for pos, score in ranked
        ]
        return hits, query, query_tokens

    def _fill_similarities(self, query: np.ndarray, positions: Sequence[int], known: dict[int, float]) -> None:
        """Add the exact cosine similarity of passages that the dense search did not return."""
        missing = [pos for pos in positions if pos not in known]
        if missing:
            sims = self.dense.similarities(query, np.array(missing, dtype=np.int64))
            known.update(zip(missing, sims.tolist()))

    def _passage_sentences(self, positions: Sequence[int]) -> None:
        """Split the sentences of passages not seen before and take their vectors (kept for later questions).

        The vectors come from the index; only an index made without them has its sentences embedded here.
        """
        todo = [pos for pos in positions if pos not in self._sentences]
        missing = []
        for pos in todo:
            split = passage_sentences(self.passages[pos].text)
            stored = self.sentence_vectors.of(pos) if self.sentence_vectors is not None else None
            if stored is not None and len(stored) == len(split):
                self._sentences[pos] = (split, stored)
            else:
                missing.append((pos, split))
        texts = [s.text for _, split in missing for s in split]
        vectors = self.embedder.embed(texts) if texts else np.zeros((0, self.dense.dimension), dtype=np.float32)
        row = 0
        for pos, split in missing:
            self._sentences[pos] = (split, np.asarray(vectors[row:row + len(split)], dtype=np.float32))
            row += len(split)

    def _sentence_similarities(self, query: np.ndarray, positions: Sequence[int]) -> dict[int, float]:
        """The best similarity between the question and any one sentence of each passage."""
        self._passage_sentences(positions)
        best = {}
        for pos in positions:
            vectors = self._sentences[pos][1]
            best[pos] = float((vectors @ query).max()) if len(vectors) else 0.0
        return best

    def _rerank(self, question: str, ranked: list[tuple[int, float]], depth: int) -> list[tuple[int, float]]:
        """Order the best `depth` candidates by the cross-encoder's score; the rest follow as they were."""
        if self._reranker is None:
            self._reranker = load_reranker(self.search_settings.reranker or "")
        head, tail = ranked[:depth], ranked[depth:]
        scores = self._reranker.score(question, [self.passages[pos].indexed_text() for pos, _ in head])
        reordered = [(head[i][0], float(scores[i])) for i in rerank_order(scores.tolist())]
        return reordered + tail

    # --- answers ----------------------------------------------------------------------------------

    def _position(self, passage_id: str) -> int:
        position = self.passages.position(passage_id)
        if position is None:
            raise KeyError(passage_id)
        return position

    def _answer_sentences(
        self, hits: Sequence[Hit], query: np.ndarray, depth: int = 3
    ) -> tuple[list[Sentence], list[float]]:
        """The sentences of the top `depth` hits, and each one's similarity to the question."""
        positions = [self._position(h.id) for h in hits[:depth]]
        self._passage_sentences(positions)
        sentences: list[Sentence] = []
        similarities: list[float] = []
        for rank, pos in enumerate(positions):
            found, vectors = self._sentences[pos]
            sentences.extend(replace(s, hit_rank=rank) for s in found)
            similarities.extend((vectors @ query).tolist() if len(found) else [])
        return sentences, similarities

    def _sentence_token_scores(
        self, hits: Sequence[Hit], sentences: Sequence[Sentence], query_tokens: np.ndarray
    ) -> list[float]:
        """Late interaction between the question and each sentence, from the stored tokens of its passage.

        A sentence's tokens are those of its passage that start inside it or inside its list label.
        """
        assert self.token_vectors is not None
        scores: list[float] = []
        for rank, hit in enumerate(hits):
            mine = [s for s in sentences if s.hit_rank == rank]
            if not mine:
                continue
            spans = [[(s.start, s.end)] + _label_span(s) for s in mine]
            scores.extend(sentence_late_interaction(query_tokens, self.token_vectors.of(self._position(hit.id)), spans))
        return scores

    def _term_weights(self, question_terms: Sequence[str]) -> dict[str, float]:
        """IDF of each question term; terms the corpus never uses get the highest weight."""
        n = max(len(self.passages), 1)
        weights = {}
        for term in set(question_terms):
            df = self.lexical.document_frequency(term)
            weights[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return weights

    def _known_terms(self, question_terms: Sequence[str], documents: Iterable[str] | None) -> list[str]:
        """The question's terms that occur in the documents searched (all of them, or those chosen)."""
        if documents is None:
            return self.lexical.known(question_terms)
        key = frozenset(documents)
        vocabulary = self._vocabularies.get(key)
        if vocabulary is None:
            positions = np.flatnonzero(self.passages.in_documents(key))
            vocabulary = {t for pos in positions.tolist() for t in terms(self.passages[pos].indexed_text())}
            self._vocabularies = {key: vocabulary}  # one filter at a time is what a chat uses
        return [t for t in question_terms if t in vocabulary]

    def retrieve(self, question: str, k: int = 5, documents: Iterable[str] | None = None) -> Retrieval:
        """Search, then weigh every sentence of the hits against the question: what answering works from."""
        question = clean_question(question)
        documents = None if documents is None else list(documents)
        hits, query, query_tokens = self._search(question, k, None, documents)
        question_terms = terms(question)
        weights = self._term_weights(question_terms)
        if not hits:
            return Retrieval(question, hits, [], [], None, question_terms, weights)
        late = self._uses_tokens("hybrid")
        if query is None or (late and query_tokens is None):
            query, query_tokens = self._query_vectors(question, late)
        positions = [self._position(h.id) for h in hits]
        sentence_sims = self._sentence_similarities(query, positions)
        known = self._known_terms(question_terms, documents)
        # an everyday word the documents do not use ("exactly", "play") does not count against them
        everyday = everyday_terms(question)
        coverage_weights = {t: 0.0 if t in everyday and t not in known else w for t, w in weights.items()}
        evidence = Evidence(
            sentence_similarity=max(sentence_sims.values()),
            coverage=term_overlap(topic, known, coverage_weights) if (topic := topic_terms(question_terms)) else 1.0,
            similarity=max(h.similarity for h in hits),
            overlap=term_overlap(question_terms, terms(hits[0].passage.indexed_text()), weights),
        )
        sentences, similarities = self._answer_sentences(hits, query, depth=len(hits))
        token_scores = (
            self._sentence_token_scores(hits, sentences, query_tokens) if late and query_tokens is not None else None
        )
        return Retrieval(question, hits, sentences, similarities, token_scores, question_terms, weights, evidence)

    def document_passages(self, doc_id: str) -> list[Passage]:
        """The passages of one document, in document order (read once, then kept)."""
        found = self._by_document.get(doc_id)
        if found is None:
            positions = np.flatnonzero(self.passages.in_documents([doc_id])).tolist()
            found = sorted((self.passages[pos] for pos in positions), key=lambda p: p.start)
            self._by_document[doc_id] = found
        return found

    def passage(self, passage_id: str) -> Passage:
        """The passage with this id (KeyError when there is none)."""
        return self.passages[self._position(passage_id)]

    def answer(
        self,
        question: str,
        k: int = 5,
        *,
        documents: Iterable[str] | None = None,
        history: Sequence[str] | None = None,
    ) -> Answer:
        """The answer to `question`, quoted from the documents, with the hits it was taken from.

        `history` holds the conversation's earlier questions, oldest first: a follow-up ("tell me more about
        the third one", "what does it offer?") is read against them. ``answer.text`` is None when nothing in
        the documents answers the question. See `eduqa.answer` for how answers are composed.
        """
        return answer_question(
            self, clean_question(question), k, documents=documents, history=history, rule=self.abstention
        )


def _label_span(sentence: Sentence) -> list[tuple[int, int]]:
    """Where the list label of a sentence's item is, when it has one."""
    if sentence.label and sentence.item_start is not None:
        return [(sentence.item_start, sentence.item_start + len(sentence.label) + 1)]
    return []


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
    parts = read_index(folder, mmap=mmap)
    manifest = parts.manifest
    check_model(manifest, model or (embedder.name if embedder else None), f"the index at {folder}")
    backend = manifest["embedder"].get("backend")
    if embedder is not None and backend and embedder.backend != backend:
        raise ModelMismatchError(
            f"the index at {folder} was built with the {backend!r} backend, but the given embedder runs "
            f"{embedder.backend!r}: load it without an embedder, or rebuild with `eduqa build --backend "
            f"{embedder.backend} --full`"
        )
    if embedder is None:
        try:
            embedder = load_embedder(manifest["embedder"]["name"], backend=backend)
        except EmbedderError as exc:
            raise EmbedderError(
                f"the index at {folder} was built with a model that cannot be loaded here ({exc}); rebuild it "
                "with `eduqa build --full --model NAME`"
            ) from exc
    if embedder.dimension != manifest["embedder"]["dimension"]:
        raise ModelMismatchError(
            f"the index at {folder} holds vectors of dimension {manifest['embedder']['dimension']}, "
            f"but model {embedder.name!r} makes {embedder.dimension}: rebuild with `eduqa build --full`"
        )
    return Index(
        parts.passages,
        parts.dense,
        parts.lexical,
        embedder,
        manifest,
        search_settings or SearchSettings(),
        path=folder,
        sentence_vectors=parts.sentences,
        token_vectors=parts.tokens,
        document_list=parts.documents,
    )
