"""Reliability: damaged index files, hostile corpus files and killed builds (issue-style trials, one by one)."""

from __future__ import annotations

import dataclasses
import json
import os
import re

import pytest
from conftest import HEADLINE

import eduqa
from eduqa import corpus as corpus_module
from eduqa import live as live_module
from eduqa import storage
from eduqa.builder import up_to_date_report
from eduqa.checksums import describe_files, seal
from eduqa.cli import main
from eduqa.embedding import HashEmbedder
from eduqa.errors import BuildLockedError, IndexDamagedError, IndexFormatError


def test_read_index_returns_one_frozen_record_of_the_parts(hash_index, tmp_path):
    parts = storage.read_index(tmp_path / "index")
    assert isinstance(parts, storage.IndexParts)
    assert parts.manifest["passages"] == len(parts.passages) == parts.dense.size == len(hash_index)
    assert parts.tokens is None or len(parts.tokens.codes) >= 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        parts.passages = []  # type: ignore[misc]
    assert eduqa.load_index(tmp_path / "index", embedder=hash_index.embedder).passages == parts.passages


# --- 0: a document that yields no passages --------------------------------------------------------

OUTLINE = "# Lesson plans\n\n## Week 1\n\n## Week 2\n"
LESSON = "# Fractions\n\nPupils compare fractions with pictures before they use numbers.\n"


def outline_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.md").write_text(OUTLINE)
    (corpus / "lesson.md").write_text(LESSON)
    return corpus


def test_a_document_without_passages_is_listed_as_skipped(tmp_path):
    index = eduqa.build_index(outline_corpus(tmp_path), tmp_path / "index", embedder=HashEmbedder())
    assert "plan.md" not in index.document_list.documents
    skipped = {s["path"]: s for s in index.document_list.skipped}
    assert "no passage" in skipped["plan.md"]["reason"]
    assert skipped["plan.md"]["sha256"]
    assert [s["path"] for s in index.report.skipped] == ["plan.md"]


def test_incremental_builds_after_a_document_without_passages(tmp_path, capsys):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    build = ["build", "--corpus", str(corpus), "--index", str(out), "--model", "hash", "--quiet"]
    assert main(build) == 0
    (corpus / "lesson.md").write_text(LESSON + "\nThey then order them on a number line.\n")
    assert main(build) == 0, capsys.readouterr().err
    assert main([*build, "--full"]) == 0
    capsys.readouterr()
    (corpus / "other.md").write_text("# Reading\n\nReading aloud every day builds fluency.\n")
    assert main([*build, "--json"]) == 0, capsys.readouterr().err
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["unchanged"], report["documents"]) == (1, 1, 2)
    assert report["skipped"] == [{"path": "plan.md", "reason": report["skipped"][0]["reason"]}]
    # the outline gains text: it becomes a document
    (corpus / "plan.md").write_text(OUTLINE + "\nEach week starts with a quiz.\n")
    assert main([*build, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["skipped"]) == (1, [])


def test_an_index_that_lists_a_document_of_no_passages_is_still_updated(tmp_path):
    """Indexes written before such documents were skipped list them with 0 passages."""
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    eduqa.build_index(corpus, out, embedder=HashEmbedder())

    def list_as_document(documents, skipped):
        entry = skipped.pop()
        documents["plan.md"] = {"sha256": entry["sha256"], "title": "Lesson plans", "passages": 0}

    edit_documents(out, list_as_document)
    (corpus / "lesson.md").write_text(LESSON + "\nThey then order them on a number line.\n")
    index = eduqa.build_index(corpus, out, embedder=HashEmbedder())
    assert [s["path"] for s in index.document_list.skipped] == ["plan.md"]


def test_unchanged_skipped_files_are_not_parsed_again(tmp_path, monkeypatch):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    (corpus / "broken.html").write_text("<html><body><script>only()</script></body></html>")
    first = eduqa.build_index(corpus, out, embedder=HashEmbedder())
    assert sorted(s["path"] for s in first.report.skipped) == ["broken.html", "plan.md"]
    parsed = []
    parse = corpus_module.parse_file

    def counting_parse(data, source, *args):
        parsed.append(source)
        return parse(data, source, *args)

    monkeypatch.setattr(corpus_module, "parse_file", counting_parse)
    (corpus / "lesson.md").write_text(LESSON + "\nThey then order them on a number line.\n")
    second = eduqa.build_index(corpus, out, embedder=HashEmbedder())
    assert parsed == ["lesson.md"]
    assert second.report.skipped == first.report.skipped
    # a new size limit decides again
    parsed.clear()
    eduqa.build_index(corpus, out, embedder=HashEmbedder(), max_file_bytes=10_000)
    assert sorted(parsed) == ["broken.html", "plan.md"]


# --- 1: leftovers of a killed build ------------------------------------------------------------------


def test_leftovers_are_removed_when_the_index_is_up_to_date(tmp_path, capsys):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    build = ["build", "--corpus", str(corpus), "--index", str(out), "--model", "hash", "--quiet"]
    assert main(build) == 0
    for name in ("index.building-abc123", "index.old-def456", ".index.ray-0badc0de"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "passages.jsonl").write_text("half written\n")
    assert main(build) == 0
    assert "is up to date" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if "index" in p.name) == [".index.lock", "index"]


