"""Extractive answers: choose the sentence that answers a question, or abstain.

Everything here is pure: it works on passages, question terms and similarity scores computed by the
index. Nothing is generated; the answer is quoted from a passage, with the list label it depends on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .passages import sentence_spans

if TYPE_CHECKING:
    from .index import Hit

MAX_ANSWER_CHARS = 400
ELLIPSIS = " … "
_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[•\-*–·▪●◦])\s+")
_LABEL = re.compile(r"^([^:.!?\n]{2,80}):\s")


@dataclass(frozen=True)
class Answer:
    """An extract that answers the question (``text``), or ``text is None`` when the corpus has nothing relevant."""

    question: str
    text: str | None
    hits: list[Hit] = field(default_factory=list)
    #: The passage the extract is quoted from, and the quoted sentence's offsets in its document.
    passage_id: str | None = None
    start: int | None = None
    end: int | None = None
    #: Why the question was not answered, when it was not.
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `eduqa ask --json` and the `/ask` endpoint."""
        return {
            "question": self.question,
            "answer": self.text,
            "answer_passage_id": self.passage_id,
            "answer_start": self.start,
            "answer_end": self.end,
            "hits": [hit.to_dict() for hit in self.hits],
        }


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence: offsets into its passage text, and the label of the list item it is in."""

    hit_rank: int
    start: int
    end: int
    text: str
    label: str = ""
    item_start: int | None = None  # where the item's text (after its marker) begins


def passage_sentences(text: str, hit_rank: int = 0) -> list[Sentence]:
    """The sentences of a passage's text, list markers stripped, list labels remembered."""
    sentences: list[Sentence] = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        offset = block.start()
        body = block.group()
        marker = _MARKER.match(body)
        label_match = None
        if marker:
            offset += marker.end()
            body = body[marker.end():]
            label_match = _LABEL.match(body)
        label = label_match.group(1) if label_match else ""
        for s, e in sentence_spans(body):
            sentences.append(
                Sentence(
                    hit_rank=hit_rank,
                    start=offset + s,
                    end=offset + e,
                    text=body[s:e],
                    label=label,
                    item_start=offset if marker else None,
                )
            )
    return sentences


def candidate_sentences(hits: Sequence[Hit], depth: int = 3) -> list[Sentence]:
    """The sentences of the top `depth` passages, list markers stripped, list labels remembered."""
    return [s for rank, hit in enumerate(hits[:depth]) for s in passage_sentences(hit.passage.text, rank)]


def term_overlap(question_terms: Sequence[str], text_terms: Sequence[str], weights: dict[str, float]) -> float:
    """Weighted share of the question's terms that occur in the text."""
    wanted = set(question_terms)
    if not wanted:
        return 0.0
    present = wanted & set(text_terms)
    total = sum(weights.get(t, 1.0) for t in wanted)
    return sum(weights.get(t, 1.0) for t in present) / total if total else 0.0


def score_sentences(
    sentences: Sequence[Sentence],
    similarities: Sequence[float],
    overlaps: Sequence[float],
    overlap_weight: float = 0.3,
    rank_penalty: float = 0.05,
) -> list[float]:
    """Semantic similarity plus lexical overlap, with a small preference for better-ranked passages."""
    return [
        sim + overlap_weight * ovl - rank_penalty * s.hit_rank
        for s, sim, ovl in zip(sentences, similarities, overlaps)
    ]


def shorten(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """Cut `text` at a word boundary so that it fits in `limit` characters, marking the cut with …."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(" ,;:") + "…"


def compose(passage_text: str, sentence: Sentence, limit: int = MAX_ANSWER_CHARS) -> tuple[str, int, int]:
    """The answer text for a sentence, with the list label it depends on; and the quoted span in the passage.

    When the sentence is inside a labelled list item, the extract runs from the label to the sentence if
    that fits, else it is ``label: … sentence``.
    """
    start, end = sentence.start, sentence.end
    if sentence.label and sentence.item_start is not None and start > sentence.item_start:
        if end - sentence.item_start <= limit:
            start = sentence.item_start
            return passage_text[start:end], start, end
        head = sentence.label + ":" + ELLIPSIS.rstrip() + " "
        return shorten(head + sentence.text, limit), start, end
    return shorten(passage_text[start:end], limit), start, end


@dataclass(frozen=True)
class Evidence:
    """What the decision to answer or abstain rests on."""

    #: Highest cosine similarity between the question and a retrieved passage.
    similarity: float
    #: IDF-weighted share of the question's terms that occur anywhere in the corpus.
    coverage: float
    #: IDF-weighted share of the question's terms that occur in the best passage.
    overlap: float


@dataclass(frozen=True)
class AbstentionRule:
    """Answer when the passage is very similar, or similar enough and the question's terms are known.

    A single similarity threshold cannot tell "a question about education the corpus never covers" from
    a paraphrased real question: both land near 0.4–0.5. What separates them is whether the question's
    distinctive terms occur in the corpus at all.
    """

    min_similarity: float = 0.25
    sure_similarity: float = 0.6
    min_coverage: float = 0.6

    def answerable(self, evidence: Evidence) -> tuple[bool, str | None]:
        if evidence.similarity < self.min_similarity:
            return False, "no passage is close to the question"
        if evidence.similarity >= self.sure_similarity:
            return True, None
        if evidence.coverage < self.min_coverage:
            return False, "the question's key terms do not occur in the documents"
        return True, None
