"""The list of documents kept apart from the manifest (documents.jsonl): read only when asked for, checked,
and older index folders, which list their documents in the manifest, read and converted."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import HEADLINE, QA_PAGE, CountingEmbedder, make_version_3

import eduqa
from eduqa import storage
from eduqa.checksums import describe_files, seal
from eduqa.cli import main
from eduqa.document_list import DOCUMENTS_FILE, DocumentList, parse_lines
from eduqa.embedding import HashEmbedder
from eduqa.errors import IndexDamagedError, IndexFormatError, IndexNotFoundError
from eduqa.manifest import FORMAT_VERSION, MANIFEST_FILE

OTHER = "effective-partnership-models.txt"


def reseal(folder, change=None) -> None:
    """Record the files' sizes and checksums in the manifest again (and apply `change` to it), as a build would."""
    path = folder / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    if change:
        change(manifest)
    manifest["files"] = describe_files(folder, leave_out=MANIFEST_FILE)
    seal(manifest)
    path.write_text(json.dumps(manifest))


# --- loading does not read the list --------------------------------------------------------------------


def test_loading_maps_the_list_and_reads_it_only_when_asked(hash_index, tmp_path) -> None:
    loaded = eduqa.load_index(tmp_path / "index", embedder=HashEmbedder())
    assert loaded.document_list is not None and not loaded.document_list.loaded
    # searching, answering and filtering by document use the passages' own fields, not the list
    assert loaded.answer(HEADLINE).text
    hits = loaded.search(HEADLINE, documents=[OTHER])
    assert hits and {h.passage.doc_id for h in hits} == {OTHER}
    assert set(loaded.documents) == {QA_PAGE, OTHER}
    assert not loaded.document_list.loaded
    assert loaded.document_list.documents == hash_index.document_list.documents
    assert loaded.document_list.loaded and loaded.document_list.skipped == []
    assert loaded.document_list.documents[QA_PAGE]["passages"] == sum(
        1 for p in loaded.passages if p.doc_id == QA_PAGE
    )


def test_a_hundred_thousand_documents_stay_out_of_the_manifest_and_out_of_loading(hash_index, tmp_path) -> None:
    folder = tmp_path / "index"
    documents = {
        f"unit-{n:06d}.md": {"sha256": f"{n:064x}", "bytes": 1000 + n, "title": f"Unit {n}", "passages": 1}
        for n in range(100_000)
    }
    skipped = [{"path": f"scan-{n}.pdf", "reason": "no text layer", "sha256": f"{n:064x}"} for n in range(3)]
    DocumentList(documents, skipped).write(folder / DOCUMENTS_FILE)
    reseal(folder, lambda m: m["document_list"].update(documents=100_000, skipped=3))
    assert (folder / MANIFEST_FILE).stat().st_size < 8_000 < (folder / DOCUMENTS_FILE).stat().st_size

    loaded = eduqa.load_index(folder, embedder=HashEmbedder())
    assert not loaded.document_list.loaded
    assert loaded.search(HEADLINE)
    assert loaded.document_list.documents == documents and loaded.document_list.skipped == skipped
    assert list(loaded.document_list.documents)[:2] == ["unit-000000.md", "unit-000001.md"]  # in the file's order


# --- the list is checked ---------------------------------------------------------------------------------


def test_a_list_whose_bytes_changed_is_refused_when_read_and_by_eduqa_check(hash_index, corpus_dir, tmp_path, capsys):
    folder = tmp_path / "index"
    path = folder / DOCUMENTS_FILE
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"passages": ', b'"passages":0', 1))  # the same size, other bytes
    loaded = eduqa.load_index(folder, embedder=HashEmbedder())  # its size matches: loading does not read it
    assert loaded.answer(HEADLINE).text
    with pytest.raises(IndexDamagedError, match=f"{path} is damaged: its bytes changed .*eduqa build --full"):
        loaded.document_list.documents  # noqa: B018
    assert main(["check", str(folder)]) == 1
    assert f"{path}: damaged: its bytes changed since its build wrote it" in capsys.readouterr().out
    assert main(["show", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path} is damaged" in err
    assert eduqa.index_status(corpus_dir, folder, model="hash")[0].startswith(f"{path} is damaged")
    rebuilt = eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    assert rebuilt.report.full_rebuild.startswith("the existing index cannot be read")
    assert main(["check", str(folder)]) == 0


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_a_list_of_another_size_or_missing_is_refused_at_load(hash_index, tmp_path, damage):
    folder = tmp_path / "index"
    path = folder / DOCUMENTS_FILE
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:-10])
        with pytest.raises(IndexDamagedError, match=f"{path} is damaged: it is .* bytes, but its build wrote"):
            eduqa.load_index(folder, embedder=HashEmbedder())
    else:
        path.unlink()
        with pytest.raises(IndexNotFoundError, match=f"{path} is missing; rebuild with `eduqa build --full`"):
            eduqa.load_index(folder, embedder=HashEmbedder())


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"{not json\n", "line 3 is unreadable"),
        (b'["a list"]\n', "line 3 is not an object with a 'path'"),
        (b'{"path": "x.md"}\n', "line 3 needs either a 'document' or a 'skipped' object"),
        (b'{"path": "x.md", "skipped": {"sha256": "00"}}\n', "line 3 lists a skipped file without a reason"),
        (b'{"path": "' + QA_PAGE.encode() + b'", "document": {}}\n', f"line 3 lists '{QA_PAGE}' a second time"),
    ],
    ids=["not-json", "not-an-object", "neither", "no-reason", "twice"],
)
def test_a_list_a_build_did_not_write_names_the_line(hash_index, tmp_path, line, problem):
    folder = tmp_path / "index"
    path = folder / DOCUMENTS_FILE
    path.write_bytes(path.read_bytes() + line)
    reseal(folder)  # the checksums match: only the contents are wrong
    loaded = eduqa.load_index(folder, embedder=HashEmbedder())
    with pytest.raises(IndexFormatError, match=f"{path} {problem}.*; rebuild with `eduqa build --full`"):
        loaded.document_list.documents  # noqa: B018


