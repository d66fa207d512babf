"""The evaluation sets quote the documents: every phrase and item they expect is in the corpus word for word (case
and white space aside, as evaluation matches them)."""

import json
from pathlib import Path

import pytest

from eduqa.evaluation import normalize

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "eval").glob("*.jsonl"))


def corpus_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").iterdir()) if p.is_file()]
    return "\n".join(texts).replace("**", "").replace("\\n", "\n")


def phrases(question: dict) -> list[str]:
    found = list(question.get("expect", [])) + list(question.get("items", []))
    for side in question.get("sides", []):
        found += list(side.get("expect", []))
    return found


def test_there_are_sets():
    assert {p.name for p in SETS} >= {"dev.jsonl", "holdout.jsonl", "dev_kinds.jsonl", "holdout_kinds.jsonl",
                                      "holdout2.jsonl", "holdout2_kinds.jsonl",
                                      "holdout3_kinds.jsonl", "holdout4_kinds.jsonl", "holdout5_kinds.jsonl",
                                      "holdout6_kinds.jsonl", "holdout7_kinds.jsonl", "holdout8_kinds.jsonl",
                                      "holdout9_kinds.jsonl", "holdout10_kinds.jsonl",
                                      "holdout11_kinds.jsonl", "holdout12_kinds.jsonl", "holdout13_kinds.jsonl",
                                      "holdout14_kinds.jsonl", "holdout15_kinds.jsonl",
                                      "holdout16_kinds.jsonl", "holdout17_kinds.jsonl",
                                      "holdout18_kinds.jsonl", "holdout19_kinds.jsonl",
                                      "holdout20_kinds.jsonl", "holdout21_kinds.jsonl"}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_expected_phrase_is_in_the_corpus(path):
    text = normalize(corpus_text())
    missing = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        question = json.loads(line)
        assert "question" in question, f"{path.name}:{number} has no question"
        if question.get("offtopic"):
            assert not phrases(question), f"{path.name}:{number}: an off-topic question expects nothing"
            continue
        # (case and white space aside, as evaluation matches them)
        missing += [f"{path.name}:{number}: {p!r}" for p in phrases(question) if normalize(p) not in text]
    assert not missing, "\n".join(missing)
