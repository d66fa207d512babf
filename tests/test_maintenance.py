"""Keeping an index up to date: incremental builds, full rebuilds, crashes, locks and live reloading."""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import HEADLINE, QA_PAGE, ROOT, embedding_work, passages_of

import eduqa
from eduqa import storage
from eduqa.cli import main
from eduqa.embedding import HashEmbedder
from eduqa.errors import BuildLockedError, ModelMismatchError
from eduqa.settings import ChunkSettings

ARTICLE = "effective-partnership-models.txt"
NEW_DOC = "# Field trips\n\nField trips to the science museum happen every spring for year four.\n"


def vectors_by_id(index: eduqa.Index) -> dict[str, np.ndarray]:
    vectors = index.dense.vectors()
    return {p.id: vectors[row] for row, p in enumerate(index.passages)}


# --- incremental builds -----------------------------------------------------------------------------


def test_incremental_add_change_remove(corpus_dir, tmp_path, embedder):
    out = tmp_path / "index"
    first = eduqa.build_index(corpus_dir, out, embedder=embedder)
    assert (first.report.added, first.report.embedded) == (2, len(first))
    assert embedder.embedded == embedding_work(first.passages)

    embedder.embedded = 0
    same = eduqa.build_index(corpus_dir, out, embedder=embedder).report
    assert (same.unchanged, same.added, same.changed, same.removed, same.embedded) == (2, 0, 0, 0, 0)
    assert embedder.embedded == 0

    (corpus_dir / "trips.md").write_text(NEW_DOC)
    added = eduqa.build_index(corpus_dir, out, embedder=embedder)
    new_passages = added.document_list.documents["trips.md"]["passages"]
    assert (added.report.added, added.report.unchanged, added.report.embedded) == (1, 2, new_passages)
    assert embedder.embedded == embedding_work(passages_of(added, "trips.md"))
    assert added.search("science museum field trips", k=1)[0].citation.source == "trips.md"

    embedder.embedded = 0
    with open(corpus_dir / ARTICLE, "a", encoding="utf-8") as handle:
        handle.write("\nMentoring Partnerships\n\nLocal firms mentor pupils through weekly visits to their offices.\n")
    changed = eduqa.build_index(corpus_dir, out, embedder=embedder)
    article_passages = changed.document_list.documents[ARTICLE]["passages"]
    assert (changed.report.changed, changed.report.unchanged, changed.report.embedded) == (1, 2, article_passages)
    assert embedder.embedded == embedding_work(passages_of(changed, ARTICLE))

    embedder.embedded = 0
    (corpus_dir / QA_PAGE).unlink()
    removed = eduqa.build_index(corpus_dir, out, embedder=embedder)
    assert (removed.report.removed, removed.report.documents, removed.report.embedded) == (1, 2, 0)
    assert QA_PAGE not in {p.source for p in removed.passages}
    assert QA_PAGE not in removed.document_list.documents

    # the incremental result is the same as building everything again
    full = eduqa.build_index(corpus_dir, tmp_path / "full", embedder=HashEmbedder())
    assert [p.id for p in removed.passages] == [p.id for p in full.passages]
    a, b = vectors_by_id(removed), vectors_by_id(full)
    assert all(np.allclose(a[pid], b[pid]) for pid in a)


def test_change_one_and_delete_another(corpus_dir, tmp_path, embedder):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=embedder)
    (corpus_dir / QA_PAGE).unlink()
    text = (corpus_dir / ARTICLE).read_text(encoding="utf-8")
    (corpus_dir / ARTICLE).write_text(text.replace("partnerships", "alliances", 1), encoding="utf-8")
    report = eduqa.build_index(corpus_dir, out, embedder=embedder).report
    assert (report.changed, report.removed, report.added, report.unchanged) == (1, 1, 0, 0)
    assert report.embedded == report.passages


def test_build_json_fields(corpus_dir, tmp_path, capsys):
    args = ["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index"), "--model", "hash", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    for key in ("documents", "added", "changed", "removed", "unchanged", "passages", "embedded", "skipped", "seconds"):
        assert key in first
    assert (first["documents"], first["added"], first["embedded"]) == (2, 2, first["passages"])
    assert first["skipped"] == [] and first["seconds"] > 0
    assert 0 < first["embedding_seconds"] < first["seconds"]

    (corpus_dir / "trips.md").write_text(NEW_DOC)
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["added"], second["unchanged"], second["documents"]) == (1, 2, 3)
    assert 0 < second["embedded"] < second["passages"]

    assert main(args) == 0
    third = json.loads(capsys.readouterr().out)
    assert third["up_to_date"] and third["embedded"] == 0 and third["unchanged"] == 3


def test_full_flag_embeds_everything(corpus_dir, tmp_path, capsys):
    args = ["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index"), "--model", "hash"]
    assert main(args) == 0
    capsys.readouterr()
    assert main([*args, "--full"]) == 0
    out = capsys.readouterr().out
    assert "Rebuilding everything: a full rebuild was asked for." in out
    assert "0 unchanged" in out


