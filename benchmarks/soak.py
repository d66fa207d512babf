"""Soak test: the trials of a hostile maintainer, repeated within a bounded time.

    python benchmarks/soak.py                  # 10 minutes
    python benchmarks/soak.py --minutes 3 --json

It runs, in this order, on corpora it writes into a temporary folder:
1. a hostile corpus: documents without passages, a name that is not UTF-8, looping and broken links, a Word
   file whose XML unpacks to 1 GiB, an HTML page of 10,000 nested <div>s, binary and empty files, ... built
   by `eduqa build` in a subprocess whose peak resident memory is measured; then built again;
2. every file of an index damaged four ways (emptied, cut in half, 64 bytes garbled, deleted): `eduqa ask`
   must fail with one line naming it, `eduqa check` must name it, a `LiveIndex` must keep answering from
   the index it had when the damaged one is swapped in, and the next incremental build must repair it;
3. readers (`load_index`) and a `LiveIndex` answering in a loop while builds swap new indexes in;
4. until the time is up (at least `--kills` times): `kill -9` of an incremental or full build at a random
   moment, then checks that the index is exactly the old one or exactly the new one, that the next build
   succeeds and removes what the killed one left, and that every file matches its checksum.
The incremental builds include documents that yield no passages. Builds use the model-free hash embedder,
so they are fast on two cores, except the build holding the bomb: it uses the default model, as a user's
build does, since that is what its memory must be measured with. Nothing listens on a network.

It prints a table of trials, passed and failed (`--json`: one JSON object) and exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the eduqa of this checkout

import eduqa  # noqa: E402
from eduqa import storage  # noqa: E402
from eduqa.cli import main as eduqa_main  # noqa: E402
from eduqa.corpus import fingerprint  # noqa: E402
from eduqa.embedding import HashEmbedder  # noqa: E402
from eduqa.errors import EduqaError  # noqa: E402
from eduqa.manifest import MANIFEST_FILE  # noqa: E402

QUESTION = "How do pupils practise reading with their families?"
PEAK_LIMIT_MB = 500
BOMB_BYTES = 1024**3
MIN_KILLS = 30
DAMAGE_WAYS = ("emptied", "cut in half", "64 bytes garbled", "deleted")

WORDS = (
    "pupils teachers reading fractions science museum homework tutoring families attendance partnership "
    "community library mentoring assessment feedback vocabulary phonics geometry history curriculum "
    "wellbeing inclusion governors budget timetable laboratory experiment volunteers careers apprenticeship "
    "attainment literacy numeracy music drama sport nutrition transport safeguarding coaching"
).split()


# --- the table ----------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a kind of trial and how often it held."""

    name: str
    trials: int = 0
    passed: int = 0
    notes: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def record(self, ok: bool, failure: str = "") -> bool:
        self.trials += 1
        if ok:
            self.passed += 1
        else:
            self.failures.append(failure)
            logging.getLogger("soak").warning("%s: FAILED: %s", self.name, failure)
        return ok

    @property
    def failed(self) -> int:
        return self.trials - self.passed


def table(rows: list[Row]) -> str:
    lines = ["| Trial | Trials | Passed | Failed | Measured |", "|---|---:|---:|---:|---|"]
    for row in rows:
        notes = "; ".join(f"{k} {v}" for k, v in row.notes.items())
        lines.append(f"| {row.name} | {row.trials:,} | {row.passed:,} | {row.failed:,} | {notes} |")
    return "\n".join(lines)


# --- corpora ------------------------------------------------------------------------------------------


def paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, rng.randint(8, 14))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def document(rng: random.Random, title: str) -> str:
    parts = [f"# {title}", ""]
    for section in range(rng.randint(2, 4)):
        parts += [f"## Part {section + 1}", "", paragraph(rng, rng.randint(3, 7)), ""]
    return "\n".join(parts)


OUTLINE = "# Lesson plans\n\n## Week 1\n\n## Week 2\n\n## Week 3\n"


