"""The command line: python -m timeline.temporal --dct DATE [FILE] prints JSON; bad input exits 2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline.temporal", *args], input=stdin, capture_output=True, cwd=REPO, timeout=60
    )


def test_reads_stdin_and_prints_a_json_array():
    result = run("--dct", "2019-01-24", stdin="Talks would be held in late February, he said on Wednesday.".encode())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(d["text"], d["value"], d["mod"]) for d in data] == [
        ("late February", "2019-02", "END"),
        ("Wednesday", "2019-01-23", None),
    ]
    assert data[0] == {
        "start": 23, "end": 36, "text": "late February", "type": "DATE", "value": "2019-02", "mod": "END",
        "earliest": "2019-02-19", "latest": "2019-02-28", "precision": "month",
    }


def test_reads_a_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Kim wrote last June – and Trump answered «on Thursday».", encoding="utf-8")
    result = run("--dct", "2019-01-24", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(d["text"], d["value"]) for d in data] == [("last June", "2018-06"), ("Thursday", "2019-01-24")]


def test_empty_input_gives_an_empty_array():
    result = run("--dct", "2019-01-24")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("dct", ["2019-13-01", "yesterday", "24/01/2019", ""])
def test_bad_dct_is_a_usage_error(dct):
    result = run("--dct", dct, stdin=b"on Monday")
    assert result.returncode == 2
    assert b"--dct" in result.stderr and b"YYYY-MM-DD" in result.stderr
    assert result.stdout == b""


def test_missing_dct_is_a_usage_error():
    result = run(stdin=b"on Monday")
    assert result.returncode == 2
    assert b"--dct" in result.stderr


def test_unreadable_file_is_a_usage_error(tmp_path):
    result = run("--dct", "2019-01-24", str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert b"cannot read" in result.stderr and b"missing.txt" in result.stderr


def test_a_directory_is_a_usage_error(tmp_path):
    result = run("--dct", "2019-01-24", str(tmp_path))
    assert result.returncode == 2
    assert b"cannot read" in result.stderr


@pytest.mark.parametrize("data", [b"\xff\xfe on Monday", "on Monday".encode("utf-16")])
def test_non_utf8_input_is_a_usage_error(tmp_path, data):
    path = tmp_path / "latin.txt"
    path.write_bytes(data)
    from_file = run("--dct", "2019-01-24", str(path))
    from_stdin = run("--dct", "2019-01-24", stdin=data)
    for result in (from_file, from_stdin):
        assert result.returncode == 2
        assert b"not UTF-8" in result.stderr
