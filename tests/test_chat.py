"""The web chat: reply formatting, escaping, feedback logging, settings, and the app served in-process."""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from chat_server import HOST, HOSTILE_DOCUMENT, HOSTILE_FILE, HOSTILE_QUESTION, free_port
from conftest import CORPUS, HEADLINE, QA_PAGE

import eduqa
from eduqa import chat, replies
from eduqa.answer import AbstentionRule
from eduqa.cli import main
from eduqa.embedding import HashEmbedder
from eduqa.errors import SettingsError
from eduqa.results import Answer, AnswerPart

TAGS = re.compile(r"<(script|img|iframe|svg|a href=\"(?!#))", re.IGNORECASE)


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


# --- escaping ---------------------------------------------------------------------------------------


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
    shown = replies.as_text(text)
    bare = re.sub(r"&#\d+;", "", shown)
    assert not re.search(r"[<>\"'`*_\[\]$|~#\\]", bare)
    assert html.unescape(shown) == text


def test_as_text_keeps_line_breaks_and_plain_words():
    assert replies.as_text("Community Collaboration Model (CCM):\nschools") == (
        "Community Collaboration Model (CCM):<br>schools"
    )


def test_format_question_is_literal_one_paragraph():
    shown = replies.format_question(HOSTILE_QUESTION + "\n\n1. a list")
    assert shown.startswith("<p>") and shown.endswith("</p>")
    assert not TAGS.search(shown) and "\n" not in shown


def test_shown_question_drops_control_characters_and_cuts_long_text():
    assert replies.shown_question("a\x00b\x1b[31m\tc\u200b") == "a b [31m c"
    long = replies.shown_question("x" * 20_000)
    assert len(long) == replies.SHOWN_QUESTION_CHARS and long.endswith("…")


def test_highlighted_passage_marks_the_spans_and_escapes_around_them():
    assert replies.highlighted_passage("a <b> c", [(2, 5)]) == "a <mark>&#60;b&#62;</mark> c"
    assert replies.highlighted_passage("abc", [(2, 9)]) == "abc"  # offsets that do not fit: no highlight
    assert replies.highlighted_passage("abc", [(None, None)]) == "abc"
    assert replies.highlighted_passage("one two three", [(8, 13), (0, 3)]) == (
        "<mark>one</mark> two <mark>three</mark>"
    )


# --- replies ------------------------------------------------------------------------------------------


def test_reply_quotes_the_answer_with_its_marker_and_highlights_the_sentence(hash_index):
    answer = quoted_answer(hash_index, HEADLINE, rank=1)
    reply = replies.render_reply(answer, key="7")
    cited = answer.hits[1]
    assert '<p class="eduqa-answer"><q>' in reply.html
    assert '</q> <a class="eduqa-cite" href="#eduqa-7-2">[2]</a>' in reply.html  # a link to its source
    assert '<details id="eduqa-7-2" class="eduqa-source" open>' in reply.html
    assert f"<mark>{replies.as_text(answer.text)}</mark>" in reply.html
    assert reply.html.count("<details open") + reply.html.count("source\" open>") == 1
    assert f"<summary><b>[2]</b> {replies.as_text(cited.citation.title)}" in reply.html
    assert "\n" not in reply.html  # one line of HTML: Markdown never re-reads it
    assert cited.id in reply.shown


def test_reply_names_section_and_source(hash_index):
    answer = quoted_answer(hash_index, "Challenges in Building Effective Partnerships")
    reply = replies.render_reply(answer)
    for hit in answer.hits:
        assert replies.as_text(hit.citation.source) in reply.html
        if hit.citation.section:
            assert f"› {replies.as_text(hit.citation.section)}" in reply.html


def test_a_list_item_source_is_named_by_its_label(hash_index):
    item = next(p for p in hash_index.passages if p.text.startswith("2. Community Collaboration Model"))
    assert replies.item_label(item.text) == "Community Collaboration Model (CCM)"
    assert replies.source_heading(item) == f"{item.title} › Community Collaboration Model (CCM)"
    assert replies.item_label("Plain text: with a colon") == ""


def test_document_addresses_link_when_absolute_or_resolved_against_the_site():
    assert replies.document_address("https://example.org/a") == "https://example.org/a"
    assert replies.document_address("/learn/page") is None  # relative, and no site to resolve it against
    assert replies.document_address("/learn/page", "https://school.example/") == "https://school.example/learn/page"
    assert replies.document_address("javascript:alert(1)", "https://school.example/") is None
    assert replies.document_address(None) is None


