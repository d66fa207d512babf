"""Reading the two seed formats and other Markdown and text files."""

from __future__ import annotations

import pytest
from conftest import ARTICLE, CORPUS, QA_PAGE

from eduqa.corpus import decode_text, read_corpus
from eduqa.documents import looks_like_heading, read_markdown, read_plain_text


def qa_page():
    return read_markdown((CORPUS / QA_PAGE).read_text(encoding="utf-8"), QA_PAGE)


def article():
    return read_plain_text((CORPUS / ARTICLE).read_text(encoding="utf-8"), ARTICLE)


def test_qa_page_metadata_is_kept_for_citations():
    doc = qa_page()
    assert doc.title == "What are the common models of collaboration between schools and institutions?"
    assert doc.metadata["subject"] == "Education Studies"
    assert doc.metadata["date"] == "2024-12-13"
    assert doc.url.startswith("/learn/education-studies/questions/what-are-the-common-models")


def test_qa_answer_is_rendered_into_paragraphs_and_list_items():
    doc = qa_page()
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph"] + ["item"] * 6 + ["paragraph"]
    assert "\\n" not in doc.text and "**" not in doc.text
    ccm = doc.blocks[2].text
    assert ccm.startswith("2. Community Collaboration Model (CCM): Particularly prevalent")


def test_qa_page_seo_and_related_articles_are_not_content():
    text = qa_page().text
    assert "page_keywords" not in text and "inter-school collaboration, community collaboration model" not in text
    assert "QuickTakes" not in text
    assert "home-school collaboration" not in text  # a related article's title


def test_article_title_headings_and_lists():
    doc = article()
    assert doc.title == "Exploring Effective Partnership Models in Education for Success"
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "Understanding School-Community Partnerships" in headings
    assert "Schools’ Responsibilities" in headings
    assert len(headings) == 14
    items = [b for b in doc.blocks if b.kind == "item"]
    assert items[0].text.startswith("1. Resource Provision:")
    assert [b.text for b in items if b.text.startswith("•")][0] == "• Misalignment of goals and values."
    lead_in = doc.blocks[doc.blocks.index(items[0]) - 1]
    assert lead_in.text == "Key contributions of community organizations include:"


def test_article_see_also_lines_are_dropped():
    assert "See also" not in article().text
    assert "Building Trust in Partnerships" not in article().text


def test_blocks_know_their_heading_path_and_offsets():
    doc = article()
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
    paragraph = next(b for b in doc.blocks if b.text.startswith("Active listening"))
    assert paragraph.headings == ("Communication Strategies for Partnership Success",)


def test_markdown_without_front_matter_takes_its_title_from_the_first_heading():
    doc = read_markdown("# Reading Recovery\n\nIntro text here.\n\n## Method\n\n- one *thing*\n- two\n", "r.md")
    assert doc.title == "Reading Recovery"
    assert [b.kind for b in doc.blocks] == ["paragraph", "heading", "item", "item"]
    assert doc.blocks[2].text == "• one thing" and doc.blocks[2].headings == ("Method",)


def test_markdown_without_any_title_is_named_after_its_file():
    doc = read_markdown("Just a paragraph.", "notes/phonics-basics.md")
    assert doc.title == "Phonics basics"


def test_broken_front_matter_keeps_the_body_with_a_warning():
    text = "---\ntitle: [unclosed\nsubject: x\n---\n\nThe body still counts.\n"
    doc = read_markdown(text, "broken.md")
    assert doc.text == "The body still counts."
    assert doc.warnings and "front matter is not valid YAML" in doc.warnings[0]


def test_heading_detection_rules():
    assert looks_like_heading("Metrics for Evaluation")
    assert not looks_like_heading("Key challenges include:")
    assert not looks_like_heading("This is a sentence.")
    assert not looks_like_heading("lowercase start")
    assert not looks_like_heading(" ".join(["Word"] * 20))


def test_latin1_text_is_decoded_not_dropped():
    data = "Éducation préscolaire et coopération des écoles avec les familles.".encode("latin-1")
    assert decode_text(data).startswith("Éducation préscolaire")


def test_corpus_reports_unreadable_files_and_keeps_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text("A title\n\nSome real content about schools.\n", encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage" * 10)
    (tmp_path / ".hidden.md").write_text("ignored", encoding="utf-8")
    found = read_corpus(tmp_path)
    assert list(found.documents) == ["good.txt"]
    reasons = {s["path"]: s["reason"] for s in found.skipped}
    assert reasons == {"binary.txt": "binary data, not text", "empty.md": "empty file"}


def test_corpus_skips_files_over_the_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("Big\n\n" + "word " * 1000, encoding="utf-8")
    found = read_corpus(tmp_path, max_bytes=100)
    assert found.skipped[0]["path"] == "big.txt"
    assert "over the limit of 100" in found.skipped[0]["reason"]


@pytest.mark.parametrize("field", ["abstract", "description", "summary"])
def test_markdown_with_an_empty_body_indexes_its_summary_field(field):
    lesson = "Daily one-to-one lessons for pupils who struggle to read."
    text = f"---\ntitle: Reading Recovery\n{field}: |\n  {lesson}\n---\n"
    doc = read_markdown(text, "recovery.md")
    assert doc.title == "Reading Recovery"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Daily one-to-one lessons for pupils who struggle to read.")
    ]


def test_markdown_summary_field_is_not_read_when_the_body_has_text():
    text = "---\ntitle: Clubs\nabstract: A summary.\n---\nThe chess club meets on Tuesdays.\n"
    assert read_markdown(text, "clubs.md").text == "The chess club meets on Tuesdays."
