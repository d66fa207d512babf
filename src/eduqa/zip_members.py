"""Reading members of zip-based files (Word .docx) within a limit on their unpacked size.

A zip bomb is a small file whose members unpack to gigabytes. The size a zip declares for a member can lie,
so a member is read in slices and reading stops as soon as the limit is passed, or as soon as it has unpacked
to a hundred times its packed size: memory never holds more than the limit, and the file is skipped with a
reason.
"""

from __future__ import annotations

import io
import zipfile

from .errors import UnreadableFileError

#: The largest unpacked size of one member that is read. The text of a 1,000-page Word document is a few MB.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
#: A member that unpacks to more than this many times its packed size, past `RATIO_FROM` bytes, is a bomb
#: (the XML of real documents packs 3 to 20 times; Apache POI refuses the same ratio).
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024

_SLICE = 1024 * 1024


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip archive in `data`, or `UnreadableFileError` naming `kind` when it is not one."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFileError(f"not a readable {kind} (not a zip archive: {exc})") from exc


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_UNPACKED_BYTES) -> bytes | None:
    """The unpacked bytes of member `name`, None when there is no such member.

    Raises `UnreadableFileError` when the member unpacks to more than `limit` bytes or is damaged.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    too_big = f"{name} unpacks to more than {limit:,} bytes (a zip bomb?); the file was not read"
    if info.file_size > limit:
        raise UnreadableFileError(too_big)
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while True:
                piece = member.read(_SLICE)
                if not piece:
                    break
                size += len(piece)
                if size > limit:  # the declared size lied
                    raise UnreadableFileError(too_big)
                if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                    raise UnreadableFileError(
                        f"{name} unpacks to more than {MAX_RATIO} times its packed size (a zip bomb?); "
                        "the file was not read"
                    )
                parts.append(piece)
    except UnreadableFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise UnreadableFileError(f"{name} is damaged ({exc.__class__.__name__}: {exc})") from exc
    return b"".join(parts)
