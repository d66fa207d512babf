"""The fidelity benchmark: on the documents the tests generate, every word arrives and nothing is skipped."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from fidelity import generate, measure, run, words  # noqa: E402
from samples import make_docx_xml  # noqa: E402


def test_generated_documents_reach_the_index_word_for_word(tmp_path):
    generate(tmp_path)
    results, summary = run(tmp_path)
    assert summary["files"] == len(list(tmp_path.iterdir())) >= 10
    assert summary["measured"] == summary["files"]
    assert summary["false_skips"] == 0 and summary["skipped"] == 0
    assert summary["mean_reached"] >= 0.99
    assert all(r.reached == 1.0 for r in results), [(r.path, r.missing) for r in results if r.reached < 1]


def test_a_file_that_holds_text_but_is_skipped_counts_as_a_false_skip(tmp_path):
    # text elements a regular expression finds, in XML the reader rightly refuses
    broken = make_docx_xml("<w:p><w:r><w:t>Pupils read every evening with families</w:t></w:r>")
    (tmp_path / "broken.docx").write_bytes(broken)
    result = measure(tmp_path / "broken.docx", tmp_path)
    assert result.skipped.startswith("not a readable Word .docx document")
    assert result.false_skip and result.reached == 0.0
    assert run(tmp_path)[1]["false_skips"] == 1


def test_words_are_normalized_and_need_a_letter():
    assert words("Misﬁts 2012 x Ünïcode-words") == {"misfits", "ünïcode", "words"}
