"""The web chat: reply formatting, escaping, feedback logging, settings, and the app served in-process."""

from __future__ import annotations

import html
import json
import re
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from chat_server import HOST, HOSTILE_DOCUMENT, HOSTILE_FILE, HOSTILE_QUESTION, free_port
from conftest import CORPUS, HEADLINE, QA_PAGE

import eduqa
from eduqa import chat
from eduqa.answer import AbstentionRule, Answer
from eduqa.cli import main
from eduqa.embedding import HashEmbedder
from eduqa.errors import QuestionError, SettingsError

TAGS = re.compile(r"<(script|img|iframe|svg|a )", re.IGNORECASE)


def hostile_index(tmp_path: Path) -> eduqa.Index:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / HOSTILE_FILE).write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    return eduqa.build_index(corpus, tmp_path / "hostile-index", embedder=HashEmbedder())


def quoted_answer(index: eduqa.Index, question: str, rank: int = 0) -> Answer:
    """An answer quoting the first sentence of the hit at `rank`, whatever the hash embedder thinks of it."""
    hits = index.search(question, k=3)
    passage = hits[rank].passage
    end = passage.text.find(".") + 1
    return Answer(question, passage.text[:end], hits, passage.id, passage.start, passage.start + end)


# --- escaping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**bold** _em_ `code` [link](javascript:alert(1)) # heading",
        "$$x^2$$ | a | b | ~~gone~~ \\escape",
        '"quoted" & \'single\'',
    ],
)
def test_as_text_leaves_no_markup(text):
    shown = chat.as_text(text)
    bare = re.sub(r"&#\d+;", "", shown)
    assert not re.search(r"[<>\"'`*_\[\]$|~#\\]", bare)
    assert html.unescape(shown) == text


def test_as_text_keeps_line_breaks_and_plain_words():
    assert chat.as_text("Community Collaboration Model (CCM):\nschools") == (
        "Community Collaboration Model (CCM):<br>schools"
    )


def test_format_question_is_literal_one_paragraph():
    shown = chat.format_question(HOSTILE_QUESTION + "\n\n1. a list")
    assert shown.startswith("<p>") and shown.endswith("</p>")
    assert not TAGS.search(shown) and "\n" not in shown


def test_shown_question_drops_control_characters_and_cuts_long_text():
    assert chat.shown_question("a\x00b\x1b[31m\tc\u200b") == "a b [31m c"
    long = chat.shown_question("x" * 20_000)
    assert len(long) == chat.SHOWN_QUESTION_CHARS and long.endswith("…")


def test_highlighted_passage_marks_the_span_and_escapes_around_it():
    assert chat.highlighted_passage("a <b> c", 2, 5) == "a <mark>&#60;b&#62;</mark> c"
    assert chat.highlighted_passage("abc", 2, 9) == "abc"  # offsets that do not fit: no highlight
    assert chat.highlighted_passage("abc", None, None) == "abc"


# --- replies ------------------------------------------------------------------------------------------


def test_reply_quotes_the_answer_with_its_marker_and_highlights_the_sentence(hash_index):
    answer = quoted_answer(hash_index, HEADLINE, rank=1)
    reply = chat.format_reply(answer)
    cited = answer.hits[1]
    assert chat.cited_number(answer) == 2
    assert reply.startswith('<p class="eduqa-answer"><q>')
    assert "</q> <span class=\"eduqa-marker\">[2]</span>" in reply
    assert f"<mark>{chat.as_text(answer.text)}</mark>" in reply
    assert reply.count("<details") == len(answer.hits) and reply.count("<details open>") == 1
    assert f"<summary><b>[2]</b> {chat.as_text(cited.citation.title)}" in reply
    assert "\n" not in reply  # one line of HTML: Markdown never re-reads it


def test_reply_names_section_and_source(hash_index):
    answer = quoted_answer(hash_index, "Challenges in Building Effective Partnerships")
    reply = chat.format_reply(answer)
    for hit in answer.hits:
        assert chat.as_text(hit.citation.source) in reply
        if hit.citation.section:
            assert f"› {chat.as_text(hit.citation.section)}" in reply


def test_links_only_for_web_addresses():
    assert 'href="https&#58;' not in chat._link("https://example.org/a")  # ':' is not escaped
    assert '<a href="https://example.org/a"' in chat._link("https://example.org/a")
    assert "<a" not in chat._link("/learn/page") and "/learn/page" in chat._link("/learn/page")
    assert "<a" not in chat._link("javascript:alert(1)")
    assert chat._link(None) == ""


def test_hostile_document_is_shown_as_text(tmp_path):
    index = hostile_index(tmp_path)
    answer = quoted_answer(index, "What do field trips do?")
    reply = chat.format_reply(answer)
    assert "alert" in reply and not TAGS.search(reply)
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in reply  # the title, literally
    abstention = chat.format_abstention(list(index.documents.values()))
    assert "&#60;script&#62;" in abstention and not TAGS.search(abstention)


