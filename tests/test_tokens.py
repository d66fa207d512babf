"""Late interaction: content tokens, their 8-bit storage, MaxSim scores, and their place in builds and search."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from conftest import HEADLINE, CountingEmbedder

import eduqa
from eduqa.checksums import seal
from eduqa.embedding import HashEmbedder
from eduqa.errors import IndexFormatError, IndexNotFoundError
from eduqa.settings import DenseSettings, SearchSettings
from eduqa.tokens import (
    FILES,
    TextTokens,
    TokenVectors,
    keep_piece,
    late_interaction,
    quantize,
    sentence_late_interaction,
)


def unit(rows) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def text_tokens(vectors, starts=None) -> TextTokens:
    vectors = np.asarray(vectors, dtype=np.float32)
    return TextTokens(vectors, np.arange(len(vectors), dtype=np.int32) if starts is None else np.asarray(starts))


@pytest.mark.parametrize(
    ("piece", "kept"),
    [("barriers", True), ("##ing", True), ("ccm", True), ("2024", True), ("the", False), ("which", False),
     ("?", False), (",", False), ("[CLS]", False), ("[SEP]", False), ("[PAD]", False)],
)
def test_only_content_pieces_are_kept(piece, kept) -> None:
    assert keep_piece(piece) is kept


def test_quantized_vectors_stay_close_to_the_originals() -> None:
    rng = np.random.default_rng(0)
    vectors = unit(rng.normal(size=(200, 384)))
    codes, scales = quantize(vectors)
    assert codes.dtype == np.int8 and scales.shape == (200,)
    restored = codes.astype(np.float32) * scales[:, None]
    cosines = (restored * vectors).sum(axis=1) / np.linalg.norm(restored, axis=1)
    assert cosines.min() > 0.999


def test_zero_rows_quantize_without_dividing_by_zero() -> None:
    codes, scales = quantize(np.zeros((2, 8), dtype=np.float32))
    assert not codes.any() and np.all(np.isfinite(scales))


def test_late_interaction_is_the_mean_of_each_question_tokens_best_match() -> None:
    e = np.eye(4, dtype=np.float32)
    tokens = TokenVectors.from_parts([text_tokens(p) for p in (e[[0, 1]], e[[2]], np.zeros((0, 4)), e[[0, 3]])], 4)
    question = e[[0, 1]]
    scores = late_interaction(question, tokens, [0, 1, 2, 3])
    # passage 0 has both words, passage 3 one of the two, passage 1 neither, passage 2 no tokens at all
    np.testing.assert_allclose(scores, [1.0, 0.0, 0.0, 0.5], atol=0.01)
    np.testing.assert_allclose(late_interaction(question, tokens, [3, 0]), [0.5, 1.0], atol=0.01)
    assert late_interaction(np.zeros((0, 4)), tokens, [0, 1]).tolist() == [0.0, 0.0]
    assert late_interaction(question, tokens, []).shape == (0,)


def test_late_interaction_prefers_the_passage_that_holds_every_word() -> None:
    """A passage vector averages its words away; token by token, the passage with each word wins."""
    rng = np.random.default_rng(1)
    words = unit(rng.normal(size=(10, 32)))
    focused = words[[0, 1, 2]]
    diffuse = words[[0, 3, 4, 5, 6, 7, 8, 9]]
    tokens = TokenVectors.from_parts([text_tokens(diffuse), text_tokens(focused)], 32)
    scores = late_interaction(words[[0, 1, 2]], tokens, [0, 1])
    assert scores[1] > scores[0]


def test_token_vectors_round_trip_through_files(tmp_path) -> None:
    rng = np.random.default_rng(2)
    parts = [text_tokens(unit(rng.normal(size=(n, 16))), np.arange(n) * 7 - 3) for n in (3, 0, 5)]
    tokens = TokenVectors.from_parts(parts, 16)
    tokens.save(tmp_path)
    loaded = TokenVectors.load(tmp_path, passages=3, dimension=16, mmap=True)
    for i, part in enumerate(parts):
        np.testing.assert_allclose(loaded.of(i).vectors, part.vectors, atol=0.01)
        assert loaded.of(i).starts.tolist() == part.starts.tolist()


def test_mismatched_token_files_are_a_format_error(tmp_path) -> None:
    TokenVectors.from_parts([text_tokens(np.eye(4)[:2])], 4).save(tmp_path)
    with pytest.raises(IndexFormatError, match="do not match its 2 passages"):
        TokenVectors.load(tmp_path, passages=2, dimension=4)
    (tmp_path / FILES[0]).unlink()
    with pytest.raises(IndexFormatError, match="missing; rebuild"):
        TokenVectors.load(tmp_path, passages=1, dimension=4)


# --- in builds and search ----------------------------------------------------------------------------


def test_a_build_keeps_token_vectors_of_every_passage(hash_index) -> None:
    tokens = hash_index.token_vectors
    assert tokens is not None and tokens.passages == len(hash_index)
    first = hash_index.passages[0]
    words = {w for w in first.indexed_text().lower().split() if keep_piece(w.strip(".,:;()"))}
    assert len(tokens.of(0)) >= len(words) > 0


def test_token_starts_point_into_the_passage_text(hash_index) -> None:
    """Each token's start is where its word begins in the passage; heading and lead-in words come before 0."""
    for position in (0, 5, 20):
        passage = hash_index.passages[position]
        found = hash_index.token_vectors.of(position)
        inside = found.starts[found.starts >= 0]
        assert len(inside) > 0
        for start in inside:
            assert passage.text[start].isalnum() and (start == 0 or not passage.text[start - 1].isalnum())
        if passage.section:
            assert (found.starts < 0).any()  # the heading path is embedded before the text


