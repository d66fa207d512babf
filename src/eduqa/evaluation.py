"""Measuring retrieval and answers: question files, metric functions, and the runs behind `eduqa eval`.

Two kinds of run:

- corpus mode asks an index the questions of a file of ``{"question", "expect": [phrases]}`` and
  ``{"question", "offtopic": true}`` lines. A retrieved passage counts when it contains every expected
  phrase and is at most `MAX_HIT_CHARS` long; an answer counts when its text contains every expected phrase.
- benchmark mode indexes passages as given (``id``, ``title``, ``text``) and scores the ranking of each
  question's ``gold_ids`` for the configured retriever and for the BM25-only and dense-only baselines.

The metric functions are pure; reading files and timing queries live in the runners below them.
"""

from __future__ import annotations

import json
import logging
import math
import re
import statistics
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .embedding import Embedder
from .errors import EduqaError
from .settings import SearchSettings
from .vector_cache import CachedEmbedder

if TYPE_CHECKING:
    from .index import Index
    from .results import Answer

log = logging.getLogger(__name__)

#: A passage longer than this never counts as a hit: an educator must be able to read it at a glance.
MAX_HIT_CHARS = 1200
BASELINES = ("lexical", "dense")


class EvaluationError(EduqaError):
    """A question or passage file cannot be used for evaluation."""


# --- question files ---------------------------------------------------------------------------------


#: Kinds of corpus question that are scored on their own, beyond one-fact questions ("direct", "paraphrase").
LIST_KIND, COMPARISON_KIND, FOLLOWUP_KIND, NEAR_KIND = "list", "comparison", "followup", "near"
#: A list answer counts when it names this share of the expected items within this many characters.
LIST_SHARE, LIST_CHARS = 0.75, 1500
#: A follow-up counts when its expected phrase is within this many characters of the answer's start.
FOLLOWUP_CHARS = 400


@dataclass(frozen=True)
class ComparisonSide:
    """One side of a comparison question: its name, and the phrase its extract must hold (none when uncovered)."""

    name: str
    expect: tuple[str, ...] = ()
    covered: bool = True


@dataclass(frozen=True)
class CorpusQuestion:
    """A question about the indexed corpus: what its answer must contain, or off-topic.

    One-fact questions have `expect` phrases; a list question the `items` its answer must name; a comparison
    its `sides`; a follow-up the `history` of questions before it and `expect`.
    """

    question: str
    expect: tuple[str, ...] = ()
    offtopic: bool = False
    kind: str = ""
    line: int = 0
    items: tuple[str, ...] = ()
    sides: tuple[ComparisonSide, ...] = ()
    history: tuple[str, ...] = ()


