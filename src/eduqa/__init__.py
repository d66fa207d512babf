"""eduqa: cited, extractive question answering over education documents.

    import eduqa
    index = eduqa.build_index("corpus", out_dir="index")
    answer = index.answer("Which model addresses non-academic barriers to learning?")
"""

__version__ = "0.1.0"

from .answer import Answer  # noqa: E402
from .builder import BuildReport, build_index, index_status  # noqa: E402
from .errors import (  # noqa: E402
    EduqaError,
    EmptyCorpusError,
    IndexFormatError,
    IndexNotFoundError,
    ModelMismatchError,
    QuestionError,
)
from .index import Hit, Index, load_index  # noqa: E402
from .live import LiveIndex  # noqa: E402
from .passages import Citation, Passage  # noqa: E402

__all__ = [
    "Answer",
    "BuildReport",
    "Citation",
    "EduqaError",
    "EmptyCorpusError",
    "Hit",
    "Index",
    "IndexFormatError",
    "IndexNotFoundError",
    "LiveIndex",
    "ModelMismatchError",
    "Passage",
    "QuestionError",
    "build_index",
    "index_status",
    "load_index",
]
