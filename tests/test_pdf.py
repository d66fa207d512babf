"""PDFs read fully: headings from fonts and bookmarks, no heading stacks, footers by repetition, clean text."""

from __future__ import annotations

import re

import pytest
from samples import encrypt_pdf, make_pdf, make_styled_pdf

from eduqa.corpus import read_corpus
from eduqa.errors import UnreadableFileError
from eduqa.passages import split_document
from eduqa.pdf import normalize_line, read_pdf

TABLE = [
    ("body", "Country Indonesia Germany Austria France"),
    ("body", "Capital Jakarta Berlin Vienna Paris Vatican City"),
    ("body", "Pupils 1200 800 650 900 40"),
]


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def reached(document) -> set[str]:
    """The words a reader can find: passage texts, their sections and the title."""
    passages = split_document(document)
    for passage in passages:
        assert document.text[passage.start:passage.end] == passage.text
    return words(" ".join([document.title] + [p.text + " " + p.section for p in passages]))


def test_table_rows_and_cover_lines_are_text_not_a_stack_of_headings():
    pages = [
        [("title", "Annual Report"), ("body", "Springfield School District"), ("body", "2012-09-01"),
         ("body", "Reference number"), ("body", "SSD 17025:2012")],
        [("h1", "Capitals of Europe"), ("body", "Pupils compared the capitals of the countries they visited on "
                                                "their exchange trips, and counted the pupils at each school.")]
        + TABLE + [("h2", "Notes"), ("body", "Vatican City is the smallest state in the world.")],
    ]
    doc = read_pdf(make_styled_pdf(pages), "report.pdf")
    assert doc.title == "Annual Report"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Capitals of Europe", "Notes"]
    assert "Capital Jakarta Berlin Vienna Paris Vatican City" in doc.text
    sent = {w for _, line in pages[0] + pages[1] for w in words(line)}
    assert sent <= reached(doc)


def test_table_rows_in_one_font_are_not_headings():
    page = ["Capitals", "", "Exchange pupils wrote down the capital of every country they visited on the trips.",
            "Country Indonesia Germany Austria France", "Capital Jakarta Berlin Vienna Paris Vatican City",
            "Pupils Ada Ben Cleo Dan Eve"]
    doc = read_pdf(make_pdf([page]), "capitals.pdf")
    assert "Capital Jakarta Berlin Vienna Paris Vatican City" in doc.text
    assert not [b for b in doc.blocks if b.kind == "heading" and "Jakarta" in b.text]
    assert {w for line in page for w in words(line)} <= reached(doc)


def test_heading_with_nothing_under_it_is_kept_as_text():
    pages = [[("h1", "Autumn Term"), ("body", "Pupils read two novels."), ("h2", "Reading Lists"),
              ("h1", "Spring Term"), ("body", "Pupils write a story."), ("h1", "Closing Words")]]
    doc = read_pdf(make_styled_pdf(pages), "terms.pdf")
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["Spring Term"] == "heading"
    assert kinds["Reading Lists"] == "paragraph" and kinds["Closing Words"] == "paragraph"
    assert {"reading", "lists", "closing", "words"} <= reached(doc)


def test_document_of_one_line_is_read_and_not_lost_to_its_title():
    doc = read_pdf(make_pdf([["Welcome Back"]]), "welcome-letter.pdf")
    assert doc.title == "Welcome letter"
    assert [b.text for b in split_document(doc)] == ["Welcome Back"]


def test_running_footer_on_the_second_line_is_dropped():
    topics = ["phonics", "fluency", "vocabulary", "comprehension"]
    pages = [[("h1", f"Unit {n}: {topic.title()}"), ("body", f"Coaches model {topic} lessons for new teachers.")]
             for n, topic in enumerate(topics, 1)]
    data = make_styled_pdf(pages, footer="(c) Springfield District 2012 - All rights reserved #")
    doc = read_pdf(data, "coaching.pdf")
    assert doc.text.count("All rights reserved") == 1  # kept once, on the first page, and nowhere else
    assert [b.page for b in doc.blocks if "All rights reserved" in b.text] == [1]
    assert [b.page for b in doc.blocks if b.text.startswith("Coaches")] == [1, 2, 3, 4]
    assert "(c) Springfield District 2012 - All rights reserved 1" in [b.text for b in doc.blocks]
    assert "Coaches model fluency lessons for new teachers." in doc.text


def test_title_comes_from_metadata_else_first_heading_never_a_date():
    pages = [[("body", "2012-09-01"), ("h1", "Homework Policy"), ("body", "Homework is set twice a week.")]]
    assert read_pdf(make_styled_pdf(pages), "policy.pdf").title == "Homework Policy"
    assert read_pdf(make_styled_pdf(pages, title="School Policies"), "policy.pdf").title == "School Policies"
    assert read_pdf(make_styled_pdf(pages, title="Microsoft Word - policy.docx"), "p.pdf").title == "Homework Policy"


