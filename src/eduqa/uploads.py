"""Adding documents to the corpus and removing them, as maintainers do from the chat page.

The checks are pure functions over names and bytes: `safe_name` takes a file name as a browser sends it and
refuses anything that could leave the corpus folder; `content_problem` checks that the bytes are what the
name says (a `.pdf` starts like a PDF, a `.docx` is a Word package, text is text). `CorpusEditor` writes the
accepted files into the corpus folder (never replacing one unless asked), removes documents, and runs the
incremental build; the chat's `LiveIndex` then answers from the new index.
"""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from .corpus import DEFAULT_MAX_FILE_BYTES, PARSERS, text_of
from .errors import EduqaError, UnreadableFileError

if TYPE_CHECKING:
    from .builder import BuildReport

log = logging.getLogger(__name__)

#: File types a maintainer can add: those a build reads.
SUPPORTED_SUFFIXES = tuple(sorted(PARSERS))
MAX_NAME_CHARS = 120
_EXECUTABLE = {b"MZ": "a Windows program", b"\x7fELF": "a Linux program", b"\xcf\xfa\xed\xfe": "a macOS program",
               b"#!": "a script"}
_FORBIDDEN = set('<>:"|?*\\/') | {chr(c) for c in range(32)} | {"\x7f"}


class UploadError(EduqaError):
    """A file that cannot be added to the corpus; the message is the reason."""


