"""Benchmark eduqa at growing corpus sizes, and its embedding backends.

    python benchmarks/run.py --sizes 1000,10000,100000,1000000 --out results/benchmark.json

Writes a JSON list of records (``"record": "size"``, ``"embedding"`` or ``"overhead"``) and a PNG plot beside
it (latency and memory against corpus size, log scales). Sizes up to the number of TQA passages use real
TQA passages and their real embeddings; larger sizes are synthetic, derived from them (see `synthetic.py`).
Everything is measured in this process, on this machine, in this run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_corpus  # noqa: E402

import eduqa  # noqa: E402
from eduqa.embedding import HashEmbedder, SentenceTransformerEmbedder, load_embedder  # noqa: E402
from eduqa.settings import DenseSettings  # noqa: E402

log = logging.getLogger("benchmark")
DEFAULT_DATA = HERE.parent.parent / "shared" / "benchmarks"


# --- small pure helpers ----------------------------------------------------------------------------


def percentile_ms(seconds: Sequence[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(seconds) * 1000, q)), 3)


def recall_at(found: Sequence[Sequence[int]], gold: Sequence[set[int]], k: int) -> float:
    return float(np.mean([len(set(f[:k]) & g) > 0 for f, g in zip(found, gold)]))


def mrr_at(found: Sequence[Sequence[int]], gold: Sequence[set[int]], k: int) -> float:
    total = 0.0
    for f, g in zip(found, gold):
        total += next((1.0 / r for r, p in enumerate(f[:k], 1) if p in g), 0.0)
    return total / max(len(found), 1)


def overlap_at(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of the exact top-k found by the approximate search."""
    return float(np.mean([len(set(a.tolist()) & set(b.tolist())) / len(b) for a, b in zip(found, exact)]))


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


_LOAD_MEMORY = """
import json, sys, time
import bm25s, faiss, Stemmer, orjson, pyarrow  # imported first, so that only the index is counted
import eduqa
from eduqa.storage import read_manifest

def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

class Stub:  # the model's name and backend, without the model: only the index is measured
    name, backend, dimension = sys.argv[2], sys.argv[3], int(sys.argv[4])

before = rss()
started = time.perf_counter()
index = eduqa.load_index(sys.argv[1], embedder=Stub())
seconds = time.perf_counter() - started
after = rss() - before
started = time.perf_counter()
manifest = read_manifest(sys.argv[1])
manifest_s = time.perf_counter() - started
started = time.perf_counter()
documents = len(index.document_list.documents)  # read on first use, not by load_index
print(json.dumps({"after_load": after, "load_s": seconds, "manifest_s": manifest_s,
                  "documents_s": time.perf_counter() - started, "documents": documents}))
"""