def test_leftovers_of_a_running_build_are_left_alone(tmp_path):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    eduqa.build_index(corpus, out, embedder=HashEmbedder())
    (tmp_path / "index.building-abc123").mkdir()
    (tmp_path / ".index.ray-0badc0de").mkdir()
    with storage.build_lock(out):
        assert up_to_date_report(corpus, out, model="hash").up_to_date
    assert (tmp_path / "index.building-abc123").is_dir()
    assert (tmp_path / ".index.ray-0badc0de").is_dir()


# --- 2, 3 and checksums: damaged index files ----------------------------------------------------------

NPY_FILES = [
    "sentences.npy", "sentence_rows.npy", "tokens.npy", "token_scales.npy", "token_starts.npy", "token_rows.npy",
    "lexical/data.csc.index.npy", "lexical/indices.csc.index.npy", "lexical/indptr.csc.index.npy",
]


def forget_checksums(folder):
    """Make the index look like one written before checksums existed."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["files"], manifest["manifest_crc32"]
    path.write_text(json.dumps(manifest))


def edit_manifest(folder, change):
    """Change the manifest as a later build would write it, checksum included."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    seal(manifest)
    path.write_text(json.dumps(manifest))


def edit_documents(folder, change):
    """Change the list of documents (``change(documents, skipped)``) as a build would write it, with the manifest's
    counts and checksums."""
    listed = storage.read_documents(folder, storage.read_manifest(folder))
    change(listed.documents, listed.skipped)
    listed.write(folder / "documents.jsonl")

    def count(manifest):
        manifest["document_list"].update(documents=len(listed.documents), skipped=len(listed.skipped))
        manifest["files"] = describe_files(folder, leave_out="manifest.json")

    edit_manifest(folder, count)


