"""The `eduqa` command: parse arguments, call the library, print the result."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from .document_list import DocumentList
from .embedding import BACKENDS
from .errors import EduqaError
from .version import __version__

log = logging.getLogger("eduqa")


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("eduqa: %(levelname)s: %(message)s"))
    root = logging.getLogger("eduqa")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.propagate = False


# --- build ------------------------------------------------------------------------------------------


def _max_file_bytes(args: argparse.Namespace) -> int:
    return int(args.max_file_mb * 1024 * 1024)


def cmd_build(args: argparse.Namespace) -> int:
    from .builder import build_index, up_to_date_report

    if args.ray is None and (args.ray_actors or args.ray_threads or args.ray_batch_size):
        raise EduqaError("--ray-actors, --ray-threads and --ray-batch-size need --ray")
    report = None if args.full else up_to_date_report(
        args.corpus,
        args.index,
        model=args.model,
        strict=args.strict,
        max_file_bytes=_max_file_bytes(args),
        backend=args.backend,
    )
    if report is None and args.ray is not None:
        from .distributed import RaySettings, build_on_ray

        settings = RaySettings(
            address=args.ray or None, actors=args.ray_actors, threads_per_actor=args.ray_threads or 1,
            batch_size=args.ray_batch_size or 64,
        )
        report = build_on_ray(
            args.corpus, args.index, ray_settings=settings, model=args.model, backend=args.backend, full=args.full,
            strict=args.strict, max_file_bytes=_max_file_bytes(args), progress=not args.quiet and not args.json,
        ).report
    if report is None:
        index = build_index(
            args.corpus,
            args.index,
            model=args.model,
            full=args.full,
            strict=args.strict,
            max_file_bytes=_max_file_bytes(args),
            backend=args.backend,
            progress=not args.quiet and not args.json,
        )
        report = index.report
    if args.json:
        _print_json(report.to_dict())
        return 0
    if report.up_to_date:
        print(f"Index {args.index} is up to date: {report.documents} documents, {report.passages} passages.")
    else:
        if report.full_rebuild:
            print(f"Rebuilding everything: {report.full_rebuild}.")
        print(
            f"Indexed {report.documents} documents ({report.added} new, {report.changed} changed, "
            f"{report.removed} removed, {report.unchanged} unchanged): {report.passages} passages, "
            f"{report.embedded} embedded, in {report.seconds:.1f} s -> {args.index}"
        )
    for label, items in (("Skipped", report.skipped), ("Indexed with warnings", report.warnings)):
        if items:
            print(f"{label}: {len(items)} file(s)")
            for item in items:
                print(f"  {item['path']}: {item['reason']}")
    return 0


# --- check ------------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from .storage import check_index

    found = check_index(Path(args.index))
    rebuild = "eduqa build --full" + ("" if args.index == "index" else f" --index {args.index}")
    if args.json:
        _print_json({
            "index": args.index,
            "sound": found.sound,
            "files": found.files,
            "bytes": found.bytes,
            "damaged": [{"file": d.file, "reason": d.reason} for d in found.damage],
            "problem": found.problem,
            "run": None if found.sound else rebuild,
        })
    elif found.sound:
        print(
            f"Index {args.index} is sound: {found.files} files, {found.bytes:,} bytes, each of the size and "
            "CRC-32 its build recorded."
        )
    else:
        for damage in found.damage:
            print(f"{Path(args.index) / damage.file}: damaged: {damage.reason}")
        if found.problem:
            print(found.problem)
        print(f"Run `{rebuild}` to rebuild it from the corpus.")
    return 0 if found.sound else 1


# --- ask --------------------------------------------------------------------------------------------


def format_answer(answer) -> str:
    """The answer and its numbered, cited passages, for reading in a terminal."""
    if answer.text is None:
        return f"No answer found in the documents: {answer.reason or 'nothing relevant'}."
    cited = next((i for i, h in enumerate(answer.hits, 1) if h.id == answer.passage_id), 1)
    lines = [textwrap.fill(f"{answer.text} [{cited}]", width=100), "", "Sources:"]
    for number, hit in enumerate(answer.hits, 1):
        c = hit.citation
        where = " · ".join(x for x in (c.source, c.section, f"page {c.page}" if c.page else "", c.url or "") if x)
        lines.append(f"[{number}] {c.title}")
        lines.append(f"    {where} · score {hit.score:.4f}")
        lines.append(textwrap.indent(textwrap.fill(hit.text, width=96), "    "))
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_ask(args: argparse.Namespace) -> int:
    from .builder import corpus_changes
    from .index import clean_question, load_index
    from .settings import SearchSettings

    question = clean_question(args.question)  # before the model is loaded: fail fast
    index = load_index(
        args.index, model=args.model, search_settings=SearchSettings(retriever=args.retriever, reranker=args.reranker),
    )
    changes = corpus_changes(args.corpus, index) if Path(args.corpus).is_dir() else []
    if changes:
        log.warning(
            "the corpus has changed since the index was built (%s); run `eduqa build`", "; ".join(changes)
        )
    answer = index.answer(question, k=args.k)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(format_answer(answer))
    return 0


# --- serve ------------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    from .chat import serve

    serve(
        index_dir=args.index,
        corpus=args.corpus,
        model=args.model,
        host=args.host,
        port=args.port,
        share=args.share,
        auth=args.auth,
        feedback=args.feedback,
        concurrency=args.concurrency,
        admin=args.admin,
        site=args.site,
    )
    return 0


# --- eval -------------------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import EvaluationError, benchmark_table, corpus_table, run_benchmark, run_corpus
    from .settings import SearchSettings

    settings = SearchSettings(retriever=args.retriever, reranker=args.reranker)
    benchmark = args.passages is not None or args.questions is not None
    if benchmark and args.questions_file:
        raise EvaluationError("give either a question file (corpus mode) or --passages and --questions, not both")
    if benchmark:
        if args.passages is None or args.questions is None:
            raise EvaluationError("benchmark mode needs both --passages and --questions")
        report = run_benchmark(
            args.passages, args.questions, model=args.model, search_settings=settings,
            cache_dir=args.cache, limit=args.limit, progress=not args.json,
        )
        print(json.dumps(report.to_dict(), indent=2) if args.json else benchmark_table(report))
        return 0
    if not args.questions_file:
        raise EvaluationError("give a question file, or --passages and --questions for a benchmark")
    report = run_corpus(args.questions_file, args.index, model=args.model, search_settings=settings, limit=args.limit)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if args.json else corpus_table(report))
    return 0


# --- show -------------------------------------------------------------------------------------------


def format_manifest(folder: str, manifest: dict[str, Any], listed: DocumentList) -> str:
    """The main facts of an index's manifest, one per line, and the files it skipped."""
    embedder = manifest["embedder"]
    dense = manifest.get("dense") or {}
    tokens = manifest.get("tokens")
    lines = [
        f"index: {folder}",
        f"format_version: {manifest['format_version']} (eduqa {manifest.get('eduqa_version', '?')}, "
        f"built {manifest.get('created', '?')})",
        f"embedder: {embedder['name']} ({embedder['dimension']} dimensions, {embedder.get('backend', 'torch')})",
        f"passages: {manifest['passages']} in {len(listed.documents)} documents",
        f"dense index: {dense.get('kind', '?')}",
        f"token vectors: {tokens['count']:,} ({tokens.get('dtype', 'int8')})" if tokens else "token vectors: none",
    ]
    lines += [f"skipped: {s.get('path')}: {s.get('reason')}" for s in listed.skipped]
    return "\n".join(lines)


