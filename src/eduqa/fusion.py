"""Fusing several retrievers into one ranking: by rank (RRF) or by standardized scores."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Reciprocal-rank fusion: each list adds ``weight / (k + rank)`` to the items it ranks (rank from 1).

    Returns ``(item, score)`` pairs, best first; ties keep the order in which items were first seen.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings")
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, 1):
            scores[int(item)] = scores.get(int(item), 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


def standardize(scores: Sequence[float]) -> list[float]:
    """Scores as z-scores (mean 0, unit spread); all zeros when they do not vary."""
    n = len(scores)
    if n == 0:
        return []
    mean = sum(scores) / n
    spread = (sum((s - mean) ** 2 for s in scores) / n) ** 0.5
    if spread < 1e-9:
        return [0.0] * n
    return [(s - mean) / spread for s in scores]


def score_fusion(
    items: Sequence[int], features: Sequence[Sequence[float]], weights: Sequence[float]
) -> list[tuple[int, float]]:
    """Weighted sum of each feature standardized over the candidate `items`; ``(item, score)`` best first.

    Standardizing over the candidates puts a cosine similarity and an unbounded BM25 score on one scale,
    question by question. Ties keep the order of `items`.
    """
    if len(weights) != len(features):
        raise ValueError(f"got {len(weights)} weights for {len(features)} features")
    for feature in features:
        if len(feature) != len(items):
            raise ValueError(f"a feature has {len(feature)} values for {len(items)} items")
    totals = [0.0] * len(items)
    for feature, weight in zip(features, weights):
        if weight:
            for i, z in enumerate(standardize(feature)):
                totals[i] += weight * z
    order = sorted(range(len(items)), key=lambda i: (-totals[i], i))
    return [(int(items[i]), totals[i]) for i in order]
