"""What a question returns: the passages found (`Hit`) and the answer quoted from them (`Answer`).

These records sit below both the index, which finds hits, and the answering code, which quotes from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .passages import Citation, Passage

#: The kinds of answer: one extract, the items of a list, or one extract per side of a comparison.
ANSWER_KINDS = ("extract", "list", "comparison")


@dataclass(frozen=True)
class Hit:
    """A passage returned for a question, with its score (higher is better)."""

    passage: Passage
    score: float
    #: Cosine similarity between question and passage, and the BM25 score (0 when no term matched).
    similarity: float = 0.0
    lexical_score: float = 0.0
    #: The best cosine similarity between the question and one sentence of the passage (hybrid search).
    sentence_similarity: float = 0.0
    #: Late interaction: the mean best similarity of the question's words to the passage's tokens.
    token_score: float = 0.0

    @property
    def id(self) -> str:
        return self.passage.id

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def citation(self) -> Citation:
        return self.passage.citation

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "score": round(float(self.score), 6),
            "similarity": round(float(self.similarity), 6),
            "lexical_score": round(float(self.lexical_score), 6),
            "citation": self.citation.to_dict(),
        }


@dataclass(frozen=True)
class AnswerPart:
    """One cited piece of an answer: quoted text, the passage it is quoted from, and its offsets in the document.

    `label` names a list item ("Full-Service Schools") or a comparison side. A comparison side that the
    documents do not cover is a part with no passage (`passage_id`, `start` and `end` are None) whose text
    says so.
    """

    text: str
    passage_id: str | None
    start: int | None
    end: int | None
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "passage_id": self.passage_id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
        }


@dataclass(frozen=True)
class Answer:
    """The answer to a question, quoted from the documents, or ``text is None`` when they hold nothing relevant.

    `kind` is ``"extract"`` (one quoted span), ``"list"`` (the items of a list, each cited) or
    ``"comparison"`` (one cited extract per side); None when there is no answer. `text` is the whole answer
    as plain text; `parts` are its cited pieces. `passage_id`, `start` and `end` cite the first part.
    """

    question: str
    text: str | None
    hits: list[Hit] = field(default_factory=list)
    #: The passage the (first) extract is quoted from, and the quoted span's offsets in its document.
    passage_id: str | None = None
    start: int | None = None
    end: int | None = None
    #: Why the question was not answered, when it was not.
    reason: str | None = None
    kind: str | None = None
    parts: tuple[AnswerPart, ...] = ()
    #: The earlier question a follow-up was read against ("the third one" after a list), else None.
    followup_of: str | None = None
    #: The question as searched, when a follow-up was rewritten with what it refers to.
    searched: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `eduqa ask --json` and the `/ask` endpoint."""
        return {
            "question": self.question,
            "answer": self.text,
            "kind": self.kind,
            "parts": [part.to_dict() for part in self.parts],
            "followup_of": self.followup_of,
            "answer_passage_id": self.passage_id,
            "answer_start": self.start,
            "answer_end": self.end,
            "hits": [hit.to_dict() for hit in self.hits],
        }
