"""nbgrader autograding time per submission, per assignment (for the instructor guide).

For each assignment in ``exercises/source/`` a temporary copy of the course is made, the
assignment is generated, ``SUBMISSIONS`` students hand in the instructor's solution, and
``nbgrader autograde`` grades them all in one run (as an instructor does after ``collect``),
timed from the command's start to its end. The table gives seconds per submission and what
60 students cost at that rate (autograde runs one notebook after another). ``--quick`` times
only the first two assignments.

The target is the guide's promise: one assignment for 60 students grades in under 10 minutes
on a 2-core server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._core import Row

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "exercises" / "source"
SUBMISSIONS = 3
CLASS_SIZE = 60
TARGET_CLASS_S = 600.0


def _nbgrader(course: Path, *args: str) -> None:
    exe = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [str(exe), *args], cwd=course, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stderr[-2000:]}")


def autograde_seconds(assignment_dir: Path, *, submissions: int = SUBMISSIONS) -> float:
    """Seconds for one ``nbgrader autograde`` run over ``submissions`` correct submissions."""
    with tempfile.TemporaryDirectory(prefix="qie-grading-") as scratch:
        course = Path(scratch) / "course"
        (course / "source").mkdir(parents=True)
        shutil.copy2(ROOT / "exercises" / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copytree(assignment_dir, course / "source" / assignment_dir.name)
        name = assignment_dir.name
        students = [f"student{i}" for i in range(submissions)]
        for student in students:
            _nbgrader(course, "db", "student", "add", student)
        _nbgrader(course, "generate_assignment", name, "--force")
        for student in students:
            target = course / "submitted" / student / name
            target.mkdir(parents=True)
            for notebook in assignment_dir.glob("*.ipynb"):
                shutil.copy2(notebook, target / notebook.name)
            (target / "timestamp.txt").write_text("2026-01-01 12:00:00.000000 UTC")
        start = time.perf_counter()
        _nbgrader(course, "autograde", name, "--force")
        return time.perf_counter() - start


def run(quick: bool) -> list[Row]:
    assignments = sorted(p for p in SOURCE.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
    if quick:
        assignments = assignments[:2]
    rows = []
    for assignment in assignments:
        seconds = autograde_seconds(assignment)
        per_submission = seconds / SUBMISSIONS
        class_seconds = per_submission * CLASS_SIZE
        rows.append(
            Row(
                "grading",
                f"autograde {assignment.name}: s per submission",
                per_submission,
                "s",
                f"{CLASS_SIZE} students: {class_seconds / 60:.1f} min (< 10 min)",
                class_seconds < TARGET_CLASS_S,
            )
        )
    return rows
