"""The web chat: a thin Gradio front end over `Index.answer`.

The reply is built by pure functions (`format_reply`, `format_abstention`, ...) that escape every piece of
text taken from a question or a document, so that Markdown and HTML in them show literally. The Gradio wiring
(`build_app`, `launch`, `serve`) only parses input, calls the index and shows what those functions return.

Gradio inspects the type hints of event handlers (to pass `gr.LikeData` and the like), so this module does not
use postponed annotations: the handlers' hints must be real objects.
"""

import json
import logging
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EduqaError, QuestionError, SettingsError
from .index import MAX_QUESTION_CHARS

if TYPE_CHECKING:
    from .index import Index
    from .live import CorpusWatch, LiveIndex
    from .results import Answer

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
HEADLINE_QUESTION = "Which model addresses non-academic barriers to learning?"
EXAMPLES = [
    HEADLINE_QUESTION,
    "What are the key components of successful partnerships?",
    "How can the impact of school-community partnerships be measured?",
    "What is the Professional Development School model?",
]
#: How much of a question is repeated back in the chat.
SHOWN_QUESTION_CHARS = 300
#: The chat's answers and `/ask` share one concurrency group, so the queue limits them together.
ANSWER_GROUP = "answer"

# Every character that means something to HTML or to Markdown (and `$` for LaTeX) becomes a numeric
# character reference, which both Markdown and HTML show as the character itself.
_SPECIAL = re.compile(r"[&<>\"'`*_\[\]\\|~$#]")
CSS = """
.eduqa-answer { font-size: 1.05em; margin: 0 0 .6em 0; }
.eduqa-answer q { quotes: "“" "”"; }
.eduqa-marker { font-weight: 600; white-space: nowrap; }
.eduqa-sources { font-size: .92em; }
.eduqa-sources details { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .3em .6em;
    margin: .3em 0; }
.eduqa-sources summary { cursor: pointer; }
.eduqa-where { color: var(--body-text-color-subdued); font-size: .9em; margin: .3em 0; }
.eduqa-sources mark { background: #fde68a; color: inherit; padding: 0 .1em; }
"""


# --- pure formatting ------------------------------------------------------------------------------


def as_text(text: str) -> str:
    """Text from a question or a document, escaped so that Markdown and HTML in it show literally."""
    escaped = _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return escaped.replace("\n", "<br>")


