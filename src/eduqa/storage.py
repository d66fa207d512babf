"""Reading and writing index folders.

An index is a folder of plain files with fixed names: ``manifest.json``, ``documents.jsonl`` (see
`eduqa.document_list`; indexes of format versions 2 and 3 list their documents in the manifest),
``passages.arrow`` (see `eduqa.passage_store`; indexes of format version 2 hold ``passages.jsonl`` instead),
``vectors.faiss`` and ``lexical/`` (bm25s's JSON and NumPy files). It is written into a temporary sibling
folder and swapped in, so a reader never sees a half-written index and a crash leaves the old one.

While a build runs it holds a lock on ``.<index name>.lock`` next to the index folder, so two builds never
write the same index, and a build can safely delete what killed builds left behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from .checksums import ALGORITHM, CHECK_AT_LOAD_BYTES, Damage, describe_files, find_damage, seal
from .dense import DenseIndex
from .document_list import DOCUMENTS_FILE, DocumentList
from .errors import BuildLockedError, IndexDamagedError, IndexFormatError, IndexNotFoundError, IndexWriteError
from .lexical import LexicalIndex
from .manifest import (
    ARROW_PASSAGES_FROM,
    LEXICAL_FOLDER,
    LISTS_APART_FROM,
    MANIFEST_FILE,
    PASSAGES_FILE,
    VECTORS_FILE,
    check_manifest,
    inline_documents,
)
from .passage_store import STORE_FILE, PassageStore, write_store
from .passages import Passage
from .sentence_vectors import SentenceVectors
from .tokens import TokenVectors

log = logging.getLogger(__name__)

_ASIDE = ".old-"
_BUILDING = ".building-"
_SHARDS = ".ray-"

try:
    import fcntl
except ImportError:  # not on POSIX: builds are not locked against each other
    fcntl = None  # type: ignore[assignment]


def real_folder(folder: Path) -> Path:
    """The index folder with symbolic links resolved: an index given through a link is written where the
    link leads, and its builds take that folder's lock."""
    return Path(os.path.realpath(folder))


def lock_path(folder: Path) -> Path:
    """The lock file a build of the index in `folder` holds."""
    folder = real_folder(folder)
    return folder.parent / f".{folder.name}.lock"