def test_another_model_forces_a_full_rebuild(corpus_dir, tmp_path, capsys):
    args = ["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index"), "--json"]
    assert main([*args, "--model", "hash"]) == 0
    capsys.readouterr()
    assert main([*args, "--model", "hash-32"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["full_rebuild"] == "the model changed from hash to hash-32"
    assert report["embedded"] == report["passages"] and report["unchanged"] == 0
    assert eduqa.load_index(tmp_path / "index").embedder.dimension == 32


def test_other_chunk_settings_force_a_full_rebuild(corpus_dir, tmp_path, embedder):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=embedder)
    report = eduqa.build_index(corpus_dir, out, embedder=embedder, chunking=ChunkSettings(target_words=80)).report
    assert report.full_rebuild == "the chunking settings changed"
    assert report.embedded == report.passages


# --- eduqa ask notices a changed corpus -------------------------------------------------------------


def test_ask_warns_when_the_corpus_changed(corpus_dir, tmp_path, capsys):
    index = str(tmp_path / "index")
    assert main(["build", "--corpus", str(corpus_dir), "--index", index, "--model", "hash", "--quiet"]) == 0
    capsys.readouterr()
    ask = ["ask", HEADLINE, "--index", index, "--corpus", str(corpus_dir)]
    assert main(ask) == 0
    assert "corpus has changed" not in capsys.readouterr().err

    (corpus_dir / "trips.md").write_text(NEW_DOC)
    (corpus_dir / QA_PAGE).unlink()
    assert main(ask) == 0
    captured = capsys.readouterr()
    assert "the corpus has changed since the index was built" in captured.err
    assert "new: trips.md" in captured.err and f"removed: {QA_PAGE}" in captured.err
    assert "run `eduqa build`" in captured.err
    assert "Sources:" in captured.out  # it still answers from the index it has


# --- crash safety -----------------------------------------------------------------------------------

# Builds the corpus again in a separate process and stops (then waits to be killed) at a given moment.
SLOW_BUILD = """
import os, sys, time
import eduqa
from eduqa import storage
from eduqa.embedding import HashEmbedder

corpus, index, phase = sys.argv[1:4]

def pause(name):
    print(name, flush=True)
    time.sleep(300)

class SlowEmbedder(HashEmbedder):
    def embed(self, texts, **options):
        if phase == "embedding":
            pause(phase)
        return super().embed(texts, **options)

swap_in = storage._swap_in
def paused_swap_in(staging, folder):
    if phase == "before-swap":
        pause(phase)
    swap_in(staging, folder)
    if phase == "after-swap":
        pause(phase)
storage._swap_in = paused_swap_in

if phase == "between-renames":  # the swap used where renameat2 is missing: two renames
    storage._exchange = lambda a, b: False
    rename = os.rename
    def paused_rename(src, dst):
        rename(src, dst)
        if ".old-" in str(dst):
            pause(phase)
    os.rename = paused_rename

eduqa.build_index(corpus, index, embedder=SlowEmbedder(), full=True)
"""


def start_slow_build(tmp_path: Path, corpus: Path, index: Path, phase: str) -> subprocess.Popen:
    script = tmp_path / "slow_build.py"
    script.write_text(SLOW_BUILD)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(corpus), str(index), phase],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""
    if line.strip() != phase:
        proc.kill()
        pytest.fail(f"the build did not reach {phase}: {proc.communicate()[1]}")
    return proc


@pytest.mark.parametrize("phase", ["embedding", "before-swap", "after-swap", "between-renames"])
def test_build_killed_at_any_moment_leaves_a_loadable_index(corpus_dir, tmp_path, phase):
    out = tmp_path / "index"
    old = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    (corpus_dir / "trips.md").write_text(NEW_DOC)

    proc = start_slow_build(tmp_path, corpus_dir, out, phase)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    index = eduqa.load_index(out, embedder=HashEmbedder())
    if phase == "after-swap":  # the new index was complete and in place: it is the one loaded
        assert index.manifest["build_id"] != old.manifest["build_id"]
        assert "trips.md" in index.document_list.documents
    else:
        assert index.manifest["build_id"] == old.manifest["build_id"]
        assert [p.id for p in index.passages] == [p.id for p in old.passages]
    answer = index.answer(HEADLINE)
    assert answer.text and "Community Collaboration Model" in answer.text

    # the next build is not blocked by the dead one, and removes what it left behind
    report = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder()).report
    assert "trips.md" in eduqa.load_index(out).document_list.documents
    assert report.documents == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index")) == ["index"]


def test_a_build_after_an_interrupted_swap_reuses_the_old_index(corpus_dir, tmp_path):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    proc = start_slow_build(tmp_path, corpus_dir, out, "between-renames")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert not out.exists()  # killed between the two renames of the fallback swap
    report = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder()).report
    assert (report.unchanged, report.embedded, report.full_rebuild) == (2, 0, None)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index")) == ["index"]


