"""The evaluation harness: metric functions, question files, `eduqa eval` in both modes, the embedding cache."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from eduqa.cli import main
from eduqa.embedding import HashEmbedder
from eduqa.errors import SettingsError
from eduqa.evaluation import (
    MAX_HIT_CHARS,
    EvaluationError,
    QuestionOutcome,
    contains_all,
    corpus_report,
    first_relevant_rank,
    mean_reciprocal_rank,
    ndcg,
    passage_counts,
    read_benchmark_questions,
    read_corpus_questions,
    recall_at,
    run_benchmark,
    score_rankings,
)
from eduqa.fusion import score_fusion, standardize
from eduqa.settings import SearchSettings
from eduqa.vector_cache import CachedEmbedder


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- metric functions ------------------------------------------------------------------------------


def test_first_relevant_rank() -> None:
    assert first_relevant_rank([False, False, True, True]) == 3
    assert first_relevant_rank([True]) == 1
    assert first_relevant_rank([False, False]) is None
    assert first_relevant_rank([]) is None


def test_recall_and_mrr_on_hand_made_ranks() -> None:
    ranks = [1, 2, None, 7, 1]
    assert recall_at(ranks, 1) == pytest.approx(2 / 5)
    assert recall_at(ranks, 5) == pytest.approx(3 / 5)
    assert recall_at(ranks, 10) == pytest.approx(4 / 5)
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 0.5 + 0 + 1 / 7 + 1) / 5)
    assert mean_reciprocal_rank(ranks, cutoff=5) == pytest.approx((1 + 0.5 + 1) / 5)
    assert recall_at([], 1) == 0.0 and mean_reciprocal_rank([]) == 0.0


def test_ndcg_binary() -> None:
    assert ndcg([True, False, False], 1, 10) == pytest.approx(1.0)
    assert ndcg([False, True], 1, 10) == pytest.approx(1 / math.log2(3))
    # two relevant passages, found at ranks 1 and 3
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert ndcg([True, False, True], 2, 10) == pytest.approx(expected)
    assert ndcg([False] * 10 + [True], 1, 10) == 0.0
    assert ndcg([True], 0, 10) == 0.0


def test_score_rankings_reports_every_metric() -> None:
    rankings = [["a", "b", "c"], ["x", "g", "y"], ["n", "m", "o"]]
    golds = [("a",), ("g",), ("z",)]
    report = score_rankings("hybrid", rankings, golds, [3.0, 1.0, 2.0])
    assert report.recall_at_1 == pytest.approx(1 / 3)
    assert report.recall_at_5 == pytest.approx(2 / 3)
    assert report.mrr_at_10 == pytest.approx((1 + 0.5) / 3)
    assert report.ndcg_at_10 == pytest.approx((1 + 1 / math.log2(3)) / 3)
    assert report.latency_ms == 2.0


def test_phrase_matching_ignores_case_and_white_space() -> None:
    assert contains_all("The Community  Collaboration\nModel (CCM) is ...", ["community collaboration model"])
    assert not contains_all("The Community Collaboration Model", ["community collaboration model", "CCM"])
    assert not contains_all(None, ["anything"])


def test_a_long_passage_never_counts() -> None:
    phrase = "the expected phrase"
    assert passage_counts("x " * 10 + phrase, [phrase])
    long_text = phrase + " " + "y" * MAX_HIT_CHARS
    assert not passage_counts(long_text, [phrase])


def test_corpus_report_rates() -> None:
    def outcome(offtopic: bool, rank: int | None, answered: bool, correct: bool) -> QuestionOutcome:
        return QuestionOutcome("q", 1, offtopic, rank, answered, correct, "a" if answered else None)

    report = corpus_report("dev", [
        outcome(False, 1, True, True),
        outcome(False, 3, True, False),
        outcome(False, None, False, False),
        outcome(True, None, False, False),
        outcome(True, None, True, False),
    ])
    assert (report.in_scope, report.offtopic) == (3, 2)
    assert report.recall_at_1 == pytest.approx(1 / 3)
    assert report.recall_at_5 == pytest.approx(2 / 3)
    assert report.answer_accuracy == pytest.approx(1 / 3)
    assert report.answered_rate == pytest.approx(2 / 3)
    assert report.abstention_rate == pytest.approx(1 / 2)
    assert len(report.to_dict()["misses"]) == 3


# --- fusion ---------------------------------------------------------------------------------------


def test_standardize() -> None:
    z = standardize([1.0, 2.0, 3.0])
    assert sum(z) == pytest.approx(0.0)
    assert z[2] > z[1] > z[0]
    assert standardize([5.0, 5.0]) == [0.0, 0.0]
    assert standardize([]) == []


def test_score_fusion_weights_features() -> None:
    items = [10, 20, 30]
    semantic = [0.9, 0.5, 0.1]
    lexical = [0.0, 3.0, 9.0]
    assert [i for i, _ in score_fusion(items, [semantic, lexical], [1.0, 0.0])] == [10, 20, 30]
    assert [i for i, _ in score_fusion(items, [semantic, lexical], [0.0, 1.0])] == [30, 20, 10]
    with pytest.raises(ValueError, match="2 weights for 1 features"):
        score_fusion(items, [semantic], [1.0, 1.0])


# --- question files -------------------------------------------------------------------------------


def test_read_corpus_questions(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "q.jsonl", [
        {"question": "Which model?", "expect": ["a phrase"], "kind": "direct"},
        {"question": "Capital of France?", "offtopic": True},
    ])
    questions = read_corpus_questions(path)
    assert questions[0].expect == ("a phrase",) and questions[0].kind == "direct" and questions[0].line == 1
    assert questions[1].offtopic and questions[1].line == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"question": "ok", "expect": ["x"]}\n{"question": \n', "line 2: not valid JSON"),
        ('{"question": "ok"}\n', "line 1: field 'expect' must be a non-empty list of strings"),
        ('{"expect": ["x"]}\n', "line 1: field 'question' is missing"),
        ('["a list"]\n', "line 1: expected a JSON object"),
        ('{"question": "q", "offtopic": "yes"}\n', "line 1: field 'offtopic' must be true or false"),
        ("\n\n", "no questions"),
    ],
)
def test_bad_question_files_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as info:
        read_corpus_questions(path)
    assert str(path) in str(info.value)


def test_benchmark_gold_ids_must_exist(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "q.jsonl", [{"id": "q1", "question": "?", "gold_ids": ["p9"]}])
    with pytest.raises(EvaluationError, match="line 1: gold id 'p9' is not among the passages"):
        read_benchmark_questions(path, ["p1"])


# --- benchmark mode -------------------------------------------------------------------------------

PASSAGES = [
    {"id": "p1", "title": "Erosion", "text": "Wind erosion moves dust and sand across dry land."},
    {"id": "p2", "title": "Volcanoes", "text": "Lava flows from a volcano when magma reaches the surface."},
    {"id": "p3", "title": "Cells", "text": "The nucleus holds the genetic material of the cell."},
    {"id": "p4", "title": "Plants", "text": "Photosynthesis turns light, water and carbon dioxide into sugar."},
]
QUESTIONS = [
    {"id": "q1", "question": "What moves dust across dry land?", "gold_ids": ["p1"], "answers": ["wind"]},
    {"id": "q2", "question": "What holds the genetic material?", "gold_ids": ["p3"], "answers": ["nucleus"]},
    {"id": "q3", "question": "What turns light into sugar?", "gold_ids": ["p4"], "answers": ["photosynthesis"]},
]


@pytest.fixture
def benchmark(tmp_path: Path) -> tuple[Path, Path]:
    return write_jsonl(tmp_path / "passages.jsonl", PASSAGES), write_jsonl(tmp_path / "questions.jsonl", QUESTIONS)


def test_benchmark_run_reports_eduqa_and_both_baselines(benchmark, capsys) -> None:
    passages, questions = benchmark
    code = main(["eval", "--passages", str(passages), "--questions", str(questions), "--model", "hash", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passages"] == 4 and data["questions"] == 3
    names = [r["retriever"] for r in data["retrievers"]]
    assert names == ["hybrid", "lexical", "dense"]
    for row in data["retrievers"]:
        assert set(row) >= {"recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10", "ndcg_at_10", "latency_ms"}
        assert 0.0 <= row["recall_at_1"] <= row["recall_at_5"] <= row["recall_at_10"] <= 1.0
    lexical = data["retrievers"][1]
    assert lexical["recall_at_1"] == 1.0  # every question shares its distinctive words with its passage


def test_benchmark_table(benchmark, capsys) -> None:
    passages, questions = benchmark
    code = main(["eval", "--passages", str(passages), "--questions", str(questions), "--model", "hash",
                 "--retriever", "dense", "--limit", "2"])
    assert code == 0
    out = capsys.readouterr().out
    assert "2 questions over 4 passages" in out
    assert "| eduqa (dense) |" in out and "| BM25 only |" in out
    assert "dense only" not in out


def test_benchmark_embeds_passages_once_and_caches_them(benchmark, tmp_path: Path) -> None:
    passages, questions = benchmark
    cache = tmp_path / "cache"
    first = CountingHash()
    run_benchmark(passages, questions, embedder=first, cache_dir=cache)
    assert list(cache.glob("*/vectors.npy"))
    second = CountingHash()
    report = run_benchmark(passages, questions, embedder=second, cache_dir=cache)
    assert second.passage_texts == 0  # passages and their sentences came from the cache
    assert report.retrievers[0].recall_at_10 == 1.0


class CountingHash(HashEmbedder):
    """The hash embedder, counting texts embedded in batches of more than one (passages, not questions)."""

    def __init__(self) -> None:
        super().__init__()
        self.passage_texts = 0

    def embed(self, texts, *, batch_size=32, progress=False):
        if len(texts) > 1:
            self.passage_texts += len(texts)
        return super().embed(texts, batch_size=batch_size, progress=progress)


def test_cached_embedder_round_trip(tmp_path: Path) -> None:
    inner = HashEmbedder()
    cached = CachedEmbedder(inner, tmp_path)
    texts = ["one text", "another text", "one text"]
    first = cached.embed(texts)
    assert cached.misses == 2
    again = CachedEmbedder(inner, tmp_path)
    np.testing.assert_allclose(again.embed(texts), first)
    assert again.misses == 0
    np.testing.assert_allclose(first, inner.embed(texts))


# --- corpus mode ----------------------------------------------------------------------------------


def test_corpus_mode_on_a_hash_index(hash_index, tmp_path: Path, capsys) -> None:
    questions = write_jsonl(tmp_path / "dev.jsonl", [
        {"question": "Which model addresses non-academic barriers to learning?",
         "expect": ["Community Collaboration Model (CCM)"], "kind": "direct"},
        {"question": "How do I bake a sourdough loaf at home?", "offtopic": True},
    ])
    code = main(["eval", str(questions), "--index", str(hash_index.path), "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["in_scope"], data["offtopic"]) == (1, 1)
    for key in ("recall_at_1", "recall_at_5", "mrr", "answer_accuracy", "answered_rate", "abstention_rate"):
        assert 0.0 <= data[key] <= 1.0
    assert data["abstention_rate"] == 1.0  # the hash embedder finds nothing close to sourdough

    assert main(["eval", str(questions), "--index", str(hash_index.path)]) == 0
    table = capsys.readouterr().out
    assert "| Recall@1 |" in table and "| off-topic abstention |" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "missing.jsonl"], "missing.jsonl: no such file"),
        (["eval"], "give a question file, or --passages and --questions"),
        (["eval", "--passages", "p.jsonl"], "benchmark mode needs both --passages and --questions"),
        (["eval", "q.jsonl", "--passages", "p.jsonl", "--questions", "q.jsonl"], "not both"),
    ],
)
def test_eval_errors_are_one_line(args, message, capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("eduqa: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_eval_malformed_benchmark_line(tmp_path: Path, capsys) -> None:
    passages = tmp_path / "p.jsonl"
    passages.write_text('{"id": "p1", "text": "fine"}\n{"id": "p2"}\n', encoding="utf-8")
    questions = write_jsonl(tmp_path / "q.jsonl", QUESTIONS)
    assert main(["eval", "--passages", str(passages), "--questions", str(questions), "--model", "hash"]) == 1
    err = capsys.readouterr().err
    assert f"{passages} line 2: field 'text' is missing" in err


# --- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fusion": "max"}, "fusion must be one of score, rrf"),
        ({"sentence_weight": 1.5}, "sentence_weight must be between 0 and 1"),
        ({"lexical_weight": -1}, "lexical_weight must be at least 0"),
        ({"reranker": " "}, "reranker must be a model name or folder"),
        ({"rerank_depth": 0}, "rerank_depth must be at least 1"),
    ],
)
def test_search_settings_are_validated(kwargs, message) -> None:
    with pytest.raises(SettingsError, match=message):
        SearchSettings(**kwargs)


def test_rrf_fusion_still_available(hash_index) -> None:
    hash_index.search_settings = SearchSettings(fusion="rrf")
    hits = hash_index.search("Which model addresses non-academic barriers to learning?", k=3)
    assert len(hits) == 3 and hits[0].score >= hits[1].score >= hits[2].score
