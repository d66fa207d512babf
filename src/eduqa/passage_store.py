"""The passages of an index on disk: one Arrow IPC file, memory-mapped and read lazily.

``passages.arrow`` holds one column per citation field (``id``, ``text``, ``doc_id``, ``title``, ``source``,
``section``, ``url``, ``page``, ``start``, ``end``, ``lead_in``), row `i` being passage `i` (the row of its
vector), in record batches of `BATCH_ROWS`. A last column, ``rows_by_id``, lists the rows in the order of their
ids, so that a passage is found by id with a binary search. Opening the file maps it into memory and reads
only its schema and batch offsets; a passage is turned into a `Passage` only when it is asked for, so loading
an index takes the same time at a thousand passages as at a million. ``eduqa show`` prints it as text or
JSON lines. Any Arrow reader opens it too (``pyarrow.ipc.open_file``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from .errors import IndexFormatError, IndexNotFoundError
from .passages import Passage

STORE_FILE = "passages.arrow"
#: Rows a record batch holds: small enough to write a large index in slices, large enough to be few.
BATCH_ROWS = 65_536
#: Bytes one string field of a batch may hold: Arrow addresses them with 32-bit offsets.
FIELD_BYTES = int(np.iinfo(np.int32).max)
_ORDER = "rows_by_id"
_FIELDS = tuple(Passage.__dataclass_fields__)


def _schema():
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()),
        ("text", pa.string()),
        ("doc_id", pa.string()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("section", pa.string()),
        ("url", pa.string()),
        ("page", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("lead_in", pa.string()),
        (_ORDER, pa.int64()),
    ])


def write_store(passages: Sequence[Passage], path: Path) -> None:
    """Write `passages` to an Arrow IPC file at `path`, in record batches.

    Columns are made from their buffers (`_column`): pyarrow's conversion of Python values imports pandas,
    which would add ~50 MB to every build.
    """
    import pyarrow as pa

    schema = _schema()
    # sorted as the reader's binary search compares them (code points, which is also UTF-8's byte order)
    order = np.array(sorted(range(len(passages)), key=lambda row: passages[row].id), dtype=np.int64)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for first in range(0, max(len(passages), 1), BATCH_ROWS):
            chunk = passages[first:first + BATCH_ROWS]
            columns = [_column([getattr(p, name) for p in chunk], schema.field(name).type) for name in _FIELDS]
            columns.append(_column(order[first:first + BATCH_ROWS].tolist(), pa.int64()))
            writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=schema))


def _column(values: list[Any], kind: Any) -> Any:
    """An Arrow array of strings or integers (None is null), built from its validity, offsets and data buffers."""
    import pyarrow as pa

    present = np.array([value is not None for value in values], dtype=bool)
    validity = None if present.all() else pa.py_buffer(np.packbits(present, bitorder="little"))
    if pa.types.is_string(kind):
        encoded = [value.encode("utf-8") if value is not None else b"" for value in values]
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum([len(data) for data in encoded], out=offsets[1:])
        if offsets[-1] > FIELD_BYTES:
            raise ValueError(f"{len(values)} passages hold {int(offsets[-1]):,} bytes of one field, more than the "
                             f"{FIELD_BYTES:,} an Arrow batch can address; write fewer at once")
        buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))]
    else:
        numbers = np.array([value if value is not None else 0 for value in values], dtype=np.dtype(str(kind)))
        buffers = [validity, pa.py_buffer(numbers)]
    return pa.Array.from_buffers(kind, len(values), buffers)


class PassageStore(Sequence[Passage]):
    """The passages of an index, by position: from a memory-mapped Arrow file, or from a list in memory."""

    def __init__(self, batches: Sequence[Any] = (), passages: Sequence[Passage] | None = None) -> None:
        self._batches = list(batches)
        self._list = list(passages) if passages is not None else None
        self._ends = np.cumsum([b.num_rows for b in self._batches]).tolist()
        self._size = len(self._list) if self._list is not None else (self._ends[-1] if self._ends else 0)
        self._ids: dict[str, int] | None = None
        self._order: np.ndarray | None = None

    @classmethod
    def of(cls, passages: Sequence[Passage]) -> PassageStore:
        """A store of passages held in memory (an index built and not read back)."""
        return passages if isinstance(passages, PassageStore) else cls(passages=passages)

    @classmethod
    def open(cls, path: Path) -> PassageStore:
        """Map the file at `path`; nothing but its layout is read."""
        import pyarrow as pa

        path = Path(path)
        hint = "rebuild with `eduqa build --full`"
        try:
            reader = pa.ipc.open_file(pa.memory_map(str(path), "r"))
            batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        except FileNotFoundError as exc:
            raise IndexNotFoundError(f"{path} is missing; {hint}") from exc
        except (pa.ArrowInvalid, OSError) as exc:
            raise IndexFormatError(f"{path} is unreadable ({exc}); {hint}") from exc
        if not reader.schema.equals(_schema()):
            raise IndexFormatError(f"{path} does not hold the passage columns this eduqa reads; {hint}")
        return cls(batches)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, position: int) -> Passage: ...

    @overload
    def __getitem__(self, position: slice) -> list[Passage]: ...

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(self._size))]
        if self._list is not None:
            return self._list[position]
        position = int(position)
        if position < 0:
            position += self._size
        if not 0 <= position < self._size:
            raise IndexError(f"passage position {position} is out of range (0 to {self._size - 1})")
        batch, row = self._locate(position)
        return _passage(batch.slice(row, 1).to_pylist()[0])

    def __iter__(self) -> Iterator[Passage]:
        if self._list is not None:
            yield from self._list
            return
        for batch in self._batches:
            yield from (_passage(row) for row in batch.to_pylist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PassageStore({self._size} passages)"

    def _locate(self, position: int) -> tuple[Any, int]:
        number = bisect.bisect_right(self._ends, position)
        return self._batches[number], position - (self._ends[number - 1] if number else 0)

    def _value(self, column: str, position: int) -> Any:
        batch, row = self._locate(position)
        return batch.column(column)[row].as_py()

    def position(self, passage_id: str) -> int | None:
        """The position of the passage with id `passage_id`, or None (a binary search over the ids)."""
        if self._list is not None:
            if self._ids is None or len(self._ids) != len(self._list):
                self._ids = {p.id: i for i, p in enumerate(self._list)}
            return self._ids.get(passage_id)
        if self._order is None:
            self._order = np.concatenate([b.column(_ORDER).to_numpy() for b in self._batches]) if self._batches \
                else np.zeros(0, dtype=np.int64)
        low, high = 0, self._size
        while low < high:
            middle = (low + high) // 2
            if self._value("id", int(self._order[middle])) < passage_id:
                low = middle + 1
            else:
                high = middle
        if low < self._size and self._value("id", int(self._order[low])) == passage_id:
            return int(self._order[low])
        return None

    def get(self, passage_id: str) -> Passage | None:
        """The passage with id `passage_id`, or None."""
        position = self.position(passage_id)
        return None if position is None else self[position]

    def column(self, name: str) -> list[Any]:
        """One citation field of every passage, in order."""
        if name not in _FIELDS:
            raise KeyError(f"passages have no field {name!r}")
        if self._list is not None:
            return [getattr(p, name) for p in self._list]
        return [value for batch in self._batches for value in batch.column(name).to_pylist()]

    def in_documents(self, documents: Iterable[str]) -> np.ndarray:
        """Whether each passage belongs to one of `documents` (document ids), as a boolean array."""
        wanted = set(documents)
        if self._list is not None:
            return np.array([p.doc_id in wanted for p in self._list], dtype=bool)
        import pyarrow as pa
        import pyarrow.compute as pc

        values = pa.array(sorted(wanted), type=pa.string())
        parts = [pc.is_in(b.column("doc_id"), value_set=values).to_numpy(zero_copy_only=False) for b in self._batches]
        return np.concatenate(parts).astype(bool) if parts else np.zeros(0, dtype=bool)

    def documents(self) -> dict[str, str]:
        """Document id -> title, in index order."""
        return dict(zip(self.column("doc_id"), self.column("title")))


def _passage(row: dict[str, Any]) -> Passage:
    row.pop(_ORDER, None)
    return Passage(**row)
