"""Answers: what a question asks for, the extracts that answer it, and when the documents have no answer.

`answer_question` is the one way in (`Index.answer` is a search followed by a call to it). It reads the
question (`eduqa.question`): one fact, a list, a comparison, or a follow-up that refers back to an earlier
question. Then it composes the answer from quoted, cited pieces:

- **extract**: the sentence that best answers the question, with a neighbour when both fit (`eduqa.extracts`);
- **list**: the items of the list the question asks for, each its label and first sentence, in document order,
  each cited to its own passage (`eduqa.lists` gathers a list split over several passages again);
- **comparison**: one extract per side, found on its own; a side the documents never mention says so.

It abstains, rather than quote something unrelated, when nothing is close to the question (`AbstentionRule`)
or when the question's key concept appears nowhere in the documents searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from .errors import QuestionError, SettingsError
from .extracts import (
    MAX_ANSWER_CHARS,
    Sentence,
    choose_extract,
    compose,
    passage_sentences,
    score_sentences,
    shorten,
    term_overlap,
)
from .lexical import is_everyday, stopwords, terms
from .lists import (
    ITEM_MARKER,
    DocumentList,
    block_at,
    blocks,
    items_about,
    marked_list,
    opens_with_series,
    section_list,
    whole_paragraphs,
)
from .passages import Passage, sentence_spans
from .question import (
    ABBREVIATION,
    BENEFICIARY_WORDS,
    COMPARISON,
    FACT,
    LIST,
    LIST_NOUNS,
    NOUN_FAMILY,
    QUOTED_TERM,
    QuestionAnalysis,
    SourceReference,
    after_what_about,
    analyse,
    asked_group,
    asked_part,
    asks_why,
    asks_why_that,
    content_words,
    group_counts,
    head_family,
    leans_on,
    list_head,
    narrowed_by,
    points_back,
    resolve,
    spelled_out,
    spelled_out_by,
    without_author,
    without_source,
    written_out,
)
from .results import Answer, AnswerPart, Hit

#: A question that points back ("could it …") with a pronoun and no name may lean on the conversation up to this
#: many words long.
POINTING_WORDS = 15
#: A document whose title holds this share of the words a question describes it by is the one it means.
REFERENCE_SHARE = 0.6
#: A sentence that names a place gains this much for a question that asks where.
PLACE_BONUS = 0.3
#: A sentence that says what the thing a question asks the definition of is gains this much.
DEFINITION_BONUS = 0.3
#: ... and a sentence of the section a question names gains this much.
SECTION_BONUS = 0.3
#: A list answer holds at most this many items and characters.
MAX_LIST_ITEMS = 8
MAX_LIST_CHARS = 1200
#: "Tell me more about the third one" quotes the whole item, up to this many characters.
MORE_CHARS = 700
#: A list item shorter than this says little itself: "tell me more" then quotes where the documents say more.
SHORT_ITEM_CHARS = 120
#: ... the paragraph whose sentence holds at least this (IDF-weighted) share of the item's words,
ELABORATION_OVERLAP = 0.5
#: ... or is at least this similar to the item.
ELABORATION_SIMILARITY = 0.6
#: A comparison side named by a list item's label ("School-Community Partnerships") is quoted from that item.
SIDE_LABEL_BONUS = 0.5
#: Added for a sentence that holds the rarest of the words that tell its side from the other.
SIDE_NAMED_BONUS = 0.3
#: ... and this much more when it names the side in its first half.
SIDE_EARLY_BONUS = 0.3
#: How many times `k` passages are read for a section that describes every side.
SHARED_SECTION_HITS = 3
#: How many passages either side of one side's extract are read for the other side's sentence.
SIDE_BY_SIDE_REACH = 2
#: A sentence naming the question's focus ("parents" in "What role do parents play?") gains this much.
FOCUS_BONUS = 0.15
#: ... and to a sentence that opens with it when the question stresses it ("what does the school itself bring?").
STRESSED_FOCUS_BONUS = 0.4
#: Added to the score of a sentence of the list item a follow-up picks ("what does the fourth one involve?").
ITEM_BONUS = 0.3
#: ... and this much when a follow-up names it in its own words ("What role does training play in that?").
FOLLOWUP_FOCUS_BONUS = 0.3
#: Added to a sentence that opens with what a follow-up asks about instead ("and for parents?").
INSTEAD_OPENING_BONUS = 0.7
#: How many earlier questions a follow-up may reach back through.
HISTORY_DEPTH = 3
#: A list is the answer when the question's head noun (or, without one, this share of its terms) is in the
#: list's lead-in or section title.
LIST_HEADER_MATCH = 0.5
#: "How should we communicate …?" is answered with a list whose title shares a word this distinctive (IDF) with it
#: ("Communication Strategies …"), not one that shares only "partnership".
HOW_TERM_WEIGHT = 1.0
_NAMED = re.compile(r"(?:[A-Z][\w’'-]*|[A-Z]{2,})(?:\s+(?:(?:of|for|and|to|the|in)\s+)?(?:[A-Z][\w’'-]*|[A-Z]{2,}))+"
                    r"|\b[A-Z]{2,}s?\b")
#: Words that qualify a concept rather than name it: a concept is found without them.
_QUALIFIERS = {
    "usually", "typically", "often", "generally", "commonly", "normally", "mostly", "involved", "used", "needed",
    "main", "key", "common", "different", "various", "important", "good", "best", "effective", "successful",
    "really", "exactly", "actually", "basically", "overall", "specific", "particular", "certain", "typical",
    "usual", "normal", "standard", "general", "major", "popular", "biggest", "primary", "notable", "real",
    "big", "large", "huge", "top", "latest", "current", "new", "small", "concrete", "tangible", "practical",
    "healthy", "strong", "solid", "thriving", "basic", "fundamental", "essential",
    # what explains a thing: "the underlying reasons partnerships struggle" is about partnerships struggling
    "underlying", "root", "deeper", "reasons", "causes",
    # words that frame a subject: "the push for equity" is about equity
    "push", "drive", "emphasis", "movement", "shift", "part", "bit", "piece", "aspect",
    # … and "a lack of resources" about resources
    "lack", "lacking", "shortage", "shortages", "absence", "insufficient",
    # how many: "the six common models" (documents number their items rather than count them)
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "few", "many", "couple",
    "handful",
    # light verbs: "getting families involved" is about involved families
    "get", "getting", "having",
}
#: An unknown word is found when a term of the documents starts with its first this many letters.
PREFIX_CHARS = 7
_QUESTION_OPENERS = {"what", "which", "who", "how", "why", "when", "where", "is", "are", "do", "does", "can",
                     "tell", "list", "name", "compare", "describe", "explain", "define", "give", "and", "so", "in"}


@dataclass(frozen=True)
class Evidence:
    """What the decision to answer or abstain rests on."""

    #: Highest cosine similarity between the question and one sentence of a retrieved passage.
    sentence_similarity: float
    #: IDF-weighted share of the question's terms that occur anywhere in the corpus.
    coverage: float
    #: Highest cosine similarity between the question and a whole retrieved passage.
    similarity: float = 0.0
    #: IDF-weighted share of the question's terms that occur in the best passage.
    overlap: float = 0.0


#: Why a question that no sentence comes close to is not answered.
FAR_REASON = "no passage is close to the question"
#: Why a question that is fairly close, in words the documents do not use, is not answered.
UNKNOWN_TERMS_REASON = "the question's key terms do not occur in the documents"


@dataclass(frozen=True)
class AbstentionRule:
    """Answer when one sentence is close to the question, or fairly close and the question's terms are known.

    A single passage-similarity threshold cannot tell "a question about education the corpus never covers"
    from a paraphrased real question: both land near 0.4-0.5. Two pieces of evidence separate them on
    eval/dev.jsonl. The best *sentence* similarity is sharper than a passage's: real questions target one
    sentence, and off-topic education questions only share the topic. And the IDF-weighted coverage of the
    question's terms by the corpus vocabulary (terms the corpus never uses weigh most) tells a question about
    teacher pay or Montessori, whose distinctive words never occur, from one whose words all do.

    - below `min_similarity`: abstain, nothing is close;
    - at or above `sure_similarity`: answer;
    - in between: answer only when `coverage` reaches `min_coverage`.
    """

    min_similarity: float = 0.35
    sure_similarity: float = 0.47
    min_coverage: float = 0.8
    #: Below this, what a question asks the effect of ("charter schools" in "How do charter schools affect …?")
    #: must be in the documents: near-domain questions of that form reached 0.47-0.49 on dev, real ones 0.60.
    clear_similarity: float = 0.55
    #: Below this coverage, what a question asks the effect or part of must be in the documents however close a
    #: sentence comes: "Does restorative justice play a part in community schools?" (0.24 on dev); "How will online
    #: messaging tools change …", whose other words are the documents', reached 0.77.
    weak_coverage: float = 0.5

    def __post_init__(self) -> None:
        if not -1.0 <= self.min_similarity <= self.sure_similarity <= 1.0:
            raise SettingsError(
                "abstention thresholds must satisfy -1 <= min_similarity <= sure_similarity <= 1, got "
                f"{self.min_similarity} / {self.sure_similarity}"
            )
        if not -1.0 <= self.clear_similarity <= 1.0:
            raise SettingsError(f"clear_similarity must be between -1 and 1, got {self.clear_similarity}")
        if not 0.0 <= self.weak_coverage <= 1.0:
            raise SettingsError(f"weak_coverage must be between 0 and 1, got {self.weak_coverage}")
        if not 0.0 <= self.min_coverage <= 1.0:
            raise SettingsError(f"min_coverage must be between 0 and 1, got {self.min_coverage}")

    def answerable(self, evidence: Evidence) -> tuple[bool, str | None]:
        """Whether to answer, and the reason when not."""
        if evidence.sentence_similarity < self.min_similarity:
            return False, FAR_REASON
        if evidence.sentence_similarity >= self.sure_similarity:
            return True, None
        if evidence.coverage < self.min_coverage:
            return False, UNKNOWN_TERMS_REASON
        return True, None


@dataclass(frozen=True)
class Retrieval:
    """What a search found for a question, and the signals answering weighs (computed by the index)."""

    question: str
    hits: list[Hit]
    #: The sentences of every hit (`Sentence.hit_rank` says whose), their similarity to the question, and their
    #: late-interaction scores when the index keeps token vectors.
    sentences: list[Sentence]
    similarities: list[float]
    token_scores: list[float] | None
    question_terms: list[str]
    #: IDF weight of each question term (terms the documents never use weigh most).
    weights: dict[str, float]
    evidence: Evidence | None = None


class AnswerSource(Protocol):
    """What answering needs from an index (`eduqa.Index` is one)."""

    def retrieve(self, question: str, k: int, documents: Iterable[str] | None) -> Retrieval: ...

    def search(
        self, question: str, k: int = 5, *, retriever: str | None = None, documents: Iterable[str] | None = None
    ) -> list[Hit]: ...

    def document_passages(self, doc_id: str) -> Sequence[Passage]: ...

    def passage(self, passage_id: str) -> Passage: ...

    @property
    def documents(self) -> Mapping[str, str]: ...

    @property
    def authors(self) -> Sequence[str]: ...

    def documents_by(self, author: str) -> Sequence[str]: ...


def answer_question(
    source: AnswerSource,
    question: str,
    k: int = 5,
    *,
    documents: Iterable[str] | None = None,
    history: Sequence[str] | None = None,
    rule: AbstentionRule | None = None,
) -> Answer:
    """The answer to `question` (already cleaned), read against `history` (earlier questions, oldest first)."""
    if isinstance(history, str) or (history is not None and not isinstance(history, Sequence)):
        raise QuestionError("history must be a list of the earlier questions (text), oldest first")
    documents = None if documents is None else list(documents)
    return _respond(source, question, k, documents, history, rule or AbstentionRule())


def _respond(
    source: AnswerSource,
    question: str,
    k: int,
    documents: list[str] | None,
    history: Sequence[str] | None,
    rule: AbstentionRule,
    *,
    inline: bool = True,
) -> Answer:
    """`answer_question`; without `inline`, a list answer holds the list's own items only (what ordinals count)."""
    earlier = [h for h in (history or []) if isinstance(h, str) and h.strip()][-HISTORY_DEPTH:]
    question = written_out(question)  # "local govts" is "local governments" to the documents
    question = spelled_out(question, _abbreviations(source, question, documents))  # "the CCM" as the documents name it
    asked, documents = _by_author(source, question, documents)
    analysis = analyse(asked)
    if analysis.source is not None:
        documents = referred_documents(source.documents, analysis.source, documents)
        rest = without_source(asked)
        if rest != asked:
            # "According to the Q&A, what …?": the words that say where are no part of what is searched for
            analysis = replace(analyse(rest), source=analysis.source)
    if analysis.is_followup and earlier:
        followed = _follow_up(source, analysis, earlier, k, documents, rule)
        if followed is not None:
            return replace(followed, question=question)
    answer = _answer(source, analysis, k, documents, rule, inline=inline, standalone=True)
    if (answer.text is None and earlier and _may_lean_on_history(answer.reason, question)
            and not missing_concepts(source, analysis, documents)):
        # "ok who would be on that team exactly?": nothing is close to the question alone, and it names something
        # as already said
        followed = _follow_up(source, replace(analysis, refers_back=True), earlier, k, documents, rule)
        if followed is not None and followed.text is not None:
            return replace(followed, question=question)
    return replace(answer, question=question)


#: At most this many abbreviations of one question are looked up.
MAX_ABBREVIATIONS = 3


def _abbreviations(source: AnswerSource, question: str, documents: list[str] | None) -> dict[str, str]:
    """The names the documents spell the question's abbreviations out as ("CCM": "Community Collaboration Model"),
    from the passages that use each abbreviation; none for a question written in capitals throughout."""
    if not re.search(r"[a-z]", question):
        return {}
    names: dict[str, str] = {}
    for abbreviation in list(dict.fromkeys(ABBREVIATION.findall(question)))[:MAX_ABBREVIATIONS]:
        for hit in source.search(abbreviation, k=3, retriever="lexical", documents=documents):
            name = spelled_out_by(hit.passage.text, abbreviation)
            if name:
                names[abbreviation] = name
                break
    return names