def test_a_list_that_does_not_match_the_manifests_counts_is_refused(hash_index, tmp_path):
    folder = tmp_path / "index"
    reseal(folder, lambda m: m["document_list"].update(documents=3))
    loaded = eduqa.load_index(folder, embedder=HashEmbedder())
    with pytest.raises(IndexFormatError, match=f"{folder / DOCUMENTS_FILE} lists 2 documents but the manifest says 3"):
        loaded.document_list.documents  # noqa: B018


@pytest.mark.parametrize(
    "entry", [None, {"file": "other.jsonl", "documents": 2, "skipped": 0}, {"file": DOCUMENTS_FILE, "documents": "2"}]
)
def test_a_manifest_without_a_sound_document_list_entry_is_refused(hash_index, tmp_path, entry):
    folder = tmp_path / "index"
    reseal(folder, lambda m: m.update(document_list=entry))
    with pytest.raises(IndexFormatError, match="manifest.json field 'document_list'"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_the_lines_read_back_as_written() -> None:
    listed = DocumentList(
        {"a.md": {"sha256": "1", "title": "A \u2028 \u00e9", "passages": 2, "warnings": ["odd"]}},
        [{"path": "b.pdf", "reason": "no text", "sha256": "2"}, {"path": "c.zip", "reason": "too big"}],
    )
    data = b"".join(listed.lines())
    assert data.count(b"\n") == 3
    assert parse_lines(data, "here") == (listed.documents, listed.skipped)
    assert parse_lines(b"", "here") == ({}, [])


# --- eduqa show -------------------------------------------------------------------------------------------


def test_show_prints_the_documents_and_skipped_files(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lesson.md").write_text("# Fractions\n\nPupils compare fractions with the same denominator.\n")
    (corpus / "plan.md").write_text("# Plan\n\n## Week 1\n")  # headings only: skipped
    folder = tmp_path / "index"
    eduqa.build_index(corpus, folder, embedder=HashEmbedder())
    assert main(["show", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "passages: 1 in 1 documents" in out
    assert "skipped: plan.md: no passage to index" in out
    assert main(["show", str(folder), "--json"]) == 0
    manifest = json.loads(capsys.readouterr().out.splitlines()[0])
    assert manifest["format_version"] == FORMAT_VERSION
    assert list(manifest["documents"]) == ["lesson.md"] and manifest["documents"]["lesson.md"]["passages"] == 1
    assert [s["path"] for s in manifest["skipped"]] == ["plan.md"]


# --- older index folders --------------------------------------------------------------------------------------


def test_an_index_listing_its_documents_in_the_manifest_loads_and_is_converted_without_embedding(
    corpus_dir, tmp_path, capsys
) -> None:
    out = tmp_path / "index"
    built = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    make_version_3(out)
    assert not (out / DOCUMENTS_FILE).exists()
    old = eduqa.load_index(out, embedder=HashEmbedder())
    assert old.manifest["format_version"] == 3
    assert old.document_list.documents == built.document_list.documents
    assert [h.id for h in old.search(HEADLINE)] == [h.id for h in built.search(HEADLINE)]
    assert eduqa.index_status(corpus_dir, out, model="hash") == [
        "the index lists its documents in an older format (in manifest.json)"
    ]
    shown = tmp_path / "shown"
    shutil.copytree(out, shown)
    assert main(["show", str(shown)]) == 0
    assert f"passages: {len(built)} in 2 documents" in capsys.readouterr().out
    assert main(["check", str(shown)]) == 0

    counting = CountingEmbedder()
    upgraded = eduqa.build_index(corpus_dir, out, embedder=counting)
    assert upgraded.report.embedded == 0 and counting.embedded == 0
    assert upgraded.report.unchanged == 2 and upgraded.report.full_rebuild is None
    manifest = json.loads((out / MANIFEST_FILE).read_text())
    assert manifest["format_version"] == FORMAT_VERSION and "documents" not in manifest
    assert (out / DOCUMENTS_FILE).is_file()
    assert eduqa.index_status(corpus_dir, out, model="hash") == []
    again = eduqa.load_index(out, embedder=HashEmbedder())
    assert again.document_list.documents == built.document_list.documents
    assert [h.id for h in again.search(HEADLINE)] == [h.id for h in built.search(HEADLINE)]


def test_an_older_index_is_updated_incrementally(corpus_dir, tmp_path) -> None:
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    make_version_3(out)
    (corpus_dir / "trips.md").write_text("# Field trips\n\nClasses visit the science museum each spring.\n")
    counting = CountingEmbedder()
    updated = eduqa.build_index(corpus_dir, out, embedder=counting)
    assert (updated.report.added, updated.report.unchanged) == (1, 2)
    assert updated.report.embedded == updated.document_list.documents["trips.md"]["passages"]
    listed = storage.read_documents(out, storage.read_manifest(out))
    assert set(listed.documents) == {QA_PAGE, OTHER, "trips.md"}


def test_requests_that_ask_for_the_list_at_once_all_get_it(hash_index, tmp_path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    loaded = eduqa.load_index(tmp_path / "index", embedder=HashEmbedder())
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda _: loaded.document_list.documents, range(32)))
    assert all(f == hash_index.document_list.documents for f in found)
