"""Integration tests with the real bundled all-MiniLM-L6-v2 model: what users run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, HEADLINE, QA_PAGE, ROOT

import eduqa

pytestmark = pytest.mark.model

QA_TITLE = "What are the common models of collaboration between schools and institutions?"


def test_headline_question_finds_the_ccm_passage_cited_to_the_qa_page(model_index):
    hits = model_index.search(HEADLINE, k=5)
    assert "Community Collaboration Model (CCM)" in hits[0].text
    assert hits[0].citation.title == QA_TITLE
    assert hits[0].citation.source == QA_PAGE
    assert hits[0].citation.url.startswith("/learn/education-studies/")


def test_headline_answer_names_the_community_collaboration_model(model_index):
    answer = model_index.answer(HEADLINE)
    assert answer.text is not None and "Community Collaboration Model" in answer.text
    assert "non-academic barriers" in answer.text
    assert len(answer.text) <= 400


@pytest.mark.parametrize("question", ["What is the capital of France?", "Who won the football world cup?"])
def test_off_topic_questions_are_not_answered(model_index, question):
    answer = model_index.answer(question)
    assert answer.text is None and answer.reason


def test_model_vectors_are_normalized(model_index):
    import numpy as np

    vectors = model_index.dense.vectors()
    assert vectors.shape == (len(model_index), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_shipped_index_is_current_and_answers():
    assert eduqa.index_status(CORPUS, ROOT / "index") == [], "run `make index` and commit index/"
    index = eduqa.load_index(ROOT / "index")
    assert index.manifest["embedder"]["name"] == "all-MiniLM-L6-v2"
    assert "Community Collaboration Model (CCM)" in index.search(HEADLINE, k=1)[0].text


def test_cli_ask_json_end_to_end(model_index):
    result = subprocess.run(
        [sys.executable, "-m", "eduqa", "ask", HEADLINE, "--index", str(model_index.path), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "Community Collaboration Model" in data["answer"]
    assert data["hits"][0]["citation"]["title"] == QA_TITLE
