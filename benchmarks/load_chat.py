"""Load test for the web chat: N concurrent gradio_client users asking through `/ask` on loopback.

    python benchmarks/load_chat.py                      # starts its own server, 16 users x 4 questions
    python benchmarks/load_chat.py --users 32 --questions 8
    python benchmarks/load_chat.py --url http://127.0.0.1:7860

Every count and wait is bounded: at most 64 users and 50 questions each, a timeout per request and a
deadline for the whole run. Prints errors and latency percentiles; `--json` prints them as one object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_USERS = 64
MAX_QUESTIONS = 50
QUESTIONS = [
    "Which model addresses non-academic barriers to learning?",
    "What are the key components of successful partnerships?",
    "How can the impact of school-community partnerships be measured?",
    "What is the capital of France?",
    "What is the Professional Development School model?",
    "What challenges do schools face when building partnerships?",
    "How do partnerships benefit students and communities in the long term?",
    "What role do universities play in collaboration with schools?",
]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answered: int = 0
    abstained: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, result: object) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if not isinstance(result, dict) or "hits" not in result or "error" in result:
                self.errors.append(f"unexpected reply: {str(result)[:200]}")
            elif result.get("answer"):
                self.answered += 1
            else:
                self.abstained += 1

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def own_server(index: str, corpus: str, concurrency: int | None, timeout: float) -> Iterator[str]:
    """`eduqa serve` on a free loopback port, stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "eduqa", "serve", "--index", index, "--corpus", corpus, "--port", str(port),
               "--feedback", os.devnull]
    if concurrency:
        command += ["--concurrency", str(concurrency)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start within {timeout:.0f} s") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def user(url: str, number: int, questions: int, request_timeout: float, deadline: float, results: Results,
         start: threading.Barrier) -> None:
    """One user: a client of their own, asking `questions` questions one after the other."""
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - every failure is a result to report
        results.fail(f"user {number}: could not connect: {exc}")
        start.abort()
        return
    try:
        start.wait(timeout=60)
    except threading.BrokenBarrierError:
        pass
    for i in range(questions):
        if time.monotonic() > deadline:
            results.fail(f"user {number}: deadline reached before question {i + 1}")
            return
        question = QUESTIONS[(number + i) % len(QUESTIONS)]
        began = time.perf_counter()
        try:
            result = client.submit(question, api_name="/ask").result(timeout=request_timeout)
        except Exception as exc:  # noqa: BLE001
            results.fail(f"user {number}, question {i + 1}: {type(exc).__name__}: {exc}")
            continue
        results.record(time.perf_counter() - began, result)


def run(url: str, users: int, questions: int, request_timeout: float, total_timeout: float) -> dict:
    results = Results()
    start = threading.Barrier(users)
    deadline = time.monotonic() + total_timeout
    threads = [
        threading.Thread(target=user, args=(url, n, questions, request_timeout, deadline, results, start), daemon=True)
        for n in range(users)
    ]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + request_timeout)
    wall = time.perf_counter() - began
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        results.fail(f"{stuck} user(s) still waiting at the deadline")
    lat = results.latencies
    return {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}",
        "users": users,
        "questions_per_user": questions,
        "requests": users * questions,
        "completed": len(lat),
        "errors": len(results.errors),
        "error_samples": results.errors[:5],
        "answered": results.answered,
        "abstained": results.abstained,
        "p50_seconds": round(percentile(lat, 50), 3),
        "p95_seconds": round(percentile(lat, 95), 3),
        "max_seconds": round(max(lat, default=0.0), 3),
        "mean_seconds": round(statistics.fmean(lat), 3) if lat else 0.0,
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(len(lat) / wall, 2) if wall else 0.0,
    }


def bounded(limit: int):
    def parse(text: str) -> int:
        value = int(text)
        if not 1 <= value <= limit:
            raise argparse.ArgumentTypeError(f"must be between 1 and {limit}, got {value}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an eduqa chat already running (default: start one on a free loopback port)")
    parser.add_argument("--users", type=bounded(MAX_USERS), default=16, help="concurrent users (default: 16)")
    parser.add_argument("--questions", type=bounded(MAX_QUESTIONS), default=4, help="questions per user (default: 4)")
    parser.add_argument("--index", default=str(ROOT / "index"), help="index for the server this script starts")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"), help="corpus for the server this script starts")
    parser.add_argument("--concurrency", type=int, default=None, help="the started server's --concurrency")
    parser.add_argument("--request-timeout", type=float, default=60.0, help="seconds per request (default: 60)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for the whole run (default: 300)")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args(argv)

    if args.url:
        report = run(args.url, args.users, args.questions, args.request_timeout, args.timeout)
    else:
        with own_server(args.index, args.corpus, args.concurrency, timeout=args.timeout) as url:
            report = run(url, args.users, args.questions, args.request_timeout, args.timeout)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{report['users']} users x {report['questions_per_user']} questions = {report['requests']} requests "
            f"on {report['machine']} ({report['date']})\n"
            f"completed {report['completed']}, errors {report['errors']} "
            f"(answered {report['answered']}, abstained {report['abstained']})\n"
            f"latency p50 {report['p50_seconds']:.3f} s, p95 {report['p95_seconds']:.3f} s, "
            f"max {report['max_seconds']:.3f} s; {report['requests_per_second']:.1f} requests/s "
            f"over {report['wall_seconds']:.1f} s"
        )
        for sample in report["error_samples"]:
            print(f"  error: {sample}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
