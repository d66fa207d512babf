"""Large indexes with compressed token vectors: load time and memory, search with late interaction on and off.

    python benchmarks/scale_tokens.py --sizes 100000,1000000 --out results/scale-tokens.json

Each size is a synthetic corpus derived from the TQA passages (see `synthetic.py` and `run.py`): its passage
vectors are mixtures of real embeddings (the bundled model's, read from the evaluation cache that `make eval`
fills). Its token vectors are real too: passage `s`, made from TQA passages `i`
and `j`, gets the first 50 content tokens of `i` and the first 15 of `j`, as product-quantized codes (a codebook
trained on the TQA tokens, as a build trains one). Questions are the TQA questions, embedded with the chosen
backend (default onnx-int8). Search is timed with late interaction on and off, interleaved, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from run import (  # noqa: E402
    DEFAULT_DATA,
    ReplayEmbedder,
    folder_bytes,
    load_in_fresh_process,
    overlap_at,
    percentile_ms,
    read_jsonl,
    timed,
)
from synthetic import synthetic_corpus  # noqa: E402

import eduqa  # noqa: E402
from eduqa.checksums import describe_files, seal  # noqa: E402
from eduqa.embedding import load_embedder  # noqa: E402
from eduqa.passages import passages_from_records  # noqa: E402
from eduqa.settings import DenseSettings, SearchSettings  # noqa: E402
from eduqa.token_codes import Codebook  # noqa: E402
from eduqa.tokens import CENTROIDS_FILE, CODES_FILE, PQ_FILES, ROWS_FILE, STARTS_FILE  # noqa: E402
from eduqa.vector_cache import CachedEmbedder  # noqa: E402

log = logging.getLogger("benchmark")
FROM_FIRST, FROM_SECOND = 50, 15


def tqa_tokens(passages: list[dict], cache: Path, token_bytes: int):
    """The TQA passages' vectors, and their content tokens as codes of a codebook (from the evaluation cache,
    which `make eval` fills: the bundled model with torch)."""
    records = [{"id": p["id"], "title": p.get("title", ""), "text": p["text"]} for p in passages]
    texts = [p.indexed_text() for p in passages_from_records(records)]
    embedder = CachedEmbedder(load_embedder(None), cache)
    vectors, tokens = embedder.embed_tokens(texts)
    joined = np.concatenate([t.vectors for t in tokens]).astype(np.float32)
    rows = np.zeros(len(tokens) + 1, dtype=np.int64)
    rows[1:] = np.cumsum([len(t) for t in tokens])
    codebook = Codebook.train(joined, token_bytes)
    return np.asarray(vectors, dtype=np.float32), (codebook, codebook.encode(joined), rows)


def add_tokens(folder: Path, pairs: np.ndarray, codebook: Codebook, codes: np.ndarray, rows: np.ndarray) -> int:
    """Write product-quantized token files for the synthetic passages and record them in the manifest."""
    lengths = np.diff(rows)
    first = np.minimum(lengths[pairs[:, 0]], FROM_FIRST)
    second = np.minimum(lengths[pairs[:, 1]], FROM_SECOND)
    counts = first + second
    total = int(counts.sum())
    out_rows = np.zeros(len(pairs) + 1, dtype=np.int64)
    out_rows[1:] = np.cumsum(counts)
    out = np.lib.format.open_memmap(folder / CODES_FILE, mode="w+", dtype=np.uint8, shape=(total, codes.shape[1]))
    starts = np.lib.format.open_memmap(folder / STARTS_FILE, mode="w+", dtype=np.int32, shape=(total,))
    step = 50_000
    for begin in range(0, len(pairs), step):
        end = min(begin + step, len(pairs))
        pieces = []
        for s in range(begin, end):
            i, j = pairs[s]
            pieces.append(codes[rows[i]:rows[i] + first[s]])
            pieces.append(codes[rows[j]:rows[j] + second[s]])
        block = np.concatenate(pieces)
        out[out_rows[begin]:out_rows[end]] = block
        starts[out_rows[begin]:out_rows[end]] = np.arange(len(block), dtype=np.int32) % 1000 * 6
    out.flush()
    starts.flush()
    del out, starts
    np.save(folder / ROWS_FILE, out_rows)
    np.save(folder / CENTROIDS_FILE, codebook.centroids)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tokens"] = {"count": total, "files": list(PQ_FILES), "dtype": "pq"}
    manifest["files"] = describe_files(folder, leave_out="manifest.json")
    seal(manifest)
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return total


def measure(size: int, passages, base, questions, question_vectors, query_embedder, work: Path, tokens, seed: int,
            query_count: int) -> dict:
    records, vectors = synthetic_corpus([p["title"] for p in passages], [p["text"] for p in passages], base, size,
                                        seed=seed)
    pairs = np.random.default_rng(seed).integers(0, len(passages), size=(size, 2))  # as synthetic_corpus drew them
    folder = work / f"index-{size}"
    replay = ReplayEmbedder(vectors, query_embedder.name, query_embedder.backend)
    _, build_s = timed(lambda: eduqa.build_index(records, folder, embedder=replay, dense_settings=DenseSettings()))
    records = None
    bytes_without = folder_bytes(folder)
    codebook, codes, rows = tokens
    token_count, tokens_s = timed(lambda: add_tokens(folder, pairs, codebook, codes, rows))
    total_bytes = folder_bytes(folder)
    index, load_s = timed(lambda: eduqa.load_index(folder, embedder=query_embedder))
    fresh = load_in_fresh_process(folder, query_embedder.name, query_embedder.backend, query_embedder.dimension)
    assert index.token_vectors is not None and index.token_vectors.codec == "pq"
    off = eduqa.Index(**{**index.__dict__, "search_settings": SearchSettings(token_weight=0.0)})
    for question in questions[:10]:
        index.search(question, k=10)
        off.search(question, k=10)
    on_s, off_s = [], []
    for question in questions[:query_count]:  # interleaved: the same machine load for both
        on_s.append(timed(lambda q=question: index.search(q, k=10))[1])
        off_s.append(timed(lambda q=question: off.search(q, k=10))[1])
    import faiss

    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(np.ascontiguousarray(vectors, dtype=np.float32))
    _, truth = exact.search(question_vectors[:query_count], 10)
    found = np.stack([index.dense.search(v, 10)[0] for v in question_vectors[:query_count]])
    record = {
        "size": size,
        "index_kind": index.dense.kind,
        "dense_params": index.dense.params,
        "tokens": token_count,
        "tokens_per_passage": round(token_count / size, 1),
        "token_bytes_per_passage": round((total_bytes - bytes_without) / size, 1),
        "bytes_per_passage": round(total_bytes / size, 1),
        "index_mb": round(total_bytes / 2**20, 1),
        "load_s": round(load_s, 3),
        "memory_mb_after_load": round(fresh["after_load"], 1),
        "load_s_fresh_process": round(fresh["load_s"], 3),
        "manifest_s_fresh_process": round(fresh["manifest_s"], 3),
        "documents_s_fresh_process": round(fresh["documents_s"], 3),
        "documents": fresh["documents"],
        "search_p50_ms_late_interaction_on": percentile_ms(on_s, 50),
        "search_p95_ms_late_interaction_on": percentile_ms(on_s, 95),
        "search_p50_ms_late_interaction_off": percentile_ms(off_s, 50),
        "search_p95_ms_late_interaction_off": percentile_ms(off_s, 95),
        "recall_at_10_vs_exact": round(overlap_at(found, truth), 4),
        "build_s": round(build_s, 1),
        "tokens_s": round(tokens_s, 1),
        "queries": len(on_s),
        "query_backend": query_embedder.backend,
    }
    log.info("size %s", record)
    shutil.rmtree(folder, ignore_errors=True)
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--out", type=Path, default=HERE.parent / "results" / "scale-tokens.json")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=HERE.parent / "results" / "cache",
                        help="the evaluation cache that holds the TQA passages' token vectors")
    parser.add_argument("--query-backend", default="onnx-int8")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    started = time.perf_counter()
    tqa = args.data / "tqa"
    passages = read_jsonl(tqa / "passages.jsonl")
    questions = read_jsonl(tqa / "questions.jsonl")
    query_embedder = load_embedder(backend=args.query_backend)
    base, tokens = tqa_tokens(passages, args.cache, DenseSettings().token_bytes)
    texts = [q["question"] for q in questions]
    question_vectors = query_embedder.embed(texts)
    records = []
    with tempfile.TemporaryDirectory(prefix="eduqa-scale-", dir=args.out.parent) as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            records.append(measure(size, passages, base, texts, question_vectors, query_embedder, Path(tmp), tokens,
                                   args.seed, args.queries))
            args.out.write_text(json.dumps(records, indent=2) + "\n")
    info = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared)",
        "seconds": round(time.perf_counter() - started, 1),
        "records": records,
    }
    args.out.write_text(json.dumps(info, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
