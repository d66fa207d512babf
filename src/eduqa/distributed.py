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
from collections.abc import Callable, Iterator, Mapping, Sequence
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
from .storage import shard_folder
from .tokens import TextTokens

log = logging.getLogger(__name__)

#: Files read and split by one task.
FILES_PER_TASK = 8
#: Ray's setting of the niceness of the worker processes it starts (default 15).
WORKER_NICENESS = "RAY_worker_niceness"


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
    if address is None:
        # Ray starts its workers at niceness 15, below every other process: on a busy machine the actors
        # of a local Ray would wait while a local build would not. They run at the command's own priority.
        os.environ.setdefault(WORKER_NICENESS, "0")
        if settings.local_cpus is not None:
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


#: What a row of the embedding dataset holds: a passage's text, or one of its sentences.
PASSAGE, SENTENCE = 0, 1


class _EmbedActor:
    """One embedding actor: loads the model once and embeds batches of passages and sentences."""

    def __init__(self, make_embedder: Callable[[], Embedder], with_tokens: bool, threads: int) -> None:
        self.embedder = make_embedder()
        self.with_tokens = with_tokens
        if "torch" in sys.modules:  # a torch model: as many threads as the actor has CPUs
            sys.modules["torch"].set_num_threads(threads)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        texts = [str(t) for t in batch["text"]]
        kinds = np.asarray(batch["kind"])
        vectors, tokens, starts = [b""] * len(texts), [b""] * len(texts), [b""] * len(texts)
        passages = np.flatnonzero(kinds == PASSAGE)
        if len(passages):
            chosen = [texts[i] for i in passages]
            if self.with_tokens:
                found, found_tokens = self.embedder.embed_tokens(  # type: ignore[attr-defined]
                    chosen, batch_size=len(chosen)
                )
            else:
                found, found_tokens = self.embedder.embed(chosen, batch_size=len(chosen)), []
            for i, vector in zip(passages, np.asarray(found, dtype=np.float32)):
                vectors[i] = vector.tobytes()
            for i, text_tokens in zip(passages, found_tokens):
                tokens[i] = np.asarray(text_tokens.vectors, dtype=np.float32).tobytes()
                starts[i] = np.asarray(text_tokens.starts, dtype=np.int32).tobytes()
        sentences = np.flatnonzero(kinds == SENTENCE)
        if len(sentences):
            chosen = [texts[i] for i in sentences]
            # kept as float16, as an index keeps sentence vectors
            for i, vector in zip(sentences, np.asarray(self.embedder.embed(chosen, batch_size=len(chosen)))):
                vectors[i] = vector.astype(np.float16).tobytes()
        return {
            "row": np.asarray(batch["row"], dtype=np.int64), "kind": kinds.astype(np.int8),
            "vector": vectors, "tokens": tokens, "starts": starts,
        }


