"""Reading a corpus folder: finding files, decoding them and handing them to the right parser.

Files that cannot be read are reported as ``{"path", "reason"}`` and the rest are still read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .documents import Document, read_markdown, read_plain_text
from .errors import EduqaError

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024

Parser = Callable[[bytes, str], Document]


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 when they are, else as the most likely encoding (e.g. Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    return data.decode("cp1252", errors="replace")


class UnreadableFile(EduqaError):
    """A file in the corpus that cannot be indexed; the message is the reason."""


def _text_parser(read: Callable[[str, str], Document]) -> Parser:
    def parse(data: bytes, source: str) -> Document:
        if b"\x00" in data[:8192]:
            raise UnreadableFile("binary data, not text")
        return read(decode_text(data), source)

    return parse


PARSERS: dict[str, Parser] = {
    ".md": _text_parser(read_markdown),
    ".markdown": _text_parser(read_markdown),
    ".txt": _text_parser(read_plain_text),
}


@dataclass
class CorpusFiles:
    """What was found in a corpus folder."""

    #: Parsed documents by relative path.
    documents: dict[str, Document] = field(default_factory=dict)
    #: Relative paths of the files that were parsed or reused, in a stable order.
    order: list[str] = field(default_factory=list)
    #: Relative paths the caller chose to reuse from an earlier build instead of parsing again.
    reused: set[str] = field(default_factory=set)
    #: ``{"path", "reason", "sha256"}`` for every file that was not indexed.
    skipped: list[dict[str, str]] = field(default_factory=list)
    #: sha256 of every supported file's bytes, by relative path.
    hashes: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


def corpus_files(folder: Path) -> list[Path]:
    """The files of a corpus folder eduqa reads, in a stable order. Hidden files and folders are ignored."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EduqaError(f"corpus folder {folder} does not exist or is not a folder")
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in PARSERS:
            files.append(path)
    return files


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of each corpus file by relative path: cheap enough to run at every start."""
    folder = Path(folder)
    hashes = {}
    for path in corpus_files(folder):
        with open(path, "rb") as handle:
            hashes[path.relative_to(folder).as_posix()] = hashlib.file_digest(handle, "sha256").hexdigest()
    return hashes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Document:
    """Parse the bytes of one file as a document, or raise `UnreadableFile` with the reason."""
    if len(data) > max_bytes:
        raise UnreadableFile(f"file is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data.strip():
        raise UnreadableFile("empty file")
    suffix = Path(source).suffix.lower()
    parser = PARSERS.get(suffix)
    if parser is None:
        raise UnreadableFile(f"unsupported file type {suffix!r}")
    document = parser(data, source)
    if not document.blocks:
        raise UnreadableFile("no text found")
    return document


def read_corpus(
    folder: Path,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    reuse: Callable[[str, str], bool] | None = None,
) -> CorpusFiles:
    """Read every supported file of `folder`.

    `reuse(source, sha256)` may say that a file is known from an earlier build: it is then hashed but not
    parsed again.
    """
    folder = Path(folder)
    found = CorpusFiles()
    for path in corpus_files(folder):
        source = path.relative_to(folder).as_posix()
        try:
            size = path.stat().st_size
            if size > max_bytes:
                with open(path, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
                found.hashes[source] = digest
                reason = f"file is {size:,} bytes, over the limit of {max_bytes:,}"
                found.skipped.append({"path": source, "reason": reason, "sha256": digest})
                log.warning("skipped %s: %s", source, reason)
                continue
            data = path.read_bytes()
        except OSError as exc:
            found.skipped.append({"path": source, "reason": f"cannot read file: {exc.strerror or exc}"})
            continue
        digest = found.hashes[source] = _sha256(data)
        found.sizes[source] = len(data)
        if reuse is not None and reuse(source, digest):
            found.reused.add(source)
            found.order.append(source)
            continue
        try:
            document = parse_file(data, source, max_bytes)
        except UnreadableFile as exc:
            found.skipped.append({"path": source, "reason": str(exc), "sha256": digest})
            log.warning("skipped %s: %s", source, exc)
            continue
        except Exception as exc:  # a parser library failing on a malformed file must not stop the build
            reason = f"could not be parsed ({exc.__class__.__name__}: {exc})"
            found.skipped.append({"path": source, "reason": reason, "sha256": digest})
            log.warning("skipped %s: %s", source, reason)
            continue
        for warning in document.warnings:
            log.warning("%s: %s", source, warning)
        found.documents[source] = document
        found.order.append(source)
    return found