def _by_author(source: AnswerSource, question: str, documents: list[str] | None) -> tuple[str, list[str] | None]:
    """A question that names the author of some of the documents ("According to QuickTakes, …"): what it asks,
    searched in their documents (those of `documents`). Only authors named with a capital letter count, so that
    metadata such as "staff" is not read into a question."""
    folded = " ".join(question.lower().split())
    for author in source.authors:
        # (a plain substring test first: the manifest may name a thousand authors, and most questions name none)
        if not re.search(r"[A-Z]", author) or " ".join(author.lower().split()) not in folded:
            continue
        rest = without_author(question, author)
        if rest is not None:
            return rest, [d for d in source.documents_by(author) if documents is None or d in documents]
    return question, documents


def _may_lean_on_history(reason: str | None, question: str) -> bool:
    """Whether a question declined for `reason` may be read against the conversation: nothing is close to it and it
    points back or leans on what was said, or its words are not the documents' and it leans on what was said, or
    points back with "it" in a longer question ("can it be used in different kinds of schools or is it one-size?")."""
    if reason == FAR_REASON and points_back(question):
        return True
    if reason in (FAR_REASON, UNKNOWN_TERMS_REASON) and leans_on(question):
        return True
    return reason == UNKNOWN_TERMS_REASON and points_back(question) and leans_on(question, POINTING_WORDS)


def referred_documents(
    titles: Mapping[str, str], reference: SourceReference, documents: list[str] | None
) -> list[str] | None:
    """The documents to search when a question says where its answer is ("according to the Q&A", "the page on
    collaboration models"): those of `documents` (None: all) whose title is a question, or whose title and name
    hold most of the words it describes them by. `documents` as given when the reference picks none or all.

    >>> titles = {"qa.md": "What are the common models of collaboration?", "article.txt": "Partnership Models"}
    >>> referred_documents(titles, SourceReference("collaboration models"), None)
    ['qa.md']
    >>> referred_documents(titles, SourceReference("", questions_page=True), ["article.txt"])
    ['article.txt']
    """
    allowed = list(titles) if documents is None else [d for d in documents if d in titles]
    chosen: list[str] = []
    if reference.questions_page:
        chosen = [d for d in allowed if titles[d].rstrip().endswith("?")]
    elif reference.words and not reference.part:
        wanted = set(terms(reference.words))
        share = {d: _share_in(wanted, titles[d] + " " + d.replace("-", " ")) for d in allowed}
        best = max(share.values(), default=0.0)
        chosen = [d for d in allowed if share[d] == best] if best >= REFERENCE_SHARE else []
    if not chosen or len(chosen) == len(allowed):
        return documents
    return chosen


# --- follow-ups --------------------------------------------------------------------------------------


def _follow_up(
    source: AnswerSource,
    analysis: QuestionAnalysis,
    history: list[str],
    k: int,
    documents: list[str] | None,
    rule: AbstentionRule,
) -> Answer | None:
    """Answer a follow-up through what it refers to; None when the history gives it nothing to refer to."""
    question = analysis.question
    previous = _respond(source, history[-1], k, documents, history[:-1], rule, inline=False)
    if (analysis.ordinal is not None or analysis.described or analysis.next_item or analysis.item_before
            or analysis.among):
        item_answer = _item_follow_up(source, analysis, history, previous, k, documents, rule)
        if item_answer is not None or not _picked_by_words(analysis) or previous.kind != "list":
            return item_answer
        # "the mental health one": words that describe no item of the earlier list are read as the question's own
        analysis = replace(analysis, described=None)
    bare = analysis.more and not content_words(_without_reference(question))
    if previous.kind == "extract" and previous.parts and ((bare and asks_why(question)) or asks_why_that(question)):
        # a bare "why?", or "why does that matter so much?", "how does that help the kids later on?": the quote with
        # the rest of its paragraph, where the documents give the reason or say what it does
        reason = _run_on(source, previous.parts[-1])
        return _answer_of(question, "extract", [reason], previous.hits, followup_of=history[-1])
    if bare and previous.kind == "extract":
        # a bare "tell me more" after an extract: what the documents go on to say
        more = _continuation(source, previous.parts[-1]) if previous.parts else None
        if more is not None:
            hits = _with_passages(previous.hits, [source.passage(more.passage_id)])
            return _answer_of(question, "extract", [more], hits, followup_of=history[-1])
    asked_as = previous.searched or previous.question  # written out: "NYC" is New York City
    instead = analysis.instead
    if instead and previous.kind == "list":
        group, earlier_group = asked_group(instead), asked_group(asked_as)
        if group and earlier_group and group != earlier_group:
            # "and for the wider town?" after what students gain: the same question, of the community
            searched = BENEFICIARY_WORDS[earlier_group].sub(lambda _: instead, asked_as, count=1)
            searched = re.sub(r"\b(for|in|with|at|among|on)\s+\1\b", r"\1", searched, flags=re.I)  # not "for for"
            answer = _answer(source, analyse(searched), k, documents, rule, inline=False)
            return replace(answer, question=question, followup_of=history[-1], searched=searched)
    if analysis.instead and previous.kind == "list" and not after_what_about(question):
        # "what about mental health?" after the trends: the item about it, and what the documents say of it
        wanted = terms(analysis.instead)
        named = [item for item in previous.parts if wanted and set(wanted) <= set(terms(_item_words(item)))]
        # (… or that opens with it after a place word: "Within communities, …" is the item about the community)
        opening = [item for item in named if _opens_about(_item_words(item), wanted)]
        named = opening if len(opening) == 1 else named
        if len(named) == 1:
            searched = f"Tell me about {analysis.instead}."
            return replace(_more_about(source, named[0], searched, k, documents, history[-1]), question=question)
    referent = _referent(analyse(asked_as), previous)
    described = analyse(history[-1]).described
    if described and previous.parts and not previous.parts[0].label:
        referent = described  # "why is that one important?" after "Tell me more about the equity one.": equity
    if referent is None:
        return None
    if instead:
        earlier = analyse(asked_as)
        target = next((t for t in (referent, earlier.focus) if t and re.search(rf"\b{re.escape(t)}\b", asked_as, re.I)),
                      None)
        if target is None:
            searched = f"{asked_as.rstrip(' ?.!')} {analysis.instead}"
        else:
            searched = re.sub(rf"\b{re.escape(target)}\b", lambda _: instead, asked_as, count=1, flags=re.I)
    else:
        searched = resolve(question, referent)
    as_list = f"What are the {analysis.instead}?" if analysis.instead else None
    if analysis.instead and (then := after_what_about(question)):
        searched = resolve(then, analysis.instead)  # "What about parents? Why do they matter?"
    elif as_list and previous.kind == "list" and _names_a_kind(list_head(as_list) or ""):
        searched = as_list  # after the metrics, "what about the long-term benefits?"
    # (what the follow-up asks how to do is in its own words: "how should they handle …?" after the schools'
    # responsibilities does not ask how to be responsible)
    asked = replace(analyse(searched), how_verb=analysis.how_verb)
    if not analysis.instead:
        asked = _as_one_thing(asked, analysis)
    if analysis.instead and searched != as_list:
        # "What about Philadelphia?": a sentence naming it is wanted, not the earlier list again
        asked = replace(asked, focus=analysis.instead)
        if asked.kind == LIST and not re.match(r"(?:for|in|with|at|among|on)\b", analysis.instead, re.I):
            asked = replace(asked, kind=FACT, head=None, more=True)  # several things: its paragraph
    own = asked.focus is not None and set(terms(asked.focus)) <= set(terms(question)) - set(terms(referent))
    # "What role does training play in that?": the follow-up's own word is what it asks about, the rest is context
    bonus = FOLLOWUP_FOCUS_BONUS if own else FOCUS_BONUS
    # "and for the wider community?": a sentence that opens with what the follow-up names instead is about it
    opening = INSTEAD_OPENING_BONUS if analysis.instead else bonus
    answer = _answer(source, asked, k, documents, rule, focus_bonus=bonus, opening_bonus=opening)
    return replace(answer, question=question, followup_of=history[-1], searched=searched)


def _picked_by_words(analysis: QuestionAnalysis) -> bool:
    """Whether a follow-up picks an item by nothing but two or more words that describe it ("the mental health
    one"), which may describe no item at all."""
    return " " in (analysis.described or "") and analysis.ordinal is None and not (
        analysis.next_item or analysis.item_before or analysis.among)


def _item_follow_up(
    source: AnswerSource,
    analysis: QuestionAnalysis,
    history: list[str],
    previous: Answer,
    k: int,
    documents: list[str] | None,
    rule: AbstentionRule,
) -> Answer | None:
    """Answer a follow-up about one item of the earlier list ("the second one", "the equity one", "the one after
    that"); None when there is no such list or item."""
    question = analysis.question
    asked, listed = history[-1], previous
    back = 2
    while listed.kind != "list" and back <= len(history):
        asked = history[-back]
        listed = _respond(source, asked, k, documents, history[:-back], rule, inline=False)
        back += 1
    if listed.kind != "list":
        return None
    count = len(listed.parts)
    if analysis.ordinal is not None:
        position = count if analysis.ordinal == -1 else analysis.ordinal
    else:
        found = _item_position(source, listed.parts, analysis, previous)
        if found is None:
            return None
        position = found
    if not 1 <= position <= count:
        return Answer(question, None, [], reason=f"the earlier answer lists {count} items, not {position}",
                      followup_of=asked)
    item = listed.parts[position - 1]
    referent = item.label or shorten(item.text, 80)
    searched = f"{referent} {analysis.among}?" if analysis.among else resolve(question, referent)
    if analysis.more or analysis.among or not content_words(_without_reference(question)):
        # "which of those is …?": the item is the answer
        # … and a one-line item ("Communication barriers among stakeholders.") with where the documents say more
        return _more_about(source, item, searched, k, documents, asked,
                           more=analysis.more or _one_line_item(source, item))
    answer = _answer(source, _as_one_thing(analyse(searched), analysis), k, documents, rule,
                     within=_item_span(source, item))
    if _quotes_only(answer, item):
        # "why does the last one happen?": the item itself is no answer; where the documents say more is
        return replace(_more_about(source, item, searched, k, documents, asked, more=True), question=question)
    return replace(answer, question=question, followup_of=asked, searched=searched)


def _as_one_thing(asked: QuestionAnalysis, followup: QuestionAnalysis) -> QuestionAnalysis:
    """A follow-up written out with what it refers to (`asked`) asks for one thing when the follow-up itself does:
    "who's involved in it?" written out ("who's involved in interprofessional collaboration?") would read as asking
    for every stakeholder, and "the New York one - what made it stand out?" names an item whose name is plural
    ("Community Schools")."""
    if asked.kind == LIST and followup.kind == FACT:
        return replace(asked, kind=FACT, head=None)
    return asked


def _quotes_only(answer: Answer, item: AnswerPart) -> bool:
    """Whether an answer quotes nothing but the list item it was asked about."""
    return bool(answer.parts) and all(
        part.passage_id == item.passage_id and part.start is not None and item.start is not None
        and item.start <= part.start < (item.end or item.start) for part in answer.parts)


def _continuation(source: AnswerSource, part: AnswerPart) -> AnswerPart | None:
    """What the documents say right after a quoted piece: the rest of its paragraph, else the next paragraph of the
    same section (up to `MORE_CHARS`, whole sentences); None at the end of a section."""
    if part.passage_id is None or part.end is None:
        return None
    passage = source.passage(part.passage_id)
    offset = part.end - passage.start
    block = block_at(passage.text, offset)
    if block is None:
        block = next(((s, e) for s, e in blocks(passage.text) if s >= offset), None)
    if block is None:
        document = list(source.document_passages(passage.doc_id))
        later = [p for p in document[[p.id for p in document].index(passage.id) + 1:] if p.section == passage.section]
        if not later:
            return None
        passage, offset = later[0], 0
        block = next(iter(blocks(passage.text)), None)
        if block is None:
            return None
    start = max(offset, block[0])
    spans = [(start + s, start + e) for s, e in sentence_spans(passage.text[start:block[1]])]
    if not spans:
        return None
    end = spans[0][1]
    for _, e in spans[1:]:
        if e - spans[0][0] > MORE_CHARS:
            break
        end = e
    begin = spans[0][0]
    return AnswerPart(passage.text[begin:end], passage.id, passage.start + begin, passage.start + end, None)


def _item_position(
    source: AnswerSource, items: Sequence[AnswerPart], analysis: QuestionAnalysis, previous: Answer
) -> int | None:
    """The 1-based position of the list item that "the equity one" describes, or that follows the item the
    previous answer was about ("the one after that"); None when no item fits."""
    if analysis.among:
        # the one item that shares most of the question's words ("found in the United States" and "prevalent in
        # the United States")
        wanted = set(terms(analysis.among))
        # … or, when the items' own words tie, the item whose paragraph goes on to say so ("which one would help a
        # kid with ADHD the most?")
        return (_only_best([len(wanted & set(terms(_item_words(item)))) for item in items])
                or _only_best([len(wanted & set(terms(_run_on(source, item).text))) for item in items]))
    if analysis.described:
        wanted = set(terms(analysis.described))
        named = [position for position, item in enumerate(items, 1)
                 if wanted and wanted <= set(terms(_item_words(item)))]
        # "the mental health one": the item that opens with it ("Mental health awareness is …"), before one that
        # only mentions it
        opening = [position for position in named if _opens_with(_item_words(items[position - 1]), list(wanted))]
        if named:
            return opening[0] if len(opening) == 1 else named[0]
        # "the one where businesses are involved": the one item whose paragraph goes on to name them ("… This
        # framework often leverages funding and resources from businesses")
        said = [position for position, item in enumerate(items, 1)
                if wanted and wanted <= set(terms(_run_on(source, item).text))]
        return said[0] if len(said) == 1 else None
    if not previous.parts:
        return None
    was = previous.parts[0]
    for position, item in enumerate(items, 1):
        same_label = bool(item.label) and item.label == was.label
        same_place = item.passage_id == was.passage_id and item.start is not None and was.start is not None and (
            item.start <= was.start < (item.end or item.start) or was.start <= item.start < (was.end or was.start))
        if same_label or same_place:
            return position - 1 if analysis.item_before else position + 1
    return None


def _only_best(shared: Sequence[int]) -> int | None:
    """The 1-based position of the one highest non-zero count, or None when there is none or a tie."""
    best = max(shared, default=0)
    return shared.index(best) + 1 if best and shared.count(best) == 1 else None


