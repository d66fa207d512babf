"""Documents as eduqa reads them: clean text made of blocks, plus metadata for citations.

The parsers here are pure: they take the text of a file and return a `Document`. Finding files and
decoding bytes happens in `corpus.py`.

A document's `text` is its *normalized* text: its blocks (headings, paragraphs, list items) joined by
blank lines, with the whitespace inside each block folded. Every block and every passage records
`start`/`end` offsets into this text, so ``doc.text[p.start:p.end] == p.text`` always holds.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

log = logging.getLogger(__name__)

BLOCK_SEPARATOR = "\n\n"
#: Metadata fields that flow into citations. Anything else in front matter (SEO keywords, ids) is ignored.
CITATION_FIELDS = ("title", "subject", "date", "url", "author")
#: Front-matter fields read as content when a Markdown file's body has none.
SUMMARY_FIELDS = ("abstract", "description", "summary")


@dataclass(frozen=True)
class Block:
    """One structural unit of a document."""

    kind: str  # "title", "heading", "paragraph" or "item"
    text: str
    start: int
    end: int
    headings: tuple[str, ...] = ()
    page: int | None = None
    list_id: int | None = None  # items of one list share it


@dataclass(frozen=True)
class Document:
    """A document's normalized text, its blocks and the metadata its citations carry."""

    doc_id: str
    source: str
    title: str
    text: str
    blocks: tuple[Block, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def url(self) -> str | None:
        return self.metadata.get("url") or None


def fold_whitespace(text: str) -> str:
    """Collapse runs of white space (including non-breaking spaces and line breaks) into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


class DocumentBuilder:
    """Accumulates blocks and keeps the offsets, the heading path and the page up to date."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._headings: list[tuple[int, str]] = []  # (level, text)
        self._page: int | None = None
        self._list_id: int | None = None
        self._lists = 0

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(self._blocks)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def set_page(self, page: int | None) -> None:
        self._page = page

    def start_list(self) -> None:
        self._lists += 1
        self._list_id = self._lists

    def end_list(self) -> None:
        self._list_id = None

    def _add(self, kind: str, text: str, list_id: int | None = None) -> Block | None:
        text = fold_whitespace(text)
        if not text:
            return None
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        block = Block(
            kind=kind,
            text=text,
            start=start,
            end=self._length,
            headings=tuple(h for _, h in self._headings),
            page=self._page,
            list_id=list_id,
        )
        self._blocks.append(block)
        return block

    def add_title(self, text: str) -> None:
        self._add("title", text)

    def add_heading(self, text: str, level: int = 1) -> None:
        text = fold_whitespace(text)
        if not text:
            return
        self._headings = [(lvl, h) for lvl, h in self._headings if lvl < level]
        self._add("heading", text)
        self._headings.append((level, text))

    def add_paragraph(self, text: str) -> None:
        self._add("paragraph", text)

    def add_item(self, text: str) -> None:
        if self._list_id is None:
            self.start_list()
        self._add("item", text, list_id=self._list_id)

    def build(
        self,
        source: str,
        title: str,
        metadata: Mapping[str, str] | None = None,
        warnings: Iterable[str] = (),
    ) -> Document:
        meta = dict(metadata or {})
        meta["title"] = title
        return Document(
            doc_id=source,
            source=source,
            title=title,
            text=self.text,
            blocks=self.blocks,
            metadata=meta,
            warnings=tuple(warnings),
        )


def title_from_source(source: str) -> str:
    """A readable title from a file name: ``effective-partnership-models.txt`` -> ``Effective partnership models``."""
    stem = PurePosixPath(source).stem
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else source


# --- Markdown ---------------------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Separate YAML front matter from the body. Broken front matter keeps the body and adds a warning."""
    import frontmatter
    import yaml

    if not text.lstrip("\ufeff").startswith("---"):
        return {}, text, []
    try:
        metadata, body = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        match = re.match(r"\A\ufeff?---[^\n]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, flags=re.S)
        body = text[match.end():] if match else text
        return {}, body, [f"front matter is not valid YAML ({reason}); the body was indexed without it"]
    if not isinstance(metadata, dict):
        return {}, body, ["front matter is not a mapping of fields; the body was indexed without it"]
    return dict(metadata), body, []


def _inline_text(token: Any) -> str:
    """Plain text of an inline token: emphasis markers, links and HTML tags are dropped, their text kept."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return html.unescape("".join(parts))


def render_markdown(markdown: str, builder: DocumentBuilder, skip_heading: str | None = None) -> list[str]:
    """Add the blocks of a Markdown text to `builder`. Returns the texts of its level-1 headings."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    h1: list[str] = []
    item_parts: list[list[str]] = []  # a stack: one buffer per open list item
    markers: list[str] = []
    list_depth = 0
    heading_level = 0
    row: list[str] = []

    def flush_item() -> None:
        if item_parts and item_parts[-1]:
            builder.add_item(markers[-1] + " ".join(item_parts[-1]))
            item_parts[-1].clear()
            markers[-1] = ""

    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "inline":
            text = _inline_text(token)
            if heading_level:
                if heading_level == 1:
                    h1.append(fold_whitespace(text))
                if not (heading_level == 1 and skip_heading and fold_whitespace(text) == skip_heading):
                    builder.add_heading(text, heading_level)
            elif row is not None and tokens[i - 1].type in ("th_open", "td_open"):
                row.append(fold_whitespace(text))
            elif item_parts:
                item_parts[-1].append(text)
            else:
                builder.add_paragraph(text)
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            flush_item()
            if list_depth == 0:
                builder.start_list()
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0:
                builder.end_list()
        elif kind == "list_item_open":
            ordered = tokens[i].markup in (".", ")")
            markers.append(f"{token.info}{token.markup} " if ordered and token.info else "• ")
            item_parts.append([])
        elif kind == "list_item_close":
            flush_item()
            item_parts.pop()
            markers.pop()
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            cells = [c for c in row if c]
            if cells:
                builder.add_paragraph(" | ".join(cells))
            row = []
        elif kind in ("fence", "code_block"):
            builder.add_paragraph(token.content)
        elif kind == "html_block":
            builder.add_paragraph(html.unescape(re.sub(r"<[^>]*>", " ", token.content)))
    return h1


def _clean_metadata(metadata: Mapping[str, Any]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for name in CITATION_FIELDS:
        value = metadata.get(name)
        if value is None or isinstance(value, (dict, list)):
            continue
        text = fold_whitespace(str(value))
        if text:
            clean[name] = text
    return clean


def read_markdown(text: str, source: str) -> Document:
    """Read Markdown with optional YAML front matter.

    A Q&A page keeps its content in the front matter: its ``answer`` field (with literal ``\\n`` escapes)
    is rendered as Markdown before the body. SEO fields and related-article lists are not content.
    """
    metadata, body, warnings = split_front_matter(text)
    meta = _clean_metadata(metadata)
    title = meta.get("title") or fold_whitespace(str(metadata.get("question") or ""))
    builder = DocumentBuilder()
    h1: list[str] = []

    answer = metadata.get("answer")
    if isinstance(answer, str) and answer.strip():
        answer = answer.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t")
        h1 += render_markdown(answer, builder, skip_heading=title or None)
    h1 += render_markdown(html.unescape(body), builder, skip_heading=title or None)

    if not title:
        title = h1[0] if h1 else title_from_source(source)
        if h1:  # the first H1 became the title: rebuild without it in the heading path
            builder = DocumentBuilder()
            if isinstance(answer, str) and answer.strip():
                render_markdown(answer, builder, skip_heading=title)
            render_markdown(html.unescape(body), builder, skip_heading=title)
    if not any(block.kind != "heading" for block in builder.blocks):
        # a page whose body is empty (or headings only) keeps its content in a summary field
        summary = next((metadata[name] for name in SUMMARY_FIELDS if isinstance(metadata.get(name), str)
                        and metadata[name].strip()), None)
        if summary:
            render_markdown(summary, builder)
    return builder.build(source, title, meta, warnings)


# --- Plain text -------------------------------------------------------------------------------------

_ITEM = re.compile(r"^\s*(?:(\d{1,3}[.)])|([•\-*–·▪●◦]))\s+(\S.*)$")
_NAVIGATION = re.compile(r"^\s*(?:see also|related:|read more|read next)\b", re.I)
_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def looks_like_heading(line: str) -> bool:
    """A bare heading line: short, capitalized, and not ending like a sentence or a lead-in."""
    line = line.strip()
    if not line or len(line) > 120 or len(line.split()) > 15:
        return False
    if line[-1] in ".!,;:" or _ITEM.match(line):
        return False
    return line[0].isupper() or line[0].isdigit()


def _text_chunks(text: str) -> list[tuple[str, str]]:
    """Split plain text into ("line" | "item" | "para", text) chunks at blank lines and list markers."""
    chunks: list[tuple[str, str]] = []
    current: list[str] = []
    current_kind = "para"

    def flush() -> None:
        nonlocal current
        if current:
            kind = "line" if current_kind == "para" and len(current) == 1 else current_kind
            chunks.append((kind, " ".join(current)))
        current = []

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            flush()
            current_kind = "para"
            continue
        if _NAVIGATION.match(line) and len(line) < 200:
            continue
        item = _ITEM.match(raw)
        if item:
            flush()
            current_kind = "item"
            marker = item.group(1) or "•"
            current = [f"{marker} {item.group(3).strip()}"]
            continue
        current.append(line)
    flush()
    return chunks


def read_plain_text(text: str, source: str) -> Document:
    """Read plain text: the first bare line is the title, other bare short lines are headings."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    chunks = _text_chunks(text)
    builder = DocumentBuilder()
    title = ""
    for i, (kind, chunk) in enumerate(chunks):
        atx = _ATX_HEADING.match(chunk) if kind == "line" else None
        is_last = i == len(chunks) - 1
        if kind == "item":
            builder.add_item(chunk)
            continue
        builder.end_list()
        if atx or (kind == "line" and not is_last and looks_like_heading(chunk)):
            heading = atx.group(2) if atx else chunk
            if not title and not builder.blocks:
                title = fold_whitespace(heading)
                builder.add_title(title)
            else:
                builder.add_heading(heading, len(atx.group(1)) if atx else 1)
        else:
            builder.add_paragraph(chunk)
    return builder.build(source, title or title_from_source(source))
