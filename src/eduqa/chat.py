"""The web chat: a thin Gradio front end over `Index.answer`.

Replies are made by `eduqa.replies` (pure functions that escape every piece of text taken from a question or
a document); documents are added and removed through `eduqa.uploads`. This module wires them to Gradio
(`build_app`, `launch`, `serve`): it parses input, calls the library and shows what it returns. A small page
script (``chat_page.js``) makes citation markers open their source, copies replies as plain text, and gives
each reply its plain text as its accessible name.

Gradio inspects the type hints of event handlers (to pass `gr.LikeData` and the like), so this module does not
use postponed annotations: the handlers' hints must be real objects.
"""

import hmac
import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import replies
from .errors import EduqaError, QuestionError, SettingsError
from .index import MAX_QUESTION_CHARS
from .replies import as_text, shown_question

if TYPE_CHECKING:
    from .index import Index
    from .live import CorpusWatch, LiveIndex
    from .uploads import CorpusEditor

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_K = 5
MAX_K = 10
DEFAULT_CONCURRENCY = 2
#: Requests waiting beyond this are refused with "queue full" instead of piling up.
MAX_QUEUE = 256
DEFAULT_FEEDBACK = "feedback.jsonl"
FEEDBACK_ENV = "EDUQA_FEEDBACK"
AUTH_ENV = "EDUQA_AUTH"
ADMIN_ENV = "EDUQA_ADMIN"
SITE_ENV = "EDUQA_SITE"
HEADLINE_QUESTION = "Which model addresses non-academic barriers to learning?"
EXAMPLES = [
    HEADLINE_QUESTION,
    "What are the common models of collaboration between schools and institutions?",
    "How can the impact of school-community partnerships be measured?",
    "What are the key components of successful partnerships?",
]
#: The chat's answers and `/ask` share one concurrency group, so the queue limits them together.
ANSWER_GROUP = "answer"
#: Adding or removing documents: one at a time, apart from the answers.
MAINTENANCE_GROUP = "maintenance"
#: How often an open page checks for a rebuilt index and for changed documents (seconds).
REFRESH_EVERY = 3.0
PAGE_SCRIPT = Path(__file__).with_name("chat_page.js")

CSS = """
.eduqa-answer { font-size: 1.05em; margin: 0 0 .6em 0; }
.eduqa-answer q { quotes: "“" "”"; }
.eduqa-list li { margin: .25em 0; }
.eduqa-compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); gap: .8em; }
.eduqa-side { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .4em .7em; }
.eduqa-side p { margin: .2em 0; }
.eduqa-missing { font-style: italic; }
.eduqa-followup { font-size: .92em; font-style: italic; margin: 0 0 .4em 0; }
.eduqa-reply a.eduqa-cite { font-weight: 600; white-space: nowrap; color: #1d4ed8 !important; }
.eduqa-reply a.eduqa-open { font-size: .9em; color: #1d4ed8 !important; }
.eduqa-plain { display: none; }
#chat .message .prose { opacity: 1 !important; }
#chat .scroll-down-button-container { left: auto !important; right: .5em; transform: none !important; }
.eduqa-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
#ask { background: #1d4ed8 !important; border-color: #1d4ed8 !important; color: #ffffff !important; }
.eduqa-sources { font-size: .92em; }
.eduqa-sources details { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .3em .6em;
    margin: .3em 0; }
.eduqa-sources summary { cursor: pointer; }
.eduqa-where { font-size: .9em; margin: .3em 0; color: var(--body-text-color); }
.eduqa-where a, .eduqa-document a { color: #1d4ed8 !important; text-decoration: underline; }
.eduqa-sources mark, .eduqa-document mark { background: #fde68a; color: #111827; padding: 0 .1em; }
.eduqa-tools { margin: .4em 0 0 0; }
.eduqa-reply button, .eduqa-copy-all { border: 1px solid #4b5563; border-radius: 6px; padding: .15em .6em;
    background: #ffffff; color: #111827; cursor: pointer; font-size: .9em; }
.eduqa-reply button:focus-visible, a.eduqa-cite:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
#question textarea::placeholder { color: #4b5563; opacity: 1; }
#corpus-notice .eduqa-notice { border: 2px solid #b45309; background: #fffbeb; color: #1f2937; border-radius: 6px;
    padding: .5em .8em; }
#filter-chip .eduqa-chip { display: inline-block; border: 1px solid #1d4ed8; border-radius: 999px;
    padding: .1em .7em; color: #1e3a8a; background: #eff6ff; font-size: .9em; }
.eduqa-documents table { width: 100%; border-collapse: collapse; font-size: .92em; }
.eduqa-documents th, .eduqa-documents td { text-align: left; padding: .25em .4em;
    border-bottom: 1px solid var(--border-color-primary); }
.eduqa-document .eduqa-focus { outline: 2px solid #b45309; border-radius: 4px; }
.eduqa-document { max-height: 70vh; overflow-y: auto; }
footer a, footer button, .show-api { color: #374151 !important; }
.dark .eduqa-reply a.eduqa-cite { color: #93c5fd !important; }
.dark .eduqa-reply a.eduqa-open { color: #93c5fd !important; }
.dark .eduqa-where a { color: #93c5fd !important; }
.dark .eduqa-document a { color: #93c5fd !important; }
.dark .eduqa-reply button, .dark .eduqa-copy-all { background: #1f2937; color: #f9fafb; border-color: #9ca3af; }
.dark #corpus-notice .eduqa-notice { background: #451a03; color: #fef3c7; border-color: #f59e0b; }
.dark #filter-chip .eduqa-chip { background: #172554; color: #dbeafe; border-color: #93c5fd; }
.dark footer a, .dark footer button, .dark .show-api { color: #d1d5db !important; }
"""


