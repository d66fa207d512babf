"""A build on a local Ray cluster against the local build, in the same run, and embedding throughput by actors.

    python benchmarks/ray_build.py --rounds 2 --out results/ray-build.json

The corpus is the TQA passages (all of them, or the first `--passages`), one Markdown file each (title and
text). Each round builds it from nothing with `--backend` (default onnx-int8), alternating: locally
(`eduqa build`, ONNX Runtime on all of this machine's cores), then on a local Ray of `--cpus` CPUs with each
count of embedding actors in `--actors` (one thread each, so that the actors together use the CPUs the local
build uses). The whole build is timed, model loading and Ray's start-up of its actors included; the
embedding part (passages, their token vectors and their sentences) is taken from the build report. Prints the
medians, the overhead of each Ray build against the local build of the same round, and writes the JSON (after
every build, so that a run stopped early keeps what it measured). Then it prints a projection, not a measurement:
hours to embed 1M and 10M passages on nodes of `--cores` cores, one actor a core, each as fast as one actor of
the run with the most actors. `--report JSON` prints the tables of an earlier run.

Before the rounds, a build of the first `--warmup` passages on the new Ray starts its worker processes, as a
running cluster has them; its time is reported apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import eduqa  # noqa: E402
from eduqa.distributed import RaySettings, build_on_ray, connect  # noqa: E402

log = logging.getLogger("benchmark")
DEFAULT_DATA = HERE.parent.parent / "shared" / "benchmarks"


def write_corpus(passages: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True)
    for number, passage in enumerate(passages):
        title = passage.get("title") or f"Passage {number}"
        (folder / f"p{number:05d}.md").write_text(f"# {title}\n\n{passage['text']}\n", encoding="utf-8")


def build(name: str, corpus: Path, out: Path, backend: str, batch_size: int):
    """One build from nothing; `name` is ``local`` or ``ray-N`` (N actors)."""
    shutil.rmtree(out, ignore_errors=True)
    if name == "local":
        return eduqa.build_index(corpus, out, backend=backend, full=True)
    settings = RaySettings(actors=int(name.split("-")[1]), threads_per_actor=1, batch_size=batch_size)
    return build_on_ray(corpus, out, backend=backend, full=True, ray_settings=settings)


def summarize(seconds: dict[str, list[float]], embedding: dict[str, list[float]], count: int) -> dict:
    """Medians, and each Ray build against the local build of its own round (the median of those ratios)."""
    done = [name for name, values in seconds.items() if values]
    median = {name: statistics.median(seconds[name]) for name in done}
    median_embedding = {name: statistics.median(embedding[name]) for name in done}
    rays = [name for name in done if name != "local"]
    actors = {name: int(name.split("-")[1]) for name in rays}
    throughput = {name: count / median_embedding[name] for name in done}
    return {
        "seconds": seconds,
        "embedding_seconds": embedding,
        "median_seconds": median,
        "median_embedding_seconds": median_embedding,
        "passages_per_second": {name: count / s for name, s in median.items()},
        "embedding_passages_per_second": throughput,
        "embedding_passages_per_second_per_actor": {name: throughput[name] / n for name, n in actors.items()},
        "ray_overhead_vs_local": {
            name: statistics.median(s / local - 1 for s, local in zip(seconds[name], seconds["local"]))
            for name in rays
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=0, help="the first N TQA passages (default: all)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--actors", default="2,1", help="counts of embedding actors, comma-separated")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray")
    parser.add_argument("--batch-size", type=int, default=64, help="texts an actor embeds at a time")
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--warmup", type=int, default=40, help="passages of the first build on the new Ray")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=HERE.parent / "results" / "ray-build.json")
    parser.add_argument("--cores", type=int, default=16, help="cores a node, for the projection")
    parser.add_argument("--nodes", default="1,4,16", help="node counts, for the projection")
    parser.add_argument("--report", type=Path, help="print the tables of the JSON of an earlier run, and stop")
    args = parser.parse_args()
    if args.report:
        report(json.loads(args.report.read_text(encoding="utf-8")), args.cores, args.nodes)
        return 0
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import ray

    with open(args.data / "tqa" / "passages.jsonl", encoding="utf-8") as handle:
        passages = [json.loads(line) for line in handle if line.strip()]
    if args.passages:
        passages = passages[: args.passages]
    names = ["local", *(f"ray-{n}" for n in args.actors.split(","))]
    connect(RaySettings(local_cpus=args.cpus))  # a local Ray, as `eduqa build --ray` starts one
    seconds: dict[str, list[float]] = {name: [] for name in names}
    embedding: dict[str, list[float]] = {name: [] for name in names}
    counts: dict[str, int] = {}
    result: dict = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other work)",
        "backend": args.backend,
        "ray_cpus": args.cpus,
        "batch_size": args.batch_size,
        "documents": len(passages),
        "rounds": args.rounds,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eduqa-ray-", dir=args.out.parent) as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(passages, corpus)
        write_corpus(passages[: args.warmup], Path(tmp) / "warmup")
        started = time.perf_counter()
        build(names[1], Path(tmp) / "warmup", Path(tmp) / "index-warmup", args.backend, args.batch_size)
        warmup = time.perf_counter() - started
        result["warmup"] = {"passages": args.warmup, "build": names[1], "seconds": warmup}
        print(f"first build on the new Ray ({args.warmup} passages): {warmup:.1f} s", file=sys.stderr, flush=True)
        for round_number in range(args.rounds):
            for name in names:
                started = time.perf_counter()
                index = build(name, corpus, Path(tmp) / f"index-{name}", args.backend, args.batch_size)
                seconds[name].append(time.perf_counter() - started)
                embedding[name].append(index.report.embedding_seconds)
                counts[name] = len(index)
                print(f"round {round_number + 1} {name}: {seconds[name][-1]:.1f} s, of which embedding "
                      f"{embedding[name][-1]:.1f} s, {len(index)} passages", file=sys.stderr, flush=True)
                del index
                if len(set(counts.values())) != 1:
                    raise SystemExit(f"the builds hold different numbers of passages: {counts}")
                # written after every build, so that a run stopped early keeps what it measured
                result |= {"passages": counts["local"], "rounds_done": round_number + 1}
                result |= summarize(seconds, embedding, counts["local"])
                args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    ray.shutdown()
    report(result, args.cores, args.nodes)
    return 0


def report(result: dict, cores: int, nodes: str) -> None:
    """Print the measured table, then the projection it gives for large libraries."""
    names = list(result["median_seconds"])
    warmup = result["warmup"]
    print(f"{result['passages']} passages ({result['documents']} files), {result['backend']}, medians of rounds; "
          f"Ray: {result['ray_cpus']} CPUs, one thread an actor; the first build on the new Ray "
          f"({warmup['passages']} passages, before the rounds) took {warmup['seconds']:.1f} s")
    print("| build | rounds | build s | passages/s | vs local (median of rounds) | embedding s | embedded passages/s "
          "| per actor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        change = "-" if name == "local" else f"{100 * result['ray_overhead_vs_local'][name]:+.1f}%"
        per_actor = "-" if name == "local" else f"{result['embedding_passages_per_second_per_actor'][name]:.1f}"
        print(f"| {name} | {len(result['seconds'][name])} | {result['median_seconds'][name]:.1f} | "
              f"{result['passages_per_second'][name]:.1f} | "
              f"{change} | {result['median_embedding_seconds'][name]:.1f} | "
              f"{result['embedding_passages_per_second'][name]:.1f} | {per_actor} |")
    # projected, not measured: every actor (one a core) as fast as one of the most actors measured here
    most = max((n for n in names if n != "local"), key=lambda n: int(n.split("-")[1]))
    per_actor = result["embedding_passages_per_second_per_actor"][most]
    counts = [int(n) for n in nodes.split(",")]
    print(f"\nProjected hours of embedding (passages, their tokens and sentences) at {per_actor:.1f} passages/s "
          f"an actor ({most}), one actor a core, nodes of {cores} cores:")
    print("| passages | " + " | ".join(f"{n} node{'s' if n > 1 else ''}" for n in counts) + " |")
    print("|---:|" + "---:|" * len(counts))
    for passages in (1_000_000, 10_000_000):
        hours = [passages / (per_actor * cores * n) / 3600 for n in counts]
        print(f"| {passages:,} | " + " | ".join(f"{h:.2f} h" for h in hours) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