def load_in_fresh_process(folder: Path, name: str, backend: str, dimension: int) -> dict[str, float]:
    """`load_index` in a fresh process (index only, no model): the resident memory it adds (``after_load``, MB),
    its seconds, the seconds of reading and checking the manifest alone, and of reading the list of documents
    (which loading leaves for later)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _LOAD_MEMORY, str(folder), name, backend, str(dimension)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_memory_mb(folder: Path, name: str, backend: str, dimension: int) -> float:
    """Resident memory that `load_index` adds, measured in a fresh process (index only, no model)."""
    return load_in_fresh_process(folder, name, backend, dimension)["after_load"]


# --- data ------------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class ReplayEmbedder:
    """Hands `build_index` vectors computed beforehand, in order, under the real model's name and backend.

    The index is then built, written and loaded exactly as one embedded by that model would be. The first
    call embeds the passages; later calls (the passages' sentences) get hash-embedder vectors, which cost
    the same to store and read as the model's.
    """

    def __init__(self, vectors: np.ndarray, name: str, backend: str) -> None:
        self.vectors = vectors
        self.name = name
        self.backend = backend
        self.dimension = int(vectors.shape[1])
        self._calls = 0

    def embed(self, texts, *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        self._calls += 1
        if self._calls > 1:
            return HashEmbedder(self.dimension).embed(texts)
        if len(texts) != len(self.vectors):
            raise ValueError(f"expected {len(self.vectors)} texts, got {len(texts)}")
        return self.vectors


def cached_embeddings(cache: Path, embedder, texts: Sequence[str]) -> np.ndarray:
    """Embeddings of `texts` by `embedder`, kept in `cache` between runs (keyed by model, backend and texts)."""
    key = hashlib.sha256(f"{embedder.name}|{embedder.backend}|{eduqa.__version__}".encode())
    for text in texts:
        key.update(text.encode())
        key.update(b"\0")
    path = cache / f"embeddings-{embedder.backend}-{key.hexdigest()[:16]}.npy"
    if path.is_file():
        return np.load(path)
    vectors = embedder.embed(list(texts), batch_size=32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


# --- embedding backends ----------------------------------------------------------------------------


def embedding_records(
    backends: Sequence[str], passages: list[dict], questions: list[dict], cache: Path, sample: int, rounds: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Throughput (interleaved rounds on the same passages) and TQA dense retrieval quality per backend."""
    texts = [f"{p['title']}\n{p['text']}" for p in passages]
    row_of = {p["id"]: row for row, p in enumerate(passages)}
    gold = [{row_of[g] for g in q["gold_ids"] if g in row_of} for q in questions]
    embedders, load_s = {}, {}
    for backend in backends:
        started = time.perf_counter()
        embedders[backend] = load_embedder(backend=backend)
        load_s[backend] = time.perf_counter() - started
        embedders[backend].embed(texts[:16])  # warm-up
    rng = np.random.default_rng(1)
    chunk = [texts[i] for i in rng.choice(len(texts), size=min(sample, len(texts)), replace=False)]
    speeds: dict[str, list[float]] = {b: [] for b in backends}
    for _ in range(rounds):  # interleaved, so that load from other processes hits every backend alike
        for backend in backends:
            started = time.perf_counter()
            embedders[backend].embed(chunk, batch_size=32)
            speeds[backend].append(len(chunk) / (time.perf_counter() - started))
    question_latency: dict[str, list[float]] = {b: [] for b in backends}
    for question in [q["question"] for q in questions[:60]]:  # one at a time, as `index.search` embeds them
        for backend in backends:
            question_latency[backend].append(timed(lambda q=question, b=backend: embedders[b].embed([q]))[1])
    records = []
    reference = None
    vectors_by_backend = {}
    for backend in backends:
        vectors = cached_embeddings(cache, embedders[backend], texts)
        queries = cached_embeddings(cache, embedders[backend], [q["question"] for q in questions])
        vectors_by_backend[backend] = (vectors, queries)
        found = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
        record = {
            "record": "embedding",
            "backend": backend,
            "passages_per_s": round(statistics.median(speeds[backend]), 2),
            "passages_per_s_rounds": [round(s, 2) for s in speeds[backend]],
            "sample_passages": len(chunk),
            "question_p50_ms": percentile_ms(question_latency[backend], 50),
            "load_s": round(load_s[backend], 2),
            "tqa_recall_at_1": round(recall_at(found, gold, 1), 4),
            "tqa_recall_at_5": round(recall_at(found, gold, 5), 4),
            "tqa_mrr_at_10": round(mrr_at(found, gold, 10), 4),
        }
        if reference is None:
            reference = (backend, vectors, record)
        else:
            cosines = (vectors * reference[1]).sum(axis=1)
            record[f"cosine_to_{reference[0]}_mean"] = round(float(cosines.mean()), 4)
            record[f"cosine_to_{reference[0]}_min"] = round(float(cosines.min()), 4)
            record[f"speedup_vs_{reference[0]}"] = round(record["passages_per_s"] / reference[2]["passages_per_s"], 2)
            record[f"recall_at_5_minus_{reference[0]}"] = round(
                record["tqa_recall_at_5"] - reference[2]["tqa_recall_at_5"], 4
            )
        records.append(record)
        log.info("embedding %s", record)
    return records, {"embedders": embedders, "vectors": vectors_by_backend}


# --- sizes -----------------------------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def size_record(
    size: int,
    passages: list[dict],
    base: np.ndarray,
    questions: Sequence[str],
    question_vectors: np.ndarray,
    query_embedder,
    work: Path,
    dense_settings: DenseSettings,
    seed: int,
) -> dict[str, Any]:
    """Build, load and search an index of `size` passages; return its measurements."""
    import faiss

    if size <= len(passages):
        records = [{"id": p["id"], "title": p["title"], "text": p["text"], "source": "tqa"} for p in passages[:size]]
        vectors, origin = base[:size], "real TQA passages and embeddings"
    else:
        records, vectors = synthetic_corpus(
            [p["title"] for p in passages], [p["text"] for p in passages], base, size, seed=seed
        )
        origin = "synthetic, derived from TQA"
    folder = work / f"index-{size}"
    replay = ReplayEmbedder(vectors, query_embedder.name, query_embedder.backend)
    _, build_s = timed(lambda: eduqa.build_index(records, folder, embedder=replay, dense_settings=dense_settings))
    records = None  # free the built index and the records before measuring the load
    index, load_s = timed(lambda: eduqa.load_index(folder, embedder=query_embedder))
    memory = load_memory_mb(folder, query_embedder.name, query_embedder.backend, query_embedder.dimension)

    for question in questions[:10]:  # warm-up: first page-ins of memory-mapped files, caches
        index.search(question, k=10)
    latencies = []
    for question in questions:
        _, seconds = timed(lambda q=question: index.search(q, k=10))
        latencies.append(seconds)
    parts = {"embed": [], "dense": [], "lexical": []}
    for question, vector in zip(questions, question_vectors):
        parts["embed"].append(timed(lambda q=question: query_embedder.embed([q]))[1])
        parts["dense"].append(timed(lambda v=vector: index.dense.search(v, 50))[1])
        parts["lexical"].append(timed(lambda q=question: index.lexical.top(q, 50))[1])

    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(np.ascontiguousarray(vectors, dtype=np.float32))
    _, truth = exact.search(question_vectors, 10)
    found = np.stack([index.dense.search(v, 10)[0] for v in question_vectors])
    total = folder_bytes(folder)
    dense_file = folder / "vectors.faiss"
    record = {
        "record": "size",
        "size": size,
        "data": origin,
        "index_kind": index.dense.kind,
        "dense_params": index.dense.params,
        "search_p50_ms": percentile_ms(latencies, 50),
        "search_p95_ms": percentile_ms(latencies, 95),
        "query_embed_p50_ms": percentile_ms(parts["embed"], 50),
        "dense_p50_ms": percentile_ms(parts["dense"], 50),
        "lexical_p50_ms": percentile_ms(parts["lexical"], 50),
        "recall_at_10_vs_exact": round(overlap_at(found, truth), 4),
        "bytes_per_passage": round(total / size, 1),
        "dense_bytes_per_passage": round(dense_file.stat().st_size / size, 1),
        "index_mb": round(total / 2**20, 1),
        "memory_mb_after_load": round(memory, 1),
        "load_s": round(load_s, 3),
        "build_s": round(build_s, 2),
        "queries": len(questions),
        "query_backend": query_embedder.backend,
    }
    shutil.rmtree(folder, ignore_errors=True)
    log.info("size %s", record)
    return record


