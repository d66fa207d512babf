"""Word documents read as Word shows them: every cell, tracked changes, moves, notes, text boxes, controls."""

from __future__ import annotations

import io
import re
import resource
import zipfile

import pytest
from samples import make_docx, make_docx_xml, word_paragraph, word_table

from eduqa.corpus import read_corpus
from eduqa.errors import UnreadableFileError
from eduqa.passages import split_document
from eduqa.word import read_docx
from eduqa.zip_members import MAX_UNPACKED_BYTES, open_zip, read_member


def read(body: str, **kwargs):
    document = read_docx(make_docx_xml(body, **kwargs), "notes.docx")
    for passage in split_document(document):
        assert document.text[passage.start:passage.end] == passage.text
    return document


def test_every_table_cell_is_read_even_when_neighbours_are_equal():
    body = word_paragraph("Attendance") + word_table([
        ["Name", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Note"],
        ["Ada", "0", "0", "0", "0", "0", "0", "1", "TEXT"],
        ["Ben", "", "1", "", "1", "1", "1", "1", "late twice"],
    ])
    doc = read(body)
    assert "Ada | 0 | 0 | 0 | 0 | 0 | 0 | 1 | TEXT" in doc.text
    assert "Ben | 1 | 1 | 1 | 1 | 1 | late twice" in doc.text  # empty cells are left out, never equal ones


def test_tracked_insertions_are_read_and_deletions_are_not():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">two </w:t></w:r>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">exciting </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText xml:space="preserve">boring </w:delText></w:r></w:del>'
        "<w:r><w:t>insertions</w:t></w:r></w:p>"
    )
    doc = read(body)
    assert "two exciting insertions" in doc.text
    assert "boring" not in doc.text


def test_moved_text_is_read_in_its_new_place_only():
    body = (
        '<w:moveFrom w:id="1" w:author="A"><w:p><w:r><w:t>Field trip rules.</w:t></w:r></w:p></w:moveFrom>'
        + word_paragraph("Permission slips are due on Friday.")
        + '<w:p><w:moveTo w:id="2" w:author="A"><w:r><w:t>Field trip rules.</w:t></w:r></w:moveTo></w:p>'
        + '<w:p><w:moveFrom w:id="3" w:author="A"><w:r><w:t>Old spot.</w:t></w:r></w:moveFrom>'
        + "<w:r><w:t>Bring a packed lunch.</w:t></w:r></w:p>"
    )
    doc = read(body)
    assert doc.text.count("Field trip rules.") == 1
    assert doc.text.index("Permission slips") < doc.text.index("Field trip rules.")
    assert "Old spot" not in doc.text and "Bring a packed lunch." in doc.text


def test_footnotes_and_endnotes_are_sections_of_their_own_numbered_as_shown():
    body = (
        '<w:p><w:r><w:t>Reading logs help.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r>'
        '<w:r><w:t xml:space="preserve"> So do visits.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:endnoteReference w:id="1"/></w:r></w:p>'
    )
    doc = read(
        body,
        footnotes=[word_paragraph("Home visits were studied in 2019."), word_paragraph("Logs are kept weekly.")],
        endnotes=[word_paragraph("See the district report for details.")],
    )
    sections = {p.text: p.section for p in split_document(doc)}
    assert sections["Logs are kept weekly."] == "Footnote 1"  # referenced first
    assert sections["Home visits were studied in 2019."] == "Footnote 2"
    assert sections["See the district report for details."] == "Endnote 1"
    assert "separator" not in doc.text


def test_text_boxes_and_shapes_are_read_once():
    textbox = word_paragraph("Remember to sign the register.")
    body = (
        "<w:p><w:r><w:t>Classroom rules</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
        "<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
        f"{textbox}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"{textbox}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
        + word_paragraph("A legacy shape holds this note.")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    doc = read(body)
    assert doc.text.count("Remember to sign the register.") == 1
    assert [b.text for b in doc.blocks] == [
        "Classroom rules", "Remember to sign the register.", "A legacy shape holds this note."
    ]


def test_content_controls_block_and_inline_are_read():
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="Teacher"/></w:sdtPr><w:sdtContent>'
        + word_paragraph("Ms Rivera teaches year four.")
        + "</w:sdtContent></w:sdt>"
        + '<w:p><w:r><w:t xml:space="preserve">Term starts on </w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent>'
        + "<w:r><w:t>5 September</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    doc = read(body)
    assert "Ms Rivera teaches year four." in doc.text
    assert "Term starts on 5 September" in doc.text


def test_nested_tables_follow_their_row():
    inner = word_table([["Week 1", "Fractions"], ["Week 2", "Decimals"]])
    body = (
        "<w:tbl><w:tr><w:tc>" + word_paragraph("Maths") + "</w:tc><w:tc>" + word_paragraph("Topics by week")
        + inner + "</w:tc></w:tr><w:tr><w:tc>" + word_paragraph("Science") + "</w:tc><w:tc>"
        + word_paragraph("Plants") + "</w:tc></w:tr></w:tbl>"
    )
    doc = read(body)
    assert [b.text for b in doc.blocks] == [
        "Maths | Topics by week", "Week 1 | Fractions", "Week 2 | Decimals", "Science | Plants"
    ]


def test_field_codes_are_not_text_but_their_results_are():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">See page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    doc = read(body)
    assert doc.text == "See page 7"


def test_headings_lists_and_title_come_from_styles():
    body = (
        word_paragraph("School Trips", "Title") + word_paragraph("Before the trip", "Heading1")
        + word_paragraph("Collect the forms", "ListBullet") + word_paragraph("Count the pupils", "ListNumber")
        + word_paragraph("Count them again", "ListNumber") + word_paragraph("Safety", "Heading2")
        + word_paragraph("Stay in pairs.")
    )
    doc = read(body)
    assert doc.title == "School Trips"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("title", "School Trips"),
        ("heading", "Before the trip"),
        ("item", "• Collect the forms"),
        ("item", "1. Count the pupils"),
        ("item", "2. Count them again"),
        ("heading", "Safety"),
        ("paragraph", "Stay in pairs."),
    ]
    assert doc.blocks[-1].headings == ("Before the trip", "Safety")