# --- replies and votes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """What a reply was made of, kept so that a vote on it can be logged."""

    question: str
    answer: str | None
    #: The passages the reader was shown (folded ones are under ``more_passage_ids``).
    passage_ids: tuple[str, ...]
    answer_passage_id: str | None = None
    kind: str | None = None
    more_passage_ids: tuple[str, ...] = ()
    #: Why the question was not answered, when it was not.
    reason: str | None = None


def turn_for(answer: Any, reply: "replies.Reply | None" = None) -> Turn:
    """What to log about a reply: the passages its reader was shown, not every passage searched."""
    reply = reply or replies.render_reply(answer)
    return Turn(
        answer.question,
        answer.text,
        reply.shown,
        answer.passage_id,
        replies.answer_kind(answer),
        reply.folded,
        getattr(answer, "reason", None),
    )


def reply_to(
    index: "Index | LiveIndex",
    question: str,
    k: int = DEFAULT_K,
    documents: Sequence[str] | None = None,
    titles: Mapping[str, str] | None = None,
    *,
    history: Sequence[str] | None = None,
    key: str = "0",
    site: str | None = None,
) -> tuple[replies.Reply, Turn]:
    """The chat's reply to `question`, searching only `documents` (ids) when given; and what to log if voted on.

    `history` holds the conversation's earlier questions, oldest first, for follow-ups. `titles` (document
    id -> title, as `Index.documents`) can be passed to save working it out per question.
    """
    wanted = list(documents) if documents else None
    options: dict[str, Any] = {"documents": wanted}
    if history:
        options["history"] = list(history)
    try:
        answer = index.answer(question, k=k, **options)
    except QuestionError as exc:
        shown = shown_question(question) if isinstance(question, str) else ""
        return replies.question_problem(str(exc)), Turn(shown, None, (), reason=str(exc))
    titles = titles if titles is not None else index.documents
    covered = [titles[d] for d in wanted if d in titles] if wanted else list(titles.values())
    reply = replies.render_reply(answer, covered, filtered=bool(wanted), key=key, site=site)
    return reply, turn_for(answer, reply)


def ask_json(
    index: "Index | LiveIndex", question: Any, k: int = DEFAULT_K, history: Any = None
) -> dict[str, Any]:
    """The `/ask` endpoint: the JSON of `eduqa ask --json`, or an ``error`` field for a bad question or history."""
    shown = shown_question(question) if isinstance(question, str) else None
    if history is not None and (
        not isinstance(history, (list, tuple)) or not all(isinstance(q, str) for q in history)
    ):
        return {"question": shown, "answer": None, "hits": [], "error": "history must be a list of questions (text)"}
    try:
        if history:
            return index.answer(question, k=k, history=list(history)).to_dict()
        return index.answer(question, k=k).to_dict()
    except QuestionError as exc:
        return {"question": shown, "answer": None, "hits": [], "error": str(exc)}


