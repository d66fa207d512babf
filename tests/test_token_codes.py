"""Compressed token vectors: product quantization trained at build time, kept at every index size."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import HEADLINE, CountingEmbedder

import eduqa
import eduqa.tokens
from eduqa.builder import encode_tokens
from eduqa.embedding import HashEmbedder
from eduqa.errors import IndexFormatError, SettingsError
from eduqa.settings import DenseSettings
from eduqa.token_codes import CENTROIDS, Codebook, check_subspaces
from eduqa.tokens import CENTROIDS_FILE, PQ_FILES, SCALES_FILE, TextTokens, TokenVectors, late_interaction


def clustered(count: int, dimension: int = 64, clusters: int = 40, seed: int = 0) -> np.ndarray:
    """Unit vectors around a few centres, as the tokens of a model are (random ones are the worst case)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dimension))
    vectors = centres[rng.integers(0, clusters, count)] + 0.3 * rng.normal(size=(count, dimension))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def parts_of(vectors: np.ndarray, sizes) -> list[TextTokens]:
    parts, start = [], 0
    for size in sizes:
        parts.append(TextTokens(vectors[start:start + size], np.arange(size, dtype=np.int32) * 5))
        start += size
    return parts


@pytest.fixture
def few_training_tokens(monkeypatch):
    """The test corpus has some 2,000 tokens; let a codebook train on them."""
    monkeypatch.setattr(eduqa.tokens, "MIN_TRAINING_TOKENS", CENTROIDS)


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.train(clustered(4_000), subspaces=16)


def test_a_codebook_keeps_tokens_close_in_one_byte_a_piece(codebook) -> None:
    vectors = clustered(500, seed=1)
    codes = codebook.encode(vectors)
    assert codes.dtype == np.uint8 and codes.shape == (500, 16)
    decoded = codebook.decode(codes)
    cosines = (decoded * vectors).sum(axis=1) / np.linalg.norm(decoded, axis=1)
    assert np.median(cosines) > 0.88
    # decoded tokens encode to the same codes: an incremental build does not drift
    assert np.array_equal(codebook.encode(decoded), codes)


def test_compressed_tokens_rank_passages_as_the_8_bit_ones_do(codebook) -> None:
    vectors = clustered(3_000, seed=2)
    parts = parts_of(vectors, [10] * 300)
    exact = TokenVectors.from_parts(parts, 64)
    compressed = TokenVectors.from_parts(parts, 64, codebook=codebook)
    assert exact.codec == "int8" and compressed.codec == "pq"
    assert compressed.bytes_per_token == 16 < exact.bytes_per_token
    rng = np.random.default_rng(3)
    found = {"int8": 0, "pq": 0}
    for target in range(0, 300, 10):
        # a question of four of the passage's words, a little changed, as a paraphrase would
        words = parts[target].vectors[:4] + 0.15 * rng.normal(size=(4, 64))
        question = words / np.linalg.norm(words, axis=1, keepdims=True)
        for name, tokens in (("int8", exact), ("pq", compressed)):
            found[name] += int(np.argmax(late_interaction(question, tokens, range(300))) == target)
    assert found["int8"] >= 28 and found["pq"] >= found["int8"] - 2


def test_compressed_tokens_round_trip_through_files(tmp_path, codebook) -> None:
    parts = parts_of(clustered(70, seed=4), [30, 0, 40])
    tokens = TokenVectors.from_parts(parts, 64, codebook=codebook)
    tokens.save(tmp_path)
    assert (tmp_path / CENTROIDS_FILE).is_file() and not (tmp_path / SCALES_FILE).exists()
    loaded = TokenVectors.load(tmp_path, passages=3, dimension=64, mmap=True, codec="pq")
    assert isinstance(loaded.codes, np.memmap) and loaded.codes.dtype == np.uint8
    for i in range(3):
        np.testing.assert_array_equal(loaded.of(i).vectors, tokens.of(i).vectors)
        assert loaded.of(i).starts.tolist() == parts[i].starts.tolist()
    with pytest.raises(IndexFormatError, match="do not match its 3 passages of dimension 32"):
        TokenVectors.load(tmp_path, passages=3, dimension=32, codec="pq")
    with pytest.raises(IndexFormatError, match="unknown code 'zip'"):
        TokenVectors.load(tmp_path, passages=3, dimension=64, codec="zip")
    (tmp_path / CENTROIDS_FILE).unlink()
    with pytest.raises(IndexFormatError, match="token_centroids.npy is missing; rebuild"):
        TokenVectors.load(tmp_path, passages=3, dimension=64, codec="pq")


