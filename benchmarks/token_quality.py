"""Compressed against 8-bit token vectors on the quality benchmarks, in the same run.

    python benchmarks/token_quality.py [--benchmarks ../shared/benchmarks] [--cache results/cache] [--out FILE]

For each benchmark set, the passages are indexed twice from the same cached embeddings: once with 8-bit token
codes (as every index of fewer than 1,000 passages keeps them) and once product-quantized (as larger indexes keep
them), and the hybrid search is scored on the set's questions. Prints a Markdown table and writes the JSON.
Run `make eval` (or this script) once to fill the cache; a first run embeds every passage.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eduqa.builder import build_index  # noqa: E402
from eduqa.embedding import load_embedder  # noqa: E402
from eduqa.evaluation import evaluate_benchmark, read_benchmark_passages, read_benchmark_questions  # noqa: E402
from eduqa.settings import DenseSettings  # noqa: E402
from eduqa.vector_cache import CachedEmbedder  # noqa: E402

BENCHMARKS = ("tqa", "squad_dev", "sciq")


def measure(name: str, folder: Path, embedder, cache: Path, token_bytes: int) -> dict:
    """R@1, R@5 and search latency with 8-bit and with product-quantized tokens, in the same run."""
    records = read_benchmark_passages(folder / "passages.jsonl")
    questions = read_benchmark_questions(folder / "questions.jsonl", (r["id"] for r in records))
    cached = CachedEmbedder(embedder, cache)
    row: dict = {"benchmark": name, "passages": len(records), "questions": len(questions)}
    for label, settings in (
        ("int8", DenseSettings(compress_tokens_from=len(records) + 1)),
        ("pq", DenseSettings(compress_tokens_from=0, token_bytes=token_bytes)),
    ):
        started = time.perf_counter()
        index = build_index(records, embedder=cached, dense_settings=settings)
        built = time.perf_counter() - started
        index.embedder = embedder
        tokens = index.token_vectors
        assert tokens is not None and tokens.codec == label, f"{name}: expected {label} tokens"
        report = evaluate_benchmark(index, questions, retrievers=["hybrid"])
        hybrid = report.retrievers[0]
        row[label] = {
            "recall_at_1": hybrid.recall_at_1,
            "recall_at_5": hybrid.recall_at_5,
            "mrr_at_10": hybrid.mrr_at_10,
            "latency_ms": hybrid.latency_ms,
            "bytes_per_token": tokens.bytes_per_token,
            "tokens": int(len(tokens.codes)),
            "build_seconds": round(built, 1),
        }
        print(f"{name} {label}: R@1 {hybrid.recall_at_1:.3f} R@5 {hybrid.recall_at_5:.3f} "
              f"({tokens.bytes_per_token} bytes a token, {hybrid.latency_ms:.1f} ms)", file=sys.stderr, flush=True)
    if cached.misses:
        print(f"{name}: {cached.misses} texts were not in the cache and were embedded", file=sys.stderr)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", default=str(ROOT.parent / "shared" / "benchmarks"))
    parser.add_argument("--cache", default=str(ROOT / "results" / "cache"), help="embedding cache folder")
    parser.add_argument("--token-bytes", type=int, default=DenseSettings().token_bytes)
    parser.add_argument("--out", default=str(ROOT / "results" / "token-quality.json"))
    parser.add_argument("--sets", default=",".join(BENCHMARKS), help="comma-separated benchmark folders")
    args = parser.parse_args()
    embedder = load_embedder(None)
    rows = [
        measure(name, Path(args.benchmarks) / name, embedder, Path(args.cache), args.token_bytes)
        for name in args.sets.split(",")
    ]
    info = {"date": date.today().isoformat(), "machine": platform.machine(), "rows": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print("| benchmark | tokens | 8-bit R@1 / R@5 | compressed R@1 / R@5 | change R@1 / R@5 (points) "
          "| bytes a token | search median ms (8-bit / compressed) |")
    print("|---|---:|---|---|---|---|---|")
    for r in rows:
        a, b = r["int8"], r["pq"]
        d1, d5 = 100 * (b["recall_at_1"] - a["recall_at_1"]), 100 * (b["recall_at_5"] - a["recall_at_5"])
        print(f"| {r['benchmark']} ({r['questions']} q, {r['passages']} p) | {a['tokens']:,} "
              f"| {a['recall_at_1']:.3f} / {a['recall_at_5']:.3f} | {b['recall_at_1']:.3f} / {b['recall_at_5']:.3f} "
              f"| {d1:+.1f} / {d5:+.1f} "
              f"| {a['bytes_per_token']} / {b['bytes_per_token']} | {a['latency_ms']:.1f} / {b['latency_ms']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
