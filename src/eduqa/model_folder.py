"""What a sentence-transformers model folder holds: its pipeline of modules, pooling and maximum length.

Shared by the embedding backends that run a model without the sentence-transformers library (plain torch,
ONNX Runtime): they read the folder here, and pool as its pipeline does with `mean_pool`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import EmbedderError

#: The pipeline of a model whose sentence vector is the normalized mean of its token vectors.
MEAN_OF_TOKENS = ("Transformer", "Pooling", "Normalize")
MEAN_POOLING = ("pooling_mode_mean_tokens",)
_DEFAULT_LENGTH = 256


def mean_pool(hidden: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors where the mask is 1, rows normalized to unit length."""
    mask = attention_mask[..., None].astype(np.float32)
    summed = (hidden * mask).sum(axis=1)
    pooled = summed / np.clip(mask.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(pooled / norms, dtype=np.float32)


def padded(encodings: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """The token ids of a batch of `tokenizers` encodings padded with 0 to the longest, and the attention mask."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros((len(encodings), width), dtype=np.int64)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    return ids, mask


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EmbedderError(f"cannot read {path}: {exc}") from exc


@dataclass(frozen=True)
class ModelFolder:
    """A sentence-transformers model folder as its configuration files describe it."""

    path: Path
    #: The class names of its modules in order, e.g. ``("Transformer", "Pooling", "Normalize")``.
    modules: tuple[str, ...]
    #: The pooling modes switched on in its pooling module.
    pooling: tuple[str, ...]
    #: Texts are cut to this many tokens, special tokens included.
    max_length: int
    #: Whether the pipeline lowercases texts before its tokenizer sees them.
    lower_case: bool
    #: The transformer's ``config.json``.
    config: dict[str, Any]

    @property
    def mean_of_tokens(self) -> bool:
        """Whether its sentence vector is the normalized mean of the token vectors, and nothing else."""
        return self.modules == MEAN_OF_TOKENS and self.pooling == MEAN_POOLING and not self.lower_case

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()


def read_model_folder(path: Path) -> ModelFolder:
    """The description of the sentence-transformers model in `path` (an `EmbedderError` for unreadable files)."""
    modules = read_json(path / "modules.json") if (path / "modules.json").is_file() else []
    if not isinstance(modules, list) or not all(isinstance(m, dict) for m in modules):
        raise EmbedderError(f"cannot read {path / 'modules.json'}: it is not a list of modules")
    types = tuple(str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules)
    pooling_dir = next(
        (str(m.get("path", "")) for m in modules if str(m.get("type", "")).endswith("models.Pooling")), "1_Pooling"
    )
    pooling = read_json(path / pooling_dir / "config.json") if (path / pooling_dir / "config.json").is_file() else {}
    bert_config = path / "sentence_bert_config.json"
    sentence = read_json(bert_config) if bert_config.is_file() else {}
    config = read_json(path / "config.json") if (path / "config.json").is_file() else {}
    return ModelFolder(
        path=path,
        modules=types,
        pooling=tuple(k for k, v in pooling.items() if k.startswith("pooling_mode") and v),
        max_length=int(sentence.get("max_seq_length") or _DEFAULT_LENGTH),
        lower_case=bool(sentence.get("do_lower_case", False)),
        config=config,
    )
