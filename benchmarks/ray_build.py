"""A build on a local Ray cluster against the local build, in the same run, and throughput against actors.

    python benchmarks/ray_build.py --passages 400 --rounds 2 --out results/ray-build.json

The corpus is the first `--passages` TQA passages, one Markdown file each (title and text). Each round builds
it from nothing three ways, one after the other: locally (`eduqa build`), and on a local Ray of 2 CPUs with one
and with two embedding actors (`eduqa build --ray`). The whole build is timed, model loading included. Prints the
medians and writes the JSON.
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
from eduqa.distributed import RaySettings, build_on_ray  # noqa: E402

log = logging.getLogger("benchmark")
DEFAULT_DATA = HERE.parent.parent / "shared" / "benchmarks"


def write_corpus(passages: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True)
    for number, passage in enumerate(passages):
        title = passage.get("title") or f"Passage {number}"
        (folder / f"p{number:05d}.md").write_text(f"# {title}\n\n{passage['text']}\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=400, help="TQA passages in the corpus")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=HERE.parent / "results" / "ray-build.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import ray

    with open(args.data / "tqa" / "passages.jsonl", encoding="utf-8") as handle:
        passages = [json.loads(line) for line in handle if line.strip()][: args.passages]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    runs: dict[str, list[float]] = {"local": [], "ray-1": [], "ray-2": []}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="eduqa-ray-", dir=args.out.parent) as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(passages, corpus)
        for round_number in range(args.rounds):
            for name in runs:
                out = Path(tmp) / f"index-{name}"
                shutil.rmtree(out, ignore_errors=True)
                started = time.perf_counter()
                if name == "local":
                    index = eduqa.build_index(corpus, out, backend=args.backend, full=True)
                else:
                    settings = RaySettings(actors=int(name[-1]), batch_size=32)
                    index = build_on_ray(corpus, out, backend=args.backend, full=True, ray_settings=settings)
                runs[name].append(time.perf_counter() - started)
                sizes[name] = len(index)
                print(f"round {round_number + 1} {name}: {runs[name][-1]:.1f} s, {len(index)} passages",
                      file=sys.stderr, flush=True)
    ray.shutdown()
    medians = {name: statistics.median(seconds) for name, seconds in runs.items()}
    passages_count = sizes["local"]
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other work)",
        "backend": args.backend,
        "documents": len(passages),
        "passages": passages_count,
        "rounds": args.rounds,
        "seconds": runs,
        "median_seconds": medians,
        "passages_per_second": {name: passages_count / s for name, s in medians.items()},
        "ray_overhead_vs_local": {name: medians[name] / medians["local"] - 1 for name in ("ray-1", "ray-2")},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| build | median s | passages/s | vs local |")
    print("|---|---:|---:|---:|")
    for name in runs:
        change = "-" if name == "local" else f"{100 * result['ray_overhead_vs_local'][name]:+.0f}%"
        print(f"| {name} | {medians[name]:.1f} | {result['passages_per_second'][name]:.1f} | {change} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