@contextmanager
def build_lock(folder: Path, wait: float = 1.0) -> Iterator[None]:
    """Hold the build lock of the index in `folder`, or raise `BuildLockedError` if another build has it.

    The lock is released when the build ends, however it ends: the system drops it when a process dies.
    `wait` is how long to wait for it: readers asking whether a build runs hold it for an instant.
    """
    folder = real_folder(folder)
    if fcntl is None:
        yield
        return
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path(folder), "a+b")
    except OSError as exc:
        raise IndexWriteError(f"cannot write an index at {folder}: {exc.strerror or exc}") from exc
    with handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() > deadline:
                    raise BuildLockedError(
                        f"another build is writing the index at {folder}; wait for it to finish and try again"
                    ) from exc
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def build_running(folder: Path) -> bool:
    """Whether a build of the index in `folder` holds its lock right now."""
    path = lock_path(Path(folder))
    if fcntl is None or not path.is_file():
        return False
    try:
        with open(path, "rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE). False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def recover(folder: Path, *, locked: bool = False) -> None:
    """Finish a swap that was interrupted between its two renames: put the old index back.

    Only the fallback swap (where renameat2 is missing) has two renames. A running build is left alone,
    unless `locked` says that the caller is that build.
    """
    folder = real_folder(folder)
    if folder.exists() or (not locked and build_running(folder)):
        return
    aside = sorted(folder.parent.glob(folder.name + _ASIDE + "*"))
    if aside:
        log.warning("restoring the index left aside by an interrupted build: %s", aside[-1])
        os.rename(aside[-1], folder)


def shard_folder(folder: Path) -> Path:
    """A new folder beside the index in `folder` for the shards of a build on Ray (see `eduqa.distributed`).

    The build deletes it when it ends; if it is killed, the next build of the index does.
    """
    folder = real_folder(folder)
    return folder.parent / f".{folder.name}{_SHARDS}{uuid.uuid4().hex[:8]}"


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary folders of builds that were killed. Call it holding the build lock."""
    folder = real_folder(folder)
    removed = []
    patterns = (folder.name + _BUILDING, folder.name + _ASIDE, f".{folder.name}{_SHARDS}")
    for pattern in patterns:
        for path in folder.parent.glob(glob_escape(pattern) + "*"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def tidy(folder: Path) -> list[Path]:
    """Remove what killed builds left next to the index in `folder`, unless a build is running now."""
    folder = real_folder(folder)
    if not folder.parent.is_dir():
        return []
    try:
        with build_lock(folder, wait=0.0):
            recover(folder, locked=True)
            return remove_leftovers(folder)
    except (BuildLockedError, IndexWriteError):
        return []


def write_index(
    folder: Path,
    manifest: dict[str, Any],
    documents: DocumentList,
    passages: Iterable[Passage],
    dense: DenseIndex,
    lexical: LexicalIndex,
    sentences: SentenceVectors,
    tokens: TokenVectors | None = None,
) -> None:
    """Write an index to `folder`, atomically replacing whatever index is there. Call it holding the build lock.

    The size and checksum of every file written are added to `manifest` as its ``files`` entry. A failure
    (a full disk, a folder that cannot be written) leaves the index that was there as it was.
    """
    folder = real_folder(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        recover(folder, locked=True)
        _write_index(folder, manifest, documents, passages, dense, lexical, sentences, tokens)
    except OSError as exc:
        raise IndexWriteError(
            f"could not write the index at {folder} ({exc.strerror or exc}); the index that was there is unchanged"
        ) from exc


def _write_index(
    folder: Path,
    manifest: dict[str, Any],
    documents: DocumentList,
    passages: Iterable[Passage],
    dense: DenseIndex,
    lexical: LexicalIndex,
    sentences: SentenceVectors,
    tokens: TokenVectors | None,
) -> None:
    if folder.exists() and not folder.is_dir():
        raise IndexFormatError(f"{folder} exists and is not a folder; choose another index folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST_FILE).is_file() and not (
        (folder / VECTORS_FILE).is_file() and (folder / LEXICAL_FOLDER).is_dir()  # an index that lost its manifest
    ):
        # never replace a folder of someone's files that merely shares the name
        raise IndexFormatError(
            f"{folder} is not empty and holds no manifest.json, so it is not an eduqa index; "
            "choose another index folder or empty it"
        )
    staging = Path(tempfile.mkdtemp(prefix=folder.name + _BUILDING, dir=folder.parent))
    try:
        documents.write(staging / DOCUMENTS_FILE)
        write_store(passages, staging / STORE_FILE)
        dense.save(staging / VECTORS_FILE)
        (staging / LEXICAL_FOLDER).mkdir()
        lexical.save(staging / LEXICAL_FOLDER)
        sentences.save(staging)
        if tokens is not None:
            tokens.save(staging)
        # the manifest is written last: a folder without one is never an index
        manifest["files"] = describe_files(staging, leave_out=MANIFEST_FILE)
        seal(manifest)
        with open(staging / MANIFEST_FILE, "w", encoding="utf-8") as out:
            json.dump(manifest, out, indent=2, ensure_ascii=False)
            out.write("\n")
        _fsync_tree(staging)
        os.chmod(staging, 0o755)
        _swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    remove_leftovers(folder)


def _swap_in(staging: Path, folder: Path) -> None:
    if not folder.exists():
        os.rename(staging, folder)
        return
    if _exchange(staging, folder):
        return  # `staging` now holds the old index and is removed by the caller
    aside = Path(tempfile.mkdtemp(prefix=folder.name + _ASIDE, dir=folder.parent))
    os.rmdir(aside)
    os.rename(folder, aside)
    os.rename(staging, folder)
    shutil.rmtree(aside, ignore_errors=True)


def _parse_quickly(text: str) -> Any:
    """JSON text as Python values, by orjson where it can: several times faster on a large manifest.

    orjson reads integers beyond 64 bits as floats; `read_manifest` reads again with `json` when the checksum
    tells so. It refuses a NaN, which `json` reads.
    """
    try:
        import orjson
    except ImportError:
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The checked manifest of the index in `folder`."""
    folder = Path(folder)
    recover(folder)
    path = folder / MANIFEST_FILE
    if not folder.is_dir():
        raise IndexNotFoundError(f"no index at {folder}: run `eduqa build` to create it")
    if not path.is_file():
        raise IndexNotFoundError(
            f"{folder} holds no manifest.json, so it is not a complete index: run `eduqa build`"
        )
    try:
        text = path.read_text(encoding="utf-8")
        manifest = _parse_quickly(text)
    except FileNotFoundError as exc:
        # swapped out between the check and the read (readers wait for the build and read again)
        raise IndexNotFoundError(f"no index at {folder}: run `eduqa build` to create it") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFormatError(f"{path} is unreadable ({exc}); rebuild with `eduqa build --full`") from exc
    try:
        return check_manifest(manifest, str(folder))
    except IndexDamagedError:
        return check_manifest(json.loads(text), str(folder))  # as `json` reads it, the checksum's reference


def read_passages(path: Path) -> list[Passage]:
    """The passages of a ``passages.jsonl`` file; an unreadable line is reported by its number (from 1)."""
    passages: list[Passage] = []
    number = 0
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):  # noqa: B007 (reported in the error)
                line = raw.decode("utf-8")
                if line.strip():
                    passages.append(Passage.from_dict(json.loads(line)))
    except FileNotFoundError as exc:
        raise IndexNotFoundError(f"{path} is missing; rebuild with `eduqa build --full`") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, AttributeError) as exc:
        raise IndexFormatError(
            f"{path} line {number} is unreadable ({exc}); rebuild with `eduqa build --full`"
        ) from exc
    return passages