def _item_span(source: AnswerSource, item: AnswerPart) -> tuple[str, int, int] | None:
    """The passage id, start and end of the whole list item (its paragraph) that a quote of it begins."""
    if item.passage_id is None or item.start is None:
        return None
    passage = source.passage(item.passage_id)
    block = block_at(passage.text, item.start - passage.start)
    if block is None:
        return None
    return passage.id, passage.start + block[0], passage.start + block[1]


def _item_words(item: AnswerPart) -> str:
    """A list item as it reads: its label, then its text."""
    return f"{item.label or ''} {item.text}"


def _without_reference(question: str) -> str:
    """The question without its ordinal reference and "tell me more" words."""
    text = re.sub(r"\b(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|"
                  r"\d(?:st|nd|rd|th))\b(?:\s+\w+)?", " ", question, flags=re.I)
    text = re.sub(r"\b(?:tell|more|about|what|is|does|do|explain|describe|say|please|mean|means|that|it|and|"
                  r"how|me)\b|'s|’s", " ", text, flags=re.I)
    return " ".join(w for w in text.split() if len(w) > 2)


#: A question that asks which one thing: its answer, not its words, is what "it" then means.
_PICKS_ONE = re.compile(r"^\W*(?:so\s+|and\s+|ok(?:ay)?,?\s+)?which\s+(?:[\w-]+\s+){0,3}?(?:is|was|does|did|has)\b",
                        re.I)


#: "Which countries have used inter-school collaboration?": a question that asks who or where something was done.
_WHICH_HAVE_DONE = re.compile(r"^\W*(?:so\s+|and\s+)?which\s+[\w-]+(?:\s+[\w-]+)?\s+(?:have|has|had)\s+(?:\w+ly\s+)?"
                              r"\w+(?:ed|en|wn|un)\s+(?:the\s+|an?\s+)?(?P<thing>[^?.!]+?)\W*$", re.I)


def _referent(asked: QuestionAnalysis, previous: Answer) -> str | None:
    """What a pronoun in a follow-up points at: the thing the earlier answer named, or the earlier question's subject.

    "Which model addresses non-academic barriers?" is answered by a list item, so "it" then means that item
    ("Community Collaboration Model (CCM)"); "What is the Community Schools Model?" names its own subject.
    """
    labelled = previous.parts[0].label if previous.parts and previous.kind == "extract" else None
    if labelled and (asked.subject is None or _PICKS_ONE.match(asked.question)):
        return labelled  # "Which school collaboration model is most common in the US?": "it" is the model found
    used = _WHICH_HAVE_DONE.match(asked.question)
    if used and not labelled:
        return used.group("thing")  # "Which countries have used inter-school collaboration?": "it" is what was used
    if asked.subject:
        return asked.subject
    if labelled:
        return labelled
    words = content_words(asked.question)
    return " ".join(words) if words else None


def _more_about(
    source: AnswerSource, item: AnswerPart, searched: str, k: int, documents: list[str] | None, asked: str | None,
    *, more: bool = False,
) -> Answer:
    """The whole of a list item (up to `MORE_CHARS`), for "tell me more about the third one"; when `more` is
    asked of an item of one line, the paragraph where the documents say more about it (`_said_elsewhere`)."""
    assert item.passage_id is not None and item.start is not None
    passage = source.passage(item.passage_id)
    offset = item.start - passage.start
    start, end = block_at(passage.text, offset) or (offset, item.end - passage.start)
    start = max(start, offset)
    said = None
    if more and end - start < SHORT_ITEM_CHARS:
        said = _said_elsewhere(source, passage.text[start:end], passage, start, k, documents)
    parts = []
    if said is not None:
        # the item itself first, so that the answer says which item it is about
        parts.append(AnswerPart(passage.text[start:end], passage.id, passage.start + start, passage.start + end,
                                item.label))
        quoted, start, end = said
        text = quoted.text[start:end]
    else:
        quoted, text = passage, passage.text[start:end]
        if len(text) > MORE_CHARS:
            text = shorten(text, MORE_CHARS)
            end = start + len(text.rstrip("…"))
    hits = _with_passages(source.search(searched, k, documents=documents), [quoted, passage])
    parts.append(AnswerPart(text, quoted.id, quoted.start + start, quoted.start + end, item.label))
    return _answer_of(searched, "extract", parts, hits, followup_of=asked, searched=searched)


def _said_elsewhere(
    source: AnswerSource, item: str, passage: Passage, item_start: int, k: int, documents: list[str] | None
) -> tuple[Passage, int, int] | None:
    """Where the documents say more about a list item of one line ("Resource limitations affecting partnership
    sustainability."): the paragraph, outside the item itself, of the sentence closest to the item, when it is
    close in meaning or shares most of the item's words."""
    found = source.retrieve(item, k, documents)
    wanted = terms(item)
    best: tuple[float, Passage, int, int] | None = None
    for sentence, similarity in zip(found.sentences, found.similarities):
        other = found.hits[sentence.hit_rank].passage
        same_block = any(s <= item_start < e and s <= sentence.start < e for s, e in blocks(other.text))
        if other.id == passage.id and same_block:
            continue
        overlap = term_overlap(wanted, terms(sentence.text), found.weights)
        if overlap < ELABORATION_OVERLAP and similarity < ELABORATION_SIMILARITY:
            continue
        score = overlap + similarity
        if best is None or score > best[0]:
            start, end = block_at(other.text, sentence.start) or (sentence.start, sentence.end)
            if end - start > MORE_CHARS:
                start, end = sentence.start, sentence.end
            best = (score, other, start, end)
    return None if best is None else best[1:]


# --- one question ------------------------------------------------------------------------------------


