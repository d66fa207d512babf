"""Reading each supported format: HTML, PDF, Word, and text that is not UTF-8."""

from __future__ import annotations

import sys

import pytest
from samples import HTML_PAGE, make_docx, make_pdf

import eduqa
from eduqa.corpus import decode_text, parse_file, read_corpus
from eduqa.errors import UnreadableFileError
from eduqa.formats import pdf_page_chunks, read_docx, read_html, read_pdf
from eduqa.passages import split_document

NOISE = ("script-tracking-token", "late-script-text", "stylesheet-rule-text", "footer-legal-notice", "navigation menu")


def assert_offsets(document) -> None:
    for passage in split_document(document):
        assert document.text[passage.start:passage.end] == passage.text


# --- HTML -------------------------------------------------------------------------------------------


def test_html_keeps_main_content_and_structure():
    doc = read_html(HTML_PAGE.encode(), "guide.html")
    assert doc.title == "Family Engagement Guide"
    for noise in NOISE:
        assert noise not in doc.text
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Home visits", "Family nights"]  # the H1 repeats the title and is not a section
    items = [b for b in doc.blocks if b.kind == "item"]
    assert [i.text[:18] for i in items] == ["• Listening first:", "• Follow-up calls "]
    assert items[0].headings == ("Home visits",)
    assert "weekly learning goals with parents" in doc.text
    assert_offsets(doc)


def test_html_title_falls_back_to_first_heading():
    page = HTML_PAGE.replace("<title>Family Engagement Guide</title>", "").replace(
        "<h1>Family Engagement Guide</h1>", "<h1>Engaging Families</h1>"
    )
    assert read_html(page.encode(), "guide.html").title == "Engaging Families"


def test_html_in_latin1_is_decoded():
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Monthly family nights", "Les soirées des élèves: monthly family nights"
    )
    doc = parse_file(page.encode("latin-1"), "soirees.html")
    assert "Les soirées des élèves" in doc.text


def test_html_search_finds_passage_without_noise(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "guide.html").write_text(HTML_PAGE, encoding="utf-8")
    index = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder)
    hit = index.search("home visits build trust with families", k=1)[0]
    assert hit.citation.source == "guide.html"
    assert hit.citation.section == "Home visits"
    assert not any(noise in p.text for p in index.passages for noise in NOISE)


# --- PDF --------------------------------------------------------------------------------------------

PAGES = [
    [
        "Mentoring Programs",
        "",
        "Peer mentoring pairs older students with younger ones to build",
        "confidence and steady study habits over the school year.",
        "Training",
        "Mentors receive two days of training before they start.",
    ],
    [
        "Tutoring after school helps students who fall behind in reading.",
        "- Sessions last forty minutes",
        "- Tutors keep a short log",
    ],
]


def test_pdf_text_is_read_per_page():
    doc = read_pdf(make_pdf(PAGES, title="Mentoring Guide"), "mentoring.pdf")
    assert doc.title == "Mentoring Guide"
    pages = {b.text: b.page for b in doc.blocks}
    assert pages["Mentoring Programs"] == 1
    # the two lines of one paragraph are joined again
    assert pages["Peer mentoring pairs older students with younger ones to build confidence and steady study "
                 "habits over the school year."] == 1
    assert pages["Tutoring after school helps students who fall behind in reading."] == 2
    items = [b.text for b in doc.blocks if b.kind == "item"]
    assert items == ["• Sessions last forty minutes", "• Tutors keep a short log"]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Mentoring Programs", "Training"]
    assert_offsets(doc)


def test_pdf_citations_carry_one_based_pages(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mentoring.pdf").write_bytes(make_pdf(PAGES))
    index = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder)
    assert {p.page for p in index.passages} == {1, 2}
    hit = index.search("tutoring after school reading", k=1)[0]
    assert hit.citation.page == 2 and hit.citation.source == "mentoring.pdf"
    # without metadata, the first heading-like line of page 1 is the title
    assert hit.citation.title == "Mentoring Programs"


def test_pdf_drops_page_numbers_and_running_footers():
    topics = ["phonics", "fluency", "vocabulary", "comprehension"]
    pages = [
        ["Springfield District Guide", f"Coaches model {topic} lessons for new teachers.", f"Page {n} of 4"]
        for n, topic in enumerate(topics, 1)
    ]
    doc = read_pdf(make_pdf(pages), "coaching.pdf")
    assert doc.text.count("Springfield District Guide") == 1  # kept once, where it first appears
    assert "Page 2" not in doc.text
    assert [b.page for b in doc.blocks] == [1, 1, 2, 3, 4]
    assert doc.blocks[3].text == "Coaches model vocabulary lessons for new teachers."


