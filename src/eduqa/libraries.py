"""Optional format libraries, imported only when a file of their type is read.

A missing library only affects the files of its type: they are skipped with a reason that names the
package to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import UnreadableFileError


def require(module: str, package: str, kind: str) -> ModuleType:
    """Import a format library, or explain which package reading `kind` needs."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise UnreadableFileError(
            f"reading {kind} needs the {package} package: pip install {package} (or pip install 'eduqa[formats]')"
        ) from exc