@dataclass(frozen=True)
class BenchmarkQuestion:
    """A benchmark question and the ids of the passages that answer it."""

    id: str
    question: str
    gold_ids: tuple[str, ...]


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; an `EvaluationError` naming file and line otherwise."""
    path = Path(path)
    try:
        handle = open(path, encoding="utf-8")
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path}: no such file") from exc
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, 1):  # noqa: B007 (reported in the error)
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationError(f"{path} line {number}: not valid JSON ({exc.msg})") from exc
                if not isinstance(record, dict):
                    raise EvaluationError(f"{path} line {number}: expected a JSON object")
                yield number, record
        except UnicodeDecodeError as exc:
            raise EvaluationError(f"{path} line {number + 1}: not UTF-8 text") from exc


def _text_field(record: Mapping[str, Any], name: str, where: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise EvaluationError(f"{where}: field {name!r} is missing or not a non-empty string")
    return value


def _text_list(record: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = record.get(name)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise EvaluationError(f"{where}: field {name!r} must be a non-empty list of strings")
    return tuple(value)


def read_corpus_questions(path: str | Path) -> list[CorpusQuestion]:
    """The questions of a corpus-mode file (see eval/README.md for the line formats of each kind)."""
    questions: list[CorpusQuestion] = []
    for number, record in read_jsonl(path):
        where = f"{path} line {number}"
        text = _text_field(record, "question", where)
        kind = str(record.get("kind") or "")
        if record.get("offtopic") is True:
            questions.append(CorpusQuestion(text, offtopic=True, kind=kind or "offtopic", line=number))
        elif "offtopic" in record and record["offtopic"] not in (False, None):
            raise EvaluationError(f"{where}: field 'offtopic' must be true or false")
        elif kind == LIST_KIND:
            questions.append(CorpusQuestion(text, kind=kind, line=number, items=_text_list(record, "items", where)))
        elif kind == COMPARISON_KIND:
            questions.append(CorpusQuestion(text, kind=kind, line=number, sides=_sides(record, where)))
        elif kind == FOLLOWUP_KIND:
            history = _text_list(record, "history", where)
            expect = _text_list(record, "expect", where)
            questions.append(CorpusQuestion(text, expect, kind=kind, line=number, history=history))
        else:
            expect = _text_list(record, "expect", where)
            questions.append(CorpusQuestion(text, expect, kind=kind, line=number))
    if not questions:
        raise EvaluationError(f"{path}: no questions")
    return questions


def _sides(record: Mapping[str, Any], where: str) -> tuple[ComparisonSide, ...]:
    value = record.get("sides")
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, dict) for v in value):
        raise EvaluationError(f"{where}: field 'sides' must be a list of two objects")
    sides = []
    for side in value:
        name = _text_field(side, "name", where + " sides")
        if side.get("covered") is False:
            sides.append(ComparisonSide(name, covered=False))
        else:
            sides.append(ComparisonSide(name, _text_list(side, "expect", where + f" side {name!r}")))
    return tuple(sides)


def read_benchmark_passages(path: str | Path) -> list[dict[str, str]]:
    """The passages of a benchmark: ``id`` and ``text`` required, ``title`` optional."""
    passages: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, record in read_jsonl(path):
        where = f"{path} line {number}"
        pid = _text_field(record, "id", where)
        if pid in seen:
            raise EvaluationError(f"{where}: duplicate passage id {pid!r}")
        seen.add(pid)
        title = record.get("title") or ""
        if not isinstance(title, str):
            raise EvaluationError(f"{where}: field 'title' must be a string")
        passages.append({"id": pid, "title": title, "text": _text_field(record, "text", where)})
    if not passages:
        raise EvaluationError(f"{path}: no passages")
    return passages


def read_benchmark_questions(path: str | Path, passage_ids: Iterable[str] | None = None) -> list[BenchmarkQuestion]:
    """The questions of a benchmark; with `passage_ids`, every gold id must be one of them."""
    known = set(passage_ids) if passage_ids is not None else None
    questions: list[BenchmarkQuestion] = []
    for number, record in read_jsonl(path):
        where = f"{path} line {number}"
        gold = _text_list(record, "gold_ids", where)
        if known is not None:
            unknown = [g for g in gold if g not in known]
            if unknown:
                raise EvaluationError(f"{where}: gold id {unknown[0]!r} is not among the passages")
        qid = record.get("id")
        text = _text_field(record, "question", where)
        questions.append(BenchmarkQuestion(str(qid) if qid is not None else str(number), text, gold))
    if not questions:
        raise EvaluationError(f"{path}: no questions")
    return questions


# --- metrics ----------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lower case with runs of white space made one space, for phrase matching."""
    return re.sub(r"\s+", " ", text).strip().lower()


def contains_all(text: str | None, phrases: Sequence[str]) -> bool:
    """Whether `text` contains every phrase (case and white space ignored)."""
    if text is None:
        return False
    haystack = normalize(text)
    return all(normalize(p) in haystack for p in phrases)


def passage_counts(text: str, expect: Sequence[str], max_chars: int = MAX_HIT_CHARS) -> bool:
    """Whether a retrieved passage answers a corpus question: short enough, and holding every phrase."""
    return len(text) <= max_chars and contains_all(text, expect)


def first_relevant_rank(relevant: Sequence[bool]) -> int | None:
    """The 1-based rank of the first relevant item, or None when none is."""
    return next((rank for rank, ok in enumerate(relevant, 1) if ok), None)


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose first relevant passage is ranked within the top `k`."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None], cutoff: int | None = None) -> float:
    """Mean of 1/rank of the first relevant passage (0 when missing or ranked below `cutoff`)."""
    if not ranks:
        return 0.0
    return sum(1 / r for r in ranks if r is not None and (cutoff is None or r <= cutoff)) / len(ranks)


