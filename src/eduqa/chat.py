"""The web chat: a thin Gradio front end over `Index.answer`."""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from .errors import EduqaError, QuestionError
from .index import Index

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
EXAMPLES = [
    "Which model addresses non-academic barriers to learning?",
    "What are the key components of successful partnerships?",
    "How can the impact of school-community partnerships be measured?",
]


def as_text(text: str) -> str:
    """Text from a question or a document, escaped so that Markdown and HTML in it show literally."""
    escaped = html.escape(text, quote=True)
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|>~" else c for c in escaped)


def format_reply(answer) -> str:
    """The chat reply for an answer: the quoted extract with its citation, then the cited passages."""
    if answer.text is None:
        return "I could not find an answer to that in the documents."
    cited = next((i for i, h in enumerate(answer.hits, 1) if h.id == answer.passage_id), 1)
    parts = [f"{as_text(answer.text)} [{cited}]", ""]
    for number, hit in enumerate(answer.hits, 1):
        c = hit.citation
        where = " › ".join(as_text(x) for x in (c.title, c.section) if x)
        parts.append(f"**[{number}]** {where}  \n> {as_text(hit.text)}")
    return "\n\n".join(parts)


def ask_json(index: Index, question: str, k: int = 5) -> dict[str, Any]:
    """The `/ask` endpoint: the JSON of `eduqa ask --json`, or an ``error`` field for a bad question."""
    try:
        return index.answer(question, k=k).to_dict()
    except QuestionError as exc:
        return {"question": question, "answer": None, "hits": [], "error": str(exc)}


def build_app(index: Index):
    import gradio as gr

    def respond(message: str, history: list) -> str:
        try:
            return format_reply(index.answer(message))
        except QuestionError as exc:
            return f"Please ask a question: {as_text(str(exc))}."

    def ask(question: str) -> dict[str, Any]:
        return ask_json(index, question)

    with gr.Blocks(title="eduqa") as app:
        gr.Markdown("# eduqa\nAnswers quoted from the education documents, with their sources.")
        gr.ChatInterface(respond, examples=EXAMPLES, cache_examples=False)
        hidden_question = gr.Textbox(visible=False)
        hidden_answer = gr.JSON(visible=False)
        hidden_question.submit(ask, hidden_question, hidden_answer, api_name="ask")
    return app


def prepare_index(index_dir: str | Path, corpus: str | Path, model: str | None) -> Index:
    """Load the index, building it first when it is missing or no longer matches the corpus."""
    from .builder import build_index, index_status
    from .index import load_index

    reasons = index_status(corpus, index_dir, model=model) if Path(corpus).is_dir() else []
    if reasons:
        log.warning("building the index first: %s", "; ".join(reasons))
        return build_index(corpus, index_dir, model=model, progress=True)
    return load_index(index_dir, model=model)


def serve(
    index_dir: str | Path = "index",
    corpus: str | Path = "corpus",
    model: str | None = None,
    host: str | None = None,
    port: int | None = None,
    share: bool = False,
) -> None:
    """Start the chat on `host`:`port` (127.0.0.1:7860 unless set, or GRADIO_SERVER_NAME/PORT)."""
    index = prepare_index(index_dir, corpus, model)
    host = host or os.environ.get("GRADIO_SERVER_NAME") or DEFAULT_HOST
    port = port or int(os.environ.get("GRADIO_SERVER_PORT") or DEFAULT_PORT)
    app = build_app(index)
    try:
        app.queue(default_concurrency_limit=4).launch(server_name=host, server_port=port, share=share)
    except OSError as exc:
        raise EduqaError(f"cannot serve on {host}:{port}: {exc}") from exc
