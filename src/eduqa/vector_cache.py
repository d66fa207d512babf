"""An on-disk cache of embeddings, keyed by model and text, so that evaluation runs embed each text once.

The cache is a folder per model holding ``keys.txt`` (one SHA-256 of a text per line) and ``vectors.npy``
(row `i` is the vector of key `i`). It is rewritten atomically after each batch of new texts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .embedding import Embedder

log = logging.getLogger(__name__)

KEYS_FILE = "keys.txt"
VECTORS_FILE = "vectors.npy"


def text_key(text: str) -> str:
    """The cache key of a text: the SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_folder_name(name: str, dimension: int) -> str:
    """A file-system-safe folder name for a model: its name with other characters replaced, and its dimension."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") + f"-{dimension}"


class CachedEmbedder:
    """Wraps an embedder: texts already embedded by the same model come from the cache folder."""

    def __init__(self, embedder: Embedder, folder: str | Path) -> None:
        self.inner = embedder
        self.name = embedder.name
        self.dimension = embedder.dimension
        self.backend = embedder.backend
        self.folder = Path(folder) / model_folder_name(embedder.name, embedder.dimension)
        self._rows: dict[str, int] = {}
        self._vectors = np.zeros((0, self.dimension), dtype=np.float32)
        self._load()
        #: How many texts the wrapped embedder was asked to embed (cache misses).
        self.misses = 0

    def _load(self) -> None:
        keys_path, vectors_path = self.folder / KEYS_FILE, self.folder / VECTORS_FILE
        if not (keys_path.is_file() and vectors_path.is_file()):
            return
        try:
            keys = keys_path.read_text(encoding="ascii").split()
            vectors = np.load(vectors_path, allow_pickle=False)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log.warning("ignoring the unreadable embedding cache in %s (%s)", self.folder, exc)
            return
        if vectors.shape != (len(keys), self.dimension):
            log.warning("ignoring the embedding cache in %s: keys and vectors do not match", self.folder)
            return
        self._rows = {key: row for row, key in enumerate(keys)}
        self._vectors = vectors.astype(np.float32, copy=False)

    def _save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._rows, key=self._rows.__getitem__)
        tmp_keys, tmp_vectors = self.folder / (KEYS_FILE + ".tmp"), self.folder / (VECTORS_FILE + ".tmp.npy")
        tmp_keys.write_text("\n".join(keys) + "\n", encoding="ascii")
        np.save(tmp_vectors, self._vectors, allow_pickle=False)
        os.replace(tmp_vectors, self.folder / VECTORS_FILE)
        os.replace(tmp_keys, self.folder / KEYS_FILE)

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in self._rows:
                missing.setdefault(key, text)
        if missing:
            log.info("embedding %d of %d texts not in the cache %s", len(missing), len(texts), self.folder)
            new = self.inner.embed(list(missing.values()), batch_size=batch_size, progress=progress)
            self.misses += len(missing)
            start = len(self._vectors)
            self._rows.update({key: start + i for i, key in enumerate(missing)})
            self._vectors = np.concatenate([self._vectors, np.asarray(new, dtype=np.float32)])
            self._save()
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._vectors[[self._rows[k] for k in keys]]