def write_corpus(folder: Path, rng: random.Random, documents: int) -> None:
    folder.mkdir(parents=True)
    for number in range(documents):
        (folder / f"doc-{number:03d}.md").write_text(document(rng, f"Topic {number}"), encoding="utf-8")
    (folder / "plan.md").write_text(OUTLINE, encoding="utf-8")  # no passages
    (folder / "outline.txt").write_text("Year plan\n\nAutumn\n\nSpring\n\nSummer\n", encoding="utf-8")


def change_corpus(folder: Path, rng: random.Random) -> str:
    """Change a few documents of the corpus at random; returns what was done."""
    docs = sorted(folder.glob("doc-*.md"))
    done = []
    for path in rng.sample(docs, min(len(docs), rng.randint(1, 3))):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n" + paragraph(rng, 3) + "\n")
        done.append("changed")
    choice = rng.random()
    if choice < 0.25:
        (folder / f"doc-{rng.randint(500, 999)}.md").write_text(document(rng, "A new topic"), encoding="utf-8")
        done.append("added")
    elif choice < 0.4 and len(docs) > 10:
        rng.choice(docs).unlink()
        done.append("removed")
    elif choice < 0.6:  # another document without passages, or the outline edited and still without
        name = f"outline-{rng.randint(0, 9)}.md"
        (folder / name).write_text(OUTLINE.replace("Week", rng.choice(["Term", "Unit", "Week"])), encoding="utf-8")
        done.append("outline")
    elif choice < 0.7:
        (folder / "plan.md").write_text(OUTLINE + f"\n## Week {rng.randint(4, 9)}\n", encoding="utf-8")
        done.append("outline")
    return "+".join(done)


