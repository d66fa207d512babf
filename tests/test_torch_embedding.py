"""The torch backend without sentence-transformers: which models it runs, and agreement with sentence-transformers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import CORPUS, QA_PAGE, ROOT

from eduqa.builder import build_index
from eduqa.errors import EmbedderError
from eduqa.model_folder import MEAN_OF_TOKENS, ModelFolder, read_model_folder
from eduqa.torch_embedding import BertEmbedder, unsupported

BERT = {"model_type": "bert", "hidden_act": "gelu", "hidden_size": 8, "num_attention_heads": 2,
        "num_hidden_layers": 1, "intermediate_size": 16, "max_position_embeddings": 16, "type_vocab_size": 2}
PIPELINE = [
    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
    {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
]


def write_folder(folder: Path, *, modules=PIPELINE, pooling="pooling_mode_mean_tokens", lower=False, config=BERT,
                 files=("tokenizer.json", "model.safetensors")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 8, pooling: True}))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 12, "do_lower_case": lower}))
    (folder / "config.json").write_text(json.dumps(config))
    for name in files:
        (folder / name).write_text("{}")
    return folder


def test_a_folder_is_read_as_its_pipeline(tmp_path):
    folder = read_model_folder(write_folder(tmp_path / "m"))
    assert folder.modules == MEAN_OF_TOKENS and folder.max_length == 12 and folder.mean_of_tokens
    assert unsupported(folder) is None


@pytest.mark.parametrize(("change", "reason"), [
    ({"pooling": "pooling_mode_cls_token"}, "(pooling_mode_cls_token)"),
    ({"modules": PIPELINE[:2]}, "its pipeline is Transformer → Pooling (pooling_mode_mean_tokens)"),
    ({"modules": [*PIPELINE, {"type": "sentence_transformers.models.Dense", "path": "3_Dense"}]}, "→ Dense"),
    ({"lower": True}, "(pooling_mode_mean_tokens, lowercased)"),
    ({"files": ("tokenizer.json",)}, "no model.safetensors"),
    ({"files": ("model.safetensors",)}, "no tokenizer.json"),
    ({"config": {**BERT, "model_type": "mpnet"}}, "'mpnet', not a BERT encoder"),
    ({"config": {**BERT, "is_decoder": True}}, "not a BERT encoder"),
    ({"config": {**BERT, "hidden_act": "relu"}}, "another activation"),
    ({"config": {**BERT, "position_embedding_type": "relative_key"}}, "position embedding"),
    ({"config": {**BERT, "torch_dtype": "float16"}}, "its weights are float16"),
])
def test_other_models_are_left_to_sentence_transformers(tmp_path, change, reason):
    found = unsupported(read_model_folder(write_folder(tmp_path / "m", **change)))
    assert found is not None and reason in found


def test_an_unreadable_modules_list_is_one_line(tmp_path):
    folder = write_folder(tmp_path / "m")
    (folder / "modules.json").write_text('{"not": "a list"}')
    with pytest.raises(EmbedderError, match="modules.json: it is not a list of modules"):
        read_model_folder(folder)
    (folder / "modules.json").write_text("[{")
    with pytest.raises(EmbedderError, match="cannot read .*modules.json"):
        read_model_folder(folder)


def tiny_bert(folder: Path, leave_out: str = "") -> ModelFolder:
    """A one-layer BERT of random weights with the bundled model's tokenizer."""
    torch = pytest.importorskip("torch")
    from safetensors.torch import save_file

    from eduqa.embedding import bundled_model_path

    bundled = bundled_model_path()
    if bundled is None:
        pytest.skip("the bundled model is not installed")
    vocab = json.loads((bundled / "config.json").read_text())["vocab_size"]
    write_folder(folder, config={**BERT, "vocab_size": vocab}, files=())
    (folder / "tokenizer.json").write_bytes((bundled / "tokenizer.json").read_bytes())
    shapes = {"embeddings.word_embeddings.weight": (vocab, 8), "embeddings.position_embeddings.weight": (16, 8),
              "embeddings.token_type_embeddings.weight": (2, 8)}
    for name in ("embeddings.LayerNorm", "encoder.layer.0.attention.output.LayerNorm",
                 "encoder.layer.0.output.LayerNorm"):
        shapes.update({f"{name}.weight": (8,), f"{name}.bias": (8,)})
    for name, (rows, cols) in {"attention.self.query": (8, 8), "attention.self.key": (8, 8),
                               "attention.self.value": (8, 8), "attention.output.dense": (8, 8),
                               "intermediate.dense": (16, 8), "output.dense": (8, 16)}.items():
        shapes.update({f"encoder.layer.0.{name}.weight": (rows, cols), f"encoder.layer.0.{name}.bias": (rows,)})
    generator = torch.Generator().manual_seed(0)
    weights = {k: torch.randn(shape, generator=generator) for k, shape in shapes.items() if k != leave_out}
    save_file(weights, str(folder / "model.safetensors"))
    return read_model_folder(folder)


