"""Exceptions raised by eduqa. Each message is written for the person who will read it."""

from __future__ import annotations


class EduqaError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class SettingsError(EduqaError, ValueError):
    """A setting has a value eduqa cannot use."""


class EmptyCorpusError(EduqaError):
    """Nothing could be indexed."""


class IndexNotFoundError(EduqaError, FileNotFoundError):
    """The index folder or one of its files is missing."""


class IndexFormatError(EduqaError):
    """The index exists but cannot be read by this version of eduqa."""


class IndexDamagedError(IndexFormatError):
    """A file of the index does not match the size or checksum its build recorded."""


class ModelMismatchError(EduqaError):
    """The index was built with a different embedding model than the one requested."""


class EmbedderError(EduqaError):
    """The embedding model could not be loaded."""


class QuestionError(EduqaError, ValueError):
    """The question is empty or unusable."""


class UnreadableFileError(EduqaError):
    """A corpus file that cannot be indexed; the message is the reason, and the build goes on without it."""


class BuildLockedError(EduqaError):
    """Another build is writing the same index folder."""


class IndexWriteError(EduqaError):
    """The index could not be written (no space, no permission); the index that was there is unchanged."""
