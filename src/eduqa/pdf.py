"""Reading PDF files: the text of each page, its headings, lists and paragraphs, cited to the page.

A PDF keeps no paragraphs or headings, only positioned runs of text in some font. pypdf gives each page's
lines and, through its visitor, the font and size of every run. From these:

- a heading is a short line set larger or bolder than the body text, or a bookmark's title. Without such
  signs, only a short line that stands alone between paragraphs is a heading: a run of short lines (a table
  row, a cover page) is text, and a heading with nothing under it before the next heading of its level is
  text too, so no line is lost;
- running headers and footers are lines that repeat on most pages, wherever they stand on the page; they
  are kept once, where they first appear;
- the title is the PDF's own title, else its first heading, never its only line of text;
- text is normalized for search: NFKC (ligatures such as "ﬁ"), bullet glyphs of symbol fonts as list markers,
  words hyphenated or split across a line end joined.
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .documents import _ITEM, Document, DocumentBuilder, fold_whitespace, looks_like_heading, title_from_source
from .errors import UnreadableFileError
from .libraries import require

log = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
_LINE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_FILE_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|pptx?|odt|rtf|tex|indd|qxd)|untitled.*|"
    r"slide \d+|document\d*|title|no title)$",
    re.I,
)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
#: Bullet glyphs that are read as list markers: private-use glyphs of Symbol and Wingdings, and shapes.
_BULLETS = (
    "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0\uf075"
    "\u25a0\u25a1\u25cb\u27a2\u25ba\u2713\u2714\u2756\u2022"
)
_BULLET_LINE = re.compile(f"^[{_BULLETS}\u25aa\u25cf\u25e6\u00b7]\\s*")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: Headings that name a part of a document, not the document.
_NOT_A_TITLE = re.compile(r"^(?:(?:table of )?contents|index|abstract|preface|foreword|copyright(?: notice)?)$", re.I)
_HEADING_SCALE = 1.15
_MAX_HEADING_LINES = 3


@dataclass(frozen=True)
class PdfLine:
    """One line of a page as the reader sees it, with the font its most characters are set in."""

    text: str
    size: float = 0.0
    bold: bool = False


def normalize_line(text: str) -> str:
    """NFKC (ligatures, full-width forms), a leading bullet glyph as "• ", other private-use glyphs dropped."""
    text = unicodedata.normalize("NFKC", text).strip()
    bullet = _BULLET_LINE.match(text)
    if bullet:
        rest = text[bullet.end():]
        text = f"• {rest}" if rest else "•"
    return _PRIVATE_USE.sub("", text).strip()


# --- extraction -------------------------------------------------------------------------------------


def _scale(matrix: list[float]) -> float:
    try:
        return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
    except (TypeError, IndexError):
        return 1.0


def _page_lines(page: object) -> list[PdfLine]:
    """The lines of a page with the font size and weight of most of their characters."""
    runs: list[tuple[str, float, bool]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        runs.append((text, round(float(size or 0) * _scale(tm) * _scale(cm), 1), bool(_BOLD_FONT.search(name))))

    text = page.extract_text(visitor_text=visit) or ""  # type: ignore[attr-defined]
    if "".join(run[0] for run in runs) != text:  # the visitor did not see the text as it was returned
        return [PdfLine(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines: list[PdfLine] = []
    current: list[str] = []
    styles: Counter[tuple[float, bool]] = Counter()

    def end_line() -> None:
        size, bold = styles.most_common(1)[0][0] if styles else (0.0, False)
        lines.append(PdfLine("".join(current), size, bold))
        current.clear()
        styles.clear()

    for run_text, size, bold in runs:
        pieces = run_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for n, piece in enumerate(pieces):
            if n:
                end_line()
            current.append(piece)
            letters = sum(1 for c in piece if not c.isspace())
            if letters:
                styles[(size, bold)] += letters
    end_line()
    return lines


def _form_values(page: object) -> list[str]:
    """The text filled into the page's form fields: it is shown on the page but is not part of its text."""
    from pypdf.generic import NameObject

    values: list[str] = []
    for annotation in page.get("/Annots") or []:  # type: ignore[attr-defined]
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Widget":
            continue
        field = annotation
        while field is not None and "/V" not in field and "/Parent" in field:
            field = field["/Parent"].get_object()
        value = field.get("/V") if field is not None else None
        if isinstance(value, str) and not isinstance(value, NameObject) and value.strip() and value not in values:
            values.append(value)
    return values


