"""Optional re-ranking of the best candidates with a cross-encoder, which reads question and passage together.

No cross-encoder ships with eduqa, so re-ranking is off unless a model is configured
(``SearchSettings(reranker=...)`` or ``--reranker``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import EduqaError

log = logging.getLogger(__name__)


class RerankerError(EduqaError):
    """The re-ranking model could not be loaded or used."""


class Reranker(Protocol):
    """Anything that scores (question, passage) pairs, higher meaning more relevant."""

    name: str

    def score(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """One relevance score per text."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers cross-encoder on the CPU."""

    def __init__(self, name: str, device: str | None = None, max_length: int | None = None) -> None:
        self.name = name
        local = Path(name).expanduser().is_dir()
        location = str(Path(name).expanduser()) if local else name
        try:
            from sentence_transformers import CrossEncoder

            self.model = CrossEncoder(location, device=device or "cpu", max_length=max_length, local_files_only=local)
        except Exception as exc:  # the library raises many kinds; the user needs one clear line
            raise RerankerError(f"could not load re-ranking model {name!r}: {exc}") from exc

    def score(self, question: str, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float32)
        scores = self.model.predict([(question, t) for t in texts], show_progress_bar=False)
        return np.asarray(scores, dtype=np.float32).reshape(len(texts), -1)[:, -1]


def load_reranker(name: str) -> Reranker:
    """The cross-encoder called `name` (a model name or a local folder)."""
    log.info("loading re-ranking model %s", name)
    return CrossEncoderReranker(name)


def rerank_order(scores: Sequence[float]) -> list[int]:
    """Positions of `scores`, best first; ties keep the earlier (better-retrieved) position first."""
    return sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