def ndcg(relevant: Sequence[bool], relevant_total: int, k: int) -> float:
    """Binary nDCG@k of one ranking, given how many relevant items exist in all."""
    if relevant_total <= 0:
        return 0.0
    dcg = sum(1 / math.log2(rank + 1) for rank, ok in enumerate(relevant[:k], 1) if ok)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(relevant_total, k) + 1))
    return dcg / ideal


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


# --- corpus mode ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionOutcome:
    """What happened to one question of a corpus run."""

    question: str
    line: int
    offtopic: bool
    rank: int | None
    answered: bool
    correct: bool
    answer: str | None
    kind: str = ""


@dataclass(frozen=True)
class KindFigure:
    """How one kind of question fared: how many, and the share that counts (answered right, or declined)."""

    kind: str
    questions: int
    score: float


@dataclass(frozen=True)
class CorpusReport:
    """The figures of a corpus-mode run, and every question's outcome."""

    source: str
    in_scope: int
    offtopic: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    answer_accuracy: float
    answered_rate: float
    abstention_rate: float
    #: Per kind of question: one-fact ("fact"), list, comparison, follow-up, near-domain and off-topic.
    kinds: tuple[KindFigure, ...] = ()
    outcomes: tuple[QuestionOutcome, ...] = field(default=(), repr=False)

    def summary(self) -> dict[str, Any]:
        """The figures without the per-question outcomes."""
        data = {k: v for k, v in asdict(self).items() if k not in ("outcomes", "kinds")}
        data["kinds"] = {k.kind: {"questions": k.questions, "score": k.score} for k in self.kinds}
        return data

    def kind(self, name: str) -> KindFigure | None:
        return next((k for k in self.kinds if k.kind == name), None)

    def to_dict(self) -> dict[str, Any]:
        data = self.summary()
        data["misses"] = [
            asdict(o) for o in self.outcomes if (o.offtopic and o.answered) or (not o.offtopic and not o.correct)
        ]
        return data


#: How each kind of corpus question is grouped in the per-kind figures.
_KIND_GROUPS = {"direct": "fact", "paraphrase": "fact", "": "fact"}
_KIND_ORDER = ("fact", LIST_KIND, COMPARISON_KIND, FOLLOWUP_KIND, NEAR_KIND, "offtopic")


def corpus_report(source: str, outcomes: Sequence[QuestionOutcome]) -> CorpusReport:
    """The figures of a corpus run from its questions' outcomes.

    Recall and answer accuracy are over one-fact questions (the ones with a passage to rank); the answered
    rate is over every in-scope question; the abstention rate over every off-topic and near-domain one.
    """
    facts = [o for o in outcomes if not o.offtopic and _KIND_GROUPS.get(o.kind, o.kind) == "fact"]
    in_scope = [o for o in outcomes if not o.offtopic]
    offtopic = [o for o in outcomes if o.offtopic]
    ranks = [o.rank for o in facts]
    groups: dict[str, list[QuestionOutcome]] = {}
    for o in outcomes:
        groups.setdefault(_KIND_GROUPS.get(o.kind, o.kind), []).append(o)
    order = [k for k in _KIND_ORDER if k in groups] + sorted(set(groups) - set(_KIND_ORDER))
    kinds = tuple(
        KindFigure(k, len(groups[k]), mean([float(not o.answered if o.offtopic else o.correct) for o in groups[k]]))
        for k in order
    )
    return CorpusReport(
        source=source,
        in_scope=len(in_scope),
        offtopic=len(offtopic),
        recall_at_1=recall_at(ranks, 1),
        recall_at_5=recall_at(ranks, 5),
        mrr=mean_reciprocal_rank(ranks, 10),
        answer_accuracy=mean([float(o.correct) for o in facts]),
        answered_rate=mean([float(o.answered) for o in in_scope]),
        abstention_rate=mean([float(not o.answered) for o in offtopic]),
        kinds=kinds,
        outcomes=tuple(outcomes),
    )