def docx_bomb(path: Path, unpacked: int = BOMB_BYTES) -> None:
    """A Word file whose document.xml unpacks to `unpacked` bytes (about 1 MB on disk)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    )
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    block = b"a" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            left = unpacked - len(head) - len(tail)
            while left > 0:
                member.write(block[:left])
                left -= len(block)
            member.write(tail)


def write_hostile_corpus(folder: Path, rng: random.Random) -> dict[str, str]:
    """A corpus of hostile files; returns, per file name as the index shows it, what should become of it:
    ``"skipped"``, ``"document"`` or ``"either"``."""
    folder.mkdir(parents=True)
    for number in range(3):
        (folder / f"normal-{number}.md").write_text(document(rng, f"Normal {number}"), encoding="utf-8")
    expect = {f"normal-{n}.md": "document" for n in range(3)}
    (folder / "plan.md").write_text(OUTLINE, encoding="utf-8")
    expect["plan.md"] = "skipped"
    (folder / "headings.txt").write_text("Week 1\n\nWeek 2\n\nWeek 3\n\nWeek 4\n", encoding="utf-8")
    expect["headings.txt"] = "either"  # short lines are headings in plain text, but the title is not
    (folder / os.fsdecode(b"bad-\xff-name.md")).write_text(document(rng, "Bad name"), encoding="utf-8")
    expect["bad-\\xff-name.md"] = "skipped"
    os.symlink("loop-b.md", folder / "loop-a.md")
    os.symlink("loop-a.md", folder / "loop-b.md")
    expect["loop-a.md"] = expect["loop-b.md"] = "skipped"
    os.symlink("nowhere.md", folder / "broken.md")
    expect["broken.md"] = "skipped"
    os.symlink(".", folder / "itself")  # a link to its own folder: not followed, so it cannot loop
    docx_bomb(folder / "bomb.docx")
    expect["bomb.docx"] = "skipped"
    deep = "<div>" * 10_000 + "<p>" + paragraph(rng, 4) + "</p>" + "</div>" * 10_000
    (folder / "deep.html").write_text(f"<html><head><title>Deep</title></head><body>{deep}</body></html>")
    expect["deep.html"] = "document"
    (folder / "binary.md").write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    expect["binary.md"] = "skipped"
    (folder / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = "skipped"
    (folder / "nul.txt").write_bytes(b"Some text\x00with\x00nul bytes\x00" * 100)
    expect["nul.txt"] = "skipped"
    (folder / "utf16.txt").write_bytes(("Reading club\n\n" + paragraph(rng, 5) + "\n").encode("utf-16"))
    expect["utf16.txt"] = "document"
    (folder / "fake.pdf").write_bytes(b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(5000)))
    expect["fake.pdf"] = "skipped"
    (folder / "fake.docx").write_bytes(b"this is not a zip archive" * 40)
    expect["fake.docx"] = "skipped"
    (folder / "one-line.txt").write_text(" ".join(rng.choice(WORDS) for _ in range(300_000)), encoding="utf-8")
    expect["one-line.txt"] = "either"
    (folder / "huge.md").write_text("# Huge\n\n" + "Pupils read. " * 500_000, encoding="utf-8")  # over --max-file-mb
    expect["huge.md"] = "skipped"
    long_name = "l" * 240 + ".md"
    (folder / long_name).write_text(document(rng, "Long name"), encoding="utf-8")
    expect[long_name] = "document"
    (folder / "deep" / "er" / "and" / "deeper").mkdir(parents=True)
    (folder / "deep" / "er" / "and" / "deeper" / "nested.md").write_text(document(rng, "Nested"), encoding="utf-8")
    expect["deep/er/and/deeper/nested.md"] = "document"
    return expect


# --- running eduqa ----------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def build_command(
    corpus: Path, index: Path, *extra: str, verbose: bool = False, model: str | None = "hash"
) -> list[str]:
    """`eduqa build` of `corpus` into `index` with the hash embedder (`model=None`: the default model)."""
    return [sys.executable, "-m", "eduqa", *(["-v"] if verbose else []), "build", "--corpus", str(corpus),
            "--index", str(index), *(["--model", model] if model else []), "--quiet", "--json", *extra]


@dataclass
class Finished:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float


def run_measured(command: list[str], workdir: Path, timeout: float) -> Finished:
    """Run a command to its end (killed after `timeout`), with its peak resident memory (from wait4)."""
    out_path, err_path = workdir / "out.txt", workdir / "err.txt"
    started = time.perf_counter()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=environment())
        timer = threading.Timer(timeout, lambda: os.kill(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Finished(
        proc.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        time.perf_counter() - started,
        usage.ru_maxrss / 1024,
    )


def in_process(argv: list[str]) -> tuple[int, str, str]:
    """`eduqa ARGV` in this process: exit status, stdout, stderr (an escaping exception is a failure)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = eduqa_main(argv)
        except BaseException as exc:  # noqa: BLE001 (a traceback is what the trial looks for)
            code = -1
            err.write(f"Traceback: {exc.__class__.__name__}: {exc}\n")
    logging.getLogger("eduqa").handlers[:] = []
    return code, out.getvalue(), err.getvalue()


def leftovers(index: Path) -> list[str]:
    return sorted(p.name for p in index.parent.glob(index.name + ".*") if p.is_dir())


def hashes_of(index: Path) -> dict[str, str]:
    """What the index in `index` was built from: the sha256 of each document and of each skipped file."""
    listed = storage.read_documents(index, storage.read_manifest(index))
    found = {name: entry["sha256"] for name, entry in listed.documents.items()}
    found.update({s["path"]: s["sha256"] for s in listed.skipped if s.get("sha256")})
    return found


# --- 1. the hostile corpus --------------------------------------------------------------------------------


