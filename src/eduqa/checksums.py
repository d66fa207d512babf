"""Sizes and checksums of an index's files, as Lucene keeps for its segment files.

A build records, in the manifest's ``files`` entry, the size and CRC-32 of every file it wrote (all but
``manifest.json`` itself), and the CRC-32 of the manifest's own contents under ``manifest_crc32``. Loading
compares every size and the checksums of files up to a limit, so that a truncated, emptied or garbled file is
refused before it is read; ``eduqa check`` compares every checksum.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ALGORITHM = "crc32"

#: The manifest's entry that holds the checksum of the rest of the manifest.
MANIFEST_KEY = "manifest_crc32"

#: Files up to this size have their checksum compared at every load; larger ones by `eduqa check` only.
CHECK_AT_LOAD_BYTES = 64 * 1024 * 1024

_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Damage:
    """A file of an index that does not match what its build wrote."""

    file: str
    reason: str
    missing: bool = False


def checksum(path: Path) -> str:
    """The CRC-32 of a file's bytes, as 8 hexadecimal digits."""
    value = 0
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            value = zlib.crc32(block, value)
    return f"{value:08x}"


def describe_files(folder: Path, leave_out: str) -> dict[str, dict[str, Any]]:
    """Size and checksum of every file under `folder` but `leave_out`, by path relative to it."""
    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name != leave_out:
            files[name] = {"bytes": path.stat().st_size, ALGORITHM: checksum(path)}
    return files


def manifest_checksum(manifest: dict[str, Any]) -> str:
    """The CRC-32 of a manifest's contents (all but its own checksum), independent of key order and layout."""
    rest = {key: value for key, value in manifest.items() if key != MANIFEST_KEY}
    canonical = json.dumps(rest, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    return f"{zlib.crc32(canonical.encode('utf-8', 'surrogatepass')):08x}"


def manifest_matches(manifest: dict[str, Any], recorded: str) -> bool:
    """Whether a manifest's contents have the checksum `recorded` (see `manifest_checksum`).

    orjson writes the same canonical form as `json` for almost every manifest, several times faster (a
    manifest lists every document: a large library's takes seconds with `json`). Where its form differs (a
    NaN, an integer beyond 64 bits), `manifest_checksum` decides.
    """
    try:
        import orjson

        rest = {key: value for key, value in manifest.items() if key != MANIFEST_KEY}
        if f"{zlib.crc32(orjson.dumps(rest, option=orjson.OPT_SORT_KEYS)):08x}" == recorded:
            return True
    except (ImportError, TypeError):  # orjson's JSONEncodeError is a TypeError
        pass
    return manifest_checksum(manifest) == recorded


def seal(manifest: dict[str, Any]) -> None:
    """Record the manifest's checksum in it, as read back from JSON (so a reader computes the same)."""
    manifest.pop(MANIFEST_KEY, None)
    manifest[MANIFEST_KEY] = manifest_checksum(json.loads(json.dumps(manifest)))


def check_files_entry(files: Any) -> str | None:
    """What is wrong with a manifest's ``files`` entry, or None when it is well formed."""
    if not isinstance(files, dict):
        return "is not an object"
    for name, entry in files.items():
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("bytes"), int)
            or not isinstance(entry.get(ALGORITHM), str)
            or Path(name).is_absolute()
            or ".." in Path(name).parts
        ):
            return f"has a malformed entry for {name!r}"
    return None


def find_damage(
    folder: Path,
    files: Mapping[str, Mapping[str, Any]],
    *,
    checksums_up_to: int | None = None,
    sizes_only: Collection[str] = (),
) -> list[Damage]:
    """The files of `folder` that do not match their record: missing, of another size, or (for files up to
    `checksums_up_to` bytes, all when None, but those in `sizes_only`) with another checksum."""
    damage = []
    for name, entry in files.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            damage.append(Damage(name, "missing", missing=True))
            continue
        except OSError as exc:
            damage.append(Damage(name, f"cannot be read ({exc.strerror or exc})"))
            continue
        if size != entry["bytes"]:
            damage.append(Damage(name, f"it is {size:,} bytes, but its build wrote {entry['bytes']:,}"))
            continue
        if (checksums_up_to is not None and size > checksums_up_to) or name in sizes_only:
            continue
        try:
            found = checksum(path)
        except OSError as exc:
            damage.append(Damage(name, f"cannot be read ({exc.strerror or exc})"))
            continue
        if found != entry[ALGORITHM]:
            recorded = entry[ALGORITHM]
            reason = f"its bytes changed since its build wrote it (CRC-32 {found}, recorded {recorded})"
            damage.append(Damage(name, reason))
    return damage