def test_abstention_says_so_and_lists_what_the_documents_cover(hash_index):
    titles = list(hash_index.documents.values())
    reply = chat.format_reply(Answer("What is the capital of France?", None, []), titles)
    assert "could not find an answer to that in the documents" in reply
    assert all(chat.as_text(t) in reply for t in titles)
    assert "<details" not in reply  # no passage is offered as an answer
    assert "the selected documents" in chat.format_abstention(titles[:1], filtered=True)


def test_question_problems_are_explained_kindly():
    too_long = chat.format_question_problem(QuestionError("the question is 20,000 characters long; the limit is 2,000"))
    assert "too long" in too_long and "2,000" in too_long
    assert "Please type a question" in chat.format_question_problem(QuestionError("the question is empty"))


# --- /ask -----------------------------------------------------------------------------------------------


def test_ask_json_is_the_cli_json(hash_index):
    assert chat.ask_json(hash_index, HEADLINE) == hash_index.answer(HEADLINE).to_dict()


@pytest.mark.parametrize(
    ("question", "error"),
    [("", "empty"), ("   \n\t ", "empty"), ("x" * 20_000, "limit is 2,000"), (None, "must be text")],
)
def test_ask_json_reports_bad_questions(hash_index, embedder, question, error):
    before = embedder.embedded
    result = chat.ask_json(hash_index, question)
    assert result["answer"] is None and result["hits"] == [] and error in result["error"]
    assert embedder.embedded == before  # refused before any embedding work
    assert result["question"] is None or len(result["question"]) <= chat.SHOWN_QUESTION_CHARS


# --- feedback ----------------------------------------------------------------------------------------


def test_feedback_record_has_what_maintainers_need(hash_index):
    answer = hash_index.answer(HEADLINE)
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    record = chat.feedback_record(chat.turn_for(answer), "dislike", when)
    assert record == {
        "time": "2025-01-02T03:04:05+00:00",
        "vote": "dislike",
        "question": HEADLINE,
        "answer": answer.text,
        "passage_ids": [h.id for h in answer.hits],
        "answer_passage_id": answer.passage_id,
    }


def test_vote_names():
    assert chat.vote_name(True) == "like"
    assert chat.vote_name(False) == "dislike"
    assert chat.vote_name(None) is None
    assert chat.vote_name("Wrong source") == "Wrong source"


def test_feedback_log_appends_whole_lines_from_many_threads(tmp_path):
    log = chat.FeedbackLog(tmp_path / "logs" / "feedback.jsonl")
    turn = chat.Turn("q <script>", "a", ("p1", "p2"))

    def vote(n: int) -> None:
        for _ in range(25):
            log.append(chat.feedback_record(turn, "like" if n % 2 else "dislike"))

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    assert {json.loads(line)["question"] for line in lines} == {"q <script>"}


# --- settings ----------------------------------------------------------------------------------------


def test_parse_auth():
    assert chat.parse_auth("ann:secret") == [("ann", "secret")]
    assert chat.parse_auth("ann:a:b, bob:pw") == [("ann", "a:b"), ("bob", "pw")]
    for bad in ("ann", "ann:", ":pw", "ann:pw,"):
        with pytest.raises(SettingsError, match="USER:PASSWORD"):
            chat.parse_auth(bad)


def test_server_address_defaults_to_loopback():
    assert chat.server_address(None, None, {}) == ("127.0.0.1", 7860)
    env = {"GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": "8080"}
    assert chat.server_address(None, None, env) == ("0.0.0.0", 8080)
    assert chat.server_address("127.0.0.2", 9000, env) == ("127.0.0.2", 9000)
    with pytest.raises(SettingsError, match="must be a number"):
        chat.server_address(None, None, {"GRADIO_SERVER_PORT": "http"})
    with pytest.raises(SettingsError, match="between 1 and 65535"):
        chat.server_address(None, 70000, {})


def test_importing_eduqa_does_not_import_gradio():
    import subprocess
    import sys

    code = "import sys, eduqa, eduqa.chat; print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


# --- start-up ------------------------------------------------------------------------------------------


def test_start_up_builds_a_missing_index_first(corpus_dir, tmp_path, caplog):
    caplog.set_level("WARNING", logger="eduqa")
    index = chat.prepare_index(tmp_path / "new-index", corpus_dir, "hash")
    assert len(index) > 0 and (tmp_path / "new-index" / "manifest.json").exists()
    assert "building the index first" in caplog.text
    caplog.clear()
    chat.prepare_index(tmp_path / "new-index", corpus_dir, "hash")  # up to date now: loaded as it is
    assert "building" not in caplog.text