def test_a_document_with_an_address_links_to_it(hash_index):
    answer = quoted_answer(hash_index, HEADLINE)
    qa = next(i for i, h in enumerate(answer.hits) if h.citation.url)
    answer = quoted_answer(hash_index, HEADLINE, rank=qa)
    linked = replies.render_reply(answer, site="https://school.example").html
    assert '<a href="https&#58;' not in linked
    assert f'href="https://school.example{answer.hits[qa].citation.url}"' in linked
    assert "open the document" in linked
    assert "open the document" not in replies.render_reply(answer).html  # no site: the address is text


def test_sources_far_below_the_best_are_folded(hash_index):
    hits = hash_index.search(HEADLINE, k=5)
    scored = [replace(h, score=s) for h, s in zip(hits, (10.0, 6.0, 4.0, 2.0, 1.0), strict=True)]
    passage = scored[3].passage  # the answer quotes the fourth, which is far below the best
    answer = Answer(HEADLINE, passage.text[:20], scored, passage.id, passage.start, passage.start + 20)
    reply = replies.render_reply(answer, key="1")
    assert reply.shown == (scored[0].id, scored[1].id, scored[3].id)  # cited ones are always shown
    assert reply.folded == (scored[2].id, scored[4].id)
    assert '<details class="eduqa-more"><summary>More sources (2)</summary>' in reply.html


def test_copy_text_is_the_answer_then_numbered_sources(hash_index):
    answer = quoted_answer(hash_index, HEADLINE)
    reply = replies.render_reply(answer)
    lines = reply.text.splitlines()
    assert lines[0] == f"“{answer.text}” [1]"
    assert "Sources:" in lines
    first = answer.hits[0].citation
    assert f"[1] {first.title}" in reply.text and f"({first.source}" in reply.text
    assert "<" not in reply.text.replace("<script>", "")
    # the plain text travels in the page, hidden, as text
    assert replies.as_text(answer.text) in reply.html.split('class="eduqa-plain">')[1]


def _part(text, passage=None, start=None, label=None):
    return AnswerPart(
        text,
        passage.id if passage else None,
        None if passage is None else passage.start + (start or 0),
        None if passage is None else passage.start + (start or 0) + len(text),
        label,
    )


def test_a_list_answer_is_a_list_with_a_marker_per_item(hash_index):
    hits = hash_index.search("What are the common models of collaboration?", k=5)
    items = [h.passage for h in hits[:3]]
    parts = tuple(_part(p.text[:30], p, 0, f"Model {i}") for i, p in enumerate(items, 1))
    answer = Answer("What are the common models?", "…", hits, items[0].id, parts[0].start, parts[0].end,
                          kind="list", parts=parts)
    reply = replies.render_reply(answer, key="3")
    assert reply.html.count("<li>") == 3 and '<ol class="eduqa-answer eduqa-list">' in reply.html
    for number in (1, 2, 3):
        assert f'href="#eduqa-3-{number}">[{number}]</a></li>' in reply.html
    assert "<b>Model 2</b>: " in reply.html
    assert reply.text.splitlines()[1].startswith("2. Model 2: ") and reply.text.splitlines()[1].endswith("[2]")
    assert "<details open" not in reply.html and "source\" open>" not in reply.html  # several: all closed


def test_a_comparison_is_side_by_side_and_says_which_side_is_not_covered(hash_index):
    hits = hash_index.search("Community Schools Model", k=5)
    side = hits[1].passage
    parts = (
        _part(side.text[:40], side, 0, "Community Schools Model"),
        AnswerPart("The documents do not cover Flipped Classrooms.", None, None, None, "Flipped Classrooms"),
    )
    answer = Answer("How is X different from Y?", "…", hits, side.id, parts[0].start, parts[0].end,
                          kind="comparison", parts=parts)
    reply = replies.render_reply(answer, key="5")
    assert reply.html.count('<div class="eduqa-side">') == 2
    assert '<b>Community Schools Model</b>' in reply.html and '<b>Flipped Classrooms</b>' in reply.html
    assert 'href="#eduqa-5-2">[2]</a>' in reply.html  # the covered side cites its own source
    assert reply.html.count('class="eduqa-cite"') == 1  # the side not covered has no marker
    assert '<span class="eduqa-missing">The documents do not cover Flipped Classrooms.</span>' in reply.html
    assert "Flipped Classrooms: The documents do not cover Flipped Classrooms." in reply.text