def vote_name(liked: Any) -> str | None:
    """``like``/``dislike`` for Gradio's LikeData.liked; None when a vote was taken back."""
    if liked is True:
        return "like"
    if liked is False:
        return "dislike"
    return str(liked) if liked else None


def feedback_record(turn: Turn, vote: str, when: datetime | None = None) -> dict[str, Any]:
    """One line of the feedback log."""
    record: dict[str, Any] = {
        "time": (when or datetime.now(UTC)).isoformat(timespec="seconds"),
        "vote": vote,
        "question": turn.question,
        "answer": turn.answer,
        "kind": turn.kind,
        "passage_ids": list(turn.passage_ids),
        "answer_passage_id": turn.answer_passage_id,
    }
    if turn.more_passage_ids:
        record["more_passage_ids"] = list(turn.more_passage_ids)
    if turn.reason:
        record["reason"] = turn.reason
    return record


class FeedbackLog:
    """Votes appended to a JSON Lines file, one object per line; safe to call from several threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: Mapping[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)


# --- settings ----------------------------------------------------------------------------------------


def parse_auth(text: str, what: str = "auth") -> list[tuple[str, str]]:
    """``user:password`` pairs, comma-separated, as Gradio's `auth` takes them (`what` names the setting)."""
    pairs = []
    for item in text.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise SettingsError(f"{what} must be USER:PASSWORD (comma-separated for several users), got {item!r}")
        pairs.append((user, password))
    return pairs


def server_address(host: str | None, port: int | None, environ: Mapping[str, str]) -> tuple[str, int]:
    """Where to listen: the options, else GRADIO_SERVER_NAME/PORT, else 127.0.0.1:7860."""
    host = host or environ.get("GRADIO_SERVER_NAME") or DEFAULT_HOST
    raw_port = port if port is not None else environ.get("GRADIO_SERVER_PORT") or DEFAULT_PORT
    try:
        number = int(raw_port)
    except ValueError:
        raise SettingsError(f"the port must be a number, got {raw_port!r}") from None
    if not 0 < number < 65536:
        raise SettingsError(f"the port must be between 1 and 65535, got {number}")
    return host, number


def exposure_warnings(host: str, share: bool, has_login: bool) -> list[str]:
    """What to tell the person starting the chat when others than themselves can reach it."""
    warnings = []
    if share:
        warnings.append("a public share link is open: anyone with the link can use the chat")
    if host not in ("127.0.0.1", "localhost", "::1") and not has_login:
        warnings.append(f"listening on {host} without a login: anyone who can reach this machine can use the chat "
                        f"(set {AUTH_ENV} or --auth)")
    return warnings


# --- the page's panels (pure) --------------------------------------------------------------------------


def corpus_notice(changes: Sequence[str], can_edit: bool = False) -> str:
    """The note shown above the chat while the documents differ from the index in service ("" when not)."""
    if not changes:
        return ""
    what = as_text("; ".join(changes))
    action = (
        "Open “Add or remove documents” below and press “Update the index” to include them."
        if can_edit
        else "Answers do not include these changes yet. Ask the person who looks after this chat to update the "
        "index; the chat switches to the new documents by itself, without a restart."
    )
    return (
        '<div class="eduqa-notice" role="status"><p><b>The documents have changed since the index was built</b> '
        f"({what}).</p><p>{action}</p></div>"
    )