def test_sentence_late_interaction_uses_the_tokens_inside_each_span() -> None:
    e = np.eye(3, dtype=np.float32)
    tokens = text_tokens(e[[0, 1, 2]], [0, 10, 20])
    question = e[[2]]
    scores = sentence_late_interaction(question, tokens, [[(0, 15)], [(15, 30)], [(0, 5), (18, 25)], [(40, 50)]])
    np.testing.assert_allclose(scores, [0.0, 1.0, 1.0, 0.0])
    assert sentence_late_interaction(np.zeros((0, 3)), tokens, [[(0, 30)]]) == [0.0]


def test_large_indexes_keep_no_token_vectors_and_still_search(corpus_dir, tmp_path) -> None:
    index = eduqa.build_index(
        corpus_dir, tmp_path / "big", embedder=HashEmbedder(), dense_settings=DenseSettings(tokens_up_to=10)
    )
    assert index.token_vectors is None
    assert not any((tmp_path / "big" / name).exists() for name in FILES)
    assert json.loads((tmp_path / "big" / "manifest.json").read_text())["tokens"] is None
    loaded = eduqa.load_index(tmp_path / "big", embedder=HashEmbedder())
    assert loaded.token_vectors is None
    hits = loaded.search(HEADLINE)
    assert hits and all(h.token_score == 0.0 for h in hits)


def test_hybrid_search_scores_candidates_by_late_interaction(hash_index) -> None:
    hits = hash_index.search(HEADLINE, k=5)
    assert all(h.token_score > 0 for h in hits)
    assert "Community Collaboration Model" in hits[0].text
    off = eduqa.Index(**{**hash_index.__dict__, "search_settings": SearchSettings(token_weight=0.0)})
    assert all(h.token_score == 0.0 for h in off.search(HEADLINE, k=5))


def test_a_question_without_content_words_is_searched_without_late_interaction(hash_index) -> None:
    hits = hash_index.search("which is it?", k=3)
    assert len(hits) == 3 and all(h.token_score == 0.0 for h in hits)


def test_incremental_build_reuses_token_vectors(corpus_dir, tmp_path) -> None:
    out = tmp_path / "index"
    first = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    (corpus_dir / "extra.md").write_text("# Extra\n\nMentoring circles pair retired engineers with pupils.\n")
    counting = CountingEmbedder()
    second = eduqa.build_index(corpus_dir, out, embedder=counting)
    assert second.report.embedded == 1
    old = {p.id: i for i, p in enumerate(first.passages)}
    for i, passage in enumerate(second.passages):
        if passage.id in old:
            now, before = second.token_vectors.of(i), first.token_vectors.of(old[passage.id])
            np.testing.assert_allclose(now.vectors, before.vectors, atol=0.01)
            assert now.starts.tolist() == before.starts.tolist()
    extra = next(i for i, p in enumerate(second.passages) if p.source == "extra.md")
    assert len(second.token_vectors.of(extra)) > 0


