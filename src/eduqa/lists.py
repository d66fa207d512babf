"""Lists in documents: the items of a numbered or bulleted list, and paragraphs that read as a list.

A long list is split one item per passage, so its items are gathered again from every passage of the
document that shares the list's lead-in ("Here are some notable models:"). A list written as prose ("One
prominent framework is … Another … Additionally, …") is a section whose paragraphs each bring one item.
Everything here is pure: it works on passages and their texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .extracts import ITEM_LABEL, ITEM_MARKER
from .passages import Passage, sentence_spans

#: An item's whole text is quoted when it is this short; a longer one gives its label and first sentence.
SHORT_ITEM_CHARS = 200
_BLOCK = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")
#: Words that open a paragraph continuing the one before rather than bringing a new item.
_BACK_REFERENCE = {"these", "this", "such", "those", "their", "they", "it", "its", "overall", "ultimately", "thus"}
_NAMED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w’'-]*)+")


@dataclass(frozen=True)
class ListItem:
    """One item of a list: the quoted span of its passage (label and first sentence, or all of it)."""

    passage: Passage
    start: int
    end: int
    label: str = ""

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]


@dataclass(frozen=True)
class DocumentList:
    """A list found in a document: what introduces it (a lead-in or a section title) and its items in order."""

    header: str
    items: tuple[ListItem, ...]
    #: True for a numbered or bulleted list, False for paragraphs of a section read as a list.
    marked: bool

    @property
    def passage_ids(self) -> frozenset[str]:
        return frozenset(item.passage.id for item in self.items)


def blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph or list item of a passage's text."""
    return [(m.start(), m.end()) for m in _BLOCK.finditer(text)]


def block_at(text: str, offset: int) -> tuple[int, int] | None:
    """(start, end) of the paragraph or list item of `text` that holds `offset`, or None."""
    return next(((s, e) for s, e in blocks(text) if s <= offset < e), None)


def lead_in_of(passage: Passage) -> str:
    """The lead-in of the list that `passage` holds or continues, or "" when it holds no list."""
    if passage.lead_in:
        return passage.lead_in
    spans = blocks(passage.text)
    for (start, end), (next_start, _) in zip(spans, spans[1:]):
        if passage.text[start:end].rstrip().endswith(":") and ITEM_MARKER.match(passage.text[next_start:]):
            return passage.text[start:end].strip()
    return ""


def _item(passage: Passage, start: int, end: int) -> ListItem:
    """The quoted part of the item at passage.text[start:end] (after its marker)."""
    body = passage.text[start:end]
    label = ITEM_LABEL.match(body)
    if len(body) <= SHORT_ITEM_CHARS:
        return ListItem(passage, start, end, label.group(1) if label else "")
    spans = sentence_spans(body)
    first_end = spans[0][1] if spans else len(body)
    return ListItem(passage, start, start + first_end, label.group(1) if label else "")


def marked_items(passage: Passage, lead_in: str) -> list[ListItem]:
    """The items of the list introduced by `lead_in` that stand in `passage`, in order."""
    items: list[ListItem] = []
    in_list = passage.lead_in == lead_in
    for start, end in blocks(passage.text):
        text = passage.text[start:end]
        marker = ITEM_MARKER.match(text)
        if marker and in_list:
            items.append(_item(passage, start + marker.end(), end))
        elif not marker:
            in_list = text.strip() == lead_in
    return items


def marked_list(passage: Passage, document: Sequence[Passage]) -> DocumentList | None:
    """The numbered or bulleted list that `passage` belongs to, gathered from every passage that shares it."""
    lead_in = lead_in_of(passage)
    if not lead_in:
        return None
    items = [item for other in document if lead_in_of(other) == lead_in for item in marked_items(other, lead_in)]
    return DocumentList(header=lead_in, items=tuple(items), marked=True) if len(items) >= 2 else None


