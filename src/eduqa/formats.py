"""Readers for HTML pages, PDF files and Word documents: the bytes of a file in, a `Document` out.

Like the text parsers in `documents.py` they do no I/O. Each format library is imported where it is used,
so `import eduqa` stays light and a missing library only affects the files of its type: they are skipped
with a reason that names the package to install.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from typing import Any

from .documents import Document, DocumentBuilder, fold_whitespace, title_from_source
from .errors import UnreadableFileError
from .libraries import require
from .pdf import pdf_page_chunks, read_pdf
from .word import read_docx

__all__ = ["pdf_page_chunks", "read_docx", "read_html", "read_pdf"]

log = logging.getLogger(__name__)


def _same(a: str, b: str) -> bool:
    return fold_whitespace(a).casefold() == fold_whitespace(b).casefold()


# --- HTML -------------------------------------------------------------------------------------------

_FALLBACK_WARNING = "the main-content extractor found no main text; the page's plain text was indexed instead"
_UNSHOWN_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "head", "iframe", "object", "select"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote", "pre", "table", "tr",
    "ul", "ol", "li", "dl", "dt", "dd", "br", "hr", "form", "fieldset", "figure", "figcaption", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "details", "summary", "body", "html",
}


class _PlainText(HTMLParser):
    """The shown text of an HTML page as (kind, text, level) blocks; scripts, styles and navigation left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, int]] = []
        self.title_parts: list[str] = []
        self._parts: list[str] = []
        self._kind, self._level = "paragraph", 0
        self._hidden = 0
        self._in_title = False
        self._pre = 0

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        if self._pre:
            for piece in re.split(r"\n\s*\n", text):
                if piece.strip():
                    self.blocks.append(("paragraph", piece, 0))
        elif text.strip():
            self.blocks.append((self._kind, text, self._level))
        self._kind, self._level = "paragraph", 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _UNSHOWN_TAGS:
            self._hidden += 1
        elif not self._hidden and tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self._pre += 1
            if re.fullmatch(r"h[1-6]", tag):
                self._kind, self._level = "heading", int(tag[1])
            elif tag == "li":
                self._kind = "item"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _UNSHOWN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif not self._hidden and tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._hidden:
            self._parts.append(data)


def _read_html_text(page: str, source: str) -> Document:
    """The fallback when the main-content extractor finds nothing: every shown text of the page."""
    parser = _PlainText()
    try:
        parser.feed(page)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken markup
        raise UnreadableFileError(f"no text could be read from the HTML page ({exc})") from exc
    parser._flush()
    title = fold_whitespace("".join(parser.title_parts))
    builder = DocumentBuilder()
    for kind, text, level in parser.blocks:
        if kind == "heading":
            if not title:
                title = fold_whitespace(text)
                continue
            if _same(text, title) and not builder.blocks:
                continue
            builder.end_list()
            builder.add_heading(text, level)
        elif kind == "item":
            builder.add_item(f"• {fold_whitespace(text)}")
        else:
            builder.end_list()
            builder.add_paragraph(text)
    if not builder.blocks:
        raise UnreadableFileError("no text found in the HTML page")
    return builder.build(source, title or title_from_source(source), warnings=[_FALLBACK_WARNING])


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
    root = etree.fromstring(xml.encode("utf-8")) if xml else None
    main = root.find("main") if root is not None else None
    if main is None:
        return _read_html_text(trafilatura.utils.decode_file(data), source)

    title = fold_whitespace(root.get("title") or "")
    if not title:
        first = main.find(".//head")
        title = fold_whitespace(_element_text(first)) if first is not None else ""
    title = title or title_from_source(source)
    builder = DocumentBuilder()
    _add_html_blocks(builder, main, title, {"title_seen": False})
    if not builder.blocks:
        return _read_html_text(trafilatura.utils.decode_file(data), source)
    metadata = {name: fold_whitespace(root.get(name) or "") for name in ("author", "url", "date")}
    return builder.build(source, title, {k: v for k, v in metadata.items() if v})
