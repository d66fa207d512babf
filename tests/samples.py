"""Small documents of every supported format, generated in the tests rather than committed as binaries."""

from __future__ import annotations

import io
import zipfile


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})".encode("latin-1")


def _to_unicode_cmap(mapping: dict[int, str]) -> bytes:
    entries = "\n".join(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in mapping.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Custom def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(mapping)} beginbfchar\n{entries}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop "
        "end end"
    ).encode()


def make_pdf(pages: list[list[str]], title: str | None = None, to_unicode: dict[int, str] | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry of each page (an empty entry is a blank line).

    `to_unicode` maps byte codes to the text they stand for (as a font's ToUnicode map does), so a line may
    hold "\\x01" for a ligature or a private-use bullet glyph.
    """
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    if to_unicode:
        cmap = _to_unicode_cmap(to_unicode)
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 3 0 R >>"
    objects: list[bytes] = [font, b""]
    if to_unicode:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
    font_id, pages_id = 1, 2
    kids = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 72 720 Td"] + [_pdf_string(line) + b" Tj T*" for line in lines] + [b"ET"]
        stream = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content_id, font_id)
        )
        kids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    info_id = None
    if title:
        objects.append(b"<< /Title %s >>" % _pdf_string(title))
        info_id = len(objects)
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    catalog_id = len(objects)

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog_id)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypt_pdf(data: bytes, password: str = "secret", owner: str | None = None, algorithm: str = "RC4-128") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password, owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(title: str | None = None) -> bytes:
    """A Word document with a title, headings, a bulleted and a numbered list and a table."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("Tutoring Handbook", 0)
    document.add_paragraph("Volunteer tutors support reading in the early grades of primary school.")
    document.add_heading("Scheduling", 1)
    document.add_paragraph("Sessions run twice a week after lunch, in the school library.")
    document.add_paragraph("Pair each tutor with two students", style="List Bullet")
    document.add_paragraph("Keep a short log of every session", style="List Bullet")
    document.add_heading("Training", 2)
    document.add_paragraph("Greet the student by name", style="List Number")
    document.add_paragraph("Read the passage aloud together", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Day", (0, 1): "Room", (1, 0): "Monday", (1, 1): "Library"}.items():
        table.cell(row, col).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Family Engagement Guide</title>
<style>.nav { color: red } /* stylesheet-rule-text */</style>
<script>var trackingSecret = "script-tracking-token";</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About our navigation menu</a></li></ul></nav>
<main>
<h1>Family Engagement Guide</h1>
<p>Schools that invite families into classroom planning see stronger attendance. Teachers share
weekly learning goals with parents so that reading practice continues at home.</p>
<h2>Home visits</h2>
<p>Home visits build trust between teachers and families before the school year starts.</p>
<ul><li><b>Listening first:</b> teachers ask about the child's interests and hopes.</li>
<li>Follow-up calls keep the conversation going through the autumn term.</li></ul>
<h2>Family nights</h2>
<p>Monthly family nights let parents try the activities their children do in class.</p>
</main>
<footer><p>Copyright Springfield District footer-legal-notice. All rights reserved.</p></footer>
<script>console.log("late-script-text")</script>
</body></html>
"""


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTE_RELS = {
    "footnotes": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
    "endnotes": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
}
_NOTE_TYPES = {
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
}
_NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def make_docx_xml(body: str, footnotes: list[str] = (), endnotes: list[str] = (), title: str | None = None) -> bytes:
    """A Word document whose body is the raw WordprocessingML `body`, with python-docx's styles and numbering.

    `footnotes` and `endnotes` are the XML of each note's paragraphs; they get ids 1, 2, … (0 and -1 are the
    separators Word writes first).
    """
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_paragraph("placeholder", style="List Bullet")  # makes python-docx keep its numbering part
    base = io.BytesIO()
    document.save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_NAMESPACES}>'
                        f"<w:body>{body}<w:sectPr/></w:body></w:document>").encode()
            elif item.filename == "word/_rels/document.xml.rels":
                text = data.decode()
                for n, (kind, notes) in enumerate((("footnotes", footnotes), ("endnotes", endnotes))):
                    if notes:
                        rel = f'<Relationship Id="rIdNote{n}" Type="{_NOTE_RELS[kind]}" Target="{kind}.xml"/>'
                        text = text.replace("</Relationships>", rel + "</Relationships>")
                data = text.encode()
            elif item.filename == "[Content_Types].xml":
                text = data.decode()
                for kind, notes in (("footnotes", footnotes), ("endnotes", endnotes)):
                    if notes:
                        override = f'<Override PartName="/word/{kind}.xml" ContentType="{_NOTE_TYPES[kind]}"/>'
                        text = text.replace("</Types>", override + "</Types>")
                data = text.encode()
            target.writestr(item, data)
        for kind, notes in (("footnotes", footnotes), ("endnotes", endnotes)):
            if notes:
                tag = kind[:-1]
                separators = (f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
                              f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                              f"<w:continuationSeparator/></w:r></w:p></w:{tag}>")
                items = "".join(f'<w:{tag} w:id="{i}">{xml}</w:{tag}>' for i, xml in enumerate(notes, 1))
                target.writestr(f"word/{kind}.xml", f"<w:{kind} {_NAMESPACES}>{separators}{items}</w:{kind}>")
    return out.getvalue()


def word_paragraph(text: str, style: str | None = None) -> str:
    """The XML of a plain Word paragraph."""
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def word_table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{word_paragraph(cell) if cell else '<w:p/>'}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


#: Font (family, style, size) of each kind of line in `make_styled_pdf`.
PDF_STYLES = {
    "title": ("Helvetica", "B", 24),
    "h1": ("Helvetica", "B", 16),
    "h2": ("Helvetica", "B", 13),
    "body": ("Helvetica", "", 11),
    "bold": ("Helvetica", "B", 11),
}


def make_styled_pdf(
    pages: list[list[tuple[str, str]]],
    title: str | None = None,
    footer: str | None = None,
    outline: bool = False,
) -> bytes:
    """A PDF written by fpdf2: each line is (style, text) with a style of `PDF_STYLES`.

    `footer` is drawn at the foot of every page but written second in the page's content, so text extraction
    gives it as the page's second line. With `outline`, every "h1"/"h2" line is also a bookmark.
    """
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        for n, (style, text) in enumerate(lines):
            family, weight, size = PDF_STYLES[style]
            pdf.set_font(family, weight, size)
            if outline and style in ("h1", "h2"):
                pdf.start_section(text, level=0 if style == "h1" else 1)
            pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            if n == 0 and footer:
                y = pdf.get_y()
                pdf.set_font("Helvetica", "", 8)
                pdf.text(20, 285, footer.replace("#", str(number)))
                pdf.set_y(y)
    return bytes(pdf.output())
