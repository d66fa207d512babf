"""Settings that shape passages and retrieval, validated when built."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .errors import SettingsError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
RETRIEVERS = ("hybrid", "dense", "lexical")
FUSIONS = ("score", "rrf")


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are split into passages. Recorded in the manifest: changing them forces a rebuild."""

    #: Passages shorter than this are joined with a neighbour in the same section when they fit.
    min_words: int = 40
    #: Joining stops at this size; a single paragraph or list may be larger, up to `max_words`.
    target_words: int = 120
    max_words: int = 200
    max_chars: int = 1200
    #: Prefix the heading path (and a list's lead-in) to the text that is embedded and indexed.
    context_in_embedding: bool = True

    def __post_init__(self) -> None:
        if self.min_words < 1:
            raise SettingsError(f"min_words must be at least 1, got {self.min_words}")
        if not self.min_words <= self.target_words <= self.max_words:
            raise SettingsError(
                "word limits must satisfy min_words <= target_words <= max_words, got "
                f"{self.min_words} / {self.target_words} / {self.max_words}"
            )
        if not 200 <= self.max_chars <= 20_000:
            raise SettingsError(f"max_chars must be between 200 and 20000, got {self.max_chars}")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SearchSettings:
    """How queries are answered. Not part of the index: can change without a rebuild."""

    retriever: str = "hybrid"
    #: How hybrid search combines its evidence: "score" (weighted sum of standardized scores) or "rrf".
    fusion: str = "score"
    #: Score fusion: the semantic score is passage similarity mixed with the best sentence similarity
    #: in this share; BM25 is added with `lexical_weight`. Chosen on eval/dev.jsonl (see README).
    sentence_weight: float = 0.75
    lexical_weight: float = 0.5
    #: Score fusion: weight of late interaction (question words against passage tokens, `eduqa.tokens`),
    #: used when the index keeps token vectors. Chosen on eval/dev.jsonl and the benchmarks (see README).
    token_weight: float = 0.75
    rrf_k: int = 60
    #: How many passages each retriever contributes before fusion.
    candidates: int = 50
    #: A cross-encoder model name or folder; when set, the best `rerank_depth` candidates are re-ranked.
    reranker: str | None = None
    rerank_depth: int = 20

    def __post_init__(self) -> None:
        if self.retriever not in RETRIEVERS:
            raise SettingsError(
                f"retriever must be one of {', '.join(RETRIEVERS)}, got {self.retriever!r}"
            )
        if self.fusion not in FUSIONS:
            raise SettingsError(f"fusion must be one of {', '.join(FUSIONS)}, got {self.fusion!r}")
        if not 0.0 <= self.sentence_weight <= 1.0:
            raise SettingsError(f"sentence_weight must be between 0 and 1, got {self.sentence_weight}")
        if self.lexical_weight < 0:
            raise SettingsError(f"lexical_weight must be at least 0, got {self.lexical_weight}")
        if self.token_weight < 0:
            raise SettingsError(f"token_weight must be at least 0, got {self.token_weight}")
        if self.rrf_k < 1:
            raise SettingsError(f"rrf_k must be at least 1, got {self.rrf_k}")
        if self.candidates < 1:
            raise SettingsError(f"candidates must be at least 1, got {self.candidates}")
        if self.reranker is not None and (not isinstance(self.reranker, str) or not self.reranker.strip()):
            raise SettingsError(f"reranker must be a model name or folder, got {self.reranker!r}")
        if self.rerank_depth < 1:
            raise SettingsError(f"rerank_depth must be at least 1, got {self.rerank_depth}")


#: Approximate dense index kinds, from `eduqa.dense`.
APPROXIMATE_KINDS = ("ivf-sq8", "hnsw-sq8")


@dataclass(frozen=True)
class DenseSettings:
    """Which dense index a build makes. Recorded in the manifest with the parameters it chose."""

    #: Indexes with fewer passages than this are exact (``flat``); larger ones are approximate.
    exact_below: int = 50_000
    approximate: str = "ivf-sq8"
    #: The query-time knob (nprobe or ef_search) is raised until recall@10 against exact search reaches this
    #: on tuning queries. Above the 0.95 goal, as a margin for queries unlike the tuning ones.
    tuned_recall: float = 0.97
    tuning_queries: int = 200
    #: k-means for ivf-sq8 trains on at most this many vectors per inverted list.
    train_points_per_list: int = 64
    hnsw_m: int = 32
    hnsw_ef_construction: int = 64
    #: Indexes of at most this many passages keep token vectors for late interaction; larger ones search
    #: without that signal. None: indexes of every size keep them.
    tokens_up_to: int | None = None
    #: Indexes of at least this many passages keep their token vectors product-quantized, in this many bytes a
    #: token (pieces of the vector; a divisor of its dimension, at most 64). Smaller ones keep 8-bit codes,
    #: about 390 bytes a token (see `eduqa.token_codes`).
    compress_tokens_from: int = 1_000
    token_bytes: int = 48

    def __post_init__(self) -> None:
        if self.exact_below < 1:
            raise SettingsError(f"exact_below must be at least 1, got {self.exact_below}")
        if self.approximate not in APPROXIMATE_KINDS:
            raise SettingsError(
                f"approximate must be one of {', '.join(APPROXIMATE_KINDS)}, got {self.approximate!r}"
            )
        if not 0 < self.tuned_recall <= 1:
            raise SettingsError(f"tuned_recall must be above 0 and at most 1, got {self.tuned_recall}")
        if self.tuning_queries < 10:
            raise SettingsError(f"tuning_queries must be at least 10, got {self.tuning_queries}")
        if self.train_points_per_list < 39:
            raise SettingsError(f"train_points_per_list must be at least 39, got {self.train_points_per_list}")
        if self.tokens_up_to is not None and self.tokens_up_to < 0:
            raise SettingsError(f"tokens_up_to must be at least 0 or None, got {self.tokens_up_to}")
        if self.compress_tokens_from < 0:
            raise SettingsError(f"compress_tokens_from must be at least 0, got {self.compress_tokens_from}")
        if not 1 <= self.token_bytes <= 64:
            raise SettingsError(f"token_bytes must be between 1 and 64, got {self.token_bytes}")
        if not 4 <= self.hnsw_m <= 128:
            raise SettingsError(f"hnsw_m must be between 4 and 128, got {self.hnsw_m}")
        if self.hnsw_ef_construction < self.hnsw_m:
            raise SettingsError(
                f"hnsw_ef_construction must be at least hnsw_m ({self.hnsw_m}), got {self.hnsw_ef_construction}"
            )

    def to_dict(self) -> dict:
        return asdict(self)