#: Indexes of at least this many passages are memory-mapped when `read_index` is not told either way.
MMAP_FROM = 50_000


@dataclass(frozen=True)
class IndexParts:
    """The parts of an index folder, as read and checked by `read_index`."""

    manifest: dict[str, Any]
    #: What the index lists; read from ``documents.jsonl`` only when asked for.
    documents: DocumentList
    passages: PassageStore
    dense: DenseIndex
    lexical: LexicalIndex
    sentences: SentenceVectors
    #: None when the index keeps no token vectors (see `eduqa.tokens`).
    tokens: TokenVectors | None


def read_index(folder: Path, mmap: bool | None = False) -> IndexParts:
    """The manifest, passages, dense and lexical indexes, sentence and token vectors of `folder`, checked.

    With `mmap` None, large indexes (`MMAP_FROM` passages or more) are memory-mapped. A build may swap a
    new index in while this reads: then the parts are read again, so that they all come from one build.
    """
    folder = Path(folder)
    for attempt in range(5):
        stamp = _manifest_stamp(folder)
        manifest = _wait_for_manifest(folder)
        try:
            parts = _read_parts(folder, manifest, mmap)
        except (IndexNotFoundError, IndexFormatError):
            if stamp is not None and _manifest_stamp(folder) == stamp:
                raise  # the index did not change while it was read: it is really broken
            continue
        if stamp is not None and _manifest_stamp(folder) == stamp:
            return parts
        time.sleep(0.01 * attempt)
    raise IndexFormatError(f"{folder} kept changing while it was read; try again when the build is done")


def _wait_for_manifest(folder: Path, seconds: float = 2.0) -> dict[str, Any]:
    """The manifest; during the fallback swap the folder is briefly missing, so wait for a running build."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return read_manifest(folder)
        except IndexNotFoundError:
            if time.monotonic() > deadline or not build_running(folder):
                raise
            time.sleep(0.02)


def _manifest_stamp(folder: Path) -> tuple[int, int, int, int] | None:
    """Which manifest file the index folder holds now, or None. A build swaps in a new folder, so a new file:
    comparing stamps tells whether the index changed while it was read, without reading the manifest again."""
    try:
        stat = os.stat(folder / MANIFEST_FILE)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


@dataclass(frozen=True)
class IndexCheck:
    """What `check_index` found: the files it compared, the damaged ones, and any other problem."""

    folder: Path
    files: int = 0
    bytes: int = 0
    damage: tuple[Damage, ...] = ()
    #: A problem that is not one file's damage: no manifest, no checksums recorded, parts that do not agree.
    problem: str | None = None

    @property
    def sound(self) -> bool:
        return not self.damage and self.problem is None


def check_index(folder: Path) -> IndexCheck:
    """Compare every file of the index in `folder` with the size and checksum its build recorded, then read it.

    Unlike loading, which compares checksums of small files only, this reads every byte.
    """
    folder = Path(folder)
    try:
        manifest = read_manifest(folder)
    except IndexNotFoundError as exc:
        return IndexCheck(folder, problem=str(exc))
    except IndexFormatError as exc:
        return IndexCheck(folder, damage=(Damage(MANIFEST_FILE, "it cannot be read as a manifest"),), problem=str(exc))
    files = manifest.get("files")
    if files is None:
        return IndexCheck(
            folder,
            problem=f"{folder} records no checksums of its files (it was built by an earlier eduqa)",
        )
    size = sum(entry["bytes"] for entry in files.values())
    damage = find_damage(folder, files)
    if damage:
        return IndexCheck(folder, len(files), size, tuple(damage))
    try:
        read_index(folder, mmap=True).documents.documents  # noqa: B018 (parses the list of documents)
    except (IndexNotFoundError, IndexFormatError) as exc:
        return IndexCheck(folder, len(files), size, problem=str(exc))
    return IndexCheck(folder, len(files), size)


def damage_error(folder: Path, damage: Damage) -> IndexFormatError:
    """The error that refuses an index because of one damaged file, saying what to run."""
    path = folder / damage.file
    if damage.missing:
        return IndexNotFoundError(f"{path} is missing; rebuild with `eduqa build --full`")
    return IndexDamagedError(f"{path} is damaged: {damage.reason}; rebuild with `eduqa build --full`")


def read_documents(folder: Path, manifest: dict[str, Any]) -> DocumentList:
    """What the index in `folder` lists, as its checked `manifest` records: from ``documents.jsonl``, mapped now and
    parsed when first asked for, or (older formats) from the manifest."""
    if manifest["format_version"] < LISTS_APART_FROM:
        return inline_documents(manifest)
    recorded = (manifest.get("files") or {}).get(DOCUMENTS_FILE, {}).get(ALGORITHM)
    return DocumentList.mapped(Path(folder) / DOCUMENTS_FILE, manifest["document_list"], recorded)


def _read_store(folder: Path, manifest: dict[str, Any]) -> PassageStore:
    """The passages of the index in `folder`, checked against its manifest."""
    if manifest["format_version"] < ARROW_PASSAGES_FROM:  # passages.jsonl, converted by the next build
        passages, name = PassageStore.of(read_passages(folder / PASSAGES_FILE)), PASSAGES_FILE
    else:
        passages, name = PassageStore.open(folder / STORE_FILE), STORE_FILE
    if len(passages) != manifest["passages"]:
        raise IndexFormatError(
            f"{folder}: {name} has {len(passages)} passages but the manifest says {manifest['passages']}; "
            "rebuild with `eduqa build --full`"
        )
    return passages


def read_passage_store(folder: Path) -> tuple[dict[str, Any], DocumentList, PassageStore]:
    """The manifest, documents and passages of the index in `folder`, without its vectors (for `eduqa show`)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    _refuse_damage(folder, manifest)
    return manifest, read_documents(folder, manifest), _read_store(folder, manifest)