def hostile_trials(work: Path, rng: random.Random, files: Row, memory: Row, again: Row) -> None:
    # the bomb alone with one document, built with the default model and settings as a user's build is, and
    # measured as `/usr/bin/time -v eduqa build` would measure it
    bomb_corpus, bomb_index = work / "bomb", work / "bomb-index"
    bomb_corpus.mkdir(parents=True)
    started = time.perf_counter()
    docx_bomb(bomb_corpus / "bomb.docx")
    (bomb_corpus / "normal.md").write_text(document(rng, "Normal"), encoding="utf-8")
    memory.notes["bomb"] = (
        f"{(bomb_corpus / 'bomb.docx').stat().st_size / 1e6:.1f} MB unpacking to 1 GiB, "
        f"written in {time.perf_counter() - started:.0f} s"
    )
    done = run_measured(build_command(bomb_corpus, bomb_index, model=None), work, timeout=600)
    memory.notes["peak RSS"] = f"{done.peak_mb:,.0f} MB"
    memory.notes["build"] = f"{done.seconds:.1f} s"
    try:
        reason = {s["path"]: s["reason"] for s in json.loads(done.out)["skipped"]}.get("bomb.docx", "not skipped")
    except (json.JSONDecodeError, KeyError):
        reason = f"no report: {done.err.strip()[-200:]}"
    memory.notes["bomb.docx"] = reason
    memory.record(done.code == 0 and done.peak_mb < PEAK_LIMIT_MB and reason != "not skipped",
                  f"exit {done.code}, peak {done.peak_mb:,.0f} MB, {reason}")

    corpus, index = work / "hostile", work / "hostile-index"
    expect = write_hostile_corpus(corpus, rng)
    done = run_measured(build_command(corpus, index, "--max-file-mb", "5"), work, timeout=600)
    files.notes["build"] = f"exit {done.code} in {done.seconds:.1f} s, peak RSS {done.peak_mb:,.0f} MB"
    try:
        report = json.loads(done.out)
        listed = storage.read_documents(index, storage.read_manifest(index))
    except (json.JSONDecodeError, OSError, EduqaError):
        files.record(False, f"the build made no index (exit {done.code}): {done.err.strip()[-300:]}")
        return
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    for name, wanted in expect.items():
        found = "document" if name in listed.documents else "skipped" if name in skipped else "missing"
        ok = found == wanted or (wanted == "either" and found != "missing")
        files.record(ok, f"{name}: expected {wanted}, got {found} {skipped.get(name, '')}".strip())
    files.notes["skipped"] = len(skipped)
    files.notes["documents"] = len(listed.documents)
    if "deep.html" in skipped:
        files.notes["deep.html"] = skipped["deep.html"]
    # unchanged: up to date; one document changed: no skipped file is parsed again
    done = run_measured(build_command(corpus, index, "--max-file-mb", "5"), work, timeout=600)
    again.record(done.code == 0 and '"up_to_date": true' in done.out, f"exit {done.code}: {done.err[-300:]}")
    with open(corpus / "normal-0.md", "a", encoding="utf-8") as handle:
        handle.write("\n" + paragraph(rng, 3) + "\n")
    done = run_measured(build_command(corpus, index, "--max-file-mb", "5", verbose=True), work, timeout=600)
    # files over the size limit are only hashed, never read as documents, so they are decided again
    parsed = [line for line in done.err.splitlines() if "skipped " in line and "over the limit" not in line]
    again.notes["incremental build"] = f"{done.seconds:.1f} s, peak RSS {done.peak_mb:,.0f} MB"
    again.record(done.code == 0 and not parsed, f"exit {done.code}, parsed again: {parsed[:3]} {done.err[-300:]}")


# --- 2. damaged index files -------------------------------------------------------------------------------


def damage(path: Path, way: str, rng: random.Random) -> None:
    if way == "emptied":
        path.write_bytes(b"")
    elif way == "cut in half":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif way == "64 bytes garbled":
        data = bytearray(path.read_bytes())
        start = rng.randrange(max(len(data) - 64, 1))
        for i in range(start, min(start + 64, len(data))):
            data[i] ^= rng.randrange(1, 256)
        path.write_bytes(bytes(data))
    else:
        path.unlink()


