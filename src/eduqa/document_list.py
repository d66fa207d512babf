"""The documents an index was built from, and the files it skipped: ``documents.jsonl``, read only when needed.

One JSON object a line, documents first, in the order of their passages, then skipped files::

    {"path": "unit-1.md", "document": {"sha256": "…", "bytes": 5120, "title": "Unit 1", "passages": 12}}
    {"path": "scan.pdf", "skipped": {"reason": "no text layer", "sha256": "…"}}

A library can hold a million documents, so the list is kept out of ``manifest.json`` (which records how many
there are) and loading an index does not read it: the file is mapped into memory and parsed the first time
something asks for it (a build that updates the index, ``eduqa show``, ``eduqa check``, the chat's list of
documents). Its size is compared at every load and its checksum when it is read.
"""

from __future__ import annotations

import json
import mmap
import threading
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import IndexDamagedError, IndexFormatError, IndexNotFoundError

DOCUMENTS_FILE = "documents.jsonl"

_HINT = "rebuild with `eduqa build --full`"


class DocumentList:
    """The documents (path -> entry) and skipped files (``{"path", "reason", ...}``) an index lists.

    Held in memory (`DocumentList(documents, skipped)`), or read from a mapped ``documents.jsonl`` on first use
    (`DocumentList.mapped`).
    """

    def __init__(
        self,
        documents: Mapping[str, Mapping[str, Any]] | None = None,
        skipped: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        self._documents = {k: dict(v) for k, v in (documents or {}).items()}
        self._skipped = [dict(s) for s in skipped or []]
        self._data: Any = None
        self._path: Path | None = None
        self._record: Mapping[str, Any] = {}
        self._read = True
        self._lock = threading.Lock()  # the chat's requests may ask for the list at the same time

    @classmethod
    def mapped(cls, path: Path, record: Mapping[str, Any], crc32: str | None) -> DocumentList:
        """The list in the file at `path`, mapped now and parsed when first asked for. `record` is the manifest's
        ``document_list`` entry (how many documents and skipped files); `crc32` the checksum its build recorded."""
        listed = cls()
        listed._path = Path(path)
        listed._record = dict(record, crc32=crc32)
        try:
            with open(path, "rb") as handle:
                size = handle.seek(0, 2)
                # the mapping keeps the bytes of this build even if a newer build swaps in another file
                listed._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        except FileNotFoundError as exc:
            raise IndexNotFoundError(f"{path} is missing; {_HINT}") from exc
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"{path} is unreadable ({exc}); {_HINT}") from exc
        listed._read = False
        return listed

    @property
    def loaded(self) -> bool:
        """Whether the list is in memory (a mapped file is parsed on first use)."""
        return self._read

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        """Document path -> its entry (``sha256``, ``bytes``, ``title``, ``passages``, and ``author`` and ``warnings``
        when there are any)."""
        self._load()
        return self._documents

    @property
    def skipped(self) -> list[dict[str, Any]]:
        """The files the build could not index: ``{"path", "reason"}`` and, for files it could read, ``sha256``."""
        self._load()
        return self._skipped

    def lines(self) -> list[bytes]:
        """The list as the lines of ``documents.jsonl``."""
        rows = [{"path": path, "document": entry} for path, entry in self.documents.items()]
        for entry in self.skipped:
            rest = {k: v for k, v in entry.items() if k != "path"}
            rows.append({"path": entry["path"], "skipped": rest})
        return [(json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8") for row in rows]

    def write(self, path: Path) -> None:
        """Write the list to `path` as ``documents.jsonl``."""
        with open(path, "wb") as out:
            out.writelines(self.lines())

    def verify(self) -> None:
        """Compare the mapped file's checksum with the one its build recorded, without parsing it (a tenth of a
        second for a million documents); `IndexDamagedError` when they differ."""
        with self._lock:
            if not self._read:
                self._check()

    def _load(self) -> None:
        if self._read:
            return
        with self._lock:
            if not self._read:
                self._parse()

    def _check(self) -> None:
        recorded = self._record.get("crc32")
        if recorded is not None and (found := f"{zlib.crc32(self._data):08x}") != recorded:
            raise IndexDamagedError(
                f"{self._path} is damaged: its bytes changed since its build wrote it "
                f"(CRC-32 {found}, recorded {recorded}); {_HINT}"
            )

    def _parse(self) -> None:
        assert self._path is not None
        data = self._data
        self._check()
        documents, skipped = parse_lines(data, self._path)
        for label, found in (("documents", len(documents)), ("skipped", len(skipped))):
            if self._record.get(label) is not None and self._record[label] != found:
                raise IndexFormatError(
                    f"{self._path} lists {found} {label} but the manifest says {self._record[label]}; {_HINT}"
                )
        self._documents, self._skipped, self._read = documents, skipped, True
        if isinstance(data, mmap.mmap):
            data.close()
        self._data = None


def parse_lines(data: bytes, where: Path | str) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The documents and skipped files of the bytes of a ``documents.jsonl``; a bad line is named by its number."""
    try:
        import orjson

        loads = orjson.loads
        errors: tuple[type[Exception], ...] = (orjson.JSONDecodeError, ValueError)
    except ImportError:
        loads, errors = json.loads, (ValueError,)
    documents: dict[str, dict[str, Any]] = {}
    skipped: list[dict[str, Any]] = []
    number = 0
    start = 0
    size = len(data)
    while start < size:
        end = data.find(b"\n", start)
        end = size if end < 0 else end
        number += 1
        line = data[start:end]
        start = end + 1
        if not line.strip():
            continue
        try:
            row = loads(line)
        except errors as exc:
            raise IndexFormatError(f"{where} line {number} is unreadable ({exc}); {_HINT}") from exc
        problem = _problem(row)
        if problem:
            raise IndexFormatError(f"{where} line {number} {problem}; {_HINT}")
        if "document" in row:
            if row["path"] in documents:
                raise IndexFormatError(f"{where} line {number} lists {row['path']!r} a second time; {_HINT}")
            documents[row["path"]] = row["document"]
        else:
            skipped.append({"path": row["path"], **row["skipped"]})
    return documents, skipped


def _problem(row: Any) -> str | None:
    """What is wrong with one line's object, or None."""
    if not isinstance(row, dict) or not isinstance(row.get("path"), str):
        return "is not an object with a 'path'"
    kinds = [key for key in ("document", "skipped") if key in row]
    if len(kinds) != 1 or not isinstance(row[kinds[0]], dict):
        return "needs either a 'document' or a 'skipped' object"
    if kinds[0] == "skipped" and not isinstance(row["skipped"].get("reason"), str):
        return "lists a skipped file without a reason"
    return None