@dataclass(frozen=True)
class _Pdf:
    pages: list[list[PdfLine]]
    title: str
    #: normalized bookmark title -> level (1 for the top)
    outline: dict[str, int]
    warnings: list[str]


def _outline(reader: object) -> dict[str, int]:
    titles: dict[str, int] = {}

    def walk(items: object, level: int) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            title = getattr(item, "title", None)
            if isinstance(title, str) and title.strip():
                titles.setdefault(_key(title), level)

    try:
        walk(reader.outline, 1)  # type: ignore[attr-defined]
    except Exception as exc:  # a damaged outline only costs its headings
        log.debug("PDF outline not read: %s", exc)
    return titles


def _key(text: str) -> str:
    return fold_whitespace(unicodedata.normalize("NFKC", text)).casefold()


def _read(data: bytes) -> _Pdf:
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
        raise UnreadableFileError(
            f"the PDF is encrypted and cannot be decrypted here ({exc}); pip install 'eduqa[formats]'"
        ) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UnreadableFileError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    texts, warnings = [], []
    for number, page in enumerate(pages, 1):
        try:
            lines = _page_lines(page)
        except Exception as exc:  # one damaged page must not cost the others
            warnings.append(f"page {number} could not be read ({exc.__class__.__name__}); it was left out")
            texts.append([])
            continue
        try:
            values = _form_values(page)
        except Exception as exc:  # damaged form fields cost only their own text
            warnings.append(f"the form fields of page {number} could not be read ({exc.__class__.__name__})")
            values = []
        texts.append(lines + [line for value in values for line in (PdfLine(""), PdfLine(value))])
    return _Pdf(texts, title, _outline(reader), warnings)


