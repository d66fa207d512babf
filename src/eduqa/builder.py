"""Building index folders from a corpus, incrementally: only new and changed documents are embedded."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from .corpus import DEFAULT_MAX_FILE_BYTES, CorpusFiles, fingerprint, read_corpus
from .dense import DenseIndex
from .document_list import DocumentList
from .embedding import TORCH, Embedder, check_backend, load_embedder, release_model, same_model, supports_tokens
from .errors import EduqaError, EmptyCorpusError, IndexFormatError, IndexNotFoundError
from .extracts import passage_sentences
from .index import Index
from .lexical import LexicalIndex
from .manifest import check_model, make_manifest, stale_reasons
from .passages import Passage, passages_from_records, split_document
from .sentence_vectors import SentenceVectors
from .settings import DEFAULT_MODEL, ChunkSettings, DenseSettings, SearchSettings
from .storage import (
    build_lock,
    read_documents,
    read_index,
    read_manifest,
    recover,
    remove_leftovers,
    tidy,
    write_index,
)
from .token_codes import Codebook
from .tokens import TextTokens, TokenVectors
from .version import __version__

log = logging.getLogger(__name__)

#: Reads a corpus folder elsewhere: ``reader(folder, max_file_bytes, known, skipped_before)`` gives what
#: `read_corpus` gives (files whose sha256 is the one in `known` are reused, not parsed; `skipped_before` as for
#: `read_corpus`) and, for the documents it has split already, their passages (see `eduqa.distributed`).
CorpusReader = Callable[
    [Path, int, Mapping[str, Any], Mapping[str, Mapping[str, str]]], tuple[CorpusFiles, dict[str, list[Passage]]]
]


@dataclass
class BuildReport:
    """What a build did. `eduqa build --json` prints `to_dict()`."""

    documents: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0
    embedded: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    #: ``{"path", "reason"}`` for files that were indexed with a problem, e.g. broken front matter.
    warnings: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    #: Of `seconds`, the time spent embedding passages and their sentences (on a cluster: the cluster's work).
    embedding_seconds: float = 0.0
    index: str | None = None
    #: Why every document was embedded again, when an existing index could not be reused.
    full_rebuild: str | None = None
    up_to_date: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "passages": self.passages,
            "embedded": self.embedded,
            "skipped": [{"path": s["path"], "reason": s["reason"]} for s in self.skipped],
            "warnings": [{"path": w["path"], "reason": w["reason"]} for w in self.warnings],
            "seconds": round(self.seconds, 3),
            "embedding_seconds": round(self.embedding_seconds, 3),
            "index": self.index,
            "full_rebuild": self.full_rebuild,
            "up_to_date": self.up_to_date,
        }


def _embedder_info(embedder: Embedder) -> dict[str, Any]:
    return {"name": embedder.name, "dimension": embedder.dimension, "backend": embedder.backend}


def index_passages(
    passages: list[Passage],
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    vectors: np.ndarray | None = None,
    batch_size: int = 32,
    progress: bool = False,
    dense_settings: DenseSettings | None = None,
) -> tuple[DenseIndex, LexicalIndex]:
    """Embed (unless `vectors` are given) and index passages."""
    texts = [p.indexed_text(chunking.context_in_embedding) for p in passages]
    if vectors is None:
        vectors = embedder.embed(texts, batch_size=batch_size, progress=progress)
    return DenseIndex.build(vectors, embedder.dimension, dense_settings), LexicalIndex.build(texts)


def index_status(
    corpus: str | Path,
    index_dir: str | Path,
    *,
    model: str | None = None,
    chunking: ChunkSettings | None = None,
) -> list[str]:
    """Why the index at `index_dir` does not match `corpus` (an empty list when it does)."""
    return _status(corpus, index_dir, model, chunking)[0]


def _status(
    corpus: str | Path, index_dir: str | Path, model: str | None, chunking: ChunkSettings | None
) -> tuple[list[str], dict[str, Any] | None, DocumentList | None]:
    """`index_status`, and the manifest and list of documents it read (None when they cannot be read)."""
    try:
        manifest = read_manifest(Path(index_dir))
        listed = read_documents(Path(index_dir), manifest)
        listed.documents  # noqa: B018 (read now, so that a damaged list is reported here)
    except (IndexNotFoundError, IndexFormatError) as exc:
        return [str(exc)], None, None
    reasons = stale_reasons(
        manifest,
        listed,
        fingerprint(Path(corpus)),
        model or DEFAULT_MODEL,
        (chunking or ChunkSettings()).to_dict(),
    )
    return reasons, manifest, listed


@dataclass
class _Previous:
    """An earlier index whose passages and vectors can be reused, document by document."""

    documents: Mapping[str, Mapping[str, Any]]
    passages: dict[str, list[Passage]]
    vectors: dict[str, np.ndarray]
    #: Per document, the sentence vectors of each of its passages.
    sentences: dict[str, list[np.ndarray]]
    #: Per document, the token vectors of each of its passages (None for each when the index kept none).
    tokens: dict[str, list[TextTokens | None]]
    #: The files the earlier build skipped, by path, and the size limit it skipped them under.
    skipped: dict[str, dict[str, str]] = field(default_factory=dict)
    max_file_bytes: int | None = None
    #: The codebook of the index's compressed token vectors, reused so that unchanged tokens keep their codes.
    codebook: Codebook | None = None


def previous_backend(out_dir: Path) -> str | None:
    """The embedding backend of the index in `out_dir`, if there is a readable one."""
    try:
        return read_manifest(out_dir)["embedder"].get("backend")
    except (IndexNotFoundError, IndexFormatError):
        return None


def _previous_index(
    out_dir: Path, model: str, chunking: ChunkSettings, backend: str | None = None
) -> tuple[_Previous | None, str | None]:
    """The reusable parts of the index in `out_dir`, or None and the reason it cannot be reused."""
    if not out_dir.exists() or (out_dir.is_dir() and not any(out_dir.iterdir())):
        return None, None
    try:
        parts = read_index(out_dir)
    except (IndexNotFoundError, IndexFormatError) as exc:
        return None, f"the existing index cannot be read ({exc})"
    manifest, passages, sentences, tokens = parts.manifest, parts.passages, parts.sentences, parts.tokens
    try:
        listed = parts.documents
        listed.documents  # noqa: B018 (the list is read here, once)
    except (IndexNotFoundError, IndexFormatError) as exc:
        return None, f"the existing index cannot be read ({exc})"
    built_model = manifest["embedder"]["name"]
    if not same_model(built_model, model):
        return None, f"the model changed from {built_model} to {model}"
    if manifest["chunking"] != chunking.to_dict():
        return None, "the chunking settings changed"
    built_backend = manifest["embedder"].get("backend", TORCH)
    if backend and built_backend != backend:
        return None, f"the embedding backend changed from {built_backend} to {backend}"
    # approximate (8-bit) indexes give back decoded vectors, within about 0.01 cosine of the originals
    vectors = parts.dense.vectors()
    by_doc: dict[str, list[int]] = {}
    for row, passage in enumerate(passages):
        by_doc.setdefault(passage.doc_id, []).append(row)
    return (
        _Previous(
            documents=listed.documents,
            passages={doc: [passages[r] for r in rows] for doc, rows in by_doc.items()},
            vectors={doc: vectors[rows] for doc, rows in by_doc.items()},
            sentences={doc: [sentences.of(r) for r in rows] for doc, rows in by_doc.items()},
            tokens={doc: [tokens.of(r) if tokens else None for r in rows] for doc, rows in by_doc.items()},
            skipped={s["path"]: dict(s) for s in listed.skipped},
            max_file_bytes=manifest.get("max_file_bytes"),
            codebook=tokens.codebook if tokens else None,
        ),
        None,
    )


def build_index(
    source: str | Path | Iterable[Mapping[str, Any]],
    out_dir: str | Path | None = None,
    *,
    model: str | None = None,
    embedder: Embedder | None = None,
    chunking: ChunkSettings | None = None,
    search_settings: SearchSettings | None = None,
    full: bool = False,
    strict: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    batch_size: int = 32,
    progress: bool = False,
    backend: str | None = None,
    dense_settings: DenseSettings | None = None,
    corpus_reader: CorpusReader | None = None,
) -> Index:
    """Build an index from a corpus folder, or from passages given as dicts (kept as they are).

    With `out_dir` the index is written there atomically. An index already there is reused: only new and
    changed documents are embedded, unless `full` is set or the model, backend or chunking settings changed.
    `backend` runs the model with ``"torch"``, ``"onnx"`` or ``"onnx-int8"``; by default an existing index
    keeps its backend and a new one uses torch. `dense_settings` choose the dense index kind by size.
    `corpus_reader` reads and splits the files of a corpus folder elsewhere (see `eduqa.distributed`).
    The report of the build is ``index.report``.
    """
    with contextlib.nullcontext() if out_dir is None else build_lock(Path(out_dir)):
        if out_dir is not None:
            recover(Path(out_dir), locked=True)
            for path in remove_leftovers(Path(out_dir)):
                log.info("removed %s, left behind by a build that was stopped", path)
        return _build(
            source, out_dir, model=model, embedder=embedder, chunking=chunking, search_settings=search_settings,
            full=full, strict=strict, max_file_bytes=max_file_bytes, batch_size=batch_size, progress=progress,
            backend=backend, dense_settings=dense_settings, corpus_reader=corpus_reader,
        )


def _build(
    source: str | Path | Iterable[Mapping[str, Any]],
    out_dir: str | Path | None,
    *,
    model: str | None,
    embedder: Embedder | None,
    chunking: ChunkSettings | None,
    search_settings: SearchSettings | None,
    full: bool,
    strict: bool,
    max_file_bytes: int,
    batch_size: int,
    progress: bool,
    backend: str | None,
    dense_settings: DenseSettings | None,
    corpus_reader: CorpusReader | None = None,
) -> Index:
    started = time.perf_counter()
    chunking = chunking or ChunkSettings()
    model_name = embedder.name if embedder else (model or DEFAULT_MODEL)
    check_backend(backend)
    if embedder is not None:
        backend = embedder.backend
    elif backend is None and out_dir is not None and not full:
        backend = previous_backend(Path(out_dir))
    if embedder and model:
        check_model({"embedder": {"name": embedder.name}}, model, "the given embedder")
    report = BuildReport(index=str(out_dir) if out_dir is not None else None)

    previous: _Previous | None = None
    if isinstance(source, (str, Path)):
        why_full = None
        if out_dir is not None and not full:
            previous, why_full = _previous_index(Path(out_dir), model_name, chunking, backend)
        elif full:
            why_full = "a full rebuild was asked for"
        passages, documents, reused, to_embed = _read_folder(
            Path(source), chunking, previous, max_file_bytes, strict, report, corpus_reader
        )
        report.full_rebuild = why_full
    else:
        passages = passages_from_records(source)
        if not passages:
            raise EmptyCorpusError("no passages were given")
        documents = {}
        for passage in passages:
            documents.setdefault(passage.doc_id, {"title": passage.title, "passages": 0})
            documents[passage.doc_id]["passages"] += 1
        reused, to_embed = {}, list(range(len(passages)))
        report.documents = report.added = len(documents)

    loaded_here = embedder is None
    embedder = embedder or load_embedder(model_name, backend=backend)
    dense_settings = dense_settings or DenseSettings()
    keep_tokens = supports_tokens(embedder) and (
        dense_settings.tokens_up_to is None or len(passages) <= dense_settings.tokens_up_to
    )
    vectors = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
    sentence_parts: list[np.ndarray | None] = [None] * len(passages)
    token_parts: list[TextTokens | None] = [None] * len(passages)
    for row, (vector, sentence_vectors, token_vectors) in reused.items():
        vectors[row] = vector
        sentence_parts[row] = sentence_vectors
        token_parts[row] = token_vectors
    if to_embed:
        log.info("embedding %d of %d passages with %s", len(to_embed), len(passages), embedder.name)
    # new passages have no token vectors either; nor have reused ones from an index that kept none
    rows = [row for row, part in enumerate(token_parts) if part is None] if keep_tokens else to_embed
    texts = [passages[row].indexed_text(chunking.context_in_embedding) for row in rows]
    missing, split = _sentences_to_embed(passages, sentence_parts)
    sentence_texts = [text for row in missing for text in split[row]]
    embedding_started = time.perf_counter()
    if embeds_in_one_pass(embedder):  # a cluster: passages and sentences go out together
        new, new_tokens, embedded = embedder.embed_passages(  # type: ignore[attr-defined]
            texts, sentence_texts, with_tokens=keep_tokens
        )
    else:
        new, new_tokens = _embed_texts(embedder, texts, keep_tokens, batch_size, progress)
        embedded = _embed_sentences(embedder, sentence_texts, batch_size, progress)
    report.embedding_seconds = time.perf_counter() - embedding_started
    if loaded_here:  # the model is not needed to write the index; the index reads it again for a question
        release_model(embedder)
    if keep_tokens:
        fresh = set(to_embed)
        for row, text, vector, found in zip(rows, texts, new, new_tokens):
            # token starts count from the passage text, after the heading path and lead-in embedded before it
            token_parts[row] = found.shifted(len(text) - len(passages[row].text))
            if row in fresh:
                vectors[row] = vector
    elif rows:
        vectors[rows] = new
    sentences = _sentence_vectors(sentence_parts, missing, split, embedded, embedder.dimension)
    tokens = (
        encode_tokens(token_parts, embedder.dimension, dense_settings, previous.codebook if previous else None)  # type: ignore[arg-type]
        if keep_tokens
        else None
    )
    dense, lexical = index_passages(passages, embedder, chunking, vectors=vectors, dense_settings=dense_settings)
    listed = DocumentList(documents, report.skipped)
    manifest = make_manifest(
        version=__version__,
        embedder=_embedder_info(embedder),
        chunking=chunking.to_dict(),
        dense_kind=dense.kind,
        dense_params=dense.params,
        passages=len(passages),
        documents=listed,
        tokens=len(tokens.codes) if tokens is not None else None,
        token_codec=tokens.codec if tokens is not None else None,
    )
    if isinstance(source, (str, Path)):
        manifest["max_file_bytes"] = max_file_bytes  # a new limit may let a skipped file in, or keep one out
    if out_dir is not None:
        write_index(Path(out_dir), manifest, listed, passages, dense, lexical, sentences, tokens)
    report.passages = len(passages)
    report.embedded = len(to_embed)
    report.seconds = time.perf_counter() - started
    index = Index(
        passages,
        dense,
        lexical,
        embedder,
        manifest,
        search_settings or SearchSettings(),
        path=Path(out_dir) if out_dir is not None else None,
        sentence_vectors=sentences,
        token_vectors=tokens,
        document_list=listed,
    )
    index.report = report
    return index


def encode_tokens(
    parts: Sequence[TextTokens], dimension: int, settings: DenseSettings, codebook: Codebook | None = None
) -> TokenVectors:
    """The token vectors of an index's passages: product-quantized from `settings.compress_tokens_from` passages.

    A `codebook` of the index being updated is kept when it still fits, so that unchanged tokens keep their codes.
    """
    if len(parts) < settings.compress_tokens_from:
        return TokenVectors.from_parts(parts, dimension)
    # pieces must cut the vector evenly: the largest divisor of the dimension within the byte budget
    subspaces = max(d for d in range(1, settings.token_bytes + 1) if dimension % d == 0)
    if codebook is not None and codebook.subspaces == subspaces and codebook.dimension == dimension:
        return TokenVectors.from_parts(parts, dimension, codebook=codebook)
    return TokenVectors.from_parts(parts, dimension, subspaces=subspaces)


_SENTENCE_SLICE = 16_384


def embeds_in_one_pass(embedder: Embedder) -> bool:
    """Whether the embedder takes passages and sentences in one call (`embed_passages`), as a cluster does."""
    return callable(getattr(embedder, "embed_passages", None))


def _embed_texts(
    embedder: Embedder, texts: Sequence[str], with_tokens: bool, batch_size: int, progress: bool
) -> tuple[np.ndarray, list[TextTokens]]:
    """The vectors of passage texts and, `with_tokens`, their token vectors (one pass for both)."""
    if with_tokens:
        return embedder.embed_tokens(texts, batch_size=batch_size, progress=progress)  # type: ignore[attr-defined]
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32), []
    return embedder.embed(texts, batch_size=batch_size, progress=progress), []


def _sentences_to_embed(
    passages: Sequence[Passage], parts: Sequence[np.ndarray | None]
) -> tuple[list[int], dict[int, list[str]]]:
    """The rows whose sentence vectors are missing in `parts`, and the sentences of each."""
    missing = [row for row, part in enumerate(parts) if part is None]
    return missing, {row: [s.text for s in passage_sentences(passages[row].text)] for row in missing}


def _sentence_vectors(
    parts: list[np.ndarray | None],
    missing: Sequence[int],
    split: Mapping[int, list[str]],
    embedded: np.ndarray,
    dimension: int,
) -> SentenceVectors:
    """The sentence vectors of all passages: `parts` where it has them, rows of `embedded` in order where not."""
    start = 0
    for row in missing:
        parts[row] = embedded[start:start + len(split[row])]
        start += len(split[row])
    empty = np.zeros((0, dimension), dtype=np.float32)
    return SentenceVectors.from_parts([p if p is not None else empty for p in parts], dimension)


def _embed_sentences(embedder: Embedder, texts: Sequence[str], batch_size: int, progress: bool) -> np.ndarray:
    """The vectors of sentences, as float16: a large corpus has millions of them, so they are embedded in slices."""
    embedded = np.zeros((len(texts), embedder.dimension), dtype=np.float16)
    if not texts:
        return embedded
    log.info("embedding %d sentences", len(texts))
    with tqdm(total=len(texts), desc="Embedding sentences", unit=" sentences", disable=not progress) as bar:
        for start in range(0, len(texts), _SENTENCE_SLICE):
            chunk = texts[start:start + _SENTENCE_SLICE]
            embedded[start:start + len(chunk)] = embedder.embed(chunk, batch_size=batch_size)
            bar.update(len(chunk))
    return embedded


def check_strict(skipped: list[dict[str, str]], warnings: list[dict[str, str]]) -> None:
    """Refuse a corpus with files that were skipped or read with warnings (``--strict``)."""
    problems = skipped + warnings
    if problems:
        listed = "; ".join(f"{p['path']}: {p['reason']}" for p in problems)
        raise EduqaError(
            f"{len(problems)} file(s) could not be indexed cleanly (--strict), so the index was not updated: {listed}"
        )


def _read_folder(
    folder: Path,
    chunking: ChunkSettings,
    previous: _Previous | None,
    max_file_bytes: int,
    strict: bool,
    report: BuildReport,
    corpus_reader: CorpusReader | None = None,
) -> tuple[list[Passage], dict[str, dict[str, Any]], dict[int, np.ndarray], list[int]]:
    """Passages of a corpus folder; the vectors that can be reused by row, and the rows to embed.

    A document that yields no passage (an outline of headings only) is listed as skipped.
    """
    old_docs = previous.documents if previous else {}
    # unchanged documents are not parsed again: their passages come from the previous index (an index
    # from before documents without passages were skipped may list one with 0: that one is read again)
    old_hashes = {k: v.get("sha256") for k, v in old_docs.items() if previous and previous.passages.get(k)}
    # nor are unchanged skipped files, unless the size limit changed
    skipped_before = previous.skipped if previous and previous.max_file_bytes == max_file_bytes else {}
    if corpus_reader is None:
        found = read_corpus(
            folder,
            max_bytes=max_file_bytes,
            reuse=lambda source, digest: old_hashes.get(source) == digest,
            skipped_before=skipped_before,
        )
        split: dict[str, list[Passage]] = {}
    else:
        found, split = corpus_reader(folder, max_file_bytes, old_hashes, skipped_before)
    report.skipped = found.skipped
    report.warnings = list(found.warnings)
    for source in found.reused:  # unchanged documents keep the warnings they were read with
        report.warnings += [{"path": source, "reason": w} for w in old_docs[source].get("warnings", [])]

    passages: list[Passage] = []
    documents: dict[str, dict[str, Any]] = {}
    reused: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray | None]] = {}
    to_embed: list[int] = []
    for source in found.order:
        digest = found.hashes[source]
        if source in found.reused:
            assert previous is not None
            rows = range(len(passages), len(passages) + len(previous.passages.get(source, [])))
            passages.extend(previous.passages.get(source, []))
            reused.update(
                zip(rows, zip(previous.vectors[source], previous.sentences[source], previous.tokens[source]))
            )
            documents[source] = dict(old_docs[source])
            report.unchanged += 1
            continue
        document = found.documents[source]
        doc_passages = split[source] if source in split else split_document(document, chunking)
        if not doc_passages:
            reason = "no passage to index: the document holds headings but no text under them"
            report.skipped.append({"path": source, "reason": reason, "sha256": digest})
            report.warnings = [w for w in report.warnings if w["path"] != source]
            log.info("skipped %s: %s", source, reason)
            continue
        to_embed.extend(range(len(passages), len(passages) + len(doc_passages)))
        passages.extend(doc_passages)
        documents[source] = {
            "sha256": digest,
            "bytes": found.sizes[source],
            "title": document.title,
            "passages": len(doc_passages),
        }
        if document.metadata.get("author"):
            # "According to QuickTakes, …": a question may name a document by who wrote it
            documents[source]["author"] = document.metadata["author"]
        if document.warnings:
            documents[source]["warnings"] = list(document.warnings)
        if previous is not None and source in old_docs:
            report.changed += 1
        else:
            report.added += 1
    report.removed = len(set(old_docs) - set(documents)) if previous else 0
    report.documents = len(documents)
    report.skipped.sort(key=lambda s: PurePosixPath(s["path"]).parts)  # the order files are read in
    report.warnings.sort(key=lambda w: found.order.index(w["path"]))
    if strict:
        check_strict(report.skipped, report.warnings)
    if not passages:
        detail = "; ".join(f"{s['path']}: {s['reason']}" for s in found.skipped[:5])
        raise EmptyCorpusError(
            f"nothing to index in {folder}: no readable document"
            + (f" (skipped {detail})" if detail else "")
        )
    return passages, documents, reused, to_embed


def up_to_date_report(
    corpus: str | Path,
    index_dir: str | Path,
    *,
    model: str | None = None,
    chunking: ChunkSettings | None = None,
    strict: bool = False,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    backend: str | None = None,
) -> BuildReport | None:
    """A report for an index that already matches the corpus, or None when it must be (re)built.

    Cheap: hashes the corpus files and reads the manifest, without loading any model. With `strict`, an
    index that left files out or read them with warnings is refused, as a build would be. A `backend`
    other than the index's own means a rebuild.
    """
    if not Path(corpus).is_dir():
        return None
    reasons, manifest, listed = _status(corpus, index_dir, model, chunking)
    if reasons or manifest is None or listed is None:
        return None
    if manifest.get("max_file_bytes") != max_file_bytes:
        return None
    if backend and manifest["embedder"].get("backend", TORCH) != backend:
        return None
    report = BuildReport(
        documents=len(listed.documents),
        unchanged=len(listed.documents),
        passages=manifest["passages"],
        skipped=list(listed.skipped),
        warnings=[
            {"path": source, "reason": warning}
            for source, entry in listed.documents.items()
            for warning in entry.get("warnings", [])
        ],
        index=str(index_dir),
        up_to_date=True,
    )
    if strict:
        check_strict(report.skipped, report.warnings)
    for path in tidy(Path(index_dir)):
        log.info("removed %s, left behind by a build that was stopped", path)
    return report


def corpus_changes(corpus: str | Path, index: Index) -> list[str]:
    """The documents added, changed or removed in `corpus` since `index` was built."""
    manifest = index.manifest
    return stale_reasons(
        manifest, index.document_list, fingerprint(Path(corpus)), manifest["embedder"]["name"], manifest["chunking"]
    )
