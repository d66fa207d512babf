"""Token vectors: late interaction between the words of a question and the words of a passage.

A passage vector is the mean of the model's contextual token vectors, so a passage that covers several
points is only partly like a question about one of them. Late interaction (MaxSim, as in ColBERT) keeps
the token vectors: each content word of the question finds its closest token in the passage, and the mean
of those best similarities scores the passage. A paraphrase ("neighbourhood support" for "community
resources") still finds its counterpart word by word.

A build keeps the vectors of each passage's content tokens (stop words, punctuation and the model's
special tokens are left out) as 8-bit codes with one scale per token: ``tokens.npy`` (int8),
``token_scales.npy`` (float32), ``token_starts.npy`` (int32: where each token starts in the passage text,
negative for the heading path and lead-in embedded before it) and ``token_rows.npy`` (where each passage's
rows start; one extra entry at the end). With the starts, an answer scores each sentence by the tokens inside
it without running the model again. That is about 400 bytes per token, so only indexes up to a size setting
keep them; search and answers work without them, with one signal less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import IndexFormatError
from .lexical import stopwords
from .sentence_vectors import join_parts, load_array

CODES_FILE = "tokens.npy"
SCALES_FILE = "token_scales.npy"
STARTS_FILE = "token_starts.npy"
ROWS_FILE = "token_rows.npy"
FILES = (CODES_FILE, SCALES_FILE, STARTS_FILE, ROWS_FILE)

_SPECIAL = frozenset({"[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]", "<s>", "</s>", "<pad>", "<unk>"})


def keep_piece(piece: str) -> bool:
    """Whether a tokenizer piece is a content token: it has a letter or digit and is no stop word."""
    if piece in _SPECIAL:
        return False
    word = piece.lstrip("#▁Ġ").lower()
    return any(c.isalnum() for c in word) and (piece.startswith("##") or word not in stopwords())


@dataclass(frozen=True)
class TextTokens:
    """The content tokens of one text: unit-length vectors, and where each token starts in the text."""

    vectors: np.ndarray
    starts: np.ndarray

    def __len__(self) -> int:
        return len(self.vectors)

    def shifted(self, offset: int) -> TextTokens:
        """The same tokens with starts counted from `offset` in the text (earlier ones become negative)."""
        return TextTokens(self.vectors, (self.starts - offset).astype(np.int32))


def content_tokens(pieces: Sequence[str], vectors: np.ndarray, starts: Sequence[int]) -> TextTokens:
    """The content tokens among a text's tokenizer `pieces`, with their vectors made unit length."""
    keep = np.asarray([i for i, piece in enumerate(pieces) if keep_piece(piece)], dtype=np.int64)
    return TextTokens(
        normalize_tokens(np.asarray(vectors, dtype=np.float32)[keep]),
        np.asarray(starts, dtype=np.int32)[keep] if len(keep) else np.zeros(0, dtype=np.int32),
    )


