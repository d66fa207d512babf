"""Shared fixtures. Unit tests use the model-free hash embedder; tests marked `model` use the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import eduqa
from eduqa.embedding import HashEmbedder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QA_PAGE = "common-models-of-collaboration.md"
ARTICLE = "effective-partnership-models.txt"
HEADLINE = "Which model addresses non-academic barriers to learning?"


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting how many texts it was asked to embed."""

    def __init__(self, dimension: int = 256) -> None:
        super().__init__(dimension)
        self.embedded = 0

    def embed(self, texts, *, batch_size=32, progress=False):
        self.embedded += len(texts)
        return super().embed(texts, batch_size=batch_size, progress=progress)


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def hash_index(corpus_dir: Path, tmp_path: Path, embedder: CountingEmbedder) -> eduqa.Index:
    """The shipped corpus indexed with the hash embedder, written to tmp_path/index."""
    return eduqa.build_index(corpus_dir, tmp_path / "index", embedder=embedder)


@pytest.fixture(scope="session")
def model_index(tmp_path_factory) -> eduqa.Index:
    """The shipped corpus indexed with the real bundled model (built once per test session)."""
    folder = tmp_path_factory.mktemp("model") / "index"
    return eduqa.build_index(CORPUS, folder)