def test_bookmarks_make_headings_with_their_levels():
    pages = [[("body", "Assessment Guide"), ("body", "Teachers assess pupils through the year in three ways.")],
             [("body", "Marking"), ("body", "Work is marked within a week of being handed in."),
              ("body", "Feedback"), ("body", "Each piece of marked work gets one written comment.")]]
    data = make_styled_pdf(pages, outline=True)
    assert read_pdf(data, "a.pdf")  # no bookmarks: uniform text
    marked = [[(("h1" if text == "Marking" else "h2") if text in ("Marking", "Feedback") else style, text)
               for style, text in page] for page in pages]
    doc = read_pdf(make_styled_pdf(marked, outline=True), "assessment.pdf")
    feedback = next(p for p in split_document(doc) if "written comment" in p.text)
    assert feedback.section == "Marking › Feedback" and feedback.page == 2


def test_ligatures_bullets_and_split_words_are_normalized():
    lines = ["Misfits and Outliers", "", "Some pupils feel like mis\x01ts in class; teachers help them settle.",
             "\x02 Bring a pencil", "\x02 Bring a ruler", "",
             "The specif ied rules apply to the specified rooms only, said the head teacher."]
    doc = read_pdf(make_pdf([lines], to_unicode={1: "\ufb01", 2: "\uf0b7"}), "misfits.pdf")
    assert "misfits in class" in doc.text
    assert [b.text for b in doc.blocks if b.kind == "item"] == ["• Bring a pencil", "• Bring a ruler"]
    assert "specif ied" not in doc.text and "The specified rules" in doc.text
    assert "\uf0b7" not in doc.text and "\ufb01" not in doc.text
    passages = split_document(doc)
    assert all(doc.text[p.start:p.end] == p.text for p in passages)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("\uf0b7 Item", "• Item"), ("\u25aa Item", "• Item"), ("e\ufb00ect", "effect"), ("\uf0a7", "•"),
     ("Plain \ue001text", "Plain text")],
)
def test_normalize_line(line, expected):
    assert normalize_line(line) == expected


def test_hyphenated_words_across_lines_are_joined():
    lines = ["Pupils who read every evening make steady progress in their understand-",
             "ing of new words, as the long study of reading showed clearly."]
    doc = read_pdf(make_pdf([lines]), "study.pdf")
    assert "understanding of new words" in doc.text


def test_pdf_that_opens_without_a_password_is_read():
    data = encrypt_pdf(make_pdf([["Restricted editing does not stop reading this sentence."]]), password="",
                       owner="owner-secret", algorithm="AES-256")
    doc = read_pdf(data, "restricted.pdf")
    assert "Restricted editing does not stop reading" in doc.text


def test_pdf_with_a_user_password_is_skipped_with_the_reason(tmp_path):
    (tmp_path / "locked.pdf").write_bytes(encrypt_pdf(make_pdf([["Secret text."]]), algorithm="AES-256"))
    [skipped] = read_corpus(tmp_path).skipped
    assert skipped["reason"] == "the PDF is encrypted and needs a password"


def test_damaged_pdf_is_skipped_with_the_reason():
    with pytest.raises(UnreadableFileError, match="not a readable PDF"):
        read_pdf(b"%PDF-1.4\n garbage without objects", "broken.pdf")


def test_text_filled_into_form_fields_is_read():
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Permission form for the museum trip."]]))))
    fields = []
    for name, value in (("pupil", TextStringObject("Alice Smith")), ("agree", NameObject("/Off"))):
        field = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx" if name == "pupil" else "/Btn"),
            NameObject("/T"): TextStringObject(name), NameObject("/V"): value,
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 600, 300, 620)]),
        })
        fields.append(writer._add_object(field))
    writer.pages[0][NameObject("/Annots")] = ArrayObject(fields)
    out = io.BytesIO()
    writer.write(out)
    doc = read_pdf(out.getvalue(), "form.pdf")
    assert [b.text for b in doc.blocks] == ["Permission form for the museum trip.", "Alice Smith"]


def test_cover_page_of_large_lines_gives_the_title_and_keeps_every_line():
    pages = [[("title", "National Reading Network"), ("title", "Edition 1.0"), ("body", "2004-08"),
              ("h1", "Overview"), ("body", "The network links the reading programmes of every school.")]]
    doc = read_pdf(make_styled_pdf(pages), "network.pdf")
    assert doc.title == "National Reading Network Edition 1.0"
    assert {w for _, line in pages[0] for w in words(line)} <= reached(doc)


def test_damaged_form_fields_cost_only_their_own_text(monkeypatch):
    import eduqa.pdf

    def broken(page):
        raise KeyError("/Parent")

    monkeypatch.setattr(eduqa.pdf, "_form_values", broken)
    doc = read_pdf(make_pdf([["The page text is still read."]]), "form.pdf")
    assert doc.text == "The page text is still read."
    assert doc.warnings == ("the form fields of page 1 could not be read (KeyError)",)