def test_a_follow_up_says_which_question_it_was_read_against(hash_index):
    answer = quoted_answer(hash_index, "Tell me more about the second one")
    answer = Answer(*[getattr(answer, f) for f in ("question", "text", "hits", "passage_id", "start", "end")],
                          kind="extract", parts=(), followup_of="What are the common models <b>?")
    reply = replies.render_reply(answer)
    assert reply.html.startswith('<div class="eduqa-reply"><p class="eduqa-followup">Read as a follow-up to “')
    assert "What are the common models &#60;b&#62;?" in reply.html
    assert reply.text.startswith("Read as a follow-up to “What are the common models <b>?”.")


def test_hostile_document_is_shown_as_text(tmp_path):
    index = hostile_index(tmp_path)
    answer = quoted_answer(index, "What do field trips do?")
    reply = replies.render_reply(answer).html
    assert "alert" in reply and not TAGS.search(reply)
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in reply  # the title, literally
    abstention, _ = replies.abstention(list(index.documents.values()))
    assert "&#60;script&#62;" in abstention and not TAGS.search(abstention)


def test_abstention_says_so_and_lists_what_the_documents_cover(hash_index):
    titles = list(hash_index.documents.values())
    reply = replies.render_reply(Answer("What is the capital of France?", None, []), titles)
    assert "could not find an answer to that in the documents" in reply.html
    assert all(replies.as_text(t) in reply.html for t in titles)
    assert "<details" not in reply.html and reply.shown == ()  # no passage is offered as an answer
    assert "the selected documents" in replies.abstention(titles[:1], filtered=True)[0]


def test_question_problems_are_explained_kindly():
    too_long = replies.question_problem("the question is 20,000 characters long; the limit is 2,000")
    assert "too long" in too_long.html and "2,000" in too_long.html and "too long" in too_long.text
    assert "Please type a question" in replies.question_problem("the question is empty").text


# --- /ask -----------------------------------------------------------------------------------------------


def test_ask_json_is_the_cli_json(hash_index):
    assert chat.ask_json(hash_index, HEADLINE) == hash_index.answer(HEADLINE).to_dict()


def test_ask_json_passes_the_history_and_checks_it(hash_index, monkeypatch):
    seen = []
    real = hash_index.answer

    def answer(question, k=5, **options):
        seen.append(options)
        return real(question, k)

    monkeypatch.setattr(hash_index, "answer", answer)
    chat.ask_json(hash_index, "Tell me more about the second one", history=["What are the common models?"])
    assert seen[-1] == {"history": ["What are the common models?"]}
    chat.ask_json(hash_index, HEADLINE)
    assert seen[-1] == {}  # one string argument stays valid
    bad = chat.ask_json(hash_index, HEADLINE, history="not a list")
    assert bad["answer"] is None and "history must be a list" in bad["error"]
    assert "history must be a list" in chat.ask_json(hash_index, HEADLINE, history=[1, 2])["error"]


def test_reply_to_passes_the_conversation_as_history(hash_index, monkeypatch):
    seen = []
    real = hash_index.answer
    monkeypatch.setattr(hash_index, "answer", lambda q, k=5, **o: seen.append(o) or real(q, k))
    chat.reply_to(hash_index, "And the second one?", history=["What are the common models?"])
    assert seen[-1]["history"] == ["What are the common models?"]


@pytest.mark.parametrize(
    ("question", "error"),
    [("", "empty"), ("   \n\t ", "empty"), ("x" * 20_000, "limit is 2,000"), (None, "must be text")],
)
def test_ask_json_reports_bad_questions(hash_index, embedder, question, error):
    before = embedder.embedded
    result = chat.ask_json(hash_index, question)
    assert result["answer"] is None and result["hits"] == [] and error in result["error"]
    assert embedder.embedded == before  # refused before any embedding work
    assert result["question"] is None or len(result["question"]) <= replies.SHOWN_QUESTION_CHARS


# --- feedback ----------------------------------------------------------------------------------------