def _answer(
    source: AnswerSource,
    analysis: QuestionAnalysis,
    k: int,
    documents: list[str] | None,
    rule: AbstentionRule,
    *,
    inline: bool = True,
    focus_bonus: float = FOCUS_BONUS,
    opening_bonus: float | None = None,
    within: tuple[str, int, int] | None = None,
    standalone: bool = False,
) -> Answer:
    """The answer to one question on its own; `within` (passage id, start, end of a list item) is what a
    follow-up asks about, whose sentences are preferred (`ITEM_BONUS`). A `standalone` question is asked as the
    user wrote it, not rewritten from a follow-up."""
    question = analysis.question
    if analysis.kind == COMPARISON:
        return _compare(source, analysis, k, documents, rule)
    # "How would you define X in one sentence?" is searched as what it asks: what X is
    # … and "Why does it matter that every partner knows their role?" as what it asks the point of
    searched = f"What is {analysis.defines}?" if analysis.defines else analysis.good_of or question
    if analysis.kind == LIST and analysis.head:
        searched = _head_in_documents_words(source, searched, analysis.head, documents)
    lower_models = _models_in_lower_case(source, question, documents) if standalone else []
    for name in lower_models:
        # "went down the community schools route" is searched as the documents name it: "community schools model"
        searched = re.sub(rf"\b{re.escape(name[:-len(' model')])}\s+[\w-]+", name, searched, count=1)
    found = source.retrieve(searched, k, documents)
    hits = found.hits
    if not hits or found.evidence is None:
        return Answer(question, None, hits, reason="no passage matches the question")
    answerable, reason = rule.answerable(found.evidence)
    if (reason in (FAR_REASON, UNKNOWN_TERMS_REASON) and analysis.kind == LIST and analysis.head
            and _names_a_kind(analysis.head)):
        # "have any real districts actually pulled this off?": nothing is close to its words, but the kind of thing
        # it asks for ("examples") names what it wants, and the documents list such things
        named = source.retrieve(f"{analysis.head}: {searched}", k, documents)
        if named.sentences and named.evidence is not None and named.evidence.sentence_similarity >= rule.min_similarity:
            best = _best_sentence(named, sentence_scores(named))
            if find_list(source, named, analysis, best) is not None:
                found, hits = named, named.hits
                answerable, reason = True, None
    if not answerable and _only_names_found(source, question, documents):
        answerable, reason = True, None  # "What happened in Denver?": the name is the whole question, and is there
    if answerable:
        missing = missing_concepts(source, analysis, documents)
        if not missing and found.evidence.sentence_similarity < rule.sure_similarity:
            # nothing is very close: a hyphenated compound or a capitalized word of the question must then be in
            # the documents too ("… pulled this off? Would love …": not a word that opens a sentence)
            loose = (re.findall(r"\b\w+(?:-\w+)+\b", question)
                     + re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b", question))
            missing = [c for c in loose if not concept_found(source, c, documents, phrase=True)]
        if not missing and analysis.topic and (found.evidence.sentence_similarity < rule.clear_similarity
                                               or found.evidence.coverage < rule.weak_coverage):
            # "How do charter schools affect …?": what it asks the effect of must be there when nothing is clearly
            # close, or when the question's words are not the documents' ("Does restorative justice play a part …")
            missing = [] if concept_found(source, analysis.topic, documents) else [analysis.topic]
        claim = " ".join(w for w in (analysis.claim or "").split() if w.lower() not in _SAYS_NOTHING)
        if not missing and claim and not concept_found(source, claim, documents):
            # "Is it true that full-service schools reduce teacher turnover?": a claim in words the documents do not
            # use is one they cannot confirm
            missing = [claim]
        if missing:
            answerable, reason = False, f"the documents do not mention {missing[0]}"
        elif analysis.wants in _WANTED_AS and not any(_holds_quantity(s.text, analysis.wants, question)
                                        for s in _about_the_case(found.sentences, question, analysis.wants)):
            # "When did …?" / "How many …?" is not answered by a sentence that gives no date or number
            answerable, reason = False, f"the passages found give no {_WANTED_AS[analysis.wants]}"
    if answerable and analysis.asks_writing:
        answerable, reason = False, "the documents can be quoted; eduqa does not write letters, forms or plans"
    if answerable and analysis.asks_opinion:
        answerable, reason = False, "the documents describe; they do not give opinions or recommendations"
    if answerable and analysis.about_documents:
        answerable, reason = False, "the documents do not say who wrote or published them, or what they cite"
    if not answerable:
        return Answer(question, None, hits, reason=reason)
    if not found.sentences:
        return Answer(question, None, hits, reason="the matching passages hold no sentence")
    scores = sentence_scores(found)
    phrases = named_phrases(question)
    full_names = [name for name in phrases if len(name.split()) >= 3
                  and all(w[:1].isupper() for w in name.split())] + lower_models
    if not standalone or analysis.wants == "place" or _ASKS_EXAMPLE.search(question):
        full_names = []
    # which sentences are about a name given in full, or carry on about it (none when there is no such name)
    named = [_about_name(found.sentences, i, full_names) for i in range(len(found.sentences))]
    if full_names:
        # "What does the Community Schools Model offer students?": the sentences about the thing named as the question
        # names it ("Another effective framework is the Community Schools Model, … This approach …"), not those about
        # another thing of nearly the same name (New York's "Community Schools" model), and the name's first word
        # ("Community") is no focus of its own
        scores = [score + FULL_NAME_BONUS * about for about, score in zip(named, scores)]
        if analysis.focus and any(analysis.focus.lower() in name.lower().split() for name in full_names):
            analysis = replace(analysis, focus=None)
    if analysis.focus:
        # "and for the wider community?": the words the found sentences never use ("wider") say nothing of which
        # is about it; a sentence that opens with it ("Within communities, …") is about it most
        used = {t for s in found.sentences for t in terms(s.label + " " + s.text)}
        focus = [t for t in terms(analysis.focus) if t in used]
        opening = focus_bonus if opening_bonus is None else opening_bonus
        if analysis.focus_stressed:
            opening = max(opening, STRESSED_FOCUS_BONUS)  # "what does the school itself do?"
        others = _other_actors(focus)
        scores = [
            score + focus_bonus * bool(focus and set(focus) <= set(terms(_about(found.sentences, i))))
            + opening * (_opens_about(found.sentences[i].text, focus) and not _bare_label(found.sentences[i].text))
            - OTHER_ACTOR_PENALTY * _opens_about_other_actor(found.sentences[i].text, focus, others)
            for i, score in enumerate(scores)
        ]
    if analysis.kind == FACT and _WANTS_EXAMPLE.search(question):
        # "any real example of the Public-Private Partnership Model in a district?": a sentence that gives an example
        # ("Another compelling example is the partnership between the Philadelphia School District and …")
        scores = [score + EXAMPLE_BONUS * bool(_GIVES_EXAMPLE.search(s.text))
                  for s, score in zip(found.sentences, scores)]
    if analysis.kind == FACT and _ASKS_ROLE.search(question):
        # "What does the school itself bring to a partnership?": the sentence that says by what means the school plays
        # its part ("Schools play a pivotal role by providing …"), not only that it has one
        asked = set(terms(question))
        scores = [score + ROLE_BY_BONUS * _says_how_it_plays_its_role(s.text, asked)
                  for s, score in zip(found.sentences, scores)]
    asks_effect = bool(_ASKS_EFFECT.search(question))
    if analysis.asks_how or asks_effect:
        # "how can we collect feedback from families?": a bullet that only names a thing ("Feedback from students,
        # parents, and educators.") says nothing of how (or of what it does: "does parent involvement affect …?")
        scores = [score - HOW_LABEL_PENALTY * _in_bare_item(found, s) for s, score in zip(found.sentences, scores)]
    if analysis.asks_how:
        # "how can we gather input from families?": the things a sentence names first, when the sentence before
        # it speaks of what is asked about ("… creating platforms for feedback … Surveys, community forums, and
        # suggestion boxes can provide …")
        asked = set(found.question_terms) - _everywhere_terms()
        scores = [score + SERIES_AFTER_BONUS * _series_after(found.sentences, i, asked)
                  for i, score in enumerate(scores)]
    if analysis.wants == "place":
        # "where has it been used?": a sentence that names places ("in various countries, including the United States,
        # Canada, and Finland")
        scores = [score + PLACE_BONUS * _names_place(s.text, question) for s, score in zip(found.sentences, scores)]
        # … and where the thing named was used is said where its name is ("Where has the Community Schools Model been
        # used?": New York's "Community Schools" model), not of another model in another place
        stems = [_MODEL_WORD.sub("", name).lower() for name in phrases if _MODEL_WORD.search(name)]
        scores = [score + PLACE_BONUS * any(stem in s.text.lower() for stem in stems)
                  for s, score in zip(found.sentences, scores)]
    if within is not None:
        # "Number four - who do those partnerships usually bring in?": the fourth item says who
        pid, start, end = within
        scores = [score + ITEM_BONUS * (found.hits[s.hit_rank].passage.id == pid
                                        and start <= found.hits[s.hit_rank].passage.start + s.start < end)
                  for s, score in zip(found.sentences, scores)]
    quoted = QUOTED_TERM.findall(question) if analysis.kind == FACT else []
    if quoted:
        # "If a community group offers 'resources', what does that typically cover?": the item labelled with it
        # ("Resource Provision: They can offer financial aid, materials, and volunteers …")
        wanted = {t for q in quoted for t in terms(q)}
        scores = [score + QUOTED_LABEL_BONUS * bool(s.label and wanted & set(terms(s.label)))
                  for s, score in zip(found.sentences, scores)]
    if analysis.kind == FACT:
        # "Resource provision from community orgs - what does that typically consist of?": the item of that label
        # ("Resource Provision: They can offer financial aid, …"), named in the question as a phrase; not a label in
        # the words of every passage ("School-Community Partnerships: …")
        scores = [score + QUOTED_LABEL_BONUS * _label_named(s.label, question)
                  for s, score in zip(found.sentences, scores)]
    if analysis.defines:
        # "What exactly is a school-community partnership?": the sentence that says what they are
        defined = terms(analysis.defines)
        scores = [score + DEFINITION_BONUS * _says_what(s.text, defined) for s, score in zip(found.sentences, scores)]
    if analysis.source is not None and analysis.source.part:
        # "according to the section on stakeholder roles": the sentences of that section
        named = _in_named_section(found, analysis.source.words)
        scores = [score + SECTION_BONUS * (s.hit_rank in named) for s, score in zip(found.sentences, scores)]
    best = _best_sentence(found, scores)
    if _ASKS_REASON.match(question) and analysis.kind != LIST and best.text.rstrip().endswith(":"):
        # "why are resources such a problem for them?": a list's lead-in gives no reason; the best other sentence
        leads = [s.text.rstrip().endswith(":") for s in found.sentences]
        if not all(leads):
            scores = [score - 10.0 * lead for score, lead in zip(scores, leads)]
            best = _best_sentence(found, scores)
    if analysis.kind == LIST or analysis.asks_how or best.text.rstrip().endswith(":"):
        listed = find_list(source, found, analysis, best)
        if listed is not None and not _names_listed(listed, analysis.question, lower_models):
            listed = None  # "What kind of barriers is the CCM meant to tackle?": not the list of every challenge
        if listed is not None:
            if _ASKS_CAUSES.search(question):
                # "the underlying causes": the paragraphs that explain them, in full
                return _list_answer(question, whole_paragraphs(listed), hits)
            said = _inline_list_found(source, found, analysis, listed, k, documents) if inline else None
            group = asked_group(question) if "benefits" in NOUN_FAMILY.get(analysis.head or "", ()) else None
            about = items_about(listed, group_counts, group) if group else None
            if about is not None:
                # "What do students gain in the long run?": the paragraphs on what students gain, in full, and what
                # the documents say in passing of them
                return _list_answer(question, about, hits,
                                    said if said is not None and group_counts(said.text)[group] else None)
            return _list_answer(question, listed, hits, said)
        if analysis.kind == LIST:
            # "What services does the Community Schools Model link students to?": the things named in the sentences
            # about the model named in full, and no other's ("What does a public-private partnership model bring to
            # the table?" is not answered with what community organizations bring)
            about = [s for s, about in zip(found.sentences, named) if about]
            prose = _inline_list(replace(found, sentences=about) if about else found, analysis, None)
            if prose is not None:
                return _answer_of(question, "extract", [prose], found.hits)
            return _paragraph_answer(question, found, _enumerating(found, scores, best, analysis.head))
    if analysis.more:
        return _paragraph_answer(question, found, best)
    answer = _extract_answer(question, found, scores)
    item = answer.parts[0]
    if _one_line_item(source, item):
        # "why are resources such a problem?" matched the bullet "Resource limitations affecting …", "What kinds of
        # communication barriers can come up?" the bullet "Communication barriers among stakeholders.": the bullet,
        # and where the documents say more about it (and why)
        more = _more_about(source, item, question, k, documents, None, more=True)
        if len(more.parts) > 1:
            return replace(more, question=question, searched=None)
    return _whole_paragraph(source, answer)


#: How much a sentence that names, or carries on about, a name the question gives in full is preferred.
FULL_NAME_BONUS = 0.3
#: A question that asks for an example or where something was done: the example may name the thing otherwise.
_ASKS_EXAMPLE = re.compile(r"\b(?:examples?|instances?|where|implement\w*|used|practice|anyone|anybody|tried|adopted|"
                           r"case\s+stud(?:y|ies))\b", re.I)


def _about_name(sentences: Sequence[Sentence], i: int, names: Sequence[str]) -> bool:
    """Whether sentence `i`, or the sentence before it that it refers back to ("This approach …"), names one of
    `names` as written (a name in lower case in any case)."""
    before = _sentence_before(sentences, i)
    texts = [sentences[i].text] + ([before.text] if before is not None else [])
    return any(name in text or (name.islower() and name in text.lower()) for name in names for text in texts)


#: "the community schools approach/route/setup": a model named in lower case, by its first words and a stand-in.
_MODEL_IN_LOWER_CASE = re.compile(r"\b(?P<stem>[a-z][\w-]*\s+[a-z][\w-]*)\s+(?:model|approach|setup|set-up|route|"
                                  r"framework)\b")


def _models_in_lower_case(source: AnswerSource, question: str, documents: list[str] | None) -> list[str]:
    """The documents' models the question names in lower case ("community schools model" for "the community schools
    route"), in lower case: their first words and "model" are a phrase of the documents."""
    return [named for m in _MODEL_IN_LOWER_CASE.finditer(question)
            if concept_found(source, named := f"{m.group('stem')} model", documents, phrase=True)]


#: The generic last word of a model's name: "Model" in "Community Schools Model".
_MODEL_WORD = re.compile(r"\s+(?:Model|Framework|Approach)$")


#: How much a sentence that gives an example is preferred when the question asks for one.
EXAMPLE_BONUS = 0.3
#: "an example of", "instances from": what asks for an example; and the words of a sentence that gives one.
_WANTS_EXAMPLE = re.compile(r"\b(?:examples?|instances?)\s+(?:of|from)\b", re.I)
_GIVES_EXAMPLE = re.compile(r"\b(?:examples?|instances?|case\s+stud(?:y|ies))\b", re.I)
#: How much a sentence that says by what means a named actor plays its role is preferred (`_ROLE_BY`).
ROLE_BY_BONUS = 0.3
#: "Schools play a pivotal role by providing …": who plays a role, and by what means.
_ROLE_BY = re.compile(r"^\W*(?P<who>(?:[\w-]+\s+){1,3}?)(?:also\s+)?plays?\s+an?\s+(?:[\w-]+\s+)?role\s+by\s+\w+ing\b",
                      re.I)

#: A question that asks what someone's part is: "what role do schools play", "what does the school itself do/bring".
_ASKS_ROLE = re.compile(r"\b(?:role|roles|job|part|do|does|bring|brings|contribute|contributes|contribution)\b", re.I)


def _says_how_it_plays_its_role(sentence: str, asked: set[str]) -> bool:
    """Whether the sentence says by what means an actor the question names plays its role (`_ROLE_BY`)."""
    match = _ROLE_BY.match(_opening(sentence))
    return bool(match and asked & set(terms(match.group("who"))))


#: How much a sentence that opens with a series is preferred, in a question that asks how, when the sentence before it
#: speaks of what the question asks about.
SERIES_AFTER_BONUS = 0.3


@lru_cache(maxsize=1)
def _everywhere_terms() -> frozenset[str]:
    """Terms of words that every passage of these documents uses, which say nothing of what a sentence is about."""
    return frozenset(terms("partnership partnerships school schools community communities student students "
                           "organizations partners collaboration"))


def _label_named(label: str, question: str) -> bool:
    """Whether the question names a list item's label of two words or more as a phrase, and the label says more than
    the words every passage uses (`_everywhere_terms`)."""
    label = label.strip().lower()
    return (" " in label and not set(terms(label)) <= _everywhere_terms()
            and re.search(rf"\b{re.escape(label)}\b", question.lower()) is not None)


def _series_after(sentences: Sequence[Sentence], i: int, asked: set[str]) -> bool:
    """Whether sentence `i` opens with a series and the sentence before it, in its paragraph, has an `asked` term."""
    before = _sentence_before(sentences, i, _ANY_OPENING)
    return (before is not None and opens_with_series(sentences[i].text)
            and bool(asked & set(terms(before.text))))


#: Any opening: the sentence before is wanted whatever the sentence after it opens with.
_ANY_OPENING = re.compile("")


#: Taken from the score of a list item of one short line in a question that asks how, or what something does.
HOW_LABEL_PENALTY = 0.5
#: How much a quoted term prefers the list item whose label shares a word with it.
QUOTED_LABEL_BONUS = 0.3


def _head_in_documents_words(source: AnswerSource, question: str, head: str, documents: list[str] | None) -> str:
    """The question with a head noun that no passage uses written as the first noun of its family: "What are the
    hallmarks of an effective partnership?" is searched as "… the characteristics of …", which finds "Effective
    partnerships are characterized by …"; a list of characteristics, qualities or traits is also asked as what
    things are characterized by."""
    family = NOUN_FAMILY.get(head.lower(), ())
    # (a head the question implies, "forms" for "What shapes can a partnership take?", is said by its family noun)
    said = next((w for w in (head.lower(), *family) if re.search(rf"\b{re.escape(w)}\b", question, re.I)),
                None) if family else None
    if said is not None and said != family[0] and not source.search(said, 1, retriever="lexical", documents=documents):
        question = re.sub(rf"\b{re.escape(said)}\b", family[0], question, flags=re.I)
    if "characteristics" in family:
        # "what qualities set good partnerships apart?": documents say what marks a thing by what it is
        # "characterized by" (`_CHARACTERIZED`)
        question = f"{question} What are they characterized by?"
    return question


#: A sentence's opening word that says where or among whom ("Within communities, …").
_PLACE_WORD = re.compile(r"^\W*(?:within|in|for|among|across|at|to)\s+", re.I)


#: A sentence of at most this many words is a bare label ("Student academic performance improvements."): opening with
#: what a follow-up asks about, it names it and says nothing about it.
BARE_LABEL_WORDS = 5


#: Who takes part in a partnership: a sentence that opens with one of them says what that one does.
_ACTORS = ("schools", "parents", "families", "teachers", "educators", "students", "community organizations",
           "organizations", "local governments", "businesses", "professionals", "social workers", "psychologists")
#: Taken from a sentence that opens with another actor than the one a question asks about ("Schools play a pivotal
#: role …" for "What role do parents play in school-community partnerships?").
OTHER_ACTOR_PENALTY = 0.3
#: How many of a sentence's first terms name who it is about.
OPENING_TERMS = 4


@lru_cache(maxsize=1)
def _actor_terms() -> tuple[tuple[str, ...], ...]:
    """`_ACTORS` as terms, stemmed once, on first use."""
    return tuple(tuple(terms(actor)) for actor in _ACTORS)


def _other_actors(focus: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """The actors (`_ACTORS`, as terms) other than the question's focus, when the focus is one; else none."""
    wanted = set(focus)
    if not any(wanted & set(actor) for actor in _actor_terms()):
        return ()
    return tuple(actor for actor in _actor_terms() if not wanted & set(actor))


def _opens_about_other_actor(sentence: str, focus: Sequence[str], others: Sequence[Sequence[str]]) -> bool:
    """Whether the sentence opens with one of `others` (`_other_actors` of the focus) and not with the focus."""
    if not others:
        return False
    if set(focus) & set(terms(_opening(sentence))[:OPENING_TERMS]):
        return False  # "Parents and families also serve …" opens with families too
    return any(_opens_about(sentence, actor) for actor in others)


def _bare_label(sentence: str) -> bool:
    """Whether a sentence is no more than a label (`BARE_LABEL_WORDS`)."""
    return len(sentence.split()) <= BARE_LABEL_WORDS


def _opens_about(sentence: str, name: Sequence[str]) -> bool:
    """Whether the sentence opens with the named thing after a linking word and a place word ("Additionally, within
    communities, …" opens about communities)."""
    return _opens_with(_opening(sentence), name)


def _opening(sentence: str) -> str:
    """The sentence from where it names what it is about: after a linking word and a place word."""
    return _PLACE_WORD.sub("", _CONNECTIVE.sub("", sentence))


#: A sentence that opens with one of these speaks of what the sentence before it named ("They often provide …").
_REFERS_BACK = re.compile(r"^\W*(?:they|it|this|these|their|its|such)\b", re.I)
#: … and of those, one that opens with these carries on naming the things it named (a list's prose goes on).
_CARRIES_ON = re.compile(r"^\W*(?:they|these|such)\b", re.I)


def _sentence_before(sentences: Sequence[Sentence], i: int, opening: re.Pattern[str] = _REFERS_BACK) -> Sentence | None:
    """The sentence before sentence `i` in the same paragraph, when sentence `i` opens with `opening` (a pronoun that
    speaks of what that sentence named); else None."""
    sentence = sentences[i]
    if not i or not opening.match(sentence.text):
        return None
    before = sentences[i - 1]
    return before if before.hit_rank == sentence.hit_rank and before.block == sentence.block else None


def _about(sentences: Sequence[Sentence], i: int) -> str:
    """The words a sentence speaks of: its own, with its label, and those of the sentence before it in the same
    paragraph when it opens with a pronoun."""
    sentence = sentences[i]
    words = sentence.label + " " + sentence.text
    before = _sentence_before(sentences, i)
    return words + " " + before.text if before is not None else words


_COPULA = re.compile(r"^(?:is|are|refers?\s+to|means?|can\s+be\s+defined\s+as|describes?)\b", re.I)


def _says_what(sentence: str, name: Sequence[str]) -> bool:
    """Whether a sentence says what the named thing is: it opens with the name, then "is", "are" or "refers to"."""
    text = _CONNECTIVE.sub("", sentence)
    if not _opens_with(text, name):
        return False
    words = re.findall(r"[\w’'-]+", text)
    # the name's last word, then the verb: "School-community partnerships are …"
    n = next((n for n in range(1, len(words) + 1) if set(name) <= set(terms(" ".join(words[:n])))), len(words))
    return bool(_COPULA.match(" ".join(words[n:])))


def _in_named_section(found: Retrieval, words: str) -> set[int]:
    """The ranks of the hits whose section title holds most of the words a question names a section by."""
    wanted = set(terms(words.replace("-", " ")))
    return {rank for rank, hit in enumerate(found.hits) if _share_in(wanted, hit.passage.section) >= REFERENCE_SHARE}


def _share_in(wanted: set[str], text: str) -> float:
    """The share of the `wanted` terms that a text (a title, a section's name) holds; 0 with none wanted."""
    return len(wanted & set(terms(text))) / len(wanted) if wanted else 0.0


def _enumerating(found: Retrieval, scores: Sequence[float], best: Sentence, head: str | None = None) -> Sentence:
    """For a list asked of prose: a sentence that names several things in a row ("Surveys, community forums, and
    suggestion boxes …") when one scores nearly as well as the best sentence, else the best. When the best sentence
    names the kind of thing asked for ("life skills"), the other must name it too; when a sentence of the best one's
    paragraph names several things, the best is kept."""
    top = max(scores)
    kind = set(terms(head or ""))
    named = kind if kind <= set(terms(best.text)) else set()
    series = [
        (score, -i) for i, (s, score) in enumerate(zip(found.sentences, scores))
        if score >= top - ENUMERATION_MARGIN and _SERIES.search(s.text) and named <= set(terms(s.text))
    ]
    if not series or any(_LOOSE_SERIES.search(s.text) for s in found.sentences
                         if s.hit_rank == best.hit_rank and s.block == best.block):
        return best  # (the best sentence's paragraph, which is quoted, names several things itself)
    return found.sentences[-max(series)[1]]


def _paragraph_answer(question: str, found: Retrieval, best: Sentence) -> Answer:
    """For a list asked of prose: the best sentence's paragraph, from its lead-in or that sentence, up to
    `MORE_CHARS`; a paragraph that lists things names them in its sentences."""
    passage = found.hits[best.hit_rank].passage
    start, end = block_at(passage.text, best.start) or (best.start, best.end)
    if best.start - start > MAX_ANSWER_CHARS:
        start = best.start
    marker = ITEM_MARKER.match(passage.text[start:end])
    start += marker.end() if marker else 0  # a list item's "2. " is no part of the quote
    text = passage.text[start:end]
    if len(text) > MORE_CHARS:
        text = shorten(text, MORE_CHARS)
        end = start + len(text.rstrip("…"))
    part = AnswerPart(text, passage.id, passage.start + start, passage.start + end, best.label or None)
    return _answer_of(question, "extract", [part], found.hits)


def sentence_scores(found: Retrieval) -> list[float]:
    """How well each retrieved sentence answers the question (see `extracts.score_sentences`)."""
    overlaps = [
        term_overlap(found.question_terms, terms(s.label + " " + s.text), found.weights) for s in found.sentences
    ]
    return score_sentences(found.sentences, found.similarities, overlaps, found.token_scores)


def _one_line_item(source: AnswerSource, part: AnswerPart) -> bool:
    """Whether a quote is a whole list item of one short line (a bullet such as "Resource limitations …")."""
    if part.passage_id is None or part.start is None or part.end is None:
        return False
    passage = source.passage(part.passage_id)
    block = _bare_item_at(passage.text, part.start - passage.start)
    return block is not None and part.end - passage.start >= block[1] - 1


def _in_bare_item(found: Retrieval, sentence: Sentence) -> bool:
    """Whether a found sentence is the whole of a list item of one short line (`_bare_item`)."""
    return _bare_item_at(found.hits[sentence.hit_rank].passage.text, sentence.start) is not None


def _bare_item_at(text: str, offset: int) -> tuple[int, int] | None:
    """(start, end) of the paragraph of `text` that holds `offset` when it is a list item of one short line."""
    block = block_at(text, offset)
    return block if block is not None and _bare_item(text[block[0]:block[1]]) else None


def _bare_item(block: str) -> bool:
    """Whether a paragraph is a list item of one short line ("• Misalignment of goals and values."): it names a
    thing without saying anything of it."""
    return bool(ITEM_MARKER.match(block)) and len(block) < SHORT_ITEM_CHARS


#: "Why …?" and "How does …?" ask for a reason or a way, which often follows the sentence that names the thing.
_ASKS_REASON = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but)\W+)?(?:why\b|how\s+(?:does|do|can|could|will|would|is|are)\b)", re.I
)
#: "What does listening lead to?", "what happens if …", "does it change anything for residents?": an effect, which
#: the sentences after the one that names the cause often give.
_ASKS_EFFECT = re.compile(
    r"\b(?:leads?|led)\s+to\b|\bresults?\s+in\b|\bwhat\s+happens\b|\bpay-?off\b|\beffects?\b|\baffects?\b|"
    r"\bconsequences?\b|\bget\s+out\s+of\b|\bchange\s+(?:anything|how|what)\b|\bdo\s+anything\s+for\b|"
    # "what does active listening between partners actually achieve?", "What does it actually help with?"
    r"\bwhat\s+(?:does|do|did|will|would|can|could)\s+[^?]*?\b(?:achieve|accomplish|help\s+with)\b", re.I)
