"""Adding and removing documents from the page: safe names, content checks, hostile uploads, and the rebuild."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, HEADLINE

import eduqa
from eduqa import chat
from eduqa.embedding import HashEmbedder
from eduqa.live import LiveIndex
from eduqa.uploads import CorpusEditor, Upload, UploadError, content_problem, safe_name

HOMEWORK = "# Homework clubs\n\nThe homework clubs meet after school twice a week in the library.\n"


def hash_build(corpus, index_dir, **options):
    options.pop("model", None)
    return eduqa.build_index(corpus, index_dir, embedder=HashEmbedder(), **options)


@pytest.fixture
def library(tmp_path):
    """A corpus, its index served live, and an editor that rebuilds it with the hash embedder."""
    corpus = tmp_path / "site" / "corpus"
    shutil.copytree(CORPUS, corpus)
    hash_build(corpus, tmp_path / "site" / "index")
    live = LiveIndex(tmp_path / "site" / "index", embedder=HashEmbedder(), check_every=0)
    editor = CorpusEditor(corpus, tmp_path / "site" / "index", after_build=live.reload, build=hash_build,
                          max_file_bytes=50 * 1024 * 1024)
    return corpus, live, editor


def upload(tmp_path: Path, name: str, data: bytes) -> Upload:
    folder = tmp_path / "uploads" / str(len(list((tmp_path).glob("uploads/*"))))
    folder.mkdir(parents=True)
    path = folder / "file"
    path.write_bytes(data)
    return Upload(name, path)


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


# --- names and content ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.md", "Lesson plan 3.docx", "Évaluation.pdf", "clubs.TXT", "a.html"])
def test_plain_file_names_are_kept(name):
    assert safe_name(name) == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../x.md", "without folders"),
        ("..\\x.md", "without folders"),
        ("/etc/passwd.md", "without folders"),
        (".hidden.md", "must not start with a dot"),
        ("..", "without folders"),
        ("", "no name"),
        ("run.exe", ".exe file type is not supported"),
        ("notes", "no file type is not supported"),
        ("a\x00b.md", "must not contain"),
        ("what?.md", "must not contain"),
        ("x" * 200 + ".md", "the limit is 120"),
    ],
)
def test_unsafe_names_are_refused_with_the_reason(name, reason):
    with pytest.raises(UploadError, match=reason.replace("?", r"\?").replace("(", r"\(")):
        safe_name(name)


def test_content_must_match_the_type():
    assert content_problem(b"%PDF-1.7\n...", "a.pdf") is None
    assert "not a PDF" in content_problem(b"<html>not a pdf</html>", "a.pdf")
    assert content_problem(docx_bytes(), "a.docx") is None
    assert "a Windows program" in content_problem(b"MZ\x90\x00" + bytes(200), "a.docx")
    assert "a Linux program" in content_problem(b"\x7fELF" + bytes(200), "notes.md")
    assert "not a Word document" in content_problem(b"PK\x03\x04broken", "a.docx")
    assert "binary data" in content_problem(bytes(range(256)) * 10, "notes.txt")
    assert content_problem("Écoles et communautés".encode("latin-1"), "notes.txt") is None


# --- hostile uploads --------------------------------------------------------------------------------------


def test_hostile_uploads_are_refused_and_nothing_is_written_outside_the_corpus(library, tmp_path):
    corpus, live, editor = library
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    big = tmp_path / "uploads" / "big"
    big.parent.mkdir()
    with open(big, "wb") as out:  # 60 MB without holding it in memory
        out.truncate(60 * 1024 * 1024)
    result = editor.add(
        [
            upload(tmp_path, "../../x.md", HOMEWORK.encode()),
            Upload("lecture.md", big),
            upload(tmp_path, "report.pdf", b"<html>this is not a PDF</html>"),
            upload(tmp_path, "lesson.docx", b"MZ\x90\x00" + bytes(4096)),
        ]
    )
    reasons = dict(result.refused)
    assert "without folders" in reasons["../../x.md"]
    assert "62,914,560 bytes, over the limit of 52,428,800" in reasons["lecture.md"]
    assert "not a PDF" in reasons["report.pdf"]
    assert "a Windows program" in reasons["lesson.docx"]
    assert result.saved == [] and not result.built  # nothing saved: no build either
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "uploads" not in p.parts) == before
    assert not (tmp_path.parent / "x.md").exists() and not (tmp_path / "x.md").exists()
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in CORPUS.iterdir())
    assert live.answer(HEADLINE).text  # the chat keeps answering


def test_an_existing_document_is_replaced_only_when_asked(library, tmp_path):
    corpus, live, editor = library
    first = editor.add([upload(tmp_path, "homework.md", HOMEWORK.encode())])
    assert first.saved == ["homework.md"] and first.built
    again = editor.add([upload(tmp_path, "homework.md", b"# Other\n\nOther text entirely.\n")])
    assert "already in the corpus" in dict(again.refused)["homework.md"]
    assert (corpus / "homework.md").read_text() == HOMEWORK
    replaced = editor.add([upload(tmp_path, "homework.md", b"# Other\n\nOther text entirely.\n")], replace=True)
    assert replaced.saved == ["homework.md"] and "Other text" in (corpus / "homework.md").read_text()
    assert not list(corpus.glob(".upload-*"))  # no partial file left behind


def test_an_added_document_is_answered_from_and_a_removed_one_is_gone(library, tmp_path):
    corpus, live, editor = library
    question = "How often do the homework clubs meet after school?"
    result = editor.add([upload(tmp_path, "homework.md", HOMEWORK.encode())])
    assert result.built and result.skipped == []
    assert "homework.md" in live.documents
    assert live.search(question, k=1)[0].citation.source == "homework.md"
    removed = editor.remove(["homework.md"])
    assert removed.removed == ["homework.md"] and removed.built
    assert "homework.md" not in live.documents and not (corpus / "homework.md").exists()
    outside = editor.remove(["../index/manifest.json", "missing.md"])
    assert [name for name, _ in outside.refused] == ["../index/manifest.json", "missing.md"]


def test_a_file_the_build_cannot_read_is_reported_as_skipped(library, tmp_path):
    corpus, live, editor = library
    result = editor.add([upload(tmp_path, "blank.md", b"   \n\n  \n")])
    assert result.saved == ["blank.md"] and result.built
    assert [s["path"] for s in result.skipped] == ["blank.md"] and "empty" in result.skipped[0]["reason"]
    assert "Skipped by the build: blank.md" in chat.format_upload_result(result)


def test_the_upload_handler_refuses_anyone_not_signed_in(library, tmp_path):
    corpus, live, editor = library
    maintainers = chat.Maintainers([("ann", "s3cret")], editor)
    file = upload(tmp_path, "homework.md", HOMEWORK.encode())
    refused = chat.add_documents(maintainers, False, [str(file.path)])
    assert refused.saved == [] and "signed-in maintainer" in refused.refused[0][1]
    assert not (corpus / "file").exists() and not (corpus / "homework.md").exists()
    assert chat.remove_documents(maintainers, False, ["common-models-of-collaboration.md"]).removed == []
    assert (corpus / "common-models-of-collaboration.md").exists()