def test_a_model_missing_a_weight_is_refused_in_one_line(tmp_path):
    folder = tiny_bert(tmp_path / "m", leave_out="encoder.layer.0.output.dense.bias")
    with pytest.raises(EmbedderError, match="model.safetensors has no encoder.layer.0.output.dense.bias"):
        BertEmbedder("tiny", folder)


def test_damaged_weights_are_refused_in_one_line(tmp_path):
    folder = tiny_bert(tmp_path / "m")
    (folder.path / "model.safetensors").write_bytes(b"\x00" * 64)
    with pytest.raises(EmbedderError, match="could not load embedding model 'tiny'"):
        BertEmbedder("tiny", folder)


def test_vectors_do_not_depend_on_batch_mates_and_texts_are_cut_to_the_maximum_length(tmp_path):
    embedder = BertEmbedder("tiny", tiny_bert(tmp_path / "m"))
    texts = ["a short one", "a much longer text about plants, light, water and carbon dioxide in leaves", "x"]
    together, tokens = embedder.embed_tokens(texts, batch_size=3)  # padded to the longest
    alone = np.stack([embedder.embed([t])[0] for t in texts])
    assert together.shape == (3, 8) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-6)
    assert np.abs(together - alone).max() < 1e-5
    assert embedder.embed([]).shape == (0, 8) and embedder.embed_tokens([])[1] == []
    # 12 tokens at most, [CLS] and [SEP] included: the long text keeps its first 10 pieces, up to "water"
    assert tokens[1].starts.max() == texts[1].index("water")


def test_a_batch_holds_at_most_the_token_budget(tmp_path, monkeypatch):
    import eduqa.torch_embedding as torch_embedding

    embedder = BertEmbedder("tiny", tiny_bert(tmp_path / "m"))
    texts = ["one two three four five six seven eight nine ten eleven", "one two", "one", "two", "three"]
    expected = embedder.embed(texts)
    shapes = []
    run = embedder._run
    monkeypatch.setattr(embedder, "_run", lambda encodings: shapes.append((len(encodings), len(encodings[0].ids)))
                        or run(encodings))
    monkeypatch.setattr(torch_embedding, "TOKENS_PER_BATCH", 8)
    assert np.abs(embedder.embed(texts, batch_size=5) - expected).max() < 1e-5
    # the long text (12 tokens, over the budget) alone, then two at a time: 4 + 3 tokens padded to 4, then 3 + 3
    assert shapes == [(1, 12), (2, 4), (2, 3)]


@pytest.fixture(scope="module")
def both_backends():
    from eduqa.embedding import SentenceTransformerEmbedder, load_embedder

    return load_embedder(), SentenceTransformerEmbedder()


@pytest.mark.model
def test_the_bundled_model_runs_without_sentence_transformers(both_backends):
    ours, _ = both_backends
    assert isinstance(ours, BertEmbedder)
    assert (ours.name, ours.backend, ours.dimension) == ("all-MiniLM-L6-v2", "torch", 384)


