"""The ONNX Runtime embedding backend: the same sentence-transformers model, exported and run without torch.

The model is exported once from its local weights with ``torch.onnx.export`` (no download), its graph
fused with onnxruntime's transformer optimizer, and for ``onnx-int8`` its weights quantized to int8 (dynamic,
per channel). The files are cached in a folder per model (``$EDUQA_CACHE_DIR``, else
``~/.cache/eduqa/onnx``); later loads take a second. Texts are tokenized with the model's ``tokenizer.json``
and pooled as the sentence-transformers model does: the mean over real tokens, then L2 normalization.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from .errors import EmbedderError
from .model_folder import MEAN_POOLING, mean_pool, padded, read_model_folder
from .model_runtime import SMALL_INPUT, quiet_transformers
from .tokens import TextTokens, content_tokens

log = logging.getLogger(__name__)

ONNX = "onnx"
ONNX_INT8 = "onnx-int8"
ONNX_BACKENDS = (ONNX, ONNX_INT8)
#: Bump when the exported files change, so that caches made by older versions are not used.
EXPORT_VERSION = 1
_OPSET = 17


def default_cache_dir() -> Path:
    """Where exported models are kept: ``$EDUQA_CACHE_DIR``, else ``$XDG_CACHE_HOME/eduqa`` or ``~/.cache/eduqa``."""
    if os.environ.get("EDUQA_CACHE_DIR"):
        return Path(os.environ["EDUQA_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eduqa"


def model_settings(model_dir: Path) -> dict[str, Any]:
    """Pooling, maximum length and architecture of a sentence-transformers folder, checked for what is supported."""
    for name in ("config.json", "tokenizer.json"):
        if not (model_dir / name).is_file():
            raise EmbedderError(f"the ONNX backend needs {name} in the model folder {model_dir}")
    folder = read_model_folder(model_dir)
    if folder.pooling and folder.pooling != MEAN_POOLING:
        raise EmbedderError(
            f"the ONNX backend supports mean pooling only; {model_dir} uses {', '.join(folder.pooling)}"
        )
    config = folder.config
    return {
        "max_length": folder.max_length,
        "model_type": config.get("model_type", ""),
        "num_heads": int(config.get("num_attention_heads", 0)),
        "hidden_size": int(config.get("hidden_size", 0)),
        "type_vocab_size": int(config.get("type_vocab_size", 0)),
    }


def _weights_key(model_dir: Path) -> str:
    """A short key that changes when the model's configuration or weights change."""
    digest = hashlib.sha256(f"export {EXPORT_VERSION}".encode())
    for path in sorted(model_dir.glob("*.json")) + sorted(model_dir.glob("*.safetensors")):
        stat = path.stat()
        digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}".encode())
        if path.suffix == ".json":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _atomic_target(path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".partial", dir=path.parent)
    os.close(handle)
    os.chmod(name, 0o644)
    return Path(name)


def export_model(model_dir: Path, backend: str, cache_dir: Path | None = None, label: str | None = None) -> Path:
    """The ONNX file of `model_dir` for `backend`, exported (and quantized) on first use and cached."""
    if backend not in ONNX_BACKENDS:
        raise EmbedderError(f"unknown ONNX backend {backend!r}: use {' or '.join(ONNX_BACKENDS)}")
    settings = model_settings(model_dir)
    label = re.sub(r"[^\w.-]+", "_", label or model_dir.name)
    folder = (cache_dir or default_cache_dir()) / "onnx" / f"{label}-{_weights_key(model_dir)}"
    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / "model.onnx"
    if not fp32.is_file():
        log.info("exporting %s to ONNX in %s (once)", model_dir, folder)
        _export_fp32(model_dir, fp32, settings)
    if backend == ONNX:
        return fp32
    int8 = folder / "model-int8.onnx"
    if not int8.is_file():
        log.info("quantizing %s to int8", fp32)
        from onnxruntime.quantization import QuantType, quantize_dynamic

        partial = _atomic_target(int8)
        try:
            # per-channel weight scales keep embeddings at cosine ~0.99 to fp32; per-tensor ones drop to ~0.95
            quantize_dynamic(
                fp32, partial, weight_type=QuantType.QInt8, per_channel=True,
                extra_options={"DefaultTensorType": 1},  # fused ops have no inferred type: they are float
            )
            os.replace(partial, int8)
        finally:
            partial.unlink(missing_ok=True)
    return int8