def test_an_index_without_token_vectors_gets_them_on_the_next_build(corpus_dir, tmp_path) -> None:
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder(), dense_settings=DenseSettings(tokens_up_to=0))
    rebuilt = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    assert rebuilt.report.embedded == 0  # passage vectors are reused; only the tokens are computed
    assert rebuilt.token_vectors is not None and rebuilt.token_vectors.passages == len(rebuilt)


def test_a_missing_token_file_is_reported_with_the_fix(hash_index, tmp_path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(tmp_path / "index", folder)
    (folder / "tokens.npy").unlink()
    with pytest.raises(IndexNotFoundError, match="tokens.npy is missing; rebuild with `eduqa build --full`"):
        eduqa.load_index(folder, embedder=HashEmbedder())


class PlainEmbedder:
    """An embedder with `embed` only: no token vectors."""

    name, dimension, backend = "plain", 64, "hash"

    def __init__(self) -> None:
        self._inner = HashEmbedder()

    def embed(self, texts, *, batch_size=32, progress=False):
        return self._inner.embed(texts)


def test_an_embedder_without_token_vectors_builds_searches_and_answers(corpus_dir, tmp_path) -> None:
    index = eduqa.build_index(corpus_dir, tmp_path / "plain", embedder=PlainEmbedder())
    assert index.token_vectors is None
    answer = index.answer(HEADLINE)
    assert answer.text and "Community Collaboration Model" in answer.text


def test_answers_score_sentences_by_late_interaction_without_running_the_model(hash_index) -> None:
    hash_index.answer(HEADLINE)  # the passages' sentences are split and kept
    counting = CountingEmbedder()
    index = eduqa.Index(**{**hash_index.__dict__, "embedder": counting})
    answer = index.answer(HEADLINE)
    assert answer.text and "non-academic barriers" in answer.text
    assert counting.embedded == 1  # the question only


def test_an_index_from_before_token_vectors_is_stale_and_a_build_adds_them(corpus_dir, tmp_path) -> None:
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder(), dense_settings=DenseSettings(tokens_up_to=0))
    assert eduqa.index_status(corpus_dir, out, model="hash") == []  # a deliberate choice, recorded as null
    for name in FILES:
        (out / name).unlink(missing_ok=True)
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["tokens"]
    seal(manifest)  # a manifest changed by hand is refused as damaged unless its checksum is made again
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert eduqa.index_status(corpus_dir, out, model="hash") == [
        "the index was built before token vectors (late interaction) existed"
    ]
    assert eduqa.load_index(out, embedder=HashEmbedder()).token_vectors is None  # still loads and searches
    rebuilt = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    assert rebuilt.report.embedded == 0 and rebuilt.token_vectors is not None
    assert eduqa.index_status(corpus_dir, out, model="hash") == []


def test_garbled_token_vectors_are_a_format_error_that_says_to_rebuild(hash_index, tmp_path) -> None:
    folder = tmp_path / "garbled"
    shutil.copytree(tmp_path / "index", folder)
    (folder / "tokens.npy").write_bytes(b"\x00not a numpy file" * 10)
    with pytest.raises(IndexFormatError, match="tokens.npy is damaged: .*rebuild with `eduqa build --full`"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_an_unreadable_token_cache_is_ignored_and_rebuilt(tmp_path, caplog) -> None:
    from eduqa.vector_cache import TOKENS_FILE, CachedEmbedder

    texts = ["Mentoring circles pair engineers with pupils.", "Schools share staff."]
    first = CachedEmbedder(HashEmbedder(), tmp_path)
    _, tokens = first.embed_tokens(texts)
    (first.folder / TOKENS_FILE).write_bytes(b"garbage")
    again = CachedEmbedder(HashEmbedder(), tmp_path)
    assert "ignoring the unreadable token cache" in caplog.text
    vectors, rebuilt = again.embed_tokens(texts)
    assert again.misses == 2 and vectors.shape == (2, 64)
    for old, new in zip(tokens, rebuilt):
        np.testing.assert_allclose(new.vectors, old.vectors, atol=1e-3)
        assert new.starts.tolist() == old.starts.tolist()
    third = CachedEmbedder(HashEmbedder(), tmp_path)
    assert third.embed_tokens(texts)[1][0].starts.tolist() == tokens[0].starts.tolist()
    assert third.misses == 0  # the rewritten cache is read again