def overhead_record(
    passages: list[dict], base: np.ndarray, questions: Sequence[str], embedder, work: Path, size: int
) -> dict[str, Any]:
    """`index.search` against a bare sentence-transformers + FAISS flat search, same passages, interleaved."""
    import faiss

    records = [{"id": p["id"], "title": p["title"], "text": p["text"], "source": "tqa"} for p in passages[:size]]
    vectors = base[:size]
    folder = work / "index-overhead"
    eduqa.build_index(records, folder, embedder=ReplayEmbedder(vectors, embedder.name, embedder.backend))
    index = eduqa.load_index(folder, embedder=embedder)
    # the bare baseline runs the same model through sentence-transformers itself
    model = getattr(embedder, "model", None) or SentenceTransformerEmbedder(embedder.name).model
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def bare(question: str) -> None:
        query = model.encode([question], normalize_embeddings=True, convert_to_numpy=True)
        flat.search(np.ascontiguousarray(query, dtype=np.float32), 10)

    def bare_one_thread(question: str) -> None:
        """The bare search with the thread settings eduqa uses for one question, to isolate its bookkeeping."""
        import torch

        threads, faiss_threads = torch.get_num_threads(), faiss.omp_get_max_threads()
        torch.set_num_threads(1)
        faiss.omp_set_num_threads(1)
        try:
            bare(question)
        finally:
            torch.set_num_threads(threads)
            faiss.omp_set_num_threads(faiss_threads)

    for question in questions[:10]:
        bare(question)
        bare_one_thread(question)
        index.search(question, k=10)
    ours, theirs, theirs_one = [], [], []
    for question in questions:
        ours.append(timed(lambda q=question: index.search(q, k=10))[1])
        theirs.append(timed(lambda q=question: bare(q))[1])
        theirs_one.append(timed(lambda q=question: bare_one_thread(q))[1])
    shutil.rmtree(folder, ignore_errors=True)
    record = {
        "record": "overhead",
        "size": size,
        "eduqa_search_p50_ms": percentile_ms(ours, 50),
        "bare_st_faiss_p50_ms": percentile_ms(theirs, 50),
        "ratio_p50": round(float(np.median(ours) / np.median(theirs)), 3),
        "bare_one_thread_p50_ms": percentile_ms(theirs_one, 50),
        "ratio_p50_same_threads": round(float(np.median(ours) / np.median(theirs_one)), 3),
        "queries": len(questions),
    }
    log.info("overhead %s", record)
    return record


