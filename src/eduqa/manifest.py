"""The index manifest: what an index was built from and how, and the checks made against it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .checksums import MANIFEST_KEY, check_files_entry, manifest_matches
from .document_list import DOCUMENTS_FILE, DocumentList
from .embedding import same_model
from .errors import IndexDamagedError, IndexFormatError, ModelMismatchError
from .tokens import FILES as TOKEN_FILES
from .tokens import PQ_FILES

#: Bump when the files of an index change in a way older readers cannot handle.
FORMAT_VERSION = 4
#: Older formats this version still reads, so that the next build can convert them without embedding again
#: (version 2 keeps its passages in ``passages.jsonl``; versions 2 and 3 list the documents in the manifest).
READABLE_VERSIONS = (2, 3, FORMAT_VERSION)
#: The first format that keeps its passages in ``passages.arrow`` (see `eduqa.passage_store`).
ARROW_PASSAGES_FROM = 3
#: The first format that keeps the list of documents in its own file (see `eduqa.document_list`).
LISTS_APART_FROM = 4

MANIFEST_FILE = "manifest.json"
PASSAGES_FILE = "passages.jsonl"
VECTORS_FILE = "vectors.faiss"
LEXICAL_FOLDER = "lexical"


def make_manifest(
    *,
    version: str,
    embedder: Mapping[str, Any],
    chunking: Mapping[str, Any],
    dense_kind: str,
    passages: int,
    dense_params: Mapping[str, Any] | None = None,
    documents: DocumentList,
    tokens: int | None = None,
    token_codec: str | None = None,
) -> dict[str, Any]:
    """A new manifest. `documents` is what the index lists (kept in its own file; the manifest counts them).
    `tokens` is how many token vectors the index keeps (None: it keeps none), and `token_codec` how they are
    stored (``"int8"``, the default, or ``"pq"``)."""
    return {
        "format_version": FORMAT_VERSION,
        "eduqa_version": version,
        "build_id": uuid.uuid4().hex,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "embedder": dict(embedder),
        "chunking": dict(chunking),
        "dense": {
            "kind": dense_kind,
            "file": VECTORS_FILE,
            "metric": "inner_product",
            "params": dict(dense_params or {}),
        },
        "lexical": {"kind": "bm25", "folder": LEXICAL_FOLDER, "stemmer": "english"},
        "passages": passages,
        "tokens": None if tokens is None else {
            "count": tokens,
            "files": list(PQ_FILES if token_codec == "pq" else TOKEN_FILES),
            "dtype": token_codec or "int8",
        },
        "document_list": {
            "file": DOCUMENTS_FILE,
            "documents": len(documents.documents),
            "skipped": len(documents.skipped),
            "authors": listed_authors(documents),
        },
    }


#: The manifest names at most this many authors (those of the most documents).
MAX_LISTED_AUTHORS = 1000


def listed_authors(documents: DocumentList) -> list[str]:
    """The authors the documents' metadata names, for the manifest: a question may name a document by its author
    ("According to QuickTakes, …"), and the manifest is what answering reads without parsing the document list.

    >>> listed_authors(DocumentList({"a.md": {"author": "QuickTakes"}, "b.md": {}, "c.md": {"author": "QuickTakes"}}))
    ['QuickTakes']
    """
    counts = Counter(str(entry["author"]) for entry in documents.documents.values() if entry.get("author"))
    return sorted(name for name, _ in counts.most_common(MAX_LISTED_AUTHORS))


def manifest_authors(manifest: Mapping[str, Any]) -> list[str]:
    """The authors a manifest names (none for an index built before it named them)."""
    listed = manifest.get("document_list")
    authors = listed.get("authors") if isinstance(listed, dict) else None
    return [name for name in authors if isinstance(name, str)] if isinstance(authors, list) else []


def check_manifest(manifest: Any, where: str) -> dict[str, Any]:
    """Refuse a manifest this version cannot read, saying what to run."""
    if not isinstance(manifest, dict):
        raise IndexFormatError(f"{where}: manifest.json is not a JSON object; rebuild with `eduqa build`")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise IndexFormatError(
            f"{where}: manifest.json has no integer format_version; rebuild with `eduqa build`"
        )
    if version not in READABLE_VERSIONS:
        newer = "a newer" if version > FORMAT_VERSION else "an older"
        raise IndexFormatError(
            f"{where}: index format_version {version} was written by {newer} eduqa; this eduqa reads "
            f"version {FORMAT_VERSION}. Rebuild it with `eduqa build --full`"
        )
    listed = ("document_list", dict) if version >= LISTS_APART_FROM else ("documents", dict)
    for key, kind in (("embedder", dict), ("passages", int), listed, ("chunking", dict)):
        if not isinstance(manifest.get(key), kind):
            raise IndexFormatError(f"{where}: manifest.json field {key!r} is missing or malformed")
    if version >= LISTS_APART_FROM:
        entry = manifest["document_list"]
        if entry.get("file") != DOCUMENTS_FILE or not all(
            isinstance(entry.get(k), int) and not isinstance(entry.get(k), bool) for k in ("documents", "skipped")
        ):
            raise IndexFormatError(
                f"{where}: manifest.json field 'document_list' needs file {DOCUMENTS_FILE!r} and counts of "
                "documents and skipped files; rebuild with `eduqa build --full`"
            )
    embedder = manifest["embedder"]
    if not isinstance(embedder.get("name"), str) or not isinstance(embedder.get("dimension"), int):
        raise IndexFormatError(f"{where}: manifest.json field 'embedder' needs a name and a dimension")
    if "files" in manifest and (problem := check_files_entry(manifest["files"])):
        raise IndexFormatError(f"{where}: manifest.json field 'files' {problem}; rebuild with `eduqa build --full`")
    # an index from before checksums has neither entry; a manifest that lost one of them is damaged
    if ("files" in manifest) != (MANIFEST_KEY in manifest):
        missing = MANIFEST_KEY if "files" in manifest else "files"
        raise IndexDamagedError(
            f"{where}: manifest.json is damaged: it has no {missing!r} entry; rebuild with `eduqa build --full`"
        )
    if MANIFEST_KEY in manifest and not manifest_matches(manifest, manifest[MANIFEST_KEY]):
        raise IndexDamagedError(
            f"{where}: manifest.json is damaged: its contents do not match the checksum its build recorded; "
            "rebuild with `eduqa build --full`"
        )
    return manifest


def check_model(manifest: Mapping[str, Any], model: str | None, where: str) -> None:
    """Refuse to query an index with a model other than the one it was built with."""
    built = manifest["embedder"]["name"]
    if model and not same_model(model, built):
        raise ModelMismatchError(
            f"{where} was built with model {built!r}, not {model!r}: "
            f"rebuild it with `eduqa build --model {model}` or query it without --model"
        )


def inline_documents(manifest: Mapping[str, Any]) -> DocumentList:
    """The documents listed in the manifest itself, as formats before `LISTS_APART_FROM` keep them."""
    skipped = [s for s in manifest.get("skipped", []) if isinstance(s, dict) and "path" in s]
    return DocumentList(manifest.get("documents", {}), skipped)


def stale_reasons(
    manifest: Mapping[str, Any],
    listed: DocumentList,
    hashes: Mapping[str, str],
    model: str,
    chunking: Mapping[str, Any],
) -> list[str]:
    """Why an index no longer matches a corpus, a model and chunk settings (empty when it does).

    `listed` is what the index lists: its documents and the files it skipped."""
    reasons: list[str] = []
    built_model = manifest.get("embedder", {}).get("name", "?")
    if not same_model(built_model, model):
        reasons.append(f"the model changed ({built_model} -> {model})")
    if dict(manifest.get("chunking", {})) != dict(chunking):
        reasons.append("the chunking settings changed")
    version = manifest.get("format_version", FORMAT_VERSION)
    if version < ARROW_PASSAGES_FROM:
        reasons.append("the index keeps its passages in an older format (passages.jsonl)")
    elif version < LISTS_APART_FROM:
        reasons.append("the index lists its documents in an older format (in manifest.json)")
    elif "files" not in manifest:  # (an older format had none either)
        reasons.append("the index was built before its files had checksums")
    if "tokens" not in manifest:
        # a larger index records `"tokens": null`; only an index from an earlier version has no entry
        reasons.append("the index was built before token vectors (late interaction) existed")
    built = {k: v.get("sha256") for k, v in listed.documents.items()}
    # files that could not be read are remembered too, so that they do not count as new every time
    built.update({s.get("path"): s.get("sha256") for s in listed.skipped if s.get("sha256")})
    added = sorted(set(hashes) - set(built))
    removed = sorted(set(built) - set(hashes))
    changed = sorted(k for k in set(hashes) & set(built) if hashes[k] != built[k])
    for label, names in (("new", added), ("changed", changed), ("removed", removed)):
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            reasons.append(f"{label}: {shown}")
    return reasons
