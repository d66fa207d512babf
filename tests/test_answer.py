"""Answer extraction and abstention, as pure functions."""

from __future__ import annotations

from eduqa.answer import AbstentionRule, Evidence
from eduqa.extracts import Sentence, candidate_sentences, compose, score_sentences, shorten
from eduqa.fusion import reciprocal_rank_fusion
from eduqa.passages import Passage
from eduqa.results import Hit

ITEM = (
    "2. Community Collaboration Model (CCM): Particularly prevalent in the United States, this model "
    "emphasizes partnerships. It aims to address non-academic barriers to learning."
)


def hit(text: str, pid: str = "p") -> Hit:
    return Hit(Passage(id=pid, text=text, doc_id="d", title="T", source="d.md", end=len(text)), 1.0)


def test_candidate_sentences_strip_markers_and_remember_labels():
    sentences = candidate_sentences([hit(ITEM)])
    assert [s.text for s in sentences] == [
        "Community Collaboration Model (CCM): Particularly prevalent in the United States, this model "
        "emphasizes partnerships.",
        "It aims to address non-academic barriers to learning.",
    ]
    assert {s.label for s in sentences} == {"Community Collaboration Model (CCM)"}
    assert ITEM[sentences[1].start:sentences[1].end] == sentences[1].text


def test_answer_from_a_later_sentence_keeps_the_list_label():
    second = candidate_sentences([hit(ITEM)])[1]
    text, start, end = compose(ITEM, second)
    assert text.startswith("Community Collaboration Model (CCM):")
    assert text.endswith("non-academic barriers to learning.")
    assert ITEM[start:end] == text


def test_label_and_ellipsis_when_the_item_is_too_long():
    long_item = "1. Label Here: " + "Filler words go on and on here. " * 15 + "The key sentence is this one."
    sentence = candidate_sentences([hit(long_item)])[-1]
    text, start, end = compose(long_item, sentence)
    assert text == "Label Here: … The key sentence is this one."
    assert long_item[start:end] == "The key sentence is this one."


def test_answers_never_exceed_400_characters():
    sentence = "word " * 200
    s = Sentence(hit_rank=0, start=0, end=len(sentence), text=sentence)
    text, _, _ = compose(sentence, s)
    assert len(text) <= 400 and text.endswith("…")
    assert shorten("short") == "short"


def test_abstention_needs_similarity_and_known_terms():
    rule = AbstentionRule(min_similarity=0.35, sure_similarity=0.47, min_coverage=0.8)
    assert rule.answerable(Evidence(sentence_similarity=0.2, coverage=1.0))[0] is False
    assert rule.answerable(Evidence(sentence_similarity=0.6, coverage=0.0))[0] is True
    ok, reason = rule.answerable(Evidence(sentence_similarity=0.42, coverage=0.5))
    assert ok is False and "key terms" in reason
    assert rule.answerable(Evidence(sentence_similarity=0.42, coverage=0.9))[0] is True


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=60)
    assert [item for item, _ in fused] == [1, 3, 2, 4]
    assert fused[0][1] == 1 / 61 + 1 / 62


def test_late_interaction_can_outweigh_similarity_when_choosing_a_sentence() -> None:
    first, second = Sentence(0, 0, 10, "first"), Sentence(0, 11, 20, "second")
    plain = score_sentences([first, second], [0.50, 0.45], [0.0, 0.0])
    assert plain[0] > plain[1]
    late = score_sentences([first, second], [0.50, 0.45], [0.0, 0.0], token_scores=[0.40, 0.60])
    assert late[1] > late[0]
    ranked = score_sentences([first, Sentence(1, 0, 10, "other")], [0.5, 0.5], [0.0, 0.0])
    assert ranked[0] > ranked[1]  # the better-ranked passage wins a tie
