"""Shared fixtures. Unit tests use the model-free hash embedder; tests marked `model` use the real one."""

from __future__ import annotations

import json
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
#: The maintainers' login of the served chat (`eduqa serve --admin`).
ADMIN = ("maintainer", "chalk-and-board")


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting how many texts it was asked to embed."""

    def __init__(self, dimension: int = 64) -> None:
        super().__init__(dimension)
        self.embedded = 0

    def embed(self, texts, *, batch_size=32, progress=False):
        self.embedded += len(texts)
        return super().embed(texts, batch_size=batch_size, progress=progress)


def embedding_work(passages) -> int:
    """How many texts a build embeds for these passages: each passage and each of its sentences."""
    from eduqa.extracts import passage_sentences

    return sum(1 + len(passage_sentences(p.text)) for p in passages)


def passages_of(index, source: str) -> list:
    return [p for p in index.passages if p.source == source]


def make_version_3(folder: Path) -> None:
    """Turn an index folder into what format version 3 wrote: the documents and skipped files listed in the
    manifest itself, no documents.jsonl (checksums as that format kept them)."""
    from eduqa.checksums import describe_files, seal
    from eduqa.storage import read_documents, read_manifest

    manifest = read_manifest(folder)
    listed = read_documents(folder, manifest)
    manifest["documents"], manifest["skipped"] = listed.documents, listed.skipped
    del manifest["document_list"]
    (folder / "documents.jsonl").unlink()
    manifest["format_version"] = 3
    manifest["files"] = describe_files(folder, leave_out="manifest.json")
    seal(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))


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


@pytest.fixture(scope="session")
def served_chat(tmp_path_factory):
    """`eduqa serve` in a subprocess with the real model, over the shipped corpus plus a hostile document.

    The index folder starts missing, so start-up builds it first. Maintainers can sign in with `ADMIN`.
    """
    from chat_server import HOSTILE_DOCUMENT, HOSTILE_FILE, serve_in_subprocess

    workdir = tmp_path_factory.mktemp("served")
    corpus = workdir / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / HOSTILE_FILE).write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    with serve_in_subprocess(workdir / "index", corpus, workdir, ("--admin", f"{ADMIN[0]}:{ADMIN[1]}")) as served:
        yield served