#: A quote shorter than this runs on into the sentences after it, in the same paragraph.
REASON_CHARS = 320


def _whole_paragraph(source: AnswerSource, answer: Answer) -> Answer:
    """A short quote runs on (`_run_on`): a statement ("Active listening is an important aspect …") is often
    followed by its reason ("This practice encourages collaborative problem-solving …"), a thing by what it does,
    and a paragraph of two or three sentences reads best whole."""
    if len(answer.parts) != 1:
        return answer
    part = _run_on(source, answer.parts[0])
    return answer if part is answer.parts[0] else replace(answer, text=part.text, parts=(part,))


def _run_on(source: AnswerSource, part: AnswerPart) -> AnswerPart:
    """A quote shorter than `REASON_CHARS` runs on, whole sentences, to the end of its paragraph or
    `MAX_ANSWER_CHARS`."""
    if part.passage_id is None or part.start is None or part.end is None or len(part.text) >= REASON_CHARS:
        return part
    passage = source.passage(part.passage_id)
    start, end = part.start - passage.start, part.end - passage.start
    if passage.text[start:end] != part.text:
        return part  # a label and an ellipsis: not one span of the passage
    paragraph_end = passage.text.find("\n\n", end)
    rest = passage.text[end:paragraph_end if paragraph_end >= 0 else len(passage.text)]
    stop = end
    for _, span_end in sentence_spans(rest):
        if end + span_end - start > MAX_ANSWER_CHARS:
            break
        stop = end + span_end
    if stop == end:
        return part
    text = passage.text[start:stop]
    return replace(part, text=text, end=passage.start + stop)


def _best_sentence(found: Retrieval, scores: Sequence[float]) -> Sentence:
    """The sentence of the highest score; the first of them on a tie."""
    return found.sentences[max(range(len(scores)), key=lambda i: (scores[i], -i))]


def _extract_answer(question: str, found: Retrieval, scores: Sequence[float]) -> Answer:
    best = _best_sentence(found, scores)
    source = found.hits[best.hit_rank].passage
    mine = [i for i, s in enumerate(found.sentences) if s.hit_rank == best.hit_rank]
    chosen = choose_extract([found.sentences[i] for i in mine], [scores[i] for i in mine], source.text)
    text, start, end = compose(source.text, chosen)
    part = AnswerPart(text, source.id, source.start + start, source.start + end, chosen.label or None)
    return _answer_of(question, "extract", [part], found.hits)


def _answer_of(question: str, kind: str, parts: Sequence[AnswerPart], hits: list[Hit], **extra) -> Answer:
    if kind == "extract":
        text = "\n".join(part.text for part in parts)
    elif kind == "list":
        text = "\n".join(f"• {part.text}" for part in parts)
    else:
        text = "\n".join(
            part.text if part.text.lower().startswith((part.label or "").lower()) else f"{part.label}: {part.text}"
            for part in parts
        )
    cited = next((p for p in parts if p.passage_id is not None), None)
    return Answer(
        question,
        text,
        hits,
        passage_id=cited.passage_id if cited else None,
        start=cited.start if cited else None,
        end=cited.end if cited else None,
        kind=kind,
        parts=tuple(parts),
        **extra,
    )


def _with_passages(hits: list[Hit], passages: Iterable[Passage]) -> list[Hit]:
    """The hits, followed by the passages an answer cites that the search did not return."""
    seen = {hit.id for hit in hits}
    floor = min((hit.score for hit in hits), default=0.0)
    extra = []
    for passage in passages:
        if passage.id not in seen:
            seen.add(passage.id)
            extra.append(Hit(passage=passage, score=floor))
    return hits + extra


#: A series of three or more things: "A, B, and C" / "A, B or C".
_SERIES = re.compile(r"\b[\w’'-]+(?:\s+[\w’'-]+){0,3},\s+[\w’'-]+(?:\s+[\w’'-]+){0,3},?\s+(?:and|or)\s+\w")
#: The rest of a series' last item: "… and recreational services" after "… and r".
_LAST_ITEM = re.compile(r"[\w’'-]*(?:\s+[\w’'-]+){0,2}")
#: … and a series of longer things ("sharing space for community events, integrating local programs into the
#: curriculum, and participating in joint projects").
_LOOSE_SERIES = re.compile(r",[^,.;]+,\s*(?:and|or)\s+\w")
#: A sentence holding such a series answers a list question about prose when it scores this close to the best.
ENUMERATION_MARGIN = 0.25

#: Heads that name the parts of something: "components of good communication" are found under "Communication …".
_PART_NOUNS = frozenset({"components", "elements", "ingredients", "parts", "aspects", "pillars", "keys", "essentials"})
_PARTS_OF = re.compile(r"\b(?:" + "|".join(sorted(_PART_NOUNS)) + r")\s+of\s+(?:an?\s+|the\s+)?"
                       r"(?P<x>[\w-]+(?:\s+[\w-]+){0,3})", re.I)
#: Head nouns that say only that several things are wanted ("What are the options?"): the list is then found
#: by the question's other words.
_VAGUE_HEADS = frozenset({"options", "things", "ones", "ideas", "choices", "possibilities", "alternatives"})

# --- lists -------------------------------------------------------------------------------------------


def find_list(
    source: AnswerSource, found: Retrieval, analysis: QuestionAnalysis, best: Sentence
) -> DocumentList | None:
    """The list the question asks for, among the lists that the best passages belong to, or None.

    A list qualifies when the question's head noun ("models", "challenges") is in its lead-in or section
    title, or when the best sentence is the list's own lead-in. Nearer the top of the results wins, and a
    numbered or bulleted list wins over paragraphs read as a list.
    """
    head = analysis.head
    if head and head.lower() in _VAGUE_HEADS:
        # "… a framework we could base our partnership on? What are the options?": a kind of thing named elsewhere
        words = re.findall(r"[a-z]+", analysis.question.lower())
        named = [w for w in words if w in LIST_NOUNS or w + "s" in LIST_NOUNS]
        head = named[0] if named else None
    wanted = _family_terms(head, analysis.question) if head else found.question_terms
    # "the vital components of good communication": the parts of a thing are found under the thing's own title
    whole = _PARTS_OF.search(analysis.question) if head and head.lower() in _PART_NOUNS else None
    thing = re.split(r"\s+(?:in|for|of|at|with|within|among|between|on|to)\s+", whole.group("x"))[0] if whole else ""
    whole_terms = {t for t in terms(thing) if found.weights.get(t, 0.0) >= HOW_TERM_WEIGHT}  # not "partnership"
    # "the communication practices": a list of strategies whose title says communication
    narrow = narrowed_by(head, analysis.question) if head else None
    kin = set(terms(" ".join(NOUN_FAMILY.get(head.lower(), ())))) if narrow and head else set()
    reference = analysis.source
    part = set(terms(reference.words.replace("-", " "))) if reference is not None and reference.part else set()
    if part and not _in_named_section(found, reference.words):
        part = set()  # no passage found is in the section named: the lists found are all there is
    # "how do schools collaborate …?" names no kind of thing: the head it was given does not rule out a list
    head_said = bool(head) and (not analysis.asks_how or head.lower() in analysis.question.lower())
    # "Why is it so hard …? I need the underlying causes": the paragraphs that explain, not the bullets that name
    causes = bool(_ASKS_CAUSES.search(analysis.question))
    marked_bonus = -MARKED_BONUS if causes else MARKED_BONUS
    candidates = []
    seen: set[frozenset[str]] = set()
    for rank, hit in enumerate(found.hits):
        document = source.document_passages(hit.passage.doc_id)
        for listed in (marked_list(hit.passage, document), section_list(hit.passage, document)):
            if listed is None or listed.passage_ids in seen:
                continue
            seen.add(listed.passage_ids)
            header = terms(_introducing_sentence(listed.header) + " " + (hit.passage.section if listed.marked else ""))
            match = _header_match(wanted, header, found.weights, bool(head))
            if narrow and kin & set(header) and set(terms(narrow)) <= set(header):
                match = max(match, 1.0)
            if whole_terms and whole_terms & set(header):
                match = max(match, 1.0) + 0.5
            leads = (rank == best.hit_rank and best.text.strip() == listed.header.strip()) or (
                listed.marked and found.hits[best.hit_rank].passage.id in listed.passage_ids
                and best.text.strip() in listed.header)
            if leads and head_said and _names_other_kind(listed.header, head, analysis.question):
                leads = False  # "What good comes of collaborating?" is not answered by "Here are some notable models:"
            shared = (set(found.question_terms) - set(wanted)) & set(header)
            if analysis.asks_how and not any(found.weights.get(t, 0.0) >= HOW_TERM_WEIGHT for t in shared):
                # "How should we communicate …?": ways of the thing asked about, not any list of strategies
                match = 0.0
            elif (analysis.asks_how and not listed.marked and rank == best.hit_rank
                  and set(terms(analysis.how_verb or "")) & set(header)):
                # "How do we sustain a partnership?": the paragraphs of the section named for what it asks how to do
                # ("Commitment to Sustainability …"), where the best sentence is, say how
                match = max(match, LIST_HEADER_MATCH)
            if part and _share_in(part, listed.items[0].passage.section) < REFERENCE_SHARE:
                continue  # "according to the section on assessing impact": a list of another section is not it
            if (match >= LIST_HEADER_MATCH and (analysis.kind == LIST or analysis.asks_how)) or leads:
                candidates.append(((1.0 if leads else match) - 0.1 * rank + marked_bonus * listed.marked, listed))
    if not candidates and head and not analysis.asks_how and _names_a_kind(head):
        # a list named by the question whose passages the search did not return, in the documents it did
        for doc_id in dict.fromkeys(hit.passage.doc_id for hit in found.hits[:3]):
            document = source.document_passages(doc_id)
            for passage in document:
                for listed in (marked_list(passage, document), section_list(passage, document)):
                    if listed is None or listed.passage_ids in seen:
                        continue
                    seen.add(listed.passage_ids)
                    header = terms(_introducing_sentence(listed.header))
                    match = _header_match(wanted, header, found.weights, True)
                    if match >= LIST_HEADER_MATCH:
                        candidates.append((match - 0.5 + 0.3 * listed.marked, listed))
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: c[0])[1]
    if not chosen.marked and head and not causes:
        # the section's paragraphs read as a list, when the section also lists the same things with bullets
        first = chosen.items[0].passage
        document = source.document_passages(first.doc_id)
        for passage in document:
            if passage.section != first.section:
                continue
            listed = marked_list(passage, document)
            if listed is not None and _header_match(
                    wanted, terms(_introducing_sentence(listed.header)), found.weights, True) >= LIST_HEADER_MATCH:
                return listed
    return chosen


