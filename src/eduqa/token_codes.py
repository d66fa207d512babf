"""How token vectors are stored: 8-bit codes for small indexes, product quantization for large ones.

A passage has some 50 to 80 content tokens of 384 dimensions. As 8-bit codes with a scale each, a token
takes about 390 bytes, 20-35 KB a passage: fine for a school's documents, some 30 GB at a million passages.
Product quantization (as in FAISS's ``ProductQuantizer``) cuts a vector into `subspaces` pieces and stores,
for each piece, the number of its nearest of 256 centroids learnt at build time: one byte a piece, so
48 bytes a token with the default 48 pieces of 8 dimensions. Decoding is a table lookup.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

import numpy as np

log = logging.getLogger(__name__)

INT8 = "int8"
PQ = "pq"
CODECS = (INT8, PQ)

#: Centroids per piece: codes are one byte.
CENTROIDS = 256
#: Fewer tokens than this cannot train a codebook well (FAISS asks for 39 points a centroid).
MIN_TRAINING_TOKENS = 39 * CENTROIDS
#: A codebook is trained on at most this many tokens, drawn at random: more changes little but time.
TRAINING_SAMPLE = 32_768
_TRAINING_ITERATIONS = 12


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """8-bit codes and one scale per row, such that ``codes * scale`` is within 0.5% of each row's largest value."""
    vectors = np.asarray(vectors, dtype=np.float32)
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, dtype=np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    codes = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return codes, scales


@dataclass(frozen=True)
class Codebook:
    """Product-quantization centroids: ``centroids[m]`` holds the 256 centroids of piece `m` of a vector."""

    centroids: np.ndarray

    def __post_init__(self) -> None:
        if self.centroids.ndim != 3 or self.centroids.shape[1] != CENTROIDS or self.centroids.shape[0] < 1:
            raise ValueError(f"a codebook holds (pieces, {CENTROIDS}, piece dimension) centroids")

    @property
    def subspaces(self) -> int:
        """Pieces of a vector, which is also the bytes of one code."""
        return int(self.centroids.shape[0])

    @property
    def dimension(self) -> int:
        return int(self.centroids.shape[0] * self.centroids.shape[2])

    @classmethod
    def train(cls, vectors: np.ndarray, subspaces: int, seed: int = 0) -> Codebook:
        """Learn the centroids of each piece from `vectors` (a random sample of them when there are many)."""
        import faiss

        vectors = np.asarray(vectors, dtype=np.float32)
        dimension = vectors.shape[1]
        check_subspaces(subspaces, dimension)
        if len(vectors) < CENTROIDS:
            raise ValueError(f"a codebook needs at least {CENTROIDS} vectors to train, got {len(vectors)}")
        if len(vectors) > TRAINING_SAMPLE:
            rows = np.sort(np.random.default_rng(seed).choice(len(vectors), TRAINING_SAMPLE, replace=False))
            vectors = vectors[rows]
        quantizer = faiss.ProductQuantizer(dimension, subspaces, 8)
        quantizer.cp.niter = _TRAINING_ITERATIONS
        quantizer.cp.seed = seed
        quantizer.cp.min_points_per_centroid = 1  # callers decide how few tokens are enough
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # on a shared machine one thread is as fast and disturbs nothing
        try:
            quantizer.train(np.ascontiguousarray(vectors))
        finally:
            faiss.omp_set_num_threads(threads)
        centroids = faiss.vector_to_array(quantizer.centroids).reshape(subspaces, CENTROIDS, -1)
        return cls(centroids.astype(np.float32))

    @cached_property
    def _quantizer(self):
        import faiss

        quantizer = faiss.ProductQuantizer(self.dimension, self.subspaces, 8)
        faiss.copy_array_to_vector(np.ascontiguousarray(self.centroids, dtype=np.float32).ravel(), quantizer.centroids)
        return quantizer

    def encode(self, vectors: np.ndarray) -> np.ndarray:
        """The codes of `vectors`: one byte a piece, the number of its nearest centroid."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        if not len(vectors):
            return np.zeros((0, self.subspaces), dtype=np.uint8)
        return self._quantizer.compute_codes(vectors)

    def decode(self, codes: np.ndarray) -> np.ndarray:
        """The vectors that `codes` stand for (each piece replaced by its centroid)."""
        codes = np.asarray(codes).reshape(-1, self.subspaces)
        # one gather from the flat table of all centroids (np.take is ~9x faster than fancy indexing here)
        pieces = np.take(self._flat, codes.astype(np.intp) + self._offsets, axis=0)
        return pieces.reshape(len(codes), self.dimension)

    @cached_property
    def _flat(self) -> np.ndarray:
        return np.ascontiguousarray(self.centroids, dtype=np.float32).reshape(-1, self.centroids.shape[2])

    @cached_property
    def _offsets(self) -> np.ndarray:
        return (np.arange(self.subspaces) * CENTROIDS).astype(np.intp)


def check_subspaces(subspaces: int, dimension: int) -> None:
    """Refuse a number of pieces that does not divide the vectors evenly."""
    if subspaces < 1 or dimension % subspaces:
        raise ValueError(
            f"token vectors of dimension {dimension} cannot be cut into {subspaces} equal pieces; "
            f"choose a divisor of {dimension}"
        )
