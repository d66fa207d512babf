"""Building, saving, loading and searching indexes (hash embedder: no model needed)."""

from __future__ import annotations

import json
import shutil

import pyarrow.ipc
import pytest
from conftest import HEADLINE, QA_PAGE, CountingEmbedder, embedding_work, passages_of

import eduqa
from eduqa.embedding import HashEmbedder
from eduqa.errors import (
    EduqaError,
    IndexFormatError,
    IndexNotFoundError,
    IndexWriteError,
    ModelMismatchError,
    QuestionError,
)
from eduqa.manifest import FORMAT_VERSION
from eduqa.passage_store import write_store


def test_build_from_records_keeps_ids_in_memory():
    records = [
        {"id": "cats", "title": "Cats", "text": "Cats purr when they are content."},
        {"id": "dogs", "title": "Dogs", "text": "Dogs bark at strangers near the house."},
    ]
    index = eduqa.build_index(records, embedder=HashEmbedder())
    assert index.path is None
    hits = index.search("why do dogs bark", k=2)
    assert [h.id for h in hits][0] == "dogs"
    assert hits[0].citation.title == "Dogs"


def test_search_returns_hits_best_first(hash_index):
    hits = hash_index.search(HEADLINE, k=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.id for h in hits}) == 5


@pytest.mark.parametrize("retriever", ["hybrid", "dense", "lexical"])
def test_each_retriever_ranks_the_matching_passage_first(retriever):
    records = [
        {"id": "ccm", "text": "The community collaboration model addresses non-academic barriers to learning."},
        {"id": "fss", "text": "Full-service schools integrate health and social services on site."},
        {"id": "ipc", "text": "Interprofessional teams of psychologists and teachers support pupils with ADHD."},
        {"id": "bbf", "text": "The building blocks framework names the steps of effective partnerships."},
    ]
    index = eduqa.build_index(records, embedder=HashEmbedder())
    hits = index.search("which model addresses non-academic barriers", k=4, retriever=retriever)
    assert hits[0].id == "ccm"


def test_search_can_be_limited_to_documents(hash_index):
    hits = hash_index.search(HEADLINE, k=5, documents=[QA_PAGE])
    assert hits and all(h.citation.source == QA_PAGE for h in hits)


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "the question is empty"), ("   \n\t ", "the question is empty"), ("x" * 2001, "limit is 2,000")],
)
def test_bad_questions_are_refused_clearly(hash_index, question, message):
    with pytest.raises(QuestionError, match=message):
        hash_index.search(question)


def test_control_characters_are_removed_from_questions(hash_index):
    answer = hash_index.answer("Which model\x00 addresses\x1b non-academic barriers?")
    assert answer.question == "Which model addresses non-academic barriers?"


def test_answer_quotes_a_passage_and_points_at_it(hash_index):
    answer = hash_index.answer("Which model addresses non-academic barriers to learning in the United States?")
    assert answer.text is not None and len(answer.text) <= 400
    source = next(h.passage for h in answer.hits if h.id == answer.passage_id)
    quoted = source.text[answer.start - source.start:answer.end - source.start]
    assert quoted in answer.text or answer.text.endswith(quoted)


def test_saved_index_loads_with_the_same_passages_and_results(hash_index, tmp_path):
    loaded = eduqa.load_index(tmp_path / "index", embedder=HashEmbedder())
    assert loaded.passages == hash_index.passages
    assert [h.id for h in loaded.search(HEADLINE)] == [h.id for h in hash_index.search(HEADLINE)]


def test_index_folder_holds_plain_files_and_a_versioned_manifest(hash_index, tmp_path):
    folder = tmp_path / "index"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "documents.jsonl", "lexical", "manifest.json", "passages.arrow", "sentence_rows.npy", "sentences.npy",
        "token_rows.npy", "token_scales.npy", "token_starts.npy", "tokens.npy", "vectors.faiss",
    ]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["eduqa_version"] == eduqa.__version__
    assert manifest["embedder"] == {"name": "hash", "dimension": 64, "backend": "hash"}
    assert manifest["chunking"]["max_chars"] == 1200
    assert manifest["passages"] == len(hash_index)
    assert manifest["tokens"]["count"] == len(hash_index.token_vectors.codes) > 0
    # the documents are listed apart, one JSON object a line; the manifest counts them
    assert manifest["document_list"] == {"file": "documents.jsonl", "documents": 2, "skipped": 0,
                                         "authors": ["QuickTakes"]}
    assert "documents" not in manifest and "skipped" not in manifest
    rows = [json.loads(line) for line in (folder / "documents.jsonl").read_text().splitlines()]
    assert {r["path"] for r in rows} == {QA_PAGE, "effective-partnership-models.txt"}
    qa_entry = next(r for r in rows if r["path"] == QA_PAGE)["document"]
    assert len(qa_entry["sha256"]) == 64
    # the Q&A page's front matter names its author; the article names none
    assert qa_entry["author"] == "QuickTakes"
    assert "author" not in next(r for r in rows if r["path"] != QA_PAGE)["document"]
    loaded = eduqa.load_index(folder, embedder=HashEmbedder())
    assert loaded.authors == ["QuickTakes"]
    assert not loaded.document_list.loaded  # the manifest names the authors: loading reads no document list
    assert loaded.documents_by("QuickTakes") == [QA_PAGE]
    assert manifest["created"].endswith("+00:00")
    table = pyarrow.ipc.open_file(str(folder / "passages.arrow")).read_all()
    assert table.column("id")[0].as_py() == hash_index.passages[0].id
    assert table.num_rows == len(hash_index)