def swap_in(new: Path, folder: Path) -> None:
    """Put the index in `new` where `folder` is, as a build does."""
    aside = folder.with_name(folder.name + ".old-soak")
    os.rename(folder, aside)
    os.rename(new, folder)
    shutil.rmtree(aside)


def damage_trials(work: Path, rng: random.Random, row: Row) -> None:
    corpus = work / "damage-corpus"
    write_corpus(corpus, rng, 12)
    pristine = work / "pristine"
    eduqa.build_index(corpus, pristine, embedder=HashEmbedder())
    change_corpus(corpus, rng)
    pristine_new = work / "pristine-new"
    eduqa.build_index(corpus, pristine_new, embedder=HashEmbedder())
    names = [*json.loads((pristine / MANIFEST_FILE).read_text())["files"], MANIFEST_FILE]
    row.notes["files"] = len(names)
    row.notes["ways"] = len(DAMAGE_WAYS)
    quiet = logging.getLogger("eduqa.live")
    for name in names:
        for way in DAMAGE_WAYS:
            problems = []
            # eduqa ask: one line that names the file and what to run
            target = work / "damaged"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(pristine_new, target)
            damage(target / name, way, rng)
            code, _, err = in_process(["ask", QUESTION, "--index", str(target), "--corpus", str(corpus)])
            short = Path(name).name
            if code != 1 or not err.startswith("eduqa: error:") or err.count("\n") != 1:
                problems.append(f"ask gave exit {code}: {err.strip()[:300]}")
            elif short not in err or "eduqa build" not in err:
                problems.append(f"ask does not name {short} or what to run: {err.strip()[:300]}")
            # eduqa check names it
            code, out, _ = in_process(["check", str(target)])
            if code != 1 or short not in out:
                problems.append(f"check gave exit {code}: {out.strip()[:300]}")
            # a live index keeps answering from the index it had
            live_folder = work / "live"
            shutil.rmtree(live_folder, ignore_errors=True)
            shutil.copytree(pristine, live_folder)
            live = eduqa.LiveIndex(live_folder, check_every=0)
            before = live.build_id
            swap_in(target, live_folder)
            level = quiet.level
            quiet.setLevel(logging.ERROR)  # the warning is expected here
            try:
                answered = [bool(live.answer(QUESTION).hits) for _ in range(3)]
                if not all(answered) or live.build_id != before:
                    problems.append("the live index stopped answering from the old index")
            except Exception as exc:  # noqa: BLE001
                problems.append(f"the live index raised {exc.__class__.__name__}: {exc}")
            finally:
                quiet.setLevel(level)
            # the next incremental build repairs it
            try:
                built = eduqa.build_index(corpus, live_folder, embedder=HashEmbedder())
                if not built.report.full_rebuild or not storage.check_index(live_folder).sound:
                    problems.append(f"the build did not rebuild everything: {built.report.full_rebuild}")
                if not live.answer(QUESTION).hits or live.build_id == before:
                    problems.append("the live index did not take up the repaired index")
            except Exception as exc:  # noqa: BLE001
                problems.append(f"the build raised {exc.__class__.__name__}: {exc}")
            row.record(not problems, f"{name} {way}: {'; '.join(problems)}")


# --- 3. readers and a live index through rebuilds ----------------------------------------------------------


