"""Reliability: damaged index files, hostile corpus files and killed builds (issue-style trials, one by one)."""

from __future__ import annotations

import dataclasses

import pytest

import eduqa
from eduqa import storage


def test_read_index_returns_one_frozen_record_of_the_parts(hash_index, tmp_path):
    parts = storage.read_index(tmp_path / "index")
    assert isinstance(parts, storage.IndexParts)
    assert parts.manifest["passages"] == len(parts.passages) == parts.dense.size == len(hash_index)
    assert parts.tokens is None or len(parts.tokens.codes) >= 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        parts.passages = []  # type: ignore[misc]
    assert eduqa.load_index(tmp_path / "index", embedder=hash_index.embedder).passages == parts.passages
