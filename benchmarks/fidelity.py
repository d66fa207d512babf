"""How much of each PDF and Word file's text reaches the index.

    python benchmarks/fidelity.py FOLDER            # a table per file and a summary
    python benchmarks/fidelity.py --generate FOLDER # first write the generated test documents into FOLDER

For each .pdf and .docx file under FOLDER, the reference is the set of distinct words of its text: from
pdftotext when it is installed (else pypdf) for a PDF, and from the text elements of a Word file's document,
footnotes and endnotes XML. A word reaches the index when it is in a passage, its section path or its
document's title. A file skipped although its reference holds words is a false skip.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eduqa.corpus import parse_file  # noqa: E402
from eduqa.errors import UnreadableFileError  # noqa: E402
from eduqa.passages import split_document  # noqa: E402
from eduqa.zip_members import open_zip, read_member  # noqa: E402

#: A file whose reference has fewer distinct words than this holds no text worth counting.
MIN_WORDS = 3
LOW = 0.97


def words(text: str) -> set[str]:
    """Distinct words of two or more characters with a letter, NFKC and case folded."""
    text = unicodedata.normalize("NFKC", text)
    return {w.casefold() for w in re.findall(r"\w+", text) if len(w) > 1 and re.search(r"[^\W\d_]", w)}


def pdf_reference(path: Path) -> tuple[str, str]:
    """The text of a PDF by an independent extractor, and the extractor's name."""
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120, check=False
        )
        return result.stdout.decode("utf-8", "replace"), "pdftotext"
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        return "\n".join(page.extract_text() or "" for page in reader.pages), "pypdf"
    except Exception:
        return "", "pypdf"


