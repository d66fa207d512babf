"""An on-disk cache of embeddings, keyed by model and text, so that evaluation runs embed each text once.

The cache is a folder per model holding ``keys.txt`` (one SHA-256 of a text per line) and ``vectors.npy``
(row `i` is the vector of key `i`). Token vectors, for late interaction, are kept beside them:
``token_keys.txt``, ``tokens.npy`` (float16, the tokens of all texts in key order), ``token_starts.npy``
(where each token starts in its text) and ``token_rows.npy`` (where each text's tokens start; one extra
entry at the end). Files are rewritten atomically after each batch of new texts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .embedding import Embedder, supports_tokens
from .tokens import TextTokens, join_tokens

log = logging.getLogger(__name__)

KEYS_FILE = "keys.txt"
VECTORS_FILE = "vectors.npy"
TOKEN_KEYS_FILE = "token_keys.txt"
TOKENS_FILE = "tokens.npy"
TOKEN_ROWS_FILE = "token_rows.npy"
TOKEN_STARTS_FILE = "token_starts.npy"


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
        self._token_parts: dict[str, TextTokens] = {}
        if supports_tokens(embedder):
            self.embed_tokens = self._embed_tokens
            self._load_tokens()

    def _load_tokens(self) -> None:
        paths = [self.folder / name for name in (TOKEN_KEYS_FILE, TOKENS_FILE, TOKEN_ROWS_FILE, TOKEN_STARTS_FILE)]
        if not all(p.is_file() for p in paths):
            return
        try:
            keys = paths[0].read_text(encoding="ascii").split()
            tokens = np.load(paths[1], allow_pickle=False)
            rows = np.load(paths[2], allow_pickle=False)
            starts = np.load(paths[3], allow_pickle=False)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log.warning("ignoring the unreadable token cache in %s (%s)", self.folder, exc)
            return
        shape_ok = tokens.ndim == 2 and tokens.shape[1] == self.dimension
        if len(rows) != len(keys) + 1 or not shape_ok or rows[-1] != len(tokens) or len(starts) != len(tokens):
            log.warning("ignoring the token cache in %s: keys and tokens do not match", self.folder)
            return
        self._token_parts = {
            key: TextTokens(tokens[rows[i]:rows[i + 1]], starts[rows[i]:rows[i + 1]]) for i, key in enumerate(keys)
        }

    def _save_tokens(self) -> None:
        keys = list(self._token_parts)
        tokens, starts, rows = join_tokens([self._token_parts[k] for k in keys], self.dimension)
        self._replace({
            TOKEN_STARTS_FILE: starts,
            TOKENS_FILE: tokens.astype(np.float16),
            TOKEN_ROWS_FILE: rows,
            TOKEN_KEYS_FILE: "\n".join(keys) + "\n",
        })

    def _replace(self, files: dict[str, np.ndarray | str]) -> None:
        """Write each file beside its target, then move them into place in order (the keys file last)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        staged = []
        for name, content in files.items():
            if isinstance(content, str):
                tmp = self.folder / (name + ".tmp")
                tmp.write_text(content, encoding="ascii")
            else:
                tmp = self.folder / (name + ".tmp.npy")
                np.save(tmp, content, allow_pickle=False)
            staged.append((tmp, self.folder / name))
        for tmp, target in staged:
            os.replace(tmp, target)

    def _embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        """Text vectors and content tokens; texts seen before come from the cache."""
        keys = [text_key(t) for t in texts]
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in self._token_parts or key not in self._rows:
                missing.setdefault(key, text)
        if missing:
            log.info("embedding %d of %d texts not in the cache %s", len(missing), len(texts), self.folder)
            vectors, tokens = self.inner.embed_tokens(list(missing.values()), batch_size=batch_size, progress=progress)
            self.misses += len(missing)
            self._add(dict(zip(missing, vectors)))
            self._token_parts.update(
                (key, TextTokens(np.asarray(t.vectors, dtype=np.float16), t.starts)) for key, t in zip(missing, tokens)
            )
            self._save_tokens()
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        vectors = self._vectors[[self._rows[k] for k in keys]]
        parts = [self._token_parts[k] for k in keys]
        return vectors, [TextTokens(np.asarray(p.vectors, dtype=np.float32), p.starts) for p in parts]

    def _add(self, new: dict[str, np.ndarray]) -> None:
        new = {key: vector for key, vector in new.items() if key not in self._rows}
        if not new:
            return
        start = len(self._vectors)
        self._rows.update({key: start + i for i, key in enumerate(new)})
        self._vectors = np.concatenate([self._vectors, np.asarray(list(new.values()), dtype=np.float32)])
        self._save()

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
        keys = sorted(self._rows, key=self._rows.__getitem__)
        self._replace({VECTORS_FILE: self._vectors, KEYS_FILE: "\n".join(keys) + "\n"})

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
            self._add(dict(zip(missing, new)))
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._vectors[[self._rows[k] for k in keys]]
