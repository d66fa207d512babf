"""Reading Word .docx documents as Word shows them, from their XML.

A .docx is a zip of XML parts. The reader walks ``word/document.xml`` itself rather than going through a
document model, because what a reader sees is spread over elements that models leave out:

- tracked changes: insertions (``w:ins``) are read, deletions (``w:del``, ``w:delText``) are not;
- moved text (``w:moveTo``) is read in its new place, not in its old one (``w:moveFrom``);
- every table cell is read, empty cells aside; a nested table follows the row that holds it;
- text boxes and shapes (``w:txbxContent``, once: the drawing, not its older VML copy) follow their paragraph;
- content controls (``w:sdt``), smart tags and custom XML are read through;
- footnotes and endnotes become sections of their own, "Footnote 1", numbered as the document shows them.

Parts are read within the unpacked-size limit of `zip_members`, so a zip bomb is skipped, not unpacked.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .documents import Document, DocumentBuilder, fold_whitespace, title_from_source
from .errors import UnreadableFileError
from .libraries import require
from .zip_members import open_zip, read_member

log = logging.getLogger(__name__)

_KIND = "Word .docx document"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REL_TYPES = ("officeDocument", "styles", "numbering", "footnotes", "endnotes", "core-properties")
#: Elements whose content Word does not show as text of the paragraph they are in.
_HIDDEN = {
    "del", "moveFrom", "delText", "instrText", "fldData", "pPr", "rPr", "sdtPr", "tblPr", "trPr", "tcPr",
    "Fallback", "footnoteRef", "endnoteRef", "annotationRef", "commentReference",
}
_INLINE_SPACE = {"tab", "br", "cr", "ptab"}


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attribute(element: Any, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return None


def _child(element: Any, name: str) -> Any | None:
    return next((c for c in element if _local(c) == name), None)


@dataclass(frozen=True)
class _Style:
    name: str = ""
    based_on: str | None = None
    outline_level: int | None = None
    numbered: bool = False


@dataclass
class _Numbering:
    #: numId -> {ilvl: numFmt}
    formats: dict[str, dict[str, str]] = field(default_factory=dict)

    def format(self, num_id: str, level: str) -> str:
        return self.formats.get(num_id, {}).get(level, "decimal")


def _parse(xml: bytes, part: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        return etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFileError(f"not a readable {_KIND} ({part} is not valid XML: {exc})") from exc


def _relationships(archive: Any, part: str) -> dict[str, str]:
    """Relationship type (last word of its URI) -> target part, for the part `part` ("" for the package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    xml = read_member(archive, rels_name)
    if xml is None:
        return {}
    targets: dict[str, str] = {}
    for rel in _parse(xml, rels_name):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind in _REL_TYPES and kind not in targets and rel.get("TargetMode") != "External":
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[kind] = path
    return targets


def _styles(root: Any | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root:
        if _local(style) != "style":
            continue
        style_id = _attribute(style, "styleId") or ""
        name = _child(style, "name")
        based = _child(style, "basedOn")
        properties = _child(style, "pPr")
        outline = _child(properties, "outlineLvl") if properties is not None else None
        num = _child(properties, "numPr") if properties is not None else None
        num_id = _child(num, "numId") if num is not None else None
        level = _attribute(outline, "val") if outline is not None else None
        styles[style_id] = _Style(
            name=(_attribute(name, "val") or "") if name is not None else "",
            based_on=_attribute(based, "val") if based is not None else None,
            outline_level=int(level) if level and level.isdigit() else None,
            numbered=num_id is not None and _attribute(num_id, "val") not in (None, "0"),
        )
    return styles


def _numbering(root: Any | None) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    abstract: dict[str, dict[str, str]] = {}
    for element in root:
        if _local(element) == "abstractNum":
            levels = {}
            for lvl in element:
                if _local(lvl) == "lvl":
                    fmt = _child(lvl, "numFmt")
                    levels[_attribute(lvl, "ilvl") or "0"] = (_attribute(fmt, "val") or "decimal") if fmt is not None \
                        else "decimal"
            abstract[_attribute(element, "abstractNumId") or ""] = levels
    for element in root:
        if _local(element) == "num":
            ref = _child(element, "abstractNumId")
            numbering.formats[_attribute(element, "numId") or ""] = abstract.get(
                (_attribute(ref, "val") or "") if ref is not None else "", {}
            )
    return numbering


def _core_properties(root: Any | None) -> dict[str, str]:
    if root is None:
        return {}
    found = {}
    for element in root:
        name = _local(element)
        if name in ("title", "creator") and element.text:
            text = fold_whitespace(element.text)
            if text:
                found["author" if name == "creator" else name] = text
    return found


class _Reader:
    """Walks the body of a Word document and adds its blocks to a `DocumentBuilder`."""

    def __init__(self, styles: dict[str, _Style], numbering: _Numbering, core_title: str) -> None:
        self.styles = styles
        self.numbering = numbering
        self.builder = DocumentBuilder()
        self.title = core_title
        self.notes: list[tuple[str, str]] = []  # ("footnote" | "endnote", id) in the order they are referenced
        self._counters: dict[tuple[str, int], int] = {}

    # --- styles ---------------------------------------------------------------------------------

    def _style_chain(self, style_id: str | None) -> Iterator[_Style]:
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def _heading_level(self, properties: Any | None, style_id: str | None) -> int | None:
        """0 for a Title paragraph, 1-9 for a heading, None for body text."""
        if properties is not None:
            outline = _child(properties, "outlineLvl")
            value = _attribute(outline, "val") if outline is not None else None
            if value and value.isdigit():
                return int(value) + 1 if int(value) < 9 else None
        for style in self._style_chain(style_id):
            name = style.name.lower()
            if name == "title":
                return 0
            match = re.fullmatch(r"heading (\d)", name)
            if match:
                return int(match.group(1))
            if style.outline_level is not None:
                return style.outline_level + 1 if style.outline_level < 9 else None
        return None

    def _list_marker(self, properties: Any | None, style_id: str | None) -> str | None:
        """The marker of a list paragraph ("• ", "3. "), or None for a paragraph that is not in a list."""
        num = _child(properties, "numPr") if properties is not None else None
        num_id = level = None
        if num is not None:
            num_el, level_el = _child(num, "numId"), _child(num, "ilvl")
            num_id = _attribute(num_el, "val") if num_el is not None else None
            level = _attribute(level_el, "val") if level_el is not None else None
        styled = next((s for s in self._style_chain(style_id) if s.numbered or s.name.lower().startswith("list")), None)
        if num_id in (None, "") and styled is None:
            return None
        if num_id == "0":
            return None  # numbering switched off for this paragraph
        depth = int(level) if level and level.isdigit() else 0
        fmt = self.numbering.format(num_id, str(depth)) if num_id else (
            "decimal" if styled is not None and "number" in styled.name.lower() else "bullet"
        )
        if fmt == "none":
            return ""
        if fmt == "bullet":
            return "• "
        key = (num_id or f"style:{style_id}", depth)
        for other in [k for k in self._counters if k[0] == key[0] and k[1] > depth]:
            del self._counters[other]  # a higher-level item restarts the numbering of the levels below it
        self._counters[key] = self._counters.get(key, 0) + 1
        return f"{self._counters[key]}. "

    # --- text -----------------------------------------------------------------------------------

    def _inline(self, element: Any, parts: list[str], later: list[Any]) -> None:
        """Collect the text Word shows for `element`; text boxes and notes are set aside in `later`."""
        for child in element:
            name = _local(child)
            if name in _HIDDEN:
                continue
            if name == "t":
                parts.append(child.text or "")
            elif name in _INLINE_SPACE:
                parts.append(" ")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                later.append(child)
            elif name in ("footnoteReference", "endnoteReference"):
                note = _attribute(child, "id")
                if note is not None:
                    self.notes.append((name[:-len("Reference")], note))
            elif name == "tbl":
                later.append(child)
            else:
                self._inline(child, parts, later)

    def paragraph_text(self, paragraph: Any, later: list[Any]) -> str:
        parts: list[str] = []
        self._inline(paragraph, parts, later)
        return fold_whitespace("".join(parts))

    # --- blocks ---------------------------------------------------------------------------------

    def body(self, container: Any) -> None:
        for child in container:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name == "sdt":
                content = _child(child, "sdtContent")
                if content is not None:
                    self.body(content)
            elif name in ("customXml", "ins", "moveTo", "smartTag", "AlternateContent", "Choice", "txbxContent"):
                self.body(child)

    def _later(self, later: list[Any]) -> None:
        for element in later:
            if _local(element) == "tbl":
                self.table(element)
            else:
                self.body(element)

    def paragraph(self, paragraph: Any) -> None:
        later: list[Any] = []
        text = self.paragraph_text(paragraph, later)
        if text:
            self._add_paragraph(paragraph, text)
        self._later(later)

    def _add_paragraph(self, paragraph: Any, text: str) -> None:
        builder = self.builder
        properties = _child(paragraph, "pPr")
        style_el = _child(properties, "pStyle") if properties is not None else None
        style_id = _attribute(style_el, "val") if style_el is not None else None
        level = self._heading_level(properties, style_id)
        if level is not None and len(text) <= 300:
            if not builder.blocks and level <= 1 and (not self.title or _same(text, self.title)):
                self.title = self.title or text  # the document's first heading is its title when it has no other
                builder.add_title(text)
            else:
                builder.end_list()
                builder.add_heading(text, max(level, 1))
            return
        marker = self._list_marker(properties, style_id)
        if marker is not None:
            builder.add_item(marker + text)
            return
        builder.end_list()
        builder.add_paragraph(text)

    def _wrapped(self, parent: Any, name: str) -> Iterator[Any]:
        """The `name` children of a table or row, including those inside content controls and custom XML."""
        for child in parent:
            kind = _local(child)
            if kind == name:
                yield child
            elif kind in ("sdt", "customXml"):
                content = _child(child, "sdtContent") if kind == "sdt" else child
                if content is not None:
                    yield from self._wrapped(content, name)

    def _cell_text(self, container: Any, later: list[Any]) -> list[str]:
        texts = []
        for child in container:
            name = _local(child)
            if name == "p":
                texts.append(self.paragraph_text(child, later))
            elif name == "tbl":
                later.append(child)
            elif name in ("sdt", "customXml"):
                content = _child(child, "sdtContent") if name == "sdt" else child
                if content is not None:
                    texts.extend(self._cell_text(content, later))
        return texts

    def table(self, table: Any) -> None:
        self.builder.end_list()
        for row in self._wrapped(table, "tr"):
            later: list[Any] = []
            cells = [fold_whitespace(" ".join(self._cell_text(cell, later))) for cell in self._wrapped(row, "tc")]
            self.builder.add_paragraph(" | ".join(cell for cell in cells if cell))
            self._later(later)

    def blocks_text(self) -> str:
        return " ".join(block.text for block in self.builder.blocks)

    def add_notes(self, kind: str, root: Any | None) -> None:
        """Add the notes of one kind as sections "Footnote 1", "Footnote 2"…, in the order they are referenced."""
        if root is None:
            return
        notes = {}
        for note in root:
            if _local(note) == kind and (_attribute(note, "type") or "normal") == "normal":
                notes[_attribute(note, "id")] = note
        order = [note_id for k, note_id in self.notes if k == kind and note_id in notes]
        order = list(dict.fromkeys(order)) + [note_id for note_id in notes if note_id not in order]
        for number, note_id in enumerate(order, 1):
            self.builder.end_list()
            self.builder.add_heading(f"{kind.capitalize()} {number}", 1)
            self.body(notes[note_id])


def _same(a: str, b: str) -> bool:
    return fold_whitespace(a).casefold() == fold_whitespace(b).casefold()


def _part(archive: Any, name: str | None) -> Any | None:
    if not name:
        return None
    xml = read_member(archive, name)
    return _parse(xml, name) if xml is not None else None


def read_docx(data: bytes, source: str) -> Document:
    """Read a Word .docx document: headings, list items, table rows, text boxes and notes become blocks."""
    require("lxml", "lxml", "Word documents")
    if data.startswith(_OLE):
        raise UnreadableFileError(
            f"not a readable {_KIND}: an encrypted or old-format (.doc) Word file; save it as an unprotected .docx"
        )
    archive = open_zip(data, _KIND)
    with archive:
        package = _relationships(archive, "")
        main = package.get("officeDocument", "word/document.xml")
        xml = read_member(archive, main)
        if xml is None:
            raise UnreadableFileError(f"not a readable {_KIND} (it has no {main})")
        parts = _relationships(archive, main)
        styles = _styles(_part(archive, parts.get("styles")))
        numbering = _numbering(_part(archive, parts.get("numbering")))
        core = _core_properties(_part(archive, package.get("core-properties", "docProps/core.xml")))
        root = _parse(xml, main)
        reader = _Reader(styles, numbering, core.get("title", ""))
        body = _child(root, "body")
        if body is not None:
            reader.body(body)
        for kind, rel in (("footnote", "footnotes"), ("endnote", "endnotes")):
            reader.add_notes(kind, _part(archive, parts.get(rel)))

    builder = reader.builder
    if builder.blocks and all(block.kind == "title" for block in builder.blocks):
        builder = DocumentBuilder()  # a document of one title line: that line is its text, not only its title
        builder.add_paragraph(reader.blocks_text())
    if not builder.blocks:
        raise UnreadableFileError("no text found in the Word document")
    title = reader.title
    if not title:
        first = next((b for b in builder.blocks if b.kind == "heading"), None)
        title = first.text if first else title_from_source(source)
    author = core.get("author")
    return builder.build(source, title, {"author": author} if author else {})
