"""Passages: the cited pieces of a document that are indexed and returned.

Splitting follows the document's structure. A section's paragraphs stay whole; a list stays with its
lead-in sentence; a long list gives one passage per substantial item (keeping its bold label); a long
paragraph is cut between sentences. Passages never cross a heading or a page, and every passage is a
contiguous span of its document's normalized text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .documents import Block, Document
from .settings import ChunkSettings

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Citation:
    """Where a passage comes from: enough to find and check it in the source."""

    doc_id: str
    title: str
    source: str
    section: str = ""
    url: str | None = None
    page: int | None = None
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Passage:
    """A stored, citable span of a document."""

    id: str
    text: str
    doc_id: str
    title: str
    source: str
    section: str = ""
    url: str | None = None
    page: int | None = None
    start: int = 0
    end: int = 0
    #: Text that situates the passage but is not part of it: a list's lead-in sentence.
    lead_in: str = ""

    @property
    def citation(self) -> Citation:
        return Citation(
            doc_id=self.doc_id,
            title=self.title,
            source=self.source,
            section=self.section,
            url=self.url,
            page=self.page,
            start=self.start,
            end=self.end,
        )

    @property
    def heading_path(self) -> str:
        """Document title › section path."""
        return SECTION_SEPARATOR.join(p for p in (self.title, self.section) if p)

    def indexed_text(self, with_context: bool = True) -> str:
        """The text that is embedded and searched: the heading path and lead-in, then the passage."""
        if not with_context:
            return self.text
        return "\n".join(p for p in (self.heading_path, self.lead_in, self.text) if p)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Passage:
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields})


def passage_id(source: str, start: int, text: str) -> str:
    """Deterministic id: a hash of the source, the offset and the text."""
    digest = hashlib.sha256(f"{source}\x00{start}\x00{text}".encode()).hexdigest()
    return digest[:16]


# --- Sentences ----------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "figs", "al",
    "approx", "inc", "ltd", "jr", "sr", "u.s", "u.k", "dept", "ca", "cf", "vol", "pp", "ed", "eds",
}
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9•])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, white space between them excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        word = re.search(r"(\S+)$", text[start:match.start() + 1])
        token = word.group(1).lower().rstrip(".!?…") if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
            continue  # "e.g. The", "J. Smith"
        if re.fullmatch(r"\d{1,3}[.)]", text[start:end].strip()):
            continue  # a list item's number, "2. Community ..."
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        end = len(text.rstrip())
        spans.append((start, end))
    return spans


# --- Splitting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    words: int
    lead_in: str = ""


_WORD = re.compile(r"\S+")


def _words(text: str) -> int:
    return len(text.split())


def _split_long(doc: Document, start: int, end: int, limits: ChunkSettings) -> list[_Span]:
    """Cut an over-long block between sentences; a single over-long sentence is cut between words."""
    text = doc.text[start:end]
    pieces: list[_Span] = []
    for s, e in sentence_spans(text):
        words = _words(text[s:e])
        if e - s <= limits.max_chars and words <= limits.max_words:
            pieces.append(_Span(start + s, start + e, words))
            continue
        # A sentence longer than a passage may be (code, a table row): the only case where a sentence is cut.
        pos = s
        while pos < e:
            cut = min(e, pos + limits.max_chars)
            if cut < e:
                space = text.rfind(" ", pos, cut)
                cut = space if space > pos else cut
            word_ends = [m.end() for m in _WORD.finditer(text, pos, cut)]
            if len(word_ends) > limits.max_words:
                cut = word_ends[limits.max_words - 1]
            pieces.append(_Span(start + pos, start + cut, _words(text[pos:cut])))
            pos = cut
            while pos < e and text[pos].isspace():
                pos += 1
    return _pack(pieces, limits, limits.max_words)


def _fits(a: _Span, b: _Span, limits: ChunkSettings, max_words: int) -> bool:
    return b.end - a.start <= limits.max_chars and a.words + b.words <= max_words


def _pack(spans: Sequence[_Span], limits: ChunkSettings, max_words: int) -> list[_Span]:
    """Greedily join neighbouring spans while the result stays within the limits."""
    packed: list[_Span] = []
    for span in spans:
        if packed and _fits(packed[-1], span, limits, max_words):
            last = packed[-1]
            packed[-1] = _Span(last.start, span.end, last.words + span.words, last.lead_in)
        else:
            packed.append(span)
    return packed


def _units(blocks: Sequence[Block]) -> list[list[Block]]:
    """Group a section's blocks: a list with its lead-in paragraph is one unit, each paragraph another."""
    units: list[list[Block]] = []
    for block in blocks:
        previous = units[-1] if units else None
        if block.kind == "item" and previous:
            last = previous[-1]
            same_list = last.kind == "item" and last.list_id == block.list_id
            lead_in = last.kind == "paragraph" and len(previous) == 1 and last.text.endswith(":")
            if same_list or lead_in:
                previous.append(block)
                continue
        units.append([block])
    return units