def reader_trials(work: Path, rng: random.Random, seconds: float, loads: Row, answers: Row, builds: Row) -> None:
    corpus, index = work / "reader-corpus", work / "reader-index"
    write_corpus(corpus, rng, 30)
    eduqa.build_index(corpus, index, embedder=HashEmbedder())
    live = eduqa.LiveIndex(index, check_every=0)
    stop = threading.Event()
    seen: set[str] = set()

    def read_loop() -> None:
        while not stop.is_set():
            try:
                loaded = eduqa.load_index(index, embedder=HashEmbedder())
                ok = len(loaded.passages) == loaded.manifest["passages"] == loaded.dense.size
                loads.record(ok, "passages and vectors disagree")
            except Exception as exc:  # noqa: BLE001
                loads.record(False, f"{exc.__class__.__name__}: {exc}")

    def answer_loop() -> None:
        while not stop.is_set():
            try:
                answer = live.answer(QUESTION)
                seen.add(live.build_id or "")
                answers.record(bool(answer.hits), "no passage found")
            except Exception as exc:  # noqa: BLE001
                answers.record(False, f"{exc.__class__.__name__}: {exc}")

    threads = [threading.Thread(target=read_loop), threading.Thread(target=answer_loop)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            change_corpus(corpus, rng)
            extra = ["--full"] if rng.random() < 0.3 else []
            done = run_measured(build_command(corpus, index, *extra), work, timeout=300)
            builds.record(done.code == 0, f"exit {done.code}: {done.err[-300:]}")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    answers.notes["indexes answered from"] = len(seen)


# --- 4. kill -9 during builds -----------------------------------------------------------------------------


def kill_trial(corpus: Path, index: Path, work: Path, rng: random.Random, full: bool, row: Row,
               durations: dict[bool, float]) -> bool:
    """One build killed at a random moment, and the checks after it. False when the build ended first."""
    old = storage.read_index(index)
    old_ids = [p.id for p in old.passages]
    change_corpus(corpus, rng)
    new_hashes = fingerprint(corpus)
    command = build_command(corpus, index, *(["--full"] if full else []))
    delay = rng.uniform(0.2, 1.05) * durations[full]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment())
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        finished = False
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    if finished:
        durations[full] = 0.7 * durations[full] + 0.3 * (time.perf_counter() - started)
    problems = []
    left = leftovers(index)
    try:
        now = storage.read_index(index)
        if now.manifest["build_id"] == old.manifest["build_id"]:
            moment = "before the swap"
            if [p.id for p in now.passages] != old_ids:
                problems.append("the old index changed")
        else:
            moment = "after the swap"
            if hashes_of(index) != new_hashes:
                problems.append("a new index that does not match the corpus")
            if not storage.check_index(index).sound:
                problems.append("a new index that fails its checksums")
    except Exception as exc:  # noqa: BLE001
        moment = "?"
        problems.append(f"the index cannot be read after the kill: {exc.__class__.__name__}: {exc}")
    if finished:
        moment = "finished before the kill"
    elif moment == "before the swap":
        moment = "killed while writing (temporary folder left)" if left else "killed before writing"
    elif moment == "after the swap":
        moment = "killed after the swap"
    row.notes[moment] = row.notes.get(moment, 0) + 1
    # the next build succeeds and removes what the killed one left
    done = run_measured(build_command(corpus, index), work, timeout=300)
    if done.code != 0:
        problems.append(f"the next build failed: {done.err.strip()[-300:]}")
    else:
        durations[False] = 0.7 * durations[False] + 0.3 * done.seconds
    if leftovers(index):
        problems.append(f"left behind after the next build: {leftovers(index)}")
    try:
        if hashes_of(index) != fingerprint(corpus):
            problems.append("after the next build the index does not match the corpus")
        if not storage.check_index(index).sound:
            problems.append("after the next build a file fails its checksum")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"the index cannot be read after the next build: {exc}")
    row.record(not problems, f"{'full' if full else 'incremental'} build killed after {delay:.2f} s: "
               + "; ".join(problems))
    return not finished