def shown_question(question: str, limit: int = SHOWN_QUESTION_CHARS) -> str:
    """The question as repeated in the chat: control characters dropped, cut short when very long."""
    text = " ".join("".join(c if c.isprintable() else " " for c in question).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_question(question: str) -> str:
    """The user's message as shown in the chat: literal text, never Markdown or HTML."""
    return f"<p>{as_text(shown_question(question))}</p>"


def cited_number(answer: "Answer") -> int | None:
    """The 1-based number of the source the answer is quoted from."""
    return next((i for i, h in enumerate(answer.hits, 1) if h.id == answer.passage_id), None)


def highlighted_passage(text: str, start: int | None, end: int | None) -> str:
    """The escaped passage text, with `text[start:end]` marked."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return as_text(text)
    return f"{as_text(text[:start])}<mark>{as_text(text[start:end])}</mark>{as_text(text[end:])}"


def _link(url: str | None) -> str:
    if not url:
        return ""
    if re.match(r"https?://", url):
        return f' · <a href="{as_text(url)}" target="_blank" rel="noopener noreferrer">open the document</a>'
    return f" · {as_text(url)}"


def format_sources(answer: "Answer") -> str:
    """The numbered sources, one collapsible panel each; the quoted one is open, its sentence highlighted."""
    panels = []
    for number, hit in enumerate(answer.hits, 1):
        c = hit.citation
        quoted = hit.id == answer.passage_id
        heading = as_text(c.title) + (f" › {as_text(c.section)}" if c.section else "")
        where = as_text(c.source) + (f", page {c.page}" if c.page else "") + _link(c.url)
        if quoted and answer.start is not None and answer.end is not None:
            body = highlighted_passage(hit.text, answer.start - hit.passage.start, answer.end - hit.passage.start)
        else:
            body = as_text(hit.text)
        panels.append(
            f"<details{' open' if quoted else ''}><summary><b>[{number}]</b> {heading}</summary>"
            f'<div class="eduqa-where">{where}</div>'
            f"<blockquote>{body}</blockquote></details>"
        )
    return '<div class="eduqa-sources"><b>Sources</b>' + "".join(panels) + "</div>"


def format_reply(answer: "Answer", titles: Sequence[str] = (), filtered: bool = False) -> str:
    """The chat reply: the quoted answer with its citation marker, then the sources.

    The reply is HTML on a single line, so that Markdown never re-reads it; every text in it is escaped.
    """
    if answer.text is None:
        return format_abstention(titles, filtered)
    number = cited_number(answer) or 1
    return (
        f'<p class="eduqa-answer"><q>{as_text(answer.text)}</q> <span class="eduqa-marker">[{number}]</span></p>'
        + format_sources(answer)
    )


def format_abstention(titles: Sequence[str], filtered: bool = False) -> str:
    """The reply when nothing relevant was found: say so, and what the documents do cover."""
    scope = "the selected documents" if filtered else "the documents"
    covered = "".join(f"<li>{as_text(t)}</li>" for t in titles)
    suggestion = (
        f"<p>They cover:</p><ul>{covered}</ul><p>Try asking about one of these topics, or one of the examples.</p>"
        if titles
        else ""
    )
    return f"<p><b>I could not find an answer to that in {scope}.</b></p>{suggestion}"


def format_question_problem(error: QuestionError) -> str:
    """The reply to a question that cannot be asked (too long), said kindly."""
    message = str(error)
    if "limit" in message:
        return (
            f"<p>That question is too long for me: {as_text(message)}. "
            "Please shorten it to the part you want answered.</p>"
        )
    return f"<p>Please type a question ({as_text(message)}).</p>"


def ask_json(index: "Index | LiveIndex", question: Any, k: int = DEFAULT_K) -> dict[str, Any]:
    """The `/ask` endpoint: the JSON of `eduqa ask --json`, or an ``error`` field for a bad question."""
    try:
        return index.answer(question, k=k).to_dict()
    except QuestionError as exc:
        shown = shown_question(question) if isinstance(question, str) else None
        return {"question": shown, "answer": None, "hits": [], "error": str(exc)}


# --- replies and votes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """What a reply was made of, kept so that a vote on it can be logged."""

    question: str
    answer: str | None
    passage_ids: tuple[str, ...]
    answer_passage_id: str | None = None


def turn_for(answer: "Answer") -> Turn:
    return Turn(answer.question, answer.text, tuple(h.id for h in answer.hits), answer.passage_id)


def reply_to(
    index: "Index | LiveIndex",
    question: str,
    k: int = DEFAULT_K,
    documents: Sequence[str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> tuple[str, Turn | None]:
    """The chat's reply to `question`, searching only `documents` (ids) when given; and what to log if voted on.

    `titles` (document id -> title, as `Index.documents`) can be passed to save working it out per question.
    """
    wanted = list(documents) if documents else None
    try:
        answer = index.answer(question, k=k, documents=wanted)
    except QuestionError as exc:
        return format_question_problem(exc), None
    titles = titles if titles is not None else index.documents
    covered = [titles[d] for d in wanted if d in titles] if wanted else list(titles.values())
    return format_reply(answer, covered, filtered=bool(wanted)), turn_for(answer)


def vote_name(liked: Any) -> str | None:
    """``like``/``dislike`` for Gradio's LikeData.liked; None when a vote was taken back."""
    if liked is True:
        return "like"
    if liked is False:
        return "dislike"
    return str(liked) if liked else None


def feedback_record(turn: Turn, vote: str, when: datetime | None = None) -> dict[str, Any]:
    """One line of the feedback log."""
    record = {"time": (when or datetime.now(UTC)).isoformat(timespec="seconds"), "vote": vote}
    record.update(asdict(turn))
    record["passage_ids"] = list(turn.passage_ids)
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


def parse_auth(text: str) -> list[tuple[str, str]]:
    """``user:password`` pairs, comma-separated, as Gradio's `auth` takes them."""
    pairs = []
    for item in text.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise SettingsError(f"auth must be USER:PASSWORD (comma-separated for several users), got {item!r}")
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


# --- the Gradio app ----------------------------------------------------------------------------------


def corpus_notice(changes: Sequence[str]) -> str:
    """The note shown above the chat when the documents changed after the index was built."""
    if not changes:
        return ""
    return (
        "**The documents have changed since the index was built** ("
        + as_text("; ".join(changes))
        + "). Answers come from the last build until `eduqa build` is run."
    )


def build_app(
    index: "Index | LiveIndex", feedback: FeedbackLog | None = None, watch: "CorpusWatch | None" = None
):
    """The chat page and the `/ask` endpoint for `index`. Returns a `gradio.Blocks`.

    With `watch`, the page says when the corpus has changed since the index was built.
    """
    # Questions stay on this machine: no usage statistics are sent unless the deployer turns them on.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    documents = index.documents
    choices = [(title, doc_id) for doc_id, title in documents.items()]

    def start_turn(question: str, history: list[dict]) -> tuple[str, list[dict], str]:
        """Show the question at once; the answer follows in `answer_turn`."""
        if not question or not question.strip():
            gr.Info("Type a question first.")
            return "", history, ""
        return "", [*history, {"role": "user", "content": format_question(question)}], question

    def answer_turn(
        question: str, history: list[dict], k: int, selected: list[str] | None, turns: dict[int, Turn]
    ) -> tuple[list[dict], dict[int, Turn]]:
        if not question:
            return history, turns
        position = len(history)  # where the reply goes: votes on it are looked up by this index
        turns = {i: t for i, t in turns.items() if i < position}
        reply, turn = reply_to(index, question, int(k or DEFAULT_K), selected)
        if turn is not None:
            turns[position] = turn
        return [*history, {"role": "assistant", "content": reply}], turns

    def vote(turns: dict[int, Turn], data: gr.LikeData) -> None:
        name = vote_name(data.liked)
        position = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = turns.get(position)
        if feedback is None or name is None or turn is None:
            return
        feedback.append(feedback_record(turn, name))
        gr.Info("Thank you: your feedback was recorded.")

    def ask(question: str) -> dict:
        """Answer one question from the documents: the JSON of `eduqa ask --json`."""
        return ask_json(index, question)

    placeholder = (
        "<h3>Ask a question about the documents</h3>"
        "<p>Every answer is quoted from them, with its sources. Try an example:</p>"
    )
    with gr.Blocks(title="eduqa: answers from the education documents") as app:
        gr.Markdown(
            "# eduqa\nAnswers quoted from the education documents, with numbered sources. "
            "Nothing is made up: when the documents do not answer a question, the reply says so."
        )
        notice = gr.Markdown("", elem_id="corpus-notice")
        if watch is not None:
            app.load(lambda: corpus_notice(watch.changes()), None, notice, api_visibility="private")
        chatbot = gr.Chatbot(
            label="eduqa",
            height=640,
            placeholder=placeholder,
            examples=[{"text": q} for q in EXAMPLES],
            latex_delimiters=[],
            allow_tags=False,
            sanitize_html=True,
            feedback_options=("Like", "Dislike"),
        )
        with gr.Row():
            question = gr.Textbox(
                placeholder=f"Ask about the documents (up to {MAX_QUESTION_CHARS:,} characters)…",
                show_label=False,
                lines=1,
                scale=8,
                autofocus=True,
                elem_id="question",
            )
            send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
        with gr.Accordion("Search options", open=False):
            with gr.Row():
                k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label="Passages to search")
                selected = gr.Dropdown(
                    choices=choices,
                    value=[],
                    multiselect=True,
                    label="Only these documents (all when empty)",
                    elem_id="documents",
                )
            clear = gr.Button("Clear the conversation", size="sm")
        gr.Markdown(
            "Each question is answered from the documents on its own; earlier questions are only shown. "
            "The thumbs under a reply tell the maintainers whether it helped."
        )

        pending = gr.State("")
        turns = gr.State({})
        private = {"api_visibility": "private"}
        # Quick steps go through the queue too (so their messages reach the page) but are never held back.
        quick = {"concurrency_limit": None, **private}
        answer_args = {
            "fn": answer_turn,
            "inputs": [pending, chatbot, k, selected, turns],
            "outputs": [chatbot, turns],
            "concurrency_id": ANSWER_GROUP,
            **private,
        }
        for trigger in (question.submit, send.click):
            trigger(start_turn, [question, chatbot], [question, chatbot, pending], **quick).then(
                **answer_args
            )

        def pick_example(history: list[dict], data: gr.SelectData) -> tuple[list[dict], str]:
            text = data.value["text"] if isinstance(data.value, dict) else str(data.value)
            return start_turn(text, history)[1:]

        chatbot.example_select(pick_example, [chatbot], [chatbot, pending], **quick).then(
            **answer_args
        )
        chatbot.like(vote, [turns], None, **quick)
        clear.click(lambda: ([], {}, ""), None, [chatbot, turns, pending], queue=False, **private)
        chatbot.clear(lambda: ({}, ""), None, [turns, pending], queue=False, **private)
        gr.api(ask, api_name="ask", concurrency_id=ANSWER_GROUP)
    return app


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
            footer_links=["api"],
        )
    except OSError as exc:
        raise EduqaError(f"cannot serve on {host}:{port}: {exc}") from exc


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
) -> None:
    """Start the chat on `host`:`port` (127.0.0.1:7860 unless set, or GRADIO_SERVER_NAME/PORT)."""
    host, port = server_address(host, port, os.environ)
    auth_text = auth or os.environ.get(AUTH_ENV)
    pairs = parse_auth(auth_text) if auth_text else None
    feedback_log = FeedbackLog(feedback or os.environ.get(FEEDBACK_ENV) or DEFAULT_FEEDBACK)
    for warning in exposure_warnings(host, share, bool(pairs)):
        log.warning(warning)
    index = prepare_index(index_dir, corpus, model)
    log.info(
        "serving %d passages from %d documents on http://%s:%d (feedback log: %s)",
        len(index), len(index.documents), host, port, feedback_log.path,
    )
    from .live import CorpusWatch

    app = build_app(index, feedback_log, CorpusWatch(corpus, index))
    launch(app, host, port, auth=pairs, share=share, concurrency=concurrency)