def _edit_manifest(folder, **changes):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize("version", [FORMAT_VERSION + 1, 0, "1", None])
def test_wrong_format_version_is_refused_with_what_to_run(hash_index, tmp_path, version):
    _edit_manifest(tmp_path / "index", format_version=version)
    with pytest.raises(IndexFormatError, match="eduqa build"):
        eduqa.load_index(tmp_path / "index", embedder=HashEmbedder())


def test_index_built_with_another_model_is_refused(hash_index, tmp_path):
    with pytest.raises(ModelMismatchError, match="built with model 'hash', not 'all-MiniLM-L6-v2'"):
        eduqa.load_index(tmp_path / "index", model="all-MiniLM-L6-v2")
    with pytest.raises(ModelMismatchError, match="dimension 64"):
        eduqa.load_index(tmp_path / "index", embedder=_Hash32())


class _Hash32(HashEmbedder):
    def __init__(self):
        super().__init__(32)
        self.name = "hash"


def test_missing_index_says_to_build(tmp_path):
    with pytest.raises(IndexNotFoundError, match="no index at .*run `eduqa build`"):
        eduqa.load_index(tmp_path / "nothing")


def test_unreadable_parts_are_reported(hash_index, tmp_path):
    folder = tmp_path / "index"
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(IndexFormatError, match="manifest.json is unreadable"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_truncated_passages_file_is_detected(hash_index, tmp_path):
    folder = tmp_path / "index"
    data = (folder / "passages.arrow").read_bytes()
    (folder / "passages.arrow").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexFormatError, match="passages.arrow is damaged: it is .* bytes.*eduqa build --full"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_a_passages_file_of_another_length_is_detected(hash_index, tmp_path):
    folder = tmp_path / "index"
    write_store(list(hash_index.passages)[:-3], folder / "passages.arrow")
    with pytest.raises(IndexFormatError, match="passages.arrow is damaged"):  # its size differs from its record
        eduqa.load_index(folder, embedder=HashEmbedder())
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["files"], manifest["manifest_crc32"]  # as an index from before checksums
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="passages.arrow has .* passages but the manifest says"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_corrupt_vectors_file_is_reported(hash_index, tmp_path):
    folder = tmp_path / "index"
    (folder / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexFormatError, match="vectors.faiss is damaged"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_failed_write_leaves_the_previous_index_intact(hash_index, corpus_dir, tmp_path, monkeypatch):
    folder = tmp_path / "index"
    before = (folder / "manifest.json").read_text()
    (corpus_dir / "new.txt").write_text("New\n\nA new document about homework clubs.\n")

    def explode(self, path):
        raise OSError("disk full")

    monkeypatch.setattr("eduqa.lexical.LexicalIndex.save", explode)
    with pytest.raises(IndexWriteError, match="disk full.*the index that was there is unchanged"):
        eduqa.build_index(corpus_dir, folder, embedder=HashEmbedder())
    assert (folder / "manifest.json").read_text() == before
    assert eduqa.load_index(folder, embedder=HashEmbedder()).search(HEADLINE)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("index.")]
    assert leftovers == []  # no staging folder left


def test_interrupted_swap_is_recovered(hash_index, tmp_path):
    folder = tmp_path / "index"
    aside = tmp_path / "index.old-abc123"
    shutil.move(folder, aside)  # as if a build died between its two renames
    loaded = eduqa.load_index(folder, embedder=HashEmbedder())
    assert len(loaded) == len(hash_index)
    assert not aside.exists()


def test_rebuild_embeds_only_new_and_changed_documents(corpus_dir, tmp_path):
    folder = tmp_path / "index"
    first = CountingEmbedder()
    index = eduqa.build_index(corpus_dir, folder, embedder=first)
    assert first.embedded == embedding_work(index.passages) and index.report.embedded == len(index)

    (corpus_dir / "homework.md").write_text("# Homework clubs\n\nHomework clubs meet after school twice a week.\n")
    again = CountingEmbedder()
    index = eduqa.build_index(corpus_dir, folder, embedder=again)
    report = index.report
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 0, 0, 2)
    assert report.embedded == 1 and again.embedded == embedding_work(passages_of(index, "homework.md"))

    (corpus_dir / "homework.md").write_text("# Homework clubs\n\nThey now meet three times a week.\n")
    (corpus_dir / QA_PAGE).unlink()
    third = CountingEmbedder()
    index = eduqa.build_index(corpus_dir, folder, embedder=third)
    assert (index.report.added, index.report.changed, index.report.removed, index.report.unchanged) == (0, 1, 1, 1)
    assert index.report.embedded == 1 and third.embedded == embedding_work(passages_of(index, "homework.md"))
    assert QA_PAGE not in index.documents
    assert "three times a week" in index.search("how often do homework clubs meet", k=1)[0].text


