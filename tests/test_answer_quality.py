"""Answer extraction, abstention and the optional cross-encoder re-ranker (with a tiny local model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import eduqa
from eduqa.answer import AbstentionRule, Evidence
from eduqa.cli import main
from eduqa.errors import SettingsError
from eduqa.extracts import MAX_ANSWER_CHARS, choose_extract, compose, passage_sentences
from eduqa.rerank import CrossEncoderReranker, rerank_order
from eduqa.settings import SearchSettings

HEADLINE = "Which model addresses non-academic barriers to learning?"

LIST_PASSAGE = (
    "Common models include:\n\n"
    "1. Inter-School Collaboration: Schools share resources. It is common in Finland.\n\n"
    "2. Community Collaboration Model (CCM): It addresses non-academic barriers. Services are added."
)


def test_passage_sentences_remember_list_labels() -> None:
    sentences = passage_sentences(LIST_PASSAGE)
    texts = [s.text for s in sentences]
    assert texts[0] == "Common models include:"
    ccm = [s for s in sentences if "non-academic" in s.text][0]
    assert ccm.label == "Community Collaboration Model (CCM)"
    assert LIST_PASSAGE[ccm.start:ccm.end] == ccm.text


def test_choose_extract_joins_the_better_neighbour() -> None:
    sentences = passage_sentences(LIST_PASSAGE)
    scores = [0.0] * len(sentences)
    best = next(i for i, s in enumerate(sentences) if "non-academic" in s.text)
    scores[best] = 1.0
    scores[best - 1] = 0.9  # the end of the previous list item: never joined
    scores[best + 1] = 0.5
    chosen = choose_extract(sentences, scores, LIST_PASSAGE)
    text, start, end = compose(LIST_PASSAGE, chosen)
    assert text == "Community Collaboration Model (CCM): It addresses non-academic barriers. Services are added."
    assert LIST_PASSAGE[start:end] == text


def test_choose_extract_keeps_one_sentence_when_two_do_not_fit() -> None:
    long_sentence = "Word " * 80 + "end."
    text = f"{long_sentence} {long_sentence}"
    sentences = passage_sentences(text)
    chosen = choose_extract(sentences, [1.0, 0.9], text)
    assert (chosen.start, chosen.end) == (sentences[0].start, sentences[0].end)
    assert len(compose(text, chosen)[0]) <= MAX_ANSWER_CHARS


@pytest.mark.parametrize(
    ("evidence", "answered"),
    [
        (Evidence(sentence_similarity=0.2, coverage=1.0), False),  # nothing close
        (Evidence(sentence_similarity=0.6, coverage=0.0), True),  # a sentence says it
        (Evidence(sentence_similarity=0.42, coverage=0.3), False),  # close-ish, words unknown to the corpus
        (Evidence(sentence_similarity=0.42, coverage=0.95), True),  # close-ish, every word known
    ],
)
def test_abstention_rule(evidence: Evidence, answered: bool) -> None:
    ok, reason = AbstentionRule().answerable(evidence)
    assert ok is answered
    assert (reason is None) is answered


def test_abstention_rule_is_validated() -> None:
    with pytest.raises(SettingsError, match="min_similarity <= sure_similarity"):
        AbstentionRule(min_similarity=0.6, sure_similarity=0.4)
    with pytest.raises(SettingsError, match="min_coverage must be between 0 and 1"):
        AbstentionRule(min_coverage=2.0)
    with pytest.raises(SettingsError, match="clear_similarity must be between -1 and 1"):
        AbstentionRule(clear_similarity=1.5)


def test_answer_offsets_point_into_the_document(hash_index) -> None:
    answer = hash_index.answer(HEADLINE)
    assert answer.text is not None and len(answer.text) <= MAX_ANSWER_CHARS
    passage = next(h.passage for h in answer.hits if h.id == answer.passage_id)
    quoted = passage.text[answer.start - passage.start:answer.end - passage.start]
    assert quoted in answer.text or answer.text.endswith("…")


# --- re-ranker --------------------------------------------------------------------------------------


def test_rerank_order_keeps_ties_in_retrieval_order() -> None:
    assert rerank_order([0.1, 0.9, 0.9, 0.5]) == [1, 2, 3, 0]


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory) -> Path:
    """A BERT cross-encoder with random weights and a 20-word vocabulary, saved locally: no download."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("cross-encoder")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "which", "model", "addresses", "barriers",
             "learning", "community", "school", "the", "of", "to", "a", "and", "collaboration", "non", "academic"]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), model_max_length=128)
    config = BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=128, num_labels=1)
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_cross_encoder_reranks_the_candidates(hash_index, tiny_cross_encoder: Path) -> None:
    question = HEADLINE
    before = hash_index.search(question, k=5)
    hash_index.search_settings = SearchSettings(reranker=str(tiny_cross_encoder), rerank_depth=5)
    after = hash_index.search(question, k=5)
    assert {h.id for h in after} == {h.id for h in before}  # same candidates, in the model's order
    model = CrossEncoderReranker(str(tiny_cross_encoder))
    expected = model.score(question, [h.passage.indexed_text() for h in after])
    np.testing.assert_allclose([h.score for h in after], expected, rtol=1e-4, atol=1e-5)
    assert [h.score for h in after] == sorted((h.score for h in after), reverse=True)


def test_reranker_is_off_by_default() -> None:
    assert SearchSettings().reranker is None


def test_missing_reranker_is_one_clear_line(hash_index, tmp_path: Path, capsys) -> None:
    code = main(["ask", HEADLINE, "--index", str(hash_index.path), "--reranker", str(tmp_path / "nowhere")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("eduqa: error: could not load re-ranking model") and "Traceback" not in err


def test_reranker_option_in_library(hash_index, tiny_cross_encoder: Path) -> None:
    index = eduqa.load_index(
        hash_index.path, embedder=hash_index.embedder,
        search_settings=SearchSettings(reranker=str(tiny_cross_encoder), rerank_depth=3),
    )
    hits = index.search(HEADLINE, k=5)
    assert len(hits) == 5
    assert hits[0].score >= hits[1].score >= hits[2].score
