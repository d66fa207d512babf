"""Building an index on a Ray cluster (``eduqa build --ray``).

The build is the local one (`eduqa.builder`) with its two heavy stages handed to Ray Data:

- reading and splitting files: Ray tasks, a few files each, return the parsed documents and their passages;
- embedding: a pool of actors, each loading the model once, embeds passages (their vectors and token vectors
  in one pass) and sentences in batches, and writes the results as Parquet shards to a staging folder.

The driver (the process that runs the build) reads the shards back in passage order, trains the dense index and
the token codebook, builds BM25 and writes the index folder with the same lock, atomic swap and manifest as a
local build. Only new and changed files go to the cluster, as in a local build. Ray retries the work of an
actor that dies; when the retries run out the build fails and the previous index stays as it was.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import shutil
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .builder import build_index, previous_backend
from .corpus import DEFAULT_MAX_FILE_BYTES, CorpusFiles, corpus_files, read_corpus
from .embedding import Embedder, load_embedder, supports_tokens
from .errors import EduqaError, SettingsError
from .index import Index
from .passages import Passage, split_document
from .settings import DEFAULT_MODEL, ChunkSettings, DenseSettings, SearchSettings
from .tokens import TextTokens

log = logging.getLogger(__name__)

#: Files read and split by one task.
FILES_PER_TASK = 8


class DistributedBuildError(EduqaError):
    """A build on Ray failed; the index that was there is unchanged."""


@dataclass(frozen=True)
class RaySettings:
    """Where and how a build runs on Ray."""

    #: None: ``$RAY_ADDRESS``, else a new local Ray; ``"auto"``: the cluster running on this machine;
    #: ``"ray://host:10001"`` or ``"host:6379"``: that cluster.
    address: str | None = None
    #: Embedding actors; None: the cluster's CPUs divided by `threads_per_actor`.
    actors: int | None = None
    threads_per_actor: int = 1
    #: Texts an actor embeds at a time.
    batch_size: int = 64
    #: How often the work of an actor that died is tried again before the build fails.
    retries: int = 3
    #: Folder (or pyarrow file-system URI) for the shards; None: a temporary folder beside the index.
    #: On a cluster of several machines it must be storage that every machine can write and the driver read.
    staging: str | None = None
    #: CPUs of the local Ray started when there is no address (None: all of this machine's).
    local_cpus: int | None = None

    def __post_init__(self) -> None:
        for name in ("threads_per_actor", "batch_size"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.actors is not None and self.actors < 1:
            raise SettingsError(f"actors must be at least 1, got {self.actors}")
        if self.retries < 0:
            raise SettingsError(f"retries must be at least 0, got {self.retries}")


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise EduqaError("building on Ray needs Ray: install it with `pip install 'eduqa[ray]'`") from exc
    return ray


def connect(settings: RaySettings) -> None:
    """Join the Ray cluster of `settings`, or start a local one (nothing to do when this process is connected)."""
    ray = _ray()
    if ray.is_initialized():
        return
    address = settings.address or os.environ.get("RAY_ADDRESS") or None
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    if address is None and settings.local_cpus is not None:
        kwargs["num_cpus"] = settings.local_cpus
    try:
        ray.init(address=address, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise DistributedBuildError(f"cannot join the Ray cluster at {address}: {exc}") from exc
    log.info("building on Ray: %s", ray.cluster_resources())


def actor_count(settings: RaySettings) -> int:
    """How many embedding actors to start: as asked, else one per `threads_per_actor` CPUs of the cluster."""
    if settings.actors is not None:
        return settings.actors
    cpus = int(_ray().cluster_resources().get("CPU", 1))
    return max(1, cpus // settings.threads_per_actor)


# --- reading and splitting, as tasks ----------------------------------------------------------------


def _read_task(
    batch: dict[str, np.ndarray],
    folder: str,
    max_bytes: int,
    known: Mapping[str, Any],
    skipped_before: Mapping[str, Mapping[str, str]],
    chunking: ChunkSettings,
) -> dict[str, list]:
    """Read and split the files of one task: the `CorpusFiles` of those files and their passages, pickled."""
    root = Path(folder)
    results = []
    for number, files in zip(batch["task"], batch["files"]):
        found = read_corpus(
            root, max_bytes, reuse=lambda source, digest: known.get(source) == digest,
            skipped_before=skipped_before, files=pickle.loads(files),
        )
        split = {source: split_document(document, chunking) for source, document in found.documents.items()}
        results.append((int(number), pickle.dumps((found, split))))
    return {"task": [r[0] for r in results], "payload": [r[1] for r in results]}


def ray_corpus_reader(chunking: ChunkSettings, settings: RaySettings) -> Callable:
    """A corpus reader for `build_index` that reads and splits the files of a folder in Ray tasks."""

    def read(
        folder: Path, max_bytes: int, known: Mapping[str, Any], skipped_before: Mapping[str, Mapping[str, str]]
    ) -> tuple[CorpusFiles, dict[str, list[Passage]]]:
        ray = _ray()
        paths = corpus_files(folder)
        # paths travel pickled: a file name need not be valid UTF-8
        tasks = [
            {"task": n, "files": pickle.dumps(paths[start:start + FILES_PER_TASK])}
            for n, start in enumerate(range(0, len(paths), FILES_PER_TASK))
        ]
        found, split = CorpusFiles(), {}
        if not tasks:
            return found, split
        dataset = ray.data.from_items(tasks).map_batches(
            _read_task,
            batch_size=1,
            fn_kwargs={
                "folder": str(folder), "max_bytes": max_bytes, "known": dict(known),
                "skipped_before": {k: dict(v) for k, v in skipped_before.items()}, "chunking": chunking,
            },
            max_retries=settings.retries,
        )
        rows = sorted(_run(dataset.take_all), key=lambda row: row["task"])
        for row in rows:  # in task order, which is the order of the files
            part, passages = pickle.loads(row["payload"])
            found.documents.update(part.documents)
            found.order += part.order
            found.reused |= part.reused
            found.skipped += part.skipped
            found.warnings += part.warnings
            found.hashes.update(part.hashes)
            found.sizes.update(part.sizes)
            split.update(passages)
        log.info("read %d files in %d Ray tasks", len(paths), len(tasks))
        return found, split

    return read


# --- embedding, in a pool of actors ------------------------------------------------------------------


class _EmbedActor:
    """One embedding actor: loads the model once and embeds batches of texts."""

    def __init__(self, make_embedder: Callable[[], Embedder], with_tokens: bool, threads: int) -> None:
        self.embedder = make_embedder()
        self.with_tokens = with_tokens
        if "torch" in sys.modules:  # a torch model: as many threads as the actor has CPUs
            sys.modules["torch"].set_num_threads(threads)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        texts = [str(t) for t in batch["text"]]
        if self.with_tokens:
            vectors, tokens = self.embedder.embed_tokens(texts, batch_size=len(texts))  # type: ignore[attr-defined]
        else:
            vectors, tokens = self.embedder.embed(texts, batch_size=len(texts)), []
        vectors = np.asarray(vectors, dtype=np.float32)
        return {
            "row": np.asarray(batch["row"], dtype=np.int64),
            "vector": [v.tobytes() for v in vectors],
            "tokens": [np.asarray(t.vectors, dtype=np.float32).tobytes() for t in tokens] or [b""] * len(texts),
            "starts": [np.asarray(t.starts, dtype=np.int32).tobytes() for t in tokens] or [b""] * len(texts),
        }


class RayEmbedder:
    """An embedder whose `embed` (and `embed_tokens`) run on a pool of Ray actors.

    `local` is the same model in this process: it gives the name, dimension and backend, and embeds questions.
    """

    def __init__(
        self, local: Embedder, make_embedder: Callable[[], Embedder], settings: RaySettings, staging: str
    ) -> None:
        self.local = local
        self.name, self.dimension, self.backend = local.name, local.dimension, local.backend
        self.make_embedder = make_embedder
        self.settings = settings
        self.staging = staging
        if supports_tokens(local):
            self.embed_tokens = self._embed_tokens

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self._run(texts, with_tokens=False)[0]

    def _embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        return self._run(texts, with_tokens=True)

    def _run(self, texts: Sequence[str], with_tokens: bool) -> tuple[np.ndarray, list[TextTokens]]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        ray = _ray()
        import pyarrow as pa
        import pyarrow.parquet as pq

        actors = actor_count(self.settings)
        table = pa.table({"row": np.arange(len(texts), dtype=np.int64), "text": list(texts)})
        shards = f"{self.staging.rstrip('/')}/{'tokens' if with_tokens else 'vectors'}-{uuid.uuid4().hex[:8]}"
        # several blocks, so that every actor has work; cut here, as a shuffle task would wait for a free CPU
        size = max(self.settings.batch_size, -(-len(texts) // (actors * 4)))
        dataset = ray.data.from_arrow([table.slice(start, size) for start in range(0, len(texts), size)])
        dataset = dataset.map_batches(
            _EmbedActor,
            fn_constructor_args=(self.make_embedder, with_tokens, self.settings.threads_per_actor),
            compute=ray.data.ActorPoolStrategy(size=actors),
            batch_size=self.settings.batch_size,
            num_cpus=self.settings.threads_per_actor,
            max_restarts=self.settings.retries,
            max_task_retries=self.settings.retries,
        )
        log.info("embedding %d texts on %d Ray actors, shards in %s", len(texts), actors, shards)
        # writing takes no CPU of its own, so that it never waits for the actors to give theirs back
        _run(functools.partial(dataset.write_parquet, str(shards), ray_remote_args={"num_cpus": 0}))
        result = pq.read_table(str(shards)).sort_by("row")
        if result.num_rows != len(texts) or result.column("row").to_pylist() != list(range(len(texts))):
            raise DistributedBuildError(f"the shards in {shards} do not hold every text once")
        vectors = np.stack([np.frombuffer(v, dtype=np.float32) for v in result.column("vector").to_pylist()])
        tokens = []
        if with_tokens:
            for data, starts in zip(result.column("tokens").to_pylist(), result.column("starts").to_pylist()):
                tokens.append(TextTokens(
                    np.frombuffer(data, dtype=np.float32).reshape(-1, self.dimension).copy(),
                    np.frombuffer(starts, dtype=np.int32).copy(),
                ))
        return vectors.reshape(len(texts), self.dimension), tokens


def _remove(folder: str) -> None:
    """Delete a staging folder: a local path, or a URI of a pyarrow file system (``s3://...``)."""
    if "://" not in folder:
        shutil.rmtree(folder, ignore_errors=True)
        return
    from pyarrow import fs

    try:
        filesystem, path = fs.FileSystem.from_uri(folder)
        filesystem.delete_dir(path)
    except (OSError, ValueError) as exc:
        log.warning("could not delete the staging folder %s: %s", folder, exc)


def _run(work: Callable[[], Any]) -> Any:
    """Run Ray work; a failure that retries could not mend becomes a one-line `DistributedBuildError`."""
    try:
        return work()
    except EduqaError:
        raise
    except Exception as exc:  # Ray wraps what failed in its own exception types
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise DistributedBuildError(f"the build on Ray failed ({exc.__class__.__name__}: {reason[:300]})") from exc


# --- the build -------------------------------------------------------------------------------------


def build_on_ray(
    corpus: str | Path,
    out_dir: str | Path,
    *,
    ray_settings: RaySettings | None = None,
    model: str | None = None,
    backend: str | None = None,
    make_embedder: Callable[[], Embedder] | None = None,
    chunking: ChunkSettings | None = None,
    search_settings: SearchSettings | None = None,
    dense_settings: DenseSettings | None = None,
    full: bool = False,
    strict: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: bool = False,
) -> Index:
    """Build (or update) the index of a corpus folder on Ray. The index is the one `build_index` makes.

    `make_embedder` makes the embedder in each actor (default: `model` with `backend`, as `load_embedder`).
    When the build fails, `DistributedBuildError` says why and the index that was there is unchanged.
    """
    settings = ray_settings or RaySettings()
    connect(settings)
    out = Path(out_dir)
    if backend is None and not full:
        backend = previous_backend(out)
    make = make_embedder or functools.partial(load_embedder, model or DEFAULT_MODEL, backend)
    local = make()
    chunking = chunking or ChunkSettings()
    run = f".{out.name}.ray-{uuid.uuid4().hex[:8]}"
    staging = f"{settings.staging.rstrip('/')}/{run}" if settings.staging else str(out.parent / run)
    try:
        index = build_index(
            corpus,
            out,
            embedder=RayEmbedder(local, make, settings, staging),
            chunking=chunking,
            search_settings=search_settings,
            dense_settings=dense_settings,
            full=full,
            strict=strict,
            max_file_bytes=max_file_bytes,
            progress=progress,
            corpus_reader=ray_corpus_reader(chunking, settings),
        )
    finally:
        _remove(staging)
    index.embedder = local  # questions are embedded here, not on the cluster
    return index