def answer_counts(question: CorpusQuestion, answer: Answer) -> bool:
    """Whether an answer counts for an in-scope question of its kind (see the constants above)."""
    text = answer.text
    if question.kind == LIST_KIND:
        window = normalize((text or "")[:LIST_CHARS])
        named = sum(normalize(item) in window for item in question.items)
        return named >= LIST_SHARE * len(question.items)
    if question.kind == COMPARISON_KIND:
        for side in question.sides:
            if side.covered and not contains_all(text, side.expect):
                return False
            if not side.covered and not any(part.passage_id is None for part in answer.parts):
                return False
        return True
    if question.kind == FOLLOWUP_KIND:
        return contains_all((text or "")[:FOLLOWUP_CHARS], question.expect)
    return contains_all(text, question.expect)


def evaluate_corpus(index: Index, questions: Sequence[CorpusQuestion], source: str = "", k: int = 5) -> CorpusReport:
    """Ask `index` every question: rank of the first passage that counts (top 10), and the answer."""
    outcomes = []
    for q in questions:
        answer = index.answer(q.question, k=k, history=list(q.history) or None)
        rank = None
        if not q.offtopic and q.kind not in (LIST_KIND, COMPARISON_KIND, FOLLOWUP_KIND):
            hits = index.search(q.question, k=10)
            rank = first_relevant_rank([passage_counts(h.text, q.expect) for h in hits])
        outcomes.append(
            QuestionOutcome(
                question=q.question,
                line=q.line,
                offtopic=q.offtopic,
                rank=rank,
                answered=answer.text is not None,
                correct=not q.offtopic and answer_counts(q, answer),
                answer=answer.text,
                kind=q.kind,
            )
        )
    return corpus_report(source, outcomes)


# --- benchmark mode ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetrieverReport:
    """Ranking quality and speed of one retriever over a benchmark's questions."""

    retriever: str
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    ndcg_at_10: float
    latency_ms: float


@dataclass(frozen=True)
class BenchmarkReport:
    """A benchmark run: the configured retriever first, then the baselines."""

    passages: int
    questions: int
    retrievers: tuple[RetrieverReport, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "passages": self.passages,
            "questions": self.questions,
            "settings": dict(self.settings),
            "retrievers": [asdict(r) for r in self.retrievers],
        }


def score_rankings(retriever: str, rankings: Sequence[Sequence[str]], golds: Sequence[Sequence[str]],
                   latencies_ms: Sequence[float]) -> RetrieverReport:
    """The figures of one retriever from its ranked ids per question and the questions' gold ids."""
    ranks, gains = [], []
    for ranked, gold in zip(rankings, golds):
        wanted = set(gold)
        relevant = [pid in wanted for pid in ranked]
        ranks.append(first_relevant_rank(relevant))
        gains.append(ndcg(relevant, len(wanted), 10))
    return RetrieverReport(
        retriever=retriever,
        recall_at_1=recall_at(ranks, 1),
        recall_at_5=recall_at(ranks, 5),
        recall_at_10=recall_at(ranks, 10),
        mrr_at_10=mean_reciprocal_rank(ranks, 10),
        ndcg_at_10=mean(gains),
        latency_ms=statistics.median(latencies_ms) if latencies_ms else 0.0,
    )


def evaluate_benchmark(
    index: Index, questions: Sequence[BenchmarkQuestion], retrievers: Sequence[str] | None = None
) -> BenchmarkReport:
    """Rank every question's passages with each retriever (the configured one and the baselines)."""
    configured = index.search_settings.retriever
    names = list(retrievers) if retrievers else [configured] + [b for b in BASELINES if b != configured]
    reports = []
    golds = [q.gold_ids for q in questions]
    for name in names:
        rankings, latencies = [], []
        for q in questions:
            started = time.perf_counter()
            hits = index.search(q.question, k=10, retriever=name)
            latencies.append((time.perf_counter() - started) * 1000)
            rankings.append([h.id for h in hits])
        reports.append(score_rankings(name, rankings, golds, latencies))
    return BenchmarkReport(
        passages=len(index),
        questions=len(questions),
        retrievers=tuple(reports),
        settings=asdict(index.search_settings),
    )