#: How much a numbered or bulleted list is preferred over paragraphs read as a list.
MARKED_BONUS = 0.3
#: "the underlying causes", "root causes", "the reasons behind": what explains, which paragraphs do.
_ASKS_CAUSES = re.compile(r"\b(?:underlying|root|real|deeper)\s+(?:causes|reasons)\b|\breasons\s+behind\b", re.I)


def _names_listed(listed: DocumentList, question: str, models: Sequence[str] = ()) -> bool:
    """Whether a list speaks of every name the question gives ("the CCM"), and of every model it names in lower case
    (`_models_in_lower_case`), in its lead-in, section or items; an everyday word in quotes ("I'll be 'leading' our
    partnerships") is no name."""
    names = [set(_name_words(name)) for name in [*_names(question), *models]
             if not (" " not in name and name.islower() and is_everyday(name))]
    if not names:
        return True
    said = set(_name_words(" ".join([listed.header, *(i.passage.section for i in listed.items),
                                     *(f"{i.label} {i.text}" for i in listed.items)])))
    return all(name <= said for name in names)


def _family_terms(head: str, question: str) -> list[str]:
    """The terms of the head noun(s) and their families: a list under "Key challenges" answers "What obstacles …?"."""
    return terms(" ".join(w for h in head.split() for w in head_family(h, question)))


def _names_other_kind(header: str, head: str, question: str) -> bool:
    """Whether a list's lead-in introduces another kind of thing than the question asks for ("notable models"
    for benefits)."""
    if not _names_a_kind(head):
        return False
    named = {w for w in re.findall(r"[a-z]+", _introducing_sentence(header).lower()) if w in LIST_NOUNS}
    family = {w for h in head.split() for w in head_family(h, question)} | set(re.findall(r"[a-z]+", question.lower()))
    return bool(named) and not named & family


def _names_a_kind(head: str) -> bool:
    """Whether a head names a kind of thing documents list ("tools", "obstacles"), not any noun ("environment")."""
    return any(h in LIST_NOUNS or h in NOUN_FAMILY for h in head.split())


def _introducing_sentence(header: str) -> str:
    """The sentence of a lead-in that introduces its list ("Here are some notable models:"), or a section title."""
    spans = sentence_spans(header)
    return header[spans[-1][0]:spans[-1][1]] if spans else header


def _header_match(wanted: Sequence[str], header: Sequence[str], weights: dict[str, float], head: bool) -> float:
    """How well a list's lead-in or section title names what the question asks for: any head noun is a match."""
    if not wanted:
        return 0.0
    if head and set(wanted) & set(header):
        return 1.0
    return term_overlap(wanted, header, weights)


#: Words after which a sentence names the things it speaks of: "stakeholders, including teachers, parents …".
_NAMES_FOLLOW = re.compile(r"\s*,?\s+(?:include|includes|including|such\s+as|like|namely|are|encompass(?:es)?|"
                           r"manifests?\s+(?:in|as)|consists?\s+of|comprises?|"
                           # "their contributions, whether they involve resource provision, program …"
                           r"whether\s+(?:they|it)\s+(?:involve|involves|include|includes|are|is|be))\b:?\s+"
                           r"|\s*:\s+", re.I)
#: Sentences that go on naming things of the paragraph before them: "Additionally, surveys can …".
_GOES_ON = re.compile(r"^(?:additionally|also|moreover|furthermore|in\s+addition|another|likewise)\b|\balso\b", re.I)
#: "Effective partnerships are characterized by mutual commitment, shared goals, and …": characteristics named.
_CHARACTERIZED = re.compile(r"\b(?:characteri[sz]ed|marked|defined|distinguished)\s+by\b", re.I)
#: How far an inline list reads on into its paragraph.
INLINE_LIST_CHARS = 500


def _inline_list_found(source: AnswerSource, found: Retrieval, analysis: QuestionAnalysis, listed: DocumentList | None,
                       k: int, documents: list[str] | None) -> AnswerPart | None:
    """`_inline_list` of the passages found, else of those found for the kind of thing asked for followed by
    "including": "who normally gets involved when a school partners with the community?" finds the stakeholders'
    roles, and "a variety of stakeholders, including teachers, parents, …" is in a passage of its own. Only a
    sentence that names the kind just before its series is taken from that second search."""
    part = _inline_list(found, analysis, listed)
    if not analysis.head or not _names_a_kind(analysis.head):
        return part
    part = part or _inline_list(source.retrieve(f"{analysis.head}, including", k, documents), analysis, listed,
                                surest_only=True)
    if listed is not None and listed.header and (part is None or not _opens_about_asked(part.text, analysis.question)):
        # "what do the outside organizations end up doing with the kids?": the contributions listed, and where the
        # documents say the same of those the question names ("Community organizations contribute by offering …")
        said = _inline_list(source.retrieve(listed.header, k, documents), analysis, listed)
        if said is not None and _opens_about_asked(said.text, analysis.question):
            part = said
    return part


def _opens_about_asked(text: str, question: str) -> bool:
    """Whether a text opens with something the question names (a nonprofit, charity or agency is an organization)."""
    asked = set(terms(question)) | (set(terms("organizations")) if _ORGANIZATION_WORDS.search(question) else set())
    return bool(set(terms(_opening(text))[:OPENING_TERMS]) & asked)


#: Words for an organization: "local nonprofits", "a charity", "the agencies we partner with".
_ORGANIZATION_WORDS = re.compile(r"\b(?:non-?profits?|charit(?:y|ies)|agenc(?:y|ies))\b", re.I)


def _inline_list(found: Retrieval, analysis: QuestionAnalysis, listed: DocumentList | None,
                 surest_only: bool = False) -> AnswerPart | None:
    """A sentence of the best passages that names the things asked for in a row ("a variety of stakeholders,
    including teachers, parents, local businesses, and non-profit organizations"), with the sentences of its
    paragraph that go on naming them, when it is not one of the list's own items; or None. With `surest_only`,
    only a sentence that names the kind of thing just before its series.

    Documents often name the same kind of thing in prose as well as in a list: the answer then quotes both.
    """
    head = analysis.head
    if not head:
        return None
    wanted = set(_family_terms(head, analysis.question))
    quoted = {(item.passage.id, item.start) for item in listed.items} if listed is not None else set()
    listable = _names_a_kind(head)
    # a sentence that names the kind just before its series ("Long-term benefits … manifest in A, B, and C") is
    # the surest; the first of the others counts when there is none
    weaker: AnswerPart | None = None
    for index, sentence in enumerate(found.sentences):
        passage = found.hits[sentence.hit_rank].passage
        if (passage.id, sentence.start) in quoted:
            continue
        series = _SERIES.search(sentence.text)
        # a series that names the kind of thing asked for ("lead to improved student outcomes, enhanced teacher
        # effectiveness, and …" for benefits) counts in any hit; other sentences in the best three
        # (… or the noun its last item ends with: "health, social, and recreational services")
        named = sentence.text[series.start():series.end()] + _LAST_ITEM.match(sentence.text, series.end()).group() \
            if series is not None else ""
        names_kind = (listable and series is not None and series.group().count(",") >= 2
                      and bool(wanted & set(terms(named))))
        if not names_kind and listable and _LOOSE_SERIES.search(sentence.text):
            # "Community organizations contribute by … They often provide mentorship, enrich curricula with …, and
            # mobilize volunteers": a series that leans back on the sentence before it, which names the kind
            before = _sentence_before(found.sentences, index, _CARRIES_ON)
            names_kind = before is not None and bool(wanted & set(terms(before.text)))
        marker = _NAMES_FOLLOW.search(sentence.text)
        named_before = marker is not None and bool(wanted & set(terms(sentence.text[:marker.start()])[-4:]))
        # … as does one that names the kind just before the things ("can take various forms, including …")
        if sentence.hit_rank > 2 and not names_kind and not (listable and named_before):
            continue
        block = block_at(passage.text, sentence.start)
        after = sentence_spans(passage.text[sentence.end:block[1]]) if block is not None else []
        end = sentence.end
        characterized = "characterist" in wanted and _CHARACTERIZED.search(sentence.text)
        surest = bool(named_before or characterized)
        if surest:
            rest = sentence.text[(marker if named_before else characterized).end():]
            if not _SERIES.search(rest) and not re.search(r",.*\band\b", rest):
                continue
        elif weaker is not None or surest_only:
            continue
        elif listable and wanted & set(terms(sentence.text)) and after and opens_with_series(
                passage.text[sentence.end + after[0][0]:sentence.end + after[0][1]]):
            # "… creating platforms for feedback … Surveys, community forums, and suggestion boxes can …"
            end = sentence.end + after[0][1]
            after = after[1:]
        elif not names_kind:
            continue
        for s, e in after if end == sentence.end else []:
            following = passage.text[sentence.end + s:sentence.end + e].strip()
            if not _GOES_ON.search(following) or sentence.end + e - sentence.start > INLINE_LIST_CHARS:
                break
            end = sentence.end + e
        part = AnswerPart(passage.text[sentence.start:end], passage.id, passage.start + sentence.start,
                          passage.start + end, None)
        if surest:
            return part
        weaker = part
    return weaker


def _list_answer(question: str, listed: DocumentList, hits: list[Hit], inline: AnswerPart | None = None) -> Answer:
    items = listed.items[:MAX_LIST_ITEMS - (inline is not None)]
    total = sum(len(item.text) for item in items) + 3 * len(items) + (len(inline.text) + 3 if inline else 0)
    count = len(items) + (inline is not None)
    limit = MAX_LIST_CHARS // count - 3 if total > MAX_LIST_CHARS else MAX_ANSWER_CHARS * 2
    parts = [
        AnswerPart(
            shorten(item.text, limit),
            item.passage.id,
            item.passage.start + item.start,
            item.passage.start + item.end,
            item.label or None,
        )
        for item in items
    ]
    if inline is not None:
        # after the items, so that "the second one" is the list's second item wherever it is shown
        text = shorten(inline.text, limit)
        parts.append(AnswerPart(text, inline.passage_id, inline.start, inline.start + len(text.rstrip("…"))))
    return _answer_of(question, "list", parts, _with_passages(hits, [item.passage for item in items]))


# --- comparisons -------------------------------------------------------------------------------------


#: Where a comparison starts saying what the choice is for: "… which fits better if we want …", "… for our STEM club?"
_CHOICE_CONTEXT = re.compile(r"\b(?:better|best|more\s+\w+|fits?|suits?|works?)\s+(?:if|when|for)\b", re.I)


def _compare(
    source: AnswerSource, analysis: QuestionAnalysis, k: int, documents: list[str] | None, rule: AbstentionRule
) -> Answer:
    """One extract per side of the comparison, each found on its own; a side the documents lack says so.

    A side's extract names the side when a sentence found for it does, and two sides never share one sentence.
    When the documents describe the sides side by side ("Schools play … Community organizations contribute …"),
    the sentence that opens with a side's name next to the other side's extract is preferred.
    """
    sides = analysis.sides
    # "What is the StriveTogether approach and how does collective impact differ from …?": a name the question
    # gives outside its sides must be in the documents too
    # … though not one that only says what the choice is for ("… which fits better if we want a local business to
    # fund a STEM program?")
    asked = _CHOICE_CONTEXT.split(analysis.question, maxsplit=1)[0]
    outside = [w for w in _names(asked)
               if not any(w.lower() in side.lower() or side.lower() in w.lower() for side in sides)]
    missing = next((w for w in outside if not _name_found(source, w, documents)), None)
    if missing is not None:
        return Answer(analysis.question, None, [], reason=f"the documents do not mention {missing}")
    # (a side is told apart by the words the documents use for it: "community groups" are community organizations)
    called = [_model_named(source, side, documents) for side in sides]
    names = [_side_name(side, [o for o in called if o != side]) for side in called]
    parts: list[AnswerPart] = []
    hits: list[Hit] = []
    used: list[tuple[str, int, int]] = []  # the spans (passage id, start, end) that earlier sides quote
    for side, name in zip(called, names):
        # a side is searched by its name alone: whether the documents mention it decides, not how close a bare
        # name comes to a sentence
        # … and found with what the sides are compared on: "what schools contribute" is searched as that
        searched = f"{side} {analysis.aspect}" if analysis.aspect else side
        # (… a compound of three plain words, "a social impact bond", in one passage)
        together = len(side.split()) >= 3 and all(w.isalpha() and w.lower() not in stopwords() for w in side.split())
        found = (source.retrieve(searched, k, documents) if concept_found(source, side, documents, together=together)
                 else None)
        if found is None and _described_in_other_words(source, side, documents):
            # "partners wanting different things": a side described in other words than the documents' is there
            # when a sentence comes clearly close to it and enough of its words (`SIDE_COVERAGE`) are theirs
            described = source.retrieve(searched, k, documents)
            evidence = described.evidence
            if (evidence is not None and evidence.sentence_similarity >= rule.clear_similarity
                    and evidence.coverage >= SIDE_COVERAGE):
                found = described
        if found is None or not found.sentences:
            place = _IN_PLACE.search(side)
            others = [o for o in sides if o != side]
            if (place and others and all(o[:1].isupper() for o in others)
                    and concept_found(source, place.group("place"), documents, phrase=True)):
                # "How are teachers paid in Finland compared to the US?": places compared, and the documents name
                # Finland, so what is missing is what the question compares (teachers' pay), for both
                return Answer(analysis.question, None, [], reason=f"the documents do not mention {side}")
            parts.append(AnswerPart(f"The documents do not cover {side}.", None, None, None, side))
            continue
        side_terms = terms(side)
        key = max(name, key=lambda t: found.weights.get(t, 1.0)) if name else None
        scores = []
        for s, score in zip(found.sentences, sentence_scores(found)):
            words = terms(s.label + " " + s.text)
            score += term_overlap(side_terms, words, found.weights)
            score += SIDE_LABEL_BONUS * (bool(s.label) and terms(s.label) == side_terms)
            score += SIDE_NAMED_BONUS * (key in words)
            # "Central to these partnerships is a shared vision, which …" is about it; "… aligned with their shared
            # vision." only ends on it
            # … after a linking word: "Equally crucial is establishing trust among partners." is about trust
            opening = terms(s.label + " " + _CONNECTIVE.sub("", s.text))
            score += SIDE_EARLY_BONUS * (key in opening and opening.index(key) < len(opening) / 2)
            if not _opens_with(s.text, name) and any(_opens_with(s.text, o) for o in names if o is not name):
                score -= OTHER_SIDE_PENALTY  # "Community organizations actively contribute …" is not about schools
            absolute = found.hits[s.hit_rank].passage.start + s.start
            if any(pid == found.hits[s.hit_rank].passage.id and a <= absolute < b for pid, a, b in used):
                score -= 10.0  # the other side's quote
            scores.append(score)
        part = _with_items(source, _extract_answer(side, found, scores).parts[0])
        if _one_line_item(source, part):
            # "resource limitations or communication barriers?": the bullets alone say nothing of either
            said = _more_about(source, part, searched, k, documents, None, more=True)
            part = said.parts[-1] if len(said.parts) > 1 else part
        part = _run_on(source, part)
        used.append((part.passage_id, part.start, part.end))
        parts.append(replace(part, label=side))
        hits = _with_passages(hits, [found.hits[0].passage] + [h.passage for h in found.hits[1:2]])
    parts = _side_by_side(source, parts, names)
    parts = _from_shared_section(source, analysis, parts, names, k, documents)
    question = analysis.question
    if all(part.passage_id is None for part in parts):
        return Answer(question, None, hits, reason="the documents do not cover " + " or ".join(sides))
    cited = [source.passage(p.passage_id) for p in parts if p.passage_id is not None]
    return _answer_of(question, "comparison", parts, _with_passages(hits, cited))


