"""Replies as the chat shows them: an answer and its sources, as HTML and as plain text.

Everything here is pure: it turns an `Answer` into one line of HTML for the chat, and into the plain text a
reader copies. Every piece of text taken from a question or a document is escaped, so that Markdown and HTML
in it show literally. An answer is made of cited parts (one quoted extract, the items of a list, or the sides
of a comparison); each part gets its own citation marker, a link to its numbered source.

    >>> reply = render_reply(answer, key="3")
    >>> reply.html      # what the chat shows
    >>> reply.text      # what "Copy" puts on the clipboard
    >>> reply.shown     # the ids of the passages the reader sees (the feedback log records these)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from .passages import Passage
    from .results import Answer, Hit

#: How much of a question is repeated back in the chat.
SHOWN_QUESTION_CHARS = 300
#: A source whose score is below this share of the best one is folded under "more sources" (unless cited).
FOLD_BELOW = 0.5
#: The separator between a title, a section and a list item's label.
SECTION_SEPARATOR = " › "

# Every character that means something to HTML or to Markdown (and `$` for LaTeX) becomes a numeric
# character reference, which both Markdown and HTML show as the character itself.
_SPECIAL = re.compile(r"[&<>\"'`*_\[\]\\|~$#]")
_ITEM_LABEL = re.compile(r"^\s*(?:\d{1,3}[.)]|[•\-*–·▪●◦])\s+([^:.!?\n]{2,80}):\s")
_WEB = re.compile(r"https?://", re.IGNORECASE)


# --- text ----------------------------------------------------------------------------------------------


def as_text(text: str) -> str:
    """Text from a question or a document, escaped so that Markdown and HTML in it show literally."""
    escaped = _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return escaped.replace("\n", "<br>")


def as_attribute(text: str) -> str:
    """Text escaped for an HTML attribute value in double quotes (line breaks kept as characters)."""
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text).replace("\n", "&#10;")


def shown_question(question: str, limit: int = SHOWN_QUESTION_CHARS) -> str:
    """The question as repeated in the chat: control characters dropped, cut short when very long."""
    text = " ".join("".join(c if c.isprintable() else " " for c in question).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_question(question: str) -> str:
    """The user's message as shown in the chat: literal text, never Markdown or HTML."""
    return f"<p>{as_text(shown_question(question))}</p>"


def highlighted_passage(text: str, spans: Sequence[tuple[int | None, int | None]]) -> str:
    """The escaped passage text with each ``text[start:end]`` of `spans` marked (spans that do not fit are not)."""
    fitting = sorted((s, e) for s, e in spans if s is not None and e is not None and 0 <= s < e <= len(text))
    out, at = [], 0
    for start, stop in fitting:
        if start < at:  # overlapping spans: mark the rest of the later one
            start = at
            if start >= stop:
                continue
        out.append(as_text(text[at:start]))
        out.append(f"<mark>{as_text(text[start:stop])}</mark>")
        at = stop
    out.append(as_text(text[at:]))
    return "".join(out)


# --- sources -------------------------------------------------------------------------------------------


def item_label(text: str) -> str:
    """The label of the list item a passage is (``"2. Community Collaboration Model (CCM): …"``), or ""."""
    match = _ITEM_LABEL.match(text)
    return match.group(1).strip() if match else ""


def source_heading(passage: Passage) -> str:
    """Title › section › list item label: what tells one source from another (plain text)."""
    parts = [passage.title]
    if passage.section:
        parts.append(passage.section)
    label = item_label(passage.text)
    if label and label not in parts:
        parts.append(label)
    return SECTION_SEPARATOR.join(parts)


def document_address(url: str | None, site: str | None = None) -> str | None:
    """The web address of a document: its own when absolute, else resolved against `site`; None without one."""
    if not url:
        return None
    if _WEB.match(url):
        return url
    if site and _WEB.match(site) and url.startswith("/"):
        return urljoin(site, url)
    return None


def source_line(number: int, passage: Passage, site: str | None = None) -> str:
    """``[1] Title › Section (file, page 3, URL)``: one source in copied text."""
    where = [passage.source]
    if passage.page:
        where.append(f"page {passage.page}")
    address = document_address(passage.url, site) or passage.url
    if address:
        where.append(address)
    return f"[{number}] {source_heading(passage)} ({', '.join(where)})"


@dataclass(frozen=True)
class Piece:
    """One cited piece of an answer: its text, the number of its source (None: not in the documents), a label."""

    text: str
    number: int | None
    label: str | None = None
    start: int | None = None
    end: int | None = None
    passage_id: str | None = None


