"""Settings that shape passages and retrieval, validated when built."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .errors import SettingsError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
RETRIEVERS = ("hybrid", "dense", "lexical")


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
    rrf_k: int = 60
    candidates: int = 50

    def __post_init__(self) -> None:
        if self.retriever not in RETRIEVERS:
            raise SettingsError(
                f"retriever must be one of {', '.join(RETRIEVERS)}, got {self.retriever!r}"
            )
        if self.rrf_k < 1:
            raise SettingsError(f"rrf_k must be at least 1, got {self.rrf_k}")
        if self.candidates < 1:
            raise SettingsError(f"candidates must be at least 1, got {self.candidates}")
