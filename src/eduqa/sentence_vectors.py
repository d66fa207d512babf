"""Vectors of every passage's sentences, computed at build time so that questions only read them.

Search scores a passage partly by its best single sentence, and answers are chosen sentence by sentence.
Embedding those sentences per question would cost far more than the search itself, so a build embeds them
once and the index keeps them: ``sentences.npy`` (float16, one row per sentence, in passage order) and
``sentence_rows.npy`` (where each passage's rows start; one extra entry at the end).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import IndexFormatError, IndexNotFoundError

VECTORS_FILE = "sentences.npy"
ROWS_FILE = "sentence_rows.npy"


def row_starts(parts: Sequence[Sequence]) -> np.ndarray:
    """Where each part's rows start when the parts are joined, with the total at the end."""
    rows = np.zeros(len(parts) + 1, dtype=np.int64)
    rows[1:] = np.cumsum([len(p) for p in parts])
    return rows


def join_parts(parts: Sequence[np.ndarray], dimension: int, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """Per-passage arrays of vectors joined into one of `dtype`, and where each passage's rows start."""
    joined = (
        np.concatenate([np.asarray(p, dtype=dtype).reshape(-1, dimension) for p in parts])
        if parts
        else np.zeros((0, dimension), dtype=dtype)
    )
    return joined, row_starts(parts)


def load_array(path: Path, what: str, mmap: bool = False) -> np.ndarray:
    """A NumPy file of an index, or an `IndexFormatError` naming it; `FileNotFoundError` when it is missing."""
    try:
        return np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError) as exc:  # an empty file gives EOFError
        raise IndexFormatError(
            f"the {what} in {path.parent} are unreadable: {path.name} ({exc}); rebuild with `eduqa build --full`"
        ) from exc


@dataclass(frozen=True)
class SentenceVectors:
    """Rows ``rows[i]:rows[i + 1]`` of `vectors` are the sentences of passage ``i``."""

    vectors: np.ndarray
    rows: np.ndarray

    def __post_init__(self) -> None:
        if self.rows.ndim != 1 or len(self.rows) == 0 or int(self.rows[-1]) != len(self.vectors):
            raise ValueError("sentence rows do not match the sentence vectors")

    @property
    def passages(self) -> int:
        return len(self.rows) - 1

    def of(self, position: int) -> np.ndarray:
        """The float32 vectors of the sentences of the passage at `position`."""
        start, end = int(self.rows[position]), int(self.rows[position + 1])
        return np.asarray(self.vectors[start:end], dtype=np.float32)

    @classmethod
    def from_parts(cls, parts: Sequence[np.ndarray], dimension: int) -> SentenceVectors:
        """Join per-passage arrays (one row per sentence) into one."""
        vectors, rows = join_parts(parts, dimension, np.float16)
        return cls(vectors, rows)

    def save(self, folder: Path) -> None:
        np.save(folder / VECTORS_FILE, np.ascontiguousarray(self.vectors, dtype=np.float16), allow_pickle=False)
        np.save(folder / ROWS_FILE, self.rows.astype(np.int64), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, passages: int, dimension: int, mmap: bool = False) -> SentenceVectors:
        try:
            vectors = load_array(folder / VECTORS_FILE, "sentence vectors", mmap)
            rows = load_array(folder / ROWS_FILE, "sentence vectors")
        except FileNotFoundError as exc:
            raise IndexNotFoundError(f"{exc.filename} is missing; rebuild with `eduqa build --full`") from exc
        if vectors.ndim != 2 or vectors.shape[1] != dimension or len(rows) != passages + 1:
            raise IndexFormatError(
                f"the sentence vectors in {folder} do not match its {passages} passages of dimension "
                f"{dimension}; rebuild with `eduqa build --full`"
            )
        try:
            return cls(vectors, rows)
        except ValueError as exc:
            raise IndexFormatError(f"{folder}: {exc}; rebuild with `eduqa build --full`") from exc