def format_documents(documents: Mapping[str, Mapping[str, Any]], built: str = "") -> str:
    """The documents of the index in service (path -> entry, as the index lists them): title, file, passages and
    when they were indexed (`built`, the index's creation time, unless an entry says)."""
    rows = []
    for source, info in documents.items():
        when = str(info.get("indexed") or built).replace("T", " ").replace("+00:00", " UTC")
        rows.append(
            f"<tr><td>{as_text(str(info.get('title') or source))}</td><td>{as_text(source)}</td>"
            f"<td>{int(info.get('passages') or 0)}</td><td>{as_text(when)}</td></tr>"
        )
    if not rows:
        return "<p>The index holds no documents.</p>"
    return (
        '<div class="eduqa-documents"><table><caption class="eduqa-sr">Documents in the index</caption>'
        '<thead><tr><th scope="col">Title</th><th scope="col">File</th><th scope="col">Passages</th>'
        '<th scope="col">Indexed</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def documents_label(count: int) -> str:
    """The title of the documents panel."""
    return f"Documents ({count}) and search options"


def filter_chip(selected: Sequence[str] | None, titles: Mapping[str, str]) -> str:
    """The chip by the question box that shows an active document filter ("" when none)."""
    if not selected:
        return ""
    names = ", ".join(titles.get(d, d) for d in selected)
    return f'<span class="eduqa-chip" role="status">Searching only: {as_text(names)}</span>'


def format_upload_result(result: Any) -> str:
    """What happened to the files a maintainer added or removed, and to the build."""
    lines = []
    for name in result.saved:
        lines.append(f"<li>Added {as_text(name)}.</li>")
    for name in result.removed:
        lines.append(f"<li>Removed {as_text(name)}.</li>")
    for name, reason in result.refused:
        lines.append(f"<li>Not done: {as_text(name + ': ' if name else '')}{as_text(reason)}</li>")
    for skipped in result.skipped:
        lines.append(f"<li>Skipped by the build: {as_text(skipped['path'])}: {as_text(skipped['reason'])}</li>")
    if result.error:
        lines.append(f"<li>The index could not be updated: {as_text(result.error)}</li>")
    elif result.built:
        lines.append("<li>The index is up to date; the chat now answers from it.</li>")
    return f'<ul role="status">{"".join(lines)}</ul>' if lines else "<p>Nothing to do.</p>"


def document_view(passages: Sequence[Any], focus: str | None, start: int | None, end: int | None,
                  site: str | None = None) -> str:
    """A whole document as the index holds it, the passage `focus` outlined and ``[start, end)`` highlighted."""
    if not passages:
        return "<p>This document is no longer in the index.</p>"
    first = passages[0]
    address = replies.document_address(first.url, site)
    link = (
        f'<p><a href="{replies.as_attribute(address)}" target="_blank" rel="noopener noreferrer">'
        "Open the original document</a></p>"
        if address
        else ""
    )
    out = [f"<h2>{as_text(first.title)}</h2><p>{as_text(first.source)}</p>{link}"]
    section = None
    for passage in passages:
        if passage.section and passage.section != section:
            out.append(f"<h3>{as_text(passage.section)}</h3>")
        section = passage.section
        if passage.id == focus:
            span = [(start - passage.start, end - passage.start)] if start is not None and end is not None else []
            out.append(
                f'<div class="eduqa-focus" id="eduqa-focus" tabindex="-1">'
                f"<p>{replies.highlighted_passage(passage.text, span)}</p></div>"
            )
        else:
            out.append(f"<p>{as_text(passage.text)}</p>")
    return f'<div class="eduqa-document">{"".join(out)}</div>'


def check_login(pairs: Sequence[tuple[str, str]], user: str, password: str) -> bool:
    """Whether `user`:`password` is one of `pairs` (compared in constant time)."""
    ok = False
    for name, secret in pairs:
        same_user = hmac.compare_digest(name.encode(), (user or "").encode())
        same_password = hmac.compare_digest(secret.encode(), (password or "").encode())
        ok |= same_user and same_password
    return ok


# --- the Gradio app ----------------------------------------------------------------------------------


@dataclass
class Maintainers:
    """Who may add and remove documents from the page, and the editor that does it."""

    logins: list[tuple[str, str]]
    editor: "CorpusEditor"


def build_app(
    index: "Index | LiveIndex",
    feedback: FeedbackLog | None = None,
    watch: "CorpusWatch | None" = None,
    maintainers: Maintainers | None = None,
    site: str | None = None,
):
    """The chat page and the `/ask` endpoint for `index`. Returns a `gradio.Blocks`.

    With `watch`, the page says while the corpus differs from the index in service. With `maintainers`, a
    sign-in for maintainers opens a panel to add and remove documents. `site` is the web address that
    documents' relative addresses (``/learn/…``) are links into.
    """
    # Questions stay on this machine: no usage statistics are sent unless the deployer turns them on.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    def manifest() -> Mapping[str, Any]:
        live = getattr(index, "index", index)
        return live.manifest

    def choices() -> list[tuple[str, str]]:
        return [(title, doc_id) for doc_id, title in index.documents.items()]

    def build_id() -> str:
        return str(manifest().get("build_id") or "")

    def start_turn(question: str, history: list[dict]) -> tuple[str, list[dict], str]:
        """Show the question at once; the answer follows in `answer_turn`."""
        if not question or not question.strip():
            gr.Info("Type a question first.")
            return "", history, ""
        return "", [*history, {"role": "user", "content": replies.format_question(question)}], question

    def answer_turn(
        question: str,
        history: list[dict],
        k: int,
        selected: list[str] | None,
        turns: dict[int, Turn],
        asked: list[str],
    ) -> tuple[list[dict], dict[int, Turn], list[str]]:
        if not question:
            return history, turns, asked
        position = len(history)  # where the reply goes: votes on it are looked up by this index
        turns = {i: t for i, t in turns.items() if i < position}
        reply, turn = reply_to(
            index, question, int(k or DEFAULT_K), selected, history=asked, key=str(position), site=site
        )
        turns[position] = turn
        if turn.answer is not None or turn.reason is None or turn.passage_ids:
            asked = [*asked, turn.question]
        return [*history, {"role": "assistant", "content": reply.html}], turns, asked

    def vote(turns: dict[int, Turn], data: gr.LikeData) -> None:
        name = vote_name(data.liked)
        position = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = turns.get(position)
        if feedback is None or name is None or turn is None:
            return
        feedback.append(feedback_record(turn, name))
        gr.Info("Thank you: your feedback was recorded.")

    def ask(question: str, history: list[str] | None = None) -> dict:
        """Answer one question from the documents: the JSON of `eduqa ask --json`.

        `history` is optional: the earlier questions of the conversation, oldest first, for follow-ups.
        """
        return ask_json(index, question, history=history)

    def refresh(shown_build: str, selected: list[str] | None, admin: bool):
        """Follow a rebuilt index (documents, filter) and changes to the corpus (the notice)."""
        current = build_id()
        notice_html = corpus_notice(watch.changes() if watch is not None else [], admin)
        if current == shown_build:
            return gr.skip(), gr.skip(), gr.skip(), notice_html, gr.skip(), gr.skip()
        titles = index.documents
        kept = [d for d in (selected or []) if d in titles]
        return (
            current,
            documents_table(index),
            gr.update(choices=choices(), value=kept),
            notice_html,
            filter_chip(kept, titles),
            gr.update(label=documents_label(len(titles))),
        )

    def open_document(request: str) -> tuple[str, Any]:
        """The whole document of a passage, scrolled to it (request: ``passage_id:start:end``)."""
        passage_id, _, rest = (request or "").strip().partition(":")
        first, _, last = rest.partition(":")
        live = getattr(index, "index", index)
        found = next((p for p in live.passages if p.id == passage_id), None)
        if found is None:
            return "<p>This passage is no longer in the index.</p>", gr.update(visible=True)
        passages = sorted((p for p in live.passages if p.doc_id == found.doc_id), key=lambda p: p.start)
        start = int(first) if first.isdigit() else None
        end = int(last) if last.isdigit() else None
        return document_view(passages, passage_id, start, end, site), gr.update(visible=True)

    placeholder = (
        "<p><b>Ask a question about the documents.</b></p>"
        "<p>Every answer is quoted from them, with its sources.</p>"
    )
    private = {"api_visibility": "private"}
    # Quick steps go through the queue too (so their messages reach the page) but are never held back.
    quick = {"concurrency_limit": None, **private}
    with gr.Blocks(title="eduqa: answers from the education documents") as app:
        gr.Markdown(
            "# eduqa\nAnswers quoted from the education documents, with numbered sources. "
            "Nothing is made up: when the documents do not answer a question, the reply says so.",
            elem_id="intro",
        )
        notice = gr.HTML(
            corpus_notice(watch.changes() if watch is not None else []), elem_id="corpus-notice", padding=False
        )
        chatbot = gr.Chatbot(
            label="Conversation",
            show_label=False,
            height="calc(100dvh - 330px)",
            min_height=300,
            autoscroll=False,
            placeholder=placeholder,
            latex_delimiters=[],
            allow_tags=False,
            sanitize_html=True,
            buttons=[],
            feedback_options=("Like", "Dislike"),
            elem_id="chat",
        )
        with gr.Row(equal_height=True):
            question = gr.Textbox(
                label="Your question",
                show_label=False,
                placeholder=f"Ask a question (up to {MAX_QUESTION_CHARS:,} characters)",
                lines=1,
                max_lines=4,
                scale=6,
                min_width=120,
                elem_id="question",
            )
            send = gr.Button("Ask", variant="primary", scale=1, min_width=56, elem_id="ask")
            clear = gr.Button("Clear", variant="secondary", scale=1, min_width=56, elem_id="clear")
        chip = gr.HTML("", elem_id="filter-chip", padding=False)
        with gr.Row(elem_id="examples"):
            example_buttons = [gr.Button(q, size="sm", variant="secondary", min_width=120) for q in EXAMPLES]
        with gr.Row():
            copy_all = gr.Button("Copy conversation", size="sm", variant="secondary", elem_id="copy-all")
        with gr.Accordion(documents_label(len(index.documents)), open=False, elem_id="documents-panel") as panel:
            documents_html = gr.HTML(documents_table(index), elem_id="documents-list")
            with gr.Row():
                selected = gr.Dropdown(
                    choices=choices(),
                    value=[],
                    multiselect=True,
                    label="Search only these documents (all when empty)",
                    elem_id="documents",
                )
                k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label="Passages to search")
        with gr.Column(visible=False, elem_id="document-panel") as document_panel:
            with gr.Row():
                gr.Markdown("### The source in its document")
                close_document = gr.Button("Close the document", size="sm", variant="secondary", scale=0)
            document_html = gr.HTML("", elem_id="document-view")
        opener = gr.Textbox(visible="hidden", elem_id="open-passage", label="Passage to show")
        gr.Markdown(
            "The thumbs under a reply tell the maintainers whether it helped. A follow-up question (“tell me "
            "more about the second one”) is read against the earlier questions, and the reply says which."
        )

        pending = gr.State("")
        turns = gr.State({})
        asked = gr.State([])
        shown_build = gr.State(build_id())
        admin = gr.State(False)
        answer_args = {
            "fn": answer_turn,
            "inputs": [pending, chatbot, k, selected, turns, asked],
            "outputs": [chatbot, turns, asked],
            "concurrency_id": ANSWER_GROUP,
            **private,
        }
        for trigger in (question.submit, send.click):
            trigger(start_turn, [question, chatbot], [question, chatbot, pending], **quick).then(
                **answer_args
            ).then(None, js="() => window.eduqa && window.eduqa.showLatest()", **private)
        for button, text in zip(example_buttons, EXAMPLES, strict=True):
            button.click(lambda h, text=text: start_turn(text, h)[1:], [chatbot], [chatbot, pending], **quick).then(
                **answer_args
            ).then(None, js="() => window.eduqa && window.eduqa.showLatest()", **private)
        chatbot.like(vote, [turns], None, **quick)
        clear.click(lambda: ([], {}, "", []), None, [chatbot, turns, pending, asked], queue=False, **private)
        copy_all.click(None, js="() => window.eduqa && window.eduqa.copyConversation()", **private)
        selected.change(lambda s: filter_chip(s, index.documents), [selected], [chip], queue=False, **private)
        opener.change(open_document, [opener], [document_html, document_panel], **quick).then(
            None, js="() => window.eduqa && window.eduqa.showDocument()", **private
        )
        close_document.click(lambda: gr.update(visible=False), None, [document_panel], queue=False, **private)
        # A page opened (or reloaded) after a rebuild shows the index in service at once, then follows it.
        refresh_args = {
            "fn": refresh,
            "inputs": [shown_build, selected, admin],
            "outputs": [shown_build, documents_html, selected, notice, chip, panel],
            "show_progress": "hidden",
            **quick,
        }
        app.load(**refresh_args)
        gr.Timer(REFRESH_EVERY).tick(**refresh_args)
        if maintainers is not None:
            _maintenance_panel(gr, maintainers, admin, documents_html, index, private)
        gr.api(ask, api_name="ask", concurrency_id=ANSWER_GROUP)
    return app