def test_full_rebuild_embeds_everything(hash_index, corpus_dir, tmp_path):
    again = CountingEmbedder()
    index = eduqa.build_index(corpus_dir, tmp_path / "index", embedder=again, full=True)
    assert again.embedded == embedding_work(index.passages)
    assert index.report.full_rebuild == "a full rebuild was asked for"


def test_changed_chunking_forces_a_full_rebuild(hash_index, corpus_dir, tmp_path):
    from eduqa.settings import ChunkSettings

    again = CountingEmbedder()
    index = eduqa.build_index(
        corpus_dir, tmp_path / "index", embedder=again, chunking=ChunkSettings(min_words=20)
    )
    assert index.report.full_rebuild == "the chunking settings changed"
    assert again.embedded == embedding_work(index.passages)


def test_index_status_tells_when_the_index_is_stale(hash_index, corpus_dir, tmp_path):
    folder = tmp_path / "index"
    assert eduqa.index_status(corpus_dir, folder, model="hash") == []
    (corpus_dir / QA_PAGE).write_text((corpus_dir / QA_PAGE).read_text() + "\nMore.\n")
    assert eduqa.index_status(corpus_dir, folder, model="hash") == [f"changed: {QA_PAGE}"]
    assert "the model changed" in eduqa.index_status(corpus_dir, folder)[0]
    assert "no index at" in eduqa.index_status(corpus_dir, tmp_path / "none")[0]


def test_empty_corpus_is_an_error_and_writes_nothing(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.txt").write_text("")
    with pytest.raises(eduqa.EmptyCorpusError, match="nothing to index.*empty.txt: empty file"):
        eduqa.build_index(tmp_path / "corpus", tmp_path / "index", embedder=HashEmbedder())
    assert not (tmp_path / "index").exists()


def test_a_folder_that_is_not_an_index_is_never_replaced(corpus_dir, tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine")
    with pytest.raises(EduqaError, match="not an eduqa index"):
        eduqa.build_index(corpus_dir, precious, embedder=HashEmbedder())
    assert (precious / "keep.txt").read_text() == "mine"


def test_questions_embed_only_the_question_sentence_vectors_come_from_the_index(hash_index, tmp_path):
    counting = CountingEmbedder()
    loaded = eduqa.load_index(tmp_path / "index", embedder=counting)
    assert loaded.sentence_vectors.passages == len(loaded)
    loaded.search("What do full-service schools integrate?", k=5)
    loaded.answer("What do full-service schools integrate?", k=5)
    assert counting.embedded == 2  # one question vector per call, no sentence embedding


def test_unreadable_sentence_vectors_are_reported(hash_index, tmp_path):
    folder = tmp_path / "index"
    (folder / "sentences.npy").write_bytes(b"not numpy")
    with pytest.raises(IndexFormatError, match="sentences.npy is damaged"):
        eduqa.load_index(folder, embedder=HashEmbedder())
    (folder / "sentences.npy").unlink()
    with pytest.raises(IndexNotFoundError, match="sentences.npy is missing"):
        eduqa.load_index(folder, embedder=HashEmbedder())


def test_a_history_that_is_not_a_list_of_questions_is_refused(hash_index):
    with pytest.raises(eduqa.QuestionError, match="history must be a list"):
        hash_index.answer("Tell me more about the third one", history="What are the common models?")
    with pytest.raises(eduqa.QuestionError, match="history must be a list"):
        hash_index.answer("Tell me more about the third one", history=42)
    assert hash_index.answer("What are the common models?", history=[]).question == "What are the common models?"
