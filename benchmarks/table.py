"""Print the Markdown tables of a `run.py` result file (the README's Performance section is made with it).

    python benchmarks/table.py results/benchmark.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def size_table(records: list[dict[str, Any]]) -> str:
    rows = [
        "| passages | data | index kind | search p50 / p95 (ms) | of which question embedding p50 (ms) "
        "| recall@10 vs exact | bytes / passage (all / FAISS) | load (s) | build (s) |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in records:
        if r["record"] != "size":
            continue
        params = r["dense_params"]
        knob = f", nprobe {params['nprobe']} of {params['nlist']}" if "nprobe" in params else ""
        knob += f", efSearch {params['ef_search']}" if "ef_search" in params else ""
        rows.append(
            f"| {r['size']:,} | {'real' if r['data'].startswith('real') else 'synthetic'} "
            f"| {r['index_kind']}{knob} | {r['search_p50_ms']:.1f} / {r['search_p95_ms']:.1f} "
            f"| {r['query_embed_p50_ms']:.1f} | {r['recall_at_10_vs_exact']:.3f} "
            f"| {r['bytes_per_passage']:,.0f} / {r['dense_bytes_per_passage']:,.0f} | {r['load_s']:.2f} "
            f"| {r['build_s']:.1f} |"
        )
    return "\n".join(rows)


def embedding_table(records: list[dict[str, Any]]) -> str:
    rows = [
        "| backend | passages/s (median of rounds) | vs torch | one question p50 (ms) "
        "| TQA R@1 / R@5 / MRR@10 (dense) | cosine to torch (mean / min) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in records:
        if r["record"] != "embedding":
            continue
        cosine = (
            f"{r['cosine_to_torch_mean']:.4f} / {r['cosine_to_torch_min']:.4f}" if "cosine_to_torch_mean" in r else "-"
        )
        rows.append(
            f"| {r['backend']} | {r['passages_per_s']:.1f} | {r.get('speedup_vs_torch', 1.0):.2f}x "
            f"| {r.get('question_p50_ms', float('nan')):.1f} "
            f"| {r['tqa_recall_at_1']:.3f} / {r['tqa_recall_at_5']:.3f} / {r['tqa_mrr_at_10']:.3f} | {cosine} |"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    records = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    run = records[0]
    print(f"Measured {run['date']} on {run['machine']}, in {run['seconds']:.0f} s.\n")
    print(size_table(records) + "\n")
    print(embedding_table(records) + "\n")
    for r in records:
        if r["record"] == "overhead":
            print(
                f"Overhead at {r['size']:,} passages: index.search p50 {r['eduqa_search_p50_ms']:.1f} ms; bare "
                f"sentence-transformers + FAISS flat {r['bare_st_faiss_p50_ms']:.1f} ms (ratio {r['ratio_p50']:.2f}), "
                f"{r['bare_one_thread_p50_ms']:.1f} ms on one thread (ratio {r['ratio_p50_same_threads']:.2f})."
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
