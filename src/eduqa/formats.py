"""Readers for HTML pages, PDF files and Word documents: the bytes of a file in, a `Document` out.

Like the text parsers in `documents.py` they do no I/O. Each format library is imported where it is used,
so `import eduqa` stays light and a missing library only affects the files of its type: they are skipped
with a reason that names the package to install.
"""

from __future__ import annotations

import logging
import re
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