def test_python_docx_document_is_read():
    doc = read_docx(make_docx(title="Volunteer Tutoring"), "handbook.docx")
    assert doc.title == "Volunteer Tutoring"
    assert "Monday | Library" in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "not a readable Word .docx document (not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "an encrypted or old-format (.doc) Word file"),
    ],
)
def test_damaged_word_files_say_why(data, reason):
    with pytest.raises(UnreadableFileError, match=re.escape(reason)):
        read_docx(data, "broken.docx")


def test_invalid_document_xml_is_named():
    data = make_docx_xml("<w:p><w:r><w:t>unclosed</w:r></w:p>")
    with pytest.raises(UnreadableFileError, match="word/document.xml is not valid XML"):
        read_docx(data, "broken.docx")


def test_entities_are_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    data = make_docx_xml(word_paragraph("Plain text &b;"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    parts["word/document.xml"] = bomb.encode() + parts["word/document.xml"].split(b"?>", 1)[1]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    doc = read_docx(out.getvalue(), "entities.docx")
    assert "aaaaaaaaaa" not in doc.text


# --- zip bombs --------------------------------------------------------------------------------------


def docx_bomb(unpacked: int) -> bytes:
    """A small .docx whose document.xml unpacks to `unpacked` bytes of one huge paragraph."""
    head = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    tail = "</w:t></w:r></w:p></w:body></w:document>"
    good = make_docx_xml(word_paragraph("ok"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                archive.writestr(item, source.read(item.filename))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            chunk = b"a" * (1 << 20)
            written = len(head) + len(tail)
            while written < unpacked:
                piece = chunk[: min(len(chunk), unpacked - written)]
                member.write(piece)
                written += len(piece)
            member.write(tail.encode())
    return out.getvalue()


def test_zip_bomb_is_skipped_without_unpacking_it(tmp_path):
    bomb = docx_bomb(256 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bomb.docx").write_bytes(bomb)
    (corpus / "fine.md").write_text("# Fine\n\nThis document is read.\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = read_corpus(corpus)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert list(found.documents) == ["fine.md"]
    [skipped] = found.skipped
    assert skipped["path"] == "bomb.docx"
    assert "word/document.xml unpacks to more than" in skipped["reason"] and "zip bomb" in skipped["reason"]
    assert grown_mb < 2 * MAX_UNPACKED_BYTES / 1024 / 1024 + 50


def test_a_member_whose_declared_size_lies_is_stopped_at_the_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"x" * 5000)
    data = bytearray(out.getvalue())
    archive = open_zip(bytes(data), "test file")
    assert read_member(archive, "big.xml", limit=5000) == b"x" * 5000
    with pytest.raises(UnreadableFileError, match="big.xml unpacks to more than 4,999 bytes"):
        read_member(archive, "big.xml", limit=4999)
    # a central directory that claims a small size does not let more through: zipfile stops and the CRC fails
    info = archive.getinfo("big.xml")
    info.file_size = 10
    with pytest.raises(UnreadableFileError, match="big.xml is damaged"):
        read_member(archive, "big.xml", limit=4999)
    assert read_member(archive, "missing.xml") is None


def test_document_of_one_title_line_keeps_it_as_text():
    doc = read(word_paragraph("Welcome Back Everyone", "Title"))
    assert doc.title == "Welcome Back Everyone"
    assert [p.text for p in split_document(doc)] == ["Welcome Back Everyone"]


def test_document_without_text_is_skipped_with_the_reason():
    with pytest.raises(UnreadableFileError, match="no text found in the Word document"):
        read("<w:p/>" + word_table([["", ""]]))


def dense_docx(paragraphs: int) -> bytes:
    """A small .docx of many tiny paragraphs: under the size limit, but packed far tighter than real text."""
    good = make_docx_xml(word_paragraph("ok"))
    head = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                archive.writestr(item, source.read(item.filename))
        archive.writestr("word/document.xml", head + "<w:p><w:r><w:t>a b</w:t></w:r></w:p>" * paragraphs
                         + "</w:body></w:document>")
    return out.getvalue()


def test_member_packed_a_hundred_times_tighter_than_text_is_a_bomb():
    data = dense_docx(200_000)  # 7 MB of XML in about 30 kB
    with pytest.raises(UnreadableFileError, match="word/document.xml unpacks to more than 100 times its packed size"):
        read_docx(data, "dense.docx")
    assert read_docx(dense_docx(1000), "small.docx").text.startswith("a b")  # small parts may pack tightly