def test_feedback_record_has_what_maintainers_need(hash_index):
    answer = quoted_answer(hash_index, HEADLINE)
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    reply = replies.render_reply(answer)
    record = chat.feedback_record(chat.turn_for(answer, reply), "dislike", when)
    assert record == {
        "time": "2025-01-02T03:04:05+00:00",
        "vote": "dislike",
        "question": HEADLINE,
        "answer": answer.text,
        "kind": "extract",
        "passage_ids": list(reply.shown),
        "answer_passage_id": answer.passage_id,
        **({"more_passage_ids": list(reply.folded)} if reply.folded else {}),
    }


def test_feedback_on_a_refusal_logs_the_reason_and_no_passages(hash_index, monkeypatch):
    never = AbstentionRule(min_similarity=1.0, sure_similarity=1.0, min_coverage=1.0)
    monkeypatch.setattr(hash_index, "abstention", never)
    _, turn = chat.reply_to(hash_index, HEADLINE)
    record = chat.feedback_record(turn, "dislike")
    assert record["answer"] is None and record["passage_ids"] == [] and record["kind"] is None
    assert record["reason"]  # why it was not answered
    _, too_long = chat.reply_to(hash_index, "why " * 1000)
    record = chat.feedback_record(too_long, "dislike")
    assert record["passage_ids"] == [] and "limit is 2,000" in record["reason"]


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
    assert set(result) == {
        "question", "answer", "kind", "parts", "followup_of", "answer_passage_id", "answer_start", "answer_end", "hits"
    }
    assert result["question"] == HEADLINE
    assert {h["citation"]["source"] for h in result["hits"]} <= {QA_PAGE, "effective-partnership-models.txt"}
    # Only /ask is offered to API clients; the page's own events are private.
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ["/ask"]


def test_reply_to_honours_the_document_filter_and_passage_count(hash_index):
    article = "effective-partnership-models.txt"
    reply, turn = chat.reply_to(hash_index, HEADLINE, k=2, documents=[article])
    shown = turn.passage_ids + turn.more_passage_ids
    by_id = {p.id: p for p in hash_index.passages}
    if turn.answer is None:
        assert "could not find an answer to that in the selected documents" in reply.html and shown == ()
    else:
        assert len(shown) == 2 and {by_id[i].doc_id for i in shown} == {article}
        assert reply.html.count('class="eduqa-source"') == 2


def test_reply_to_a_question_that_cannot_be_asked_searches_nothing(hash_index, embedder):
    before = embedder.embedded
    reply, turn = chat.reply_to(hash_index, "why " * 1000)
    assert "too long" in reply.html and embedder.embedded == before
    assert turn.answer is None and turn.passage_ids == () and turn.reason


def test_reply_to_abstains_with_what_the_selected_documents_cover(hash_index, monkeypatch):
    # Nothing is ever close enough: the index abstains on every question.
    never = AbstentionRule(min_similarity=1.0, sure_similarity=1.0, min_coverage=1.0)
    monkeypatch.setattr(hash_index, "abstention", never)
    reply, turn = chat.reply_to(hash_index, HEADLINE, documents=[QA_PAGE])
    assert "the selected documents" in reply.html
    assert replies.as_text(hash_index.documents[QA_PAGE]) in reply.html
    assert "Exploring Effective" not in reply.html
    assert turn.answer is None and turn.passage_ids == ()


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
    assert "<b>new" not in notice and "&#60;b&#62;new.md" in notice
    assert "Ask the person who looks after this chat" in notice and "eduqa build" not in notice
    assert "Update the index" in chat.corpus_notice(changes, can_edit=True)


def test_the_notice_is_up_exactly_while_the_corpus_differs_from_the_index(corpus_dir, tmp_path):
    from eduqa.live import CorpusWatch, LiveIndex

    folder = tmp_path / "index"
    eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    live = LiveIndex(folder, embedder=HashEmbedder(), check_every=0)
    watch = CorpusWatch(corpus_dir, live, check_every=3600)  # only a new build makes it look again at once
    assert watch.changes() == []
    (corpus_dir / "homework.md").write_text("# Homework clubs\n\nThey meet twice a week.\n")
    watch._checked = None
    assert watch.changes() == ["new: homework.md"]
    eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    assert watch.changes() == []  # the rebuilt index is in service: the notice goes at once
    (corpus_dir / "homework.md").unlink()
    watch._checked = None
    assert watch.changes() == ["removed: homework.md"]