def answer_pieces(answer: Answer) -> list[Piece]:
    """The cited pieces of an answer, each with the number of the source it is quoted from."""
    numbers = {h.id: n for n, h in enumerate(answer.hits, 1)}
    parts = getattr(answer, "parts", None) or ()
    if parts:
        return [
            Piece(p.text, numbers.get(p.passage_id) if p.passage_id else None, p.label, p.start, p.end, p.passage_id)
            for p in parts
        ]
    if answer.text is None:
        return []
    return [Piece(answer.text, numbers.get(answer.passage_id, 1), None, answer.start, answer.end, answer.passage_id)]


def answer_kind(answer: Answer) -> str | None:
    """``"extract"``, ``"list"`` or ``"comparison"``; None when the question was not answered."""
    if answer.text is None:
        return None
    return getattr(answer, "kind", None) or "extract"


def shown_sources(
    answer: Answer, pieces: Sequence[Piece], fold_below: float = FOLD_BELOW
) -> tuple[list[int], list[int]]:
    """The 1-based numbers of the sources shown at once, and of those folded under "more sources".

    A cited source is always shown; another is folded when its score is far below the best one.
    """
    if not answer.hits:
        return [], []
    cited = {p.number for p in pieces if p.number is not None}
    best = max(h.score for h in answer.hits)
    shown, folded = [], []
    for number, hit in enumerate(answer.hits, 1):
        keep = number in cited or best <= 0 or hit.score >= fold_below * best
        (shown if keep else folded).append(number)
    return shown, folded


# --- the reply -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A reply as the chat shows it (``html``), as copied (``text``), and the passages the reader was shown."""

    html: str
    text: str
    shown: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()


def _marker(key: str, number: int | None) -> str:
    if number is None:
        return ""
    return (
        f' <a class="eduqa-cite" href="#eduqa-{key}-{number}">'
        f"[{number}]</a>"
    )


def _piece_text(piece: Piece) -> str:
    """A piece's text without its label when the text starts with it (the label is shown on its own)."""
    text = piece.text
    if piece.label and text.startswith(piece.label):
        rest = text[len(piece.label):].lstrip(" :–-")
        return rest or text
    return text


def _answer_html(kind: str, pieces: Sequence[Piece], key: str) -> str:
    if kind == "list":
        items = "".join(
            "<li>"
            + (f"<b>{as_text(p.label)}</b>: " if p.label else "")
            + as_text(_piece_text(p))
            + _marker(key, p.number)
            + "</li>"
            for p in pieces
        )
        return f'<ol class="eduqa-answer eduqa-list">{items}</ol>'
    if kind == "comparison":
        sides = []
        for p in pieces:
            body = (
                f"<q>{as_text(_piece_text(p))}</q>{_marker(key, p.number)}"
                if p.number is not None
                else f'<span class="eduqa-missing">{as_text(p.text)}</span>'
            )
            sides.append(
                f'<div class="eduqa-side"><p class="eduqa-side-name"><b>{as_text(p.label or "")}</b></p>'
                f"<p>{body}</p></div>"
            )
        return f'<div class="eduqa-answer eduqa-compare">{"".join(sides)}</div>'
    return "".join(
        f'<p class="eduqa-answer"><q>{as_text(p.text)}</q>{_marker(key, p.number)}</p>' for p in pieces
    )


def _answer_text(kind: str, pieces: Sequence[Piece]) -> str:
    lines = []
    for i, p in enumerate(pieces, 1):
        cite = f" [{p.number}]" if p.number is not None else ""
        if kind == "list":
            label = f"{p.label}: " if p.label else ""
            lines.append(f"{i}. {label}{_piece_text(p)}{cite}")
        elif kind == "comparison":
            lines.append(f"{p.label or ''}: {_piece_text(p) if p.number is not None else p.text}{cite}")
        else:
            lines.append(f"“{p.text}”{cite}")
    return "\n".join(lines)


