"""The passage store: a memory-mapped Arrow file read lazily, `eduqa show`, and old index folders converted."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import HEADLINE, CountingEmbedder, make_version_3

import eduqa
from eduqa.cli import main
from eduqa.embedding import HashEmbedder
from eduqa.errors import IndexFormatError
from eduqa.manifest import FORMAT_VERSION, MANIFEST_FILE, PASSAGES_FILE
from eduqa.passage_store import BATCH_ROWS, STORE_FILE, PassageStore, write_store
from eduqa.passages import Passage, passage_id


def generated(count: int) -> list[Passage]:
    passages = []
    for n in range(count):
        text = f"Passage {n} says that schools and colleges can share {n % 97} teachers."
        source = f"doc-{n // 10}.md"
        passages.append(Passage(
            id=passage_id(source, n, text), text=text, doc_id=source, title=f"Document {n // 10}", source=source,
            section="Staff" if n % 3 else "", url=None if n % 2 else f"https://example.org/{n}",
            page=None if n % 5 else n // 5, start=n * 80, end=n * 80 + len(text), lead_in="Shared staff:" * (n % 2),
        ))
    return passages


@pytest.fixture(scope="module")
def large_store(tmp_path_factory):
    """100,000 generated passages in a store file (written once for the module)."""
    passages = generated(100_000)
    path = tmp_path_factory.mktemp("store") / STORE_FILE
    write_store(passages, path)
    PassageStore.open(path).get("")  # pyarrow imports pandas on its first conversion: a cost once per process
    return path, passages


def test_a_store_of_100000_passages_is_mapped_not_copied(large_store) -> None:
    # (how long opening and loading take is measured by benchmarks/scale_tokens.py, not here)
    import pyarrow as pa

    path, passages = large_store
    before = pa.total_allocated_bytes()
    store = PassageStore.open(path)
    assert pa.total_allocated_bytes() - before < 100_000, "opening copied the file instead of mapping it"
    assert path.stat().st_size > 5_000_000
    assert len(store) == 100_000
    for position in (0, 1, 65_535, 65_536, 99_999, -1):
        assert store[position] == passages[position]
    wanted = passages[77_777]
    assert store.get(wanted.id) == wanted and store.position(wanted.id) == 77_777
    assert store.get("no-such-id") is None
    # looking passages up reads the rows asked for and one column of ids, not every column of every row
    assert pa.total_allocated_bytes() - before < 4_000_000


def test_every_citation_field_survives_the_file(large_store) -> None:
    path, passages = large_store
    store = PassageStore.open(path)
    for position in range(0, 40):  # every mix of missing url, page, section and lead-in
        assert store[position] == passages[position]
        assert store[position].citation == passages[position].citation
    assert store[10:13] == passages[10:13]
    assert store.documents()["doc-12.md"] == "Document 12"
    inside = store.in_documents({"doc-3.md", "doc-9999.md"})
    assert inside.sum() == 20 and inside[30:40].all() and inside[99_990:].all() and not inside[0]


def test_a_store_is_read_in_batches(large_store) -> None:
    path, passages = large_store
    store = PassageStore.open(path)
    assert len(store._batches) == -(-100_000 // BATCH_ROWS)
    edge = slice(BATCH_ROWS - 2, BATCH_ROWS + 2)
    assert store[edge] == passages[edge]
    with pytest.raises(IndexError, match="out of range"):
        store[100_000]


def test_an_empty_or_damaged_store_says_what_to_do(tmp_path) -> None:
    write_store([], tmp_path / "empty.arrow")
    assert len(PassageStore.open(tmp_path / "empty.arrow")) == 0
    (tmp_path / "bad.arrow").write_bytes(b"not arrow at all")
    with pytest.raises(IndexFormatError, match="bad.arrow is unreadable .*rebuild with `eduqa build --full`"):
        PassageStore.open(tmp_path / "bad.arrow")
    import pyarrow as pa

    with pa.ipc.new_file(str(tmp_path / "other.arrow"), pa.schema([("x", pa.int64())])) as writer:
        writer.write_batch(pa.record_batch({"x": [1]}))
    with pytest.raises(IndexFormatError, match="does not hold the passage columns"):
        PassageStore.open(tmp_path / "other.arrow")


def test_a_batch_too_large_for_arrow_offsets_is_refused_with_its_size(tmp_path, monkeypatch) -> None:
    # a real batch past 2 GiB would take minutes to make; the limit is lowered so that two passages pass it
    import eduqa.passage_store as store

    monkeypatch.setattr(store, "FIELD_BYTES", 100)
    path = tmp_path / STORE_FILE
    with pytest.raises(ValueError, match=r"2 passages hold 1[0-9]{2} bytes of one field, more than the 100"):
        write_store(generated(2), path)
    write_store(generated(1), path)
    assert len(PassageStore.open(path)) == 1


def test_a_loaded_index_reads_passages_lazily_from_the_store(hash_index, tmp_path) -> None:
    loaded = eduqa.load_index(tmp_path / "index", embedder=HashEmbedder())
    assert isinstance(loaded.passages, PassageStore) and loaded.passages._list is None
    assert loaded.passages == hash_index.passages
    answer = loaded.answer(HEADLINE)
    assert answer.text and "Community Collaboration Model" in answer.text
    first = next(iter(loaded.documents))
    hits = loaded.search(HEADLINE, documents=[first])
    assert hits and all(h.passage.doc_id == first for h in hits)


# --- old index folders ---------------------------------------------------------------------------------


def make_version_2(folder) -> None:
    """Turn an index folder into what format version 2 wrote: passages.jsonl, documents in the manifest."""
    make_version_3(folder)
    store = PassageStore.open(folder / STORE_FILE)
    with open(folder / PASSAGES_FILE, "w", encoding="utf-8") as out:
        for passage in store:
            out.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
    (folder / STORE_FILE).unlink()
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    manifest["format_version"] = 2
    del manifest["files"], manifest["manifest_crc32"]  # the previous format had no checksums
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))


def test_an_old_index_still_loads_and_the_next_build_converts_it_without_embedding(corpus_dir, tmp_path) -> None:
    out = tmp_path / "index"
    built = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    make_version_2(out)
    old = eduqa.load_index(out, embedder=HashEmbedder())
    assert old.passages == built.passages
    assert eduqa.index_status(corpus_dir, out, model="hash") == [
        "the index keeps its passages in an older format (passages.jsonl)"
    ]
    counting = CountingEmbedder()
    upgraded = eduqa.build_index(corpus_dir, out, embedder=counting)
    assert upgraded.report.embedded == 0 and counting.embedded == 0
    assert (out / STORE_FILE).is_file() and not (out / PASSAGES_FILE).exists()
    assert json.loads((out / MANIFEST_FILE).read_text())["format_version"] == FORMAT_VERSION
    assert eduqa.index_status(corpus_dir, out, model="hash") == []
    again = eduqa.load_index(out, embedder=HashEmbedder())
    assert again.passages == built.passages
    assert [h.id for h in again.search(HEADLINE)] == [h.id for h in built.search(HEADLINE)]


def test_the_build_command_converts_an_old_index(corpus_dir, tmp_path, capsys) -> None:
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    make_version_2(out)
    assert main(["build", "--corpus", str(corpus_dir), "--index", str(out), "--model", "hash", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["embedded"] == 0 and report["up_to_date"] is False
    assert (out / STORE_FILE).is_file()


# --- eduqa show ----------------------------------------------------------------------------------------


def test_show_prints_the_manifest_and_passages_as_text(hash_index, tmp_path, capsys) -> None:
    assert main(["show", str(tmp_path / "index")]) == 0
    out = capsys.readouterr().out
    assert f"passages: {len(hash_index)}" in out and "embedder: hash (64 dimensions, hash)" in out
    first = hash_index.passages[0]
    assert f"[{first.id}] {first.title}" in out and first.text[:60] in out


def test_show_prints_json_lines(hash_index, tmp_path, capsys) -> None:
    assert main(["show", str(tmp_path / "index"), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    manifest = json.loads(lines[0])
    assert manifest["format_version"] == FORMAT_VERSION and manifest["passages"] == len(hash_index)
    rows = [json.loads(line) for line in lines[1:]]
    assert [r["id"] for r in rows] == [p.id for p in hash_index.passages]
    assert Passage.from_dict(rows[3]) == hash_index.passages[3]


def test_show_one_passage_by_id(hash_index, tmp_path, capsys) -> None:
    wanted = hash_index.passages[7]
    assert main(["show", str(tmp_path / "index"), "--passage", wanted.id, "--json"]) == 0
    assert Passage.from_dict(json.loads(capsys.readouterr().out)) == wanted
    assert main(["show", str(tmp_path / "index"), "--passage", wanted.id]) == 0
    out = capsys.readouterr().out
    assert " ".join(wanted.text.split()) in " ".join(out.split())
    assert wanted.source in out and "format_version" not in out


def test_show_refuses_an_unknown_passage_or_a_missing_index(hash_index, tmp_path, capsys) -> None:
    assert main(["show", str(tmp_path / "index"), "--passage", "nope"]) == 1
    assert capsys.readouterr().err == f"eduqa: error: no passage with id 'nope' in {tmp_path / 'index'}\n"
    assert main(["show", str(tmp_path / "missing")]) == 1
    assert "run `eduqa build`" in capsys.readouterr().err


def test_show_reads_an_old_index_folder(hash_index, tmp_path, capsys) -> None:
    folder = tmp_path / "old"
    shutil.copytree(tmp_path / "index", folder)
    make_version_2(folder)
    assert main(["show", str(folder), "--passage", hash_index.passages[0].id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == hash_index.passages[0].id
