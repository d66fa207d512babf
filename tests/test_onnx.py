"""The ONNX Runtime embedding backends: pooling, model checks, and agreement with torch (real model).

The export is cached in the user cache folder (``$EDUQA_CACHE_DIR`` or ``~/.cache/eduqa``), so only the
first session pays for it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import CORPUS, HEADLINE

import eduqa
from eduqa.errors import EmbedderError
from eduqa.model_folder import mean_pool
from eduqa.onnx_embedding import model_settings

SENTENCES = [
    "Which model addresses non-academic barriers to learning?",
    "Plants make sugar from light, water and carbon dioxide in their leaves.",
    "Peer tutoring pairs students so that one can help the other learn.",
    "Volcanoes erupt when magma rises through cracks in the crust.",
]


def test_mean_pool_ignores_padding_and_normalizes():
    hidden = np.array([[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    assert np.allclose(mean_pool(hidden, mask), [[1.0, 0.0]])
    assert mean_pool(hidden, mask).dtype == np.float32


def test_model_settings_refuse_pooling_other_than_mean(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_size": 8}))
    (tmp_path / "tokenizer.json").write_text("{}")
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    with pytest.raises(EmbedderError, match="supports mean pooling only.*pooling_mode_cls_token"):
        model_settings(tmp_path)


def test_model_settings_need_a_tokenizer_file(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(EmbedderError, match="needs tokenizer.json"):
        model_settings(tmp_path)


@pytest.fixture(scope="session")
def onnx_embedders():
    pytest.importorskip("onnxruntime")
    from eduqa.embedding import load_embedder

    return {backend: load_embedder(backend=backend) for backend in ("torch", "onnx", "onnx-int8")}


@pytest.mark.model
def test_bundled_model_settings_match_sentence_transformers():
    from eduqa.embedding import bundled_model_path

    settings = model_settings(bundled_model_path())
    assert settings["max_length"] == 256 and settings["hidden_size"] == 384


@pytest.mark.model
@pytest.mark.parametrize(("backend", "least"), [("onnx", 0.999), ("onnx-int8", 0.99)])
def test_onnx_embeddings_agree_with_torch(onnx_embedders, backend, least):
    reference = onnx_embedders["torch"].embed(SENTENCES)
    vectors = onnx_embedders[backend].embed(SENTENCES, batch_size=2)  # padded batches of unequal lengths
    assert vectors.shape == (len(SENTENCES), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * reference).sum(axis=1).min() >= least
    one = onnx_embedders[backend].embed(SENTENCES[:1])  # a question alone takes the one-thread path
    # int8 activations are quantized per batch (dynamic quantization), so batch-mates shift a vector slightly
    assert float(one[0] @ vectors[0]) > (0.9999 if backend == "onnx" else 0.99)


@pytest.mark.model
def test_index_built_with_onnx_answers_with_onnx(onnx_embedders, tmp_path):
    folder = tmp_path / "index"
    eduqa.build_index(CORPUS, folder, embedder=onnx_embedders["onnx-int8"])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["embedder"] == {"name": "all-MiniLM-L6-v2", "dimension": 384, "backend": "onnx-int8"}
    index = eduqa.load_index(folder)
    assert index.embedder.backend == "onnx-int8"
    assert "Community Collaboration Model (CCM)" in index.search(HEADLINE, k=1)[0].text
