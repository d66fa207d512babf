"""The torch backend for BERT models of mean pooling, run without the sentence-transformers library.

A model whose sentence-transformers pipeline is a BERT transformer, mean pooling and normalization (the bundled
all-MiniLM-L6-v2 is one) runs here: its weights are read from ``model.safetensors``, its encoder is computed
with torch's own functions in the order sentence-transformers computes it, and its texts are tokenized with
the model's ``tokenizer.json``. The sentence and token vectors are those of sentence-transformers to float
precision. What this saves is importing transformers and sentence-transformers, which bring scikit-learn,
sympy and torch's compiler with them and take a build's memory over 500 MB (see the README's "Bad files").
Any other model goes through sentence-transformers (see `eduqa.embedding`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from .errors import EmbedderError
from .model_folder import ModelFolder, mean_pool, padded
from .model_runtime import threads_for
from .tokens import TextTokens, content_tokens

WEIGHTS = "model.safetensors"
#: Tokens (padding included) that go through the model at once. Its activations grow with them: 32 passages
#: of 256 tokens at once took ~330 MB, 8 took ~80 MB (and 10-15% more time on two cores).
TOKENS_PER_BATCH = 2048
_LAYER_WEIGHTS = (
    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
    "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm",
)
_EMBEDDINGS = ("word_embeddings", "position_embeddings", "token_type_embeddings")


def unsupported(folder: ModelFolder) -> str | None:
    """Why the model in `folder` cannot run here (it then goes through sentence-transformers), or None."""
    config = folder.config
    if not folder.mean_of_tokens:
        pipeline = " → ".join(folder.modules) or "not listed"
        details = ", ".join(folder.pooling) or "no pooling"
        return f"its pipeline is {pipeline} ({details}{', lowercased' if folder.lower_case else ''})"
    for name in ("tokenizer.json", WEIGHTS):
        if not folder.has(name):
            return f"it has no {name}"
    if config.get("model_type") != "bert" or config.get("is_decoder"):
        return f"its transformer is {config.get('model_type')!r}, not a BERT encoder"
    if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
        return "its BERT uses another activation or position embedding"
    dtype = config.get("dtype") or config.get("torch_dtype") or "float32"
    if dtype != "float32":
        return f"its weights are {dtype}, which sentence-transformers keeps"
    return None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


class BertEmbedder:
    """A sentence-transformers BERT model of mean pooling, run with plain torch on the CPU."""

    backend = "torch"

    def __init__(self, name: str, folder: ModelFolder) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from tokenizers import Tokenizer

        config = folder.config
        self.name = name
        self._folder = folder
        try:
            self.dimension = int(config["hidden_size"])
            self._heads = int(config["num_attention_heads"])
            self._layers = int(config["num_hidden_layers"])
            self._eps = float(config.get("layer_norm_eps", 1e-12))
            limit = int(config.get("max_position_embeddings", folder.max_length))
            self._tokenizer = Tokenizer.from_file(str(folder.path / "tokenizer.json"))
        except Exception as exc:  # missing keys, damaged files: the user needs one line
            message = f"could not load embedding model {name!r} from {folder.path}: {_first_line(exc)}"
            raise EmbedderError(message) from exc
        self._torch = torch
        self._loaded: dict[str, Any] | None = self._read_weights()
        self._tokenizer.enable_truncation(max_length=min(folder.max_length, limit))
        self._tokenizer.no_padding()

    def _read_weights(self) -> dict[str, Any]:
        """The encoder's weights: tensors over a mapping of the file, so only the pages used are read."""
        from safetensors.torch import load_file

        try:
            weights = {k.removeprefix("bert."): v for k, v in load_file(str(self._folder.path / WEIGHTS)).items()}
        except Exception as exc:
            raise EmbedderError(
                f"could not load embedding model {self.name!r} from {self._folder.path}: {_first_line(exc)}"
            ) from exc
        kept = {k: v.float() for k, v in weights.items() if k.startswith(("embeddings.", "encoder."))}
        missing = [k for k in self._needed() if k not in kept]
        if missing:
            raise EmbedderError(f"could not load embedding model {self.name!r}: {WEIGHTS} has no {missing[0]}")
        return kept

    @property
    def _weights(self) -> dict[str, Any]:
        if self._loaded is None:
            self._loaded = self._read_weights()
        return self._loaded

    @property
    def holds_weights(self) -> bool:
        """Whether the weights are read (they are after loading and after embedding, until `release`)."""
        return self._loaded is not None

    def release(self) -> None:
        """Let go of the weights until the next text is embedded, which reads them again (a few milliseconds).

        A build calls this once its texts are embedded, so the model's pages are not held while the index is
        written.
        """
        self._loaded = None

    def _needed(self) -> Iterator[str]:
        yield from (f"embeddings.{e}.weight" for e in _EMBEDDINGS)
        yield from ("embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias")
        for layer in range(self._layers):
            for part in _LAYER_WEIGHTS:
                yield from (f"encoder.layer.{layer}.{part}.weight", f"encoder.layer.{layer}.{part}.bias")

    def _hidden(self, ids: Any, mask: Any) -> Any:
        """The last hidden state of a batch of token ids, as transformers' BertModel computes it."""
        functional = self._torch.nn.functional
        w = self._weights
        batch, length = ids.shape

        def linear(name: str, x: Any) -> Any:
            return functional.linear(x, w[name + ".weight"], w[name + ".bias"])

        def norm(name: str, x: Any) -> Any:
            return functional.layer_norm(x, (self.dimension,), w[name + ".weight"], w[name + ".bias"], self._eps)

        def split(x: Any) -> Any:
            return x.view(batch, length, self._heads, -1).transpose(1, 2)

        x = functional.embedding(ids, w["embeddings.word_embeddings.weight"])
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = norm("embeddings.LayerNorm", x + w["embeddings.position_embeddings.weight"][:length])
        # padded batches mask the padding out of every query's keys; a batch without padding needs no mask
        keep = None if bool(mask.all()) else mask[:, None, None, :].bool().expand(batch, 1, length, length)
        scale = (self.dimension // self._heads) ** -0.5
        for layer in range(self._layers):
            at = f"encoder.layer.{layer}."
            query, key, value = (split(linear(at + f"attention.self.{p}", x)) for p in ("query", "key", "value"))
            attended = functional.scaled_dot_product_attention(query, key, value, attn_mask=keep, scale=scale)
            attended = attended.transpose(1, 2).reshape(batch, length, -1)
            x = norm(at + "attention.output.LayerNorm", linear(at + "attention.output.dense", attended) + x)
            inner = functional.gelu(linear(at + "intermediate.dense", x))
            x = norm(at + "output.LayerNorm", linear(at + "output.dense", inner) + x)
        return x

    def _batches(
        self, texts: list[str], batch_size: int, progress: bool
    ) -> Iterator[tuple[list[int], np.ndarray, np.ndarray, list]]:
        """Rows, last hidden state, attention mask and encodings of each batch, longest texts first to pad little.

        A batch holds at most `batch_size` texts and `TOKENS_PER_BATCH` tokens, padding included.
        """
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with tqdm(total=len(texts), desc="Embedding", unit=" passages", disable=not progress) as bar:
            for first in range(0, len(texts), batch_size):
                group = order[first:first + batch_size]
                encoded = self._tokenizer.encode_batch([texts[i] for i in group])
                pairs = sorted(zip(group, encoded), key=lambda pair: -len(pair[1].ids))
                while pairs:  # the longest left sets the width, and so how many texts fit in the budget
                    step = max(1, TOKENS_PER_BATCH // len(pairs[0][1].ids))
                    rows, encodings = (list(column) for column in zip(*pairs[:step]))
                    del pairs[:step]
                    hidden, mask = self._run(encodings)
                    yield rows, hidden, mask, encodings
                    bar.update(len(rows))

    def _run(self, encodings: list) -> tuple[np.ndarray, np.ndarray]:
        """The last hidden state and attention mask of one batch of encodings, padded to the longest."""
        torch = self._torch
        ids, mask = padded(encodings)
        with torch.inference_mode():
            return self._hidden(torch.from_numpy(ids), torch.from_numpy(mask)).numpy(), mask

    def embed(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Return an array of shape (len(texts), dimension), float32, rows of unit length."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with threads_for(len(texts)):
            for rows, hidden, mask, _ in self._batches(list(texts), batch_size, progress):
                out[rows] = mean_pool(hidden, mask)
        return out

    def embed_tokens(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, list[TextTokens]]:
        """The text vectors and, from the same pass, each text's content tokens (see `eduqa.tokens`)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        tokens: list[TextTokens | None] = [None] * len(texts)
        with threads_for(len(texts)):
            for rows, hidden, mask, encodings in self._batches(list(texts), batch_size, progress):
                out[rows] = mean_pool(hidden, mask)
                for j, (row, encoding) in enumerate(zip(rows, encodings)):
                    starts = [start for start, _ in encoding.offsets]
                    tokens[row] = content_tokens(encoding.tokens, hidden[j, : len(encoding.ids)], starts)
        return out, tokens  # type: ignore[return-value]
