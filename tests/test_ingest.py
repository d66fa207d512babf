"""Bad files in the corpus: each is reported as {path, reason}, and every good file is still indexed."""

from __future__ import annotations

import json
import random

import pytest
from samples import encrypt_pdf, make_pdf

import eduqa
from eduqa.cli import main
from eduqa.corpus import read_corpus

GOOD = "# Reading clubs\n\nReading clubs meet every Thursday to talk about the books the pupils chose.\n"


def garbage(size: int = 4096, seed: int = 5) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "clubs.md").write_text(GOOD, encoding="utf-8")
    return folder


def skipped_reason(folder, name: str, data: bytes, **options) -> str:
    (folder / name).write_bytes(data)
    found = read_corpus(folder, **options)
    assert "clubs.md" in found.documents  # the good file is still read
    assert name not in found.documents
    [entry] = [s for s in found.skipped if s["path"] == name]
    return entry["reason"]


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.pdf", "empty.docx", "empty.html"])
def test_empty_file(corpus, name):
    assert skipped_reason(corpus, name, b"") == "empty file"


def test_whitespace_only_file(corpus):
    assert skipped_reason(corpus, "blank.txt", b" \n\n\t \n") == "empty file"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("noise.txt", "binary data, not text"),
        ("noise.md", "binary data, not text"),
        ("noise.html", "binary data, not text"),
        ("noise.pdf", "not a PDF file (no %PDF- header)"),
        ("noise.docx", "not a readable Word .docx document"),
    ],
)
def test_binary_garbage_with_a_known_extension(corpus, name, expected):
    assert skipped_reason(corpus, name, garbage()).startswith(expected)


def test_small_binary_garbage_without_zero_bytes(corpus):
    data = bytes(b for b in garbage(300, seed=11) if b)  # no NUL byte to give it away
    assert skipped_reason(corpus, "noise.txt", data) == "binary data, not text"


def test_encrypted_pdf(corpus):
    data = encrypt_pdf(make_pdf([["A secret plan for the reading week."]]))
    assert skipped_reason(corpus, "locked.pdf", data) == "the PDF is encrypted and needs a password"


def test_broken_pdf(corpus):
    data = make_pdf([["Text that will be cut off."]])
    reason = skipped_reason(corpus, "cut.pdf", data[: len(data) // 3])
    assert reason.startswith(("not a readable PDF", "no text found in the PDF"))


def test_file_over_the_size_limit(corpus):
    reason = skipped_reason(corpus, "big.txt", b"word " * 400, max_bytes=1000)
    assert reason == "file is 2,000 bytes, over the limit of 1,000"


def test_broken_front_matter_keeps_the_body_with_a_warning(corpus, tmp_path, embedder):
    (corpus / "broken.md").write_text(
        "---\ntitle: [unclosed\nsubject: x\n---\n# Homework policy\n\nHomework is set twice a week in year five.\n"
    )
    index = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder)
    report = index.report
    assert report.skipped == []
    [warning] = report.warnings
    assert warning["path"] == "broken.md"
    assert warning["reason"].startswith("front matter is not valid YAML")
    hit = index.search("homework twice a week", k=1)[0]
    assert hit.citation.source == "broken.md" and "twice a week" in hit.text
    assert "title: [unclosed" not in hit.text
    # the warning is kept for the unchanged document in later builds, and in the manifest
    again = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder).report
    assert again.unchanged == 2 and again.warnings == report.warnings
    assert index.document_list.documents["broken.md"]["warnings"] == [warning["reason"]]


def test_cli_build_reports_bad_files_and_exits_0(corpus, tmp_path, capsys):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "noise.pdf").write_bytes(garbage())
    (corpus / "locked.pdf").write_bytes(encrypt_pdf(make_pdf([["Locked text."]])))
    (corpus / "broken.md").write_text("---\n: : :\n---\nThe body of a page with broken front matter.\n")
    index = tmp_path / "index"
    code = main(["build", "--corpus", str(corpus), "--index", str(index), "--model", "hash", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["documents"] == 2 and out["added"] == 2
    assert sorted(s["path"] for s in out["skipped"]) == ["empty.txt", "locked.pdf", "noise.pdf"]
    assert all(set(s) == {"path", "reason"} and s["reason"] for s in out["skipped"])
    assert [w["path"] for w in out["warnings"]] == ["broken.md"]
    assert eduqa.load_index(index).manifest["passages"] == out["passages"]

    code = main(["build", "--corpus", str(corpus), "--index", str(index), "--model", "hash"])
    text = capsys.readouterr().out
    assert code == 0
    assert "up to date" in text
    assert "Skipped: 3 file(s)" in text and "noise.pdf: not a PDF file" in text
    assert "Indexed with warnings: 1 file(s)" in text and "broken.md: front matter" in text


def test_strict_fails_and_keeps_the_index(corpus, tmp_path, capsys):
    index = tmp_path / "index"
    assert main(["build", "--corpus", str(corpus), "--index", str(index), "--model", "hash", "--quiet"]) == 0
    before = (index / "manifest.json").read_text()
    (corpus / "noise.pdf").write_bytes(garbage())
    (corpus / "more.md").write_text("# More\n\nA new document that strict mode will not index.\n")
    code = main(["build", "--corpus", str(corpus), "--index", str(index), "--model", "hash", "--strict"])
    err = capsys.readouterr().err
    assert code == 1
    assert "eduqa: error: 1 file(s) could not be indexed cleanly (--strict)" in err
    assert "noise.pdf: not a PDF file" in err and "Traceback" not in err
    assert (index / "manifest.json").read_text() == before


def test_nothing_indexable_is_an_error(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "noise.pdf").write_bytes(garbage())
    code = main(["build", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--model", "hash"])
    err = capsys.readouterr().err
    assert code == 1
    assert "nothing to index" in err and "empty.md: empty file" in err
    assert not (tmp_path / "index").exists()


def test_a_fixed_file_is_indexed_on_the_next_build(corpus, tmp_path, embedder):
    (corpus / "later.pdf").write_bytes(garbage())
    first = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder).report
    assert [s["path"] for s in first.skipped] == ["later.pdf"]
    # a skipped file that did not change does not make the index stale
    assert eduqa.index_status(corpus, tmp_path / "index", model="hash") == []
    (corpus / "later.pdf").write_bytes(make_pdf([["Attendance letters go home every Friday afternoon."]]))
    second = eduqa.build_index(corpus, tmp_path / "index", embedder=embedder).report
    assert second.skipped == [] and second.added == 1 and second.unchanged == 1


def test_shipped_corpus_reads_cleanly(corpus_dir):
    found = read_corpus(corpus_dir)
    assert found.skipped == [] and found.warnings == []


def test_a_new_size_limit_is_applied_without_full(corpus, tmp_path, capsys):
    (corpus / "big.txt").write_text("Attendance\n\n" + "Pupils who attend every day read more books. " * 40)
    args = ["build", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--model", "hash", "--json"]
    assert main([*args, "--max-file-mb", "0.001"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert [s["path"] for s in first["skipped"]] == ["big.txt"]
    assert "over the limit of 1,048" in first["skipped"][0]["reason"]
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["skipped"] == [] and second["added"] == 1 and second["unchanged"] == 1