def _refuse_damage(folder: Path, manifest: dict[str, Any]) -> None:
    """Refuse an index with a file of another size than its build wrote, or (small files) other bytes.

    The list of documents has its checksum compared when it is read, not at load (which does not read it).
    """
    damage = find_damage(
        folder, manifest.get("files") or {}, checksums_up_to=CHECK_AT_LOAD_BYTES, sizes_only=(DOCUMENTS_FILE,)
    )
    if damage:
        raise damage_error(folder, damage[0])


def _read_parts(folder: Path, manifest: dict[str, Any], mmap: bool | None) -> IndexParts:
    _refuse_damage(folder, manifest)  # before anything is read
    count = manifest["passages"]
    if mmap is None:
        mmap = count >= MMAP_FROM
    documents = read_documents(folder, manifest)
    passages = _read_store(folder, manifest)
    vectors = folder / VECTORS_FILE
    if not vectors.is_file():
        raise IndexNotFoundError(f"{vectors} is missing; rebuild with `eduqa build --full`")
    try:
        dense = DenseIndex.load(vectors, manifest.get("dense", {}), mmap=mmap)
    except ValueError as exc:  # a dense kind this version does not know
        raise IndexFormatError(f"{folder}: {exc}; rebuild with `eduqa build --full`") from exc
    except RuntimeError as exc:
        raise IndexFormatError(f"{vectors} is unreadable; rebuild with `eduqa build --full`") from exc
    if dense.size != count or dense.dimension != manifest["embedder"]["dimension"]:
        raise IndexFormatError(
            f"{vectors} holds {dense.size} vectors of dimension {dense.dimension}, but the manifest says "
            f"{count} of dimension {manifest['embedder']['dimension']}; rebuild with `eduqa build --full`"
        )
    lexical_folder = folder / LEXICAL_FOLDER
    try:
        lexical = LexicalIndex.load(lexical_folder, count, mmap=mmap)
    except FileNotFoundError as exc:
        raise IndexNotFoundError(f"{lexical_folder} is incomplete; rebuild with `eduqa build --full`") from exc
    except (ValueError, OSError, KeyError, EOFError, json.JSONDecodeError) as exc:
        raise IndexFormatError(
            f"{lexical_folder} is unreadable ({exc}); rebuild with `eduqa build --full`"
        ) from exc
    dimension = manifest["embedder"]["dimension"]
    sentences = SentenceVectors.load(folder, count, dimension, mmap=mmap)
    tokens = None
    if manifest.get("tokens"):
        codec = manifest["tokens"].get("dtype", "int8")
        tokens = TokenVectors.load(folder, count, dimension, mmap=mmap, codec=codec)
    return IndexParts(manifest, documents, passages, dense, lexical, sentences, tokens)