def section_list(passage: Passage, document: Sequence[Passage]) -> DocumentList | None:
    """The paragraphs of the passage's section read as a list: one item per paragraph that brings something new.

    A paragraph's item is its first sentence. The section's first paragraph usually introduces the topic, so
    its item is its second sentence, when that does not lean back on the first ("These frameworks …").
    Paragraphs that sum up ("These case studies …"), lead-ins and marked list items are left out.
    """
    if not passage.section:
        return None
    section = [p for p in document if p.section == passage.section]
    items: list[ListItem] = []
    first = True
    for part in section:
        for start, end in blocks(part.text):
            text = part.text[start:end]
            if ITEM_MARKER.match(text) or text.rstrip().endswith(":"):
                continue
            spans = sentence_spans(text)
            index = 1 if first else 0
            if first and spans and _enumerates(text[spans[0][0]:spans[0][1]]):
                items.append(ListItem(part, start + spans[0][0], start + spans[0][1]))
            if len(spans) <= index:
                first = False
                continue
            s, e = spans[index]
            sentence = text[s:e]
            if _leans_back(sentence) and index + 1 < len(spans) and _BY_DOING.match(text[slice(*spans[index + 1])]):
                # "Ultimately, a commitment … fosters resilience. By prioritizing collaborative strategies and focusing
                # on mutual interests, schools …": a paragraph that sums up may go on to say how
                s, e = spans[index + 1]
                sentence = text[s:e]
            if not _leans_back(sentence):
                named = _NAMED.search(sentence)
                if not first and index + 1 < len(spans) and opens_with_series(text[slice(*spans[index + 1])]):
                    e = spans[index + 1][1]  # "… platforms for feedback … Surveys, community forums, and …"
                items.append(ListItem(part, start + s, start + e, named.group(0) if named else ""))
            if first:
                # the introduction may go on to name several things itself ("Establishing regular meetings,
                # utilizing digital platforms, and maintaining open lines of communication are vital components.")
                items.extend(ListItem(part, start + s, start + e) for s, e in spans[index + 1:]
                             if opens_with_series(text[s:e]))
            first = False
    return DocumentList(header=passage.section, items=tuple(items), marked=False) if len(items) >= 3 else None


#: A sentence that says how: "By prioritizing collaborative strategies …".
_BY_DOING = re.compile(r"\s*By\s+\w+ing\b")
#: A sentence that opens with several things in a row: "Establishing regular meetings, utilizing digital platforms,
#: and maintaining open lines of communication are …".
_SERIES_FIRST = re.compile(r"[\w’'-]+(?:\s+[\w’'-]+){0,4},\s+[\w’'-]+(?:\s+[\w’'-]+){0,4},?\s+(?:and|or)\s+\w")


def opens_with_series(sentence: str) -> bool:
    """Whether a sentence opens with several things in a row ("Surveys, community forums, and suggestion boxes …")."""
    return bool(_SERIES_FIRST.match(sentence.strip()))


def _enumerates(sentence: str) -> bool:
    """Whether a sentence names several things itself ("a focus on X, Y, and Z")."""
    return sentence.count(",") >= 2 and bool(re.search(r",\s+(?:and|or)\s+", sentence))


#: Openings that add one more thing: "Additionally, such partnerships enable …" brings something new.
_ADDS = re.compile(r"^\W*(?:additionally|moreover|furthermore|in\s+addition|another)\b", re.I)


def _leans_back(sentence: str) -> bool:
    """Whether a sentence sums up or goes on from the one before ("These case studies …", "Ultimately, …"), rather
    than adding one more thing ("Additionally, such partnerships enable …")."""
    if _ADDS.match(sentence):
        return False
    words = re.findall(r"[\w’'-]+", sentence.lower())[:2]
    return any(w in _BACK_REFERENCE for w in words)


def items_about(listed: DocumentList, counts: Callable[[str], dict[str, int]], group: str) -> DocumentList | None:
    """The items of paragraphs read as a list that speak of `group` more than of any other (`counts` tells how
    often a text names each group), each quoted to the end of its paragraph; None when that is every item or none.

    "What do students gain in the long run?" is answered by the paragraphs on what students gain, in full, and
    not by the first sentence of every paragraph of the section on long-term benefits.
    """
    if listed.marked:
        return None
    kept = []
    for item in whole_paragraphs(listed).items:
        named = counts(item.text)
        if named.get(group, 0) > max((n for g, n in named.items() if g != group), default=0):
            kept.append(item)
    if not kept or len(kept) == len(listed.items):
        return None
    return replace(listed, items=tuple(kept))


def whole_paragraphs(listed: DocumentList) -> DocumentList:
    """Paragraphs read as a list with each item quoted to the end of its paragraph; a marked list as it is."""
    if listed.marked:
        return listed
    items = []
    for item in listed.items:
        block = block_at(item.passage.text, item.start)
        items.append(replace(item, end=max(block[1], item.end)) if block is not None else item)
    return replace(listed, items=tuple(items))
