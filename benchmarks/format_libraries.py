"""Which library reads PDF and Word text most fully: the comparison behind eduqa's choice of readers.

    python benchmarks/format_libraries.py FOLDER

For every .pdf under FOLDER, the share of its distinct words (as `fidelity.py` counts them, against pdftotext
or pypdf) that pypdf, pypdfium2 and pdfplumber extract, and their time. For every .docx, the same for
python-docx (paragraphs and cells), docx2python, mammoth and eduqa's own reader, against the document XML.
Libraries that are not installed are left out. eduqa itself needs none but pypdf.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import logging
import signal
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity import docx_reference, pdf_reference, words  # noqa: E402

from eduqa.word import read_docx  # noqa: E402

TIMEOUT = 60


def _pypdf(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _pdfium(data: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    texts = []
    for page in document:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return "\n".join(texts)


def _pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _python_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _docx2python(data: bytes) -> str:
    import docx2python

    with docx2python.docx2python(io.BytesIO(data)) as result:
        return result.text


def _mammoth(data: bytes) -> str:
    import mammoth

    return mammoth.extract_raw_text(io.BytesIO(data)).value


def _eduqa_word(data: bytes) -> str:
    return read_docx(data, "document.docx").text


PDF = {"pypdf": ("pypdf", _pypdf), "pypdfium2": ("pypdfium2", _pdfium), "pdfplumber": ("pdfplumber", _pdfplumber)}
WORD = {
    "python-docx": ("docx", _python_docx),
    "docx2python": ("docx2python", _docx2python),
    "mammoth": ("mammoth", _mammoth),
    "eduqa": ("lxml", _eduqa_word),
}


class _Timeout(Exception):
    pass


def _alarm(*_: object) -> None:
    raise _Timeout


def compare(
    paths: list[Path], reference: Callable[[Path], str], libraries: dict
) -> list[tuple[str, int, float, float]]:
    """(library, files, mean share of words reached, seconds) for each installed library."""
    installed = {name: read for name, (module, read) in libraries.items() if importlib.util.find_spec(module)}
    shares: dict[str, list[float]] = {name: [] for name in installed}
    seconds = dict.fromkeys(installed, 0.0)
    signal.signal(signal.SIGALRM, _alarm)
    for path in paths:
        expected = words(reference(path))
        if len(expected) < 3:
            continue
        data = path.read_bytes()
        for name, read in installed.items():
            start = time.perf_counter()
            signal.alarm(TIMEOUT)
            try:
                found = words(read(data))
            except Exception:  # a library failing on a file reaches none of its words
                found = set()
            finally:
                signal.alarm(0)
            seconds[name] += time.perf_counter() - start
            shares[name].append(len(expected & found) / len(expected))
    return [(name, len(s), statistics.fmean(s) if s else 0.0, seconds[name]) for name, s in shares.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    files = sorted(p for p in args.folder.rglob("*") if p.is_file())
    pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
    docs = [p for p in files if p.suffix.lower() == ".docx"]
    print("| format | library | files | words reached (mean) | seconds |")
    print("|---|---|---:|---:|---:|")
    for kind, rows in (
        ("PDF", compare(pdfs, lambda p: pdf_reference(p)[0], PDF)),
        ("Word", compare(docs, docx_reference, WORD)),
    ):
        for name, count, share, seconds in rows:
            print(f"| {kind} | {name} | {count} | {share:.1%} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
