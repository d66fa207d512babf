"""Paragraphs read as a list, and the items of such a list that speak of one group."""

from __future__ import annotations

from eduqa.lists import items_about, section_list, whole_paragraphs
from eduqa.passages import Passage
from eduqa.question import group_counts

BENEFITS = (
    "Long-term benefits are multifaceted, reaching students and communities. One impact is better outcomes for "
    "students, as support services meet students' needs. This raises graduation rates.\n\n"
    "Additionally, such partnerships build social skills among students. Students learn teamwork.\n\n"
    "Within communities, partnerships drive local development. They enhance community cohesion and "
    "civic engagement among residents.\n\n"
    "These benefits last for years."
)


def _section() -> list[Passage]:
    return [Passage(id="p1", text=BENEFITS, doc_id="d", title="T", source="s", section="Long-Term Benefits",
                    start=0, end=len(BENEFITS))]


def test_a_paragraph_that_adds_with_such_is_an_item_and_one_that_sums_up_is_not():
    document = _section()
    listed = section_list(document[0], document)
    texts = [item.text for item in listed.items]
    assert texts == ["One impact is better outcomes for students, as support services meet students' needs.",
                     "Additionally, such partnerships build social skills among students.",
                     "Within communities, partnerships drive local development."]


def test_the_items_about_one_group_are_quoted_to_the_end_of_their_paragraphs():
    document = _section()
    listed = section_list(document[0], document)
    students = items_about(listed, group_counts, "students")
    assert [item.text for item in students.items] == [
        "One impact is better outcomes for students, as support services meet students' needs. This raises "
        "graduation rates.",
        "Additionally, such partnerships build social skills among students. Students learn teamwork."]
    communities = items_about(listed, group_counts, "communities")
    assert [item.text[:18] for item in communities.items] == ["Within communities"]


def test_no_items_are_picked_when_every_item_or_none_speaks_of_the_group():
    document = _section()
    listed = section_list(document[0], document)
    assert items_about(listed, group_counts, "teachers") is None
    one_group = type(listed)(header=listed.header, items=listed.items[:2], marked=False)
    assert items_about(one_group, group_counts, "students") is None


def test_whole_paragraphs_quote_each_item_to_the_end_of_its_paragraph():
    document = _section()
    listed = whole_paragraphs(section_list(document[0], document))
    assert [item.text.split(". ")[-1] for item in listed.items] == [
        "This raises graduation rates.", "Students learn teamwork.",
        "They enhance community cohesion and civic engagement among residents."]