def kill_trials(work: Path, rng: random.Random, deadline: float, minimum: int,
                incremental: Row, full: Row, hard_stop: float) -> None:
    corpus, index = work / "kill-corpus", work / "kill-index"
    write_corpus(corpus, rng, 60)
    durations = {}
    done = run_measured(build_command(corpus, index, "--full"), work, timeout=300)
    if done.code != 0:
        full.record(False, f"the first build failed: {done.err[-300:]}")
        return
    durations[True] = done.seconds
    change_corpus(corpus, rng)
    done = run_measured(build_command(corpus, index), work, timeout=300)
    durations[False] = done.seconds
    incremental.notes["build"] = f"{durations[False]:.1f} s"
    full.notes["build"] = f"{durations[True]:.1f} s"
    kills = 0
    while True:
        now = time.monotonic()
        if now >= hard_stop or (now >= deadline and kills >= minimum):
            break
        is_full = rng.random() < 0.35
        kills += kill_trial(corpus, index, work, rng, is_full, full if is_full else incremental, durations)
    if kills < minimum:
        full.record(False, f"only {kills} builds were killed before the hard stop; at least {minimum} were asked for")


# --- main ------------------------------------------------------------------------------------------------


def run(minutes: float, seed: int, work: Path, kills: int, skip_bomb: bool) -> list[Row]:
    rng = random.Random(seed)
    started = time.monotonic()
    deadline = started + minutes * 60
    rows = {
        "files": Row("hostile corpus files, each indexed or skipped as expected"),
        "memory": Row(f"build (default model) of a corpus holding a 1 GiB docx bomb peaks under {PEAK_LIMIT_MB} MB"),
        "again": Row("hostile corpus rebuilt: up to date, then nothing skipped parsed again"),
        "damage": Row("index files damaged 4 ways: ask refuses in one line, check names it, live index "
                      "keeps the old one, next build repairs"),
        "loads": Row("loads (load_index) while builds swap new indexes in"),
        "answers": Row("LiveIndex answers while builds swap new indexes in"),
        "builds": Row("builds while those readers run"),
        "incremental": Row("kill -9 at a random moment of incremental builds: index old or new exactly, "
                           "next build clean"),
        "full": Row("kill -9 at a random moment of full builds: index old or new exactly, next build clean"),
    }
    if not skip_bomb:
        hostile_trials(work, rng, rows["files"], rows["memory"], rows["again"])
    damage_trials(work, rng, rows["damage"])
    reader_seconds = max(20.0, min(90.0, 0.15 * (deadline - time.monotonic())))
    reader_trials(work, rng, reader_seconds, rows["loads"], rows["answers"], rows["builds"])
    kill_trials(work, rng, deadline, kills, rows["incremental"], rows["full"],
                hard_stop=started + max(minutes * 60 * 1.5, minutes * 60 + 300))
    for row in rows.values():
        if row.name.startswith("kill"):
            row.notes = dict(sorted(row.notes.items(), key=lambda kv: (kv[0] != "build", kv[0])))
    return list(rows.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="time for the whole run (default: 10)")
    parser.add_argument("--kills", type=int, default=MIN_KILLS,
                        help=f"kill at least this many builds, past the time if needed (default: {MIN_KILLS})")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--workdir", default=None, help="folder for the corpora and indexes (default: a temporary one)")
    parser.add_argument("--no-bomb", action="store_true", help="leave out the hostile corpus (and its 1 GiB bomb)")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= 120:
        parser.error("--minutes must be above 0 and at most 120")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("soak: %(message)s"))
    logging.getLogger("soak").addHandler(handler)
    logging.getLogger("soak").propagate = False
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="eduqa-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        rows = run(args.minutes, args.seed, work, args.kills, args.no_bomb)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - started
    failed = sum(row.failed for row in rows)
    if args.json:
        print(json.dumps({
            "seconds": round(seconds, 1),
            "seed": args.seed,
            "rows": [{"trial": r.name, "trials": r.trials, "passed": r.passed, "failed": r.failed,
                      "notes": r.notes, "failures": r.failures[:20]} for r in rows],
            "failed": failed,
        }, indent=2, ensure_ascii=False))
    else:
        print(table(rows))
        print(f"\n{sum(r.trials for r in rows):,} trials in {seconds / 60:.1f} minutes (seed {args.seed}), "
              f"{failed} failed, on {os.cpu_count()} cores.")
        for row in rows:
            for failure in row.failures[:10]:
                print(f"FAILED {row.name}: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
