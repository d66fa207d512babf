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

    documents: list[Document] = field(default_factory=list)
    #: ``{"path", "reason"}`` for every file that was not indexed (plus its ``sha256``).
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
    only: set[str] | None = None,
) -> CorpusFiles:
    """Read every supported file of `folder` (or only the relative paths in `only`)."""
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
                continue
            data = path.read_bytes()
        except OSError as exc:
            found.skipped.append({"path": source, "reason": f"cannot read file: {exc.strerror or exc}"})
            continue
        found.hashes[source] = _sha256(data)
        found.sizes[source] = len(data)
        if only is not None and source not in only:
            continue
        try:
            document = parse_file(data, source, max_bytes)
        except UnreadableFile as exc:
            found.skipped.append({"path": source, "reason": str(exc), "sha256": found.hashes[source]})
            log.warning("skipped %s: %s", source, exc)
            continue
        except Exception as exc:  # a parser library failing on a malformed file must not stop the build
            reason = f"could not be parsed ({exc.__class__.__name__}: {exc})"
            found.skipped.append({"path": source, "reason": reason, "sha256": found.hashes[source]})
            log.warning("skipped %s: %s", source, reason)
            continue
        for warning in document.warnings:
            log.warning("%s: %s", source, warning)
        found.documents.append(document)
    return found