# --- plot ------------------------------------------------------------------------------------------


def plot(records: list[dict[str, Any]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r for r in records if r["record"] == "size"]
    if not sizes:
        return
    x = [r["size"] for r in sizes]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), dpi=90)
    for key, label in (("search_p50_ms", "search p50"), ("search_p95_ms", "search p95"),
                       ("query_embed_p50_ms", "query embedding p50"), ("load_s", None)):
        if label:
            left.plot(x, [r[key] for r in sizes], marker="o", label=label)
    left.set(xscale="log", yscale="log", xlabel="passages", ylabel="ms", title="Search latency")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=8)
    right.plot(x, [r["bytes_per_passage"] for r in sizes], marker="o", label="all index files")
    right.plot(x, [r["dense_bytes_per_passage"] for r in sizes], marker="o", label="FAISS file")
    if all("memory_mb_after_load" in r for r in sizes):
        resident = [r["memory_mb_after_load"] * 2**20 / r["size"] for r in sizes]
        right.plot(x, resident, marker="o", label="memory of the loaded index")
    for r in sizes:
        right.annotate(r["index_kind"], (r["size"], r["dense_bytes_per_passage"]), fontsize=7,
                       textcoords="offset points", xytext=(0, 6), ha="center")
    right.set(xscale="log", yscale="log", xlabel="passages", ylabel="bytes per passage",
              title="Index size on disk, and memory")
    right.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=8)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_title(info: dict[str, Any]) -> str:
    return f"eduqa {info['eduqa']}, {info['date'][:10]}, {info['machine'].split(',')[1].strip()}"


# --- main ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--out", type=Path, default=Path("results/benchmark.json"), help="JSON file to write")
    parser.add_argument("--plot", type=Path, default=None, help="PNG to write (default: beside --out)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared benchmarks folder")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", help="embeddings kept between runs")
    parser.add_argument("--backends", default="torch,onnx,onnx-int8", help="embedding backends to compare")
    parser.add_argument("--query-backend", default="torch", help="backend that embeds questions in size runs")
    parser.add_argument("--queries", type=int, default=200, help="questions timed per size")
    parser.add_argument("--sample", type=int, default=128, help="passages per throughput round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved throughput rounds")
    parser.add_argument("--exact-below", type=int, default=DenseSettings().exact_below)
    parser.add_argument("--approximate", default=DenseSettings().approximate)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--replot", type=Path, default=None, help="only draw the plot of an earlier result file")
    parser.add_argument("--limit-passages", type=int, default=None, help="use only the first N TQA passages "
                        "(a quick smoke run; retrieval quality is then not comparable)")
    args = parser.parse_args(argv)
    if args.replot:
        records = json.loads(args.replot.read_text(encoding="utf-8"))
        plot(records, args.plot or args.replot.with_suffix(".png"), plot_title(records[0]))
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    backends = [b for b in args.backends.split(",") if b.strip()]
    if args.query_backend not in backends:
        backends.insert(0, args.query_backend)
    dense_settings = DenseSettings(exact_below=args.exact_below, approximate=args.approximate)
    started = time.perf_counter()

    tqa = args.data / "tqa"
    passages = read_jsonl(tqa / "passages.jsonl")[: args.limit_passages]
    questions = read_jsonl(tqa / "questions.jsonl")
    records: list[dict[str, Any]] = []
    embedding, state = embedding_records(backends, passages, questions, args.cache, args.sample, args.rounds)
    records += embedding
    query_embedder = state["embedders"][args.query_backend]
    base, question_vectors = state["vectors"][args.query_backend]
    timed_questions = [q["question"] for q in questions[: args.queries]]
    timed_vectors = question_vectors[: args.queries]

    with tempfile.TemporaryDirectory(prefix="eduqa-bench-") as tmp:
        work = Path(tmp)
        torch_embedder = state["embedders"].get("torch") or load_embedder(backend="torch")
        records.append(overhead_record(passages, base, timed_questions, torch_embedder, work, 1000))
        for size in sizes:
            records.append(
                size_record(size, passages, base, timed_questions, timed_vectors, query_embedder, work,
                            dense_settings, args.seed)
            )
    info = {
        "record": "run",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared), {platform.platform()}",
        "python": platform.python_version(),
        "eduqa": eduqa.__version__,
        "dense_settings": dense_settings.to_dict(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    records.insert(0, info)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    plot_path = args.plot or args.out.with_suffix(".png")
    plot(records, plot_path, plot_title(info))
    log.info("wrote %s and %s in %.0f s", args.out, plot_path, info["seconds"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
