"""Reading a corpus folder: finding files, decoding them and handing them to the right parser.

Files that cannot be read are reported as ``{"path", "reason"}`` and the rest are still read.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .documents import Document, read_markdown, read_plain_text
from .errors import EduqaError, UnreadableFileError
from .formats import read_docx, read_html, read_pdf

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024

Parser = Callable[[bytes, str], Document]

#: Share of control characters above which decoded "text" is taken for binary data.
_MAX_CONTROL_SHARE = 0.02


def _reads_as_western(text: str) -> bool:
    """Whether text decoded as Windows-1252 looks like a Western European language, not mojibake."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    foreign = sum(1 for c in letters if not c.isascii())
    return foreign / len(letters) < 0.3


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as such. Other
    bytes are read as Windows-1252, the superset of Latin-1 most non-UTF-8 files are written in, when
    that gives Western text; failing that, charset-normalizer picks the most likely encoding.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = data.decode("latin-1")
    if _reads_as_western(western) and not _looks_binary(western):
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    return western


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:65536]
    controls = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c <= "\x9f" or c == "\ufffd")
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


def text_of(data: bytes) -> str:
    """The decoded text of a text file, or `UnreadableFileError` when the bytes are binary data."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFileError("binary data, not text")
    text = decode_text(data)
    if _looks_binary(text):
        raise UnreadableFileError("binary data, not text")
    return text


def _text_parser(read: Callable[[str, str], Document]) -> Parser:
    def parse(data: bytes, source: str) -> Document:
        return read(text_of(data), source)

    return parse


def _markup_parser(read: Parser) -> Parser:
    """A parser of markup that decodes its own bytes (HTML declares its encoding), after a binary check."""

    def parse(data: bytes, source: str) -> Document:
        text_of(data)
        return read(data, source)

    return parse


#: File name suffix -> parser of the file's bytes. Files of other types in the corpus folder are ignored.
PARSERS: dict[str, Parser] = {
    ".md": _text_parser(read_markdown),
    ".markdown": _text_parser(read_markdown),
    ".txt": _text_parser(read_plain_text),
    ".html": _markup_parser(read_html),
    ".htm": _markup_parser(read_html),
    ".pdf": read_pdf,
    ".docx": read_docx,
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
    #: ``{"path", "reason"}`` for every file that was indexed with a problem (e.g. broken front matter).
    warnings: list[dict[str, str]] = field(default_factory=list)
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
        if any(part.startswith(".") for part in relative.parts):
            continue
        # a link that loops or leads nowhere is listed, so that the build reports it as skipped
        if not (path.is_file() or (path.is_symlink() and not path.is_dir())):
            continue
        if path.suffix.lower() in PARSERS:
            files.append(path)
    return files


def source_name(path: Path, folder: Path) -> str:
    """The name of a corpus file in the index: its path relative to the corpus folder, with `/`.

    Bytes of a file name that are not UTF-8 are shown as ``\\xff`` escapes.
    """
    name = path.relative_to(folder).as_posix()
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _valid_name(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder).as_posix().encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of each readable corpus file by relative path: cheap enough to run at every start."""
    folder = Path(folder)
    hashes = {}
    for path in corpus_files(folder):
        try:
            with open(path, "rb") as handle:
                hashes[source_name(path, folder)] = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            continue  # the build lists it as skipped, without a hash
    return hashes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Document:
    """Parse the bytes of one file as a document, or raise `UnreadableFileError` with the reason."""
    if len(data) > max_bytes:
        raise UnreadableFileError(f"file is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data.strip():
        raise UnreadableFileError("empty file")
    suffix = Path(source).suffix.lower()
    parser = PARSERS.get(suffix)
    if parser is None:
        raise UnreadableFileError(f"unsupported file type {suffix!r}")
    document = parser(data, source)
    if not document.blocks:
        raise UnreadableFileError("no text found")
    return document


def read_corpus(
    folder: Path,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    reuse: Callable[[str, str], bool] | None = None,
    skipped_before: Mapping[str, Mapping[str, str]] | None = None,
    files: Sequence[Path] | None = None,
) -> CorpusFiles:
    """Read every supported file of `folder`, or only `files` (paths inside it, from `corpus_files`).

    `reuse(source, sha256)` may say that a file is known from an earlier build: it is then hashed but not
    parsed again. `skipped_before` holds the ``{"path", "reason", "sha256"}`` entries of files an earlier
    build skipped: a file whose bytes have not changed is skipped again for the same reason, unparsed.
    """
    skipped_before = skipped_before or {}
    folder = Path(folder)
    found = CorpusFiles()
    for path in corpus_files(folder) if files is None else files:
        source = source_name(path, folder)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                with open(path, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
                found.hashes[source] = digest
                reason = f"file is {size:,} bytes, over the limit of {max_bytes:,}"
                found.skipped.append({"path": source, "reason": reason, "sha256": digest})
                log.info("skipped %s: %s", source, reason)
                continue
            data = path.read_bytes()
        except OSError as exc:
            found.skipped.append({"path": source, "reason": f"cannot read file: {exc.strerror or exc}"})
            continue
        digest = found.hashes[source] = _sha256(data)
        found.sizes[source] = len(data)
        before = skipped_before.get(source)
        if before is not None and before.get("sha256") == digest and before.get("reason"):
            found.skipped.append({"path": source, "reason": before["reason"], "sha256": digest})
            continue
        if not _valid_name(path, folder):
            # a name that is not UTF-8 cannot be cited, stored in the manifest or given to a passage id
            reason = "the file name is not valid UTF-8; rename the file to index it"
            found.skipped.append({"path": source, "reason": reason, "sha256": digest})
            log.info("skipped %s: %s", source, reason)
            continue
        if reuse is not None and reuse(source, digest):
            found.reused.add(source)
            found.order.append(source)
            continue
        try:
            document = parse_file(data, source, max_bytes)
        except UnreadableFileError as exc:
            found.skipped.append({"path": source, "reason": str(exc), "sha256": digest})
            log.info("skipped %s: %s", source, exc)
            continue
        except Exception as exc:  # a parser library failing on a malformed file must not stop the build
            reason = f"could not be parsed ({exc.__class__.__name__}: {exc})"
            found.skipped.append({"path": source, "reason": reason, "sha256": digest})
            log.info("skipped %s: %s", source, reason)
            continue
        for warning in document.warnings:
            log.info("%s: %s", source, warning)
            found.warnings.append({"path": source, "reason": warning})
        found.documents[source] = document
        found.order.append(source)
    return found