def test_corrupt_index_is_one_line_not_a_traceback(hash_index, tmp_path, capsys):
    (tmp_path / "index" / "passages.arrow").write_text("{not json\n", encoding="utf-8")
    code = main(["serve", "--index", str(tmp_path / "index"), "--corpus", str(tmp_path / "no-corpus")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("eduqa: error:") and err.count("\n") == 1 and "Traceback" not in err


def test_bad_auth_is_refused_before_anything_loads(tmp_path, capsys):
    code = main(["serve", "--index", str(tmp_path / "missing"), "--auth", "nopassword"])
    assert code == 1
    assert "USER:PASSWORD" in capsys.readouterr().err


# --- the app, served in this process -------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_hash_app(tmp_path_factory):
    """The chat over a hash-embedded index, with a login, on a free loopback port."""
    folder = tmp_path_factory.mktemp("hash-app")
    index = eduqa.build_index(CORPUS, folder / "index", embedder=HashEmbedder())
    app = chat.build_app(index, chat.FeedbackLog(folder / "feedback.jsonl"))
    port = free_port()
    chat.launch(app, HOST, port, auth=[("ann", "s3cret")], block=False, quiet=True)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        app.close()


def test_served_app_needs_the_login_and_serves_ask(served_hash_app):
    from gradio_client import Client

    with pytest.raises(Exception):  # noqa: B017 - the client's error type varies by version
        Client(served_hash_app, verbose=False)
    client = Client(served_hash_app, auth=("ann", "s3cret"), verbose=False)
    result = client.predict(HEADLINE, api_name="/ask")
    assert set(result) == {"question", "answer", "answer_passage_id", "answer_start", "answer_end", "hits"}
    assert result["question"] == HEADLINE
    assert {h["citation"]["source"] for h in result["hits"]} <= {QA_PAGE, "effective-partnership-models.txt"}
    # Only /ask is offered to API clients; the page's own events are private.
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ["/ask"]


def test_reply_to_honours_the_document_filter_and_passage_count(hash_index):
    article = "effective-partnership-models.txt"
    reply, turn = chat.reply_to(hash_index, HEADLINE, k=2, documents=[article])
    assert turn is not None and len(turn.passage_ids) == 2
    by_id = {p.id: p for p in hash_index.passages}
    assert {by_id[i].doc_id for i in turn.passage_ids} == {article}
    assert reply.count("<details") == 2 or "could not find an answer to that in the selected documents" in reply


def test_reply_to_a_question_that_cannot_be_asked_logs_nothing(hash_index, embedder):
    before = embedder.embedded
    reply, turn = chat.reply_to(hash_index, "why " * 1000)
    assert "too long" in reply and turn is None and embedder.embedded == before


def test_reply_to_abstains_with_what_the_selected_documents_cover(hash_index, monkeypatch):
    # Nothing is ever close enough: the index abstains on every question.
    never = AbstentionRule(min_similarity=1.0, sure_similarity=1.0, min_coverage=1.0)
    monkeypatch.setattr(hash_index, "abstention", never)
    reply, turn = chat.reply_to(hash_index, HEADLINE, documents=[QA_PAGE])
    assert "the selected documents" in reply
    assert chat.as_text(hash_index.documents[QA_PAGE]) in reply
    assert "Exploring Effective" not in reply
    assert turn is not None and turn.answer is None


def test_exposure_warnings():
    assert chat.exposure_warnings("127.0.0.1", False, False) == []
    assert chat.exposure_warnings("0.0.0.0", False, True) == []
    (open_to_all,) = chat.exposure_warnings("0.0.0.0", False, False)
    assert "without a login" in open_to_all and "EDUQA_AUTH" in open_to_all
    assert any("public share link" in w for w in chat.exposure_warnings("127.0.0.1", True, True))


def test_served_chat_picks_up_a_rebuilt_index_without_a_restart(corpus_dir, tmp_path):
    from gradio_client import Client

    from eduqa.live import LiveIndex

    folder = tmp_path / "index"
    eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    live = LiveIndex(folder, embedder=HashEmbedder(), check_every=0)
    app = chat.build_app(live, chat.FeedbackLog(tmp_path / "feedback.jsonl"))
    port = free_port()
    chat.launch(app, HOST, port, block=False, quiet=True)
    try:
        client = Client(f"http://{HOST}:{port}", verbose=False)
        question = "How often do the homework clubs meet after school?"
        before = client.predict(question, api_name="/ask")
        assert all("homework clubs" not in h["text"] for h in before["hits"])

        homework = "# Homework clubs\n\nThe homework clubs meet after school twice a week.\n"
        (corpus_dir / "homework.md").write_text(homework)
        eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())  # while the chat keeps serving

        after = client.predict(question, api_name="/ask")
        assert after["hits"][0]["citation"]["source"] == "homework.md"
        assert "homework.md" in live.documents
    finally:
        app.close()


def test_corpus_changes_are_noticed_and_shown_as_text(corpus_dir, tmp_path, caplog):
    from eduqa.live import CorpusWatch, LiveIndex

    folder = tmp_path / "index"
    eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    watch = CorpusWatch(corpus_dir, LiveIndex(folder, embedder=HashEmbedder()), check_every=0)
    assert watch.changes() == [] and chat.corpus_notice([]) == ""
    (corpus_dir / "<b>new.md").write_text("# New\n\nNew text.\n")
    changes = watch.changes()
    assert changes == ["new: <b>new.md"]
    assert "run `eduqa build`" in caplog.text
    notice = chat.corpus_notice(changes)
    assert "<b>" not in notice and "new.md" in notice
