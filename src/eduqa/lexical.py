"""The lexical side of retrieval: stemmed terms and a BM25 index (bm25s, sparse matrices)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"\b\w\w+\b")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed word terms of `text`, stop words removed."""
    stop = stopwords()
    words = [w for w in _WORD.findall(text.lower()) if w not in stop]
    return _stemmer().stemWords(words) if words else []


#: Words at least this frequent in everyday English (Zipf scale: 5 is once in 100,000 words; "know", "exactly",
#: "play") say little about what a question is about when the documents do not use them.
EVERYDAY_ZIPF = 5.0


def is_everyday(word: str) -> bool:
    """Whether a word is everyday English (at least `EVERYDAY_ZIPF`, by the word frequencies of `wordfreq`)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= EVERYDAY_ZIPF


def everyday_terms(text: str) -> frozenset[str]:
    """The terms of `text` whose words are everyday English.

    >>> sorted(everyday_terms("Why should every partner know exactly what part restorative practices play?"))
    ['everi', 'exact', 'know', 'part', 'play']
    """
    stop = stopwords()
    words = {w for w in _WORD.findall(text.lower()) if w not in stop}
    common = [w for w in words if is_everyday(w)]
    return frozenset(_stemmer().stemWords(common)) if common else frozenset()


class LexicalIndex:
    """BM25 over stemmed terms. Scores for a whole corpus come from one sparse-matrix product."""

    def __init__(self, retriever, size: int) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = retriever.vocab_dict
        self.size = size
        self._doc_freq: np.ndarray | None = None

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25()
        # bm25s needs a non-empty token list per document: a passage of stop words alone gets a blank term.
        retriever.index([terms(t) or [""] for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def known(self, query_terms: Sequence[str]) -> list[str]:
        return [t for t in query_terms if t in self._vocab and t]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for `query` (zeros when no term is in the vocabulary)."""
        known = self.known(terms(query))
        if not known or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def top(self, query: str, k: int, scores: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Positions and scores of the best `k` passages with a positive score, best first.

        `scores` are the query's scores from `scores()`, when they are already known.
        """
        scores = self.scores(query) if scores is None else scores
        k = min(k, self.size)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        positions = np.argpartition(-scores, k - 1)[:k]
        positions = positions[np.argsort(-scores[positions], kind="stable")]
        positions = positions[scores[positions] > 0]
        return positions, scores[positions]

    def document_frequency(self, term: str) -> int:
        """In how many passages `term` (already stemmed) occurs."""
        position = self._vocab.get(term)
        if position is None:
            return 0
        if self._doc_freq is None:
            indptr = np.asarray(self._retriever.scores["indptr"])
            self._doc_freq = np.diff(indptr)
        return int(self._doc_freq[position])

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int, mmap: bool = False) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False)
        return cls(retriever, size)