def _maintenance_panel(gr: Any, maintainers: Maintainers, admin: Any, documents_html: Any, index: Any,
                       private: Mapping[str, Any]) -> None:
    """The maintainers' sign-in, and behind it the panel that adds and removes documents."""
    with gr.Accordion("For maintainers", open=False, elem_id="maintainers"):
        with gr.Column() as sign_in:
            user = gr.Textbox(label="Maintainer name", elem_id="admin-user")
            password = gr.Textbox(label="Password", type="password", elem_id="admin-password")
            sign_in_button = gr.Button("Sign in", size="sm", elem_id="admin-sign-in")
        with gr.Column(visible=False, elem_id="add-documents") as panel:
            gr.Markdown("### Add or remove documents")
            files = gr.File(
                label="Documents to add (Markdown, text, HTML, PDF, Word)",
                file_count="multiple",
                file_types=list(_suffixes()),
                elem_id="upload",
            )
            replace = gr.Checkbox(label="Replace documents that have the same name", value=False)
            add = gr.Button("Add and update the index", variant="primary", size="sm", elem_id="add")
            remove_choice = gr.Dropdown(
                choices=list(index.documents), multiselect=True, label="Documents to remove", elem_id="remove-choice"
            )
            remove = gr.Button("Remove and update the index", size="sm", elem_id="remove")
            update = gr.Button("Update the index", size="sm", elem_id="update")
            status = gr.HTML("", elem_id="upload-status")

    def do_sign_in(name: str, secret: str):
        if check_login(maintainers.logins, name, secret):
            return True, gr.update(visible=False), gr.update(visible=True), ""
        gr.Warning("That maintainer name and password do not match.")
        return False, gr.skip(), gr.skip(), ""

    def after(result: Any):
        return format_upload_result(result), documents_table(index), gr.update(
            choices=list(index.documents), value=[]
        )

    def do_add(paths: list[Any] | None, replace_existing: bool, signed_in: bool,
               progress=gr.Progress(track_tqdm=True)):  # noqa: B008 - Gradio's way to report progress
        progress(0, desc="Checking the files")
        return after(add_documents(maintainers, signed_in, paths or [], replace=bool(replace_existing)))

    def do_remove(sources: list[str] | None, signed_in: bool, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        progress(0, desc="Removing")
        return after(remove_documents(maintainers, signed_in, list(sources or [])))

    def do_update(signed_in: bool, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        progress(0, desc="Updating the index")
        return after(remove_documents(maintainers, signed_in, []))

    sign_in_button.click(do_sign_in, [user, password], [admin, sign_in, panel, password], **private)
    password.submit(do_sign_in, [user, password], [admin, sign_in, panel, password], **private)
    group = {"concurrency_id": MAINTENANCE_GROUP, "concurrency_limit": 1, **private}
    add.click(do_add, [files, replace, admin], [status, documents_html, remove_choice], **group)
    remove.click(do_remove, [remove_choice, admin], [status, documents_html, remove_choice], **group)
    update.click(do_update, [admin], [status, documents_html, remove_choice], **group)


def add_documents(maintainers: Maintainers, signed_in: bool, files: Sequence[Any], replace: bool = False) -> Any:
    """Add uploaded files (paths, or Gradio's file records) to the corpus and rebuild; refused unless signed in."""
    from .uploads import Upload, UploadResult

    if not signed_in:
        return UploadResult(refused=[("", "only a signed-in maintainer can add documents")])
    uploads = [Upload(_orig_name(f), Path(_path_of(f))) for f in files]
    return maintainers.editor.add(uploads, replace=replace, progress=True)


def remove_documents(maintainers: Maintainers, signed_in: bool, sources: Sequence[str]) -> Any:
    """Remove documents from the corpus and rebuild (with none: just bring the index up to date)."""
    from .uploads import UploadResult

    if not signed_in:
        return UploadResult(refused=[("", "only a signed-in maintainer can change the documents")])
    if not sources:
        return maintainers.editor.rebuild(progress=True)
    return maintainers.editor.remove(sources, progress=True)


def _suffixes() -> tuple[str, ...]:
    from .uploads import SUPPORTED_SUFFIXES

    return SUPPORTED_SUFFIXES


def documents_table(index: Any) -> str:
    """`format_documents` of the index in service (an `Index`, or the current one of a `LiveIndex`)."""
    current = getattr(index, "index", index)
    return format_documents(current.document_list.documents, str(current.manifest.get("created", "")))


def _path_of(item: Any) -> str:
    return item if isinstance(item, str) else getattr(item, "path", None) or getattr(item, "name", "")


def _orig_name(item: Any) -> str:
    name = getattr(item, "orig_name", None)
    return name or os.path.basename(_path_of(item))


def launch(
    app,
    host: str,
    port: int,
    *,
    auth: list[tuple[str, str]] | None = None,
    share: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    block: bool = True,
    quiet: bool = False,
) -> None:
    """Start serving `app` with a request queue; with ``block=False`` return once it listens."""
    app.queue(default_concurrency_limit=concurrency, max_size=MAX_QUEUE)
    try:
        app.launch(
            server_name=host,
            server_port=port,
            share=share,
            auth=auth or None,
            auth_message="eduqa: please sign in." if auth else None,
            prevent_thread_lock=not block,
            show_error=False,
            quiet=quiet,
            css=CSS,
            head=f"<script>{PAGE_SCRIPT.read_text(encoding='utf-8')}</script>",
            theme=_theme(),
            footer_links=["api"],
        )
    except OSError as exc:
        raise EduqaError(f"cannot serve on {host}:{port}: {exc}") from exc


def _theme():
    """Gradio's default theme with a blue primary colour: white on it reads at 5:1 (on orange, 2.8:1)."""
    import gradio as gr

    return gr.themes.Default(primary_hue="blue")


def prepare_index(index_dir: str | Path, corpus: str | Path, model: str | None) -> "LiveIndex":
    """The index to serve, built first when it is missing or no longer matches the corpus.

    It follows its folder: after `eduqa build` the chat answers from the new index without a restart.
    """
    from .builder import build_index, index_status
    from .live import LiveIndex

    reasons = index_status(corpus, index_dir, model=model) if Path(corpus).is_dir() else []
    if reasons:
        log.warning("building the index first: %s", "; ".join(reasons))
        built = build_index(corpus, index_dir, model=model, progress=True)
        return LiveIndex(index_dir, model=model, embedder=built.embedder)
    return LiveIndex(index_dir, model=model)


def serve(
    index_dir: str | Path = "index",
    corpus: str | Path = "corpus",
    model: str | None = None,
    host: str | None = None,
    port: int | None = None,
    share: bool = False,
    auth: str | None = None,
    feedback: str | Path | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    admin: str | None = None,
    site: str | None = None,
) -> None:
    """Start the chat on `host`:`port` (127.0.0.1:7860 unless set, or GRADIO_SERVER_NAME/PORT).

    With `admin` (``USER:PASSWORD``, or $EDUQA_ADMIN), maintainers can sign in on the page to add and remove
    documents; without it nobody can.
    """
    host, port = server_address(host, port, os.environ)
    auth_text = auth or os.environ.get(AUTH_ENV)
    pairs = parse_auth(auth_text) if auth_text else None
    admin_text = admin or os.environ.get(ADMIN_ENV)
    admin_pairs = parse_auth(admin_text, "admin") if admin_text else None
    site = site or os.environ.get(SITE_ENV) or None
    feedback_log = FeedbackLog(feedback or os.environ.get(FEEDBACK_ENV) or DEFAULT_FEEDBACK)
    for warning in exposure_warnings(host, share, bool(pairs)):
        log.warning(warning)
    index = prepare_index(index_dir, corpus, model)
    log.info(
        "serving %d passages from %d documents on http://%s:%d (feedback log: %s)",
        len(index), len(index.documents), host, port, feedback_log.path,
    )
    from .live import CorpusWatch

    maintainers = None
    if admin_pairs:
        from .uploads import CorpusEditor

        editor = CorpusEditor(corpus, index_dir, model=model, after_build=index.reload)
        maintainers = Maintainers(admin_pairs, editor)
        log.info("maintainers can add and remove documents from the page (%d login(s))", len(admin_pairs))
    app = build_app(index, feedback_log, CorpusWatch(corpus, index), maintainers, site)
    launch(app, host, port, auth=pairs, share=share, concurrency=concurrency)
