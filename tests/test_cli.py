"""The `eduqa` command: output shapes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import QA_PAGE

from eduqa.cli import main

QUESTION = "Which model addresses non-academic barriers to learning in the United States?"


@pytest.fixture
def built(corpus_dir, tmp_path, capsys):
    index = tmp_path / "index"
    assert main(["build", "--corpus", str(corpus_dir), "--index", str(index), "--model", "hash", "--quiet"]) == 0
    capsys.readouterr()
    return corpus_dir, index


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("eduqa: error: ")
    assert "Traceback" not in captured.err
    return lines[0]


def test_build_json_prints_one_summary_object(corpus_dir, tmp_path, capsys):
    args = ["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "ix"), "--model", "hash", "--json"]
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 2 and summary["added"] == 2
    assert summary["passages"] == summary["embedded"] > 20
    assert summary["skipped"] == [] and summary["seconds"] >= 0

    assert main(args) == 0  # nothing changed: nothing embedded
    again = json.loads(capsys.readouterr().out)
    assert again["up_to_date"] is True and again["embedded"] == 0 and again["unchanged"] == 2


def test_build_reports_counts_and_time_for_people(corpus_dir, tmp_path, capsys):
    assert main(["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "ix"), "--model", "hash",
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Indexed 2 documents (2 new, 0 changed, 0 removed, 0 unchanged):")
    assert " s -> " in out


def test_ask_json_has_question_answer_and_cited_hits(built, capsys):
    corpus, index = built
    assert main(["ask", QUESTION, "--index", str(index), "--corpus", str(corpus), "--k", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["question"] == QUESTION
    assert "Community Collaboration Model" in result["answer"]
    assert len(result["hits"]) == 3
    first = result["hits"][0]
    assert {"id", "text", "score", "citation"} <= set(first)
    assert set(first["citation"]) >= {"title", "source", "section", "url", "page", "start", "end"}


def test_ask_prints_answer_and_numbered_sources(built, capsys):
    corpus, index = built
    assert main(["ask", QUESTION, "--index", str(index), "--corpus", str(corpus), "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert "Community Collaboration Model (CCM)" in out.split("Sources:")[0]
    assert "[1] " in out and "[2] " in out and QA_PAGE in out


def test_ask_warns_when_the_corpus_changed(built, capsys):
    corpus, index = built
    (corpus / "new.md").write_text("# New\n\nNew content.\n")
    assert main(["ask", QUESTION, "--index", str(index), "--corpus", str(corpus), "--json"]) == 0
    err = capsys.readouterr().err
    assert "the corpus has changed since the index was built (new: new.md)" in err


def test_empty_question_is_one_line_error(built, capsys):
    assert main(["ask", "  ", "--index", str(built[1])]) == 1
    assert one_error_line(capsys) == "eduqa: error: the question is empty"


def test_missing_index_says_to_run_build(tmp_path, capsys):
    assert main(["ask", "What is CCM?", "--index", str(tmp_path / "nowhere")]) == 1
    assert "run `eduqa build`" in one_error_line(capsys)


def test_index_built_with_another_model_is_one_line_error(built, capsys):
    assert main(["ask", "What is CCM?", "--index", str(built[1]), "--model", "all-MiniLM-L6-v2"]) == 1
    assert "was built with model 'hash', not 'all-MiniLM-L6-v2'" in one_error_line(capsys)


def test_empty_corpus_is_one_line_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    args = ["build", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "ix"), "--model", "hash"]
    assert main(args) == 1
    assert "nothing to index" in one_error_line(capsys)


def test_missing_corpus_folder_is_one_line_error(tmp_path, capsys):
    args = ["build", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"), "--model", "hash"]
    assert main(args) == 1
    assert "does not exist" in one_error_line(capsys)


def test_corrupt_index_is_one_line_error(built, capsys):
    (built[1] / "manifest.json").write_text("[]")
    assert main(["ask", "What is CCM?", "--index", str(built[1])]) == 1
    assert "rebuild with `eduqa build`" in one_error_line(capsys)


def test_python_dash_m_runs_the_cli_without_tracebacks(tmp_path):
    version = subprocess.run([sys.executable, "-m", "eduqa", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("eduqa ")
    failed = subprocess.run(
        [sys.executable, "-m", "eduqa", "ask", "hello", "--index", str(tmp_path / "none")],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("eduqa: error: no index at") and "Traceback" not in failed.stderr