def _export_fp32(model_dir: Path, target: Path, settings: dict[str, Any]) -> None:
    import torch
    from transformers import AutoModel


    quiet_transformers()
    try:
        # eager attention traces to plain MatMul/Softmax, which the optimizer fuses into one Attention op
        model = AutoModel.from_pretrained(str(model_dir), local_files_only=True, attn_implementation="eager")
    except Exception as exc:  # many kinds; the user needs one line
        raise EmbedderError(f"could not load {model_dir} for ONNX export: {exc}") from exc
    model.eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names[:2]) + (torch.zeros((2, 8), dtype=torch.long),)
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    raw = _atomic_target(target)
    partial = _atomic_target(target)
    try:
        import warnings

        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer and deprecation chatter about the TorchScript exporter
            torch.onnx.export(
                LastHiddenState(model), sample, str(raw), input_names=names, output_names=["last_hidden_state"],
                dynamic_axes=axes, opset_version=_OPSET, dynamo=False,
            )
        if settings["model_type"] == "bert" and settings["num_heads"] and settings["hidden_size"]:
            from onnxruntime.transformers import optimizer

            fused = optimizer.optimize_model(
                str(raw), model_type="bert", num_heads=settings["num_heads"],
                hidden_size=settings["hidden_size"], opt_level=1, use_gpu=False,
            )
            fused.save_model_to_file(str(partial))
        else:
            os.replace(raw, partial)
        os.replace(partial, target)
    finally:
        raw.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)


class OnnxEmbedder:
    """A sentence-transformers model run by ONNX Runtime on the CPU (``onnx`` or ``onnx-int8``)."""

    def __init__(
        self, name: str, model_dir: Path, backend: str = ONNX, cache_dir: Path | None = None,
        threads: int | None = None,
    ) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import onnxruntime  # noqa: F401 (checked here, used in `_open`)
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbedderError(
                f"the {backend} backend needs onnxruntime: pip install 'eduqa[fast]' ({exc})"
            ) from exc
        self.name = name
        self.backend = backend
        settings = model_settings(model_dir)
        self.model_path = export_model(model_dir, backend, cache_dir, label=name)
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=settings["max_length"])
        self._tokenizer.no_padding()
        self._threads = threads
        self._session = self._open(threads)
        self._small_session = None  # one thread, for questions; opened when first needed
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1] or settings["hidden_size"])

    def _open(self, threads: int | None):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        return onnxruntime.InferenceSession(str(self.model_path), options, providers=["CPUExecutionProvider"])

    def _session_for(self, count: int):
        """A one-thread session for a small input (a question: see `model_runtime.SMALL_INPUT`)."""
        if count > SMALL_INPUT:
            return self._session
        if self._small_session is None:
            self._small_session = self._session if self._threads == 1 else self._open(1)
        return self._small_session

    def _embed_batch(self, texts: Sequence[str], session) -> np.ndarray:
        return self._run(texts, session)[0]

    def _run(self, texts: Sequence[str], session) -> tuple[np.ndarray, np.ndarray, list]:
        """Pooled vectors, the last hidden state and the encodings of one batch."""
        encodings = self._tokenizer.encode_batch(list(texts))
        ids, mask = padded(encodings)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        return mean_pool(hidden, mask), hidden, encodings

    def embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        """The text vectors and, from the same pass, each text's content tokens (see `eduqa.tokens`)."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        tokens: list[TextTokens] = []
        session = self._session_for(len(texts))
        with tqdm(total=len(texts), desc="Embedding", unit=" passages", disable=not progress) as bar:
            for first in range(0, len(texts), batch_size):
                rows = list(range(first, min(first + batch_size, len(texts))))
                pooled, hidden, encodings = self._run([texts[i] for i in rows], session)
                out[rows] = pooled
                for j, encoding in enumerate(encodings):
                    tokens.append(content_tokens(
                        encoding.tokens, hidden[j, : len(encoding.ids)], [start for start, _ in encoding.offsets]
                    ))
                bar.update(len(rows))
        return out, tokens

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        if len(texts) <= SMALL_INPUT:
            return self._embed_batch(texts, self._session_for(len(texts)))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        step = batch_size * 8
        with tqdm(total=len(texts), desc="Embedding", unit=" passages", disable=not progress) as bar:
            for start in range(0, len(texts), step):
                # longest first within each chunk, as sentence-transformers does, so batches pad little
                chunk = sorted(range(start, min(start + step, len(texts))), key=lambda i: -len(texts[i]))
                for first in range(0, len(chunk), batch_size):
                    rows = chunk[first:first + batch_size]
                    out[rows] = self._embed_batch([texts[i] for i in rows], self._session)
                bar.update(len(chunk))
        return out
