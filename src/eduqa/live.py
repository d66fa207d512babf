"""An index that follows its folder: a long-running process (the chat) keeps answering while the index is
rebuilt, and answers from the new index as soon as a build has swapped it in.

    live = eduqa.LiveIndex("index")
    live.answer("question")       # checks (cheaply) for a rebuilt index first
    live.reload()                 # an explicit reload, e.g. behind a button or an endpoint
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from .embedding import Embedder, same_model
from .errors import EduqaError
from .index import Index, load_index
from .manifest import MANIFEST_FILE
from .results import Answer, Hit
from .settings import SearchSettings
from .storage import read_manifest

log = logging.getLogger(__name__)


class LiveIndex:
    """The index at `path`, replaced by the new one when a build swaps a new index in.

    Each use of `index` (and so `search` and `answer`) first looks at ``manifest.json``: one `stat`, at
    most every `check_every` seconds. When a build has replaced it, the new index is loaded completely and
    only then put in place of the old one, in a single assignment: a caller gets the old index or the new
    one, never a mix. The thread that notices the change loads the new index; others keep answering from
    the old one meanwhile. A new index that cannot be loaded is logged and the old one kept.

    The embedding model is reused when the new index was built with the same one. With `model` set, an
    index rebuilt with another model is refused (the old one is kept); without it, the new model is loaded.
    """

    def __init__(
        self,
        path: str | Path = "index",
        *,
        model: str | None = None,
        embedder: Embedder | None = None,
        search_settings: SearchSettings | None = None,
        check_every: float = 1.0,
        mmap: bool = False,
    ) -> None:
        self.path = Path(path)
        self.check_every = check_every
        self._model = model
        self._search_settings = search_settings
        self._mmap = mmap
        self._loading = threading.Lock()
        self._stamp = self._manifest_stamp()
        self._index = load_index(
            self.path, model=model, embedder=embedder, search_settings=search_settings, mmap=mmap
        )
        self._checked = time.monotonic()

    # --- the current index --------------------------------------------------------------------------

    @property
    def index(self) -> Index:
        """The current index, after a check for a rebuilt one."""
        self.refresh()
        return self._index

    @property
    def build_id(self) -> str | None:
        """The id of the build the current index comes from (it changes with every build)."""
        return self._index.manifest.get("build_id")

    @property
    def documents(self) -> dict[str, str]:
        """Document id -> title of the current index."""
        return self.index.documents

    @property
    def authors(self) -> list[str]:
        """The authors the current index's documents name (see `Index.authors`)."""
        return self.index.authors

    def documents_by(self, author: str) -> list[str]:
        """The ids of the current index's documents whose metadata names `author`."""
        return self.index.documents_by(author)

    def __len__(self) -> int:
        return len(self.index)

    def search(self, question: str, k: int = 5, **options: Any) -> list[Hit]:
        return self.index.search(question, k, **options)

    def answer(self, question: str, k: int = 5, **options: Any) -> Answer:
        return self.index.answer(question, k, **options)

    # --- reloading ----------------------------------------------------------------------------------

    def _manifest_stamp(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path / MANIFEST_FILE)
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def refresh(self) -> bool:
        """Load the index again if a build has replaced it. True when a new index was put in place.

        Never raises: a new index that cannot be loaded is logged, and the current one kept.
        """
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return False
        self._checked = now
        stamp = self._manifest_stamp()
        if stamp is None or stamp == self._stamp:
            return False
        if not self._loading.acquire(blocking=False):
            return False  # another thread is loading it; keep answering from the current index
        try:
            return self._load(stamp)
        except Exception as exc:  # noqa: BLE001 (whatever stops the new index, the old one keeps answering)
            detail = str(exc) if isinstance(exc, EduqaError) else f"{exc.__class__.__name__}: {exc}"
            log.warning(
                "keeping the index loaded before: the rebuilt index at %s cannot be used: %s", self.path, detail
            )
            self._stamp = stamp  # not again until the next build
            return False
        finally:
            self._loading.release()

    def reload(self) -> bool:
        """Load the index again now if a build has replaced it. True when a new index was put in place.

        Raises the `EduqaError` that says why a rebuilt index cannot be loaded; the current one is kept.
        """
        with self._loading:
            self._checked = time.monotonic()
            return self._load(self._manifest_stamp())

    def _load(self, stamp: tuple[int, int, int] | None) -> bool:
        manifest = read_manifest(self.path)
        if manifest.get("build_id") == self.build_id:
            self._stamp = stamp
            return False
        current = self._index
        built_with = manifest["embedder"]["name"]
        embedder = current.embedder if same_model(built_with, current.embedder.name) else None
        new = load_index(
            self.path,
            model=self._model,
            embedder=embedder,
            search_settings=self._search_settings or current.search_settings,
            mmap=self._mmap,
        )
        new.document_list.verify()  # read only when asked for, so checked here: a damaged list keeps the old index
        self._index = new
        self._stamp = stamp
        log.info("now answering from the rebuilt index at %s (%d passages)", self.path, len(new))
        return True


class CorpusWatch:
    """Notices when the corpus folder no longer matches the index being served.

    A file is hashed again only when its size or modification time changed, so a check costs one `stat` per
    file; it runs at most every `check_every` seconds. A change is logged once, with what to run.
    """

    def __init__(self, corpus: str | Path, live: LiveIndex, check_every: float = 2.0) -> None:
        self.corpus = Path(corpus)
        self.live = live
        self.check_every = check_every
        self._checked: float | None = None
        self._checked_build: str | None = None
        self._changes: list[str] = []
        self._hashes: dict[str, tuple[tuple[int, int, int], str]] = {}
        self._lock = threading.Lock()

    def _fingerprint(self) -> dict[str, str]:
        """sha256 of each corpus file by relative path, reusing the hash of a file whose stat is unchanged."""
        from .corpus import corpus_files

        hashes, known = {}, {}
        for path in corpus_files(self.corpus):
            source = path.relative_to(self.corpus).as_posix()
            try:
                stat = path.stat()
                stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
                cached = self._hashes.get(source)
                if cached is None or cached[0] != stamp:
                    with open(path, "rb") as handle:
                        cached = (stamp, hashlib.file_digest(handle, "sha256").hexdigest())
            except OSError:
                continue  # removed while we looked: it counts as gone
            known[source] = cached
            hashes[source] = cached[1]
        self._hashes = known
        return hashes

    def changes(self) -> list[str]:
        """What was added, changed or removed since the served index was built (empty when nothing)."""
        from .manifest import stale_reasons

        now = time.monotonic()
        if not self.corpus.is_dir():
            return []
        with self._lock:
            index = self.live.index
            build = index.manifest.get("build_id")
            if self._checked is None or now - self._checked >= self.check_every or build != self._checked_build:
                self._checked = now
                self._checked_build = build
                manifest = index.manifest
                try:
                    hashes = self._fingerprint()
                except EduqaError:
                    return []
                listed = index.document_list
                assert listed is not None
                try:
                    changes = stale_reasons(
                        manifest, listed, hashes, manifest["embedder"]["name"], manifest["chunking"]
                    )
                except EduqaError as exc:  # a damaged list of documents: the index is served all the same
                    log.warning("cannot compare the corpus with the index: %s", exc)
                    return []
                if changes and changes != self._changes:
                    log.warning(
                        "the corpus has changed since the index was built (%s); run `eduqa build` "
                        "and the chat will answer from the new index",
                        "; ".join(changes),
                    )
                self._changes = changes
            return list(self._changes)
