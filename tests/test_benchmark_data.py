"""The synthetic corpora of `benchmarks/synthetic.py`: made from real passages, unit vectors, repeatable."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from synthetic import sentences, synthetic_corpus  # noqa: E402

TEXTS = [
    "Plants make food from light. The leaves hold chlorophyll. Roots take up water.",
    "Volcanoes erupt when magma rises. Lava cools into rock. Ash can travel far.",
    "Cells have a membrane. The nucleus holds DNA. Mitochondria release energy.",
]


def test_sentences_split_after_end_punctuation():
    assert sentences("One two. Three four! 5 is next? yes.") == ["One two.", "Three four!", "5 is next? yes."]


def test_synthetic_corpus_is_made_of_real_sentences_and_unit_vectors():
    base = np.eye(3, 8, dtype=np.float32)
    records, vectors = synthetic_corpus(["A", "B", "C"], TEXTS, base, 50, seed=3)
    assert len(records) == 50 and vectors.shape == (50, 8) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    real = {s for t in TEXTS for s in sentences(t)}
    for record in records:
        assert record["title"] in {"A", "B", "C"} and record["text"]
        assert all(s in real for s in sentences(record["text"]))
    # a passage's vector leans towards the embedding of the passage most of its sentences come from
    title_row = {"A": 0, "B": 1, "C": 2}
    assert np.mean([np.argmax(v[:3]) == title_row[r["title"]] for r, v in zip(records, vectors)]) > 0.8


def test_synthetic_corpus_is_repeatable():
    base = np.eye(3, 8, dtype=np.float32)
    first = synthetic_corpus(["A", "B", "C"], TEXTS, base, 20, seed=1)
    again = synthetic_corpus(["A", "B", "C"], TEXTS, base, 20, seed=1)
    assert first[0] == again[0] and np.array_equal(first[1], again[1])
