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
it without running the model again. That is about 390 bytes per token, so indexes from 1,000 passages on
keep them product-quantized instead (``tokens.npy`` as uint8 pieces and ``token_centroids.npy``, 48 bytes a
token; see `eduqa.token_codes`). Search and answers also work without token vectors, with one signal less.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import IndexFormatError
from .lexical import stopwords
from .sentence_vectors import join_parts, load_array, row_starts
from .token_codes import (
    CODECS,
    INT8,
    MIN_TRAINING_TOKENS,
    PQ,
    TRAINING_SAMPLE,
    Codebook,
    check_subspaces,
    quantize,
)

log = logging.getLogger(__name__)

CODES_FILE = "tokens.npy"
SCALES_FILE = "token_scales.npy"
STARTS_FILE = "token_starts.npy"
ROWS_FILE = "token_rows.npy"
CENTROIDS_FILE = "token_centroids.npy"
FILES = (CODES_FILE, SCALES_FILE, STARTS_FILE, ROWS_FILE)
#: The files of product-quantized tokens: the codes, the codebook's centroids, the starts and the rows.
PQ_FILES = (CODES_FILE, CENTROIDS_FILE, STARTS_FILE, ROWS_FILE)

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


#: Passages encoded at a time when token vectors are compressed, to bound the memory of a large build.
_ENCODE_SLICE = 4_096


