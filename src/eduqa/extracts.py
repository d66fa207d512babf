"""Extracts: the sentences of a passage, how well each answers a question, and the span that is quoted.

Everything here is pure: it works on passage texts, question terms and similarity scores computed by the
index. Nothing is generated; an extract is quoted from a passage, with the list label it depends on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .passages import sentence_spans

if TYPE_CHECKING:
    from .results import Hit

MAX_ANSWER_CHARS = 400
ELLIPSIS = " … "
ITEM_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[•\-*–·▪●◦])\s+")
ITEM_LABEL = re.compile(r"^([^:.!?\n]{2,80}):\s")


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence: offsets into its passage text, and the label of the list item it is in."""

    hit_rank: int
    start: int
    end: int
    text: str
    label: str = ""
    item_start: int | None = None  # where the item's text (after its marker) begins
    block: int = 0  # which paragraph or list item of the passage the sentence is in


def passage_sentences(text: str, hit_rank: int = 0) -> list[Sentence]:
    """The sentences of a passage's text, list markers stripped, list labels remembered."""
    sentences: list[Sentence] = []
    for number, block in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)):
        offset = block.start()
        body = block.group()
        marker = ITEM_MARKER.match(body)
        label_match = None
        if marker:
            offset += marker.end()
            body = body[marker.end():]
            label_match = ITEM_LABEL.match(body)
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
                    block=number,
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
    token_scores: Sequence[float] | None = None,
    overlap_weight: float = 0.3,
    token_weight: float = 1.0,
    rank_penalty: float = 0.05,
) -> list[float]:
    """Semantic similarity plus lexical overlap and late interaction, preferring better-ranked passages.

    `token_scores` are each sentence's late-interaction score (the mean best match of the question's words
    among the sentence's tokens), when the embedder gives token vectors. The weights were chosen on
    eval/dev.jsonl: late interaction gained four points of answer accuracy over similarity and overlap
    alone; the rank penalty mostly breaks near-ties.
    """
    tokens = token_scores if token_scores is not None else [0.0] * len(sentences)
    return [
        sim + overlap_weight * ovl + token_weight * tok - rank_penalty * s.hit_rank
        for s, sim, ovl, tok in zip(sentences, similarities, overlaps, tokens)
    ]


def choose_extract(
    sentences: Sequence[Sentence], scores: Sequence[float], passage_text: str, limit: int = MAX_ANSWER_CHARS
) -> Sentence:
    """The best sentence, joined with the better of its neighbours in the same paragraph or item when both fit.

    An answer often spans two sentences ("X is ... . It helps ..."); the neighbour brings the half that the
    best sentence refers to. The joined span keeps the first sentence's list label.
    """
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    chosen = sentences[best]
    neighbours = [
        j for j in (best - 1, best + 1)
        if 0 <= j < len(sentences) and (sentences[j].hit_rank, sentences[j].block) == (chosen.hit_rank, chosen.block)
    ]
    if not neighbours:
        return chosen
    other = sentences[max(neighbours, key=lambda j: scores[j])]
    first, last = (other, chosen) if other.start < chosen.start else (chosen, other)
    label_start = first.item_start if first.label and first.item_start is not None else first.start
    if last.end - min(first.start, label_start) > limit:
        return chosen
    return replace(first, end=last.end, text=passage_text[first.start:last.end])


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