def safe_name(name: str) -> str:
    """The name a file is saved under in the corpus folder, or `UploadError` saying why it cannot be.

    A name must be a plain file name (no folder, no ``..``, not hidden) of a supported type. Letters in any
    script are kept; characters that file systems or shells treat specially are refused.
    """
    if not isinstance(name, str) or not name.strip():
        raise UploadError("the file has no name")
    text = unicodedata.normalize("NFC", name.strip())
    if "/" in text or "\\" in text or text in (".", ".."):
        raise UploadError(f"{text!r}: the name must be a file name, without folders")
    if text.startswith("."):
        raise UploadError(f"{text!r}: the name must not start with a dot")
    bad = sorted({c for c in text if c in _FORBIDDEN})
    if bad:
        raise UploadError(f"{text!r}: the name must not contain {' '.join(repr(c) for c in bad)}")
    if len(text) > MAX_NAME_CHARS:
        raise UploadError(f"the name is {len(text)} characters long; the limit is {MAX_NAME_CHARS}")
    suffix = Path(text).suffix.lower()
    if suffix not in PARSERS:
        raise UploadError(
            f"{text!r}: {suffix or 'no'} file type is not supported (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    return text


def content_problem(data: bytes, name: str) -> str | None:
    """Why the bytes of `name` are not a document of its type (None when they are)."""
    suffix = Path(name).suffix.lower()
    for magic, what in _EXECUTABLE.items():
        if data.startswith(magic) and not (magic == b"#!" and suffix in (".md", ".markdown", ".txt")):
            return f"the content is {what}, not a {suffix} document"
    if suffix == ".pdf":
        return None if data[:1024].lstrip().startswith(b"%PDF-") else "the content is not a PDF (no %PDF header)"
    if suffix == ".docx":
        if not data.startswith(b"PK\x03\x04"):
            return "the content is not a Word document (not a .docx package)"
        try:
            with zipfile.ZipFile(BytesIO(data)) as package:
                if "word/document.xml" not in package.namelist():
                    return "the content is not a Word document (no word/document.xml in the package)"
        except zipfile.BadZipFile:
            return "the content is not a Word document (a damaged package)"
        return None
    try:
        text_of(data)
    except UnreadableFileError as exc:
        return f"the content is {exc}"
    return None


@dataclass(frozen=True)
class Upload:
    """One file offered for the corpus: the name it came with and where its bytes are on disk."""

    name: str
    path: Path


@dataclass
class UploadResult:
    """What happened to the files offered, and to the build that followed."""

    saved: list[str] = field(default_factory=list)
    #: ``(name, reason)`` for every file not saved.
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: ``{"path", "reason"}`` for files the build skipped (from its report).
    skipped: list[dict[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    built: bool = False
    error: str | None = None


class CorpusEditor:
    """Adds files to a corpus folder, removes documents, and rebuilds its index incrementally.

    Only one change runs at a time; the chat keeps answering from the index it has until a build swaps the
    new one in. `after_build` is called when the build is done (the chat reloads its index there).
    """

    def __init__(
        self,
        corpus: str | Path,
        index_dir: str | Path,
        *,
        model: str | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        after_build: Callable[[], object] | None = None,
        build: Callable[..., object] | None = None,
    ) -> None:
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir)
        self.model = model
        self.max_file_bytes = max_file_bytes
        self.after_build = after_build
        self._build = build
        self._lock = threading.Lock()

    # --- checks --------------------------------------------------------------------------------------

    def target(self, name: str) -> Path:
        """Where `name` goes in the corpus folder; `UploadError` when it would not be inside it."""
        path = (self.corpus / safe_name(name)).resolve()
        if path.parent != self.corpus.resolve():
            raise UploadError(f"{name!r}: the file would be saved outside the corpus folder")
        return path

    def check(self, upload: Upload, replace: bool = False) -> Path:
        """The path `upload` would be saved to, after every check; `UploadError` with the reason otherwise."""
        path = self.target(upload.name)
        size = upload.path.stat().st_size
        if size > self.max_file_bytes:
            raise UploadError(f"{path.name}: the file is {size:,} bytes, over the limit of {self.max_file_bytes:,}")
        if size == 0:
            raise UploadError(f"{path.name}: the file is empty")
        if path.exists() and not replace:
            raise UploadError(f"{path.name}: a document with this name is already in the corpus (tick “replace” "
                              "to replace it)")
        problem = content_problem(upload.path.read_bytes(), path.name)
        if problem:
            raise UploadError(f"{path.name}: {problem}")
        return path

    # --- changes -------------------------------------------------------------------------------------

    def add(self, uploads: Iterable[Upload], replace: bool = False, progress: bool = False) -> UploadResult:
        """Save the files that pass the checks into the corpus folder, then rebuild when any was saved."""
        result = UploadResult()
        with self._lock:
            for upload in uploads:
                try:
                    path = self.check(upload, replace)
                except UploadError as exc:
                    result.refused.append((upload.name, str(exc)))
                    continue
                except OSError as exc:
                    result.refused.append((upload.name, f"cannot read the upload: {exc.strerror or exc}"))
                    continue
                self._write(upload.path, path)
                result.saved.append(path.name)
                log.info("added %s to the corpus", path.name)
            if result.saved:
                self._rebuild(result, progress)
        return result

    def remove(self, sources: Sequence[str], progress: bool = False) -> UploadResult:
        """Delete documents (relative paths in the corpus folder) and rebuild."""
        result = UploadResult()
        root = self.corpus.resolve()
        with self._lock:
            for source in sources:
                path = (self.corpus / source).resolve()
                if root not in path.parents or not path.is_file():
                    result.refused.append((source, "not a document of the corpus folder"))
                    continue
                path.unlink()
                result.removed.append(source)
                log.info("removed %s from the corpus", source)
            if result.removed:
                self._rebuild(result, progress)
        return result

    def rebuild(self, progress: bool = False) -> UploadResult:
        """Bring the index up to date with the corpus folder as it is."""
        result = UploadResult()
        with self._lock:
            self._rebuild(result, progress)
        return result

    def _write(self, source: Path, path: Path) -> None:
        # Written under a hidden name first (builds ignore hidden files), then renamed into place at once.
        partial = path.with_name(f".upload-{uuid.uuid4().hex}")
        try:
            with open(source, "rb") as src, open(partial, "xb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    def _rebuild(self, result: UploadResult, progress: bool) -> None:
        build = self._build
        if build is None:
            from .builder import build_index as build
        try:
            index = build(self.corpus, self.index_dir, model=self.model, max_file_bytes=self.max_file_bytes,
                          progress=progress)
        except EduqaError as exc:
            result.error = str(exc)
            log.warning("the index could not be rebuilt: %s", exc)
            return
        report: BuildReport | None = getattr(index, "report", None)
        result.skipped = [{"path": s["path"], "reason": s["reason"]} for s in (report.skipped if report else [])]
        result.built = True
        if self.after_build is not None:
            self.after_build()