@dataclass(frozen=True)
class TokenVectors:
    """Rows ``rows[i]:rows[i + 1]`` of `codes` are the content tokens of passage ``i``; `starts` says where each
    begins in the passage text.

    The codes are 8-bit (int8, with one float32 of `scales` a token) or, with a `codebook`, product-quantized
    (uint8, one byte a piece; see `eduqa.token_codes`).
    """

    codes: np.ndarray
    scales: np.ndarray | None
    starts: np.ndarray
    rows: np.ndarray
    codebook: Codebook | None = None

    def __post_init__(self) -> None:
        width = self.codebook.subspaces if self.codebook is not None else None
        if (
            self.rows.ndim != 1
            or len(self.rows) == 0
            or int(self.rows[-1]) != len(self.codes)
            or (self.codebook is None and (self.scales is None or len(self.scales) != len(self.codes)))
            or (width is not None and (self.codes.ndim != 2 or self.codes.shape[1] != width))
            or len(self.starts) != len(self.codes)
            or np.any(np.diff(self.rows) < 0)
        ):
            raise ValueError("token rows do not match the token vectors")

    @property
    def passages(self) -> int:
        return len(self.rows) - 1

    @property
    def codec(self) -> str:
        """``"pq"`` for product-quantized codes, ``"int8"`` for 8-bit ones."""
        return PQ if self.codebook is not None else INT8

    @property
    def dimension(self) -> int:
        return self.codebook.dimension if self.codebook is not None else int(self.codes.shape[1])

    @property
    def bytes_per_token(self) -> int:
        """Bytes of one token's code (with the scale of an 8-bit code; without its start)."""
        return self.codebook.subspaces if self.codebook is not None else self.dimension + 4

    def vectors(self, index: np.ndarray | slice) -> np.ndarray:
        """The float32 vectors of the tokens at `index` (rows of `codes`), decoded."""
        if self.codebook is not None:
            return self.codebook.decode(self.codes[index])
        assert self.scales is not None
        return np.asarray(self.codes[index], dtype=np.float32) * np.asarray(self.scales[index])[:, None]

    def of(self, position: int) -> TextTokens:
        """The float32 token vectors of the passage at `position`, and their starts."""
        start, end = int(self.rows[position]), int(self.rows[position + 1])
        return TextTokens(self.vectors(slice(start, end)), np.asarray(self.starts[start:end], dtype=np.int32))

    @classmethod
    def from_parts(
        cls,
        parts: Sequence[TextTokens],
        dimension: int,
        *,
        subspaces: int | None = None,
        codebook: Codebook | None = None,
    ) -> TokenVectors:
        """Join the tokens of each passage into one set of arrays, encoded.

        With `codebook`, the tokens are product-quantized with it (tokens decoded from the same codebook get
        their codes back unchanged). With `subspaces`, a codebook of that many pieces is trained on them first,
        when there are enough tokens to train one. Otherwise they get 8-bit codes.
        """
        total = sum(len(p) for p in parts)
        if codebook is None and subspaces is not None:
            check_subspaces(subspaces, dimension)
            if total >= MIN_TRAINING_TOKENS:
                codebook = Codebook.train(_training_sample(parts, dimension), subspaces)
            else:
                log.info("%d tokens are too few to train a codebook; they are kept as 8-bit codes", total)
        if codebook is None:
            joined, starts, rows = join_tokens(parts, dimension)
            codes, scales = quantize(joined)
            return cls(codes, scales, starts, rows)
        if codebook.dimension != dimension:
            raise ValueError(f"the codebook encodes vectors of dimension {codebook.dimension}, not {dimension}")
        codes = np.zeros((total, codebook.subspaces), dtype=np.uint8)
        done = 0
        for first in range(0, len(parts), _ENCODE_SLICE):
            joined, _, _ = join_tokens(parts[first:first + _ENCODE_SLICE], dimension)
            codes[done:done + len(joined)] = codebook.encode(joined)
            done += len(joined)
        starts = np.concatenate([p.starts for p in parts]).astype(np.int32) if parts else np.zeros(0, np.int32)
        return cls(codes, None, starts, row_starts(parts), codebook)

    def save(self, folder: Path) -> None:
        if self.codebook is not None:
            np.save(folder / CODES_FILE, np.ascontiguousarray(self.codes, dtype=np.uint8), allow_pickle=False)
            np.save(folder / CENTROIDS_FILE, self.codebook.centroids.astype(np.float32), allow_pickle=False)
        else:
            assert self.scales is not None
            np.save(folder / CODES_FILE, np.ascontiguousarray(self.codes, dtype=np.int8), allow_pickle=False)
            np.save(folder / SCALES_FILE, np.asarray(self.scales, dtype=np.float32), allow_pickle=False)
        np.save(folder / STARTS_FILE, np.asarray(self.starts, dtype=np.int32), allow_pickle=False)
        np.save(folder / ROWS_FILE, np.asarray(self.rows, dtype=np.int64), allow_pickle=False)

    @classmethod
    def load(
        cls, folder: Path, passages: int, dimension: int, mmap: bool = False, codec: str = INT8
    ) -> TokenVectors:
        """Read the token files of an index; `codec` is the manifest's ``tokens.dtype``."""
        hint = "rebuild with `eduqa build --full`"
        if codec not in CODECS:
            raise IndexFormatError(f"the token vectors in {folder} use an unknown code {codec!r}; {hint}")
        codebook = None
        scales = None
        try:
            codes = load_array(folder / CODES_FILE, "token vectors", mmap)
            if codec == PQ:
                codebook = Codebook(load_array(folder / CENTROIDS_FILE, "token vectors"))
            else:
                scales = load_array(folder / SCALES_FILE, "token vectors", mmap)
            starts = load_array(folder / STARTS_FILE, "token vectors", mmap)
            rows = load_array(folder / ROWS_FILE, "token vectors")
        except FileNotFoundError as exc:
            raise IndexFormatError(f"{exc.filename} is missing; {hint}") from exc
        except ValueError as exc:  # centroids of the wrong shape
            raise IndexFormatError(f"the token vectors in {folder} are unreadable ({exc}); {hint}") from exc
        width = codebook.dimension if codebook is not None else (codes.shape[1] if codes.ndim == 2 else -1)
        dtype = np.uint8 if codebook is not None else np.int8
        if codes.ndim != 2 or codes.dtype != dtype or width != dimension or len(rows) != passages + 1:
            raise IndexFormatError(
                f"the token vectors in {folder} do not match its {passages} passages of dimension {dimension}; {hint}"
            )
        try:
            return cls(codes, scales, starts, rows, codebook)
        except ValueError as exc:
            raise IndexFormatError(f"{folder}: {exc}; {hint}") from exc


def _training_sample(parts: Sequence[TextTokens], dimension: int, seed: int = 0) -> np.ndarray:
    """At most `TRAINING_SAMPLE` token vectors drawn at random from `parts`, without joining them all."""
    lengths = np.array([len(p) for p in parts], dtype=np.int64)
    total = int(lengths.sum())
    if total <= TRAINING_SAMPLE:
        return join_tokens(parts, dimension)[0]
    picked = np.sort(np.random.default_rng(seed).choice(total, TRAINING_SAMPLE, replace=False))
    ends = np.cumsum(lengths)
    owners = np.searchsorted(ends, picked, side="right")
    within = picked - (ends[owners] - lengths[owners])
    return np.stack([parts[o].vectors[w] for o, w in zip(owners.tolist(), within.tolist())]).astype(np.float32)


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
    vectors = tokens.vectors(index)
    sims = np.asarray(query_tokens, dtype=np.float32) @ vectors.T  # question tokens x passage tokens
    offsets = np.concatenate([[0], np.cumsum((ends - starts)[filled])[:-1]])
    best = np.maximum.reduceat(sims, offsets, axis=1)  # question tokens x passages
    scores[filled] = best.mean(axis=0)
    return scores