class RayEmbedder:
    """An embedder whose work runs on a pool of Ray actors, passages and their sentences in one pass.

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
        self.with_tokens = supports_tokens(local)
        if self.with_tokens:
            self.embed_tokens = self._embed_tokens

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self.embed_passages(texts, [], with_tokens=False)[0]

    def _embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        vectors, tokens, _ = self.embed_passages(texts, [], with_tokens=True)
        return vectors, tokens

    def embed_passages(
        self, texts: Sequence[str], sentences: Sequence[str], *, with_tokens: bool
    ) -> tuple[np.ndarray, list[TextTokens], np.ndarray]:
        """The vectors of `texts` (and, `with_tokens`, their token vectors) and of `sentences` (float16).

        One pool of actors embeds them all, so that each actor loads the model once.
        """
        if with_tokens and not self.with_tokens:
            raise EduqaError(f"the {self.name} embedder gives no token vectors")
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        tokens: list[TextTokens] = []
        embedded = np.zeros((len(sentences), self.dimension), dtype=np.float16)
        if not texts and not sentences:
            return vectors, tokens, embedded
        ray = _ray()
        import pyarrow as pa

        actors = actor_count(self.settings)
        rows = np.concatenate([np.arange(len(texts)), np.arange(len(sentences))]).astype(np.int64)
        kinds = np.repeat(np.array([PASSAGE, SENTENCE], dtype=np.int8), [len(texts), len(sentences)])
        every = [*texts, *sentences]
        # longest first within each kind, as a local build sorts sentences: a batch of texts of about one length
        # is padded little, and padding costs as much as text
        order = sorted(range(len(every)), key=lambda i: (kinds[i], -len(every[i])))
        table = pa.table({"row": rows[order], "kind": kinds[order], "text": [every[i] for i in order]})
        shards = f"{self.staging.rstrip('/')}/shards-{uuid.uuid4().hex[:8]}"
        # several blocks, so that every actor has work; cut here, as a shuffle task would wait for a free CPU
        size = max(self.settings.batch_size, -(-len(table) // (actors * 4)))
        dataset = ray.data.from_arrow([table.slice(start, size) for start in range(0, len(table), size)])
        dataset = dataset.map_batches(
            _EmbedActor,
            fn_constructor_args=(self.make_embedder, with_tokens, self.settings.threads_per_actor),
            compute=ray.data.ActorPoolStrategy(size=actors),
            batch_size=self.settings.batch_size,
            num_cpus=self.settings.threads_per_actor,
            max_restarts=self.settings.retries,
            max_task_retries=self.settings.retries,
        )
        log.info("embedding %d passages and %d sentences on %d Ray actors, shards in %s",
                 len(texts), len(sentences), actors, shards)
        # writing takes no CPU of its own, so that it never waits for the actors to give theirs back
        _run(functools.partial(dataset.write_parquet, str(shards), ray_remote_args={"num_cpus": 0}))
        token_parts: list[TextTokens | None] = [None] * len(texts)
        seen = [np.zeros(len(texts), dtype=np.int64), np.zeros(len(sentences), dtype=np.int64)]
        for part in _shard_batches(shards):
            rows, kinds = part.column("row").to_numpy(), part.column("kind").to_numpy()
            data = part.column("vector").to_pylist()
            for kind, target, dtype in ((PASSAGE, vectors, np.float32), (SENTENCE, embedded, np.float16)):
                chosen = np.flatnonzero(kinds == kind)
                if len(chosen):
                    found = np.frombuffer(b"".join(data[i] for i in chosen), dtype=dtype)
                    target[rows[chosen]] = found.reshape(len(chosen), self.dimension)
                    np.add.at(seen[kind], rows[chosen], 1)
            if with_tokens:
                found_tokens, found_starts = part.column("tokens").to_pylist(), part.column("starts").to_pylist()
                for i in np.flatnonzero(kinds == PASSAGE):
                    token_parts[rows[i]] = TextTokens(
                        np.frombuffer(found_tokens[i], dtype=np.float32).reshape(-1, self.dimension).copy(),
                        np.frombuffer(found_starts[i], dtype=np.int32).copy(),
                    )
        if any((count != 1).any() for count in seen):
            raise DistributedBuildError(f"the shards in {shards} do not hold every text once")
        if with_tokens:
            tokens = [t for t in token_parts if t is not None]
        return vectors, tokens, embedded


def _shard_batches(shards: str) -> Iterator[Any]:
    """The record batches of the Parquet shards in a folder (or pyarrow file-system URI), a few at a time."""
    import pyarrow.dataset as ds

    return ds.dataset(shards, format="parquet").to_batches()


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
    # an actor runs the model on its own CPUs; this process embeds questions
    make = make_embedder or functools.partial(
        load_embedder, model or DEFAULT_MODEL, backend, threads=settings.threads_per_actor
    )
    local = make_embedder() if make_embedder else load_embedder(model or DEFAULT_MODEL, backend)
    chunking = chunking or ChunkSettings()
    folder = shard_folder(out)
    staging = f"{settings.staging.rstrip('/')}/{folder.name}" if settings.staging else str(folder)
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
