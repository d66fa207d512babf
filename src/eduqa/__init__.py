"""eduqa: cited, extractive question answering over education documents.

    import eduqa
    index = eduqa.build_index("corpus", out_dir="index")
    answer = index.answer("Which model addresses non-academic barriers to learning?")
"""

from .builder import BuildReport, build_index, index_status  # noqa: E402
from .errors import (  # noqa: E402
    EduqaError,
    EmptyCorpusError,
    IndexFormatError,
    IndexNotFoundError,
    ModelMismatchError,
    QuestionError,
)
from .index import Index, load_index  # noqa: E402
from .live import LiveIndex  # noqa: E402
from .passages import Citation, Passage  # noqa: E402
from .results import Answer, AnswerPart, Hit  # noqa: E402
from .version import __version__

__all__ = [
    "Answer",
    "AnswerPart",
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
    "__version__",
]