@pytest.mark.parametrize("checksums", [True, False], ids=["checksums", "before-checksums"])
@pytest.mark.parametrize("name", NPY_FILES)
def test_an_empty_npy_file_is_one_line_and_a_build_rebuilds_everything(
    hash_index, corpus_dir, tmp_path, capsys, name, checksums
):
    out = tmp_path / "index"
    if not checksums:
        forget_checksums(out)
    (out / name).write_bytes(b"")
    assert main(["ask", HEADLINE, "--index", str(out), "--corpus", str(corpus_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("eduqa: error:") and err.count("\n") == 1, err
    assert name.split("/")[-1] in err or "lexical" in err
    assert "eduqa build --full" in err
    (corpus_dir / "trips.md").write_text("# Trips\n\nField trips to the museum happen every spring.\n")
    build = ["build", "--corpus", str(corpus_dir), "--index", str(out), "--model", "hash", "--json"]
    assert main(build) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["full_rebuild"].startswith("the existing index cannot be read")
    assert eduqa.load_index(out).answer(HEADLINE).text


def garble(path, count=64):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + count] = bytes(b ^ 0x5A for b in data[middle:middle + count])
    path.write_bytes(bytes(data))


def test_garbled_bytes_inside_the_vectors_are_refused(hash_index, tmp_path, capsys):
    out = tmp_path / "index"
    garble(out / "vectors.faiss")
    with pytest.raises(IndexDamagedError, match=r"vectors.faiss is damaged: its bytes changed .*eduqa build --full"):
        eduqa.load_index(out, embedder=HashEmbedder())
    assert main(["ask", HEADLINE, "--index", str(out), "--corpus", str(tmp_path / "none")]) == 1
    assert "vectors.faiss is damaged" in capsys.readouterr().err


def test_sizes_are_checked_at_load_and_checksums_of_small_files(hash_index, tmp_path, monkeypatch):
    out = tmp_path / "index"
    garble(out / "sentences.npy")
    with pytest.raises(IndexDamagedError, match="sentences.npy is damaged: its bytes changed"):
        eduqa.load_index(out, embedder=HashEmbedder())
    monkeypatch.setattr(storage, "CHECK_AT_LOAD_BYTES", 0)  # no file is small enough: sizes only
    eduqa.load_index(out, embedder=HashEmbedder())  # garbled vectors of the right size cannot be told apart
    assert [d.file for d in storage.check_index(out).damage] == ["sentences.npy"]  # check reads every byte
    with open(out / "sentences.npy", "ab") as handle:
        handle.write(b"\n")
    with pytest.raises(IndexDamagedError, match="sentences.npy is damaged: it is .* bytes, but its build wrote"):
        eduqa.load_index(out, embedder=HashEmbedder())


def test_the_manifest_records_every_file_with_its_size_and_checksum(hash_index, tmp_path):
    out = tmp_path / "index"
    files = json.loads((out / "manifest.json").read_text())["files"]
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert sorted(files) == sorted(set(on_disk) - {"manifest.json"})
    for name, entry in files.items():
        assert entry["bytes"] == (out / name).stat().st_size
        assert re.fullmatch("[0-9a-f]{8}", entry["crc32"])
    assert hash_index.manifest["files"] == files
    assert re.fullmatch("[0-9a-f]{8}", hash_index.manifest["manifest_crc32"])


def test_a_malformed_files_entry_is_refused(hash_index, tmp_path):
    out = tmp_path / "index"
    path = out / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["files"]["../../etc/passwd"] = {"bytes": 1, "crc32": "00000000"}
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="field 'files' has a malformed entry for '../../etc/passwd'"):
        eduqa.load_index(out, embedder=HashEmbedder())


def test_an_index_from_before_checksums_loads_and_is_out_of_date(hash_index, corpus_dir, tmp_path):
    out = tmp_path / "index"
    forget_checksums(out)
    assert eduqa.load_index(out, embedder=HashEmbedder()).answer(HEADLINE).text
    assert eduqa.index_status(corpus_dir, out, model="hash") == ["the index was built before its files had checksums"]
    rebuilt = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    assert rebuilt.report.embedded == 0 and "files" in json.loads((out / "manifest.json").read_text())


def _garble(path):
    data = bytearray(path.read_bytes())
    data[10:74] = bytes(64)  # 64 garbled bytes, the size unchanged: loading alone would not see them
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("sentences.npy", lambda path: path.write_bytes(b"")),
        ("token_rows.npy", lambda path: path.write_bytes(b"")),
        ("lexical/indptr.csc.index.npy", lambda path: path.write_bytes(b"")),
        ("vectors.faiss", lambda path: path.write_bytes(b"")),
        # read only when asked for, so a running chat checks it before it swaps the index in
        ("documents.jsonl", _garble),
    ],
)
def test_a_live_index_keeps_the_old_index_when_the_new_one_has_a_damaged_file(corpus_dir, tmp_path, caplog, name,
                                                                              damage):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live = eduqa.LiveIndex(out, check_every=0)
    old = live.build_id
    (corpus_dir / "trips.md").write_text("# Trips\n\nField trips to the museum happen every spring.\n")
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    damage(out / name)
    for _ in range(3):
        assert live.answer(HEADLINE).text
        assert live.build_id == old
    assert "keeping the index loaded before" in caplog.text and name.split("/")[-1] in caplog.text
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())  # repaired: an automatic full rebuild
    assert live.answer(HEADLINE).text and live.build_id != old


def test_a_live_index_survives_an_unexpected_error_while_loading(hash_index, corpus_dir, tmp_path, monkeypatch, caplog):
    out = tmp_path / "index"
    live = eduqa.LiveIndex(out, check_every=0)
    old = live.build_id
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder(), full=True)

    def explode(*args, **kwargs):
        raise EOFError("No data left in file")

    monkeypatch.setattr(live_module, "load_index", explode)
    assert live.answer(HEADLINE).text and live.build_id == old
    assert "No data left in file" in caplog.text


# --- eduqa check ---------------------------------------------------------------------------------------