def join_tokens(parts: Sequence[TextTokens], dimension: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of several texts joined: float32 vectors, int32 starts, and where each text's rows start."""
    joined, rows = join_parts([p.vectors for p in parts], dimension, np.float32)
    starts = np.concatenate([p.starts for p in parts]).astype(np.int32) if parts else np.zeros(0, np.int32)
    return joined, starts, rows


def normalize_tokens(vectors: np.ndarray) -> np.ndarray:
    """Token vectors scaled to unit length (rows of zeros stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """8-bit codes and one scale per row, such that ``codes * scale`` is within 0.5% of each row's largest value."""
    vectors = np.asarray(vectors, dtype=np.float32)
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, dtype=np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    codes = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return codes, scales


@dataclass(frozen=True)
class TokenVectors:
    """Rows ``rows[i]:rows[i + 1]`` of `codes` (times their `scales`) are the content tokens of passage ``i``;
    `starts` says where each begins in the passage text."""

    codes: np.ndarray
    scales: np.ndarray
    starts: np.ndarray
    rows: np.ndarray

    def __post_init__(self) -> None:
        if (
            self.rows.ndim != 1
            or len(self.rows) == 0
            or int(self.rows[-1]) != len(self.codes)
            or len(self.scales) != len(self.codes)
            or len(self.starts) != len(self.codes)
            or np.any(np.diff(self.rows) < 0)
        ):
            raise ValueError("token rows do not match the token vectors")

    @property
    def passages(self) -> int:
        return len(self.rows) - 1

    @property
    def dimension(self) -> int:
        return int(self.codes.shape[1])

    def of(self, position: int) -> TextTokens:
        """The float32 token vectors of the passage at `position`, and their starts."""
        start, end = int(self.rows[position]), int(self.rows[position + 1])
        vectors = np.asarray(self.codes[start:end], dtype=np.float32) * self.scales[start:end, None]
        return TextTokens(vectors, np.asarray(self.starts[start:end], dtype=np.int32))

    @classmethod
    def from_parts(cls, parts: Sequence[TextTokens], dimension: int) -> TokenVectors:
        """Join the tokens of each passage into one set of arrays, quantized."""
        joined, starts, rows = join_tokens(parts, dimension)
        codes, scales = quantize(joined)
        return cls(codes, scales, starts, rows)

    def save(self, folder: Path) -> None:
        np.save(folder / CODES_FILE, np.ascontiguousarray(self.codes, dtype=np.int8), allow_pickle=False)
        np.save(folder / SCALES_FILE, self.scales.astype(np.float32), allow_pickle=False)
        np.save(folder / STARTS_FILE, self.starts.astype(np.int32), allow_pickle=False)
        np.save(folder / ROWS_FILE, self.rows.astype(np.int64), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, passages: int, dimension: int, mmap: bool = False) -> TokenVectors:
        hint = "rebuild with `eduqa build --full`"
        try:
            codes = load_array(folder / CODES_FILE, "token vectors", mmap)
            scales = load_array(folder / SCALES_FILE, "token vectors")
            starts = load_array(folder / STARTS_FILE, "token vectors")
            rows = load_array(folder / ROWS_FILE, "token vectors")
        except FileNotFoundError as exc:
            raise IndexFormatError(f"{exc.filename} is missing; {hint}") from exc
        if codes.ndim != 2 or codes.shape[1] != dimension or codes.dtype != np.int8 or len(rows) != passages + 1:
            raise IndexFormatError(
                f"the token vectors in {folder} do not match its {passages} passages of dimension {dimension}; {hint}"
            )
        try:
            return cls(codes, scales, starts, rows)
        except ValueError as exc:
            raise IndexFormatError(f"{folder}: {exc}; {hint}") from exc


def sentence_late_interaction(
    query_tokens: np.ndarray, tokens: TextTokens, spans: Sequence[Sequence[tuple[int, int]]]
) -> list[float]:
    """MaxSim of each sentence of a passage, from the passage's tokens that start inside the sentence's spans
    (character ranges of the passage text: the sentence, and the list label it depends on). 0 when none do.
    """
    if len(query_tokens) == 0 or len(tokens) == 0:
        return [0.0] * len(spans)
    sims = np.asarray(query_tokens, dtype=np.float32) @ tokens.vectors.T
    scores = []
    for ranges in spans:
        inside = np.zeros(len(tokens), dtype=bool)
        for start, end in ranges:
            inside |= (tokens.starts >= start) & (tokens.starts < end)
        scores.append(float(sims[:, inside].max(axis=1).mean()) if inside.any() else 0.0)
    return scores


def late_interaction(query_tokens: np.ndarray, tokens: TokenVectors, positions: Sequence[int]) -> np.ndarray:
    """MaxSim of each passage at `positions`: the mean over the question's tokens of their best similarity
    to one of the passage's tokens. A passage without content tokens, or a question without any, scores 0.
    """
    positions = np.asarray(positions, dtype=np.int64)
    scores = np.zeros(len(positions), dtype=np.float32)
    if len(query_tokens) == 0 or len(positions) == 0:
        return scores
    starts, ends = tokens.rows[positions], tokens.rows[positions + 1]
    filled = np.flatnonzero(ends > starts)
    if len(filled) == 0:
        return scores
    index = np.concatenate([np.arange(starts[i], ends[i]) for i in filled])
    vectors = np.asarray(tokens.codes[index], dtype=np.float32) * tokens.scales[index, None]
    sims = np.asarray(query_tokens, dtype=np.float32) @ vectors.T  # question tokens x passage tokens
    offsets = np.concatenate([[0], np.cumsum((ends - starts)[filled])[:-1]])
    best = np.maximum.reduceat(sims, offsets, axis=1)  # question tokens x passages
    scores[filled] = best.mean(axis=0)
    return scores
