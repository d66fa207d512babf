"""Synthetic corpora derived from real benchmark passages, for sizes nobody can embed on a laptop.

A synthetic passage is made from two real passages `i` and `j` picked at random:
- its text is two to four sentences of `i` followed by one or two sentences of `j` (real prose, real
  vocabulary and term statistics for BM25);
- its vector is ``normalize(a·e_i + (1 − a)·e_j + σ·g)`` with the real embeddings `e_i`, `e_j`, a weight `a`
  drawn from [0.6, 1], and Gaussian noise `g` of norm about `σ`. The vectors keep the clusters and
  neighbourhoods of real embeddings, and no two are identical.
All of it is pure and seeded, so a run is repeatable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """The sentences of `text` (split after end punctuation followed by a capital or digit)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def synthetic_vectors(
    base: np.ndarray, pairs: np.ndarray, weights: np.ndarray, noise: float, rng: np.random.Generator
) -> np.ndarray:
    """Unit vectors ``normalize(a·base[i] + (1 − a)·base[j] + noise·g)`` for each pair ``(i, j)`` and weight `a`."""
    out = np.empty((len(pairs), base.shape[1]), dtype=np.float32)
    step = 100_000  # bounded memory for a million rows
    for start in range(0, len(pairs), step):
        i, j = pairs[start:start + step, 0], pairs[start:start + step, 1]
        a = weights[start:start + step, None]
        g = rng.standard_normal((len(i), base.shape[1]), dtype=np.float32) * (noise / np.sqrt(base.shape[1]))
        out[start:start + step] = normalize(a * base[i] + (1 - a) * base[j] + g)
    return out


def synthetic_corpus(
    titles: Sequence[str],
    texts: Sequence[str],
    base: np.ndarray,
    size: int,
    *,
    noise: float = 0.25,
    seed: int = 0,
) -> tuple[list[dict[str, str]], np.ndarray]:
    """`size` passage records (``id``, ``title``, ``text``) and their unit vectors, from real passages."""
    rng = np.random.default_rng(seed)
    pools = [sentences(t) or [t] for t in texts]
    pairs = rng.integers(0, len(texts), size=(size, 2))
    weights = rng.uniform(0.6, 1.0, size=size).astype(np.float32)
    counts = rng.integers(2, 5, size=size), rng.integers(1, 3, size=size)
    records = []
    for row, (i, j) in enumerate(pairs.tolist()):
        first, second = pools[i], pools[j]
        start = int(rng.integers(0, max(1, len(first) - counts[0][row] + 1)))
        picked = first[start:start + counts[0][row]]
        picked += [second[int(k)] for k in rng.integers(0, len(second), size=counts[1][row])]
        records.append({"id": f"s{row}", "title": titles[i], "text": " ".join(picked), "source": "synthetic"})
    return records, synthetic_vectors(base, pairs, weights, noise, rng)
