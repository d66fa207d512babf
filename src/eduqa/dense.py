"""The dense side of retrieval: a FAISS inner-product index over normalized vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

EXACT = "flat"


class DenseIndex:
    """Inner product over unit vectors, i.e. cosine similarity. Row `i` is passage `i`."""

    def __init__(self, faiss_index, kind: str = EXACT) -> None:
        self._index = faiss_index
        self.kind = kind

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    @classmethod
    def build(cls, vectors: np.ndarray, dimension: int) -> DenseIndex:
        import faiss

        index = faiss.IndexFlatIP(dimension)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, EXACT)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions and cosine similarities of the `k` nearest passages, best first."""
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, positions = self._index.search(query, k)
        keep = positions[0] >= 0
        return positions[0][keep].astype(np.int64), scores[0][keep]

    def similarities(self, query: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Cosine similarity of `query` to the passages at `positions` (exact, from stored vectors)."""
        if len(positions) == 0:
            return np.zeros(0, dtype=np.float32)
        vectors = np.stack([self._index.reconstruct(int(p)) for p in positions])
        return vectors @ query.reshape(-1).astype(np.float32)

    def vectors(self) -> np.ndarray:
        """All stored vectors, row per passage."""
        if self.size == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str = EXACT, mmap: bool = False) -> DenseIndex:
        import faiss

        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mmap else 0
        return cls(faiss.read_index(str(path), flags), kind)