def docx_reference(path: Path) -> str:
    """The text of a Word file's XML: the w:t elements of each paragraph of its document, footnotes and endnotes."""
    try:
        archive = open_zip(path.read_bytes(), "Word file")
        paragraphs = []
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            xml = read_member(archive, part)
            for paragraph in re.split(rb"</w:p>", xml or b""):
                pieces = re.findall(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:(?:tab|br|cr)\b", paragraph)
                text = b"".join(piece or b" " for piece in pieces)  # a tab or line break separates words
                paragraphs.append(html.unescape(text.decode("utf-8", "replace")))
        return "\n".join(paragraphs)
    except (UnreadableFileError, OSError):
        return ""


@dataclass(frozen=True)
class FileResult:
    path: str
    reference_words: int
    reached: float
    skipped: str = ""
    missing: tuple[str, ...] = ()

    @property
    def false_skip(self) -> bool:
        return bool(self.skipped) and self.reference_words >= MIN_WORDS


def measure(path: Path, folder: Path) -> FileResult | None:
    source = path.relative_to(folder).as_posix()
    reference = words(pdf_reference(path)[0] if path.suffix.lower() == ".pdf" else docx_reference(path))
    if len(reference) < MIN_WORDS:
        return None  # nothing to measure against (a scan, a password, an empty file)
    try:
        document = parse_file(path.read_bytes(), source)
    except UnreadableFileError as exc:
        return FileResult(source, len(reference), 0.0, skipped=str(exc))
    except Exception as exc:
        return FileResult(source, len(reference), 0.0, skipped=f"{exc.__class__.__name__}: {exc}")
    passages = split_document(document)
    found = words(" ".join([document.title] + [f"{p.text} {p.section}" for p in passages]))
    missing = sorted(reference - found)
    return FileResult(source, len(reference), 1 - len(missing) / len(reference), missing=tuple(missing[:20]))


def summarize(results: list[FileResult], files: int) -> dict:
    shares = [r.reached for r in results]
    return {
        "files": files,
        "measured": len(results),
        "without_reference_text": files - len(results),
        "mean_reached": round(statistics.fmean(shares), 4) if shares else None,
        "median_reached": round(statistics.median(shares), 4) if shares else None,
        "below_97": sum(1 for s in shares if s < LOW),
        "false_skips": sum(1 for r in results if r.false_skip),
        "skipped": sum(1 for r in results if r.skipped),
    }


def generate(folder: Path) -> None:
    """Write the PDF and Word documents the tests generate: tables, cover pages, footers, notes, changes."""
    sys.path.insert(0, str(ROOT / "tests"))
    from samples import make_docx, make_docx_xml, make_pdf, make_styled_pdf, word_paragraph, word_table

    folder.mkdir(parents=True, exist_ok=True)
    table = [("body", "Country Indonesia Germany Austria France"),
             ("body", "Capital Jakarta Berlin Vienna Paris Vatican City")]
    body = "Pupils compared the capitals of the countries they visited on their exchange trips this spring."
    pdfs = {
        "cover-and-table.pdf": make_styled_pdf([
            [("title", "Annual Report"), ("body", "Springfield School District"), ("body", "2012-09-01")],
            [("h1", "Capitals of Europe"), ("body", body)] + table + [("h2", "Notes"), ("body", "Vatican smallest.")],
        ]),
        "footer-second-line.pdf": make_styled_pdf(
            [[("h1", t.title()), ("body", f"Coaches model {t} lessons for teachers.")]
             for t in ["phonics", "fluency", "vocabulary", "grammar"]],
            footer="Springfield District handbook page #",
        ),
        "outline.pdf": make_styled_pdf(
            [[("h1", "Marking"), ("body", "Work is marked within a week."), ("h2", "Feedback"),
              ("body", "Each piece of marked work gets one written comment.")]], outline=True,
        ),
        "ligatures-bullets.pdf": make_pdf(
            [["Misfits", "", "Some pupils feel like mis\x01ts at first; e\x02ective mentors help.",
              "\x03 Bring a pencil", "\x03 Bring a ruler"]],
            to_unicode={1: "\ufb01", 2: "\ufb00", 3: "\uf0b7"},
        ),
        "one-line.pdf": make_pdf([["Welcome Back Everyone"]]),
        "short-lines.pdf": make_pdf([["Timetable", "Monday Maths English", "Tuesday Science Art",
                                      "Wednesday History Music"]]),
    }
    notes = word_paragraph("Reading logs help.") + (
        '<w:p><w:r><w:t>Visits matter.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    )
    docs = {
        "handbook.docx": make_docx(title="Tutoring Handbook"),
        "attendance.docx": make_docx_xml(word_table([["Name", "Mon", "Tue", "Wed"], ["Ada", "0", "0", "1"]])),
        "tracked.docx": make_docx_xml(
            '<w:p><w:r><w:t xml:space="preserve">two </w:t></w:r><w:ins w:id="1" w:author="A"><w:r>'
            '<w:t xml:space="preserve">exciting </w:t></w:r></w:ins><w:r><w:t>insertions</w:t></w:r></w:p>'
        ),
        "notes.docx": make_docx_xml(notes, footnotes=[word_paragraph("Studied in the district survey.")],
                                    endnotes=[word_paragraph("Endnote about sources.")]),
        "controls-boxes.docx": make_docx_xml(
            '<w:sdt><w:sdtContent>' + word_paragraph("Teacher Rivera") + "</w:sdtContent></w:sdt>"
            "<w:p><w:r><w:pict><w:txbxContent>" + word_paragraph("Sign the register daily.")
            + "</w:txbxContent></w:pict></w:r></w:p>"
            + "<w:tbl><w:tr><w:tc>" + word_paragraph("Outer") + word_table([["Inner", "Nested cell"]])
            + "</w:tc></w:tr></w:tbl>"
        ),
    }
    for name, data in {**pdfs, **docs}.items():
        (folder / name).write_bytes(data)


def run(folder: Path) -> tuple[list[FileResult], dict]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".docx"))
    results = [r for r in (measure(p, folder) for p in paths) if r is not None]
    return results, summarize(results, len(paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--generate", action="store_true", help="write the generated test documents first")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.generate:
        generate(args.folder)
    results, summary = run(args.folder)
    summary["reference"] = "pdftotext" if shutil.which("pdftotext") else "pypdf"
    if args.json:
        print(json.dumps({"summary": summary, "files": [asdict(r) for r in results]}, indent=1))
        return
    print("| file | words | reached | skipped |")
    print("|---|---:|---:|---|")
    for r in results:
        print(f"| {r.path} | {r.reference_words} | {r.reached:.1%} | {r.skipped} |")
    print()
    for key, value in summary.items():
        print(f"{key}: {value}")
    low = [r for r in results if r.reached < LOW and not r.skipped]
    for r in low:
        print(f"below 97%: {r.path} ({r.reached:.1%}) missing e.g. {', '.join(r.missing[:8])}")


if __name__ == "__main__":
    main()
