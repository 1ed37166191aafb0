"""The code base is ruff-clean (lint and format), checked as part of the suite."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(exe).exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True)


# Everything with code in it: the library, its tests and benchmarks, the course notebooks,
# the exercises (instructor sources and learner copies) and the book's helpers.
PATHS = ("qinternet_edu", "tests", "bench", "notebooks", "exercises", "book", "conftest.py")


def test_ruff_lint_is_clean():
    result = _ruff("check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _ruff("format", "--check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr
