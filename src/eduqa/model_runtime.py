"""How models run on this machine: quiet library logs, and one thread for small inputs.

Shared by the torch and ONNX Runtime embedders.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

#: Inputs of at most this many texts (a question) run on one thread: there is too little work to share, and on
#: a busy machine waiting for a second thread costs more than it saves (measured: ~12 ms vs 40-150 ms a query).
SMALL_INPUT = 4

def quiet_transformers() -> None:
    """Keep library chatter (weight-loading bars, info logs) out of the user's terminal."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
    except ImportError:
        pass


@contextlib.contextmanager
def threads_for(count: int) -> Iterator[None]:
    """Run torch on one thread for a small input (see `SMALL_INPUT`), on its usual threads otherwise."""
    if count > SMALL_INPUT:
        yield
        return
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