#: A side in other words than the documents' needs this much of its weight in words they use: on dev, sides the
#: documents cover reached 0.52 or more, sides they lack ("charter school model", "Chicago's … initiative") 0.27 or
#: less.
SIDE_COVERAGE = 0.4
#: Words a side may end on instead of a model's own name: "the collaborative partnership approach".
_MODEL_STAND_INS = re.compile(r"\s+(?:approach|style|setup|set-up|version|type|option|thing|one|idea)$", re.I)


#: Words for organizations in general: "community groups" are the documents' community organizations.
_GROUP_WORDS = frozenset({"groups", "group", "agencies", "charities", "outfits", "orgs"})


def _model_named(source: AnswerSource, side: str, documents: list[str] | None) -> str:
    """The name the documents give what a side means, or the side as it is: the model for a stand-in word
    ("Collaborative Partnership Model" for "the collaborative partnership approach", "Community Schools Model" for
    "the community schools one"), organizations for groups ("community organizations"), and a noun of the same
    family ("communication barriers" for "communication problems")."""
    stem = _MODEL_STAND_INS.sub("", side)
    if len(stem.split()) >= 2 and not re.search(r"\bmodels?$", stem, re.I):
        named = f"{stem} model"
        if concept_found(source, named, documents, phrase=True):
            return named
    words = side.split()
    if len(words) < 2 or concept_found(source, side, documents, phrase=True):
        return side
    last = words[-1].lower()
    others = ("organizations",) if last in _GROUP_WORDS else NOUN_FAMILY.get(last, ())
    return next((named for other in others if other != last
                 and concept_found(source, named := " ".join([*words[:-1], other]), documents, phrase=True)), side)


#: What a side is attached to: "… partnership with the state university".
_ATTACHED = re.compile(r"\b(?:with|at|from|in|for)\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+)?(?P<x>[\w’' -]+)$", re.I)


def _described_in_other_words(source: AnswerSource, side: str, documents: list[str] | None) -> bool:
    """Whether a side the documents do not name word for word may still be there in other words: every name it
    gives ("Philadelphia", "Chicago's") and what it is attached to ("with the state university") are."""
    # (after "… ", a name that opens the side is read as inside a sentence, as it stands in the question)
    if not all(concept_found(source, n, documents, phrase=True) for n in _names("… " + side)):
        return False
    attached = _ATTACHED.search(side)
    return attached is None or concept_found(source, attached.group("x"), documents)


#: A side that is something in a place: "teachers paid in Finland".
_IN_PLACE = re.compile(r"\w\s+(?:in|at)\s+(?:the\s+)?(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s*$")
#: Taken from the score of a sentence that opens with another side's name and not with its own.
OTHER_SIDE_PENALTY = 0.5
#: How far a side's quote of a list's lead-in runs into the items that follow it.
SIDE_ITEMS_CHARS = 500


def _with_items(source: AnswerSource, part: AnswerPart) -> AnswerPart:
    """A quote that ends by introducing a list ("Key challenges include:") runs on into the list's items in its
    passage, whole items up to `SIDE_ITEMS_CHARS` (at least the first): the lead-in alone says nothing."""
    if part.passage_id is None or part.end is None or part.start is None or not part.text.rstrip().endswith(":"):
        return part
    passage = source.passage(part.passage_id)
    end = part.end - passage.start
    stop = end
    for start, block_end in blocks(passage.text):
        if start < end:
            continue
        if not ITEM_MARKER.match(passage.text[start:]) or (stop > end and block_end - end > SIDE_ITEMS_CHARS):
            break
        stop = block_end
    if stop == end:
        return part
    text = passage.text[part.start - passage.start:stop].rstrip()
    return replace(part, text=text, end=part.start + len(text))


def _side_name(side: str, others: Sequence[str]) -> list[str]:
    """The terms that tell a side from the others ("schools" of "the role of schools" against "the role of
    community organizations")."""
    shared = {t for other in others for t in terms(other)}
    return [t for t in terms(side) if t not in shared]


#: A sentence's opening word that links it to the one before ("Additionally, resource limitations …").
_CONNECTIVE = re.compile(r"^\W*(?:additionally|moreover|furthermore|also|finally|similarly|likewise|however|"
                         r"in addition|equally|lastly|first|second|third)\b,?\s*", re.I)


def _opens_with(sentence: str, name: Sequence[str]) -> bool:
    """Whether the sentence is about the named thing: its first terms, after a linking word, are the name's."""
    return bool(name) and set(name) <= set(terms(_CONNECTIVE.sub("", sentence))[: len(name)])


def _names_in_full(side: str | None, text: str) -> bool:
    """Whether a side's extract names the side in full, in two words or more ("… the Community Schools Model,
    which …"): then it is about that side even when it does not open with the words that tell it apart."""
    name = terms(side or "")
    return len(name) >= 2 and _holds_run(terms(text), name)


def _side_by_side(
    source: AnswerSource,
    parts: list[AnswerPart],
    names: list[list[str]],
) -> list[AnswerPart]:
    """Each side whose extract does not open with its name takes, when there is one, the sentence that does
    next to another side's extract: in its paragraph, else the nearest paragraph of its section."""
    result = list(parts)
    for i, part in enumerate(parts):
        if part.passage_id is None or _opens_with(part.text, names[i]) or _names_in_full(part.label, part.text):
            continue
        for j, other in enumerate(parts):
            if j == i or other.passage_id is None or other.start is None:
                continue
            found = _sentence_opening_with(source, other, names[i])
            if found is not None:
                passage, start, end = found
                result[i] = AnswerPart(passage.text[start:end], passage.id, passage.start + start,
                                       passage.start + end, part.label)
                break
    return result


def _from_shared_section(
    source: AnswerSource,
    analysis: QuestionAnalysis,
    parts: list[AnswerPart],
    names: list[list[str]],
    k: int,
    documents: list[str] | None,
) -> list[AnswerPart]:
    """When the sides' extracts come from different sections but one section describes every side in turn
    ("Schools play a pivotal role by … Community organizations contribute by …"), each side is quoted from
    that section: the sentence that opens with its name. The section is looked for among the passages found
    for all the sides together, in their order."""
    covered = [i for i, part in enumerate(parts) if part.passage_id is not None]
    if len(covered) < 2 or any(not names[i] for i in covered):
        return parts
    quoted = [source.passage(parts[i].passage_id) for i in covered]
    if len({(passage.doc_id, passage.section) for passage in quoted}) == 1:
        return parts
    joint = " ".join(analysis.sides) + (f" {analysis.aspect}" if analysis.aspect else "")
    seen: set[tuple[str, str | None]] = set()
    for hit in source.search(joint, SHARED_SECTION_HITS * k, documents=documents):
        where = (hit.passage.doc_id, hit.passage.section)
        if where in seen:
            continue
        seen.add(where)
        openings = _section_openings(source, hit.passage, [names[i] for i in covered])
        if openings is not None and not any(
                _names_in_full(parts[i].label, parts[i].text)
                and not _names_in_full(parts[i].label, passage.text[start:end])
                for i, (passage, start, end) in zip(covered, openings)):
            # (a side whose extract names it in full, "the Community Schools Model", is not traded for a sentence
            # that opens with only the word telling it apart, "Schools share …")
            result = list(parts)
            for i, (passage, start, end) in zip(covered, openings):
                result[i] = _run_on(source, AnswerPart(passage.text[start:end], passage.id, passage.start + start,
                                                       passage.start + end, parts[i].label))
            return result
    return parts


#: How many passages either side of a found passage are read as its section when looking for the sides.
SECTION_REACH = 8


def _section_openings(
    source: AnswerSource, passage: Passage, names: Sequence[Sequence[str]]
) -> list[tuple[Passage, int, int]] | None:
    """The first sentence of the passage's section that opens with each name (and with no other of them), or
    None when the section lacks one of them."""
    found: list[tuple[Passage, int, int] | None] = [None] * len(names)
    for p, start, end, text in _sentences_of(_near_in_section(source, passage, SECTION_REACH)):
        opening = [n for n, name in enumerate(names) if _opens_with(text, name)]
        if len(opening) == 1 and found[opening[0]] is None:
            found[opening[0]] = (p, start, end)
    return None if any(f is None for f in found) else found  # type: ignore[return-value]


def _near_in_section(source: AnswerSource, passage: Passage, reach: int) -> list[Passage]:
    """The passages of the passage's section up to `reach` passages either side of it, in document order."""
    document = list(source.document_passages(passage.doc_id))
    position = next((n for n, p in enumerate(document) if p.id == passage.id), 0)
    return [p for p in document[max(0, position - reach):position + reach + 1]
            if p.section == passage.section] or [passage]


def _sentences_of(
    passages: Iterable[Passage], *, bare_items: bool = True
) -> Iterator[tuple[Passage, int, int, str]]:
    """Each sentence of the passages, paragraph by paragraph: its passage, its start and end in the passage's
    text, and its text. Without `bare_items`, list items of one short line are left out (`_bare_item`)."""
    for passage in passages:
        for block_start, block_end in blocks(passage.text):
            block = passage.text[block_start:block_end]
            if not bare_items and _bare_item(block):
                continue
            for sentence in passage_sentences(block):
                yield passage, block_start + sentence.start, block_start + sentence.end, sentence.text


def _sentence_opening_with(
    source: AnswerSource, beside: AnswerPart, name: Sequence[str]
) -> tuple[Passage, int, int] | None:
    """The sentence nearest to the `beside` extract, in the same section, that opens with `name`."""
    assert beside.passage_id is not None and beside.start is not None
    nearby = _near_in_section(source, source.passage(beside.passage_id), SIDE_BY_SIDE_REACH)
    where = beside.start
    candidates = []
    for passage, start, end, text in _sentences_of(nearby, bare_items=False):
        if passage.start + start <= where < passage.start + end or not _opens_with(text, name):
            continue
        candidates.append((abs(passage.start + start - where), passage, start, end))
    if not candidates:
        return None
    _, passage, start, end = min(candidates, key=lambda c: c[0])
    return passage, start, end


#: Words a question uses of the documents themselves ("What case study does the article mention?"): they say
#: nothing about what it asks, so they never count against the documents' coverage of it.
_DOCUMENT_WORDS = (
    "article articles page pages document documents text texts passage passages source sources report paper "
    "guide section author mention mentions mentioned say says said describe describes described discuss "
    "discusses discussed according write writes written cite cites"
)
_DOCUMENT_WORD_SET = frozenset(_DOCUMENT_WORDS.split())


@lru_cache(maxsize=1)
def _document_terms() -> frozenset[str]:
    """`_DOCUMENT_WORDS` as terms, stemmed once, on first use (the stemmer is not loaded at import)."""
    return frozenset(terms(_DOCUMENT_WORDS))


def topic_terms(question_terms: Sequence[str]) -> list[str]:
    """The question's terms less those that speak of the documents themselves ("article", "mention")."""
    document_terms = _document_terms()
    return [t for t in question_terms if t not in document_terms]


# --- what the documents mention ------------------------------------------------------------------------


def missing_concepts(source: AnswerSource, analysis: QuestionAnalysis, documents: list[str] | None) -> list[str]:
    """The question's key concepts that the documents searched never mention.

    A key concept is a name the question gives ("Professional Development School", "PTA"), which must occur
    as a run of words, or what a "what is X" question asks about ("restorative practices"), each of whose words
    must occur in the documents.
    """
    # names, and places such as "Austin" or "Singapore": a quote about another is no answer
    names = _names(analysis.question)
    missing = [name for name in names if not _name_found(source, name, documents)]
    # … and a school system or institution named in lower case: "how did chicago public schools set up …?"
    missing += [m.group(0) for m in _LOWER_INSTITUTION.finditer(analysis.question)
                if m.group("name").lower() not in _GENERIC_PLACE_WORDS
                and not concept_found(source, m.group("name"), documents)]
    # "What certification do social workers need?": the documents must speak of the kind of thing asked for
    if analysis.asked_thing and not concept_found(source, analysis.asked_thing, documents):
        missing.append(analysis.asked_thing)
    subject = analysis.subject
    if subject and len(subject.split()) == 1 and subject[:1].isupper():
        subject = None  # one capitalized word ("America") is a name too loose to require
    if subject and subject not in names and not concept_found(source, subject, documents):
        words = subject.split()
        lowered = [w.lower() for w in words]
        # "the common models schools use": what a list question asks about may end at the things it asks for
        # (or at the list noun it names them by: "the different ways schools team up" asks for the models)
        things = next((i for i, w in enumerate(lowered) if w == analysis.head), None)
        if things is None and analysis.head:
            things = next((i for i, w in enumerate(lowered) if w in LIST_NOUNS), None)
        shorter = " ".join(words[:things + 1]) if things is not None else subject
        if shorter == subject or not concept_found(source, shorter, documents):
            missing.append(subject)
    return missing


