"""The index manifest: what an index was built from and how, and the checks made against it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from .checksums import MANIFEST_KEY, check_files_entry, manifest_matches
from .embedding import same_model
from .errors import IndexDamagedError, IndexFormatError, ModelMismatchError
from .tokens import FILES as TOKEN_FILES
from .tokens import PQ_FILES

#: Bump when the files of an index change in a way older readers cannot handle.
FORMAT_VERSION = 3
#: Older formats this version still reads, so that the next build can convert them without embedding again
#: (version 2 keeps its passages in ``passages.jsonl``).
READABLE_VERSIONS = (2, FORMAT_VERSION)

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
    documents: Mapping[str, Mapping[str, Any]],
    skipped: list[dict[str, str]] | None = None,
    tokens: int | None = None,
    token_codec: str | None = None,
) -> dict[str, Any]:
    """A new manifest. `tokens` is how many token vectors the index keeps (None: it keeps none), and
    `token_codec` how they are stored (``"int8"``, the default, or ``"pq"``)."""
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
        "documents": {k: dict(v) for k, v in documents.items()},
        "skipped": list(skipped or []),
    }


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
    for key, kind in (("embedder", dict), ("passages", int), ("documents", dict), ("chunking", dict)):
        if not isinstance(manifest.get(key), kind):
            raise IndexFormatError(f"{where}: manifest.json field {key!r} is missing or malformed")
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


def stale_reasons(
    manifest: Mapping[str, Any],
    hashes: Mapping[str, str],
    model: str,
    chunking: Mapping[str, Any],
) -> list[str]:
    """Why an index no longer matches a corpus, a model and chunk settings (empty when it does)."""
    reasons: list[str] = []
    built_model = manifest.get("embedder", {}).get("name", "?")
    if not same_model(built_model, model):
        reasons.append(f"the model changed ({built_model} -> {model})")
    if dict(manifest.get("chunking", {})) != dict(chunking):
        reasons.append("the chunking settings changed")
    if manifest.get("format_version", FORMAT_VERSION) < FORMAT_VERSION:
        reasons.append("the index keeps its passages in an older format (passages.jsonl)")
    elif "files" not in manifest:  # (an older format had none either)
        reasons.append("the index was built before its files had checksums")
    if "tokens" not in manifest:
        # a larger index records `"tokens": null`; only an index from an earlier version has no entry
        reasons.append("the index was built before token vectors (late interaction) existed")
    built = {k: v.get("sha256") for k, v in manifest.get("documents", {}).items()}
    # files that could not be read are remembered too, so that they do not count as new every time
    built.update({s.get("path"): s.get("sha256") for s in manifest.get("skipped", []) if s.get("sha256")})
    added = sorted(set(hashes) - set(built))
    removed = sorted(set(built) - set(hashes))
    changed = sorted(k for k in set(hashes) & set(built) if hashes[k] != built[k])
    for label, names in (("new", added), ("changed", changed), ("removed", removed)):
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            reasons.append(f"{label}: {shown}")
    return reasons