def test_pdf_line_grouping():
    chunks = pdf_page_chunks([
        "Reading Circles",
        "Students meet in small groups to discuss a shared book and take turns lead-",
        "ing the talk about characters, settings and the choices the author made.",
        "Roles",
        "1. Discussion director",
    ])
    assert chunks == [
        ("heading", "Reading Circles"),
        ("paragraph", "Students meet in small groups to discuss a shared book and take turns leading the talk "
                      "about characters, settings and the choices the author made."),
        ("heading", "Roles"),
        ("item", "1. Discussion director"),
    ]


def test_pdf_without_text_is_unreadable():
    with pytest.raises(UnreadableFileError, match="no text found in the PDF"):
        read_pdf(make_pdf([[], []]), "scan.pdf")


# --- Word -------------------------------------------------------------------------------------------


def test_docx_headings_lists_and_tables():
    doc = read_docx(make_docx(), "handbook.docx")
    assert doc.title == "Tutoring Handbook"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Scheduling", "Training"]
    items = [b for b in doc.blocks if b.kind == "item"]
    assert [i.text for i in items] == [
        "• Pair each tutor with two students",
        "• Keep a short log of every session",
        "1. Greet the student by name",
        "2. Read the passage aloud together",
    ]
    assert items[-1].headings == ("Scheduling", "Training")
    assert "Day | Room" in doc.text and "Monday | Library" in doc.text
    assert_offsets(doc)


def test_docx_title_from_properties(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "handbook.docx").write_bytes(make_docx(title="Volunteer Tutoring"))
    index = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder)
    hit = index.search("sessions twice a week in the library", k=1)[0]
    assert hit.citation.title == "Volunteer Tutoring"
    assert hit.citation.source == "handbook.docx" and hit.citation.section == "Scheduling"


# --- text encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig"])
def test_text_that_is_not_utf8_is_decoded(encoding):
    text = "Les élèves reçoivent un carnet: naïve questions welcome. Señor Muñoz enseña español."
    assert decode_text(text.encode(encoding)) == text


def test_latin1_text_file_is_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_bytes(
        "Café conversations\n\nParents meet teachers for a café chat about the élèves' progress.\n".encode("latin-1")
    )
    found = read_corpus(corpus)
    assert not found.skipped
    assert "café chat about the élèves' progress" in found.documents["notes.txt"].text


# --- missing format libraries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "name", "data", "package"),
    [
        ("pypdf", "a.pdf", make_pdf([["Some text on a page."]]), "pypdf"),
        ("lxml", "a.docx", make_docx(), "lxml"),
        ("trafilatura", "a.html", HTML_PAGE.encode(), "trafilatura"),
    ],
)
def test_missing_format_library_names_the_package(tmp_path, monkeypatch, module, name, data, package):
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_bytes(data)
    (corpus / "ok.md").write_text("# Fine\n\nThis document is still read.\n")
    found = read_corpus(corpus)
    assert list(found.documents) == ["ok.md"]
    [skipped] = found.skipped
    assert skipped["path"] == name
    assert f"needs the {package} package: pip install {package}" in skipped["reason"]


# --- HTML fallback ----------------------------------------------------------------------------------


def test_html_deeply_nested_paragraph_falls_back_to_plain_text(tmp_path):
    page = (
        "<html><head><title>Lunch Menu</title><script>var hidden = 'script-text';</script></head><body>"
        + "<div>" * 10_000
        + "<p>Pupils eat a hot lunch every day of the week, with fruit on Fridays.</p>"
        + "</div>" * 10_000
        + "</body></html>"
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "deep.html").write_text(page)
    found = read_corpus(corpus)
    assert not found.skipped
    doc = found.documents["deep.html"]
    assert doc.title == "Lunch Menu"
    assert doc.text == "Pupils eat a hot lunch every day of the week, with fruit on Fridays."
    assert found.warnings == [{"path": "deep.html", "reason": doc.warnings[0]}]
    assert "plain text was indexed" in doc.warnings[0]


def test_html_fallback_keeps_headings_items_and_preformatted_text(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    page = (
        "<html><head><title>Timetable</title><style>.x{}</style></head><body><nav>Home | About</nav>"
        "<h1>Timetable</h1><h2>Monday</h2><ul><li>Maths at nine</li><li>Art at ten</li></ul>"
        "<pre>Tuesday\n  science\n\nWednesday music</pre></body></html>"
    )
    doc = read_html(page.encode(), "timetable.html")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Monday"), ("item", "• Maths at nine"), ("item", "• Art at ten"),
        ("paragraph", "Tuesday science"), ("paragraph", "Wednesday music"),
    ]
    assert "Home" not in doc.text and ".x" not in doc.text


def test_html_with_no_shown_text_is_skipped_with_the_reason():
    with pytest.raises(UnreadableFileError, match="no text found in the HTML page"):
        read_html(b"<html><head><script>var a = 1;</script></head><body><div></div></body></html>", "empty.html")