@pytest.mark.model
def test_vectors_and_tokens_are_those_of_sentence_transformers(both_backends):
    """On the shipped corpus's passages, as a build embeds them, and on their sentences."""
    from eduqa import storage
    from eduqa.extracts import passage_sentences

    ours, theirs = both_backends
    _, _, store = storage.read_passage_store(ROOT / "index")
    texts = [p.indexed_text() for p in store]
    texts += [s.text for p in store for s in passage_sentences(p.text)][:60]
    vectors, tokens = ours.embed_tokens(texts)
    expected, expected_tokens = theirs.embed_tokens(texts)
    assert np.abs(vectors - expected).max() <= 1e-5
    assert np.abs(ours.embed(texts, batch_size=7) - expected).max() <= 1e-5
    assert np.abs(ours.embed(texts[:1]) - expected[:1]).max() <= 1e-5  # a question alone, on one thread
    for found, wanted in zip(tokens, expected_tokens):
        assert np.array_equal(found.starts, wanted.starts)
        assert np.abs(found.vectors - wanted.vectors).max(initial=0.0) <= 1e-5


# The peak of the memory this process allocates (RssAnon, sampled every 2 ms) and of its whole resident size
# (VmHWM). The second also counts the pages of torch's library and of the model's weights that are mapped, and
# those vary with the page cache: right after an install, when the library is all in the cache, ~90 MB more are
# mapped than on a machine where it has aged out of it. The bound, 500 MB, holds in both.
BUILD_MEMORY = """
import re, sys, threading, time
from pathlib import Path
from eduqa.cli import main
def anon():
    return int(re.search(r"RssAnon:\\s*(\\d+)", Path("/proc/self/status").read_text()).group(1)) // 1024
peak, done = [anon()], threading.Event()
def watch():
    while not done.is_set():
        peak[0] = max(peak[0], anon())
        time.sleep(0.002)
watcher = threading.Thread(target=watch, daemon=True)
watcher.start()
code = main(["build", "--corpus", sys.argv[1], "--index", sys.argv[2], "--quiet"])
done.set()
watcher.join()
peak[0] = max(peak[0], anon())
whole = int(re.search(r"VmHWM:\\s*(\\d+)", Path("/proc/self/status").read_text()).group(1)) * 1024 // 10**6
heavy = ("transformers", "sentence_transformers", "sklearn", "pandas")
print(code, peak[0], whole, *sorted(m for m in heavy if m in sys.modules))
"""


def test_a_released_model_reads_its_weights_again_and_gives_the_same_vectors(tmp_path):
    ours = BertEmbedder("tiny", tiny_bert(tmp_path / "m"))
    texts = ["Schools partner with community organizations.", "Full-service schools integrate services."]
    before = ours.embed(texts)
    ours.release()
    assert ours.holds_weights is False
    assert np.array_equal(ours.embed(texts), before)
    assert ours.holds_weights is True


@pytest.mark.model
def test_a_build_lets_go_of_the_model_it_loaded_and_its_index_still_answers(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / QA_PAGE).write_bytes((CORPUS / QA_PAGE).read_bytes())
    index = build_index(corpus, tmp_path / "index", progress=False)
    assert index.embedder.holds_weights is False
    assert index.answer("Which model addresses non-academic barriers to learning?").text
    assert index.embedder.holds_weights is True


@pytest.mark.model
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the process's memory from /proc")
def test_a_build_with_the_default_model_allocates_under_350_mb_and_peaks_under_500_mb(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / QA_PAGE).write_bytes((CORPUS / QA_PAGE).read_bytes())
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    done = subprocess.run([sys.executable, "-c", BUILD_MEMORY, str(corpus), str(tmp_path / "index")],
                          capture_output=True, text=True, env=env, timeout=600)
    code, peak, whole, *heavy = done.stdout.splitlines()[-1].split()
    assert code == "0" and heavy == [], done.stderr[-500:]
    assert int(peak) < 350, f"peak {peak} MB allocated"
    assert int(whole) < 500, f"peak {whole} MB resident"
