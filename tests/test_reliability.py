"""Reliability: damaged index files, hostile corpus files and killed builds (issue-style trials, one by one)."""

from __future__ import annotations

import dataclasses
import json

import pytest

import eduqa
from eduqa import corpus as corpus_module
from eduqa import storage
from eduqa.builder import up_to_date_report
from eduqa.cli import main
from eduqa.embedding import HashEmbedder


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
    assert "plan.md" not in index.manifest["documents"]
    skipped = {s["path"]: s for s in index.manifest["skipped"]}
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
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    entry = manifest["skipped"].pop()
    manifest["documents"]["plan.md"] = {"sha256": entry["sha256"], "title": "Lesson plans", "passages": 0}
    manifest_path.write_text(json.dumps(manifest))
    (corpus / "lesson.md").write_text(LESSON + "\nThey then order them on a number line.\n")
    index = eduqa.build_index(corpus, out, embedder=HashEmbedder())
    assert [s["path"] for s in index.manifest["skipped"]] == ["plan.md"]


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
    for name in ("index.building-abc123", "index.old-def456"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "passages.jsonl").write_text("half written\n")
    assert main(build) == 0
    assert "is up to date" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index")) == ["index"]


def test_leftovers_of_a_running_build_are_left_alone(tmp_path):
    corpus, out = outline_corpus(tmp_path), tmp_path / "index"
    eduqa.build_index(corpus, out, embedder=HashEmbedder())
    (tmp_path / "index.building-abc123").mkdir()
    with storage.build_lock(out):
        assert up_to_date_report(corpus, out, model="hash").up_to_date
    assert (tmp_path / "index.building-abc123").is_dir()
