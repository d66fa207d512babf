"""Index kinds chosen by size, approximate indexes on disk, and the embedding backend in the manifest.

Model-free: the hash embedder and synthetic clustered vectors. No timings are asserted here; speed is
measured by `benchmarks/run.py`.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import CountingEmbedder, embedding_work, passages_of

import eduqa
from eduqa import index as index_module
from eduqa.checksums import seal
from eduqa.cli import main
from eduqa.dense import EXACT, HNSW_SQ8, IVF_SQ8, DenseIndex, choose_kind, ivf_lists, recall_at_k
from eduqa.embedding import HashEmbedder, load_embedder
from eduqa.errors import EmbedderError, IndexFormatError, ModelMismatchError, SettingsError
from eduqa.settings import DenseSettings

DIM = 64


def clustered_vectors(count: int, seed: int = 0, clusters: int = 40) -> np.ndarray:
    """Unit vectors around fixed random centres, like embeddings of passages on a few dozen topics."""
    centres = np.random.default_rng(42).standard_normal((clusters, DIM)).astype(np.float32)
    rng = np.random.default_rng(seed)
    vectors = centres[rng.integers(0, clusters, count)] + 0.6 * rng.standard_normal((count, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> np.ndarray:
    return np.argsort(-(queries @ vectors.T), axis=1)[:, :k]


def approximate_top(dense: DenseIndex, queries: np.ndarray, k: int = 10) -> np.ndarray:
    return np.stack([dense.search(q, k)[0] for q in queries])


# --- choosing the kind ----------------------------------------------------------------------------


def test_kind_is_exact_below_the_threshold_and_approximate_above():
    settings = DenseSettings(exact_below=500)
    assert choose_kind(499, settings) == EXACT
    assert choose_kind(500, settings) == IVF_SQ8
    assert choose_kind(500, DenseSettings(exact_below=500, approximate=HNSW_SQ8)) == HNSW_SQ8
    assert choose_kind(10, DenseSettings(exact_below=1)) == EXACT  # too few vectors to train on


def test_inverted_lists_grow_with_the_square_root_of_the_size():
    assert ivf_lists(100_000) == 1024
    assert ivf_lists(1_000_000) == 4096
    assert ivf_lists(1000) * 39 <= 1000  # every list gets enough vectors to train its centroid


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exact_below": 0}, "exact_below must be at least 1"),
        ({"approximate": "flat"}, "approximate must be one of ivf-sq8, hnsw-sq8"),
        ({"tuned_recall": 1.5}, "tuned_recall must be above 0 and at most 1"),
        ({"hnsw_m": 2}, "hnsw_m must be between 4 and 128"),
    ],
)
def test_dense_settings_are_validated(kwargs, message):
    with pytest.raises(SettingsError, match=message):
        DenseSettings(**kwargs)


# --- approximate indexes --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [IVF_SQ8, HNSW_SQ8])
@pytest.mark.parametrize("mmap", [False, True])
def test_approximate_index_round_trip_keeps_recall_and_parameters(tmp_path, kind, mmap):
    vectors = clustered_vectors(4000)
    queries = clustered_vectors(60, seed=1)
    dense = DenseIndex.build(vectors, DIM, DenseSettings(exact_below=1000, approximate=kind))
    assert dense.kind == kind
    knob = "nprobe" if kind == IVF_SQ8 else "ef_search"
    assert dense.params[knob] >= 1 and dense.params["tuned_recall_at_10"] >= 0.9
    truth = exact_top(vectors, queries)
    assert recall_at_k(approximate_top(dense, queries), truth) >= 0.9

    dense.save(tmp_path / "vectors.faiss")
    loaded = DenseIndex.load(tmp_path / "vectors.faiss", {"kind": kind, "params": dense.params}, mmap=mmap)
    assert loaded.size == 4000 and loaded.params[knob] == dense.params[knob]
    if kind == IVF_SQ8:
        assert loaded._index.nprobe == dense.params["nprobe"]
    else:
        assert loaded._index.hnsw.efSearch == dense.params["ef_search"]
    assert np.array_equal(approximate_top(loaded, queries), approximate_top(dense, queries))


@pytest.mark.parametrize("kind", [IVF_SQ8, HNSW_SQ8])
def test_quantized_vectors_decode_close_to_the_originals(kind):
    vectors = clustered_vectors(2000)
    dense = DenseIndex.build(vectors, DIM, DenseSettings(exact_below=100, approximate=kind))
    decoded = dense.vectors()
    assert decoded.shape == vectors.shape
    assert (decoded * vectors).sum(axis=1).min() > 0.99
    query = vectors[7]
    positions = np.array([3, 500, 1999])
    assert np.allclose(dense.similarities(query, positions), vectors[positions] @ query, atol=0.02)


def test_recall_counts_shared_positions():
    assert recall_at_k(np.array([[1, 2, 3]]), np.array([[3, 2, 9]])) == pytest.approx(2 / 3)
    assert recall_at_k(np.array([[1]]), np.array([[-1]])) == 1.0


# --- through the index and its manifest -----------------------------------------------------------


def records(count: int) -> list[dict[str, str]]:
    topics = ["photosynthesis light leaf", "volcano lava magma", "cell membrane nucleus", "river erosion delta"]
    return [
        {"id": f"p{i}", "title": f"Lesson {i % 7}", "source": "lessons",
         "text": f"{topics[i % 4]} passage {i} about {topics[(i * 3) % 4].split()[i % 3]} and more words"}
        for i in range(count)
    ]


def test_manifest_records_kind_parameters_and_backend(tmp_path):
    folder = tmp_path / "index"
    eduqa.build_index(records(300), folder, embedder=HashEmbedder(), dense_settings=DenseSettings(exact_below=100))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["dense"]["kind"] == IVF_SQ8
    assert {"nlist", "nprobe", "tuned_recall_at_10"} <= set(manifest["dense"]["params"])
    assert manifest["embedder"]["backend"] == "hash"

    index = eduqa.load_index(folder)
    assert index.dense.kind == IVF_SQ8 and index.dense.params == manifest["dense"]["params"]
    assert index.search("volcano lava", k=3)[0].text.startswith("volcano lava magma")


def test_small_index_stays_exact(tmp_path):
    eduqa.build_index(records(50), tmp_path / "index", embedder=HashEmbedder())
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    assert manifest["dense"]["kind"] == EXACT


def test_large_indexes_are_memory_mapped_by_default(tmp_path, monkeypatch):
    from eduqa import storage

    folder = tmp_path / "index"
    eduqa.build_index(records(120), folder, embedder=HashEmbedder(), dense_settings=DenseSettings(exact_below=100))
    seen = []
    original = DenseIndex.load.__func__
    monkeypatch.setattr(DenseIndex, "load", classmethod(lambda cls, p, s, mmap=False: seen.append(mmap)
                                                         or original(cls, p, s, mmap)))
    monkeypatch.setattr(storage, "MMAP_FROM", 100)
    assert len(eduqa.load_index(folder).search("river erosion", k=2)) == 2
    monkeypatch.setattr(storage, "MMAP_FROM", 1000)
    eduqa.load_index(folder)
    eduqa.load_index(folder, mmap=True)
    assert seen == [True, False, True]


def test_incremental_rebuild_reuses_approximate_vectors(corpus_dir, tmp_path):
    settings = DenseSettings(exact_below=10)
    folder = tmp_path / "index"
    first = CountingEmbedder()
    eduqa.build_index(corpus_dir, folder, embedder=first, dense_settings=settings)
    assert first.embedded >= 32  # enough passages for the approximate kind
    (corpus_dir / "extra.md").write_text("# Recess\n\nRecess gives pupils time to play outside between lessons.\n")
    second = CountingEmbedder()
    index = eduqa.build_index(corpus_dir, folder, embedder=second, dense_settings=settings)
    assert index.dense.kind == IVF_SQ8
    assert index.report.embedded == 1 and index.report.unchanged == 2
    assert second.embedded == embedding_work(passages_of(index, "extra.md"))
    assert index.search("time to play outside", k=1)[0].citation.source == "extra.md"


def test_loading_embeds_questions_with_the_backend_of_the_manifest(tmp_path, monkeypatch):
    folder = tmp_path / "index"
    eduqa.build_index(records(20), folder, embedder=HashEmbedder())
    calls = []
    monkeypatch.setattr(index_module, "load_embedder", lambda name, backend=None: calls.append((name, backend))
                        or HashEmbedder())
    eduqa.load_index(folder)
    assert calls == [("hash", "hash")]


class OtherBackend(CountingEmbedder):
    backend = "onnx-int8"


def test_an_embedder_of_another_backend_is_refused_at_load(tmp_path):
    folder = tmp_path / "index"
    eduqa.build_index(records(20), folder, embedder=HashEmbedder())
    with pytest.raises(ModelMismatchError, match="built with the 'hash' backend.*runs 'onnx-int8'"):
        eduqa.load_index(folder, embedder=OtherBackend())


def test_a_new_backend_means_a_full_rebuild(corpus_dir, tmp_path):
    folder = tmp_path / "index"
    eduqa.build_index(corpus_dir, folder, embedder=CountingEmbedder())
    other = OtherBackend()
    index = eduqa.build_index(corpus_dir, folder, embedder=other)
    assert index.report.full_rebuild == "the embedding backend changed from hash to onnx-int8"
    assert other.embedded == embedding_work(index.passages)
    assert json.loads((folder / "manifest.json").read_text())["embedder"]["backend"] == "onnx-int8"


def test_unknown_dense_kind_in_the_manifest_is_refused(tmp_path):
    folder = tmp_path / "index"
    eduqa.build_index(records(20), folder, embedder=HashEmbedder())
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["dense"]["kind"] = "magic"
    seal(manifest)  # a manifest changed by hand is refused as damaged unless its checksum is made again
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="unknown dense index kind 'magic'; rebuild with `eduqa build --full`"):
        eduqa.load_index(folder)


@pytest.mark.parametrize(
    ("name", "backend", "message"),
    [
        (None, "tensorrt", "unknown embedding backend 'tensorrt': use one of torch, onnx, onnx-int8"),
        ("hash", "onnx", "the 'hash' embedder has no 'onnx' backend"),
        ("some/hub-model", "onnx", "needs the model as a local folder"),
    ],
)
def test_bad_backends_are_refused_clearly(name, backend, message):
    with pytest.raises(EmbedderError, match=message):
        load_embedder(name, backend=backend)


def test_cli_refuses_a_backend_the_model_does_not_have(corpus_dir, tmp_path, capsys):
    code = main(["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i"), "--model", "hash",
                 "--backend", "onnx"])
    assert code == 1
    assert capsys.readouterr().err.strip() == "eduqa: error: the 'hash' embedder has no 'onnx' backend"