def test_check_passes_a_sound_index(hash_index, tmp_path, capsys):
    out = tmp_path / "index"
    assert main(["check", str(out)]) == 0
    assert f"Index {out} is sound: " in capsys.readouterr().out
    assert main(["check", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sound"] and result["damaged"] == [] and result["files"] == len(hash_index.manifest["files"])


@pytest.mark.parametrize("damage", ["empty", "half", "garbled", "deleted"])
def test_check_names_the_damaged_file_and_what_to_run(hash_index, tmp_path, capsys, monkeypatch, damage):
    out = tmp_path / "index"
    target = out / "lexical" / "vocab.index.json"
    if damage == "empty":
        target.write_bytes(b"")
    elif damage == "half":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    elif damage == "garbled":
        garble(target, 16)
    else:
        target.unlink()
    monkeypatch.setattr(storage, "CHECK_AT_LOAD_BYTES", 0)  # what loading misses, check still finds
    assert main(["check", str(out)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"{target}: damaged: ")
    assert printed[-1] == f"Run `eduqa build --full --index {out}` to rebuild it from the corpus."
    assert main(["check", str(out), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [d["file"] for d in result["damaged"]] == ["lexical/vocab.index.json"]
    assert result["sound"] is False


def test_check_of_a_damaged_manifest_or_a_missing_index(hash_index, tmp_path, capsys):
    out = tmp_path / "index"
    (out / "manifest.json").write_text('{"format_version": 2, "pass')
    assert main(["check", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"{out / 'manifest.json'}: damaged: it cannot be read as a manifest" in printed
    assert main(["check", str(tmp_path / "none")]) == 1
    assert "no index at" in capsys.readouterr().out


def test_check_of_an_index_from_before_checksums_says_to_rebuild(hash_index, tmp_path, capsys):
    forget_checksums(tmp_path / "index")
    assert main(["check", str(tmp_path / "index")]) == 1
    printed = capsys.readouterr().out
    assert "records no checksums" in printed and "eduqa build --full" in printed


# --- 4 and smaller points: hostile names in the corpus -------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_skipped_and_the_rest_indexed(tmp_path, capsys):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    (corpus / os.fsdecode(b"bad-\xff-name.md")).write_text(LESSON.replace("Fractions", "Decimals"))
    build = ["build", "--corpus", str(corpus), "--index", str(out), "--model", "hash", "--quiet", "--json"]
    assert main(build) == 0, capsys.readouterr().err
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 1
    assert {"path": "bad-\\xff-name.md", "reason": "the file name is not valid UTF-8; rename the file to index it"} in (
        report["skipped"]
    )
    assert main(build) == 0
    assert json.loads(capsys.readouterr().out)["up_to_date"] is True  # an unchanged bad name is no change


def test_symlink_loops_and_broken_links_in_the_corpus_are_listed_as_skipped(tmp_path):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    os.symlink("loop-b.md", corpus / "loop-a.md")
    os.symlink("loop-a.md", corpus / "loop-b.md")
    os.symlink("nowhere.md", corpus / "broken.md")
    os.symlink(".", corpus / "itself")  # a link to a folder is not followed, so it cannot loop
    index = eduqa.build_index(corpus, out, embedder=HashEmbedder())
    reasons = {s["path"]: s["reason"] for s in index.report.skipped}
    assert reasons["loop-a.md"].startswith("cannot read file: Too many levels of symbolic links")
    assert reasons["loop-b.md"].startswith("cannot read file: Too many levels of symbolic links")
    assert reasons["broken.md"].startswith("cannot read file: No such file or directory")
    assert list(index.document_list.documents) == ["lesson.md"]
    assert eduqa.index_status(corpus, out, model="hash") == []


# --- 6: an index folder given through a symbolic link ---------------------------------------------------


def test_a_build_through_a_link_locks_and_writes_the_real_folder(tmp_path):
    corpus = outline_corpus(tmp_path)
    real, alias = tmp_path / "real", tmp_path / "alias"
    eduqa.build_index(corpus, real, embedder=HashEmbedder())
    alias.symlink_to(real)
    with storage.build_lock(real), pytest.raises(BuildLockedError):
        eduqa.build_index(corpus, alias, embedder=HashEmbedder(), full=True)
    with storage.build_lock(alias), pytest.raises(BuildLockedError):
        eduqa.build_index(corpus, real, embedder=HashEmbedder(), full=True)
    (corpus / "lesson.md").write_text(LESSON + "\nThey then order them on a number line.\n")
    built = eduqa.build_index(corpus, alias, embedder=HashEmbedder())
    assert alias.is_symlink() and alias.resolve() == real.resolve()
    assert eduqa.load_index(real).manifest["build_id"] == built.manifest["build_id"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("corpus",)) == [".real.lock", "alias", "real"]


# --- smaller points -----------------------------------------------------------------------------------


def test_a_bad_first_line_of_passages_is_reported_as_line_1(tmp_path):
    """Indexes of the previous format keep their passages in passages.jsonl."""
    path = tmp_path / "passages.jsonl"
    good = json.dumps({"id": "a", "text": "Some text", "source": "a.md", "doc_id": "a.md", "title": "A"})
    path.write_bytes(b"\xff\xfe not utf-8\n" + (good + "\n").encode() * 3)
    with pytest.raises(IndexFormatError, match="passages.jsonl line 1 is unreadable"):
        storage.read_passages(path)
    path.write_bytes((good + "\n").encode() * 2 + b"[1, 2]\n")
    with pytest.raises(IndexFormatError, match="passages.jsonl line 3 is unreadable"):
        storage.read_passages(path)


def test_an_unknown_model_in_the_manifest_is_one_line_that_says_what_to_run(hash_index, tmp_path, capsys):
    edit_manifest(tmp_path / "index", lambda m: m["embedder"].update(name="no-such-model", backend="torch"))
    assert main(["ask", HEADLINE, "--index", str(tmp_path / "index"), "--corpus", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-model" in err
    assert "cannot be loaded here" in err and "eduqa build --full --model NAME" in err


@pytest.mark.parametrize("change", ["edited", "garbled", "lost-files", "lost-checksum"])
def test_a_manifest_that_still_parses_but_changed_is_refused(hash_index, corpus_dir, tmp_path, capsys, change):
    out = tmp_path / "index"
    path = out / "manifest.json"
    manifest = json.loads(path.read_text())
    if change == "edited":
        manifest["passages"] -= 0  # the same value: only a real change counts
        path.write_text(json.dumps(manifest, indent=4))
        assert eduqa.load_index(out, embedder=HashEmbedder())
        manifest["embedder"]["name"] = "another model"
        path.write_text(json.dumps(manifest))
    elif change == "garbled":  # hex digits turn into letters: still valid JSON
        text = path.read_text()
        digest = manifest["build_id"]
        path.write_text(text.replace(digest, digest.translate(str.maketrans("0123456789", "jklmnopqrs"))))
    else:
        del manifest["files" if change == "lost-files" else "manifest_crc32"]
        path.write_text(json.dumps(manifest))
    with pytest.raises(IndexDamagedError, match="manifest.json is damaged: .*eduqa build --full"):
        eduqa.load_index(out, embedder=HashEmbedder())
    assert main(["check", str(out)]) == 1
    assert f"{path}: damaged" in capsys.readouterr().out
    rebuilt = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    assert rebuilt.report.full_rebuild.startswith("the existing index cannot be read")


@pytest.mark.parametrize("value", [float("nan"), 2**70, "\u2028 \u00e9\u00e8 \U0001f600 \x07"],
                         ids=["nan", "huge-integer", "text"])
def test_a_manifest_with_values_json_writes_its_own_way_is_checked_the_same(hash_index, tmp_path, value):
    """The checksum is that of `json`'s canonical form, however the manifest is parsed and checked."""
    out = tmp_path / "index"
    path = out / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["chunking"]["note"] = value
    seal(manifest)
    path.write_text(json.dumps(manifest, indent=2))
    loaded = eduqa.load_index(out, embedder=HashEmbedder())
    assert repr(loaded.manifest["chunking"]["note"]) == repr(value)
    manifest["chunking"]["note"] = "changed"
    path.write_text(json.dumps(manifest, indent=2))
    with pytest.raises(IndexDamagedError, match="manifest.json is damaged"):
        eduqa.load_index(out, embedder=HashEmbedder())


def test_a_build_replaces_an_index_that_lost_its_manifest(hash_index, corpus_dir, tmp_path, capsys):
    out = tmp_path / "index"
    (out / "manifest.json").unlink()
    assert main(["ask", HEADLINE, "--index", str(out), "--corpus", str(corpus_dir)]) == 1
    assert "holds no manifest.json" in capsys.readouterr().err
    assert eduqa.build_index(corpus_dir, out, embedder=HashEmbedder()).report.documents == 2
    assert storage.check_index(out).sound