# --- the page's panels ------------------------------------------------------------------------------------


def test_documents_panel_lists_the_index_in_service(hash_index):
    panel = chat.documents_table(hash_index)
    assert panel == chat.format_documents(hash_index.document_list.documents, hash_index.manifest["created"])
    for source, info in hash_index.document_list.documents.items():
        assert f"<td>{replies.as_text(info['title'])}</td><td>{replies.as_text(source)}</td>" in panel
        assert f"<td>{info['passages']}</td>" in panel
    assert hash_index.manifest["created"][:10] in panel
    assert chat.format_documents({}) == "<p>The index holds no documents.</p>"


def test_filter_chip_shows_the_active_filter(hash_index):
    assert chat.filter_chip([], hash_index.documents) == ""
    chip = chat.filter_chip([QA_PAGE], hash_index.documents)
    assert "Searching only:" in chip and replies.as_text(hash_index.documents[QA_PAGE]) in chip


def test_document_view_shows_the_whole_document_with_the_quote_highlighted(hash_index):
    passages = sorted((p for p in hash_index.passages if p.doc_id == QA_PAGE), key=lambda p: p.start)
    focus = passages[1]
    view = chat.document_view(passages, focus.id, focus.start + 3, focus.start + 20)
    assert view.count("<p>") >= len(passages)
    assert 'id="eduqa-focus"' in view and f"<mark>{replies.as_text(focus.text[3:20])}</mark>" in view
    assert "no longer in the index" in chat.document_view([], "x", None, None)


def test_maintainers_login_is_checked_exactly():
    pairs = [("ann", "s3cret")]
    assert chat.check_login(pairs, "ann", "s3cret")
    assert not chat.check_login(pairs, "ann", "s3cret ") and not chat.check_login(pairs, "bob", "s3cret")
    assert not chat.check_login(pairs, "", "") and not chat.check_login([], "ann", "s3cret")
    with pytest.raises(SettingsError, match="admin must be USER:PASSWORD"):
        chat.parse_auth("nopassword", "admin")


def _call_page_event(url: str, api_name: str, data: list) -> list:
    """Call one of the page's (private) events the way a script would, bypassing the page."""
    import uuid

    import httpx

    config = httpx.get(f"{url}/config", timeout=30).json()
    fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name)
    session = uuid.uuid4().hex[:10]
    joined = httpx.post(
        f"{url}/gradio_api/queue/join",
        json={"data": data, "fn_index": fn_index, "session_hash": session, "trigger_id": None, "event_data": None},
        timeout=30,
    )
    assert joined.status_code == 200, joined.text
    with httpx.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}, timeout=60) as s:
        for line in s.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return message["output"]["data"]
    raise AssertionError("the event never completed")


def test_a_direct_call_to_the_maintainers_handlers_is_refused(corpus_dir, tmp_path):
    from eduqa.live import LiveIndex
    from eduqa.uploads import CorpusEditor

    folder = tmp_path / "index"
    eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    live = LiveIndex(folder, embedder=HashEmbedder(), check_every=0)
    editor = CorpusEditor(corpus_dir, folder, after_build=live.reload,
                          build=lambda *a, **o: eduqa.build_index(*a, embedder=HashEmbedder(), progress=False))
    app = chat.build_app(live, None, None, chat.Maintainers([("ann", "s3cret")], editor))
    port = free_port()
    chat.launch(app, HOST, port, block=False, quiet=True)
    try:
        url = f"http://{HOST}:{port}"
        # The "signed in" value a script sends is ignored: the session's own state (not signed in) is used.
        removed = _call_page_event(url, "do_remove", [[QA_PAGE], True])
        assert "only a signed-in maintainer" in removed[0]
        assert (corpus_dir / QA_PAGE).exists() and QA_PAGE in live.documents
        updated = _call_page_event(url, "do_update", [True])
        assert "only a signed-in maintainer" in updated[0]
    finally:
        app.close()


def test_without_maintainers_the_page_has_no_sign_in_and_no_upload(hash_index):
    app = chat.build_app(hash_index)
    config = app.get_config_file()
    elem_ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert "question" in elem_ids and not elem_ids & {"upload", "admin-user", "add", "remove"}
    assert not any((d.get("api_name") or "").startswith("do_") for d in config["dependencies"])
