"""Reproduce the "Answer quality" table of the README with `eduqa eval`.

    python benchmarks/quality.py [--benchmarks ../shared/benchmarks] [--cache results/cache]

Runs corpus mode on eval/dev.jsonl, eval/holdout.jsonl and eval/holdout2.jsonl (one-fact and off-topic
questions) and on eval/dev_kinds.jsonl, eval/holdout_kinds.jsonl, eval/holdout2_kinds.jsonl,
eval/holdout3_kinds.jsonl to eval/holdout21_kinds.jsonl (lists, comparisons, follow-ups, near-domain and
one-fact questions)
against the shipped index, and benchmark mode on
each benchmark folder (passages.jsonl + questions.jsonl). Each run's JSON is written to results/, and the
Markdown table is printed. Passage embeddings are cached under --cache, so a second run takes minutes
instead of a quarter of an hour.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ("tqa", "squad_dev", "sciq")
LABELS = {"hybrid": "eduqa (hybrid)", "lexical": "BM25 only", "dense": "dense only"}


def eduqa_eval(args: list[str], out: Path) -> dict:
    """Run `eduqa eval ... --json`, keep its output in `out`, and return it."""
    command = [sys.executable, "-m", "eduqa", "eval", *args, "--json"]
    print("$ eduqa eval " + " ".join(args) + " --json", file=sys.stderr, flush=True)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stderr.strip() or f"eduqa eval failed with exit code {result.returncode}")
    out.write_text(result.stdout, encoding="utf-8")
    return json.loads(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", default="../shared/benchmarks",
                        help="folder of benchmark folders, relative to the repository (default: ../shared/benchmarks)")
    parser.add_argument("--cache", default="results/cache", help="embedding cache folder (default: results/cache)")
    parser.add_argument("--results", default="results", help="where the JSON of each run goes (default: results)")
    parser.add_argument("--corpus-only", action="store_true",
                        help="only the shipped corpus's question sets, not the benchmarks (a minute instead of many)")
    args = parser.parse_args()
    results = ROOT / args.results
    results.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    corpus = {name: eduqa_eval([f"eval/{name}.jsonl", "--index", "index"], results / f"{name}.json")
              for name in ("dev", "holdout", "holdout2")}
    kinds = {name: eduqa_eval([f"eval/{name}_kinds.jsonl", "--index", "index"], results / f"{name}_kinds.json")
             for name in ("dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6",
                          "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12",
                          "holdout13", "holdout14", "holdout15", "holdout16", "holdout17", "holdout18",
                          "holdout19", "holdout20", "holdout21")}
    benchmarks = {}
    for name in () if args.corpus_only else BENCHMARKS:
        folder = Path(args.benchmarks) / name
        benchmarks[name] = eduqa_eval(
            ["--passages", str(folder / "passages.jsonl"), "--questions", str(folder / "questions.jsonl"),
             "--cache", args.cache],
            results / f"{name}.json",
        )

    print(f"Measured {date.today().isoformat()} on {platform.machine()} Linux, 2-core CPU, no GPU; "
          f"all-MiniLM-L6-v2; {time.perf_counter() - started:.0f} s in all.\n")
    print("| shipped corpus | questions | R@1 | R@5 | MRR@10 | answer accuracy | in-scope answered "
          "| off-topic abstention |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, r in corpus.items():
        print(f"| {name} | {r['in_scope']} + {r['offtopic']} off-topic | {r['recall_at_1']:.3f} "
              f"| {r['recall_at_5']:.3f} | {r['mrr']:.3f} | {r['answer_accuracy']:.3f} | {r['answered_rate']:.3f} "
              f"| {r['abstention_rate']:.3f} |")
    print()
    names = ("list", "comparison", "followup", "near", "fact")
    print("| answers by kind | list | comparison | follow-up | near-domain | one-fact | in-scope answered |")
    print("|---|" + "---:|" * (len(names) + 1))
    for name, r in kinds.items():
        cells = [f"{r['kinds'][k]['score']:.3f} ({r['kinds'][k]['questions']})" if k in r["kinds"] else "-"
                 for k in names]
        print(f"| {name} | " + " | ".join(cells) + f" | {r['answered_rate']:.3f} |")
    if not benchmarks:
        return 0
    print()
    print("| benchmark | retriever | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | median ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, r in benchmarks.items():
        for row in r["retrievers"]:
            label = LABELS.get(row["retriever"], row["retriever"])
            print(f"| {name} ({r['questions']} q, {r['passages']} p) | {label} "
                  f"| {row['recall_at_1']:.3f} | {row['recall_at_5']:.3f} | {row['recall_at_10']:.3f} "
                  f"| {row['mrr_at_10']:.3f} | {row['ndcg_at_10']:.3f} | {row['latency_ms']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