def _unit_spans(doc: Document, unit: Sequence[Block], limits: ChunkSettings) -> list[_Span]:
    start, end = unit[0].start, unit[-1].end
    words = sum(_words(b.text) for b in unit)
    if end - start <= limits.max_chars and words <= limits.max_words:
        return [_Span(start, end, words)]
    if len(unit) == 1:
        return _split_long(doc, start, end, limits)

    # A list too long for one passage: substantial items stand alone, short ones are packed together.
    # The first piece keeps the lead-in; later pieces carry it as context.
    lead = unit[0] if unit[0].kind == "paragraph" else None
    lead_text = lead.text if lead else ""
    pieces: list[_Span] = []
    for block in unit:
        if block.end - block.start > limits.max_chars or _words(block.text) > limits.max_words:
            pieces.extend(_split_long(doc, block.start, block.end, limits))
        else:
            pieces.append(_Span(block.start, block.end, _words(block.text)))
    alone = max(limits.min_words // 2, 1)
    grouped: list[_Span] = []
    for piece in pieces:
        if grouped and (piece.words < alone or grouped[-1].words < alone) and _fits(
            grouped[-1], piece, limits, limits.max_words
        ):
            last = grouped[-1]
            grouped[-1] = _Span(last.start, piece.end, last.words + piece.words)
        else:
            grouped.append(piece)
    if lead and len(grouped) > 1 and grouped[0].end == lead.end and _fits(
        grouped[0], grouped[1], limits, limits.max_words
    ):
        # never leave the lead-in alone when it can join the first item
        first, second = grouped[0], grouped[1]
        grouped[:2] = [_Span(first.start, second.end, first.words + second.words)]
    return [
        _Span(g.start, g.end, g.words, "" if lead is None or g.start <= lead.start else lead_text)
        for g in grouped
    ]


def _merge_small(spans: list[_Span], limits: ChunkSettings) -> list[_Span]:
    """Join a passage under `min_words` with its next neighbour (the last one with its previous)."""

    def joinable(a: _Span, b: _Span) -> bool:
        return not a.lead_in and not b.lead_in and _fits(a, b, limits, limits.target_words)

    merged: list[_Span] = []
    for span in spans:
        if merged and merged[-1].words < limits.min_words and joinable(merged[-1], span):
            last = merged[-1]
            merged[-1] = _Span(last.start, span.end, last.words + span.words)
        else:
            merged.append(span)
    if len(merged) > 1 and merged[-1].words < limits.min_words and joinable(merged[-2], merged[-1]):
        a, b = merged[-2], merged.pop()
        merged[-1] = _Span(a.start, b.end, a.words + b.words)
    return merged


def _sections(blocks: Iterable[Block]) -> list[list[Block]]:
    """Runs of content blocks that share a heading path and a page."""
    sections: list[list[Block]] = []
    key: tuple | None = None
    for block in blocks:
        if block.kind in ("title", "heading"):
            key = None
            continue
        block_key = (block.headings, block.page)
        if block_key != key:
            sections.append([])
            key = block_key
        sections[-1].append(block)
    return sections


def split_document(doc: Document, settings: ChunkSettings | None = None) -> list[Passage]:
    """Split a document into passages along its structure."""
    limits = settings or ChunkSettings()
    passages: list[Passage] = []
    for section in _sections(doc.blocks):
        spans: list[_Span] = []
        for unit in _units(section):
            spans.extend(_unit_spans(doc, unit, limits))
        for span in _merge_small(spans, limits):
            text = doc.text[span.start:span.end]
            passages.append(
                Passage(
                    id=passage_id(doc.source, span.start, text),
                    text=text,
                    doc_id=doc.doc_id,
                    title=doc.title,
                    source=doc.source,
                    section=SECTION_SEPARATOR.join(section[0].headings),
                    url=doc.url,
                    page=section[0].page,
                    start=span.start,
                    end=span.end,
                    lead_in=span.lead_in,
                )
            )
    return passages


def passages_from_records(records: Iterable[Mapping[str, Any]]) -> list[Passage]:
    """Passages given as dicts (``id``, ``text``, optional ``title``, ``source``, ``section``, ``url``, ``page``).

    Each record is one passage, kept as is: no splitting, ids kept.
    """
    from .errors import EduqaError

    passages: list[Passage] = []
    seen: set[str] = set()
    for n, record in enumerate(records, 1):
        if not isinstance(record, Mapping):
            raise EduqaError(f"passage {n}: expected a mapping with 'id' and 'text', got {type(record).__name__}")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise EduqaError(f"passage {n}: 'text' must be a non-empty string")
        pid = str(record.get("id") or passage_id(str(record.get("source", "")), 0, text))
        if pid in seen:
            raise EduqaError(f"passage {n}: duplicate id {pid!r}")
        seen.add(pid)
        page = record.get("page")
        passages.append(
            Passage(
                id=pid,
                text=text,
                doc_id=str(record.get("doc_id") or pid),
                title=str(record.get("title") or ""),
                source=str(record.get("source") or ""),
                section=str(record.get("section") or ""),
                url=record.get("url") or None,
                page=int(page) if page is not None else None,
                start=0,
                end=len(text),
            )
        )
    return passages