def format_passage(passage) -> str:
    """One stored passage with its citation, for reading in a terminal."""
    c = passage.citation
    where = " · ".join(x for x in (
        c.source, f"page {c.page}" if c.page else "", f"characters {c.start}-{c.end}", c.url or "",
    ) if x)
    heading = f"[{passage.id}] {passage.heading_path}"
    lead_in = [textwrap.indent(textwrap.fill(f"({passage.lead_in})", width=96), "    ")] if passage.lead_in else []
    text = textwrap.indent(textwrap.fill(passage.text, width=96), "    ")
    return "\n".join([heading, f"    {where}", *lead_in, text])


def cmd_show(args: argparse.Namespace) -> int:
    from .storage import read_passage_store

    manifest, listed, store = read_passage_store(Path(args.index))
    if args.passage is not None:
        passage = store.get(args.passage)
        if passage is None:
            raise EduqaError(f"no passage with id {args.passage!r} in {args.index}")
        print(json.dumps(passage.to_dict(), ensure_ascii=False) if args.json else format_passage(passage))
        return 0
    if args.json:
        # the manifest with its documents and skipped files (kept apart in documents.jsonl)
        print(json.dumps({**manifest, "documents": listed.documents, "skipped": listed.skipped}, ensure_ascii=False))
        for passage in store:
            print(json.dumps(passage.to_dict(), ensure_ascii=False))
        return 0
    print(format_manifest(args.index, manifest, listed))
    for passage in store:
        print()
        print(format_passage(passage))
    return 0


