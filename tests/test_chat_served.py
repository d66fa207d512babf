"""`eduqa serve` as users start it, asked through gradio_client: the `/ask` endpoint and hostile inputs."""

from __future__ import annotations

import pytest
from chat_server import HOSTILE_QUESTION
from conftest import HEADLINE

pytestmark = pytest.mark.model

QA_TITLE = "What are the common models of collaboration between schools and institutions?"


@pytest.fixture(scope="module")
def client(served_chat):
    from gradio_client import Client

    return Client(served_chat.url, verbose=False)


def test_started_on_loopback_after_building_the_missing_index(served_chat):
    assert served_chat.url.startswith("http://127.0.0.1:")
    log = served_chat.log.read_text()
    assert "building the index first" in log
    assert ".gradio.live" not in log  # no public share link


def test_ask_answers_the_headline_question_with_its_citation(client):
    result = client.predict(HEADLINE, api_name="/ask")
    assert "Community Collaboration Model" in result["answer"]
    top = result["hits"][0]
    assert top["citation"]["title"] == QA_TITLE
    assert top["citation"]["source"] == "common-models-of-collaboration.md"
    quoted = next(h for h in result["hits"] if h["id"] == result["answer_passage_id"])
    assert "Community Collaboration Model" in quoted["text"]


def test_ask_abstains_on_an_off_topic_question(client):
    result = client.predict("What is the capital of France?", api_name="/ask")
    assert result["answer"] is None and result["answer_passage_id"] is None


@pytest.mark.parametrize(
    "question",
    [
        "x" * 20_000,
        "why " * 5_000,
        HOSTILE_QUESTION,
        "\x00\x07\x1b[31m Which model\u200b addresses\r\n non-academic barriers?\x7f",
        "",
        "   \n\t",
        "🙂" * 50,
    ],
    ids=["20000-chars", "20000-words", "script-tags", "control-chars", "empty", "blank", "emoji"],
)
def test_hostile_inputs_leave_the_server_answering(client, question):
    result = client.predict(question, api_name="/ask")
    assert set(result) >= {"question", "answer", "hits"}
    if len(question.strip()) == 0 or len(question) > 2000:
        assert result["answer"] is None and result["error"]
    assert "Community Collaboration Model" in client.predict(HEADLINE, api_name="/ask")["answer"]


def test_ask_reads_a_follow_up_against_the_history_it_is_given(client):
    result = client.predict("Tell me more about the third one", [QA_TITLE], api_name="/ask")
    assert "Full-Service Schools" in result["answer"] and result["followup_of"] == QA_TITLE
    alone = client.predict(HEADLINE, api_name="/ask")  # one string argument stays valid
    assert "Community Collaboration Model" in alone["answer"] and alone["followup_of"] is None