# --- runs from files --------------------------------------------------------------------------------


def run_corpus(
    questions_path: str | Path,
    index_dir: str | Path = "index",
    *,
    model: str | None = None,
    search_settings: SearchSettings | None = None,
    limit: int | None = None,
) -> CorpusReport:
    """Read a corpus question file, load the index, and evaluate it."""
    from .index import load_index

    questions = read_corpus_questions(questions_path)[:limit]
    index = load_index(index_dir, model=model, search_settings=search_settings)
    return evaluate_corpus(index, questions, source=str(questions_path))


def run_benchmark(
    passages_path: str | Path,
    questions_path: str | Path,
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    search_settings: SearchSettings | None = None,
    cache_dir: str | Path | None = None,
    limit: int | None = None,
    progress: bool = False,
) -> BenchmarkReport:
    """Index a benchmark's passages as given (embedding each once) and rank its questions with every retriever.

    With `cache_dir`, passage vectors are kept there and reused by later runs with the same model.
    Questions are always embedded afresh, so that latencies include the query's embedding.
    """
    from .builder import build_index
    from .embedding import load_embedder

    records = read_benchmark_passages(passages_path)
    questions = read_benchmark_questions(questions_path, (r["id"] for r in records))[:limit]
    embedder = embedder or load_embedder(model)
    passage_embedder: Embedder = CachedEmbedder(embedder, cache_dir) if cache_dir is not None else embedder
    log.info("indexing %d passages of %s", len(records), passages_path)
    # the build embeds the passages and their sentences (through the cache, when there is one)
    index = build_index(records, embedder=passage_embedder, search_settings=search_settings, progress=progress)
    index.embedder = embedder
    return evaluate_benchmark(index, questions)


# --- tables -----------------------------------------------------------------------------------------


def _row(cells: Iterable[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def corpus_table(report: CorpusReport) -> str:
    """A corpus run as a Markdown table."""
    rows = [
        ("questions", f"{report.in_scope} in scope, {report.offtopic} off-topic"),
        ("Recall@1", f"{report.recall_at_1:.3f}"),
        ("Recall@5", f"{report.recall_at_5:.3f}"),
        ("MRR@10", f"{report.mrr:.3f}"),
        ("answer accuracy", f"{report.answer_accuracy:.3f}"),
        ("in-scope answered", f"{report.answered_rate:.3f}"),
        ("off-topic abstention", f"{report.abstention_rate:.3f}" if report.offtopic else "-"),
    ]
    lines = [_row(("metric", report.source or "value")), _row(("---", "---:"))]
    lines += [_row(r) for r in rows]
    if any(k.kind != "fact" and k.kind != "offtopic" for k in report.kinds):
        lines += ["", _row(("kind", "questions", "counts")), _row(("---", "---:", "---:"))]
        lines += [_row((k.kind, k.questions, f"{k.score:.3f}")) for k in report.kinds]
    return "\n".join(lines)


def retriever_label(name: str, configured: str) -> str:
    """How a retriever is named in tables: the configured one is eduqa's, the others are baselines."""
    if name == configured:
        return f"eduqa ({name})"
    return {"lexical": "BM25 only", "dense": "dense only"}.get(name, name)


def benchmark_table(report: BenchmarkReport) -> str:
    """A benchmark run as a Markdown table, one row per retriever."""
    configured = report.settings.get("retriever", "")
    lines = [
        f"{report.questions} questions over {report.passages} passages",
        "",
        _row(("retriever", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10", "median ms")),
        _row(("---", "---:", "---:", "---:", "---:", "---:", "---:")),
    ]
    for r in report.retrievers:
        lines.append(_row((
            retriever_label(r.retriever, configured),
            f"{r.recall_at_1:.3f}", f"{r.recall_at_5:.3f}", f"{r.recall_at_10:.3f}",
            f"{r.mrr_at_10:.3f}", f"{r.ndcg_at_10:.3f}", f"{r.latency_ms:.1f}",
        )))
    return "\n".join(lines)
