"""Splitting documents into cited passages."""

from __future__ import annotations

import pytest
from conftest import ARTICLE, CORPUS, QA_PAGE

from eduqa.documents import read_markdown, read_plain_text
from eduqa.errors import EduqaError, SettingsError
from eduqa.passages import passages_from_records, sentence_spans, split_document
from eduqa.settings import ChunkSettings


def seed_documents():
    return [
        read_markdown((CORPUS / QA_PAGE).read_text(encoding="utf-8"), QA_PAGE),
        read_plain_text((CORPUS / ARTICLE).read_text(encoding="utf-8"), ARTICLE),
    ]


@pytest.mark.parametrize("doc", seed_documents(), ids=[QA_PAGE, ARTICLE])
def test_offsets_point_at_the_passage_text(doc):
    passages = split_document(doc)
    assert passages
    for passage in passages:
        assert doc.text[passage.start:passage.end] == passage.text
        assert passage.citation.start == passage.start and passage.citation.end == passage.end


@pytest.mark.parametrize("doc", seed_documents(), ids=[QA_PAGE, ARTICLE])
def test_passages_are_bounded_and_never_cut_a_sentence(doc):
    for passage in split_document(doc):
        assert len(passage.text) <= 1200
        assert len(passage.text.split()) <= 200
        assert passage.text[-1] in ".!?:”\"’)", passage.text[-40:]
        assert passage.text[0].isupper() or passage.text[0].isdigit() or passage.text[0] in "•\"“"


def test_passages_cover_all_content_in_order():
    for doc in seed_documents():
        passages = split_document(doc)
        covered = "".join(p.text for p in passages)
        content = "".join(b.text for b in doc.blocks if b.kind in ("paragraph", "item"))
        assert covered.replace("\n", "") == content
        starts = [p.start for p in passages]
        assert starts == sorted(starts)


def test_ids_are_deterministic_and_unique():
    first = [p.id for d in seed_documents() for p in split_document(d)]
    second = [p.id for d in seed_documents() for p in split_document(d)]
    assert first == second
    assert len(set(first)) == len(first)


def test_list_item_keeps_its_bold_label_and_list_its_lead_in():
    qa = seed_documents()[0]
    passages = split_document(qa)
    ccm = next(p for p in passages if "Community Collaboration Model (CCM)" in p.text)
    assert ccm.text.startswith("2. Community Collaboration Model (CCM): Particularly prevalent")
    assert "non-academic barriers" in ccm.text
    assert ccm.lead_in.endswith("Here are some notable models:")
    assert "Here are some notable models:" in ccm.indexed_text()
    first = next(p for p in passages if "Inter-School Collaboration" in p.text)
    assert "Here are some notable models:" in first.text  # the lead-in heads the list's first passage


def test_short_list_stays_in_one_passage_with_its_lead_in():
    article = seed_documents()[1]
    passage = next(p for p in split_document(article) if "Key challenges include:" in p.text)
    assert "• Misalignment of goals and values." in passage.text
    assert "• Resource limitations affecting partnership sustainability." in passage.text


def test_passages_know_their_heading_path():
    article = seed_documents()[1]
    passage = next(p for p in split_document(article) if p.text.startswith("Active listening"))
    assert passage.section == "Communication Strategies for Partnership Success"
    assert passage.heading_path == (
        "Exploring Effective Partnership Models in Education for Success › "
        "Communication Strategies for Partnership Success"
    )


def test_long_paragraph_is_split_between_sentences():
    sentence = "Schools and families work together on reading every single week of the year. "
    doc = read_plain_text("Title\n\n" + sentence * 40, "long.txt")
    passages = split_document(doc, ChunkSettings(max_chars=400, max_words=70, target_words=60, min_words=10))
    assert len(passages) > 1
    for passage in passages:
        assert len(passage.text) <= 400
        assert passage.text.endswith("year.")
        assert doc.text[passage.start:passage.end] == passage.text


def test_a_single_giant_sentence_is_cut_at_word_boundaries():
    doc = read_plain_text("Title\n\n" + "word " * 600 + "end.", "giant.txt")
    passages = split_document(doc)
    assert all(len(p.text) <= 1200 for p in passages)
    assert all(not p.text.startswith(" ") and not p.text.endswith(" ") for p in passages)


def test_sentence_spans_respect_abbreviations_and_list_numbers():
    text = "Dr. Smith met the U.S. team, e.g. teachers. It went well! 2. Next item."
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == ["Dr. Smith met the U.S. team, e.g. teachers.", "It went well!", "2. Next item."]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_words": 0}, "min_words must be at least 1"),
        ({"min_words": 50, "target_words": 40}, "min_words <= target_words <= max_words"),
        ({"max_chars": 50}, "max_chars must be between 200 and 20000"),
    ],
)
def test_chunk_settings_are_validated(kwargs, message):
    with pytest.raises(SettingsError, match=message):
        ChunkSettings(**kwargs)


def test_records_become_passages_as_given():
    passages = passages_from_records([{"id": "p1", "title": "T", "text": "Some text."}, {"text": "More."}])
    assert passages[0].id == "p1" and passages[0].title == "T" and passages[0].end == len("Some text.")
    assert len(passages[1].id) == 16


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{"id": "a", "text": ""}], "passage 1: 'text' must be a non-empty string"),
        ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], "passage 2: duplicate id 'a'"),
        (["just a string"], "passage 1: expected a mapping"),
    ],
)
def test_bad_records_are_refused_with_the_position(records, message):
    with pytest.raises(EduqaError, match=message):
        passages_from_records(records)


def test_code_and_table_rows_of_many_short_words_are_cut_at_200_words():
    code = " ".join(f"x{i} = {i % 10};" if i % 7 else f"f({i})" for i in range(160))  # ~420 words, one "sentence"
    table = "\n".join("| " + " | ".join(str((r * c) % 3) for c in range(12)) + " |" for r in range(30))
    markdown = (
        "# Data\n\n```\n" + code + "\n```\n\n" + "Scores by week:\n\n"
        + "\n".join(f"- {' '.join(['0'] * 230)} week {n}" for n in range(2)) + "\n\n" + "| " + " | ".join(
            f"h{c}" for c in range(12)) + " |\n|" + "---|" * 12 + "\n" + table + "\n"
    )
    doc = read_markdown(markdown, "data.md")
    passages = split_document(doc)
    assert max(len(p.text.split()) for p in passages) <= 200
    assert max(len(p.text) for p in passages) <= 1200
    for passage in passages:
        assert doc.text[passage.start:passage.end] == passage.text
    covered = sum(len(p.text.split()) for p in passages)
    assert covered == sum(len(b.text.split()) for b in doc.blocks if b.kind not in ("title", "heading"))