#: A school system or institution: the word before says which ("chicago public schools", "ohio state university").
_LOWER_INSTITUTION = re.compile(
    r"\b(?P<name>[a-z][a-z'’-]{2,})\s+(?:public\s+schools|school\s+(?:district|board|system)|unified\s+school|"
    r"county\s+(?:schools|school\s+district)|state\s+university|university|college)\b"
)
#: Words that say what kind of school system or institution, not which one.
_GENERIC_PLACE_WORDS = frozenset(
    "local public private rural urban suburban nearby small large big our their your his her its charter community "
    "state national city district elementary middle high secondary primary partner other many some most every each "
    "any another same new old good best typical average traditional magnet independent religious area regional "
    "neighborhood neighbourhood partnering participating member affiliated junior senior technical teachers "
    "teacher".split()
)
_CAPITALIZED = re.compile(r"(?<![.!?:;\"“(]\s)(?<!^)\b[A-Z][a-z][\w’'-]+")


#: Other names of a country that documents often name in full: "most common in America" asks about the United States.
_COUNTRY_NAMES = {
    "america": "United States", "american": "United States", "americans": "United States",
    "britain": "United Kingdom", "british": "United Kingdom",
}
#: Days and months: when the asker meets, not what the documents must name.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december".split()
)


def rare_capitalized(question: str) -> list[str]:
    """Capitalized words inside a sentence of the question: names of places, people and programs ("Austin",
    "Australia", "Singapore"), a country's other name given as the one documents use ("America" → "United
    States")."""
    words = [m.group(0) for m in _CAPITALIZED.finditer(question.strip())]
    words = [w for w in words if w.lower() not in _QUESTION_OPENERS and w.lower() not in _DOCUMENT_WORD_SET
             and w.lower() not in _CALENDAR]
    return [_COUNTRY_NAMES.get(w.lower(), w) for w in dict.fromkeys(words)]


def _only_names_found(source: AnswerSource, question: str, documents: list[str] | None) -> bool:
    """Whether a question says nothing but names the documents give, and words that ask ("What happened in
    Denver?", "And Philadelphia?")."""
    names = _names(question)
    if not names:
        return False
    named = {w.lower() for name in names for w in re.findall(r"[\w’'-]+", name)}
    rest = [w for w in content_words(question)
            if w.lower() not in named and w.lower() not in _SAYS_NOTHING and not is_everyday(w)]
    return not rest and all(concept_found(source, name, documents, phrase=True) for name in names)


def _names(question: str) -> list[str]:
    """The names a question gives (`named_phrases`), then its rare capitalized words that are not part of one;
    none from the asker's description of themselves, nor the initials of the asker's own group ("our PTO
    meetings"), nor from a sentence that tells the asker's situation when the question after it does not lean on it
    ("Our PTA and the rec center keep miscommunicating. What communication strategies help?", not "We use the YMCA
    model. How does it work?")."""
    question = asked_part(question)
    own = {m.group(1) or m.group(2) for m in _OWN_ACRONYM.finditer(question)}
    names = [name for name in named_phrases(question) if name not in own]
    return names + [w for w in rare_capitalized(question) if not any(w in name.split() for name in names)]


#: The asker's own group, named by its initials before the people or meetings it has ("our PTO meetings", "our
#: SEN pupils") or as the one that is to act ("can our PTA hear back …"). It says where the asker stands, not what
#: they ask about.
_OWN_ACRONYM = re.compile(r"\b(?:our|my)\s+(?:(?:local|own)\s+)?([A-Z]{2,6}s?)\s+(?=(?:pupils|students|kids|children|"
                          r"families|parents|staff|team|meetings?|board|committee|chair|newsletter|session)\b)"
                          # … or the group that is to act: "How can our PTA hear back from families …?"
                          r"|\b(?i:can|could|should|would|will|might)\s+our\s+([A-Z]{2,6}s?)\s+(?=[a-z])")


def named_phrases(question: str) -> list[str]:
    """Names in the question: runs of capitalized words and acronyms, question words left out, and terms it
    quotes ("the term 'collective impact'")."""
    names = [m.group(1) for m in re.finditer(r"(?<!\w)['‘\"“]([\w -]{3,60}?)['’\"”](?!\w)", question)
             if len(m.group(1).split()) <= 6]
    for match in _NAMED.finditer(question):
        words = match.group(0).split()
        opens = match.start() == 0 or bool(re.search(r"[.?!:;–—-]\s*$", question[:match.start()]))
        while words and (re.sub(r"['’]s$", "", words[0].lower()) in _QUESTION_OPENERS
                         or words[0].lower() in stopwords() or (opens and len(words) > 1 and is_everyday(words[0]))):
            # "Under Resource Provision, …": the name starts after the preposition; "Set the Denver example …"
            # after a sentence's everyday first word
            words = words[1:]
        if len(words) > 1 or (words and re.fullmatch(r"[A-Z]{2,}s?", words[0])):
            names.append(" ".join(words))
    return names


def _name_found(source: AnswerSource, name: str, documents: list[str] | None) -> bool:
    """Whether the documents mention a name, or each of the names it joins with "and" ("the Denver and
    Philadelphia examples")."""
    if concept_found(source, name, documents, phrase=True):
        return True
    parts = re.split(r"\s+and\s+", name)
    return len(parts) > 1 and all(concept_found(source, part, documents, phrase=True) for part in parts)


#: "nonprofit", "nonacademic": a word documents often hyphenate.
_NON_WORD = re.compile(r"\bnon(?=(?:profit|academic|governmental|partisan|traditional)s?\b)", re.I)


#: Everyday words for what documents name otherwise: "which kids does it help?" is about students, "achievement
#: numbers" are achievement data, "money" is funding.
_EVERYDAY = {
    **{word: ("students", "pupils", "learners", "youth")
       for word in ("kids", "kid", "children", "child", "pupils", "learners")},
    **{word: ("data",) for word in ("numbers", "figures", "statistics", "stats")},
    **{word: ("funding", "budgets", "financial") for word in ("money", "cash", "finances")},
}
_POSSESSIVE = re.compile(r"['’]s?$")


def concept_found(
    source: AnswerSource, concept: str, documents: list[str] | None, *, phrase: bool = False, together: bool = False
) -> bool:
    """Whether the documents mention `concept`.

    A name (`phrase`) must occur as a run of words in one passage. Other concepts need each of their words in
    the documents (in one passage, with `together`), as a term or as the start of one ("characteristics" is found
    in "characterized"); words that only qualify ("usually", "involved") are not required.
    """
    concept = _NON_WORD.sub("non-", concept)  # "nonprofit" is found where documents write "non-profit"
    concept = re.sub(r"(?<=\bprogram)me(?=s?\b)", "", concept, flags=re.I)  # "programmes" where they write "programs"
    wanted = [t for t in terms(" ".join(w for w in concept.split() if w.lower() not in _QUALIFIERS))]
    if not wanted:
        return True
    if phrase:
        # a name keeps its small words: "Communities In Schools" is not found in "community schools"
        hits = source.search(concept, 20, retriever="lexical", documents=documents)
        name = _name_words(" ".join(w for w in concept.split() if w.lower() not in _QUALIFIERS))
        return any(_holds_run(_name_words(hit.passage.indexed_text()), name) for hit in hits)
    # "main players" is found where the documents speak of stakeholders: a noun of the same family will do
    # (… and "kids' mental health" where they speak of students' mental health)
    family = {t: terms(" ".join(NOUN_FAMILY.get(w.lower(), ()) or _EVERYDAY.get(_POSSESSIVE.sub("", w.lower()), ())))
              for w in concept.split() for t in terms(w)}
    searched = " ".join([concept, *(m for members in family.values() for m in members)])
    hits = source.search(searched, 20, retriever="lexical", documents=documents)
    vocabularies = [set(terms(hit.passage.indexed_text())) for hit in hits]
    if together:
        # "a social impact bond": its words in passages of their own ("social services", "a stronger bond") are not it
        return any(_holds_all(wanted, family, vocabulary) for vocabulary in vocabularies)
    return _holds_all(wanted, family, set().union(*vocabularies))


def _holds_all(wanted: Sequence[str], family: dict[str, list[str]], vocabulary: set[str]) -> bool:
    """Whether each wanted term, or a member of its family, is in the vocabulary."""
    return all(_known(term, vocabulary) or any(_known(m, vocabulary) for m in family.get(term, ())) for term in wanted)


_NUMBER = re.compile(
    r"\d|[$€£%]|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|billion|dozen|percent|per\s*cent)\b",
    re.I,
)
_TIME = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:January|February|April|June|July|August|September|October|November|"
    r"December)\b|\b(?:March|May)\s+\d|\b(?:[Cc]entury|[Cc]enturies|[Dd]ecades?|ago|[Ss]ince\s+(?:the\s+)?\d)"
)


#: What a passage must give for each of `QuestionAnalysis.wants`, as an abstention's reason says it.
_WANTED_AS = {"time": "date", "number": "number", "name": "name", "names": "names", "frequency": "frequency",
              "law": "law or rule"}
#: Words that say something happens again and again without saying how often.
_REGULAR = re.compile(r"\b(?:regular|regularly|ongoing|continuous|continuously|continual|continually)\b", re.I)
_FREQUENCY = re.compile(
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|biannually|once\s+a|twice\s+a|"
    r"every\s+(?:day|week|month|year|semester|term|quarter|\d+|two|three|four|six|few|other)|\d+\s+times|"
    r"(?:times|once|twice)\s+(?:a|per)\s+(?:day|week|month|year|semester|term)|per\s+(?:week|month|year|semester))\b",
    re.I,
)
_LAW = re.compile(r"\b(?:laws?|legal(?:ly)?|legislat\w*|statut\w*|regulat\w*|mandat\w*|liab\w*|complian\w*|"
                  r"act\s+of|court)\b", re.I)
#: Verbs of a claim that say nothing of its content: "… happens in Finland", "… exists in most states".
_SAYS_NOTHING = frozenset({"happen", "happens", "happened", "exist", "exists", "existed", "occur", "occurs",
                           "occurred", "work", "works", "worked", "take", "takes", "place", "is", "are", "was", "were",
                           # the effect a yes-or-no question asks about: what it is an effect on must be there
                           "reduce", "lower", "cut", "decrease", "increase", "boost"})
_NAME_RUN = re.compile(r"(?<!^)(?<![.!?:]\s)\b[A-Z][\w’'-]+(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w’'-]+)*")
#: Who made something: "developed by Joyce Epstein", "Dr. Comer", "the Harvard Family Research Project's".
_PERSON_OR_BODY = re.compile(
    r"\bby\s+(?:the\s+|Dr\.?\s+|Professor\s+)?[A-Z][a-z]+|\b(?:Dr|Prof|Professor)\.?\s+[A-Z][a-z]+|"
    r"\b[A-Z][a-z]+\s+(?:University|Institute|Foundation|Department|Center|Centre|Association|Council)\b"
)


#: A place name: capitalized words after a word that places ("in Finland", "including the United States").
_PLACE_NAME = re.compile(r"\b(?:in|including|across|throughout|from|like|as|at|within|between)\s+(?:the\s+)?"
                         r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


def _names_place(text: str, question: str) -> bool:
    """Whether a sentence names a place (or an organization at one) that the question does not name itself."""
    asked = set(re.findall(r"[a-z]+", question.lower()))
    return any(not set(re.findall(r"[a-z]+", m.group("name").lower())) <= asked for m in _PLACE_NAME.finditer(text))


def _about_the_case(sentences: Sequence[Sentence], question: str, wants: str) -> Sequence[Sentence]:
    """The sentences that may give the names a question wants: those that name the case it names ("the
    Philadelphia School District's program"), all of them when it names none; all of them for other wants."""
    if wants != "names":
        return sentences
    names = [n for n in _names(question) if n.lower() not in _DOCUMENT_WORD_SET]
    if not names:
        return sentences
    return [s for s in sentences if any(set(terms(n)) <= set(terms(s.text)) for n in names)]


def _holds_quantity(text: str, wants: str, question: str = "") -> bool:
    """Whether a sentence gives a date (`wants` "time"), a number ("number"), or a name that the question does not
    give itself ("name": who developed the framework)."""
    if wants == "name":
        asked = question.lower()
        return any(m.group(0).lower() not in asked for m in _PERSON_OR_BODY.finditer(text.strip()))
    if wants == "names":
        # a name the question does not give: a run of capitalized words inside the sentence
        asked = set(re.findall(r"[a-z]+", question.lower()))
        return any(not set(re.findall(r"[a-z]+", m.group(0).lower())) <= asked
                   for m in _NAME_RUN.finditer(text.strip()))
    if wants == "frequency" and not _FREQUENCY.search(question) and _REGULAR.search(text):
        # "how often should we meet with them?": "facilitate regular meetings" is what the documents say of it; a
        # question that names periods itself ("monthly or quarterly?") wants one of them
        return True
    return bool({"time": _TIME, "frequency": _FREQUENCY, "law": _LAW}.get(wants, _NUMBER).search(text))


def _known(term: str, vocabulary: set[str]) -> bool:
    if term in vocabulary:
        return True
    stem = term[:PREFIX_CHARS]
    return len(stem) >= PREFIX_CHARS and any(v.startswith(stem) for v in vocabulary)


def _name_words(text: str) -> list[str]:
    """The words of `text`, stemmed, small words kept and "the" left out: how a name is matched."""
    words = [w for w in re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", text.lower())) if w != "the"]
    return [stem for word in words for stem in (terms(word) or [word])]


def _holds_run(found: Sequence[str], wanted: Sequence[str]) -> bool:
    n = len(wanted)
    return any(list(found[i:i + n]) == list(wanted) for i in range(len(found) - n + 1))