# --- structure --------------------------------------------------------------------------------------


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Header and footer lines: lines that repeat on most pages, wherever they stand (digits ignored)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_running_key(line) for line in lines if line and len(line) <= 150})
    return {line for line, n in counts.items() if n >= max(3, len(pages) // 2 + 1)}


def _drop_repeats(pages: list[list[PdfLine]], running: set[str]) -> list[list[PdfLine]]:
    """Running lines are kept where they first appear, so their words stay findable, and dropped after."""
    seen: set[str] = set()
    kept = []
    for lines in pages:
        page = []
        for line in lines:
            key = _running_key(line.text) if line.text else ""
            if key in running:
                if key in seen:
                    continue
                seen.add(key)
                page.extend([PdfLine(""), line, PdfLine("")])  # a paragraph of its own
                continue
            page.append(line)
        kept.append(page)
    return kept


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def _has_word(line: str) -> bool:
    return bool(re.search(r"[^\W\d_]{2,}", line))


def _heading_like(line: str) -> bool:
    return looks_like_heading(line) and _has_word(line)


@dataclass(frozen=True)
class _Style:
    """The body text's size and weight, and the heading sizes by level."""

    body_size: float = 0.0
    body_bold: bool = False
    levels: tuple[tuple[float, bool], ...] = ()

    def heading_level(self, line: PdfLine) -> int | None:
        key = (line.size, line.bold)
        return self.levels.index(key) + 1 if key in self.levels else None


def _document_style(pages: list[list[PdfLine]]) -> _Style:
    """The most common size and weight by characters; larger or bolder short lines are heading styles."""
    weights: Counter[tuple[float, bool]] = Counter()
    for lines in pages:
        for line in lines:
            weights[(line.size, line.bold)] += len(line.text.strip())
    if not weights:
        return _Style()
    body_size, body_bold = weights.most_common(1)[0][0]
    if not body_size:
        return _Style()
    stronger = {
        key for key in weights
        if key[0] >= body_size * _HEADING_SCALE or (key[1] and not body_bold and key[0] >= body_size * 0.95)
    }
    used = {
        (line.size, line.bold) for lines in pages for line in lines
        if (line.size, line.bold) in stronger and _heading_like(line.text)
    }
    levels = tuple(sorted(used, key=lambda k: (-k[0], not k[1])))
    return _Style(body_size, body_bold, levels)


def page_chunks(lines: list[PdfLine], style: _Style, outline: dict[str, int]) -> list[tuple[str, str, int]]:
    """Group the lines of one page into ("heading" | "item" | "paragraph", text, level) chunks.

    A paragraph ends at a blank line or at a short line that ends a sentence; a line starting with a list
    marker starts an item. Headings are set in a heading style or named by a bookmark; when the document
    has no heading styles, a short heading-like line that stands alone between paragraphs is one.
    """
    width = max((len(line.text) for line in lines), default=0)
    styled = bool(style.levels) or bool(outline)
    chunks: list[tuple[str, str, int]] = []
    kind, current = "paragraph", []
    at_boundary = True
    texts = [line.text for line in lines]

    def flush() -> None:
        nonlocal current
        if current:
            chunks.append((kind, " ".join(current), 0))
        current = []

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(texts):
            if texts[j]:
                return texts[j]
            j += step
        return ""

    def short(text: str) -> bool:
        return width < 50 or len(text) <= 0.7 * width

    def alone(i: int) -> bool:
        """A heading-like line between paragraphs: neither neighbour is a heading-like short line."""
        before, after = neighbour(i, -1), neighbour(i, 1)
        return not (before and short(before) and _heading_like(before)) and not (
            after and (short(after) and _heading_like(after) or after[:1].islower())
        )

    i = 0
    while i < len(lines):
        line, text = lines[i], texts[i]
        if not text:
            flush()
            at_boundary = True
            i += 1
            continue
        level = outline.get(_key(text)) if outline else None
        if level is None and style.levels and _heading_like(text):
            level = style.heading_level(line)
            if level is not None:  # a heading of several lines: the following lines in its style
                run = 1
                while i + run < len(lines) and lines[i + run].text and (lines[i + run].size, lines[i + run].bold) \
                        == (line.size, line.bold) and _heading_like(lines[i + run].text):
                    run += 1
                if run > _MAX_HEADING_LINES:
                    level = None  # a block of text set large or bold, not a heading
                else:
                    flush()
                    chunks.append(("heading", " ".join(texts[i:i + run]), level))
                    kind, at_boundary = "paragraph", True
                    i += run
                    continue
        if level is None and not styled and at_boundary and short(text) and _heading_like(text) and alone(i):
            level = 1
        if level is not None:
            flush()
            chunks.append(("heading", text, level))
            kind, at_boundary = "paragraph", True
            i += 1
            continue
        item = _ITEM.match(text)
        if text == "•" and i + 1 < len(texts) and texts[i + 1]:
            texts[i + 1] = f"• {texts[i + 1]}"  # a bullet on a line of its own marks the next line
            i += 1
            continue
        if item:
            flush()
            kind, current = "item", [f"{item.group(1) or '•'} {item.group(3).strip()}"]
        elif current and current[-1].endswith("-") and current[-1][-2:-1].isalpha() and text[:1].islower():
            current[-1] = current[-1][:-1] + text  # a word hyphenated across two lines
        else:
            if kind == "item" and at_boundary and not text[:1].islower():
                flush()
                kind = "paragraph"
            current.append(text)
        # an item ends at its sentence end, or at a short line: the line after it does not continue it
        at_boundary = bool(_LINE_END.search(text)) or (kind == "item" and short(text))
        if at_boundary and kind == "paragraph" and (width < 50 or len(text) < 0.85 * width):
            flush()
        i += 1
    flush()
    return chunks


def pdf_page_chunks(lines: list[str]) -> list[tuple[str, str]]:
    """`page_chunks` for lines of one font: ("heading" | "item" | "paragraph", text) chunks."""
    return [(kind, text) for kind, text, _ in page_chunks([PdfLine(line) for line in lines], _Style(), {})]


def _keep_every_heading(chunks: list[tuple[int, str, str, int]]) -> list[tuple[int, str, str, int]]:
    """A heading with no text under it before the next heading of its level or above is text: nothing is lost."""
    kept = list(chunks)
    for n in range(len(kept) - 1, -1, -1):
        page, kind, text, level = kept[n]
        if kind != "heading":
            continue
        following = kept[n + 1] if n + 1 < len(kept) else None
        if following is None or (following[1] == "heading" and following[3] <= level):
            kept[n] = (page, "paragraph", text, 0)
    return kept


def _join_split_words(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Join a word the extraction split in two ("specif ied") when the whole word occurs elsewhere and
    neither half ever stands alone."""
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    pair = re.compile(r"\b([a-z]{2,})\s([a-z]{1,})\b")
    for lines in pages:
        for line in lines:
            words.update(re.findall(r"[a-z]+", line.text))
            for match in pair.finditer(line.text):
                pairs[(match.group(1), match.group(2))] += 1
    joined = {
        (a, b) for (a, b), n in pairs.items()
        if words[a + b] and words[a] == n and words[b] == n and len(a + b) >= 5
    }
    if not joined:
        return pages

    def fix(match: re.Match[str]) -> str:
        a, b = match.group(1), match.group(2)
        return a + b if (a, b) in joined else match.group(0)

    return [[PdfLine(pair.sub(fix, line.text), line.size, line.bold) for line in lines] for lines in pages]


def _title_heading(chunks: list[tuple[int, str, str, int]]) -> str:
    """The largest heading of the first page that has headings, when that is page 1 or 2."""
    headings = [c for c in chunks if c[1] == "heading" and not _NOT_A_TITLE.match(c[2]) and _clean_title(c[2])]
    if not headings or headings[0][0] > 2:
        return ""
    first_page = [c for c in headings if c[0] == headings[0][0]]
    return fold_whitespace(min(first_page, key=lambda c: c[3])[2])


def _clean_title(title: str) -> str:
    title = fold_whitespace(unicodedata.normalize("NFKC", title))
    if _FILE_TITLE.match(title) or not _has_word(title):
        return ""  # "Microsoft Word - draft3.docx" names a file, not a document
    return title


def read_pdf(data: bytes, source: str) -> Document:
    """Read the text of a PDF page by page; every block knows its 1-based page number.

    Scanned pages (images without a text layer) have no text; no OCR is done.
    """
    pdf = _read(data)
    pages = [
        [PdfLine(normalize_line(line.text), line.size, line.bold) for line in lines] for lines in pdf.pages
    ]
    pages = [[line for line in lines if not _PAGE_NUMBER.match(line.text)] for lines in pages]
    running = _running_lines([[line.text for line in lines if line.text] for lines in pages])
    pages = _drop_repeats(pages, running)
    pages = _join_split_words(pages)
    style = _document_style(pages)

    chunks: list[tuple[int, str, str, int]] = []
    empty = []
    for number, lines in enumerate(pages, 1):
        found = page_chunks(lines, style, pdf.outline)
        if not found:
            empty.append(number)
        chunks.extend((number, kind, text, level) for kind, text, level in found)
    # a cover page's lines may all be headings of one size; the last line of a document is never its title
    title = _clean_title(pdf.title) or _title_heading(chunks[:-1])
    chunks = _keep_every_heading(chunks)
    builder = DocumentBuilder()
    for n, (page, kind, text, level) in enumerate(chunks):
        builder.set_page(page)
        if kind == "heading" and n == 0 and title and _same(text, title):
            builder.add_title(text)
        elif kind == "heading":
            builder.end_list()
            builder.add_heading(text, level)
        elif kind == "item":
            builder.add_item(text)
        else:
            builder.end_list()
            builder.add_paragraph(text)
    if not any(block.kind != "title" for block in builder.blocks):
        raise UnreadableFileError("no text found in the PDF (scanned pages without a text layer are not read)")
    warnings = list(pdf.warnings)
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" …" if len(empty) > 10 else "")
        warnings.append(f"no text on page(s) {shown} (scanned pages without a text layer are not read)")
    return builder.build(source, title or title_from_source(source), warnings=warnings)


def _same(a: str, b: str) -> bool:
    return fold_whitespace(a).casefold() == fold_whitespace(b).casefold()