def _source_panel(
    key: str, number: int, hit: Hit, pieces: Sequence[Piece], site: str | None, open_: bool
) -> str:
    passage = hit.passage
    mine = [p for p in pieces if p.number == number]
    spans = [
        (p.start - passage.start, p.end - passage.start) for p in mine if p.start is not None and p.end is not None
    ]
    heading = as_text(source_heading(passage))
    where = [as_text(passage.source)]
    if passage.page:
        where.append(f"page {passage.page}")
    address = document_address(passage.url, site)
    if address:
        where.append(
            f'<a href="{as_attribute(address)}" target="_blank" rel="noopener noreferrer">open the document</a>'
        )
    elif passage.url:
        where.append(as_text(passage.url))
    first = spans[0][0] + passage.start if spans else passage.start
    last = spans[0][1] + passage.start if spans else passage.end
    opener = (
        f'<a class="eduqa-open" href="#show:{as_attribute(passage.id)}:{first}:{last}">Show it in the document</a>'
    )
    return (
        f'<details id="eduqa-{key}-{number}" class="eduqa-source"{" open" if open_ else ""}>'
        f"<summary><b>[{number}]</b> {heading}</summary>"
        f'<p class="eduqa-where">{" · ".join(where)}</p>'
        f"<blockquote>{highlighted_passage(passage.text, spans)}</blockquote>"
        f"<p>{opener}</p></details>"
    )


def render_reply(
    answer: Answer,
    titles: Sequence[str] = (),
    filtered: bool = False,
    *,
    key: str = "0",
    site: str | None = None,
) -> Reply:
    """The chat's reply to an answer: the answer's pieces with their markers, then the numbered sources.

    `key` makes the sources' anchors unique in the page (the reply's place in the conversation). `titles`
    are what the documents cover, listed when the question is not answered. The HTML is one line, so that
    Markdown never re-reads it.
    """
    kind = answer_kind(answer)
    if kind is None:
        html, text = abstention(titles, filtered)
        return Reply(_wrap(html, text), text)
    pieces = answer_pieces(answer)
    shown, folded = shown_sources(answer, pieces)
    single = len(pieces) == 1
    panels = {
        n: _source_panel(key, n, answer.hits[n - 1], pieces, site, open_=single and pieces[0].number == n)
        for n in shown + folded
    }
    sources = "".join(panels[n] for n in shown)
    if folded:
        sources += (
            f'<details class="eduqa-more"><summary>More sources ({len(folded)})</summary>'
            + "".join(panels[n] for n in folded)
            + "</details>"
        )
    followup = getattr(answer, "followup_of", None)
    note_html = (
        f'<p class="eduqa-followup">Read as a follow-up to “{as_text(shown_question(followup))}”.</p>'
        if followup
        else ""
    )
    html = (
        note_html
        + _answer_html(kind, pieces, key)
        + f'<div class="eduqa-sources"><p><b>Sources</b></p>{sources}</div>'
    )
    lines = [f"Read as a follow-up to “{shown_question(followup)}”.", ""] if followup else []
    lines.append(_answer_text(kind, pieces))
    lines += ["", "Sources:"]
    lines += [source_line(n, answer.hits[n - 1].passage, site) for n in shown + folded]
    text = "\n".join(lines)
    return Reply(
        _wrap(html, text),
        text,
        tuple(answer.hits[n - 1].id for n in shown),
        tuple(answer.hits[n - 1].id for n in folded),
    )


def plain_block(text: str) -> str:
    """Plain text kept in the page, hidden, for copying and screen readers (line breaks as characters)."""
    return f'<div class="eduqa-plain">{as_text(text).replace("<br>", "&#10;")}</div>'


def _wrap(html: str, text: str) -> str:
    """The reply's HTML in a block that carries its plain text (for copying and for screen readers).

    The chat's sanitizer drops ``data-`` attributes, so the text travels in a hidden block.
    """
    return (
        f'<div class="eduqa-reply">{html}'
        '<p class="eduqa-tools"><button type="button" class="eduqa-copy">Copy answer</button></p>'
        f"{plain_block(text)}</div>"
    )


def abstention(titles: Sequence[str], filtered: bool = False) -> tuple[str, str]:
    """The reply when nothing relevant was found (HTML, text): say so, and what the documents cover."""
    scope = "the selected documents" if filtered else "the documents"
    first = f"I could not find an answer to that in {scope}."
    if not titles:
        return f"<p><b>{first}</b></p>", first
    covered = "".join(f"<li>{as_text(t)}</li>" for t in titles)
    html = (
        f"<p><b>{first}</b></p><p>They cover:</p><ul>{covered}</ul>"
        "<p>Try asking about one of these topics, or one of the examples.</p>"
    )
    text = "\n".join([first, "They cover:", *(f"- {t}" for t in titles)])
    return html, text


def question_problem(message: str) -> Reply:
    """The reply to a question that cannot be asked (too long, empty), said kindly."""
    if "limit" in message:
        text = f"That question is too long for me: {message}. Please shorten it to the part you want answered."
    else:
        text = f"Please type a question ({message})."
    return Reply(_wrap(f"<p>{as_text(text)}</p>", text), text)
