"""Readers for HTML pages, PDF files and Word documents: the bytes of a file in, a `Document` out.

Like the text parsers in `documents.py` they do no I/O. Each format library is imported where it is used,
so `import eduqa` stays light and a missing library only affects the files of its type: they are skipped
with a reason that names the package to install.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import Any

from .documents import _ITEM, Document, DocumentBuilder, fold_whitespace, looks_like_heading, title_from_source
from .errors import UnreadableFileError
from .libraries import require
from .word import read_docx

__all__ = ["read_docx", "read_html", "read_pdf"]

log = logging.getLogger(__name__)


def _same(a: str, b: str) -> bool:
    return fold_whitespace(a).casefold() == fold_whitespace(b).casefold()


# --- HTML -------------------------------------------------------------------------------------------


def _element_text(element: Any, skip: tuple[str, ...] = ()) -> str:
    """The text of an element of trafilatura's XML: line breaks become spaces, `skip` tags are left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append(" ")
        elif child.tag not in skip:
            parts.append(_element_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _add_html_list(builder: DocumentBuilder, element: Any) -> None:
    ordered = element.get("rend") == "ol"
    number = 0
    for item in element.iterfind("item"):
        text = fold_whitespace(_element_text(item, skip=("list",)))
        if text:
            number += 1
            builder.add_item(f"{number}. {text}" if ordered else f"• {text}")
        for nested in item.iterfind("list"):
            _add_html_list(builder, nested)


def _add_html_blocks(builder: DocumentBuilder, element: Any, title: str, state: dict[str, bool]) -> None:
    for child in element:
        tag = child.tag
        if tag != "list":
            builder.end_list()
        if tag == "head":
            text = fold_whitespace(_element_text(child))
            if not state["title_seen"] and _same(text, title):
                state["title_seen"] = True  # the page's first heading repeats its title
                continue
            level = re.fullmatch(r"h([1-6])", child.get("rend") or "")
            builder.add_heading(text, int(level.group(1)) if level else 2)
        elif tag == "list":
            builder.start_list()
            _add_html_list(builder, child)
            builder.end_list()
        elif tag == "table":
            for row in child.iter("row"):
                cells = [fold_whitespace(_element_text(cell)) for cell in row.iterfind("cell")]
                builder.add_paragraph(" | ".join(c for c in cells if c))
        elif tag in ("div", "section", "main"):
            _add_html_blocks(builder, child, title, state)
        elif tag != "graphic":
            builder.add_paragraph(_element_text(child))
        state["title_seen"] = True


def read_html(data: bytes, source: str) -> Document:
    """Read the main content of an HTML page: navigation, scripts, styles, footers and comments are left out.

    The title is the page's ``<title>`` (as trafilatura cleans it), else its first heading. Headings,
    paragraphs, lists and table rows become blocks.
    """
    trafilatura = require("trafilatura", "trafilatura", "HTML pages")
    from lxml import etree  # a dependency of trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its notes on odd markup are not ours to show
    xml = trafilatura.extract(
        data,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        # only dates the page declares, not ones guessed from its text (a copyright line is not a date)
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not xml:
        raise UnreadableFileError("no main text found in the HTML page")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        raise UnreadableFileError("no main text found in the HTML page")

    title = fold_whitespace(root.get("title") or "")
    if not title:
        first = main.find(".//head")
        title = fold_whitespace(_element_text(first)) if first is not None else ""
    title = title or title_from_source(source)
    builder = DocumentBuilder()
    _add_html_blocks(builder, main, title, {"title_seen": False})
    metadata = {name: fold_whitespace(root.get(name) or "") for name in ("author", "url", "date")}
    return builder.build(source, title, {k: v for k, v in metadata.items() if v})


# --- PDF --------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
_LINE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_FILE_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|pptx?|odt|rtf|tex)|untitled.*)$", re.I
)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Header and footer lines: the first or last line of most pages, when it repeats (digits ignored)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {re.sub(r"\d+", "#", line) for line in lines[:1] + lines[-1:]}
        counts.update(edges)
    return {line for line, n in counts.items() if n >= max(3, len(pages) // 2 + 1)}


def pdf_page_chunks(lines: list[str]) -> list[tuple[str, str]]:
    """Group the text lines of one PDF page into ("heading" | "item" | "paragraph", text) chunks.

    A PDF keeps no paragraphs, only positioned lines: a paragraph ends at a blank line or at a short line
    that ends a sentence; a heading is a short heading-like line at a paragraph boundary that is not
    continued by a lower-case line; a line starting with a list marker starts an item.
    """
    width = max((len(line) for line in lines), default=0)
    chunks: list[tuple[str, str]] = []
    kind, current = "paragraph", []
    at_boundary = True

    def flush() -> None:
        nonlocal current
        if current:
            chunks.append((kind, " ".join(current)))
        current = []

    def following(i: int) -> str:
        return next((line for line in lines[i + 1:] if line), "")

    for i, line in enumerate(lines):
        if not line:
            flush()
            at_boundary = True
            continue
        item = _ITEM.match(line)
        short = width < 50 or len(line) <= 0.7 * width
        if item:
            flush()
            kind, current = "item", [f"{item.group(1) or '•'} {item.group(3).strip()}"]
        elif at_boundary and short and looks_like_heading(line) and not following(i)[:1].islower():
            flush()
            chunks.append(("heading", line))
            kind = "paragraph"
            continue
        elif current and current[-1].endswith("-") and current[-1][-2:-1].isalpha() and line[:1].islower():
            current[-1] = current[-1][:-1] + line  # a word hyphenated across two lines
        else:
            if kind == "item" and at_boundary and not line[:1].islower():
                flush()
                kind = "paragraph"
            current.append(line)
        at_boundary = bool(_LINE_END.search(line))
        if at_boundary and kind == "paragraph" and (width < 50 or len(line) < 0.85 * width):
            flush()
    flush()
    return chunks


def _pdf_pages(data: bytes) -> tuple[list[str], str, list[str]]:
    """The text of each page, the title in the PDF's metadata and warnings about unreadable pages."""
    pypdf = require("pypdf", "pypdf", "PDF files")
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise UnreadableFileError("not a PDF file (no %PDF- header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it logs every oddity of a malformed file
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError("the PDF is encrypted and needs a password")
        pages = list(reader.pages)
        metadata = reader.metadata
        title = str(metadata.title or "") if metadata else ""
    except UnreadableFileError:
        raise
    except FileNotDecryptedError as exc:
        raise UnreadableFileError("the PDF is encrypted and needs a password") from exc
    except DependencyError as exc:
        raise UnreadableFileError(f"the PDF is encrypted and cannot be decrypted here ({exc})") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UnreadableFileError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    texts, warnings = [], []
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # one damaged page must not cost the others
            warnings.append(f"page {number} could not be read ({exc.__class__.__name__}); it was left out")
            texts.append("")
    return texts, title, warnings


def read_pdf(data: bytes, source: str) -> Document:
    """Read the text of a PDF page by page; every block knows its 1-based page number.

    Scanned pages (images without a text layer) have no text; no OCR is done.
    """
    texts, title, warnings = _pdf_pages(data)
    pages = [[line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")] for text in texts]
    pages = [[line for line in lines if not _PAGE_NUMBER.match(line)] for lines in pages]
    running = _running_lines([[line for line in lines if line] for lines in pages])
    title = fold_whitespace(title)
    if _FILE_TITLE.match(title):
        title = ""  # "Microsoft Word - draft3.docx" names a file, not a document
    builder = DocumentBuilder()
    empty = []
    for number, lines in enumerate(pages, 1):
        lines = [line for line in lines if not (line and re.sub(r"\d+", "#", line) in running)]
        chunks = pdf_page_chunks(lines)
        if not chunks:
            empty.append(number)
            continue
        builder.set_page(number)
        for n, (kind, text) in enumerate(chunks):
            if kind == "heading" and not builder.blocks and n == 0 and (not title or _same(text, title)):
                title = title or fold_whitespace(text)
                builder.add_title(text)
            elif kind == "heading":
                builder.add_heading(text)
            elif kind == "item":
                builder.add_item(text)
            else:
                builder.end_list()
                builder.add_paragraph(text)
        builder.end_list()
    if not any(block.kind != "title" for block in builder.blocks):
        raise UnreadableFileError("no text found in the PDF (scanned pages without a text layer are not read)")
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" …" if len(empty) > 10 else "")
        warnings.append(f"no text on page(s) {shown} (scanned pages without a text layer are not read)")
    return builder.build(source, title or title_from_source(source), warnings=warnings)
