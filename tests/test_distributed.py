"""Builds on Ray: a local Ray of 2 CPUs builds the same index as a local build, incrementally too, and survives
(or fails cleanly on) a worker that dies."""

from __future__ import annotations

import functools
import json
import os
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest
from conftest import HEADLINE, QA_PAGE

import eduqa
from eduqa.cli import main
from eduqa.embedding import HashEmbedder, load_embedder
from eduqa.errors import SettingsError

try:
    import ray
    import ray.cloudpickle
except ImportError:  # pragma: no cover - `make setup` installs the ray extra
    pytest.skip("ray is not installed (pip install 'eduqa[ray]')", allow_module_level=True)

from eduqa.distributed import WORKER_NICENESS, DistributedBuildError, RaySettings, build_on_ray, connect  # noqa: E402

# the embedders below run inside Ray's workers, which cannot import this test module by name
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])

#: The process of the tests: the embedders below die only in Ray's workers.
DRIVER = os.getpid()

SETTINGS = RaySettings(actors=2, batch_size=8, retries=2)
ONE_ACTOR = RaySettings(actors=1, batch_size=16, retries=2)
QUESTIONS = (HEADLINE, "What is a full-service community school?", "How do partnerships help students?")


@pytest.fixture(scope="module", autouse=True)
def ray_session():
    """One local Ray of 2 CPUs for the whole module."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def hash_embedder():
    return load_embedder("hash")


def assert_same_index(a, b) -> None:
    """The same passages, ids and citations, vectors within cosine 0.999, and the same answers."""
    assert len(a) == len(b) > 0
    assert list(a.passages) == list(b.passages)
    assert [p.citation for p in a.passages] == [p.citation for p in b.passages]
    cosines = (a.dense.vectors() * b.dense.vectors()).sum(axis=1)
    assert cosines.min() >= 0.999
    for position in range(len(a)):
        np.testing.assert_allclose(a.sentence_vectors.of(position), b.sentence_vectors.of(position), atol=1e-3)
        np.testing.assert_allclose(a.token_vectors.of(position).vectors, b.token_vectors.of(position).vectors,
                                   atol=1e-2)
    for question in QUESTIONS:
        one, other = a.answer(question), b.answer(question)
        assert (one.text, one.passage_id) == (other.text, other.passage_id)
        assert [h.id for h in one.hits] == [h.id for h in other.hits]


class Counted(HashEmbedder):
    """A hash embedder that leaves a file in a folder each time a Ray worker makes one (loads the model)."""

    def __init__(self, folder: str) -> None:
        super().__init__()
        if os.getpid() != DRIVER:
            (Path(folder) / f"{os.getpid()}-{uuid.uuid4().hex}").write_text("loaded")


def test_a_ray_build_is_the_local_build_and_updates_the_same_way(corpus_dir, tmp_path) -> None:
    extra = corpus_dir / "extra.md"
    extra.write_text("# Mentoring\n\nMentoring circles pair retired engineers with pupils once a week.\n")
    # the shards of an earlier build on Ray whose driver was killed
    (tmp_path / ".ray.ray-0badc0de" / "shards-1a2b3c4d").mkdir(parents=True)
    (tmp_path / ".ray.ray-0badc0de" / "shards-1a2b3c4d" / "part-0.parquet").write_bytes(b"half written")
    loads = tmp_path / "loads"
    loads.mkdir()
    built = build_on_ray(corpus_dir, tmp_path / "ray", make_embedder=functools.partial(Counted, str(loads)),
                         ray_settings=SETTINGS)
    # each actor loads the model once, for the passages and their sentences alike
    assert len(list(loads.iterdir())) == SETTINGS.actors
    local = eduqa.build_index(corpus_dir, tmp_path / "local", embedder=HashEmbedder())
    timing = {"seconds": 0, "embedding_seconds": 0, "index": None}
    assert built.report.to_dict() | timing == local.report.to_dict() | timing
    assert 0 < built.report.embedding_seconds < built.report.seconds
    assert_same_index(built, local)
    loaded = eduqa.load_index(tmp_path / "ray", embedder=HashEmbedder())
    assert_same_index(loaded, eduqa.load_index(tmp_path / "local", embedder=HashEmbedder()))
    ours, theirs = (json.loads((tmp_path / n / "manifest.json").read_text()) for n in ("ray", "local"))
    for key in ("build_id", "created", "manifest_crc32"):
        ours.pop(key), theirs.pop(key)
    assert ours.pop("files").keys() == theirs.pop("files").keys()  # the same files (their bytes may differ a bit)
    assert ours == theirs
    assert not [p for p in tmp_path.iterdir() if ".ray-" in p.name]  # the shards are gone, old and new

    # add, change and remove a document: only the new and changed ones go to the cluster
    (corpus_dir / "new.md").write_text("# Tutoring\n\nPeer tutoring lets older pupils coach younger ones.\n")
    extra.write_text("# Mentoring\n\nMentoring circles pair retired nurses with pupils every month.\n")
    (corpus_dir / QA_PAGE).unlink()
    again = build_on_ray(corpus_dir, tmp_path / "ray", make_embedder=hash_embedder, ray_settings=ONE_ACTOR)
    local = eduqa.build_index(corpus_dir, tmp_path / "local", embedder=HashEmbedder())
    report = again.report
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert report.embedded == local.report.embedded == 2
    assert_same_index(again, local)


class DyingOnce:
    """A hash embedder whose first embedding call anywhere kills its worker process (a crash, an OOM kill)."""

    name, dimension, backend = "hash", 64, "hash"

    def __init__(self, marker: str) -> None:
        self.marker = Path(marker)
        self.inner = HashEmbedder()

    def _maybe_die(self) -> None:
        if os.getpid() != DRIVER and not self.marker.exists():
            self.marker.write_text("died")
            os._exit(1)

    def embed(self, texts, *, batch_size=32, progress=False):
        self._maybe_die()
        return self.inner.embed(texts)

    def embed_tokens(self, texts, *, batch_size=32, progress=False):
        self._maybe_die()
        return self.inner.embed_tokens(texts)


class AlwaysDying(DyingOnce):
    def _maybe_die(self) -> None:
        if os.getpid() != DRIVER:
            os._exit(1)


def test_a_worker_killed_mid_build_is_retried(corpus_dir, tmp_path) -> None:
    marker = tmp_path / "died"
    make = functools.partial(DyingOnce, str(marker))
    built = build_on_ray(corpus_dir, tmp_path / "ray", make_embedder=make, ray_settings=ONE_ACTOR)
    assert marker.read_text() == "died"  # a worker did die
    assert_same_index(built, eduqa.build_index(corpus_dir, tmp_path / "local", embedder=HashEmbedder()))


def test_a_build_whose_workers_keep_dying_fails_and_keeps_the_index(corpus_dir, tmp_path) -> None:
    out = tmp_path / "index"
    before = eduqa.build_index(corpus_dir, out, embedder=HashEmbedder())
    (corpus_dir / "new.md").write_text("# Tutoring\n\nPeer tutoring lets older pupils coach younger ones.\n")
    settings = RaySettings(actors=1, batch_size=16, retries=0)
    with pytest.raises(DistributedBuildError, match="the build on Ray failed"):
        build_on_ray(corpus_dir, out, make_embedder=functools.partial(AlwaysDying, "unused"), ray_settings=settings)
    after = eduqa.load_index(out, embedder=HashEmbedder())
    assert list(after.passages) == list(before.passages)
    assert eduqa.index_status(corpus_dir, out, model="hash") == ["new: new.md"]
    assert not [p for p in tmp_path.iterdir() if ".ray-" in p.name or ".building-" in p.name]


def test_the_build_command_runs_on_ray(corpus_dir, tmp_path, capsys) -> None:
    out = tmp_path / "index"
    args = ["build", "--corpus", str(corpus_dir), "--index", str(out), "--model", "hash", "--json"]
    assert main([*args, "--ray", "--ray-actors", "1", "--ray-batch-size", "16"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passages"] > 0 and report["embedded"] == report["passages"]
    assert eduqa.load_index(out, embedder=HashEmbedder()).answer(HEADLINE).text
    assert main([*args, "--ray"]) == 0  # nothing changed: no work for the cluster
    assert json.loads(capsys.readouterr().out)["up_to_date"] is True


def test_ray_options_need_ray_and_are_checked(corpus_dir, tmp_path, capsys) -> None:
    args = ["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i"), "--model", "hash"]
    assert main([*args, "--ray-actors", "2"]) == 1
    assert capsys.readouterr().err == "eduqa: error: --ray-actors, --ray-threads and --ray-batch-size need --ray\n"
    for settings, message in (
        ({"actors": 0}, "actors must be at least 1, got 0"),
        ({"batch_size": 0}, "batch_size must be at least 1, got 0"),
        ({"threads_per_actor": 0}, "threads_per_actor must be at least 1, got 0"),
        ({"retries": -1}, "retries must be at least 0, got -1"),
    ):
        with pytest.raises(SettingsError, match=message):
            RaySettings(**settings)


@pytest.mark.parametrize("address", [None, "ray://head:10001"], ids=["local", "cluster"])
def test_a_local_ray_runs_its_workers_at_the_priority_of_the_command(monkeypatch, address) -> None:
    """Ray starts workers at niceness 15; a local Ray's would wait on a busy machine where a local build would not."""
    monkeypatch.setenv(WORKER_NICENESS, "unset")  # restored after the test
    monkeypatch.delenv(WORKER_NICENESS)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    started = []
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", lambda **kwargs: started.append((os.environ.get(WORKER_NICENESS), kwargs)))
    monkeypatch.setattr(ray, "cluster_resources", dict)
    connect(RaySettings(address=address, local_cpus=2))
    options = {"include_dashboard": False, "log_to_driver": False}
    if address is None:
        assert started == [("0", {"address": None, **options, "num_cpus": 2})]
    else:  # a cluster's workers run as that cluster was started
        assert started == [(None, {"address": address, **options})]
