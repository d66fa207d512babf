"""Starting the web chat for tests: on a free loopback port, stopped when the test is done."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
HOSTILE_QUESTION = "<script>alert(1)</script> <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))"
#: A corpus document whose title and text try to run script in the page.
HOSTILE_DOCUMENT = """Field trips <script>alert(1)</script>

Field trips <img src=x onerror=alert(1)> let students learn outside the classroom. A visit to a museum, a farm
or a science centre connects lessons with the world, and pupils remember what they saw. <script>alert(2)</script>
Teachers plan field trips with a clear learning goal and a short reflection afterwards.
"""
HOSTILE_FILE = "field-trips.txt"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def quiet_environment() -> dict[str, str]:
    """The environment for a served chat: offline, no analytics, nothing from the caller's GRADIO_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "EDUQA_"))}
    env.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", TOKENIZERS_PARALLELISM="false")
    return env


def wait_until_up(url: str, process: subprocess.Popen | None = None, timeout: float = 240.0) -> None:
    """Poll `url` until it answers; fail early if the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the chat server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the chat server did not answer at {url} within {timeout:.0f} s")


@dataclass
class ServedChat:
    url: str
    feedback: Path
    log: Path
    process: subprocess.Popen
    corpus: Path | None = None


@contextmanager
def serve_in_subprocess(
    index_dir: Path, corpus: Path, workdir: Path, extra_args: tuple[str, ...] = ()
) -> Iterator[ServedChat]:
    """`python -m eduqa serve` on a free loopback port; stopped (and waited for) on exit."""
    port = free_port()
    feedback = workdir / "feedback.jsonl"
    log_path = workdir / "server.log"
    command = [
        sys.executable, "-m", "eduqa", "serve",
        "--index", str(index_dir), "--corpus", str(corpus),
        "--port", str(port), "--feedback", str(feedback), *extra_args,
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=quiet_environment(), cwd=workdir)
    try:
        url = f"http://{HOST}:{port}"
        try:
            wait_until_up(url + "/", process)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"{exc}; its output:\n{log_path.read_text()[-3000:]}") from None
        yield ServedChat(url, feedback, log_path, process, corpus)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