def test_a_failed_write_keeps_the_old_index(corpus_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "index"
    old = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    (corpus_dir / "trips.md").write_text(NEW_DOC)

    def disk_full(self, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("eduqa.dense.DenseIndex.save", disk_full)
    code = main(["build", "--corpus", str(corpus_dir), "--index", str(out), "--model", "hash", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "could not write the index" in err and "No space left on device" in err and "unchanged" in err
    assert eduqa.load_index(out).manifest["build_id"] == old.manifest["build_id"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index")) == ["index"]


def test_a_second_build_is_refused_while_one_runs(corpus_dir, tmp_path, capsys):
    out = tmp_path / "index"
    with storage.build_lock(out):
        with pytest.raises(BuildLockedError, match="another build is writing the index"):
            eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
        code = main(["build", "--corpus", str(corpus_dir), "--index", str(out), "--model", "hash"])
        assert code == 1
        assert "another build is writing the index" in capsys.readouterr().err
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())  # free again


def test_leftover_staging_folders_are_removed(corpus_dir, tmp_path):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    # a killed local build, an interrupted swap, and the shards of a build on Ray whose driver was killed
    for name in ("index.building-abc123", "index.old-def456", ".index.ray-0badc0de/shards-1a2b3c4d"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "part-0.parquet").write_text("half written\n")
    (tmp_path / ".other.ray-0badc0de").mkdir()  # another index's: not this build's to remove
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    assert sorted(p.name for p in tmp_path.iterdir() if "index" in p.name) == [".index.lock", "index"]
    assert (tmp_path / ".other.ray-0badc0de").is_dir()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_loading_while_builds_swap_indexes_in(corpus_dir, tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(storage, "_exchange", lambda a, b: False)
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    errors: list[BaseException] = []
    done = threading.Event()

    def rebuild() -> None:
        try:
            for n in range(8):
                (corpus_dir / "trips.md").write_text(NEW_DOC + f"\nVisit number {n}.\n" * (n + 1))
                eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=rebuild)
    thread.start()
    loads = 0
    while not done.is_set() or loads == 0:
        try:
            index = eduqa.load_index(out, embedder=HashEmbedder())
            assert len(index.passages) == index.dense.size == index.manifest["passages"]
            loads += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            break
    thread.join()
    assert errors == []
    assert loads > 0


# --- live reloading ---------------------------------------------------------------------------------


def test_live_index_picks_up_a_rebuild(corpus_dir, tmp_path):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live = eduqa.LiveIndex(out, check_every=0)
    before, embedder = live.build_id, live.index.embedder
    assert live.search("science museum field trips", k=1)[0].citation.source != "trips.md"

    (corpus_dir / "trips.md").write_text(NEW_DOC)
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    hit = live.search("science museum field trips", k=1)[0]
    assert hit.citation.source == "trips.md"
    assert live.build_id != before
    assert live.index.embedder is embedder  # same model: not loaded again
    assert live.refresh() is False  # nothing new since


def test_live_index_checks_at_most_every_check_every_seconds(corpus_dir, tmp_path):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live = eduqa.LiveIndex(out, check_every=3600)
    before = live.build_id
    (corpus_dir / "trips.md").write_text(NEW_DOC)
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live.answer(HEADLINE)
    assert live.build_id == before
    assert live.reload() is True  # an explicit reload does not wait
    assert live.build_id != before
    assert live.reload() is False


def test_live_index_keeps_the_old_index_when_the_new_one_is_refused(corpus_dir, tmp_path, caplog):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live = eduqa.LiveIndex(out, model="hash", check_every=0)
    before = live.build_id
    eduqa.build_index(corpus_dir, out, model="hash-32")
    with caplog.at_level(logging.WARNING, logger="eduqa"):
        assert live.answer(HEADLINE).text
    assert live.build_id == before
    assert "keeping the index loaded before" in caplog.text and "hash-32" in caplog.text
    with pytest.raises(ModelMismatchError):
        live.reload()
    assert live.build_id == before


def test_live_index_follows_a_new_model_when_none_is_fixed(corpus_dir, tmp_path):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live = eduqa.LiveIndex(out, check_every=0)
    eduqa.build_index(corpus_dir, out, model="hash-32")
    assert live.index.embedder.dimension == 32
    assert live.search(HEADLINE, k=1)


def test_live_index_answers_during_a_rebuild_in_another_process(corpus_dir, tmp_path):
    out = tmp_path / "index"
    eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    live = eduqa.LiveIndex(out, check_every=0)
    before = live.build_id
    for n in range(30):  # enough new documents that the build takes a moment
        (corpus_dir / f"trip-{n:02d}.md").write_text(NEW_DOC.replace("year four", f"class {n}") * 3)
    build = subprocess.Popen(
        [sys.executable, "-m", "eduqa", "build", "--corpus", str(corpus_dir), "--index", str(out),
         "--model", "hash", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answered = 0
    while build.poll() is None:
        answer = live.answer(HEADLINE)
        assert answer.hits and answer.text
        answered += 1
    assert build.returncode == 0, build.stderr.read()
    assert answered > 0
    hit = live.search("science museum field trips class 17", k=1)[0]
    assert hit.citation.source.startswith("trip-")
    assert live.build_id != before
    assert len(live.index.document_list.documents) == 32