# --- parser -----------------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {value}")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eduqa", description="Cited, extractive question answering over education documents."
    )
    parser.add_argument("--version", action="version", version=f"eduqa {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build or update the index from the corpus folder")
    build.add_argument("--corpus", default="corpus", help="folder of documents (default: corpus)")
    build.add_argument("--index", default="index", help="index folder to write (default: index)")
    build.add_argument("--model", default=None, help="sentence-transformers model name or folder "
                       "(default: the bundled all-MiniLM-L6-v2; 'hash' for a model-free test embedder)")
    build.add_argument("--backend", choices=BACKENDS, default=None,
                       help="run the model with torch, or with ONNX Runtime (exported once from the local "
                       "weights; onnx-int8 is quantized and fastest). Default: the index's own, else torch")
    build.add_argument("--full", action="store_true", help="embed every document again")
    build.add_argument("--strict", action="store_true", help="fail if any file cannot be indexed")
    build.add_argument("--max-file-mb", type=_positive_float, default=50.0,
                       help="skip files larger than this (default: 50)")
    build.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                       help="build on Ray: read files in tasks and embed in a pool of actors. ADDRESS: 'auto' for "
                       "the cluster running here, host:port or ray://host:port; none: $RAY_ADDRESS, else a local "
                       "Ray (needs `pip install 'eduqa[ray]'`)")
    build.add_argument("--ray-actors", type=_positive_int, default=None, metavar="N",
                       help="embedding actors (default: the cluster's CPUs / --ray-threads)")
    build.add_argument("--ray-threads", type=_positive_int, default=None, metavar="N",
                       help="CPUs (threads) of each embedding actor (default: 1)")
    build.add_argument("--ray-batch-size", type=_positive_int, default=None, metavar="N",
                       help="texts an actor embeds at a time (default: 64)")
    build.add_argument("--json", action="store_true", help="print one JSON summary on stdout")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(run=cmd_build)

    check = sub.add_parser("check", help="compare every file of the index with the checksums its build recorded")
    check.add_argument("index", nargs="?", default="index", help="index folder (default: index)")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=cmd_check)

    ask = sub.add_parser("ask", help="answer a question from the index")
    ask.add_argument("question")
    ask.add_argument("--index", default="index", help="index folder (default: index)")
    ask.add_argument("--corpus", default="corpus", help="corpus folder, to warn when it changed (default: corpus)")
    ask.add_argument("--k", type=_positive_int, default=5, help="passages to return (default: 5)")
    ask.add_argument("--model", default=None, help="refuse the index unless it was built with this model")
    ask.add_argument("--retriever", choices=("hybrid", "dense", "lexical"), default="hybrid")
    ask.add_argument("--reranker", default=None, help="cross-encoder model name or folder to re-rank with")
    ask.add_argument("--json", action="store_true", help="print the answer and passages as JSON")
    ask.set_defaults(run=cmd_ask)

    evaluate = sub.add_parser(
        "eval", help="measure retrieval and answers on a question file or a benchmark",
        description="Corpus mode: eduqa eval QUESTIONS.jsonl [--index index]. "
        "Benchmark mode: eduqa eval --passages P.jsonl --questions Q.jsonl.",
    )
    evaluate.add_argument("questions_file", nargs="?", metavar="QUESTIONS",
                          help="JSON Lines of {question, expect} and {question, offtopic: true}")
    evaluate.add_argument("--index", default="index", help="index folder for corpus mode (default: index)")
    evaluate.add_argument("--passages", default=None, help="benchmark passages (JSON Lines of id, title, text)")
    evaluate.add_argument("--questions", default=None, help="benchmark questions (JSON Lines: id, question, gold_ids)")
    evaluate.add_argument("--model", default=None, help="embedding model for benchmark mode (default: the bundled "
                          "model; 'hash' for the model-free test embedder); in corpus mode, the model the index "
                          "must have been built with")
    evaluate.add_argument("--retriever", choices=("hybrid", "dense", "lexical"), default="hybrid",
                          help="the retriever to evaluate (default: hybrid); benchmark mode adds the others")
    evaluate.add_argument("--reranker", default=None, help="cross-encoder model name or folder to re-rank with")
    evaluate.add_argument("--cache", default=None, help="folder to keep passage embeddings in between runs")
    evaluate.add_argument("--limit", type=_positive_int, default=None, help="use only the first N questions")
    evaluate.add_argument("--json", action="store_true", help="print the results as JSON")
    evaluate.set_defaults(run=cmd_eval)

    show = sub.add_parser("show", help="print an index's manifest and passages",
                          description="Print the manifest and the passages of an index folder, as text or JSON "
                          "lines (the manifest first), or one passage by id.")
    show.add_argument("index", nargs="?", default="index", help="index folder (default: index)")
    show.add_argument("--passage", default=None, metavar="ID", help="print only the passage with this id")
    show.add_argument("--json", action="store_true", help="print JSON lines: the manifest, then one passage a line")
    show.set_defaults(run=cmd_show)

    serve = sub.add_parser("serve", help="start the web chat")
    serve.add_argument("--index", default="index", help="index folder (default: index)")
    serve.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    serve.add_argument("--model", default=None, help="embedding model for a missing or stale index")
    serve.add_argument("--host", default=None,
                       help="address to bind (default: $GRADIO_SERVER_NAME, else 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default: $GRADIO_SERVER_PORT, else 7860)")
    serve.add_argument("--share", action="store_true", help="also open a public share link")
    serve.add_argument("--auth", default=None, metavar="USER:PASSWORD",
                       help="require this login (comma-separated for several; default: $EDUQA_AUTH, else none)")
    serve.add_argument("--feedback", default=None, metavar="PATH",
                       help="JSON Lines file that likes and dislikes are appended to "
                       "(default: $EDUQA_FEEDBACK, else feedback.jsonl)")
    serve.add_argument("--concurrency", type=_positive_int, default=2,
                       help="questions answered at the same time; others wait in the queue (default: 2)")
    serve.add_argument("--admin", default=None, metavar="USER:PASSWORD",
                       help="maintainers' login to add and remove documents from the page "
                       "(default: $EDUQA_ADMIN, else nobody can)")
    serve.add_argument("--site", default=None, metavar="URL",
                       help="web address that documents' relative addresses link into (default: $EDUQA_SITE)")
    serve.set_defaults(run=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return args.run(args)
    except EduqaError as exc:
        print(f"eduqa: error: {' '.join(str(exc).split())}", file=sys.stderr)  # always one line
        return 1
    except KeyboardInterrupt:
        print("eduqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`eduqa ask ... | head`): stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