def test_too_few_tokens_to_train_a_codebook_keep_8_bit_codes() -> None:
    parts = parts_of(clustered(200), [100, 100])
    assert TokenVectors.from_parts(parts, 64, subspaces=16).codec == "int8"
    with pytest.raises(ValueError, match="at least 256 vectors"):
        Codebook.train(clustered(100), subspaces=16)


def test_pieces_must_divide_the_dimension() -> None:
    with pytest.raises(ValueError, match="cannot be cut into 48 equal pieces; choose a divisor of 64"):
        check_subspaces(48, 64)
    with pytest.raises(ValueError, match=f"\\(pieces, {CENTROIDS}, piece dimension\\)"):
        Codebook(np.zeros((4, 10, 2), dtype=np.float32))


def test_the_byte_budget_picks_the_largest_divisor_of_the_dimension(few_training_tokens) -> None:
    parts = parts_of(clustered(1_200), [4] * 300)
    tokens = encode_tokens(parts, 64, DenseSettings(compress_tokens_from=0, token_bytes=48))
    assert tokens.codec == "pq" and tokens.bytes_per_token == 32
    small = encode_tokens(parts, 64, DenseSettings(compress_tokens_from=301))
    assert small.codec == "int8"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"token_bytes": 65}, "token_bytes must be between 1 and 64, got 65"),
        ({"token_bytes": 0}, "token_bytes must be between 1 and 64, got 0"),
        ({"compress_tokens_from": -1}, "compress_tokens_from must be at least 0, got -1"),
        ({"tokens_up_to": -1}, "tokens_up_to must be at least 0 or None, got -1"),
    ],
)
def test_token_settings_are_checked(settings, message) -> None:
    with pytest.raises(SettingsError, match=message):
        DenseSettings(**settings)


# --- in builds ---------------------------------------------------------------------------------------


COMPRESSED = DenseSettings(compress_tokens_from=0, token_bytes=16)


def test_a_build_compresses_tokens_and_search_uses_them(corpus_dir, tmp_path, few_training_tokens) -> None:
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder(), dense_settings=COMPRESSED)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tokens"]["dtype"] == "pq" and manifest["tokens"]["files"] == list(PQ_FILES)
    assert all((out / name).is_file() for name in PQ_FILES) and not (out / SCALES_FILE).exists()
    index = eduqa.load_index(out, embedder=HashEmbedder())
    assert index.token_vectors.codec == "pq" and index.token_vectors.bytes_per_token == 16
    hits = index.search(HEADLINE, k=5)
    assert all(h.token_score > 0 for h in hits)
    assert "Community Collaboration Model" in hits[0].text
    answer = index.answer(HEADLINE)
    assert answer.text and "non-academic barriers" in answer.text


def test_an_incremental_build_keeps_the_codebook_and_the_codes(corpus_dir, tmp_path, few_training_tokens) -> None:
    out = tmp_path / "index"
    first = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder(), dense_settings=COMPRESSED)
    (corpus_dir / "extra.md").write_text("# Extra\n\nMentoring circles pair retired engineers with pupils.\n")
    counting = CountingEmbedder()
    second = eduqa.build_index(corpus_dir, out, embedder=counting, dense_settings=COMPRESSED)
    assert second.report.embedded == 1
    np.testing.assert_array_equal(second.token_vectors.codebook.centroids, first.token_vectors.codebook.centroids)
    old = {p.id: i for i, p in enumerate(first.passages)}
    for i, passage in enumerate(second.passages):
        if passage.id in old:
            j = old[passage.id]
            now = second.token_vectors.codes[second.token_vectors.rows[i]:second.token_vectors.rows[i + 1]]
            before = first.token_vectors.codes[first.token_vectors.rows[j]:first.token_vectors.rows[j + 1]]
            np.testing.assert_array_equal(now, before)


def test_a_small_index_that_grows_past_the_threshold_is_compressed(corpus_dir, tmp_path, few_training_tokens) -> None:
    out = tmp_path / "index"
    small = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    assert small.token_vectors.codec == "int8"
    grown = eduqa.build_index(corpus_dir, out, embedder=CountingEmbedder(), dense_settings=COMPRESSED)
    assert grown.report.embedded == 0 and grown.token_vectors.codec == "pq"
