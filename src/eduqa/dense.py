"""The dense side of retrieval: a FAISS inner-product index over normalized vectors.

Small indexes are exact (``flat``). From `DenseSettings.exact_below` passages on, an approximate index is
built instead: ``ivf-sq8`` (inverted lists of 8-bit scalar-quantized vectors, the default) or ``hnsw-sq8``
(an HNSW graph over the same codes). Both take about a quarter of the bytes of exact float32 vectors. Their
query-time knob (``nprobe`` or ``ef_search``) is tuned at build time against exact search, recorded in the
manifest and restored at load.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .settings import APPROXIMATE_KINDS, DenseSettings

log = logging.getLogger(__name__)

EXACT = "flat"
IVF_SQ8 = "ivf-sq8"
HNSW_SQ8 = "hnsw-sq8"
KINDS = (EXACT, *APPROXIMATE_KINDS)

#: Below this many vectors an index is always exact: too few to train an approximate one.
MIN_APPROXIMATE = 32
#: Values tried for the query-time knob, smallest (fastest) first.
_NPROBE_STEPS = (1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)
_EF_STEPS = (16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)


@contextmanager
def _one_thread():
    """Run FAISS on one thread: a single query gains nothing from more, and on a busy machine (or next to
    torch's own thread pool) waking a second one costs more than the search (measured 0.4 vs 0.85 ms at 10k)."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)


def choose_kind(size: int, settings: DenseSettings) -> str:
    """The dense index kind for `size` passages: exact below the threshold, else the approximate kind."""
    return EXACT if size < max(settings.exact_below, MIN_APPROXIMATE) else settings.approximate


def ivf_lists(size: int) -> int:
    """Number of inverted lists for `size` vectors: a power of two near 4·√size, with at least 39 vectors each
    (what k-means needs to place a centroid), and at least 4 lists."""
    size = max(size, 1)
    near = 2 ** round(math.log2(4 * math.sqrt(size)))
    trainable = 2 ** int(math.log2(max(size // 39, 1)))
    return max(4, min(near, trainable))


def recall_at_k(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each row of `exact` (positions, -1 for none) that is also in the same row of `found`."""
    shares = []
    for got, want in zip(found, exact):
        want = want[want >= 0]
        if len(want):
            shares.append(len(np.intersect1d(got, want)) / len(want))
    return float(np.mean(shares)) if shares else 1.0


def tuning_queries(vectors: np.ndarray, count: int, seed: int = 0) -> np.ndarray:
    """Queries for tuning: the normalized sum of three random stored vectors.

    Real questions sit between passages, not on them (their best match is at cosine ~0.65). Queries on the
    stored points would flatter an approximate index; these are a little harder than real questions
    (measured on TQA questions: a setting that reaches 0.97 on them reaches ~0.98 on the questions).
    """
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(vectors), size=(count, 3))
    queries = vectors[rows].sum(axis=1)
    norms = np.linalg.norm(queries, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(queries / norms, dtype=np.float32)


class DenseIndex:
    """Inner product over unit vectors, i.e. cosine similarity. Row `i` is passage `i`."""

    def __init__(self, faiss_index, kind: str = EXACT, params: Mapping[str, Any] | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown dense index kind {kind!r}: use one of {', '.join(KINDS)}")
        self._index = faiss_index
        self.kind = kind
        self.params: dict[str, Any] = dict(params or {})
        self._apply_query_params()

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def _apply_query_params(self) -> None:
        if self.kind == IVF_SQ8 and "nprobe" in self.params:
            self._index.nprobe = int(self.params["nprobe"])
        elif self.kind == HNSW_SQ8 and "ef_search" in self.params:
            self._index.hnsw.efSearch = int(self.params["ef_search"])

    @classmethod
    def build(cls, vectors: np.ndarray, dimension: int, settings: DenseSettings | None = None) -> DenseIndex:
        """An index of `vectors`, of the kind `settings` choose for their number."""
        import faiss

        settings = settings or DenseSettings()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dimension)
        kind = choose_kind(len(vectors), settings)
        if kind == EXACT:
            index = faiss.IndexFlatIP(dimension)
            if len(vectors):
                index.add(vectors)
            return cls(index, EXACT)
        if kind == IVF_SQ8:
            nlist = ivf_lists(len(vectors))
            quantizer = faiss.IndexFlatIP(dimension)
            index = faiss.IndexIVFScalarQuantizer(
                quantizer, dimension, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
            index.cp.max_points_per_centroid = settings.train_points_per_list
            index.cp.niter = 10  # not 25: coarser centroids cost a little nprobe, tuned below, not build time
            index.train(vectors)
            index.add(vectors)
            index.make_direct_map()
            params: dict[str, Any] = {"nlist": nlist, "quantizer": "sq8"}
        else:
            index = faiss.IndexHNSWSQ(
                dimension, faiss.ScalarQuantizer.QT_8bit, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT
            )
            index.hnsw.efConstruction = settings.hnsw_ef_construction
            index.train(vectors)
            index.add(vectors)
            params = {"m": settings.hnsw_m, "ef_construction": settings.hnsw_ef_construction, "quantizer": "sq8"}
        dense = cls(index, kind, params)
        dense.tune(vectors, settings.tuned_recall, settings.tuning_queries)
        return dense

    def tune(self, vectors: np.ndarray, target: float, queries: int = 200) -> float:
        """Set the smallest query-time knob whose recall@10 against exact search over `vectors` reaches `target`.

        Returns the recall reached, also recorded in ``params["tuned_recall_at_10"]``.
        """
        import faiss

        if self.kind == EXACT:
            return 1.0
        sample = tuning_queries(vectors, queries)
        exact = faiss.IndexFlatIP(self.dimension)
        exact.add(vectors)
        k = min(10, len(vectors))
        _, truth = exact.search(sample, k)
        key, steps = ("nprobe", _NPROBE_STEPS) if self.kind == IVF_SQ8 else ("ef_search", _EF_STEPS)
        if key == "nprobe":
            steps = tuple(s for s in steps if s < self.params["nlist"]) + (self.params["nlist"],)
        reached: list[tuple[int, float]] = []
        for value in steps:
            self.params[key] = value
            self._apply_query_params()
            _, found = self._index.search(sample, k)
            reached.append((value, recall_at_k(found, truth)))
            if reached[-1][1] >= target:
                break
        if reached[-1][1] < target:
            # quantization caps recall: take the smallest setting within 0.002 of the best one
            best = max(r for _, r in reached)
            reached = [next(pair for pair in reached if pair[1] >= best - 0.002)]
        value, recall = reached[-1]
        self.params[key] = value
        self._apply_query_params()
        self.params["tuned_recall_at_10"] = round(recall, 4)
        log.info("tuned %s: %s=%s gives recall@10 %.3f against exact search", self.kind, key, value, recall)
        if recall < target:
            log.warning("%s reaches recall@10 %.3f only, below the target %.3f", self.kind, recall, target)
        return recall

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions and cosine similarities of the `k` nearest passages, best first."""
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        with _one_thread():
            scores, positions = self._index.search(query, k)
        keep = positions[0] >= 0
        return positions[0][keep].astype(np.int64), scores[0][keep]

    def similarities(self, query: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Cosine similarity of `query` to the passages at `positions`, from the stored vectors.

        Exact for ``flat``; the quantized kinds decode their 8-bit codes, which is within about 0.01.
        """
        if len(positions) == 0:
            return np.zeros(0, dtype=np.float32)
        vectors = np.stack([self._index.reconstruct(int(p)) for p in positions])
        return vectors @ query.reshape(-1).astype(np.float32)

    def vectors(self) -> np.ndarray:
        """All stored vectors, row per passage (decoded from their codes for the quantized kinds)."""
        if self.size == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._index.reconstruct_n(0, self.size)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, spec: Mapping[str, Any] | str = EXACT, mmap: bool = False) -> DenseIndex:
        """Read a FAISS file; `spec` is the manifest's ``dense`` block (or a bare kind).

        With `mmap`, the vectors (flat, hnsw-sq8) or inverted lists (ivf-sq8) stay on disk, memory-mapped.
        """
        import faiss

        spec = {"kind": spec} if isinstance(spec, str) else dict(spec)
        kind = spec.get("kind", EXACT)
        if kind not in KINDS:
            raise ValueError(f"unknown dense index kind {kind!r}")
        flags = 0
        if mmap:
            flags = (faiss.IO_FLAG_MMAP if kind == IVF_SQ8 else faiss.IO_FLAG_MMAP_IFC) | faiss.IO_FLAG_READ_ONLY
        index = faiss.read_index(str(path), flags)
        if kind == IVF_SQ8:
            index.make_direct_map()  # positions -> codes, for `similarities` and `vectors`
        return cls(index, kind, spec.get("params"))
